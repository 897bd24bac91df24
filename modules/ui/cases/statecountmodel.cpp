#include "ui/cases/statecountmodel.h"

#include "session/sessionthread.h"
#include "session/whenfinished.h"
#include "ui/cases/queuetabs.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QPalette>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

// Row 0 is "all states"; rows 1.. are the states after CaseState::None, in workflow order.
constexpr int FirstStateRow = 1;
constexpr int RowTotal = FirstStateRow + CaseStateCount - 1;

} // namespace

StateCountModel::StateCountModel(SessionThread *session, QObject *parent)
    : QAbstractTableModel(parent)
    , mSession(session)
{}

void StateCountModel::setQuery(const CaseQuery &query)
{
    mQuery = query;
    mQuery.states.clear();
    mQuery.after.reset();
    ++mEpoch;
    refresh();
}

void StateCountModel::refresh()
{
    // One count at a time: refreshes asked meanwhile (a burst of store changes) make one more.
    if (mInFlight) {
        mPending = true;
        return;
    }
    mInFlight = true;
    const int epoch = mEpoch;
    auto counts = mSession->run([query = mQuery](Session &session) mutable -> Result<QHash<CaseState, int>> {
        QueueTabs::rebase(query, session.clock().now());
        return session.store().countByState(query);
    });
    whenFinished(counts, this, [this, epoch](Result<QHash<CaseState, int>> result) {
        mInFlight = false;
        const bool current = epoch == mEpoch;
        if (std::exchange(mPending, false) || !current)
            refresh();
        if (!current)
            return;
        if (!result) {
            Q_EMIT loadFailed(result.errorMessage());
            return;
        }
        mCounts = std::move(result).value();
        mHasCounts = true;
        Q_EMIT dataChanged(index(0, 0), index(RowTotal - 1, ColumnCount - 1));
        Q_EMIT countsChanged();
    });
}

int StateCountModel::total() const
{
    int sum = 0;
    for (int n : mCounts)
        sum += n;
    return sum;
}

std::optional<CaseState> StateCountModel::stateAt(int row) const
{
    if (row < FirstStateRow || row >= RowTotal)
        return std::nullopt;
    return CaseState(row - FirstStateRow + 1);
}

int StateCountModel::rowOf(std::optional<CaseState> state) const
{
    if (!state || *state == CaseState::None)
        return 0;
    return int(*state) - 1 + FirstStateRow;
}

int StateCountModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : RowTotal;
}

int StateCountModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StateCountModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const std::optional<CaseState> state = stateAt(index.row());
    const int n = state ? count(*state) : total();
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == StateColumn)
            return state ? stateLabel(*state) : tr("All states");
        return mHasCounts ? QVariant(n) : QVariant(u"…"_s);
    case StateRole:
        return state ? int(*state) : -1;
    case CountRole:
        return n;
    case Qt::TextAlignmentRole:
        if (index.column() == CountColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::FontRole:
        if (!state) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (mHasCounts && state && n == 0)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        return {};
    default:
        return {};
    }
}

QVariant StateCountModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return section == StateColumn ? tr("State") : tr("Cases");
}

} // namespace cg
