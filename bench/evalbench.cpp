// citygrid-eval-bench: the evaluation engine's figures (docs/indicators.md, "Daily facts" and "Monthly grid
// rows").
//   actions  committed case actions per second through CaseService with the evaluation triggers, the same
//            without the unit grids' monthly rows (eval_levels without 'grid_month') and without any
//            evaluation trigger (the same machine, the same run), for the full loop (report → close) and for
//            citygrid-bench's mix (report, accept, file, urge, urge); --pg: the full loop with the triggers
//            only
//   monthly  evaluate() of one month (with the previous month for the change) on the facts of a city of
//            --cases cases (default 10,000,000) over --days days: 16 districts, 192 streets, 4,032
//            communities, 40,320 unit grids, 4,032 responsibility grids, 1,000 units, 3,000 people. The daily
//            facts are written in bulk SQL, the unit grids' monthly rows from them by the store's own
//            backfill (evaluationGridMonthBackfill, as migration 6 does); a store given with --store that
//            holds facts already is reused (an older store is migrated when it opens: the time is printed).
//            --store takes an SQLite file or a postgresql:// URL of an empty database (or one this filled).
// Usage: citygrid-eval-bench [--store FILE|URL] [--cases N] [--days D] [--actions N] [--only actions|monthly]
//                            [--kinds unit_grid,...]
#include "session/demo.h"
#include "store/evaluationsql.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <ctime>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

Actor login(Session &s, const QString &name)
{
    Actor a = s.store().findUser(name).value();
    a.station = u"bench"_s;
    return a;
}

bool exec(SqlStore &store, const QString &sql)
{
    QSqlQuery q(store.database());
    if (!q.exec(sql)) {
        out() << "failed: " << q.lastError().text() << "\n  " << sql.left(300) << Qt::endl;
        return false;
    }
    return true;
}

// Actions per second through CaseService on a fresh demo city (no cases). `fullLoop`: report, accept, file,
// dispatch, handled, send to check, check, close; otherwise citygrid-bench's mix.
struct Rate
{
    double perSecond = 0;
    double cpuMicroseconds = 0; // process CPU per action: what the machine's other load does not change
};

// Which evaluation triggers a measurement runs with: all of them (the unit grids' monthly rows included), the
// same without the monthly level (migration 3's rows only, what the monthly rows cost), or none.
enum class Triggers { All, WithoutGridMonths, None };

Result<Rate> actionsPerSecond(const QString &path, int count, Triggers triggers, bool fullLoop, bool durable)
{
    auto session = Session::open(path);
    if (!session)
        return session.error();
    Session &s = **session;
    DemoOptions city;
    city.cases = 0;
    if (auto made = generateDemoCity(s, city); !made)
        return made.error();
    // Not durable: no fsync per commit, so that the figure is the CPU cost of an action (triggers included)
    // rather than the disk's flush time.
    if (!durable && !s.store().isPostgres() && !exec(s.store(), u"PRAGMA synchronous = OFF"_s))
        return makeError(ErrorCode::Storage, u"cannot turn synchronous off"_s);
    if (triggers == Triggers::WithoutGridMonths &&
        !exec(s.store(), u"DELETE FROM eval_levels WHERE kind = 'grid_month'"_s))
        return makeError(ErrorCode::Storage, u"cannot leave the monthly grid level out"_s);
    if (triggers == Triggers::None) {
        const QStringList drop = s.store().isPostgres()
                                     ? QStringList{u"DROP TRIGGER case_events_eval ON case_events"_s}
                                     : QStringList{u"DROP TRIGGER case_events_eval_facts"_s,
                                                   u"DROP TRIGGER case_events_eval_dispatch"_s,
                                                   u"DROP TRIGGER case_events_eval_handled"_s,
                                                   u"DROP TRIGGER case_events_eval_ended"_s,
                                                   u"DROP TRIGGER case_events_eval_due"_s};
        for (const QString &sql : drop) {
            if (!exec(s.store(), sql))
                return makeError(ErrorCode::Storage, u"cannot drop the triggers"_s);
        }
    }
    const Actor sup = login(s, u"hp.sup1"_s), acceptor = login(s, u"hp.acceptor"_s),
                shift = login(s, u"hp.shift"_s), dispatcher = login(s, u"hp.dispatcher"_s),
                inspector = login(s, u"hp.inspector"_s), unit = login(s, u"unit.hp.sanitation"_s);
    QList<std::pair<Actor, Action>> steps;
    if (fullLoop)
        steps = {{acceptor, Action::Accept},      {shift, Action::File},
                 {dispatcher, Action::Dispatch},  {unit, Action::ReportHandled},
                 {acceptor, Action::SendToCheck}, {sup, Action::CheckPass},
                 {shift, Action::Close}};
    else
        steps = {{acceptor, Action::Accept},
                 {shift, Action::File},
                 {inspector, Action::Urge},
                 {inspector, Action::Urge}};
    QElapsedTimer t;
    t.start();
    const std::clock_t c0 = std::clock();
    int actions = 0;
    for (int i = 0; actions < count; ++i) {
        NewCaseRequest r;
        r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
        r.grid = UnitGridCode::parse(u"310101002001%1"_s.arg(1 + i % 36, 3, 10, QChar(u'0'))).value();
        r.description = u"bench"_s;
        auto c = s.cases().report(sup, r);
        ++actions;
        for (const auto &[who, action] : steps) {
            if (!c)
                break;
            ActionRequest a;
            a.caseId = c->id;
            a.expectedVersion = c->version;
            a.action = action;
            a.comment = u"ok"_s;
            a.unitId = unit.unitId;
            c = s.cases().apply(who, a);
            ++actions;
        }
        if (!c)
            return c.error();
    }
    return Rate{actions / (t.nsecsElapsed() / 1e9),
                double(std::clock() - c0) * 1e6 / CLOCKS_PER_SEC / actions};
}

