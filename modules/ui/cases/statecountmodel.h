#pragma once

#include "core/repositories.h"

#include <QAbstractTableModel>
#include <QHash>

#include <optional>

namespace cg {

class SessionThread;

// Cases per state for a queue's scope and filters (the state filter aside): one fixed row for all states and
// one per state, counted in SQL (countByState) in the store thread.
class StateCountModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StateColumn, CountColumn, ColumnCount };
    enum DataRole { StateRole = Qt::UserRole + 1, CountRole }; // StateRole: int(CaseState), -1 for "all"

    explicit StateCountModel(SessionThread *session, QObject *parent = nullptr);

    void setQuery(const CaseQuery &query); // counts again
    void refresh();
    // Counting may run on a connection of its own (SessionThread), so that long counts never hold up pages.
    void setSession(SessionThread *session) { mSession = session; }
    bool hasCounts() const { return mHasCounts; }

    int count(CaseState state) const { return mCounts.value(state); }
    int total() const;
    std::optional<CaseState> stateAt(int row) const; // nullopt for the "all" row
    int rowOf(std::optional<CaseState> state) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void countsChanged();
    void loadFailed(const QString &message);

private:
    SessionThread *mSession;
    CaseQuery mQuery;
    QHash<CaseState, int> mCounts;
    bool mHasCounts = false;
    int mEpoch = 0;         // bumps with the query: answers to older ones are dropped
    bool mInFlight = false; // a count runs in the store thread
    bool mPending = false;  // refresh() was called meanwhile
};

} // namespace cg
