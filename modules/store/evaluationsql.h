#pragma once

#include "store/sqldialect.h"

#include <QStringList>

namespace cg {

// The SQL of the evaluation facts (migration 3), shared by the triggers that keep them up to date with every
// case event and by the full rebuild, so that both count exactly alike (docs/indicators.md, "Daily facts").

// The counter columns of eval_facts, in IndicatorCounts order (overdue_open is computed from eval_handling).
const QStringList &evaluationCounterColumns();

// SELECT day, kind, subject, <counters> ... grouped by (day, kind, subject): the facts that the events of
// `eventSource` add. `eventSource` is a table or subquery with case_events' columns, aliased by the caller's
// text as e (e.g. "case_events" or "(SELECT NEW.id AS id, ...)").
QString evaluationFactsSelect(SqlEngine engine, const QString &eventSource);

// The upsert that adds evaluationFactsSelect(eventSource) to eval_facts.
QString evaluationFactsUpsert(SqlEngine engine, const QString &eventSource);

// Statements that rebuild eval_facts and eval_handling from every case event (one transaction, the caller's).
QStringList evaluationRebuildStatements(SqlEngine engine);

// A Beijing day number (days since 1970-01-01 in UTC+8) of a millisecond timestamp expression.
QString evaluationDayExpression(SqlEngine engine, const QString &msExpression);

} // namespace cg
