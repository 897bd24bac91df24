// Verify/check assignments and the duty roster: roles, scope, what is stored, and the roster's gaps; on
// SQLite and (CG_TEST_STORE=postgresql) on PostgreSQL.
#include "core/dispatchadvice.h"
#include "services/inspectionservice.h"
#include "store/sqlinspectionrepository.h"
#include "support/testworld.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;
using cg::test::beijing;

class TestInspectionService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void assignVerifyTaskAndReassign();
    void assignRefusals_data();
    void assignRefusals();
    void rosterGapsAndDuties();
    void rosterRefusals();
    void shiftOfAMoment_data();
    void shiftOfAMoment();
    void supervisorRanking();
    void unitRanking();

private:
    UserRecord addSupervisor(const QString &login, const QString &jurisdiction);
    std::unique_ptr<test::TestWorld> mWorld;
    std::unique_ptr<SqlInspectionRepository> mRepo;
    std::unique_ptr<InspectionService> mService;
    ResponsibilityGrid mGrid1, mGrid2;
};

UserRecord TestInspectionService::addSupervisor(const QString &login, const QString &jurisdiction)
{
    UserRecord u;
    u.login = login;
    u.name = login;
    u.role = Role::Supervisor;
    u.jurisdiction = JurisdictionCode::parse(jurisdiction).value();
    if (!mWorld->store().addUser(u))
        qFatal("cannot add %s", qPrintable(login));
    mWorld->actors.insert(login, mWorld->store().findUser(login).value());
    return u;
}

void TestInspectionService::init()
{
    mWorld = std::make_unique<test::TestWorld>();
    QVERIFY(mWorld->open());
    addSupervisor(u"sup2"_s, u"310101002"_s);
    addSupervisor(u"xh.sup"_s, u"310104003"_s);
    mRepo = std::make_unique<SqlInspectionRepository>(mWorld->store());
    mService = std::make_unique<InspectionService>(*mRepo, mWorld->store(), *mWorld->clock);
    const auto street = JurisdictionCode::parse(u"310101002"_s).value();
    mGrid1 = ResponsibilityGrid::make(u"R1"_s, u"贵州"_s, street, mWorld->actor(u"sup"_s).userId);
    mGrid2 = ResponsibilityGrid::make(u"R2"_s, u"福州"_s, street, mWorld->actor(u"sup2"_s).userId);
    QVERIFY(mRepo
                ->addResponsibilityGrid(mGrid1, {UnitGridCode::parse(u"310101002001001"_s).value(),
                                                 UnitGridCode::parse(u"310101002001002"_s).value()})
                .ok());
    QVERIFY(mRepo->addResponsibilityGrid(mGrid2, {UnitGridCode::parse(u"310101002002001"_s).value()}).ok());
    ResponsibilityGrid xh =
        ResponsibilityGrid::make(u"X1"_s, u"建襄"_s, JurisdictionCode::parse(u"310104003"_s).value(),
                                 mWorld->actor(u"xh.sup"_s).userId);
    QVERIFY(mRepo->addResponsibilityGrid(xh, {UnitGridCode::parse(u"310104003001001"_s).value()}).ok());
}

void TestInspectionService::cleanup()
{
    mService.reset();
    mRepo.reset();
    mWorld.reset();
}

void TestInspectionService::assignVerifyTaskAndReassign()
{
    auto &w = *mWorld;
    auto c = w.report(u"acceptor"_s);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    c = w.act(u"acceptor"_s, *c, Action::SendToVerify);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->step, Step::Verify);
    QVERIFY(!mRepo->assignment(c->id, Step::Verify)->has_value());

    w.clock->setNow(beijing(u"2026-11-23 09:05"_s));
    QVERIFY(mService->assign(w.actor(u"acceptor"_s), c->id, w.actor(u"sup"_s).userId).ok());
    auto a = mRepo->assignment(c->id, Step::Verify);
    QVERIFY2(a.ok(), qPrintable(a.errorMessage()));
    QVERIFY(a->has_value());
    QCOMPARE((*a)->supervisorId, w.actor(u"sup"_s).userId);
    QCOMPARE((*a)->assignedBy, w.actor(u"acceptor"_s).userId);
    QCOMPARE((*a)->assignedAt, beijing(u"2026-11-23 09:05"_s));

    // Reassigned by the shift leader: one row, the new supervisor.
    w.clock->setNow(beijing(u"2026-11-23 09:07"_s));
    QVERIFY(mService->assign(w.actor(u"shift"_s), c->id, w.actor(u"sup2"_s).userId).ok());
    a = mRepo->assignment(c->id, Step::Verify);
    QCOMPARE((*a)->supervisorId, w.actor(u"sup2"_s).userId);
    QCOMPARE((*a)->assignedBy, w.actor(u"shift"_s).userId);
    QCOMPARE((*a)->assignedAt, beijing(u"2026-11-23 09:07"_s));
    QCOMPARE(mRepo->responsibilityGridOf(c->grid)->code, u"R1"_s);
}