int benchActions(const QString &dir, const QString &pgUrl, int count)
{
    for (bool durable : {true, false}) {
        if (!durable && !pgUrl.isEmpty())
            break;
        for (bool fullLoop : {true, false}) {
            if (!fullLoop && !pgUrl.isEmpty())
                break; // one empty database, one measurement: the full loop
            Rate with, daily, without;
            for (Triggers triggers : {Triggers::All, Triggers::WithoutGridMonths, Triggers::None}) {
                const QString path = pgUrl.isEmpty() ? dir + u"/actions-%1-%2-%3.sqlite"_s.arg(int(durable))
                                                                 .arg(int(fullLoop))
                                                                 .arg(int(triggers))
                                                     : pgUrl;
                auto rate = actionsPerSecond(path, count, triggers, fullLoop, durable);
                if (!rate) {
                    out() << rate.errorMessage() << Qt::endl;
                    return 1;
                }
                (triggers == Triggers::All ? with : triggers == Triggers::None ? without : daily) = *rate;
                if (!pgUrl.isEmpty())
                    break; // one database: the triggers stay
            }
            out() << "actions   " << (fullLoop ? "full loop (report..close)" : "citygrid-bench mix      ")
                  << (durable ? ", synchronous=FULL: " : ", synchronous=OFF:  ")
                  << QString::number(with.perSecond, 'f', 0) << " actions/s, "
                  << QString::number(with.cpuMicroseconds, 'f', 0)
                  << " us CPU each with the evaluation triggers";
            if (daily.perSecond > 0)
                out() << "; " << QString::number(daily.perSecond, 'f', 0) << " actions/s, "
                      << QString::number(daily.cpuMicroseconds, 'f', 0) << " us CPU without the grid months";
            if (without.perSecond > 0)
                out() << "; " << QString::number(without.perSecond, 'f', 0) << " actions/s, "
                      << QString::number(without.cpuMicroseconds, 'f', 0) << " us CPU without (CPU +"
                      << QString::number(100.0 * (with.cpuMicroseconds - without.cpuMicroseconds) /
                                             without.cpuMicroseconds,
                                         'f', 1)
                      << " %)";
            out() << Qt::endl;
        }
    }
    return 0;
}

