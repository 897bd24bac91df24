// The read queries of the dispatch, supervision, inspection and statistics panels: exact values on a small
// world, on SQLite and (CG_TEST_STORE=postgresql) on PostgreSQL.
#include "store/casestatistics.h"
#include "store/sqlcomponents.h"
#include "store/sqlinspectionrepository.h"
#include "support/testworld.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;
using cg::test::beijing;

namespace {

JurisdictionCode code(const QString &text)
{
    return JurisdictionCode::parse(text).value();
}

} // namespace

class TestCaseStatistics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void dailyCountsFillEveryDay();
    void dailyCountsRefuseAnEmptyPeriod();
    void openByStepInWorkflowOrder();
    void topClassesAndStreets();
    void unitPerformance();
    void boardByTierStreetAndUnit();
    void caseLists();
    void escalations();
    void componentOwnerNear();
    void inspectionTasksAndSupervisorLoads();

private:
    std::unique_ptr<test::TestWorld> mWorld;
    CaseRecord mA, mB, mC, mD;
    std::unique_ptr<CaseStatistics> mStats;
    StatisticsFilter mPeriod;
};

// Monday 11-23: A is reported, dispatched, handled on time and closed; B is dispatched and left overdue.
// Tuesday 11-24: C (another district's street, class 06010) and D (class 09006) are reported; D is escalated.
// Now is Tuesday 10:00.
void TestCaseStatistics::initTestCase()
{
    mWorld = std::make_unique<test::TestWorld>();
    QVERIFY(mWorld->open());
    auto &w = *mWorld;
    const auto ok = [](const Result<CaseRecord> &r) {
        if (!r)
            qWarning() << r.errorMessage();
        return r.ok();
    };
    auto a = w.report();
    QVERIFY(ok(a));
    w.clock->setNow(beijing(u"2026-11-23 09:05"_s));
    auto b = w.report(u"sup"_s, u"event/06010"_s, u"310101002001002"_s);
    QVERIFY(ok(b));
    w.clock->setNow(beijing(u"2026-11-23 09:10"_s));
    a = w.act(u"acceptor"_s, *a, Action::Accept);
    b = w.act(u"acceptor"_s, *b, Action::Accept);
    w.clock->setNow(beijing(u"2026-11-23 09:20"_s));
    a = w.act(u"shift"_s, *a, Action::File);
    b = w.act(u"shift"_s, *b, Action::File);
    w.clock->setNow(beijing(u"2026-11-23 10:00"_s));
    a = w.act(u"dispatcher"_s, *a, Action::Dispatch);
    b = w.act(u"dispatcher"_s, *b, Action::Dispatch);
    QVERIFY(ok(a) && ok(b));
    QCOMPARE(b->handlingDueAt, beijing(u"2026-11-23 13:30"_s));
    w.clock->setNow(beijing(u"2026-11-23 13:00"_s));
    a = w.act(u"unit.sanitation"_s, *a, Action::ReportHandled);
    QVERIFY(ok(a));
    w.clock->setNow(beijing(u"2026-11-23 13:10"_s));
    a = w.act(u"acceptor"_s, *a, Action::SendToCheck);
    w.clock->setNow(beijing(u"2026-11-23 13:40"_s));
    a = w.act(u"sup"_s, *a, Action::CheckPass);
    w.clock->setNow(beijing(u"2026-11-23 14:00"_s));
    a = w.act(u"shift"_s, *a, Action::Close);
    QVERIFY(ok(a));
    QCOMPARE(a->state, CaseState::Closed);

    w.clock->setNow(beijing(u"2026-11-24 09:00"_s));
    auto c = w.report(u"system"_s, u"event/06010"_s, u"310104003001001"_s);
    QVERIFY(ok(c));
    QCOMPARE(c->stepDueAt, beijing(u"2026-11-24 09:30"_s));
    w.clock->setNow(beijing(u"2026-11-24 09:40"_s));
    auto d = w.report(u"sup"_s, u"event/09006"_s, u"310101002002001"_s);
    QVERIFY(ok(d));
    QCOMPARE(d->stepDueAt, beijing(u"2026-11-24 10:10"_s));
    w.clock->setNow(beijing(u"2026-11-24 09:50"_s));
    d = w.act(u"dispatcher"_s, *d, Action::Escalate, [](ActionRequest &r) { r.comment = u"street stuck"_s; });
    QVERIFY(ok(d));
    QCOMPARE(d->owningTier, JurisdictionLevel::District);
    w.clock->setNow(beijing(u"2026-11-24 10:00"_s));
    mA = *a;
    mB = *b;
    mC = *c;
    mD = *d;
    mStats = std::make_unique<CaseStatistics>(w.store(), &w.session->catalogue());
    mPeriod = {beijing(u"2026-11-23 00:00"_s), beijing(u"2026-11-24 10:00"_s), {}};
}