void TestInspectionService::assignRefusals_data()
{
    QTest::addColumn<QString>("by");
    QTest::addColumn<QString>("supervisor");
    QTest::addColumn<bool>("verifying");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("dispatcher")
        << u"dispatcher"_s << u"sup"_s << true << int(ErrorCode::NotPermitted)
        << u"a dispatcher may not assign verify or check tasks; acceptors and shift leaders "
           u"do"_s;
    QTest::newRow("not a supervisor") << u"acceptor"_s << u"leader"_s << true << int(ErrorCode::InvalidInput)
                                      << u"user 'leader' is a leader, not a grid supervisor"_s;
    QTest::newRow("other street") << u"acceptor"_s << u"xh.sup"_s << true << int(ErrorCode::OutOfScope)
                                  << u"supervisor 'xh.sup' works in 310104003; case %1 lies in community "
                                     u"310101002001"_s;
    QTest::newRow("not verifying")
        << u"acceptor"_s << u"sup"_s << false << int(ErrorCode::InvalidInput)
        << u"case %1 is in state 'reported': only its verify or check step goes to a "
           u"supervisor"_s;
}

void TestInspectionService::assignRefusals()
{
    QFETCH(QString, by);
    QFETCH(QString, supervisor);
    QFETCH(bool, verifying);
    QFETCH(int, code);
    QFETCH(QString, message);
    auto &w = *mWorld;
    auto c = w.report(u"acceptor"_s);
    QVERIFY(c.ok());
    if (verifying)
        c = w.act(u"acceptor"_s, *c, Action::SendToVerify);
    const Status s = mService->assign(w.actor(by), c->id, w.actor(supervisor).userId);
    QVERIFY(!s.ok());
    QCOMPARE(int(s.errorCode()), code);
    QCOMPARE(s.errorMessage(), message.contains(u"%1"_s) ? message.arg(c->number) : message);
    QVERIFY(!mRepo->assignment(c->id, Step::Verify)->has_value());
}

void TestInspectionService::rosterGapsAndDuties()
{
    auto &w = *mWorld;
    const QDate monday(2026, 11, 23), tuesday(2026, 11, 24);
    const auto scope = JurisdictionCode::parse(u"310101002"_s).value();
    auto gaps = mService->rosterGaps(scope, monday, tuesday);
    QVERIFY2(gaps.ok(), qPrintable(gaps.errorMessage()));
    QCOMPARE(gaps->size(), 8); // 2 grids × 2 days × 2 shifts
    const Actor shift = w.actor(u"shift"_s);
    const qint64 sup = w.actor(u"sup"_s).userId, sup2 = w.actor(u"sup2"_s).userId;
    QVERIFY(mService->setDuty(shift, {monday, Shift::Day, sup, u"R1"_s}).ok());
    QVERIFY(mService->setDuty(shift, {monday, Shift::Day, sup2, u"R2"_s}).ok());
    QVERIFY(mService->setDuty(shift, {monday, Shift::Night, sup, u"R2"_s}).ok());
    QVERIFY(mService->setDuty(shift, {tuesday, Shift::Day, sup, u"R1"_s}).ok());
    gaps = mService->rosterGaps(scope, monday, tuesday);
    const QList<RosterSlot> expected{{u"R1"_s, monday, Shift::Night},
                                     {u"R2"_s, tuesday, Shift::Day},
                                     {u"R1"_s, tuesday, Shift::Night},
                                     {u"R2"_s, tuesday, Shift::Night}};
    QCOMPARE(*gaps, expected);
    // A supervisor is on one grid per shift: moving sup on Monday night to R1 uncovers R2.
    QVERIFY(mService->setDuty(shift, {monday, Shift::Night, sup, u"R1"_s}).ok());
    gaps = mService->rosterGaps(scope, monday, monday);
    QCOMPARE(*gaps, (QList<RosterSlot>{{u"R2"_s, monday, Shift::Night}}));
    auto roster = mRepo->roster(scope, monday, monday);
    QCOMPARE(roster->size(), 3);
    QCOMPARE(roster->at(0), (RosterEntry{monday, Shift::Day, sup, u"R1"_s}));
    QVERIFY(mService->clearDuty(shift, monday, Shift::Day, sup).ok());
    QCOMPARE(*mService->rosterGaps(scope, monday, monday),
             (QList<RosterSlot>{{u"R1"_s, monday, Shift::Day}, {u"R2"_s, monday, Shift::Night}}));
    // The district's view includes Xuhui? No: Xuhui is another district.
    QCOMPARE(mService->rosterGaps(JurisdictionCode::parse(u"310104"_s).value(), monday, monday)->size(), 2);
    QCOMPARE(mService->rosterGaps(scope, tuesday, monday).errorMessage(),
             u"roster gaps need a period whose last day is not before its first"_s);
}