// The city of the monthly benchmark, and its facts, in bulk SQL.
bool fillCity(SqlStore &store, qint64 cases, int days)
{
    const int lastDay = int(QDate(1970, 1, 1).daysTo(QDate(2026, 11, 30)));
    const int firstDay = lastDay - days + 1;
    const QString sqliteSeries =
        u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "_s;
    const bool pg = store.isPostgres();
    auto series = [&](int count, const QString &select) {
        return pg ? u"%2 FROM generate_series(1, %1) AS n(i)"_s.arg(count).arg(select)
                  : sqliteSeries.arg(count) + select + u" FROM n"_s;
    };
    auto pad = [pg](const QString &expr, int n) {
        return pg ? u"lpad((%1)::text, %2, '0')"_s.arg(expr).arg(n)
                  : u"substr('00000' || (%1), -%2, %2)"_s.arg(expr).arg(n);
    };
    QElapsedTimer t;
    t.start();
    if (auto s = store.beginBatch(); !s)
        return false;
    // 16 districts × 12 streets × 21 communities × 10 grids.
    QStringList sql{
        u"INSERT INTO jurisdictions(code, parent_code, level, name) VALUES ('319900', NULL, 'city', '基准市')"_s,
        u"INSERT INTO jurisdictions(code, parent_code, level, name) "_s +
            series(16, u"SELECT '3199' || %1, '319900', 'district', '区' || i"_s.arg(pad(u"i"_s, 2))),
        u"INSERT INTO jurisdictions(code, parent_code, level, name) SELECT d.code || %2, "
        u"d.code, 'street', d.name || '街道' || s.i FROM jurisdictions d, (%1) s WHERE d.level = 'district'"_s
            .arg(series(12, u"SELECT i"_s), pad(u"s.i"_s, 3)),
        u"INSERT INTO jurisdictions(code, parent_code, level, name) SELECT d.code || %2, "
        u"d.code, 'community', d.name || '社区' || s.i FROM jurisdictions d, (%1) s WHERE d.level = 'street'"_s
            .arg(series(21, u"SELECT i"_s), pad(u"s.i"_s, 3)),
        u"INSERT INTO units(code, name, unit_type, jurisdiction_code) "_s +
            series(1000, u"SELECT 'u' || i, '单位' || i, 'sanitation', '3199' || %1"_s.arg(
                             pad(u"1 + i % 16"_s, 2))),
        u"INSERT INTO users(login, name, role, jurisdiction_code) "_s +
            series(3000,
                   u"SELECT 'p' || i, '人员' || i, CASE WHEN i <= 2000 THEN 'supervisor' WHEN i <= 2400 THEN "
                   u"'acceptor' WHEN i <= 2700 THEN 'shift_leader' ELSE 'dispatcher' END, '3199' || %1"_s.arg(
                       pad(u"1 + i % 16"_s, 2))),
    };
    for (const QString &s : sql) {
        if (!exec(store, s))
            return false;
    }
    // Grid-days: of the 40,320 grids × days, the share that holds a case, with ~1.24 reports each.
    const qint64 gridDays = 40320LL * days;
    const int keepPerMille = int(std::min<qint64>(1000, cases * 1000 / gridDays * 100 / 124));
    // Communities with a stable number, grids 1..10.
    if (!exec(store, u"CREATE TEMP TABLE cc AS SELECT code, row_number() OVER (ORDER BY code) AS h FROM "
                     u"jurisdictions WHERE level = 'community'"_s) ||
        !exec(store, u"CREATE INDEX cc_code ON cc(code)"_s) ||
        !exec(store, u"CREATE TEMP TABLE gg AS "_s + series(10, u"SELECT i"_s)))
        return false;
    const QString boolInt = pg ? u"::int"_s : QString();
    for (int d = firstDay; d <= lastDay; ++d) {
        const QString r = u"((c.h * 31 + g.i * 977 + %1 * 7919) % 1000)"_s.arg(d);
        auto flag = [&](const QString &cond) -> QString {
            return u"(" + cond + u")" + boolInt;
        };
        const QString s =
            u"INSERT INTO eval_facts(day, kind, subject, reports, reports_filed, filed_in_grids, "
            u"filed_from_others, "
            u"filed, filed_on_time, dispatch_due, dispatched_on_time, handling_due, handled, "
            u"handled_on_time, "
            u"closing_due, closed, closed_on_time, reworked, extended) SELECT %1, 'grid', c.code || %12, 1 + "
            u"%3, 1, 1, %4, 1, %5, 1, %6, 1, %7, %8, %7, %7, %6, %9, %10 FROM cc c, gg g "
            u"WHERE %2 < %11"_s.arg(d)
                .arg(r, flag(r + u" % 4 = 0"_s), flag(r + u" % 3 = 0"_s), flag(r + u" % 10 <> 0"_s),
                     flag(r + u" % 20 <> 0"_s), flag(r + u" % 16 <> 0"_s), flag(r + u" % 8 <> 0"_s),
                     flag(r + u" % 25 = 0"_s))
                .arg(flag(r + u" % 30 = 0"_s))
                .arg(keepPerMille)
                .arg(pad(u"g.i"_s, 3));
        if (!exec(store, s))
            return false;
    }
    out() << "monthly   grid facts written in " << QString::number(t.elapsed() / 1000.0, 'f', 1) << " s"
          << Qt::endl;
    // The area levels, units and people, from the grid facts (sums) and spread over the subjects.
    const QStringList &columns = evaluationCounterColumns();
    QStringList sums;
    for (const QString &c : columns)
        sums.append(u"sum("_s + c + u')');
    for (const auto &[kind, length] :
         {std::pair{u"community"_s, 12}, std::pair{u"street"_s, 9}, std::pair{u"district"_s, 6}}) {
        if (!exec(store,
                  u"INSERT INTO eval_facts(day, kind, subject, %1) SELECT day, '%2', substr(subject, 1, %3), "
                  u"%4 FROM eval_facts WHERE kind = 'grid' GROUP BY day, substr(subject, 1, %3)"_s
                      .arg(columns.join(u", "_s), kind)
                      .arg(length)
                      .arg(sums.join(u", "_s))))
            return false;
    }
    // Units: each community's handling goes to one of the 1,000 units; people likewise by community.
    if (!exec(
            store,
            u"INSERT INTO eval_facts(day, kind, subject, %1) SELECT f.day, 'unit', CAST(u.id AS TEXT), "
            u"%2 FROM eval_facts f JOIN cc ON cc.code = f.subject JOIN units u ON u.code = 'u' || (1 + cc.h "
            u"%% 1000) WHERE f.kind = 'community' GROUP BY f.day, u.id"_s
                .arg(columns.join(u", "_s), sums.join(u", "_s))
                .replace(u"%%"_s, u"%"_s)) ||
        !exec(store,
              u"INSERT INTO eval_facts(day, kind, subject, %1) SELECT f.day, 'person', CAST(p.id AS TEXT), "
              u"%2 FROM eval_facts f JOIN cc ON cc.code = f.subject JOIN users p ON p.login = 'p' || (1 + "
              u"(cc.h * 7) %% 3000) WHERE f.kind = 'community' GROUP BY f.day, p.id"_s
                  .arg(columns.join(u", "_s), sums.join(u", "_s))
                  .replace(u"%%"_s, u"%"_s)))
        return false;
    // The unit grids' monthly rows, from their daily rows: the SQL of migration 6.
    QElapsedTimer months;
    months.start();
    for (const QString &backfill :
         evaluationGridMonthBackfill(pg ? SqlEngine::Postgres : SqlEngine::Sqlite)) {
        if (!exec(store, backfill))
            return false;
    }
    out() << "monthly   grid months written from the daily rows in "
          << QString::number(months.elapsed() / 1000.0, 'f', 1) << " s" << Qt::endl;
    // Handling tasks still open or handled late: ~4 % of the cases, 2 % of them still open.
    const qint64 tasks = cases / 25;
    const QString taskSql =
        u"INSERT INTO eval_handling(case_id, dispatch_seq, unit_id, grid_code, day, due_at, ended_at) SELECT "
        u"i, 4, "
        u"CAST(1 + i % 1000 AS TEXT), '3199' || %3 || %4 || %5 || %6, %1 + i % %2, (%1 + i % %2) * 86400000 "
        u"- "
        u"28800000 + 14400000, CASE WHEN i % 50 = 0 THEN NULL ELSE (%1 + i % %2) * 86400000 + 86400000 END"_s
            .arg(firstDay)
            .arg(days)
            .arg(pad(u"1 + i % 16"_s, 2), pad(u"1 + (i / 16) % 12"_s, 3), pad(u"1 + (i / 192) % 21"_s, 3),
                 pad(u"1 + (i / 4032) % 10"_s, 3));
    if (!exec(store, pg ? QString(taskSql + u" FROM generate_series(1::bigint, %1) AS n(i)"_s.arg(tasks))
                        : QString(sqliteSeries.arg(tasks) + taskSql + u" FROM n"_s)))
        return false;
    if (!store.commitBatch())
        return false;
    exec(store, u"ANALYZE"_s);
    QSqlQuery q(store.database());
    q.exec(u"SELECT count(*), sum(CASE WHEN kind = 'grid' THEN reports ELSE 0 END) FROM eval_facts"_s);
    q.next();
    out() << "monthly   city filled in " << QString::number(t.elapsed() / 1000.0, 'f', 1)
          << " s: " << q.value(0).toLongLong() << " fact rows for " << q.value(1).toLongLong()
          << " cases over " << days << " days, " << tasks << " open or late handling tasks" << Qt::endl;
    return true;
}

