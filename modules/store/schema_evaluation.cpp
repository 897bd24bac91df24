#include "store/evaluationsql.h"
#include "store/schema.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace cg {

// Evaluation (考核评价, migration 3). docs/indicators.md is the contract for what counts.
//
// - eval_facts: one row per (kind, Beijing day, subject) with the counters of IndicatorCounts. Kinds:
//   'person' (a user id), 'unit' (a responsible unit id), 'grid', 'community', 'street', 'district' (codes).
//   Every area level has its own rows, so that a month of streets or districts reads a few hundred rows.
// - Migration 6 adds kind 'grid_month': one row per unit grid and month (day: the month's first day),
//   written by the same SQL as the daily rows (eval_levels has the level), so that a month of a city's
//   40,000 grids reads 40,000 rows rather than a million (EvaluationStore splits a period into whole
//   months and days).
// - eval_handling: the handling tasks (one per dispatch) that are still open or were handled late; the
//   overdue-open count of a period is read from it.
// - Both are kept by triggers on case_events, in the transaction of the event, whoever writes it; the same
//   SQL rebuilds them from all events (EvaluationRepository::recomputeFacts).
// - eval_weights: the administrators' score weights; major_events: temporary key areas with tighter limits.

namespace {

// 'a', 'b', ...: a list of actions for IN ( ).
QString quotedList(const QStringList &actions)
{
    QStringList quoted;
    for (const QString &action : actions)
        quoted.append(u'\'' + action + u'\'');
    return quoted.join(u", "_s);
}

QString unitOf(SqlEngine engine, const QString &details)
{
    return engine == SqlEngine::Postgres ? u"((%1)::jsonb ->> 'unit_id')"_s.arg(details)
                                         : u"CAST(json_extract(%1, '$.unit_id') AS TEXT)"_s.arg(details);
}

QString when(const QString &condition, const QString &value = u"1"_s)
{
    return u"CASE WHEN %1 THEN %2 ELSE 0 END"_s.arg(condition, value);
}

// One SELECT of the union: day, kind, subject, then every counter (0 unless given).
QString branch(const QString &day, const QString &kind, const QString &subject,
               const QList<std::pair<QString, QString>> &counters, const QString &from)
{
    QStringList columns{day + u" AS day"_s, kind + u" AS kind"_s, subject + u" AS subject"_s};
    for (const QString &column : evaluationCounterColumns()) {
        QString value = u"0"_s;
        for (const auto &[name, expression] : counters) {
            if (name == column)
                value = expression;
        }
        columns.append(value + u" AS "_s + column);
    }
    return u"SELECT "_s + columns.join(u", "_s) + u' ' + from;
}

QString areaSubject(const QString &unitExpression, EvaluationFacts facts)
{
    if (facts == EvaluationFacts::Daily)
        return u"CASE l.kind WHEN 'unit' THEN %1 WHEN 'grid' THEN c.grid_code WHEN 'community' THEN "
               u"c.community_code WHEN 'street' THEN c.street_code ELSE c.district_code END"_s.arg(
                   unitExpression);
    return u"CASE l.kind WHEN 'unit' THEN %1 WHEN 'grid' THEN c.grid_code WHEN 'grid_month' THEN c.grid_code "
           u"WHEN 'community' THEN c.community_code WHEN 'street' THEN c.street_code ELSE c.district_code "
           u"END"_s.arg(unitExpression);
}

// The day column of an area branch: the grid's monthly rows hold the first day of the month.
QString areaDay(SqlEngine engine, const QString &day, EvaluationFacts facts)
{
    if (facts == EvaluationFacts::Daily)
        return day;
    return u"CASE WHEN l.kind = 'grid_month' THEN %1 ELSE %2 END"_s.arg(
        evaluationMonthStartExpression(engine, day), day);
}

QString lastDispatchJoin(const QString &comparison)
{
    return u"JOIN case_events d ON d.case_id = e.case_id AND d.seq = (SELECT max(x.seq) FROM case_events x "
           u"WHERE x.case_id = e.case_id AND x.seq %1 e.seq AND x.action = 'dispatch')"_s.arg(comparison);
}

bool viaDeltas(EvaluationFacts facts)
{
    return facts == EvaluationFacts::GridMonthsViaDeltas;
}

QString triggerEventSource(EvaluationFacts facts)
{
    return u"(SELECT NEW.id AS id, NEW.case_id AS case_id, NEW.seq AS seq, NEW.action AS action, "
           u"NEW.actor_id AS "
           u"actor_id, NEW.role AS role, NEW.at AS at, NEW.step_due_at AS step_due_at, NEW.on_time AS "
           u"on_time, "
           u"NEW.details AS details%1)"_s.arg(
               viaDeltas(facts) ? u", NEW.case_reported_at AS case_reported_at"_s : QString());
}

// The case of event `e` (alias c): by id, and from migration 7 on also by its partition key, so that
// PostgreSQL reads one month partition instead of probing them all.
QString caseOfEvent(const QString &event, EvaluationFacts facts)
{
    return viaDeltas(facts) ? u"c.id = %1.case_id AND c.reported_at = %1.case_reported_at"_s.arg(event)
                            : u"c.id = %1.case_id"_s.arg(event);
}

QString openDue()
{
    return u"CASE WHEN c.state = 'parked' THEN NULL ELSE c.handling_due_at END"_s;
}

// One SELECT of the fact union and the actions whose events it can count: an event of another action adds
// nothing through it.
struct FactBranch
{
    QStringList actions;
    QString select;
};

QList<FactBranch> factBranches(SqlEngine engine, const QString &eventSource, EvaluationFacts facts)
{
    auto day = [engine](const QString &ms) {
        return evaluationDayExpression(engine, ms);
    };
    const QString E = eventSource + u" e"_s;
    auto is = [](const QString &actions) {
        return u"e.action IN (%1)"_s.arg(actions);
    };
    const QString verify = is(u"'verify_confirmed', 'verify_not_found'"_s);
    const QString check = is(u"'check_pass', 'check_fail'"_s);
    const QString accept = is(u"'accept', 'reject', 'send_to_verify'"_s);
    const QString supervisorReport = u"(e.action IN ('report', 'self_dispose') AND e.role = 'supervisor')"_s;
    QList<FactBranch> branches;
    // The actor's own steps.
    const QStringList actorSteps{
        u"verify_confirmed"_s, u"verify_not_found"_s, u"check_pass"_s, u"check_fail"_s, u"accept"_s,
        u"reject"_s,           u"send_to_verify"_s,   u"file"_s,       u"dispatch"_s,   u"close"_s};
    branches.append({QStringList{u"report"_s, u"self_dispose"_s} + actorSteps,
                     branch(day(u"e.at"_s), u"'person'"_s, u"CAST(e.actor_id AS TEXT)"_s,
                            {{u"reports"_s, when(supervisorReport)},
                             {u"verify_due"_s, when(verify)},
                             {u"verify_on_time"_s, when(verify, u"e.on_time"_s)},
                             {u"check_due"_s, when(check)},
                             {u"check_on_time"_s, when(check, u"e.on_time"_s)},
                             {u"accept_due"_s, when(accept)},
                             {u"accept_on_time"_s, when(accept, u"e.on_time"_s)},
                             {u"filed"_s, when(u"e.action = 'file'"_s)},
                             {u"filed_on_time"_s, when(u"e.action = 'file'"_s, u"e.on_time"_s)},
                             {u"dispatch_due"_s, when(u"e.action = 'dispatch'"_s)},
                             {u"dispatched_on_time"_s, when(u"e.action = 'dispatch'"_s, u"e.on_time"_s)},
                             {u"closing_due"_s, when(u"e.action = 'close'"_s)},
                             {u"closed"_s, when(u"e.action = 'close'"_s)},
                             {u"closed_on_time"_s, when(u"e.action = 'close'"_s, u"e.on_time"_s)}},
                            u"FROM %1 WHERE e.actor_id IS NOT NULL AND (%2 OR e.action IN (%3))"_s.arg(
                                E, supervisorReport, quotedList(actorSteps)))});
    // A supervisor's report that was filed (or whose self-disposal was approved): on the day it was reported.
    branches.append(
        {{u"file"_s, u"approve_self_disposal"_s},
         branch(day(u"r.at"_s), u"'person'"_s, u"CAST(r.actor_id AS TEXT)"_s, {{u"reports_filed"_s, u"1"_s}},
                u"FROM %1 JOIN case_events r ON r.case_id = e.case_id AND r.seq = 1 "
                u"WHERE e.action IN ('file', 'approve_self_disposal') AND r.role = 'supervisor' "
                u"AND r.action IN ('report', 'self_dispose') AND r.actor_id IS NOT NULL"_s.arg(E))});
    // A filed case voided later: against the filing, on the day it was filed.
    branches.append({{u"approve_void"_s},
                     branch(day(u"f.at"_s), u"'person'"_s, u"CAST(f.actor_id AS TEXT)"_s,
                            {{u"filed_later_voided"_s, u"1"_s}},
                            u"FROM %1 JOIN case_events f ON f.case_id = e.case_id AND f.action = 'file' "
                            u"WHERE e.action = 'approve_void' AND f.actor_id IS NOT NULL"_s.arg(E))});
    // A return approved because the unit was wrong: against the dispatch, on the day it was dispatched.
    branches.append({{u"approve_return"_s},
                     branch(day(u"d.at"_s), u"'person'"_s, u"CAST(d.actor_id AS TEXT)"_s,
                            {{u"dispatched_wrong_unit"_s, u"1"_s}},
                            u"FROM %1 %2 WHERE e.action = 'approve_return' AND d.actor_id IS NOT NULL"_s.arg(
                                E, lastDispatchJoin(u"<"_s)))});
    // Where the case lies, before any dispatch: reports and filings.
    const QStringList intake{u"report"_s, u"self_dispose"_s, u"file"_s};
    branches.append(
        {intake, branch(areaDay(engine, day(u"e.at"_s), facts), u"l.kind"_s, areaSubject(u"NULL"_s, facts),
                        {{u"reports"_s, when(is(u"'report', 'self_dispose'"_s))},
                         {u"filed_in_grids"_s, when(u"e.action = 'file'"_s)},
                         {u"filed_from_others"_s, when(u"e.action = 'file' AND c.source <> 'patrol'"_s)},
                         {u"filed"_s, when(u"e.action = 'file'"_s)},
                         {u"filed_on_time"_s, when(u"e.action = 'file'"_s, u"e.on_time"_s)}},
                        u"FROM %1 JOIN cases c ON %2 CROSS JOIN eval_levels l "
                        u"WHERE e.action IN (%3) AND l.kind <> 'unit'"_s.arg(E, caseOfEvent(u"e"_s, facts),
                                                                             quotedList(intake)))});
    // Handling: the unit of the (last) dispatch and where the case lies. The handling counts of a dispatch
    // belong to the day it was dispatched (the cohort); checks, closings and rework to their own day.
    const QString unit = unitOf(engine, u"d.details"_s);
    const QStringList handling{
        u"dispatch"_s,          u"approve_return"_s, u"approve_void"_s, u"report_handled"_s,
        u"approve_extension"_s, u"check_pass"_s,     u"close"_s,        u"rework"_s};
    branches.append(
        {handling,
         branch(areaDay(engine,
                        u"CASE WHEN e.action IN ('check_pass', 'close', 'rework') THEN %1 ELSE %2 END"_s.arg(
                            day(u"e.at"_s), day(u"d.at"_s)),
                        facts),
                u"l.kind"_s, areaSubject(unit, facts),
                {{u"dispatch_due"_s, when(u"e.action = 'dispatch'"_s)},
                 {u"dispatched_on_time"_s, when(u"e.action = 'dispatch'"_s, u"e.on_time"_s)},
                 {u"dispatched_wrong_unit"_s, when(u"e.action = 'approve_return'"_s)},
                 {u"handling_due"_s,
                  u"CASE WHEN e.action = 'dispatch' THEN 1 WHEN e.action IN ('approve_return', "
                  u"'approve_void') THEN -1 "
                  u"ELSE 0 END"_s},
                 {u"handled"_s, when(u"e.action = 'report_handled'"_s)},
                 {u"handled_on_time"_s, when(u"e.action = 'report_handled'"_s, u"e.on_time"_s)},
                 {u"closing_due"_s, when(u"e.action = 'check_pass'"_s)},
                 {u"closed"_s, when(u"e.action = 'close'"_s)},
                 {u"closed_on_time"_s, when(u"e.action = 'close'"_s, u"e.on_time"_s)},
                 {u"reworked"_s, when(u"e.action = 'rework'"_s)},
                 {u"extended"_s, when(u"e.action = 'approve_extension'"_s)}},
                u"FROM %1 JOIN cases c ON %4 %2 CROSS JOIN eval_levels l "
                u"WHERE e.action IN (%5) AND (l.kind <> 'unit' OR %3 IS NOT NULL)"_s.arg(
                    E, lastDispatchJoin(u"<="_s), unit, caseOfEvent(u"e"_s, facts), quotedList(handling)))});
    return branches;
}

// The actions that add facts: those some branch of the fact union counts, in the branches' order.
QStringList relevantActions()
{
    QStringList actions;
    for (const FactBranch &branch :
         factBranches(SqlEngine::Postgres, u"case_events"_s, EvaluationFacts::GridMonths)) {
        for (const QString &action : branch.actions) {
            if (!actions.contains(action))
                actions.append(action);
        }
    }
    return actions;
}

// The relevant actions grouped by the branches of the fact union that count them: the trigger runs one
// statement per group, with those branches only.
QList<QStringList> actionGroups()
{
    const QList<FactBranch> branches =
        factBranches(SqlEngine::Postgres, u"case_events"_s, EvaluationFacts::GridMonths);
    QList<QStringList> groups;
    QList<QList<bool>> groupBranches;
    for (const QString &action : relevantActions()) {
        QList<bool> counted;
        for (const FactBranch &branch : branches)
            counted.append(branch.actions.contains(action));
        const qsizetype at = groupBranches.indexOf(counted);
        if (at < 0) {
            groups.append({action});
            groupBranches.append(counted);
        } else {
            groups[at].append(action);
        }
    }
    return groups;
}

// The union of the branches that count `actions` (all of them when empty): the fact rows of the events, one
// per branch and level, in eval_facts' column order; a (day, kind, subject) may come more than once.
QString factRows(SqlEngine engine, const QString &eventSource, EvaluationFacts facts,
                 const QStringList &actions)
{
    QStringList parts;
    for (const FactBranch &branch : factBranches(engine, eventSource, facts)) {
        const bool counts = actions.isEmpty() ||
                            std::any_of(actions.begin(), actions.end(), [&branch](const QString &action) {
                                return branch.actions.contains(action);
                            });
        if (counts)
            parts.append(branch.select);
    }
    return parts.join(u" UNION ALL "_s);
}

// The SQLite trigger that adds every relevant event's facts.
QString sqliteFactsTrigger(EvaluationFacts facts)
{
    return u"CREATE TRIGGER case_events_eval_facts AFTER INSERT ON case_events WHEN NEW.action IN (%1) BEGIN "
           u"%2; "
           u"END"_s.arg(quotedList(relevantActions()),
                        evaluationFactsUpsert(SqlEngine::Sqlite, triggerEventSource(facts), facts));
}

// The trigger function of case_events on PostgreSQL: `create` is "CREATE FUNCTION" (migration 3) or
// "CREATE OR REPLACE FUNCTION" (a later migration that changes the facts; the grants stay).
// The owner's function: a station's connection writes case events under row-level security, and the facts it
// adds to are the whole city's.
// Generic plans: a custom plan of the fact query (one branch per kind of fact, each over every month
// partition of cases) took ~20 ms to plan for every event; the generic plan is made once per connection.
// One statement per group of actions (actionGroups), with only the branches that count them: the executor
// sets up every branch of a plan for each event, and locks every month partition the plan names, even where
// it then skips the branch; the whole union cost a report about 0.2 ms, over half of it in that set-up.
// The deltas are appended unsummed (cg_fold_eval_facts sums them), which spares each event an aggregate of
// 24 sums.
QString pgEvalFunction(const QString &create, EvaluationFacts facts)
{
    const QString newUnit = unitOf(SqlEngine::Postgres, u"NEW.details"_s);
    QString factStatements;
    for (const QStringList &group : actionGroups()) {
        const QString statement =
            viaDeltas(facts)
                ? u"INSERT INTO eval_fact_deltas(day, kind, subject, %1) %2"_s.arg(
                      evaluationCounterColumns().join(u", "_s),
                      factRows(SqlEngine::Postgres, triggerEventSource(facts), facts, group))
                : evaluationFactsUpsert(SqlEngine::Postgres, triggerEventSource(facts), facts, group);
        factStatements += u"%1 NEW.action IN (%2) THEN %3; "_s.arg(
            factStatements.isEmpty() ? u"IF"_s : u"ELSIF"_s, quotedList(group), statement);
    }
    return u"%5 cg_eval_case_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
           u"SET search_path = public SET plan_cache_mode = force_generic_plan AS $$ BEGIN "
           u"%1 END IF; "
           u"IF NEW.action = 'dispatch' THEN "
           u"INSERT INTO eval_handling(case_id, dispatch_seq, unit_id, grid_code, day, due_at) "
           u"SELECT NEW.case_id, NEW.seq, %2, c.grid_code, %3, %4 FROM cases c WHERE %6 "
           u"AND %2 IS NOT NULL; "
           u"ELSIF NEW.action = 'report_handled' THEN "
           u"UPDATE eval_handling SET ended_at = NEW.at, due_at = NEW.step_due_at "
           u"WHERE case_id = NEW.case_id AND ended_at IS NULL; "
           u"DELETE FROM eval_handling WHERE case_id = NEW.case_id AND ended_at IS NOT NULL "
           u"AND (due_at IS NULL OR ended_at <= due_at); "
           u"ELSIF NEW.action IN ('approve_return', 'approve_void') THEN "
           u"DELETE FROM eval_handling WHERE case_id = NEW.case_id AND ended_at IS NULL; "
           u"ELSIF NEW.action IN ('approve_extension', 'approve_park', 'refuse_park', 'resume') THEN "
           u"UPDATE eval_handling SET due_at = (SELECT %4 FROM cases c WHERE %6) "
           u"WHERE case_id = NEW.case_id AND ended_at IS NULL; "
           u"END IF; RETURN NULL; END $$"_s.arg(factStatements, newUnit,
                                                evaluationDayExpression(SqlEngine::Postgres, u"NEW.at"_s),
                                                openDue(), create, caseOfEvent(u"NEW"_s, facts));
}

} // namespace

