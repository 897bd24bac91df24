// The evaluation facts (migration 3) and EvaluationStore, on SQLite and (CG_TEST_STORE=postgresql) on the
// fixture's PostgreSQL server: small hand-computed cases for every count of docs/indicators.md, the Beijing
// day and month boundaries, voided, returned, reworked, parked and extended cases, incremental facts against
// a full rebuild after a random workload, rankings with the change against the previous period, weights, the
// unit grids' monthly rows against their days (migration 6, also on a store of version 5), and (PostgreSQL) a
// station's own database role writing events that reach the facts.
#include "store/evaluationsql.h"
#include "store/evaluationstore.h"
#include "store/schema.h"
#include "store/storecopy.h"
#include "support/testworld.h"

#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;
using cg::test::beijing;

namespace {

struct Move
{
    const char16_t *login;
    Action action;
    const char16_t *at; // Beijing time
    std::function<void(ActionRequest &)> fill = {};
};

// On PostgreSQL the trigger appends to eval_fact_deltas; the facts are complete once these are folded in.
void foldFacts(SqlStore &store)
{
    if (!store.isPostgres())
        return;
    QSqlQuery q(store.database());
    QVERIFY2(q.exec(u"SELECT cg_fold_eval_facts()"_s), qPrintable(q.lastError().text()));
}

// Every row of eval_facts and eval_handling as text, sorted: two stores (or one store before and after a
// rebuild) hold the same facts exactly when these are equal.
QStringList dumpFacts(SqlStore &store)
{
    foldFacts(store);
    QStringList rows;
    QSqlQuery q(store.database());
    q.exec(u"SELECT * FROM eval_facts"_s);
    while (q.next()) {
        QStringList values;
        bool allZero = true;
        for (int i = 0; i < q.record().count(); ++i) {
            values.append(q.value(i).toString());
            if (i >= 3 && q.value(i).toInt() != 0)
                allZero = false;
        }
        if (!allZero) // a fact whose counts cancelled out (a dispatch, then its return) is no fact
            rows.append(u"facts "_s + values.join(u'|'));
    }
    q.exec(u"SELECT case_id, dispatch_seq, unit_id, grid_code, day, due_at, ended_at FROM eval_handling"_s);
    while (q.next()) {
        QStringList values;
        for (int i = 0; i < 7; ++i)
            values.append(q.value(i).toString());
        rows.append(u"handling "_s + values.join(u'|'));
    }
    rows.sort();
    return rows;
}

int dayNumber(const QDate &d)
{
    return int(QDate(1970, 1, 1).daysTo(d));
}

// The unit grids' monthly rows that differ from the sums of their daily rows (month start, grid, counters),
// summed here, independently of the store's SQL.
QStringList monthRowsThatDifferFromTheirDays(SqlStore &store)
{
    const QString columns = evaluationCounterColumns().join(u", "_s);
    QMap<QString, QList<qint64>> fromDays, months;
    foldFacts(store);
    QSqlQuery q(store.database());
    if (!q.exec(u"SELECT day, kind, subject, %1 FROM eval_facts WHERE kind IN ('grid', 'grid_month')"_s.arg(
            columns)))
        return {u"query failed: "_s + q.lastError().text()};
    while (q.next()) {
        const QDate day = QDate(1970, 1, 1).addDays(q.value(0).toInt());
        const bool monthly = q.value(1).toString() == u"grid_month"_s;
        if (monthly && day.day() != 1)
            return {u"monthly row on %1, not the first of a month"_s.arg(day.toString(Qt::ISODate))};
        const QString key =
            QDate(day.year(), day.month(), 1).toString(Qt::ISODate) + u' ' + q.value(2).toString();
        QList<qint64> &sums = (monthly ? months : fromDays)[key];
        sums.resize(evaluationCounterColumns().size());
        for (int i = 0; i < sums.size(); ++i)
            sums[i] += q.value(3 + i).toLongLong();
    }
    auto withoutZeros = [](QMap<QString, QList<qint64>> &rows) {
        rows.removeIf([](const auto &row) {
            return std::all_of(row.value().begin(), row.value().end(), [](qint64 v) { return v == 0; });
        });
    };
    withoutZeros(fromDays);
    withoutZeros(months);
    QStringList differ;
    for (auto it = fromDays.cbegin(); it != fromDays.cend(); ++it) {
        if (months.value(it.key()) != it.value())
            differ.append(u"days of "_s + it.key());
    }
    for (auto it = months.cbegin(); it != months.cend(); ++it) {
        if (!fromDays.contains(it.key()))
            differ.append(u"month without days "_s + it.key());
    }
    return differ;
}

// A store at schema version 5 (before the monthly grid rows): the file, or the PostgreSQL database, made by
// the first five migrations as a CityGrid of that version did.
QString makeVersion5Store(const QString &sqlitePath, const QString &pgUrl)
{
    if (!pgUrl.isEmpty()) {
        test::PgRawConnection raw(pgUrl);
        if (!raw.isOpen())
            return raw.openError();
        QStringList sql{u"BEGIN"_s};
        for (int v = 0; v < 5; ++v)
            sql += postgresMigrations()[v];
        sql += {u"INSERT INTO meta(key, value) VALUES ('application', 'CityGrid'), ('schema_version', '5')"_s,
                u"COMMIT"_s};
        for (const QString &statement : std::as_const(sql)) {
            if (auto e = raw.exec(statement); !e.isEmpty())
                return e;
        }
        return {};
    }
    const QString name = u"version5"_s;
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(sqlitePath);
        if (!db.open())
            return db.lastError().text();
        QSqlQuery q(db);
        QStringList sql;
        for (int v = 0; v < 5; ++v)
            sql += sqliteMigrations()[v];
        sql += {u"PRAGMA application_id=%1"_s.arg(CityGridApplicationId), u"PRAGMA user_version=5"_s};
        for (const QString &statement : std::as_const(sql)) {
            if (!q.exec(statement)) {
                error = q.lastError().text();
                break;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

// Responsibility grid R1 of the supervisor "sup": the first two grids of community 310101002001.
void addSupervisorsResponsibilityGrid(test::TestWorld &w)
{
    QSqlQuery q(w.store().database());
    QVERIFY2(
        q.exec(
            u"INSERT INTO responsibility_grids(code, name, street_code, supervisor_id, min_x, min_y, max_x, "
            u"max_y, geometry) VALUES ('R1', '贵州一组', '310101002', %1, 0, 0, 1, 1, '')"_s.arg(
                w.actor(u"sup"_s).userId)),
        qPrintable(q.lastError().text()));
    QVERIFY(q.exec(u"INSERT INTO responsibility_grid_cells(grid_code, responsibility_code) VALUES "
                   u"('310101002001001', 'R1'), ('310101002001002', 'R1')"_s));
}

} // namespace

class TestEvaluationStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void fullLoopCountsForEveryKind();
    void beijingDayAndMonthBoundaries();
    void voidedCaseLeavesTheDueCounts();
    void returnedCaseCountsAgainstTheDispatch();
    void reworkedCaseCountsTwoHandlingsAndOneRework();
    void extendedCaseIsOnTimeAgainstTheNewDeadline();
    void parkedCaseIsNotOverdueWhileParked();
    void overdueOpenAtThePeriodsEnd();
    void supervisorMissRateOverTheirGrids();
    void scopeLimitsTheSubjects();
    void rankingAndChangeAgainstThePreviousPeriod();
    void weightsRoundTripAndBadWeightsAreRefused();
    void damagedStoredWeightsAreNamed();
    void incrementalFactsEqualAFullRebuild();
    void drillDownToCases();
    void copiedStoreHasTheSameFacts();
    void monthsOfGridsAreReadFromMonthlyRowsAndEqualTheirDays();
    void version5StoreGetsTheMonthlyGridRows();
    void stationLoginEventsReachTheFactsThroughTheOwnersTrigger();

private:
    CaseRecord walk(CaseRecord c, const QList<Move> &steps);
    CaseRecord reportAt(const QString &at, const QString &grid = u"310101002001001"_s,
                        const QString &login = u"sup"_s);
    IndicatorCounts countsOf(SubjectKind kind, const QString &subject, const QString &period,
                             const QDateTime &now = {});

    std::unique_ptr<test::TestWorld> mWorld;
    std::unique_ptr<EvaluationStore> mEval;
};

void TestEvaluationStore::init()
{
    mWorld = std::make_unique<test::TestWorld>();
    QVERIFY(mWorld->open());
    mEval = std::make_unique<EvaluationStore>(mWorld->store());
}

void TestEvaluationStore::cleanup()
{
    mEval.reset();
    mWorld.reset();
}

CaseRecord TestEvaluationStore::reportAt(const QString &at, const QString &grid, const QString &login)
{
    mWorld->clock->setNow(beijing(at));
    auto c = mWorld->report(login, u"event/06010"_s, grid);
    if (!c)
        qWarning() << c.errorMessage();
    return c.ok() ? *c : CaseRecord();
}

CaseRecord TestEvaluationStore::walk(CaseRecord c, const QList<Move> &steps)
{
    for (const Move &s : steps) {
        mWorld->clock->setNow(beijing(QString::fromUtf16(s.at)));
        auto next = mWorld->act(QString::fromUtf16(s.login), c, s.action, s.fill);
        if (!next) {
            qWarning() << actionName(s.action) << next.errorMessage();
            return c;
        }
        c = *next;
    }
    return c;
}

IndicatorCounts TestEvaluationStore::countsOf(SubjectKind kind, const QString &subject, const QString &period,
                                              const QDateTime &now)
{
    EvaluationQuery q;
    q.period = Period::parse(period).value();
    q.kind = kind;
    q.now = now.isValid() ? now : beijing(u"2026-12-31 00:00"_s);
    auto rows = mEval->counts(q);
    if (!rows) {
        qWarning() << rows.errorMessage();
        return {};
    }
    for (const EvaluationRow &r : *rows) {
        if (r.subject == subject)
            return r.counts;
    }
    return {};
}

// The loop of test_caseservice, every count checked by hand.
void TestEvaluationStore::fullLoopCountsForEveryKind()
{
    CaseRecord c = reportAt(u"2026-11-23 09:00"_s);
    c = walk(c, {{u"acceptor", Action::Accept, u"2026-11-23 09:10"},
                 {u"shift", Action::File, u"2026-11-23 09:50"}, // due 09:40: late
                 {u"dispatcher", Action::Dispatch, u"2026-11-23 10:00"},
                 {u"unit.sanitation", Action::ReportHandled, u"2026-11-23 13:00"}, // due 13:30
                 {u"acceptor", Action::SendToCheck, u"2026-11-23 13:10"},
                 {u"sup", Action::CheckPass, u"2026-11-23 13:40"},
                 {u"shift", Action::Close, u"2026-11-23 13:50"}});
    QCOMPARE(c.state, CaseState::Closed);

    IndicatorCounts sup;
    sup.reports = 1;
    sup.reportsFiled = 1;
    sup.checkDue = 1;
    sup.checkOnTime = 1;
    QCOMPARE(countsOf(SubjectKind::Supervisor, u"sup"_s, u"2026-11"_s), sup);
    IndicatorCounts acceptor;
    acceptor.acceptDue = 1;
    acceptor.acceptOnTime = 1;
    QCOMPARE(countsOf(SubjectKind::Acceptor, u"acceptor"_s, u"2026-11"_s), acceptor);
    IndicatorCounts shift;
    shift.filed = 1;
    shift.filedOnTime = 0;
    shift.closingDue = 1;
    shift.closed = 1;
    shift.closedOnTime = 1;
    QCOMPARE(countsOf(SubjectKind::ShiftLeader, u"shift"_s, u"2026-11"_s), shift);
    IndicatorCounts dispatcher;
    dispatcher.dispatchDue = 1;
    dispatcher.dispatchedOnTime = 1;
    QCOMPARE(countsOf(SubjectKind::Dispatcher, u"dispatcher"_s, u"2026-11"_s), dispatcher);
    IndicatorCounts unit;
    unit.dispatchDue = 1;
    unit.dispatchedOnTime = 1;
    unit.handlingDue = 1;
    unit.handled = 1;
    unit.handledOnTime = 1;
    unit.closingDue = 1;
    unit.closed = 1;
    unit.closedOnTime = 1;
    QCOMPARE(countsOf(SubjectKind::ResponsibleUnit, u"hp.sanitation"_s, u"2026-11"_s), unit);
    IndicatorCounts area = unit;
    area.reports = 1;
    area.filedInGrids = 1;
    area.filed = 1;
    for (auto [kind, code] :
         {std::pair{SubjectKind::UnitGrid, u"310101002001001"_s},
          std::pair{SubjectKind::Community, u"310101002001"_s},
          std::pair{SubjectKind::Street, u"310101002"_s}, std::pair{SubjectKind::District, u"310101"_s}})
        QCOMPARE(countsOf(kind, code, u"2026-11"_s), area);
    // Nothing in the week before, the day after, or another district.
    QCOMPARE(countsOf(SubjectKind::Street, u"310101002"_s, u"2026-W47"_s), IndicatorCounts());
    QCOMPARE(countsOf(SubjectKind::Street, u"310101002"_s, u"2026-11-24"_s), IndicatorCounts());
    QCOMPARE(countsOf(SubjectKind::Street, u"310101002"_s, u"2026-W48"_s), area);
    QCOMPARE(countsOf(SubjectKind::District, u"310104"_s, u"2026-11"_s), IndicatorCounts());

    // The street's score: handling 30 + on time 20 + (1 − rework) 20 + (1 − overdue) 20 + (1 − extension) 10.
    EvaluationQuery q;
    q.period = Period::month(2026, 11);
    q.kind = SubjectKind::Street;
    q.now = beijing(u"2026-12-01 00:00"_s);
    auto rows = mEval->evaluate(q);
    QVERIFY2(rows.ok(), qPrintable(rows.errorMessage()));
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->at(0).subject, u"310101002"_s);
    QCOMPARE(rows->at(0).name, u"南京东路街道"_s);
    QCOMPARE(rows->at(0).score.points.value(), 100.0);
    QCOMPARE(rows->at(0).score.grade, QChar(u'A'));
    QCOMPARE(rows->at(0).rank, 1);
    QVERIFY(!rows->at(0).previousRank);
    QVERIFY(!rows->at(0).change);
    // The shift leader: on-time filing 0 × 40, accurate filing 1 × 30, on-time closing 1 × 30.
    q.kind = SubjectKind::ShiftLeader;
    rows = mEval->evaluate(q);
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->at(0).score.points.value(), 60.0);
    QCOMPARE(rows->at(0).score.grade, QChar(u'C'));
    QCOMPARE(rate(rows->at(0).counts, Indicator::OnTimeFilingRate).value(), 0.0);
    QCOMPARE(rate(rows->at(0).counts, Indicator::AccurateFilingRate).value(), 1.0);
}

