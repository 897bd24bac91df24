// The evaluation facts (migration 3) and EvaluationStore, on SQLite and (CG_TEST_STORE=postgresql) on the
// fixture's PostgreSQL server: small hand-computed cases for every count of docs/indicators.md, the Beijing
// day and month boundaries, voided, returned, reworked, parked and extended cases, incremental facts against
// a full rebuild after a random workload, rankings with the change against the previous period, and weights.
#include "store/evaluationstore.h"
#include "store/storecopy.h"
#include "support/testworld.h"

#include <QRandomGenerator>
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

// Every row of eval_facts and eval_handling as text, sorted: two stores (or one store before and after a
// rebuild) hold the same facts exactly when these are equal.
QStringList dumpFacts(SqlStore &store)
{
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
    QSqlQuery q(w.store().database());
    QVERIFY2(
        q.exec(
            u"INSERT INTO responsibility_grids(code, name, street_code, supervisor_id, min_x, min_y, max_x, "
            u"max_y, geometry) VALUES ('R1', '贵州一组', '310101002', %1, 0, 0, 1, 1, '')"_s.arg(
                w.actor(u"sup"_s).userId)),
        qPrintable(q.lastError().text()));
    QVERIFY(q.exec(u"INSERT INTO responsibility_grid_cells(grid_code, responsibility_code) VALUES "
                   u"('310101002001001', 'R1'), ('310101002001002', 'R1')"_s));
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
    QCOMPARE(source.size(), 10); // 4 people, 1 unit, 4 area levels, 1 late handling

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

QTEST_GUILESS_MAIN(TestEvaluationStore)
#include "test_evaluationstore.moc"