const QStringList &evaluationCounterColumns()
{
    static const QStringList columns{u"reports"_s,
                                     u"reports_filed"_s,
                                     u"filed_in_grids"_s,
                                     u"filed_from_others"_s,
                                     u"verify_due"_s,
                                     u"verify_on_time"_s,
                                     u"check_due"_s,
                                     u"check_on_time"_s,
                                     u"accept_due"_s,
                                     u"accept_on_time"_s,
                                     u"filed"_s,
                                     u"filed_on_time"_s,
                                     u"filed_later_voided"_s,
                                     u"dispatch_due"_s,
                                     u"dispatched_on_time"_s,
                                     u"dispatched_wrong_unit"_s,
                                     u"handling_due"_s,
                                     u"handled"_s,
                                     u"handled_on_time"_s,
                                     u"closing_due"_s,
                                     u"closed"_s,
                                     u"closed_on_time"_s,
                                     u"reworked"_s,
                                     u"extended"_s};
    return columns;
}

QString evaluationDayExpression(SqlEngine engine, const QString &ms)
{
    return engine == SqlEngine::Postgres ? u"((((%1) + 28800000) / 86400000)::integer)"_s.arg(ms)
                                         : u"(((%1) + 28800000) / 86400000)"_s.arg(ms);
}

QString evaluationFactsSelect(SqlEngine engine, const QString &eventSource, EvaluationFacts facts,
                              const QStringList &actions)
{
    QStringList sums;
    for (const QString &column : evaluationCounterColumns())
        sums.append(u"sum(%1)"_s.arg(column));
    return u"SELECT day, kind, subject, %1 FROM (%2) u GROUP BY day, kind, subject"_s.arg(
        sums.join(u", "_s), factRows(engine, eventSource, facts, actions));
}