void TestInspectionService::rosterRefusals()
{
    auto &w = *mWorld;
    const QDate monday(2026, 11, 23);
    Status s =
        mService->setDuty(w.actor(u"acceptor"_s), {monday, Shift::Day, w.actor(u"sup"_s).userId, u"R1"_s});
    QCOMPARE(s.errorCode(), ErrorCode::NotPermitted);
    QCOMPARE(s.errorMessage(), u"a acceptor may not change the duty roster; shift leaders do"_s);
    s = mService->setDuty(w.actor(u"shift"_s), {monday, Shift::Day, w.actor(u"xh.sup"_s).userId, u"R1"_s});
    QCOMPARE(s.errorCode(), ErrorCode::OutOfScope);
    QCOMPARE(s.errorMessage(),
             u"supervisor 'xh.sup' works in 310104003, not in street 310101002 of responsibility "
             u"grid R1"_s);
    s = mService->setDuty(w.actor(u"shift"_s), {monday, Shift::Day, w.actor(u"xh.sup"_s).userId, u"X1"_s});
    QCOMPARE(s.errorCode(), ErrorCode::OutOfScope);
    QCOMPARE(s.errorMessage(), u"responsibility grid X1 does not exist in your jurisdiction 310101"_s);
    s = mService->setDuty(w.actor(u"shift"_s),
                          {monday, Shift::Day, w.actor(u"dispatcher"_s).userId, u"R1"_s});
    QCOMPARE(s.errorMessage(), u"user 'dispatcher' is a dispatcher, not a grid supervisor"_s);
    QCOMPARE(mRepo->roster({}, monday, monday)->size(), 0);
}

void TestInspectionService::shiftOfAMoment_data()
{
    QTest::addColumn<QString>("at");
    QTest::addColumn<QDate>("day");
    QTest::addColumn<int>("shift");
    QTest::newRow("morning") << u"2026-11-23 08:00"_s << QDate(2026, 11, 23) << int(Shift::Day);
    QTest::newRow("evening") << u"2026-11-23 19:59"_s << QDate(2026, 11, 23) << int(Shift::Day);
    QTest::newRow("night") << u"2026-11-23 20:00"_s << QDate(2026, 11, 23) << int(Shift::Night);
    QTest::newRow("small hours") << u"2026-11-24 07:59"_s << QDate(2026, 11, 23) << int(Shift::Night);
}

void TestInspectionService::shiftOfAMoment()
{
    QFETCH(QString, at);
    QFETCH(QDate, day);
    QFETCH(int, shift);
    const auto [d, s] = shiftAt(beijing(at));
    QCOMPARE(d, day);
    QCOMPARE(int(s), shift);
}

void TestInspectionService::supervisorRanking()
{
    const QList<SupervisorCandidate> ranked = rankSupervisors({
        {1, u"far idle"_s, false, false, 0, 900},
        {2, u"owner busy"_s, true, false, 5, 100},
        {3, u"on duty"_s, false, true, 2, 300},
        {4, u"near idle"_s, false, false, 0, 200},
        {5, u"no grid"_s, false, false, 0, -1},
        {6, u"near idle twin"_s, false, false, 0, 200},
        {7, u"near loaded"_s, false, false, 1, 50},
    });
    QList<qint64> order;
    for (const SupervisorCandidate &c : ranked)
        order.append(c.userId);
    QCOMPARE(order, (QList<qint64>{2, 3, 4, 6, 1, 5, 7}));
}

void TestInspectionService::unitRanking()
{
    // id, name, owner, type, jurisdiction, open, handled, on time, overdue open
    const QList<UnitCandidate> ranked = rankUnitCandidates({
        {1, u"type only"_s, false, true, false, 0, 10, 10, 0},
        {2, u"both, 50%"_s, false, true, true, 3, 4, 2, 0},
        {3, u"both, 80%, busy"_s, false, true, true, 9, 5, 4, 0},
        {4, u"both, 80%, idle"_s, false, true, true, 1, 4, 4, 1},
        {5, u"owner"_s, true, false, false, 20, 0, 0, 0},
        {6, u"jurisdiction only"_s, false, false, true, 0, 1, 1, 0},
        {7, u"nothing"_s, false, false, false, 0, 1, 1, 0},
        {8, u"both, no record"_s, false, true, true, 0, 0, 0, 0},
    });
    QList<qint64> order;
    for (const UnitCandidate &c : ranked)
        order.append(c.unitId);
    QCOMPARE(order, (QList<qint64>{5, 4, 3, 2, 8, 1, 6}));
    QCOMPARE(ranked[1].onTimeRate(), 0.8); // 4 on time of 4 handled + 1 overdue
}

QTEST_GUILESS_MAIN(TestInspectionService)
#include "test_inspectionservice.moc"
