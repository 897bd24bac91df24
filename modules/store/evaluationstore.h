#pragma once

#include "core/evaluationquery.h"
#include "core/majorevent.h"
#include "store/sqlstore.h"

#include <QElapsedTimer>

#include <optional>

namespace cg {

// EvaluationRepository and the major events over a SqlStore, on SQLite and PostgreSQL alike. The daily facts
// are written by the store's triggers with every case event (schema_evaluation.cpp); this class reads them.
// It uses the store's connection, so it belongs to the store's thread.
class EvaluationStore
    : public EvaluationRepository
    , public MajorEventSource
{
public:
    explicit EvaluationStore(SqlStore &store);

    Result<QList<EvaluationRow>> evaluate(const EvaluationQuery &query) override;
    Result<QList<qint64>> casesOf(const EvaluationQuery &query, const QString &subject,
                                  int limit = 500) override;
    Result<ScoreWeights> weights(ScoreKind kind) override;
    Status setWeights(ScoreKind kind, const ScoreWeights &weights) override;
    Status resetWeights(ScoreKind kind) override;
    Status recomputeFacts() override;

    // Every subject's counts of `kind` in `period`, unranked and unscored (reports, checks).
    Result<QList<EvaluationRow>> counts(const EvaluationQuery &query);

    // PostgreSQL: adds the facts that the latest events appended to eval_fact_deltas into eval_facts (the
    // evaluation does it first; SessionThread once a minute). Returns the fact rows written; 0 on SQLite.
    Result<int> foldPendingFacts();

    // Major events (administrators add and end them; CaseService reads them).
    Result<MajorEvent> addMajorEvent(MajorEvent event);
    Result<QList<MajorEvent>> majorEvents(bool includeEnded = true);
    // Ends an event early, at `at` (not before its start). NotFound for an unknown id.
    Status endMajorEvent(qint64 id, const QDateTime &at);
    // Every report reads the events of its time. The events that have not ended by then are read once and
    // kept for `liveEventsMs` of wall time, for reports at that time or later: events this store adds or
    // ends count at once, those of other connections within that time (a second by default; 0: every call
    // reads the store).
    Result<QList<MajorEvent>> majorEventsAt(const QDateTime &at) override;
    void setLiveEventsInterval(int ms) { mLiveEventsMs = ms; }

private:
    Result<QList<EvaluationRow>> rowsOf(const EvaluationQuery &query, const Period &period,
                                        const QDateTime &asOf);
    Result<QSqlQuery> run(const QString &sql, const QVariantList &values, const QString &what);
    Result<QList<MajorEvent>> readEvents(const QString &where, const QVariantList &values);

    SqlStore &mStore;
    struct LiveEvents
    {
        QList<MajorEvent> events; // those not ended by `from`, in majorEvents() order
        QDateTime from;
        QElapsedTimer age;
    };
    std::optional<LiveEvents> mLiveEvents;
    int mLiveEventsMs = 1000;
};

} // namespace cg