QString evaluationFactsUpsert(SqlEngine engine, const QString &eventSource, EvaluationFacts facts,
                              const QStringList &actions)
{
    const QStringList &columns = evaluationCounterColumns();
    QStringList sets;
    for (const QString &column : columns)
        sets.append(u"%1 = eval_facts.%1 + excluded.%1"_s.arg(column));
    // (WHERE true: SQLite's parser needs it before ON CONFLICT after a SELECT with joins.)
    return u"INSERT INTO eval_facts(day, kind, subject, %1) SELECT * FROM (%2) n WHERE true "
           u"ON CONFLICT (kind, day, subject) DO UPDATE SET %3"_s.arg(
               columns.join(u", "_s), evaluationFactsSelect(engine, eventSource, facts, actions),
               sets.join(u", "_s));
}

QStringList evaluationRebuildStatements(SqlEngine engine)
{
    const QString unit = unitOf(engine, u"d.details"_s);
    QStringList statements{u"DELETE FROM eval_facts"_s, u"DELETE FROM eval_handling"_s};
    if (engine == SqlEngine::Postgres)
        statements.append(u"DELETE FROM eval_fact_deltas"_s); // counted by the rebuild itself
    return statements +
           QStringList{
               u"INSERT INTO eval_facts(day, kind, subject, %1) %2"_s.arg(
                   evaluationCounterColumns().join(u", "_s), evaluationFactsSelect(engine, u"case_events"_s)),
               // A task is open until its case is reported handled, returned or voided; kept if open or late.
               u"INSERT INTO eval_handling(case_id, dispatch_seq, unit_id, grid_code, day, due_at, ended_at) "
               u"SELECT d.case_id, d.seq, %1, c.grid_code, %2, "
               u"CASE WHEN t.action = 'report_handled' THEN t.step_due_at WHEN t.seq IS NULL THEN (%3) END, "
               u"t.at "
               u"FROM case_events d JOIN cases c ON c.id = d.case_id "
               u"LEFT JOIN case_events t ON t.case_id = d.case_id AND t.seq = (SELECT min(x.seq) FROM "
               u"case_events x "
               u"WHERE x.case_id = d.case_id AND x.seq > d.seq AND x.action IN ('report_handled', "
               u"'approve_return', "
               u"'approve_void')) "
               u"WHERE d.action = 'dispatch' AND %1 IS NOT NULL AND (t.seq IS NULL OR (t.action = "
               u"'report_handled' "
               u"AND t.step_due_at IS NOT NULL AND t.at > t.step_due_at))"_s.arg(
                   unit, evaluationDayExpression(engine, u"d.at"_s), openDue()),
           };
}