void TestCaseStatistics::cleanupTestCase()
{
    mStats.reset();
    mWorld.reset();
}

void TestCaseStatistics::dailyCountsFillEveryDay()
{
    StatisticsFilter period = mPeriod;
    period.from = beijing(u"2026-11-22 00:00"_s);
    auto days = mStats->dailyCounts(period);
    QVERIFY2(days.ok(), qPrintable(days.errorMessage()));
    const QList<DayCount> expected{
        {QDate(2026, 11, 22), 0, 0}, {QDate(2026, 11, 23), 2, 1}, {QDate(2026, 11, 24), 2, 0}};
    QCOMPARE(*days, expected);
    // One district, one street.
    period.scope = code(u"310104"_s);
    QCOMPARE(*mStats->dailyCounts(period),
             (QList<DayCount>{
                 {QDate(2026, 11, 22), 0, 0}, {QDate(2026, 11, 23), 0, 0}, {QDate(2026, 11, 24), 1, 0}}));
    period.scope = code(u"310101002"_s);
    QCOMPARE(*mStats->dailyCounts(period),
             (QList<DayCount>{
                 {QDate(2026, 11, 22), 0, 0}, {QDate(2026, 11, 23), 2, 1}, {QDate(2026, 11, 24), 1, 0}}));
}

void TestCaseStatistics::dailyCountsRefuseAnEmptyPeriod()
{
    StatisticsFilter period = mPeriod;
    period.to = period.from;
    auto days = mStats->dailyCounts(period);
    QVERIFY(!days.ok());
    QCOMPARE(days.errorMessage(), u"daily counts need a period whose end is after its start"_s);
}

void TestCaseStatistics::openByStepInWorkflowOrder()
{
    auto steps = mStats->openByStep({});
    QVERIFY2(steps.ok(), qPrintable(steps.errorMessage()));
    QCOMPARE(steps->size(), 2);
    QCOMPARE(steps->at(0).key, u"accept"_s);
    QCOMPARE(steps->at(0).count, 2);
    QCOMPARE(steps->at(1).key, u"handle"_s);
    QCOMPARE(steps->at(1).count, 1);
    auto xuhui = mStats->openByStep(code(u"310104"_s));
    QCOMPARE(xuhui->size(), 1);
    QCOMPARE(xuhui->at(0).key, u"accept"_s);
    QCOMPARE(xuhui->at(0).count, 1);
}

void TestCaseStatistics::topClassesAndStreets()
{
    auto classes = mStats->topClasses(mPeriod, 10);
    QVERIFY2(classes.ok(), qPrintable(classes.errorMessage()));
    QCOMPARE(classes->size(), 2);
    QCOMPARE(classes->at(0).key, u"event/06010"_s);
    QCOMPARE(classes->at(0).count, 3);
    QCOMPARE(classes->at(0).name, mWorld->session->catalogue().find(mA.classKey)->name);
    QCOMPARE(classes->at(1).key, u"event/09006"_s);
    QCOMPARE(classes->at(1).count, 1);
    QCOMPARE(mStats->topClasses(mPeriod, 1)->size(), 1);

    auto streets = mStats->byStreet(mPeriod);
    QVERIFY2(streets.ok(), qPrintable(streets.errorMessage()));
    QCOMPARE(*streets, (QList<NamedCount>{{u"310101002"_s, u"南京东路街道"_s, 3},
                                          {u"310104003"_s, u"天平路街道"_s, 1}}));
    // Only Monday: A and B.
    StatisticsFilter monday{beijing(u"2026-11-23 00:00"_s), beijing(u"2026-11-24 00:00"_s), {}};
    QCOMPARE(*mStats->byStreet(monday), (QList<NamedCount>{{u"310101002"_s, u"南京东路街道"_s, 2}}));
}

void TestCaseStatistics::unitPerformance()
{
    auto units = mStats->unitPerformance(mPeriod);
    QVERIFY2(units.ok(), qPrintable(units.errorMessage()));
    QCOMPARE(units->size(), 1); // roads has nothing to show
    const UnitPerformance &s = units->at(0);
    QCOMPARE(s.unitId, mWorld->sanitation);
    QCOMPARE(s.handled, 1);
    QCOMPARE(s.handledOnTime, 1);
    QCOMPARE(s.overdueOpen, 1);
    QCOMPARE(s.openLoad, 1);
    QCOMPARE(s.onTimeRate(), 0.5);
    auto all = mStats->unitPerformance(mPeriod, true);
    QCOMPARE(all->size(), 2);
    QCOMPARE(all->at(1).unitId, mWorld->roads);
    QCOMPARE(all->at(1).onTimeRate(), -1.0);
}