// Days are Beijing days: 2026-11-01 07:30 in Beijing is still 31 October in UTC, and counts in November.
void TestEvaluationStore::beijingDayAndMonthBoundaries()
{
    CaseRecord c = reportAt(u"2026-10-31 22:00"_s);
    c = walk(c, {{u"acceptor", Action::Accept, u"2026-10-31 22:10"},
                 {u"shift", Action::File, u"2026-10-31 22:20"},
                 {u"dispatcher", Action::Dispatch, u"2026-10-31 23:30"},
                 {u"unit.sanitation", Action::ReportHandled, u"2026-11-01 07:00"},
                 {u"acceptor", Action::SendToCheck, u"2026-11-01 07:05"},
                 {u"sup", Action::CheckPass, u"2026-11-01 07:10"},
                 {u"shift", Action::Close, u"2026-11-01 07:30"}});
    QCOMPARE(c.state, CaseState::Closed);
    QCOMPARE(c.closedAt.date(), QDate(2026, 10, 31)); // UTC

    const IndicatorCounts october = countsOf(SubjectKind::Street, u"310101002"_s, u"2026-10"_s);
    QCOMPARE(october.reports, 1);
    QCOMPARE(october.filed, 1);
    QCOMPARE(october.handlingDue, 1); // dispatched on 31 October
    QCOMPARE(october.handled, 1);     // its handling belongs to the dispatch day
    QCOMPARE(october.handledOnTime, 1);
    QCOMPARE(october.closingDue, 0);
    QCOMPARE(october.closed, 0);
    const IndicatorCounts november = countsOf(SubjectKind::Street, u"310101002"_s, u"2026-11"_s);
    QCOMPARE(november.reports, 0);
    QCOMPARE(november.handlingDue, 0);
    QCOMPARE(november.closingDue, 1);
    QCOMPARE(november.closed, 1);
    QCOMPARE(countsOf(SubjectKind::Street, u"310101002"_s, u"2026-10-31"_s).handlingDue, 1);
    QCOMPARE(countsOf(SubjectKind::Street, u"310101002"_s, u"2026-11-01"_s).closed, 1);
    QCOMPARE(countsOf(SubjectKind::Street, u"310101002"_s, u"2026-Q4"_s).closed, 1);
    QCOMPARE(countsOf(SubjectKind::Street, u"310101002"_s, u"2026-10-31..2026-11-01"_s).closed, 1);
    QCOMPARE(countsOf(SubjectKind::Street, u"310101002"_s, u"2026-10-31..2026-11-01"_s).handlingDue, 1);
}