MigrationSql evaluationMigration()
{
    MigrationSql m;
    QStringList sqliteCounters, pgCounters;
    for (const QString &column : evaluationCounterColumns()) {
        sqliteCounters.append(column + u" INTEGER NOT NULL DEFAULT 0"_s);
        pgCounters.append(column + u" integer NOT NULL DEFAULT 0"_s);
    }
    const QString newUnit = unitOf(SqlEngine::Sqlite, u"NEW.details"_s);
    m.sqlite = {
        u"CREATE TABLE eval_facts (day INTEGER NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, %1, "
        u"PRIMARY KEY (kind, day, subject)) WITHOUT ROWID"_s.arg(sqliteCounters.join(u", "_s)),
        uR"(CREATE TABLE eval_handling (
            case_id INTEGER NOT NULL,
            dispatch_seq INTEGER NOT NULL,
            unit_id TEXT NOT NULL,
            grid_code TEXT NOT NULL,
            day INTEGER NOT NULL,
            due_at INTEGER,
            ended_at INTEGER,
            PRIMARY KEY (case_id, dispatch_seq)))"_s,
        // Covers the overdue-open count of a period (no table lookups).
        uR"(CREATE INDEX eval_handling_day ON eval_handling(day, due_at, ended_at, grid_code, unit_id))"_s,
        uR"(CREATE TABLE eval_levels (kind TEXT PRIMARY KEY))"_s,
        uR"(INSERT INTO eval_levels(kind) VALUES ('unit'), ('grid'), ('community'), ('street'), ('district'))"_s,
        uR"(CREATE TABLE eval_weights (
            score_kind TEXT PRIMARY KEY,
            terms TEXT NOT NULL,
            updated_at INTEGER NOT NULL))"_s,
        uR"(CREATE TABLE major_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            starts_at INTEGER NOT NULL,
            ends_at INTEGER NOT NULL,
            areas TEXT NOT NULL DEFAULT '',
            polygon TEXT NOT NULL DEFAULT '',
            limit_factor REAL,
            handling_limit TEXT,
            key_classes TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL,
            ended_at INTEGER))"_s,
        sqliteFactsTrigger(EvaluationFacts::Daily),
        u"CREATE TRIGGER case_events_eval_dispatch AFTER INSERT ON case_events WHEN NEW.action = 'dispatch' "
        u"BEGIN INSERT INTO eval_handling(case_id, dispatch_seq, unit_id, grid_code, day, due_at) "
        u"SELECT NEW.case_id, NEW.seq, %1, c.grid_code, %2, %3 FROM cases c WHERE c.id = NEW.case_id AND %1 "
        u"IS "
        u"NOT NULL; END"_s.arg(newUnit, evaluationDayExpression(SqlEngine::Sqlite, u"NEW.at"_s), openDue()),
        uR"(CREATE TRIGGER case_events_eval_handled AFTER INSERT ON case_events
            WHEN NEW.action = 'report_handled' BEGIN
            UPDATE eval_handling SET ended_at = NEW.at, due_at = NEW.step_due_at
                WHERE case_id = NEW.case_id AND ended_at IS NULL;
            DELETE FROM eval_handling WHERE case_id = NEW.case_id AND ended_at IS NOT NULL
                AND (due_at IS NULL OR ended_at <= due_at);
            END)"_s,
        uR"(CREATE TRIGGER case_events_eval_ended AFTER INSERT ON case_events
            WHEN NEW.action IN ('approve_return', 'approve_void') BEGIN
            DELETE FROM eval_handling WHERE case_id = NEW.case_id AND ended_at IS NULL;
            END)"_s,
        uR"(CREATE TRIGGER case_events_eval_due AFTER INSERT ON case_events
            WHEN NEW.action IN ('approve_extension', 'approve_park', 'refuse_park', 'resume') BEGIN
            UPDATE eval_handling SET due_at = (SELECT CASE WHEN c.state = 'parked' THEN NULL
                                                          ELSE c.handling_due_at END
                                               FROM cases c WHERE c.id = NEW.case_id)
                WHERE case_id = NEW.case_id AND ended_at IS NULL;
            END)"_s,
    };

    m.postgresql = {
        u"CREATE TABLE eval_facts (day integer NOT NULL, kind text NOT NULL, subject text NOT NULL, %1, "
        u"PRIMARY KEY (kind, day, subject))"_s.arg(pgCounters.join(u", "_s)),
        uR"(CREATE TABLE eval_handling (
            case_id bigint NOT NULL,
            dispatch_seq integer NOT NULL,
            unit_id text NOT NULL,
            grid_code text NOT NULL,
            day integer NOT NULL,
            due_at bigint,
            ended_at bigint,
            PRIMARY KEY (case_id, dispatch_seq)))"_s,
        // Covers the overdue-open count of a period (no table lookups).
        uR"(CREATE INDEX eval_handling_day ON eval_handling(day, due_at, ended_at, grid_code, unit_id))"_s,
        uR"(CREATE TABLE eval_levels (kind text PRIMARY KEY))"_s,
        uR"(INSERT INTO eval_levels(kind) VALUES ('unit'), ('grid'), ('community'), ('street'), ('district'))"_s,
        uR"(CREATE TABLE eval_weights (
            score_kind text PRIMARY KEY,
            terms text NOT NULL,
            updated_at bigint NOT NULL))"_s,
        uR"(CREATE TABLE major_events (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            name text NOT NULL,
            starts_at bigint NOT NULL,
            ends_at bigint NOT NULL,
            areas text NOT NULL DEFAULT '',
            polygon text NOT NULL DEFAULT '',
            limit_factor double precision,
            handling_limit text,
            key_classes text NOT NULL DEFAULT '',
            created_at bigint NOT NULL,
            ended_at bigint))"_s,
        // The owner's function, with generic plans (pgEvalFunction).
        pgEvalFunction(u"CREATE FUNCTION"_s, EvaluationFacts::Daily),
        uR"(REVOKE ALL ON FUNCTION cg_eval_case_event() FROM PUBLIC)"_s,
        uR"(CREATE TRIGGER case_events_eval AFTER INSERT ON case_events
            FOR EACH ROW EXECUTE FUNCTION cg_eval_case_event())"_s,
        // Stations read the evaluation and the major events; administrators (the owner) change weights and
        // events and rebuild the facts.
        uR"(GRANT SELECT ON eval_facts, eval_handling, eval_levels, eval_weights, major_events
            TO citygrid_station)"_s,
        uR"(CREATE FUNCTION cg_notify_evaluation_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_notify('citygrid_changes', TG_TABLE_NAME); RETURN NULL; END $$)"_s,
        uR"(CREATE TRIGGER eval_weights_notify AFTER INSERT OR UPDATE OR DELETE ON eval_weights
            FOR EACH STATEMENT EXECUTE FUNCTION cg_notify_evaluation_change())"_s,
        uR"(CREATE TRIGGER major_events_notify AFTER INSERT OR UPDATE OR DELETE ON major_events
            FOR EACH STATEMENT EXECUTE FUNCTION cg_notify_evaluation_change())"_s,
    };
    return m;
}