void TestCaseStatistics::boardByTierStreetAndUnit()
{
    const QDateTime now = beijing(u"2026-11-24 10:00"_s);
    // B (handle, overdue since Monday 13:30), C (accept, due 09:30: overdue), D (accept, due 10:10: near).
    auto streets = mStats->board(BoardDimension::Street, {}, now, 60);
    QVERIFY2(streets.ok(), qPrintable(streets.errorMessage()));
    QCOMPARE(*streets, (QList<BoardRow>{{u"310101002"_s, u"南京东路街道"_s, 1, 1, 0},
                                        {u"310104003"_s, u"天平路街道"_s, 1, 0, 0}}));
    // With a 5-minute window D is green.
    QCOMPARE(mStats->board(BoardDimension::Street, code(u"310101"_s), now, 5).value(),
             (QList<BoardRow>{{u"310101002"_s, u"南京东路街道"_s, 1, 0, 1}}));
    auto tiers = mStats->board(BoardDimension::Tier, {}, now, 60);
    QVERIFY2(tiers.ok(), qPrintable(tiers.errorMessage()));
    // B is owned by the street; C (reported by the system) and D (escalated) by the district.
    QCOMPARE(*tiers,
             (QList<BoardRow>{{u"district"_s, QString(), 1, 1, 0}, {u"street"_s, QString(), 1, 0, 0}}));
    auto units = mStats->board(BoardDimension::Unit, {}, now, 60);
    QVERIFY2(units.ok(), qPrintable(units.errorMessage()));
    QCOMPARE(*units, (QList<BoardRow>{{QString::number(mWorld->sanitation), u"黄浦区环卫所"_s, 1, 0, 0}}));
}

void TestCaseStatistics::caseLists()
{
    const QDateTime now = beijing(u"2026-11-24 10:00"_s);
    auto late = mStats->caseList(CaseListKind::OverdueOrNearDue, {}, now, 60);
    QVERIFY2(late.ok(), qPrintable(late.errorMessage()));
    QCOMPARE(late->size(), 3);
    QCOMPARE(late->at(0).id, mB.id);
    QCOMPARE(late->at(0).unitName, u"黄浦区环卫所"_s);
    QCOMPARE(late->at(0).streetName, u"南京东路街道"_s);
    QCOMPARE(late->at(0).step, Step::Handle);
    QCOMPARE(late->at(1).id, mC.id);
    QCOMPARE(late->at(2).id, mD.id);
    QCOMPARE(late->at(2).owningTier, JurisdictionLevel::District);
    QCOMPARE(mStats->caseList(CaseListKind::OverdueOrNearDue, {}, now, 5)->size(), 2);
    // Stalls on the pavement (09006) are a key-supervision class.
    auto key = mStats->caseList(CaseListKind::KeySupervision, {}, now, 60);
    QCOMPARE(key->size(), 1);
    QCOMPARE(key->at(0).id, mD.id);
    QVERIFY(key->at(0).keySupervision);
    QCOMPARE(mStats->caseList(CaseListKind::HardCases, {}, now, 60)->size(), 0);
    QCOMPARE(mStats->caseList(CaseListKind::ToDispatch, {}, now, 60)->size(), 0);
}

void TestCaseStatistics::escalations()
{
    auto rows = mStats->escalations({}, beijing(u"2026-11-24 00:00"_s));
    QVERIFY2(rows.ok(), qPrintable(rows.errorMessage()));
    QCOMPARE(rows->size(), 1);
    const Escalation &e = rows->at(0);
    QCOMPARE(e.summary.id, mD.id);
    QCOMPARE(e.action, Action::Escalate);
    QCOMPARE(e.at, beijing(u"2026-11-24 09:50"_s));
    QCOMPARE(e.fromTier, u"street"_s);
    QCOMPARE(e.toTier, u"district"_s);
    QCOMPARE(e.comment, u"street stuck"_s);
    QCOMPARE(e.actorName, u"dispatcher"_s);
    QCOMPARE(mStats->escalations(code(u"310104"_s), beijing(u"2026-11-24 00:00"_s))->size(), 0);
    QCOMPARE(mStats->escalations({}, beijing(u"2026-11-24 09:51"_s))->size(), 0);
}