void TestEvaluationStore::voidedCaseLeavesTheDueCounts()
{
    CaseRecord c = reportAt(u"2026-11-23 09:00"_s);
    c = walk(c, {{u"acceptor", Action::Accept, u"2026-11-23 09:10"},
                 {u"shift", Action::File, u"2026-11-23 09:20"},
                 {u"dispatcher", Action::Dispatch, u"2026-11-23 09:30"},
                 {u"unit.sanitation", Action::RequestReturn, u"2026-11-23 09:40"},
                 {u"dispatcher", Action::ProposeVoid, u"2026-11-23 09:50"},
                 {u"shift", Action::ApproveVoid, u"2026-11-23 10:00"}});
    QCOMPARE(c.state, CaseState::Voided);
    const IndicatorCounts shift = countsOf(SubjectKind::ShiftLeader, u"shift"_s, u"2026-11"_s);
    QCOMPARE(shift.filed, 1);
    QCOMPARE(shift.filedLaterVoided, 1);
    QCOMPARE(rate(shift, Indicator::AccurateFilingRate).value(), 0.0);
    const IndicatorCounts unit = countsOf(SubjectKind::ResponsibleUnit, u"hp.sanitation"_s, u"2026-11"_s);
    QCOMPARE(unit.handlingDue, 0);
    QVERIFY(!rate(unit, Indicator::HandlingRate)); // nothing due: not applicable
    QCOMPARE(countsOf(SubjectKind::Street, u"310101002"_s, u"2026-11"_s).handlingDue, 0);
    const IndicatorCounts dispatcher = countsOf(SubjectKind::Dispatcher, u"dispatcher"_s, u"2026-11"_s);
    QCOMPARE(dispatcher.dispatchDue, 1);
    QCOMPARE(dispatcher.dispatchedWrongUnit, 0);
    // The supervisor's report was filed: effective, even if voided later.
    QCOMPARE(countsOf(SubjectKind::Supervisor, u"sup"_s, u"2026-11"_s).reportsFiled, 1);
}

void TestEvaluationStore::returnedCaseCountsAgainstTheDispatch()
{
    CaseRecord c = reportAt(u"2026-11-23 09:00"_s);
    c = walk(c, {{u"acceptor", Action::Accept, u"2026-11-23 09:10"},
                 {u"shift", Action::File, u"2026-11-23 09:20"},
                 {u"dispatcher", Action::Dispatch, u"2026-11-23 09:30"},
                 {u"unit.sanitation", Action::RequestReturn, u"2026-11-24 09:40"},
                 {u"dispatcher", Action::ApproveReturn, u"2026-11-24 09:50"},
                 {u"dispatcher", Action::Dispatch, u"2026-11-24 10:00", [this](ActionRequest &r) {
                      r.unitId = mWorld->roads;
                  }}});
    QCOMPARE(c.state, CaseState::Dispatched);
    QCOMPARE(c.unitId, mWorld->roads);
    const IndicatorCounts dispatcher = countsOf(SubjectKind::Dispatcher, u"dispatcher"_s, u"2026-11"_s);
    QCOMPARE(dispatcher.dispatchDue, 2);
    QCOMPARE(dispatcher.dispatchedWrongUnit, 1);
    QCOMPARE(rate(dispatcher, Indicator::AccurateDispatchRate).value(), 0.5);
    // The wrong unit is counted on the day of the wrong dispatch.
    QCOMPARE(countsOf(SubjectKind::Dispatcher, u"dispatcher"_s, u"2026-11-23"_s).dispatchedWrongUnit, 1);
    QCOMPARE(countsOf(SubjectKind::ResponsibleUnit, u"hp.sanitation"_s, u"2026-11"_s).handlingDue, 0);
    QCOMPARE(countsOf(SubjectKind::ResponsibleUnit, u"hp.roads"_s, u"2026-11"_s).handlingDue, 1);
    QCOMPARE(countsOf(SubjectKind::Street, u"310101002"_s, u"2026-11"_s).handlingDue, 1);
}

void TestEvaluationStore::reworkedCaseCountsTwoHandlingsAndOneRework()
{
    CaseRecord c = reportAt(u"2026-11-23 09:00"_s);
    c = walk(c, {{u"acceptor", Action::Accept, u"2026-11-23 09:10"},
                 {u"shift", Action::File, u"2026-11-23 09:20"},
                 {u"dispatcher", Action::Dispatch, u"2026-11-23 09:30"},
                 {u"unit.sanitation", Action::ReportHandled, u"2026-11-23 10:00"},
                 {u"acceptor", Action::SendToCheck, u"2026-11-23 10:10"},
                 {u"sup", Action::CheckFail, u"2026-11-23 10:20"},
                 {u"acceptor", Action::Rework, u"2026-11-23 10:30"},
                 {u"dispatcher", Action::Dispatch, u"2026-11-23 10:40"},
                 {u"unit.sanitation", Action::ReportHandled, u"2026-11-23 16:00"}, // due 13:40: late
                 {u"acceptor", Action::SendToCheck, u"2026-11-23 16:10"},
                 {u"sup", Action::CheckPass, u"2026-11-23 16:20"},
                 {u"shift", Action::Close, u"2026-11-23 16:30"}});
    QCOMPARE(c.state, CaseState::Closed);
    QCOMPARE(c.reworkCount, 1);
    const IndicatorCounts unit = countsOf(SubjectKind::ResponsibleUnit, u"hp.sanitation"_s, u"2026-11"_s);
    QCOMPARE(unit.handlingDue, 2);
    QCOMPARE(unit.handled, 2);
    QCOMPARE(unit.handledOnTime, 1);
    QCOMPARE(unit.reworked, 1);
    QCOMPARE(unit.closingDue, 1);
    QCOMPARE(unit.closed, 1);
    QCOMPARE(unit.overdueOpen, 0); // handled (late) before the period's end
    QCOMPARE(rate(unit, Indicator::ReworkRate).value(), 1.0);
    QCOMPARE(rate(unit, Indicator::OnTimeHandlingRate).value(), 0.5);
    const IndicatorCounts sup = countsOf(SubjectKind::Supervisor, u"sup"_s, u"2026-11"_s);
    QCOMPARE(sup.checkDue, 2);
    QCOMPARE(sup.reports, 1);
    QCOMPARE(sup.reportsFiled, 1);
    // Unit score: 30 × 1 + 20 × 0.5 + 20 × 0 + 20 × 1 + 10 × 1 = 70.
    EvaluationQuery q;
    q.period = Period::month(2026, 11);
    q.kind = SubjectKind::ResponsibleUnit;
    q.now = beijing(u"2026-12-01 00:00"_s);
    auto rows = mEval->evaluate(q);
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->at(0).subject, u"hp.sanitation"_s);
    QCOMPARE(rows->at(0).subjectId, mWorld->sanitation);
    QCOMPARE(rows->at(0).score.points.value(), 70.0);
    QCOMPARE(rows->at(0).score.grade, QChar(u'C'));
}

