#include "store/evaluationsql.h"
#include "store/schema.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

// Migration 7: concurrent writers on PostgreSQL.
//
// 1. Every case event and change-feed row carries its case's reported_at (case_reported_at). Cases are
//    partitioned by month of reported_at, so a lookup by id alone probes every month's index (37 and more
//    partitions: ~0.3 ms each time). Each case action looked its case up that way twice in the evaluation
//    trigger and, on a station's connection, twice more in the row-level security of the event and its
//    change-feed row. With the partition key beside the id, each lookup reads one partition. The full
//    rebuild of the facts keeps joining by id alone (one pass over all cases).
// 2. The evaluation trigger appends its rows to eval_fact_deltas instead of updating eval_facts. Every action
//    in a district updated that district's row of the day (and its street's, community's, grid's), and held
//    the row lock until its commit: writers queued behind each other (Lock:transactionid in
//    pg_stat_activity). Appended rows lock nothing; cg_fold_eval_facts() adds them up.
// 3. The change feed's NOTIFY trigger goes: PostgreSQL serialises the commits of all transactions that notify
//    (one lock held through the commit's WAL flush), so it kept writers from sharing flushes. The store sends
//    the NOTIFY itself right after each commit (SqlStore::sendAnnouncements), in a transaction without WAL.
// SQLite has one writer at a time, so its triggers stay as they are; the columns are the same on both.
namespace {

// The rows of `table` (case_events, change_feed) that a station may see and write: those of the cases it
// sees, found by id and partition key.
QStringList stationPolicyByCaseKey(const QString &table)
{
    const QString theirCase =
        u"EXISTS (SELECT 1 FROM cases c WHERE c.id = %1.case_id AND c.reported_at = %1.case_reported_at)"_s
            .arg(table);
    return {u"DROP POLICY %1_in_scope ON %1"_s.arg(table),
            u"CREATE POLICY %1_in_scope ON %1 TO citygrid_station USING (%2) WITH CHECK (%2)"_s.arg(
                table, theirCase)};
}

// On SQLite: fills the key of the rows written before this migration.
QString sqliteFillCaseKey(const QString &table)
{
    return u"UPDATE %1 SET case_reported_at = (SELECT c.reported_at FROM cases c WHERE c.id = %1.case_id)"_s
        .arg(table);
}

} // namespace

MigrationSql concurrentWritersMigration()
{
    MigrationSql m;
    m.sqlite = {
        u"ALTER TABLE case_events ADD COLUMN case_reported_at INTEGER"_s,
        u"ALTER TABLE change_feed ADD COLUMN case_reported_at INTEGER"_s,
        // Events are append-only; the guard steps aside for the fill of the new column only.
        u"DROP TRIGGER case_events_no_update"_s,
        sqliteFillCaseKey(u"case_events"_s),
        uR"(CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
            BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END)"_s,
        sqliteFillCaseKey(u"change_feed"_s),
    };
    m.postgresql =
        QStringList{
            u"ALTER TABLE case_events ADD COLUMN case_reported_at bigint"_s,
            u"ALTER TABLE change_feed ADD COLUMN case_reported_at bigint"_s,
            u"ALTER TABLE case_events DISABLE TRIGGER case_events_no_update"_s,
            u"UPDATE case_events e SET case_reported_at = c.reported_at FROM cases c WHERE c.id = e.case_id"_s,
            u"ALTER TABLE case_events ENABLE TRIGGER case_events_no_update"_s,
            u"UPDATE change_feed f SET case_reported_at = c.reported_at FROM cases c WHERE c.id = f.case_id"_s,
            // The evaluation trigger reads the event's case by its key and appends deltas (the trigger stays;
            // CREATE OR REPLACE keeps the function's owner and grants).
            uR"(CREATE TABLE eval_fact_deltas (LIKE eval_facts INCLUDING DEFAULTS))"_s,
            evaluationPgTriggerFunction(EvaluationFacts::GridMonthsViaDeltas),
            evaluationPgFoldFunction(),
            uR"(REVOKE ALL ON FUNCTION cg_fold_eval_facts() FROM PUBLIC)"_s,
            uR"(GRANT EXECUTE ON FUNCTION cg_fold_eval_facts() TO citygrid_station)"_s,
            u"DROP TRIGGER change_feed_notify ON change_feed"_s,
            u"DROP FUNCTION cg_notify_case_change()"_s,
        } +
        stationPolicyByCaseKey(u"case_events"_s) + stationPolicyByCaseKey(u"change_feed"_s);
    return m;
}

} // namespace cg