QString evaluationMonthStartExpression(SqlEngine engine, const QString &day)
{
    // The day number is the Beijing calendar date counted from 1970-01-01: its month starts on that date's
    // first, read in UTC.
    return engine == SqlEngine::Postgres
               ? u"(date_trunc('month', (date '1970-01-01' + (%1))::timestamp)::date - date '1970-01-01')"_s
                     .arg(day)
               : u"CAST(julianday((%1) * 86400, 'unixepoch', 'start of month') - 2440587.5 AS INTEGER)"_s.arg(
                     day);
}

QStringList evaluationGridMonthBackfill(SqlEngine engine)
{
    const QStringList &columns = evaluationCounterColumns();
    QStringList sums;
    for (const QString &column : columns)
        sums.append(u"sum(%1)"_s.arg(column));
    const QString month = evaluationMonthStartExpression(engine, u"day"_s);
    return {
        u"DELETE FROM eval_facts WHERE kind = 'grid_month'"_s,
        u"INSERT INTO eval_facts(day, kind, subject, %1) SELECT %2, 'grid_month', subject, %3 FROM "
        u"eval_facts "
        u"WHERE kind = 'grid' GROUP BY %2, subject"_s.arg(columns.join(u", "_s), month, sums.join(u", "_s)),
    };
}