void TestEvaluationStore::extendedCaseIsOnTimeAgainstTheNewDeadline()
{
    CaseRecord c = reportAt(u"2026-11-23 09:00"_s);
    c = walk(c, {{u"acceptor", Action::Accept, u"2026-11-23 09:10"},
                 {u"shift", Action::File, u"2026-11-23 09:20"},
                 {u"dispatcher", Action::Dispatch, u"2026-11-23 10:00"}, // due 13:30
                 {u"unit.sanitation", Action::RequestExtension, u"2026-11-23 11:00",
                  [](ActionRequest &r) {
                      r.requestedDate = beijing(u"2026-11-24 17:00"_s);
                  }},
                 {u"dispatcher", Action::ApproveExtension, u"2026-11-23 11:10"},
                 {u"unit.sanitation", Action::ReportHandled, u"2026-11-24 16:00"}});
    QCOMPARE(c.state, CaseState::Handled);
    QCOMPARE(c.extensionCount, 1);
    const IndicatorCounts unit = countsOf(SubjectKind::ResponsibleUnit, u"hp.sanitation"_s, u"2026-11"_s);
    QCOMPARE(unit.handlingDue, 1);
    QCOMPARE(unit.handled, 1);
    QCOMPARE(unit.handledOnTime, 1);
    QCOMPARE(unit.extended, 1);
    QCOMPARE(rate(unit, Indicator::ExtensionRate).value(), 1.0);
    // Extensions belong to the dispatch day (the cohort), like the handling they extend.
    QCOMPARE(countsOf(SubjectKind::ResponsibleUnit, u"hp.sanitation"_s, u"2026-11-23"_s).extended, 1);
}

void TestEvaluationStore::parkedCaseIsNotOverdueWhileParked()
{
    CaseRecord c = reportAt(u"2026-11-23 09:00"_s);
    c = walk(c, {{u"acceptor", Action::Accept, u"2026-11-23 09:10"},
                 {u"shift", Action::File, u"2026-11-23 09:20"},
                 {u"dispatcher", Action::Dispatch, u"2026-11-23 10:00"}, // due 13:30
                 {u"unit.sanitation", Action::RequestPark, u"2026-11-23 10:30",
                  [](ActionRequest &r) {
                      r.requestedDate = beijing(u"2026-11-26 09:00"_s);
                  }},
                 {u"dispatcher", Action::ApprovePark, u"2026-11-23 10:40"}});
    QCOMPARE(c.state, CaseState::Parked);
    const QDateTime whileParked = beijing(u"2026-11-25 12:00"_s);
    QCOMPARE(
        countsOf(SubjectKind::ResponsibleUnit, u"hp.sanitation"_s, u"2026-11"_s, whileParked).overdueOpen, 0);
    c = walk(c, {{u"dispatcher", Action::Resume, u"2026-11-26 09:00"},
                 {u"unit.sanitation", Action::ReportHandled, u"2026-11-26 10:00"}});
    QCOMPARE(c.state, CaseState::Handled);
    const IndicatorCounts unit = countsOf(SubjectKind::ResponsibleUnit, u"hp.sanitation"_s, u"2026-11"_s);
    QCOMPARE(unit.handlingDue, 1);
    QCOMPARE(unit.handled, 1);
    QCOMPARE(unit.handledOnTime, 1); // parking stopped the clock
    QCOMPARE(unit.overdueOpen, 0);
}

void TestEvaluationStore::overdueOpenAtThePeriodsEnd()
{
    CaseRecord late = reportAt(u"2026-11-23 09:00"_s);
    late = walk(late, {{u"acceptor", Action::Accept, u"2026-11-23 09:10"},
                       {u"shift", Action::File, u"2026-11-23 09:20"},
                       {u"dispatcher", Action::Dispatch, u"2026-11-23 10:00"}}); // due 13:30, never handled
    CaseRecord handledLate = reportAt(u"2026-11-27 09:00"_s, u"310101002002001"_s);
    handledLate = walk(handledLate, {{u"acceptor", Action::Accept, u"2026-11-27 09:10"},
                                     {u"shift", Action::File, u"2026-11-27 09:20"},
                                     {u"dispatcher", Action::Dispatch, u"2026-11-27 10:00"}, // due 13:30
                                     {u"unit.sanitation", Action::ReportHandled, u"2026-12-01 10:00"}});
    QCOMPARE(handledLate.state, CaseState::Handled);
    // Before the deadline nothing is overdue; after it both are; once the period has ended, the one handled
    // in December still counts as open at the end of November.
    QCOMPARE(countsOf(SubjectKind::ResponsibleUnit, u"hp.sanitation"_s, u"2026-11"_s,
                      beijing(u"2026-11-23 12:00"_s))
                 .overdueOpen,
             0);
    QCOMPARE(countsOf(SubjectKind::ResponsibleUnit, u"hp.sanitation"_s, u"2026-11"_s,
                      beijing(u"2026-11-27 14:00"_s))
                 .overdueOpen,
             2);
    const IndicatorCounts unit = countsOf(SubjectKind::ResponsibleUnit, u"hp.sanitation"_s, u"2026-11"_s,
                                          beijing(u"2026-12-05 12:00"_s));
    QCOMPARE(unit.handlingDue, 2);
    QCOMPARE(unit.handled, 1);
    QCOMPARE(unit.handledOnTime, 0);
    QCOMPARE(unit.overdueOpen, 2);
    QCOMPARE(rate(unit, Indicator::OverdueOpenRate).value(), 1.0);
    QCOMPARE(countsOf(SubjectKind::Community, u"310101002001"_s, u"2026-11"_s).overdueOpen, 1);
    QCOMPARE(countsOf(SubjectKind::Community, u"310101002002"_s, u"2026-11"_s).overdueOpen, 1);
    QCOMPARE(countsOf(SubjectKind::Street, u"310101002"_s, u"2026-11"_s).overdueOpen, 2);
    QCOMPARE(countsOf(SubjectKind::UnitGrid, u"310101002002001"_s, u"2026-11"_s).overdueOpen, 1);
    // Both were dispatched in week 48; the day of the second holds only it.
    QCOMPARE(countsOf(SubjectKind::Street, u"310101002"_s, u"2026-W48"_s).overdueOpen, 2);
    QCOMPARE(countsOf(SubjectKind::Street, u"310101002"_s, u"2026-11-27"_s).overdueOpen, 1);
}

void TestEvaluationStore::supervisorMissRateOverTheirGrids()
{
    auto &w = *mWorld;
    addSupervisorsResponsibilityGrid(w);
    QSqlQuery q(w.store().database());
    // The supervisor's own report, and a hotline case in their grid, both filed; one outside their grids.
    CaseRecord own = reportAt(u"2026-11-23 09:00"_s);
    walk(own,
         {{u"acceptor", Action::Accept, u"2026-11-23 09:10"}, {u"shift", Action::File, u"2026-11-23 09:20"}});
    w.clock->setNow(beijing(u"2026-11-23 10:00"_s));
    NewCaseRequest r;
    r.source = CaseSource::Hotline12345;
    r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    r.grid = UnitGridCode::parse(u"310101002001002"_s).value();
    r.description = u"市民来电：垃圾"_s;
    auto hotline = w.service().report(w.actor(u"system"_s), r);
    QVERIFY2(hotline.ok(), qPrintable(hotline.errorMessage()));
    walk(*hotline,
         {{u"acceptor", Action::Accept, u"2026-11-23 10:10"}, {u"shift", Action::File, u"2026-11-23 10:20"}});
    CaseRecord elsewhere = reportAt(u"2026-11-23 11:00"_s, u"310101002002001"_s);
    walk(elsewhere,
         {{u"acceptor", Action::Accept, u"2026-11-23 11:10"}, {u"shift", Action::File, u"2026-11-23 11:20"}});
    const IndicatorCounts sup = countsOf(SubjectKind::Supervisor, u"sup"_s, u"2026-11"_s);
    QCOMPARE(sup.reports, 2);
    QCOMPARE(sup.reportsFiled, 2);
    QCOMPARE(sup.filedInGrids, 2);
    QCOMPARE(sup.filedFromOthers, 1);
    QCOMPARE(rate(sup, Indicator::MissRate).value(), 0.5);
    const IndicatorCounts grid = countsOf(SubjectKind::ResponsibilityGrid, u"R1"_s, u"2026-11"_s);
    QCOMPARE(grid.filedInGrids, 2);
    QCOMPARE(grid.filedFromOthers, 1);
    QCOMPARE(grid.reports, 2);
    // Supervisor score: effective 1 × 40 + (1 − 0.5) × 20; verify and check not applicable: 50 / 60 → 83.33.
    EvaluationQuery eq;
    eq.period = Period::month(2026, 11);
    eq.kind = SubjectKind::Supervisor;
    auto rows = mEval->evaluate(eq);
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->at(0).score.points.value(), 83.33);
    QCOMPARE(rows->at(0).score.leftOut,
             (QList<Indicator>{Indicator::OnTimeVerifyRate, Indicator::OnTimeCheckRate}));
}

