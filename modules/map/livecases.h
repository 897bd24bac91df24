#pragma once

#include "core/repositories.h"
#include "map/casepoints.h"

#include <QDateTime>
#include <QFuture>
#include <QObject>

#include <functional>
#include <memory>
#include <vector>

class QTimer;

namespace cg {

class CaseLayer;

// The map's input for one case: position, state and the flags the symbols show.
CasePoints::Input caseMapInput(const CaseRecord &record, const QDateTime &now);

// What changed in the store after a change-feed id: the changed cases only.
struct CaseChanges
{
    std::vector<CasePoints::Input> upserts; // changed or new cases in scope, with a position
    std::vector<qint64> removed;            // changed cases now out of scope or without a position
    qint64 lastChangeId = 0;                // the last feed entry read
    bool more = false;                      // the feed holds more after lastChangeId (read again)
    int feedEntries = 0;
};

// Store thread: reads the change feed after `lastSeenId` (at most `limit` entries) and then each changed case
// once (a case changed 20 times in the burst is read once). `scope` is the map's scope query (scope node or
// unit); a case outside it, or that the store no longer shows to this login, is "removed".
Result<CaseChanges> readCaseChanges(CaseRepository &cases, qint64 lastSeenId, const CaseQuery &scope,
                                    const QDateTime &now, int limit = 5000);

// Keeps the case layer (and whoever listens to casesChanged) in step with the store's change feed: on
// storeChanged() it asks `fetch` (which runs readCaseChanges on the store thread) for the changes after the
// last feed id it applied, applies them to the current CasePoints (CasePoints::withChanges: the changed cases
// only) and hands the result to the case layer, so only that layer's cached image goes stale. Bursts are
// merged: signals within `mergeMs` make one fetch, signals during a fetch one more after it; an update that
// changes nothing draws nothing. GUI thread.
class LiveCases : public QObject
{
    Q_OBJECT
public:
    using Fetch = std::function<QFuture<Result<CaseChanges>>(qint64 lastSeenId)>;

    LiveCases(CaseLayer *layer, Fetch fetch, QObject *parent = nullptr);
    ~LiveCases() override;

    // After a full load: the cases and the feed id read just before them (SqlStore::lastChangeId()).
    void setBaseline(std::shared_ptr<const CasePoints> cases, qint64 lastChangeId);
    const std::shared_ptr<const CasePoints> &cases() const { return mCases; }
    qint64 lastChangeId() const { return mLastChangeId; }
    void setMergeInterval(int milliseconds);
    int fetchCount() const { return mFetches; }
    bool isFetching() const { return mFetching; }

public Q_SLOTS:
    // Connect SessionThread::storeChanged here.
    void storeChanged();

Q_SIGNALS:
    // The cases after an update that changed something (for the heat map, choropleth and hit tests).
    void casesChanged(std::shared_ptr<const cg::CasePoints> cases, QList<qint64> changedIds);
    void updateFailed(const QString &message);

private:
    void fetchNow();
    void applied(const Result<CaseChanges> &changes);

    CaseLayer *mLayer;
    Fetch mFetch;
    QTimer *mMerge;
    std::shared_ptr<const CasePoints> mCases;
    qint64 mLastChangeId = 0;
    bool mHasBaseline = false;
    bool mFetching = false;
    bool mPending = false;
    int mFetches = 0;
    quint64 mGeneration = 0; // a new baseline makes fetches in flight stale
};

} // namespace cg