QString evaluationPgFoldFunction()
{
    const QStringList &columns = evaluationCounterColumns();
    QStringList sums, sets;
    for (const QString &c : columns) {
        sums.append(u"sum(%1)"_s.arg(c));
        sets.append(u"%1 = eval_facts.%1 + excluded.%1"_s.arg(c));
    }
    // The advisory lock makes folders queue: a reader that folds right after another one sees its result.
    // Deltas committed after the DELETE's snapshot stay for the next fold.
    return u"CREATE FUNCTION cg_fold_eval_facts() RETURNS integer LANGUAGE plpgsql SECURITY DEFINER "
           u"SET search_path = public AS $$ DECLARE folded integer; BEGIN "
           u"PERFORM pg_advisory_xact_lock(4347524401); "
           u"WITH moved AS (DELETE FROM eval_fact_deltas RETURNING *) "
           u"INSERT INTO eval_facts(day, kind, subject, %1) SELECT day, kind, subject, %2 FROM moved "
           u"GROUP BY day, kind, subject ON CONFLICT (kind, day, subject) DO UPDATE SET %3; "
           u"GET DIAGNOSTICS folded = ROW_COUNT; RETURN folded; END $$"_s.arg(
               columns.join(u", "_s), sums.join(u", "_s), sets.join(u", "_s));
}