void TestEvaluationStore::scopeLimitsTheSubjects()
{
    reportAt(u"2026-11-23 09:00"_s);
    reportAt(u"2026-11-23 09:05"_s, u"310101002002001"_s);
    auto &w = *mWorld;
    w.clock->setNow(beijing(u"2026-11-23 09:10"_s));
    NewCaseRequest r;
    r.source = CaseSource::Hotline12345;
    r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    r.grid = UnitGridCode::parse(u"310104003001001"_s).value();
    r.description = u"徐汇的垃圾"_s;
    QVERIFY(w.service().report(w.actor(u"system"_s), r).ok());

    EvaluationQuery q;
    q.period = Period::month(2026, 11);
    q.kind = SubjectKind::Community;
    auto all = mEval->counts(q);
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 3);
    q.scope = JurisdictionCode::parse(u"310101"_s).value();
    auto huangpu = mEval->counts(q);
    QVERIFY(huangpu.ok());
    QCOMPARE(huangpu->size(), 2);
    q.scope = JurisdictionCode::parse(u"310104003"_s).value();
    auto street = mEval->counts(q);
    QVERIFY(street.ok());
    QCOMPARE(street->size(), 1);
    QCOMPARE(street->at(0).subject, u"310104003001"_s);
    QCOMPARE(street->at(0).name, u"建襄居委会"_s);
    q.scope = JurisdictionCode::parse(u"310000"_s).value();
    QCOMPARE(mEval->counts(q)->size(), 3);
    // People: their jurisdiction must lie in the scope.
    q.kind = SubjectKind::Supervisor;
    q.scope = JurisdictionCode::parse(u"310104"_s).value();
    QCOMPARE(mEval->counts(q)->size(), 0);
    q.scope = JurisdictionCode::parse(u"310101"_s).value();
    QCOMPARE(mEval->counts(q)->size(), 1);
}

// October: community 001 on time (100), 002 late (75: handling 30 + on time 0 + overdue-open 20 + extension
// 10 of 80, rework not applicable with nothing due for closing). November the other way round.
void TestEvaluationStore::rankingAndChangeAgainstThePreviousPeriod()
{
    const struct
    {
        const char16_t *day;
        const char16_t *grid;
        const char16_t *handled;
    } cases[] = {
        {u"2026-10-26", u"310101002001001", u"2026-10-26 11:00"},
        {u"2026-10-27", u"310101002002001", u"2026-10-27 16:00"},
        {u"2026-11-23", u"310101002001001", u"2026-11-23 16:00"},
        {u"2026-11-24", u"310101002002001", u"2026-11-24 11:00"},
    };
    for (const auto &k : cases) {
        const QString day = QString::fromUtf16(k.day);
        CaseRecord c = reportAt(day + u" 09:00"_s, QString::fromUtf16(k.grid));
        const QString a = day + u" 09:10"_s, f = day + u" 09:20"_s, d = day + u" 10:00"_s;
        c = walk(c, {{u"acceptor", Action::Accept, reinterpret_cast<const char16_t *>(a.utf16())},
                     {u"shift", Action::File, reinterpret_cast<const char16_t *>(f.utf16())},
                     {u"dispatcher", Action::Dispatch, reinterpret_cast<const char16_t *>(d.utf16())},
                     {u"unit.sanitation", Action::ReportHandled, k.handled}});
        QCOMPARE(c.state, CaseState::Handled);
    }
    EvaluationQuery q;
    q.period = Period::parse(u"2026-11"_s).value();
    q.kind = SubjectKind::Community;
    q.now = beijing(u"2026-12-01 00:00"_s);
    auto rows = mEval->evaluate(q);
    QVERIFY2(rows.ok(), qPrintable(rows.errorMessage()));
    QCOMPARE(rows->size(), 2);
    const EvaluationRow &first = rows->at(0), &second = rows->at(1);
    QCOMPARE(first.subject, u"310101002002"_s);
    QCOMPARE(first.score.points.value(), 100.0);
    QCOMPARE(first.rank, 1);
    QCOMPARE(first.previousRank.value(), 2);
    QCOMPARE(first.previousPoints.value(), 75.0);
    QCOMPARE(first.change.value(), 25.0);
    QCOMPARE(first.rankChange().value(), 1);
    QCOMPARE(second.subject, u"310101002001"_s);
    QCOMPARE(second.score.points.value(), 75.0);
    QCOMPARE(second.score.grade, QChar(u'B'));
    QCOMPARE(second.rank, 2);
    QCOMPARE(second.previousRank.value(), 1);
    QCOMPARE(second.change.value(), -25.0);
    QCOMPARE(second.rankChange().value(), -1);

    // Equal points share a rank: the quarter holds one on-time and one late case in each community.
    q.period = Period::parse(u"2026-Q4"_s).value();
    rows = mEval->evaluate(q);
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(0).score.points.value(), 87.5); // (30 + 10 + 20 + 10) / 80
    QCOMPARE(rows->at(0).rank, 1);
    QCOMPARE(rows->at(1).rank, 1);
    QVERIFY(!rows->at(0).previousRank); // nothing in Q3
}

void TestEvaluationStore::weightsRoundTripAndBadWeightsAreRefused()
{
    auto defaults = mEval->weights(ScoreKind::Area);
    QVERIFY(defaults.ok());
    QCOMPARE(defaults->terms().size(), 5);
    auto custom = ScoreWeights::make({{Indicator::HandlingRate, 60}, {Indicator::OverdueOpenRate, 40, true}});
    QVERIFY(custom.ok());
    QVERIFY(mEval->setWeights(ScoreKind::Area, *custom).ok());
    auto back = mEval->weights(ScoreKind::Area);
    QVERIFY(back.ok());
    QCOMPARE(back->terms().size(), 2);
    QCOMPARE(back->terms()[0].indicator, Indicator::HandlingRate);
    QCOMPARE(back->terms()[0].weight, 60.0);
    QCOMPARE(back->terms()[0].inverted, false);
    QCOMPARE(back->terms()[1].indicator, Indicator::OverdueOpenRate);
    QCOMPARE(back->terms()[1].inverted, true);
    // Other kinds keep their defaults.
    QCOMPARE(mEval->weights(ScoreKind::ResponsibleUnit)->terms().size(), 5);

    // The stored weights score the evaluation: a dispatched case not yet handled nor late → handling 0 × 60
    // + (1 − overdue-open 0) × 40.
    CaseRecord c = reportAt(u"2026-11-23 09:00"_s);
    walk(c, {{u"acceptor", Action::Accept, u"2026-11-23 09:10"},
             {u"shift", Action::File, u"2026-11-23 09:20"},
             {u"dispatcher", Action::Dispatch, u"2026-11-23 10:00"}});
    EvaluationQuery q;
    q.period = Period::month(2026, 11);
    q.kind = SubjectKind::District;
    q.now = beijing(u"2026-11-23 11:00"_s);
    auto rows = mEval->evaluate(q);
    QVERIFY(rows.ok());
    QCOMPARE(rows->at(0).score.points.value(), 40.0);
    QCOMPARE(rows->at(0).score.grade, QChar(u'D'));

    // Bad weights never get made, so never stored.
    auto bad = ScoreWeights::make({{Indicator::HandlingRate, 60}, {Indicator::ReworkRate, 30}});
    QVERIFY(!bad.ok());
    QCOMPARE(bad.errorMessage(), u"the weights add up to 90; they must add up to 100"_s);
    auto negative = ScoreWeights::make({{Indicator::HandlingRate, 110}, {Indicator::ReworkRate, -10}});
    QCOMPARE(negative.errorMessage(), u"the weight of rework_rate must be greater than 0, not -10"_s);

    QVERIFY(mEval->resetWeights(ScoreKind::Area).ok());
    QCOMPARE(mEval->weights(ScoreKind::Area)->terms().size(), 5);
}

