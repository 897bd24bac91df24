#pragma once

#include "store/sqldialect.h"

#include <QStringList>

namespace cg {

// The SQL of the evaluation facts (migrations 3 and 6), shared by the triggers that keep them up to date with
// every case event and by the full rebuild, so that both count exactly alike (docs/indicators.md, "Daily
// facts").

// Which rows the fact SQL writes. Daily: migration 3's, one row per (kind, day, subject). GridMonths
// (migration 6 on): also the unit grids' monthly rows, kind 'grid_month', whose day is the month's first
// Beijing day, so that a month of the city's 40,000 grids reads 40,000 rows instead of a million daily ones.
// GridMonthsViaDeltas (migration 7 on, PostgreSQL's trigger): the same rows, but each event's case is read by
// id and by its partition key (case_events.case_reported_at), so that one month partition is read, and the
// trigger appends them to eval_fact_deltas instead of updating eval_facts: concurrent writers never wait for
// each other on a district's row of the day. cg_fold_eval_facts() adds the deltas to eval_facts (before every
// evaluation, and once a minute).
enum class EvaluationFacts { Daily, GridMonths, GridMonthsViaDeltas };

// The counter columns of eval_facts, in IndicatorCounts order (overdue_open is computed from eval_handling).
const QStringList &evaluationCounterColumns();

// SELECT day, kind, subject, <counters> ... grouped by (day, kind, subject): the facts that the events of
// `eventSource` add. `eventSource` is a table or subquery with case_events' columns, aliased by the caller's
// text as e (e.g. "case_events" or "(SELECT NEW.id AS id, ...)"). Given `actions`, the parts of the union
// that count none of them are left out (a smaller plan for a trigger that knows its event's action), and the
// SELECT is right for events of those actions only; empty: every action.
QString evaluationFactsSelect(SqlEngine engine, const QString &eventSource,
                              EvaluationFacts facts = EvaluationFacts::GridMonths,
                              const QStringList &actions = {});

// The upsert that adds evaluationFactsSelect(eventSource, facts, actions) to eval_facts.
QString evaluationFactsUpsert(SqlEngine engine, const QString &eventSource,
                              EvaluationFacts facts = EvaluationFacts::GridMonths,
                              const QStringList &actions = {});

// The PostgreSQL trigger function of case_events writing `facts`, as CREATE OR REPLACE (owner and grants
// stay), for a migration that changes the facts' SQL.
QString evaluationPgTriggerFunction(EvaluationFacts facts);

// CREATE FUNCTION cg_fold_eval_facts(): moves every committed row of eval_fact_deltas into eval_facts (one
// folder at a time) and returns how many fact rows it wrote (PostgreSQL, migration 7).
QString evaluationPgFoldFunction();

// Statements that rebuild eval_facts and eval_handling from every case event (one transaction, the caller's).
QStringList evaluationRebuildStatements(SqlEngine engine);

// Statements that (re)write the unit grids' monthly rows from their daily rows (migration 6, and whatever
// writes daily grid facts in bulk); the caller's transaction.
QStringList evaluationGridMonthBackfill(SqlEngine engine);

// The Beijing day number of the first day of the month of a Beijing day number expression.
QString evaluationMonthStartExpression(SqlEngine engine, const QString &dayExpression);

// A Beijing day number (days since 1970-01-01 in UTC+8) of a millisecond timestamp expression.
QString evaluationDayExpression(SqlEngine engine, const QString &msExpression);

} // namespace cg
