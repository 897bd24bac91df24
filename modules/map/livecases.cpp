#include "map/livecases.h"

#include "map/caselayer.h"
#include "map/whenready.h"

#include <QSet>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace cg {

CasePoints::Input caseMapInput(const CaseRecord &c, const QDateTime &now)
{
    CasePoints::Input in;
    in.id = c.id;
    in.grid = c.grid.isNull() ? 0 : c.grid.text().toLongLong();
    in.lon = c.longitude;
    in.lat = c.latitude;
    in.state = uint8_t(c.state);
    if (c.isOpen())
        in.flags |= CasePoints::Open;
    if (c.isStepOverdue(now) || c.isHandlingOverdue(now))
        in.flags |= CasePoints::Overdue;
    if (c.keySupervision)
        in.flags |= CasePoints::KeySupervision;
    return in;
}

namespace {

bool inScope(const CaseRecord &c, const CaseQuery &scope)
{
    if (scope.unitId && c.unitId != scope.unitId)
        return false;
    if (!scope.scope.isNull() && (c.community.isNull() || !scope.scope.covers(c.community)))
        return false;
    return true;
}

} // namespace

Result<CaseChanges> readCaseChanges(CaseRepository &cases, qint64 lastSeenId, const CaseQuery &scope,
                                    const QDateTime &now, int limit)
{
    auto feed = cases.changesSince(lastSeenId, limit);
    if (!feed)
        return feed.error();
    CaseChanges changes;
    changes.lastChangeId = lastSeenId;
    changes.feedEntries = int(feed->size());
    changes.more = feed->size() >= limit;
    QList<qint64> order;
    QSet<qint64> seen;
    for (const ChangeEntry &e : std::as_const(*feed)) {
        changes.lastChangeId = std::max(changes.lastChangeId, e.id);
        if (!seen.contains(e.caseId)) {
            seen.insert(e.caseId);
            order.append(e.caseId);
        }
    }
    for (qint64 id : std::as_const(order)) {
        auto record = cases.findCase(id);
        if (!record) {
            if (record.errorCode() == ErrorCode::NotFound) { // gone, or hidden from this login
                changes.removed.push_back(id);
                continue;
            }
            return record.error();
        }
        if (!inScope(*record, scope) || (record->longitude == 0 && record->latitude == 0))
            changes.removed.push_back(id);
        else
            changes.upserts.push_back(caseMapInput(*record, now));
    }
    return changes;
}

LiveCases::LiveCases(CaseLayer *layer, Fetch fetch, QObject *parent)
    : QObject(parent)
    , mLayer(layer)
    , mFetch(std::move(fetch))
    , mMerge(new QTimer(this))
{
    mMerge->setSingleShot(true);
    mMerge->setInterval(100);
    connect(mMerge, &QTimer::timeout, this, &LiveCases::fetchNow);
}

LiveCases::~LiveCases() = default;

void LiveCases::setMergeInterval(int milliseconds)
{
    mMerge->setInterval(milliseconds);
}

void LiveCases::setBaseline(std::shared_ptr<const CasePoints> cases, qint64 lastChangeId)
{
    mCases = std::move(cases);
    mLastChangeId = lastChangeId;
    mHasBaseline = true;
    ++mGeneration;
    mFetching = false;
    if (mLayer)
        mLayer->setData(mCases);
    // Changes committed after the baseline was read but signalled before it arrived.
    if (mPending) {
        mPending = false;
        storeChanged();
    }
}

void LiveCases::storeChanged()
{
    if (!mHasBaseline || mFetching) {
        mPending = true;
        return;
    }
    if (!mMerge->isActive())
        mMerge->start();
}

void LiveCases::fetchNow()
{
    if (mFetching || !mHasBaseline)
        return;
    mFetching = true;
    mPending = false;
    ++mFetches;
    const quint64 generation = mGeneration;
    whenReady(this, mFetch(mLastChangeId), [this, generation](const Result<CaseChanges> &changes) {
        if (generation != mGeneration)
            return; // a new baseline replaced what this was based on
        applied(changes);
    });
}

void LiveCases::applied(const Result<CaseChanges> &changes)
{
    mFetching = false;
    if (!changes) {
        Q_EMIT updateFailed(changes.errorMessage());
    } else {
        mLastChangeId = std::max(mLastChangeId, changes->lastChangeId);
        if (!changes->upserts.empty() || !changes->removed.empty()) {
            mCases = mCases ? mCases->withChanges(changes->upserts, changes->removed) : [&] {
                CasePoints::Builder b;
                for (const CasePoints::Input &in : changes->upserts)
                    b.add(in);
                return b.build();
            }();
            QList<qint64> ids;
            for (const CasePoints::Input &in : changes->upserts)
                ids.append(in.id);
            for (qint64 id : changes->removed)
                ids.append(id);
            if (mLayer)
                mLayer->setData(mCases); // bumps the case layer's revision only
            Q_EMIT casesChanged(mCases, ids);
        }
        if (changes->more) {
            fetchNow();
            return;
        }
    }
    if (mPending) {
        mPending = false;
        storeChanged();
    }
}

} // namespace cg