void TestEvaluationStore::damagedStoredWeightsAreNamed()
{
    QSqlQuery q(mWorld->store().database());
    QVERIFY(q.exec(u"INSERT INTO eval_weights(score_kind, terms, updated_at) VALUES ('supervisor', "
                   u"'[{\"indicator\":\"no_such_rate\",\"weight\":100}]', 0)"_s));
    auto w = mEval->weights(ScoreKind::Supervisor);
    QVERIFY(!w.ok());
    QCOMPARE(w.errorCode(), ErrorCode::Corrupt);
    QVERIFY2(w.errorMessage().contains(u"supervisor weights"_s) &&
                 w.errorMessage().contains(u"indicator 'no_such_rate' is unknown"_s),
             qPrintable(w.errorMessage()));
    EvaluationQuery eq;
    eq.period = Period::month(2026, 11);
    eq.kind = SubjectKind::Supervisor;
    QCOMPARE(mEval->evaluate(eq).errorCode(), ErrorCode::Corrupt);
}

// Random walks through the workflow: the facts the triggers kept are exactly those a rebuild computes.
void TestEvaluationStore::incrementalFactsEqualAFullRebuild()
{
    auto &w = *mWorld;
    QRandomGenerator random(20261129);
    const QStringList grids{u"310101002001001"_s, u"310101002001002"_s, u"310101002002001"_s};
    const QStringList logins{u"sup"_s,        u"acceptor"_s, u"shift"_s,
                             u"dispatcher"_s, u"leader"_s,   u"unit.sanitation"_s,
                             u"unit.roads"_s, u"system"_s,   u"inspector"_s};
    QDateTime now = beijing(u"2026-10-20 08:00"_s);
    QList<CaseRecord> open;
    int actions = 0;
    for (int round = 0; round < 400; ++round) {
        now = now.addSecs(60 * random.bounded(5, 240));
        w.clock->setNow(now);
        if (open.size() < 6 || random.bounded(4) == 0) {
            auto c = w.report(u"sup"_s, u"event/06010"_s, grids[random.bounded(int(grids.size()))]);
            QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
            open.append(*c);
            continue;
        }
        const int i = random.bounded(int(open.size()));
        CaseRecord &c = open[i];
        QList<std::pair<QString, Action>> choices;
        for (const QString &login : logins) {
            for (Action a : w.service().availableActions(w.actor(login), c)) {
                if (a != Action::Escalate && a != Action::HandDown)
                    choices.append({login, a});
            }
        }
        if (choices.isEmpty()) {
            open.removeAt(i);
            continue;
        }
        const auto [login, action] = choices[random.bounded(int(choices.size()))];
        auto next = w.act(login, c, action, [&](ActionRequest &r) {
            if (action == Action::Dispatch)
                r.unitId = random.bounded(2) ? w.sanitation : w.roads;
            if (action == Action::RequestExtension)
                r.requestedDate = c.handlingDueAt.addDays(2);
            if (action == Action::RequestPark)
                r.requestedDate = now.addDays(1);
        });
        QVERIFY2(next.ok(), qPrintable(actionName(action) + u": "_s + next.errorMessage()));
        c = *next;
        ++actions;
        if (!c.isOpen())
            open.removeAt(i);
    }
    QVERIFY(actions > 250);
    const QStringList incremental = dumpFacts(w.store());
    QVERIFY(incremental.size() > 50);
    QVERIFY(mEval->recomputeFacts().ok());
    const QStringList rebuilt = dumpFacts(w.store());
    if (incremental != rebuilt) {
        for (const QString &row : incremental) {
            if (!rebuilt.contains(row))
                qWarning() << "incremental only:" << row;
        }
        for (const QString &row : rebuilt) {
            if (!incremental.contains(row))
                qWarning() << "rebuilt only:" << row;
        }
    }
    QCOMPARE(incremental, rebuilt);
    // The unit grids' monthly rows are among them (October and November), each the sum of its daily rows.
    QCOMPARE(std::count_if(incremental.cbegin(), incremental.cend(),
                           [](const QString &row) {
                               return row.startsWith(u"facts %1|grid_month|"_s.arg(dayNumber({2026, 10, 1})));
                           }),
             3);
    QVERIFY(std::any_of(incremental.cbegin(), incremental.cend(), [](const QString &row) {
        return row.startsWith(u"facts %1|grid_month|"_s.arg(dayNumber({2026, 11, 1})));
    }));
    QCOMPARE(monthRowsThatDifferFromTheirDays(w.store()), QStringList());
}

void TestEvaluationStore::drillDownToCases()
{
    CaseRecord a = reportAt(u"2026-11-23 09:00"_s);
    CaseRecord b = reportAt(u"2026-11-23 09:10"_s, u"310101002002001"_s);
    CaseRecord october = reportAt(u"2026-10-23 09:10"_s);
    EvaluationQuery q;
    q.period = Period::month(2026, 11);
    q.kind = SubjectKind::Street;
    QCOMPARE(mEval->casesOf(q, u"310101002"_s).value(), (QList<qint64>{b.id, a.id}));
    q.kind = SubjectKind::UnitGrid;
    QCOMPARE(mEval->casesOf(q, u"310101002001001"_s).value(), (QList<qint64>{a.id}));
    q.period = Period::month(2026, 10);
    QCOMPARE(mEval->casesOf(q, u"310101002001001"_s).value(), (QList<qint64>{october.id}));
}

// migrate: the facts are rebuilt in the target, equal to the source's; weights and major events are copied.
void TestEvaluationStore::copiedStoreHasTheSameFacts()
{
    if (mWorld->onPostgres())
        QSKIP("migrate copies SQLite stores (into PostgreSQL: test_pgstore); this copies the SQLite world");
    CaseRecord c = reportAt(u"2026-11-23 09:00"_s);
    walk(c, {{u"acceptor", Action::Accept, u"2026-11-23 09:10"},
             {u"shift", Action::File, u"2026-11-23 09:20"},
             {u"dispatcher", Action::Dispatch, u"2026-11-23 09:30"},
             {u"unit.sanitation", Action::RequestReturn, u"2026-11-23 09:40"},
             {u"dispatcher", Action::ApproveReturn, u"2026-11-23 09:50"},
             {u"dispatcher", Action::Dispatch, u"2026-11-23 10:00"},
             {u"unit.sanitation", Action::ReportHandled, u"2026-11-24 16:00"}});
    QVERIFY(mEval->setWeights(ScoreKind::Area, ScoreWeights::make({{Indicator::HandlingRate, 100}}).value())
                .ok());
    MajorEvent e;
    e.name = u"马拉松"_s;
    e.startsAt = beijing(u"2026-12-01 00:00"_s);
    e.endsAt = beijing(u"2026-12-02 00:00"_s);
    e.areas = {JurisdictionCode::parse(u"310101"_s).value()};
    e.limitFactor = 0.5;
    QVERIFY(mEval->addMajorEvent(e).ok());
    const QStringList source = dumpFacts(mWorld->store());
    QCOMPARE(source.size(), 11); // 4 people, 1 unit, 4 area levels and the grid's month, 1 late handling

    QTemporaryDir dir;
    auto target = SqlStore::open(dir.filePath(u"copy.sqlite"_s));
    QVERIFY2(target.ok(), qPrintable(target.errorMessage()));
    auto copied = copyStore(mWorld->store(), **target);
    QVERIFY2(copied.ok(), qPrintable(copied.errorMessage()));
    QCOMPARE(dumpFacts(**target), source);
    EvaluationStore copy(**target);
    QCOMPARE(copy.weights(ScoreKind::Area)->terms().size(), 1);
    QCOMPARE(copy.majorEvents()->size(), 1);
    QCOMPARE(copy.majorEvents()->first().name, u"马拉松"_s);
}