// One responsibility grid per community (its 10 unit grids), patrolled by one of the 2,000 supervisors: what
// the responsibility-grid ranking and the supervisors' miss rate read.
bool fillResponsibilityGrids(SqlStore &store)
{
    QSqlQuery probe(store.database());
    probe.exec(u"SELECT count(*) FROM responsibility_grids"_s);
    probe.next();
    if (probe.value(0).toLongLong() > 0)
        return true;
    if (auto s = store.beginBatch(); !s)
        return false;
    if (!exec(
            store,
            u"INSERT INTO responsibility_grids(code, name, street_code, supervisor_id, min_x, min_y, max_x, "
            u"max_y, geometry) SELECT 'R' || j.code, '责任网格' || j.code, j.parent_code, u.id, 0, 0, 1, 1, "
            u"'' "
            u"FROM (SELECT code, parent_code, row_number() OVER (ORDER BY code) AS h FROM jurisdictions "
            u"WHERE level = 'community') j JOIN users u ON u.login = 'p' || (1 + j.h % 2000)"_s) ||
        !exec(store, u"INSERT INTO responsibility_grid_cells(grid_code, responsibility_code) SELECT DISTINCT "
                     u"subject, 'R' || substr(subject, 1, 12) FROM eval_facts WHERE kind = 'grid_month'"_s) ||
        !store.commitBatch())
        return false;
    exec(store, u"ANALYZE"_s);
    return true;
}

