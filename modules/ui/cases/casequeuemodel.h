#pragma once

#include "core/casetypes.h"
#include "core/repositories.h"
#include "ui/cases/casedirectory.h"
#include "ui/cases/queuetabs.h"

#include <QAbstractTableModel>
#include <QDateTime>

#include <memory>
#include <optional>

namespace cg {

class SessionThread;

// The filters a person sets on a queue; the actor's scope is added by the model and cannot be removed.
struct CaseFilter
{
    std::optional<CaseState> state;  // nullopt: every state
    std::optional<Step> overdueStep; // only cases late in this step
    bool overdueOnly = false;        // only cases late in their current step, whichever it is
    QString search;                  // number, address or description contains
    QueueTab tab = QueueTab::All;    // the queue: a preset the fields above and below narrow
    std::optional<CatalogueKey> classKey;
    JurisdictionCode place; // a street (or district, community) inside the actor's scope
    qint64 unitId = 0;      // dispatched to this unit
    std::optional<CaseSource> source;
    std::optional<Priority> priority;
    QDateTime reportedFrom;   // reported at or after (UTC)
    QDateTime reportedBefore; // reported before (UTC)
    CaseQuery::Order order = CaseQuery::Order::Newest;

    friend bool operator==(const CaseFilter &, const CaseFilter &) = default;
};

// A queue of cases, newest first, loaded in pages through the store thread (keyset cursor: canFetchMore /
// fetchMore). Every filter runs in SQL. refresh() re-reads the loaded rows after the store changed and
// applies the difference as row removals, insertions and data changes, so views keep their selection and
// scroll position.
class CaseQueueModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NumberColumn,
        StateColumn,
        StepColumn,
        ClassColumn,
        PlaceColumn,
        SourceColumn,
        ReportedColumn,
        UnitColumn,
        ColumnCount
    };
    enum DataRole { CaseIdRole = Qt::UserRole + 1, StateRole, DeadlineLightRole };

    explicit CaseQueueModel(SessionThread *session, QObject *parent = nullptr);

    void setActor(const Actor &actor);
    const Actor &actor() const { return mActor; }
    void setDirectory(std::shared_ptr<const CaseDirectory> directory);
    void setFilter(const CaseFilter &filter); // reloads when it changed
    const CaseFilter &filter() const { return mFilter; }
    void setPageSize(int rows) { mPageSize = std::max(1, rows); }
    int pageSize() const { return mPageSize; }

    // The query of the current filters and the actor's scope, without cursor.
    CaseQuery query() const;
    static CaseQuery scopeQuery(const Actor &actor);
    // The query of `filter` for `actor` at time `now` (the tab preset, then the person's filters).
    static CaseQuery queryOf(const Actor &actor, const CaseFilter &filter, const QDateTime &now);

    void reload();  // drops the rows and loads the first page
    void refresh(); // re-reads the loaded rows, keeping the rows of cases that are still there
    bool isLoading() const { return mBusy; }
    bool hasLoaded() const { return mLoaded; }
    QString errorString() const { return mError; }

    const CaseRecord &caseAt(int row) const { return mRows.at(row); }
    qint64 caseId(int row) const;
    int rowOfCase(qint64 caseId) const; // -1 if not loaded
    // After a language change: headers and texts again.
    void retranslate();
    // The reference time of the deadline lights; views call it now and then (the lights change with time).
    void setNow(const QDateTime &now);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void reloaded();   // the first page after reload() arrived
    void pageLoaded(); // a further page arrived
    void refreshed();  // a refresh() was applied
    void loadFailed(const QString &message);

private:
    void requestPage(bool first);
    void applyRefresh(const QList<CaseRecord> &rows);
    void finishRequest();

    SessionThread *mSession;
    Actor mActor;
    std::shared_ptr<const CaseDirectory> mDirectory;
    CaseFilter mFilter;
    int mPageSize = 200;

    QList<CaseRecord> mRows;
    std::optional<CaseQuery::Cursor> mNext;
    bool mLoaded = false;         // the first page of the current filters arrived
    bool mBusy = false;           // a request of the current epoch is in flight
    bool mRefreshPending = false; // refresh() was called while busy
    int mEpoch = 0;               // bumps on reload(): answers to older requests are dropped
    QString mError;
    QDateTime mNow;
};

} // namespace cg