// The unit grids' (and responsibility grids', and the supervisors' miss-rate) counts of whole months come
// from the monthly rows, the days around them from the daily rows: a month, a week, a range that starts
// mid-month and ends mid-next-month, and one around a whole month all equal the sums of their single days.
void TestEvaluationStore::monthsOfGridsAreReadFromMonthlyRowsAndEqualTheirDays()
{
    auto &w = *mWorld;
    addSupervisorsResponsibilityGrid(w);
    QSqlQuery sql(w.store().database());
    // A case every 4 days from 31 October to 8 December in three grids, walked to the end over two days (so
    // that handling, checks and closings fall on other days, October's in November); every fourth from the
    // hotline (filed from others).
    const QStringList grids{u"310101002001001"_s, u"310101002001002"_s, u"310101002002001"_s};
    int walked = 0;
    for (QDate day(2026, 10, 31); day <= QDate(2026, 12, 8); day = day.addDays(4), ++walked) {
        const QString at = day.toString(Qt::ISODate);
        const QString next = day.addDays(1).toString(Qt::ISODate);
        w.clock->setNow(beijing(at + u" 09:00"_s));
        NewCaseRequest r;
        r.source = walked % 4 == 1 ? CaseSource::Hotline12345 : CaseSource::Patrol;
        r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
        r.grid = UnitGridCode::parse(grids[walked % 3]).value();
        r.description = u"路边有成堆垃圾"_s;
        auto reported = w.service().report(w.actor(walked % 4 == 1 ? u"system"_s : u"sup"_s), r);
        QVERIFY2(reported.ok(), qPrintable(reported.errorMessage()));
        const auto steps = QList<std::tuple<QString, Action, QString>>{
            {u"acceptor"_s, Action::Accept, at + u" 09:10"_s},
            {u"shift"_s, Action::File, at + u" 09:20"_s},
            {u"dispatcher"_s, Action::Dispatch, at + u" 09:30"_s},
            {u"unit.sanitation"_s, Action::ReportHandled, next + u" 16:00"_s},
            {u"acceptor"_s, Action::SendToCheck, next + u" 16:10"_s},
            {u"sup"_s, Action::CheckPass, next + u" 16:20"_s},
            {u"shift"_s, Action::Close, next + u" 16:30"_s}};
        CaseRecord c = *reported;
        for (const auto &[login, action, when] : steps) {
            w.clock->setNow(beijing(when));
            auto done = w.act(login, c, action);
            QVERIFY2(done.ok(), qPrintable(actionName(action) + u": "_s + done.errorMessage()));
            c = *done;
        }
    }
    QCOMPARE(walked, 10);
    QCOMPARE(monthRowsThatDifferFromTheirDays(w.store()), QStringList());

    // Every subject's counts of a period, overdue open left out (it is read per period from eval_handling,
    // not from the facts).
    auto countsOver = [&](SubjectKind kind, const Period &period) {
        QMap<QString, IndicatorCounts> bySubject;
        EvaluationQuery q;
        q.period = period;
        q.kind = kind;
        q.now = beijing(u"2026-12-31 00:00"_s);
        auto rows = mEval->counts(q);
        if (!rows) {
            qWarning() << rows.errorMessage();
            return bySubject;
        }
        for (const EvaluationRow &r : *rows) {
            IndicatorCounts counts = r.counts;
            counts.overdueOpen = 0;
            bySubject[r.subject] += counts;
        }
        return bySubject;
    };
    auto sumOfDays = [&](SubjectKind kind, const Period &period) {
        QMap<QString, IndicatorCounts> sums;
        for (QDate d = period.first(); d <= period.last(); d = d.addDays(1)) {
            const auto days = countsOver(kind, Period::day(d));
            for (auto it = days.cbegin(); it != days.cend(); ++it)
                sums[it.key()] += it.value();
        }
        return sums;
    };
    const QStringList periods{u"2026-11"_s, u"2026-W48"_s, u"2026-11-10..2026-12-05"_s,
                              u"2026-10-15..2026-12-10"_s, u"2026-10-29..2026-11-30"_s};
    for (SubjectKind kind :
         {SubjectKind::UnitGrid, SubjectKind::ResponsibilityGrid, SubjectKind::Supervisor}) {
        for (const QString &text : periods) {
            const Period period = Period::parse(text).value();
            const auto whole = countsOver(kind, period);
            QVERIFY2(!whole.isEmpty(), qPrintable(text));
            QVERIFY2(whole == sumOfDays(kind, period),
                     qPrintable(subjectKindName(kind) + u" over "_s + text));
        }
    }
    const IndicatorCounts november =
        countsOver(SubjectKind::UnitGrid, Period::month(2026, 11)).value(u"310101002001001"_s);
    QCOMPARE(november.filed, 2);   // 12 and 24 November
    QCOMPARE(november.handled, 2); // their dispatches' month
    QCOMPARE(november.closed, 3);  // and the case of 31 October, closed on 1 November

    // Proof of which rows are read: a monthly row changed by hand shows in the periods that hold the whole
    // month, and in no other.
    QVERIFY2(sql.exec(u"UPDATE eval_facts SET reports = reports + 100 WHERE kind = 'grid_month' AND day = %1 "
                      u"AND subject = '310101002001001'"_s.arg(dayNumber({2026, 11, 1}))),
             qPrintable(sql.lastError().text()));
    QCOMPARE(sql.numRowsAffected(), 1);
    auto reportsOf = [&](SubjectKind kind, const QString &period, const QString &subject) {
        return countsOver(kind, Period::parse(period).value()).value(subject).reports;
    };
    QCOMPARE(reportsOf(SubjectKind::UnitGrid, u"2026-11"_s, u"310101002001001"_s), 100 + november.reports);
    QCOMPARE(reportsOf(SubjectKind::UnitGrid, u"2026-10-15..2026-12-10"_s, u"310101002001001"_s),
             100 + sumOfDays(SubjectKind::UnitGrid, Period::parse(u"2026-10-15..2026-12-10"_s).value())
                       .value(u"310101002001001"_s)
                       .reports);
    QCOMPARE(reportsOf(SubjectKind::ResponsibilityGrid, u"2026-11"_s, u"R1"_s),
             100 +
                 sumOfDays(SubjectKind::ResponsibilityGrid, Period::month(2026, 11)).value(u"R1"_s).reports);
    for (const QString &text : {u"2026-W48"_s, u"2026-11-10..2026-12-05"_s, u"2026-10-29..2026-11-29"_s}) {
        const Period period = Period::parse(text).value();
        QVERIFY2(countsOver(SubjectKind::UnitGrid, period) == sumOfDays(SubjectKind::UnitGrid, period),
                 qPrintable(text));
    }
}