int benchMonthly(const QString &path, qint64 cases, int days, const QStringList &onlyKinds)
{
    QElapsedTimer opening;
    opening.start();
    auto session = Session::open(path);
    if (!session) {
        out() << session.errorMessage() << Qt::endl;
        return 1;
    }
    out() << "monthly   store opened (and migrated, if it was older) in "
          << QString::number(opening.elapsed() / 1000.0, 'f', 1) << " s" << Qt::endl;
    Session &s = **session;
    QSqlQuery probe(s.store().database());
    probe.exec(u"SELECT count(*) FROM eval_facts"_s);
    probe.next();
    if (probe.value(0).toLongLong() == 0 && !fillCity(s.store(), cases, days))
        return 1;
    if (!fillResponsibilityGrids(s.store()))
        return 1;
    probe.exec(u"SELECT kind, count(*) FROM eval_facts WHERE kind IN ('grid', 'grid_month') AND day >= %1 "
               u"GROUP BY kind ORDER BY kind"_s.arg(QDate(1970, 1, 1).daysTo(QDate(2026, 10, 1))));
    out() << "monthly   rows of October and November 2026:";
    while (probe.next())
        out() << " " << probe.value(0).toString() << " " << probe.value(1).toLongLong();
    out() << Qt::endl;
    EvaluationQuery q;
    q.period = Period::month(2026, 11);
    q.now = QDateTime(QDate(2026, 12, 1), QTime(0, 0), Qt::UTC);
    for (SubjectKind kind : {SubjectKind::District, SubjectKind::Street, SubjectKind::Community,
                             SubjectKind::ResponsibleUnit, SubjectKind::Supervisor, SubjectKind::Dispatcher,
                             SubjectKind::ResponsibilityGrid, SubjectKind::UnitGrid}) {
        if (!onlyKinds.isEmpty() && !onlyKinds.contains(subjectKindName(kind)))
            continue;
        q.kind = kind;
        QList<double> times, cpu;
        qsizetype rows = 0;
        for (int run = 0; run < 5; ++run) {
            QElapsedTimer t;
            t.start();
            const std::clock_t c0 = std::clock();
            auto result = s.evaluation().evaluate(q);
            times.append(t.nsecsElapsed() / 1e6);
            cpu.append(double(std::clock() - c0) * 1000.0 / CLOCKS_PER_SEC);
            if (!result) {
                out() << result.errorMessage() << Qt::endl;
                return 1;
            }
            rows = result->size();
        }
        out() << "monthly   evaluate(2026-11, " << subjectKindName(kind).leftJustified(16)
              << "): " << QString::number(median(times), 'f', 1) << " ms median of 5, "
              << QString::number(median(cpu), 'f', 1) << " ms CPU (" << rows
              << " ranked rows, with 2026-10 for the change)" << Qt::endl;
    }
    // A street's communities (the drill-down) and a community's grids.
    q.kind = SubjectKind::Community;
    q.scope = JurisdictionCode::parse(u"319901001"_s).value();
    QElapsedTimer t;
    t.start();
    auto drill = s.evaluation().evaluate(q);
    out() << "monthly   drill-down: the communities of one street: "
          << QString::number(t.nsecsElapsed() / 1e6, 'f', 1) << " ms (" << (drill ? drill->size() : 0)
          << " rows)" << Qt::endl;
    q.kind = SubjectKind::UnitGrid;
    q.scope = JurisdictionCode::parse(u"319901001001"_s).value();
    t.restart();
    drill = s.evaluation().evaluate(q);
    out() << "monthly   drill-down: the grids of one community: "
          << QString::number(t.nsecsElapsed() / 1e6, 'f', 1) << " ms (" << (drill ? drill->size() : 0)
          << " rows)" << Qt::endl;
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(u"The evaluation engine's figures: actions/s with the triggers, monthly "
                                u"evaluation over the daily facts of 10 million cases."_s);
    p.addHelpOption();
    p.addOptions({
        {u"store"_s,
         u"monthly: the store to fill (and reuse), an SQLite file or a postgresql:// URL; default a "
         u"temporary "
         u"SQLite file."_s,
         u"path"_s},
        {u"pg"_s, u"actions: a PostgreSQL URL of an empty database instead of SQLite files."_s, u"url"_s},
        {u"cases"_s, u"monthly: cases whose facts fill the store (default 10000000)."_s, u"n"_s},
        {u"days"_s, u"monthly: days of history (default 730)."_s, u"n"_s},
        {u"actions"_s, u"actions: committed actions per measurement (default 4000)."_s, u"n"_s},
        {u"only"_s, u"actions or monthly."_s, u"part"_s},
        {u"kinds"_s, u"monthly: only these subject kinds, e.g. unit_grid,community (default all)."_s,
         u"list"_s},
    });
    p.process(app);
    QTemporaryDir dir;
    const QString only = p.value(u"only"_s);
    int rc = 0;
    if (only.isEmpty() || only == u"actions"_s)
        rc |= benchActions(dir.path(), p.value(u"pg"_s),
                           p.isSet(u"actions"_s) ? p.value(u"actions"_s).toInt() : 4000);
    if (only.isEmpty() || only == u"monthly"_s)
        rc |= benchMonthly(p.isSet(u"store"_s) ? p.value(u"store"_s) : dir.filePath(u"monthly.sqlite"_s),
                           p.isSet(u"cases"_s) ? p.value(u"cases"_s).toLongLong() : 10000000,
                           p.isSet(u"days"_s) ? p.value(u"days"_s).toInt() : 730,
                           p.value(u"kinds"_s).split(u',', Qt::SkipEmptyParts));
    return rc;
}