QString evaluationPgTriggerFunction(EvaluationFacts facts)
{
    return pgEvalFunction(u"CREATE OR REPLACE FUNCTION"_s, facts);
}

MigrationSql evaluationByActionMigration()
{
    // PostgreSQL's trigger function runs one fact statement per group of actions (pgEvalFunction); the facts
    // are the same. SQLite's trigger program skips the other branches cheaply and stays as it is.
    MigrationSql m;
    m.postgresql = {evaluationPgTriggerFunction(EvaluationFacts::GridMonthsViaDeltas)};
    return m;
}

MigrationSql evaluationRollupMigration()
{
    // The unit grids' monthly rows: a new level of the fact SQL (eval_levels picks the area kinds), the
    // trigger that writes them with every event, and the months of the daily grid rows already kept.
    MigrationSql m;
    m.sqlite =
        QStringList{
            u"DROP TRIGGER case_events_eval_facts"_s,
            u"INSERT INTO eval_levels(kind) VALUES ('grid_month')"_s,
            sqliteFactsTrigger(EvaluationFacts::GridMonths),
        } +
        evaluationGridMonthBackfill(SqlEngine::Sqlite);
    // CREATE OR REPLACE keeps the function's owner and grants (migration 3: SECURITY DEFINER, no PUBLIC
    // execute); the trigger is made again so that it surely calls this version.
    m.postgresql =
        QStringList{
            u"INSERT INTO eval_levels(kind) VALUES ('grid_month')"_s,
            pgEvalFunction(u"CREATE OR REPLACE FUNCTION"_s, EvaluationFacts::GridMonths),
            uR"(REVOKE ALL ON FUNCTION cg_eval_case_event() FROM PUBLIC)"_s,
            uR"(CREATE OR REPLACE TRIGGER case_events_eval AFTER INSERT ON case_events
            FOR EACH ROW EXECUTE FUNCTION cg_eval_case_event())"_s,
        } +
        evaluationGridMonthBackfill(SqlEngine::Postgres);
    return m;
}

} // namespace cg