// Migration 6 on a store of version 5 with daily facts: the unit grids' monthly rows are made from the daily
// grid rows, the other kinds stay as they were, and the trigger writes monthly rows from then on.
void TestEvaluationStore::version5StoreGetsTheMonthlyGridRows()
{
    QTemporaryDir dir;
    QString pgUrl;
    if (mWorld->onPostgres()) {
        auto made = test::createPgTestDatabase(false);
        QVERIFY2(made.ok(), qPrintable(made.errorMessage()));
        pgUrl = *made;
    }
    const auto dropDatabase = qScopeGuard([&pgUrl] {
        if (!pgUrl.isEmpty())
            test::dropPgTestDatabase(pgUrl);
    });
    const QString path = pgUrl.isEmpty() ? dir.filePath(u"version5.sqlite"_s) : pgUrl;
    QCOMPARE(makeVersion5Store(path, pgUrl), QString());
    {
        // Daily facts as a version-5 store kept them: grid A on 31 October, 1 and 30 November; grid B on 15
        // November; and A's community.
        QSqlDatabase db;
        std::optional<test::PgRawConnection> pg;
        const QString name = u"version5-facts"_s;
        if (!pgUrl.isEmpty()) {
            pg.emplace(pgUrl);
            db = pg->database();
        } else {
            db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(path);
            QVERIFY(db.open());
        }
        QSqlQuery q(db);
        for (const auto &[day, kind, subject, reports, handled] :
             QList<std::tuple<QDate, QString, QString, int, int>>{
                 {{2026, 10, 31}, u"grid"_s, u"310101002001001"_s, 2, 0},
                 {{2026, 11, 1}, u"grid"_s, u"310101002001001"_s, 3, 1},
                 {{2026, 11, 30}, u"grid"_s, u"310101002001001"_s, 4, 2},
                 {{2026, 11, 15}, u"grid"_s, u"310101002001002"_s, 5, 0},
                 {{2026, 11, 1}, u"community"_s, u"310101002001"_s, 3, 1}}) {
            QVERIFY2(q.exec(u"INSERT INTO eval_facts(day, kind, subject, reports, handled) VALUES (%1, '%2', "
                            u"'%3', %4, %5)"_s.arg(dayNumber(day))
                                .arg(kind, subject)
                                .arg(reports)
                                .arg(handled)),
                     qPrintable(q.lastError().text()));
        }
        q = QSqlQuery();
        if (pgUrl.isEmpty()) {
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
        }
    }
    {
        auto store = SqlStore::open(path, SqlStore::OpenMode::MustExist);
        QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
        QCOMPARE((*store)->schemaVersion(), SqlStore::latestSchemaVersion());
        QSqlQuery q((*store)->database());
        QVERIFY(q.exec(
            u"SELECT day, kind, subject, reports, handled FROM eval_facts ORDER BY kind, day, subject"_s));
        QStringList rows;
        while (q.next())
            rows.append(u"%1 %2 %3 %4 %5"_s.arg(
                QDate(1970, 1, 1).addDays(q.value(0).toInt()).toString(Qt::ISODate), q.value(1).toString(),
                q.value(2).toString(), q.value(3).toString(), q.value(4).toString()));
        QCOMPARE(rows,
                 (QStringList{
                     u"2026-11-01 community 310101002001 3 1"_s, u"2026-10-31 grid 310101002001001 2 0"_s,
                     u"2026-11-01 grid 310101002001001 3 1"_s, u"2026-11-15 grid 310101002001002 5 0"_s,
                     u"2026-11-30 grid 310101002001001 4 2"_s, u"2026-10-01 grid_month 310101002001001 2 0"_s,
                     u"2026-11-01 grid_month 310101002001001 7 3"_s,
                     u"2026-11-01 grid_month 310101002001002 5 0"_s}));
        QVERIFY(q.exec(u"SELECT kind FROM eval_levels ORDER BY kind"_s));
        QStringList levels;
        while (q.next())
            levels.append(q.value(0).toString());
        QCOMPARE(levels, (QStringList{u"community"_s, u"district"_s, u"grid"_s, u"grid_month"_s, u"street"_s,
                                      u"unit"_s}));
        if (pgUrl.isEmpty()) {
            QVERIFY(q.exec(u"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                           u"'case_events_eval_%'"_s));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 5);
            QVERIFY(q.exec(u"SELECT sql FROM sqlite_master WHERE name = 'case_events_eval_facts'"_s));
        } else {
            // Still the owner's function, with its generic plans, and still not executable by anyone else.
            QVERIFY(q.exec(u"SELECT prosecdef, array_to_string(proconfig, ' '), "
                           u"has_function_privilege('citygrid_station', oid, 'EXECUTE') FROM pg_proc "
                           u"WHERE proname = 'cg_eval_case_event'"_s));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toBool(), true);
            QCOMPARE(q.value(1).toString(), u"search_path=public plan_cache_mode=force_generic_plan"_s);
            QCOMPARE(q.value(2).toBool(), false);
            QVERIFY(q.exec(u"SELECT prosrc FROM pg_proc WHERE proname = 'cg_eval_case_event'"_s));
        }
        QVERIFY(q.next());
        QVERIFY(q.value(0).toString().contains(u"'grid_month'"_s));
    }
}

// On PostgreSQL a station connects as its login's own database role, under row-level security, and may only
// read the facts: its case events still reach the city's daily and monthly facts, through the owner's
// SECURITY DEFINER trigger.
void TestEvaluationStore::stationLoginEventsReachTheFactsThroughTheOwnersTrigger()
{
    auto &w = *mWorld;
    if (!w.onPostgres())
        QSKIP("database roles and row-level security are PostgreSQL's (CG_TEST_STORE=postgresql)");
    const QString database = parsePostgresUrl(w.path())->database;
    for (const QString &login : {u"sup"_s, u"acceptor"_s, u"shift"_s})
        QVERIFY(w.store().setPassword(login, login + u"-password-2026"_s).ok());
    auto stationOf = [&](const QString &login) {
        auto s = Session::open(
            test::pgUrlWith(w.path(), database, u"cg_"_s + login, login + u"-password-2026"_s),
            SqlStore::OpenMode::MustExist, std::make_unique<ManualClock>(beijing(u"2026-11-23 09:00"_s)));
        if (!s)
            qWarning() << s.errorMessage();
        return s.ok() ? std::move(s).value() : nullptr;
    };
    auto sup = stationOf(u"sup"_s), acceptor = stationOf(u"acceptor"_s), shift = stationOf(u"shift"_s);
    QVERIFY(sup && acceptor && shift);
    QCOMPARE(sup->store().connectedLogin().value(), u"sup"_s);

    // The station may read the facts but not write them.
    {
        test::PgRawConnection raw(test::pgUrlWith(w.path(), database, u"cg_sup"_s, u"sup-password-2026"_s));
        QVERIFY2(raw.isOpen(), qPrintable(raw.openError()));
        QCOMPARE(raw.exec(u"SELECT count(*) FROM eval_facts"_s), QString());
        QVERIFY(raw.exec(u"INSERT INTO eval_facts(day, kind, subject) VALUES (1, 'grid', 'x')"_s)
                    .contains(u"permission denied"_s));
        QVERIFY(raw.exec(u"UPDATE eval_facts SET reports = 9"_s).contains(u"permission denied"_s));
    }

    NewCaseRequest r;
    r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    r.grid = UnitGridCode::parse(u"310101002001002"_s).value();
    r.description = u"路边有成堆垃圾"_s;
    auto reported = sup->cases().report(w.actor(u"sup"_s), r);
    QVERIFY2(reported.ok(), qPrintable(reported.errorMessage()));
    auto apply = [&](Session &station, const QString &login, const CaseRecord &c, Action action) {
        ActionRequest a;
        a.caseId = c.id;
        a.expectedVersion = c.version;
        a.action = action;
        a.comment = u"ok"_s;
        return station.cases().apply(w.actor(login), a);
    };
    auto accepted = apply(*acceptor, u"acceptor"_s, *reported, Action::Accept);
    QVERIFY2(accepted.ok(), qPrintable(accepted.errorMessage()));
    auto filed = apply(*shift, u"shift"_s, *accepted, Action::File);
    QVERIFY2(filed.ok(), qPrintable(filed.errorMessage()));

    // Every event was written by a station's role (the audit chain names them), and the facts are the city's.
    test::PgRawConnection admin(w.path());
    QCOMPARE(admin
                 .value(u"SELECT string_agg(action || ':' || role, ',' ORDER BY seq) FROM case_events WHERE "
                        u"case_id = %1"_s.arg(reported->id))
                 .toString(),
             u"report:supervisor,accept:acceptor,file:shift_leader"_s);
    QVERIFY(admin.value(u"SELECT cg_fold_eval_facts()"_s).toInt() > 0);
    QCOMPARE(
        admin
            .value(u"SELECT string_agg(kind || ':' || subject || ':' || reports || ':' || filed || ':' || "
                   u"filed_in_grids, ',' ORDER BY kind, subject) FROM eval_facts WHERE kind IN ('grid', "
                   u"'grid_month') AND day IN (%1, %2)"_s.arg(dayNumber({2026, 11, 23}))
                       .arg(dayNumber({2026, 11, 1})))
            .toString(),
        u"grid:310101002001002:1:1:1,grid_month:310101002001002:1:1:1"_s);
    const IndicatorCounts grid = countsOf(SubjectKind::UnitGrid, u"310101002001002"_s, u"2026-11"_s);
    QCOMPARE(grid.reports, 1);
    QCOMPARE(grid.filed, 1);
    const IndicatorCounts person = countsOf(SubjectKind::Supervisor, u"sup"_s, u"2026-11"_s);
    QCOMPARE(person.reports, 1);
    QCOMPARE(person.reportsFiled, 1);
    QCOMPARE(countsOf(SubjectKind::ShiftLeader, u"shift"_s, u"2026-11"_s).filed, 1);
    QCOMPARE(countsOf(SubjectKind::Acceptor, u"acceptor"_s, u"2026-11"_s).acceptDue, 1);
    // The station reads the same month.
    EvaluationStore stationEval(sup->store());
    EvaluationQuery q;
    q.period = Period::month(2026, 11);
    q.kind = SubjectKind::UnitGrid;
    q.now = beijing(u"2026-12-31 00:00"_s);
    auto seen = stationEval.counts(q);
    QVERIFY2(seen.ok(), qPrintable(seen.errorMessage()));
    QCOMPARE(seen->size(), 1);
    QCOMPARE(seen->first().counts, grid);
    // And the owner's rebuild finds exactly what the trigger wrote.
    const QStringList incremental = dumpFacts(w.store());
    QVERIFY(mEval->recomputeFacts().ok());
    QCOMPARE(dumpFacts(w.store()), incremental);
}

QTEST_GUILESS_MAIN(TestEvaluationStore)
#include "test_evaluationstore.moc"
