#include "ui/cases/queuetabmodel.h"

#include "session/sessionthread.h"
#include "session/whenfinished.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

QueueTabModel::QueueTabModel(SessionThread *session, QObject *parent)
    : QAbstractListModel(parent)
    , mSession(session)
{}

void QueueTabModel::setActor(const Actor &actor)
{
    mActor = actor;
    mLatest->store(++mEpoch);
}

void QueueTabModel::setFilter(const CaseFilter &filter)
{
    mFilter = filter;
    mFilter.tab = QueueTab::All;
    mFilter.state.reset();
    mLatest->store(++mEpoch); // a count in flight for the old filter stops
    refresh();
}

void QueueTabModel::refresh()
{
    if (mInFlight) {
        mPending = true;
        return;
    }
    mInFlight = true;
    const int epoch = mEpoch;
    auto work = [actor = mActor, filter = mFilter, latest = mLatest,
                 epoch](Session &session) -> Result<std::array<int, QueueTabCount>> {
        std::array<int, QueueTabCount> counts{};
        const QDateTime now = session.clock().now();
        // Cases per state once; the tabs that are only states add those up.
        CaseQuery base = CaseQueueModel::queryOf(actor, filter, now);
        base.states.clear();
        auto byState = session.store().countByState(base);
        if (!byState)
            return byState.error();
        for (int t = 0; t < QueueTabCount; ++t) {
            if (latest->load() != epoch)
                return makeError(ErrorCode::Storage, u"superseded"_s); // a newer question is waiting
            CaseFilter f = filter;
            f.tab = QueueTab(t);
            CaseQuery query = CaseQueueModel::queryOf(actor, f, now);
            const bool onlyStates = !query.orExtensionPending && !query.overdueOnly &&
                                    !query.dueBefore.isValid() && !query.keySupervision && !query.hardCase;
            int sum = 0;
            if (onlyStates) {
                for (auto it = byState->cbegin(); it != byState->cend(); ++it) {
                    if (query.states.isEmpty() || query.states.contains(it.key()))
                        sum += it.value();
                }
            } else {
                query.statesInCounts = true;
                auto n = session.store().countByState(query);
                if (!n)
                    return n.error();
                for (int v : std::as_const(*n))
                    sum += v;
            }
            counts[size_t(t)] = sum;
        }
        return counts;
    };
    whenFinished(mSession->run(std::move(work)), this,
                 [this, epoch](Result<std::array<int, QueueTabCount>> result) {
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
                     const bool changed = !mHasCounts || *result != mCounts;
                     mCounts = *result;
                     mHasCounts = true;
                     if (changed) {
                         Q_EMIT dataChanged(index(0), index(QueueTabCount - 1));
                         Q_EMIT countsChanged();
                     }
                     Q_EMIT refreshed();
                 });
}

QString QueueTabModel::text(QueueTab tab) const
{
    if (!mHasCounts)
        return QueueTabs::label(tab);
    return tr("%1 (%2)").arg(QueueTabs::label(tab)).arg(count(tab));
}

int QueueTabModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : QueueTabCount;
}

QVariant QueueTabModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QueueTab tab = QueueTab(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return text(tab);
    case Qt::ToolTipRole:
        return QueueTabs::toolTip(tab);
    case TabRole:
        return index.row();
    case CountRole:
        return mHasCounts ? QVariant(count(tab)) : QVariant();
    case NameRole:
        return QueueTabs::name(tab);
    default:
        return {};
    }
}

} // namespace cg