void TestCaseStatistics::componentOwnerNear()
{
    Component near, far, otherClass, noOwner;
    near.code = u"31010101001000001"_s;
    near.classCode = u"01001"_s;
    near.unitId = mWorld->roads;
    near.longitude = 121.4705 + 0.0002; // about 19 m east
    near.latitude = 31.2304;
    far = near;
    far.code = u"31010101001000002"_s;
    far.unitId = mWorld->sanitation;
    far.longitude = 121.4705 + 0.001; // about 95 m
    otherClass = near;
    otherClass.code = u"31010101002000001"_s;
    otherClass.classCode = u"01002"_s;
    otherClass.longitude = 121.4705;
    noOwner = near;
    noOwner.code = u"31010101001000003"_s;
    noOwner.unitId = 0;
    noOwner.longitude = 121.4705;
    SqlComponentRepository components(mWorld->store());
    const Status added = components.addComponents({near, far, otherClass, noOwner});
    QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
    QCOMPARE(components.count().value(), 4);
    auto owner = mStats->componentOwnerNear(u"01001"_s, 121.4705, 31.2304, 50);
    QVERIFY2(owner.ok(), qPrintable(owner.errorMessage()));
    QVERIFY(owner->has_value());
    QCOMPARE((*owner)->code, near.code);
    QCOMPARE((*owner)->unitId, mWorld->roads);
    QVERIFY(qAbs((*owner)->distanceMetres - 19.04) < 0.1);
    QVERIFY(!mStats->componentOwnerNear(u"01001"_s, 121.4705, 31.2304, 10)->has_value());
    QCOMPARE((*mStats->componentOwnerNear(u"01001"_s, 121.4705, 31.2304, 200))->code, near.code);
    // A duplicate code names the component.
    const Status again = components.addComponents({near});
    QVERIFY(!again.ok());
    QVERIFY2(again.errorMessage().contains(near.code), qPrintable(again.errorMessage()));
}

void TestCaseStatistics::inspectionTasksAndSupervisorLoads()
{
    auto &w = *mWorld;
    // D goes to verification: a task in responsibility grid 310101002-2, owned by "sup".
    w.clock->setNow(beijing(u"2026-11-24 10:00"_s));
    auto d = w.act(u"acceptor"_s, mD, Action::SendToVerify);
    QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
    SqlInspectionRepository repo(w.store());
    ResponsibilityGrid first = ResponsibilityGrid::make(u"310101002-1"_s, u"贵州 1"_s, code(u"310101002"_s));
    ResponsibilityGrid second = ResponsibilityGrid::make(u"310101002-2"_s, u"福州 1"_s, code(u"310101002"_s),
                                                         w.actor(u"sup"_s).userId);
    QVERIFY(repo.addResponsibilityGrid(first, {UnitGridCode::parse(u"310101002001001"_s).value(),
                                               UnitGridCode::parse(u"310101002001002"_s).value()})
                .ok());
    QVERIFY(repo.addResponsibilityGrid(second, {UnitGridCode::parse(u"310101002002001"_s).value()}).ok());
    QVERIFY(second.id > 0);
    QCOMPARE(second.minX, 121.47 + 2 * 0.00105);
    QCOMPARE(second.maxY, 31.23 + 0.0009);
    // A cell of another street is refused with its code.
    ResponsibilityGrid wrong = ResponsibilityGrid::make(u"310101002-3"_s, u"x"_s, code(u"310101002"_s));
    const Status refused =
        repo.addResponsibilityGrid(wrong, {UnitGridCode::parse(u"310104003001001"_s).value()});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.errorMessage(),
             u"responsibility grid 310101002-3: unit grid 310104003001001 lies outside "
             u"street 310101002"_s);

    auto tasks = mStats->inspectionTasks({});
    QVERIFY2(tasks.ok(), qPrintable(tasks.errorMessage()));
    QCOMPARE(tasks->size(), 1);
    QCOMPARE(tasks->at(0).summary.id, mD.id);
    QCOMPARE(tasks->at(0).summary.step, Step::Verify);
    QCOMPARE(tasks->at(0).responsibilityCode, u"310101002-2"_s);
    QCOMPARE(tasks->at(0).gridOwner, w.actor(u"sup"_s).userId);
    QCOMPARE(tasks->at(0).assignedTo, 0);

    auto loads = mStats->supervisorLoads(code(u"310101"_s));
    QVERIFY2(loads.ok(), qPrintable(loads.errorMessage()));
    QCOMPARE(loads->size(), 1);
    QCOMPARE(loads->at(0).login, u"sup"_s);
    QCOMPARE(loads->at(0).openTasks, 0);
    QVERIFY(repo.saveAssignment({mD.id, Step::Verify, w.actor(u"sup"_s).userId, w.actor(u"acceptor"_s).userId,
                                 w.clock->now()})
                .ok());
    loads = mStats->supervisorLoads(code(u"310101"_s));
    QCOMPARE(loads->at(0).openTasks, 1);
    QCOMPARE(loads->at(0).nextDue, d->stepDueAt);
    QCOMPARE(mStats->inspectionTasks(code(u"310101002"_s))->at(0).assignedTo, w.actor(u"sup"_s).userId);
    QCOMPARE(mStats->inspectionTasks(code(u"310104"_s))->size(), 0);
    QCOMPARE(mStats->supervisorLoads(code(u"310104"_s))->size(), 0);
    mD = *d;
}

QTEST_GUILESS_MAIN(TestCaseStatistics)
#include "test_casestatistics.moc"
