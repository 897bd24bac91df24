#pragma once

#include "core/casetypes.h"
#include "ui/cases/casequeuemodel.h"
#include "ui/cases/queuetabs.h"

#include <QAbstractListModel>

#include <array>
#include <atomic>
#include <memory>

namespace cg {

class SessionThread;

// The queue tabs with their case counts: one row per QueueTab, counted in SQL in the store thread for the
// actor's scope and the person's filters (the tab and the state aside). One job counts every tab: the tabs
// made of states share one grouped count; only the others (requests, overdue, near due, key supervision, hard
// cases, my tasks) have their own. Refreshes while a job runs are merged into one more job.
class QueueTabModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum DataRole { TabRole = Qt::UserRole + 1, CountRole, NameRole };

    explicit QueueTabModel(SessionThread *session, QObject *parent = nullptr);

    void setActor(const Actor &actor);
    void setFilter(const CaseFilter &filter); // counts again; tab and state are ignored
    void refresh();
    // Counting may run on a connection of its own (SessionThread), so that long counts never hold up pages.
    void setSession(SessionThread *session) { mSession = session; }
    bool hasCounts() const { return mHasCounts; }
    int count(QueueTab tab) const { return mCounts[size_t(tab)]; }
    // "To accept (12)"
    QString text(QueueTab tab) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void countsChanged(); // a count differs from before
    void refreshed();     // every answer, changed or not
    void loadFailed(const QString &message);

private:
    SessionThread *mSession;
    Actor mActor;
    CaseFilter mFilter;
    std::array<int, QueueTabCount> mCounts{};
    bool mHasCounts = false;
    bool mInFlight = false; // one count job at a time; refreshes meanwhile make one more
    bool mPending = false;
    int mEpoch = 0; // bumps when actor or filter change: older answers are dropped
    // The newest epoch, read by the store thread: a job for an older one stops early.
    std::shared_ptr<std::atomic<int>> mLatest = std::make_shared<std::atomic<int>>(0);
};

} // namespace cg
