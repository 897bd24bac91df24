// The dispatch, supervision, inspection and statistics panels over a real store through the store thread:
// suggestions, one-click dispatch, urging, drag-and-drop reassignment, roster gaps and chart export.
#include "session/sessionthread.h"
#include "store/sqlcomponents.h"
#include "store/sqlinspectionrepository.h"
#include "support/testworld.h"
#include "ui/dispatch/dispatchpanel.h"
#include "ui/inspection/inspectionpanel.h"
#include "ui/statistics/statisticspanel.h"
#include "ui/supervision/supervisionpanel.h"

#include <QAbstractItemModelTester>
#include <QFileInfo>
#include <QImage>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>
#include <QtCharts/QChartView>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

constexpr int WaitMs = 30000;

template<typename T>
T waitFor(QFuture<T> future)
{
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), WaitMs);
    }();
    return future.result();
}

QString shanghai(const QDateTime &utc)
{
    return utc.toOffsetFromUtc(8 * 3600).toString(u"yyyy-MM-dd HH:mm"_s);
}

} // namespace

class TestPanels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void dispatchRanksUnitsAndDispatchesInOneClick();
    void dispatchSuggestsTheComponentOwner();
    void supervisionBoardAndUrgeWithLevel();
    void urgeRefusedForARoleThatMayNot();
    void inspectionDropReassignsAndRosterShowsGaps();
    void statisticsExportChartsAsPng();
    void panelsRefuseAUserWithoutJurisdiction();

private:
    std::unique_ptr<test::TestWorld> mWorld;
    std::unique_ptr<SessionThread> mSession;
    qint64 mSanitation2 = 0;
    CaseRecord mFiled, mComponentCase, mBusy, mVerifying;
    QDate mToday;
};

// A small world written with a manual clock three days back, then opened by the store thread like the desktop
// does (system clock).
void TestPanels::initTestCase()
{
    mWorld = std::make_unique<test::TestWorld>();
    const QDateTime base = QDateTime::currentDateTimeUtc().addDays(-3);
    QVERIFY(mWorld->open(base));
    auto &w = *mWorld;
    ResponsibleUnit second{0, u"hp.sanitation2"_s, u"黄浦区环卫二所"_s, u"sanitation"_s,
                           JurisdictionCode::parse(u"310101"_s).value()};
    QVERIFY(w.store().addUnit(second).ok());
    mSanitation2 = second.id;
    UserRecord sup2;
    sup2.login = u"sup2"_s;
    sup2.name = u"监督员二"_s;
    sup2.role = Role::Supervisor;
    sup2.jurisdiction = JurisdictionCode::parse(u"310101002"_s).value();
    QVERIFY(w.store().addUser(sup2).ok());
    w.actors.insert(u"sup2"_s, w.store().findUser(u"sup2"_s).value());

    const auto toFiled = [&](Result<CaseRecord> c) {
        c = w.act(u"acceptor"_s, *c, Action::Accept);
        return w.act(u"shift"_s, *c, Action::File);
    };
    auto filed = toFiled(w.report());
    QVERIFY2(filed.ok(), qPrintable(filed.errorMessage()));
    mFiled = *filed;
    auto component = toFiled(w.report(u"sup"_s, u"component/01001"_s, u"310101002001002"_s));
    QVERIFY2(component.ok(), qPrintable(component.errorMessage()));
    mComponentCase = *component;
    auto busy = toFiled(w.report());
    busy =
        w.act(u"dispatcher"_s, *busy, Action::Dispatch, [&](ActionRequest &r) { r.unitId = mSanitation2; });
    QVERIFY2(busy.ok(), qPrintable(busy.errorMessage()));
    mBusy = *busy;
    auto verifying = w.report(u"acceptor"_s, u"event/06010"_s, u"310101002002001"_s);
    verifying = w.act(u"acceptor"_s, *verifying, Action::SendToVerify);
    QVERIFY2(verifying.ok(), qPrintable(verifying.errorMessage()));
    mVerifying = *verifying;

    // A cover owned by the roads unit 10 m from the component case.
    Component cover;
    cover.code = u"31010101001000001"_s;
    cover.classCode = u"01001"_s;
    cover.name = u"cover"_s;
    cover.unitId = w.roads;
    cover.longitude = 121.4705 + 0.0001;
    cover.latitude = 31.2304;
    QVERIFY(SqlComponentRepository(w.store()).addComponents({cover}).ok());

    SqlInspectionRepository repo(w.store());
    const auto street = JurisdictionCode::parse(u"310101002"_s).value();
    ResponsibilityGrid r1 =
        ResponsibilityGrid::make(u"R1"_s, u"责任网格1"_s, street, w.actor(u"sup"_s).userId);
    ResponsibilityGrid r2 =
        ResponsibilityGrid::make(u"R2"_s, u"责任网格2"_s, street, w.actor(u"sup2"_s).userId);
    QVERIFY(repo.addResponsibilityGrid(r1, {UnitGridCode::parse(u"310101002001001"_s).value(),
                                            UnitGridCode::parse(u"310101002001002"_s).value()})
                .ok());
    QVERIFY(repo.addResponsibilityGrid(r2, {UnitGridCode::parse(u"310101002002001"_s).value()}).ok());
    mToday = QDateTime::currentDateTimeUtc().toOffsetFromUtc(8 * 3600).date();
    QVERIFY(repo.saveRosterEntry({mToday, Shift::Day, w.actor(u"sup"_s).userId, u"R1"_s}).ok());
    QVERIFY(repo.saveRosterEntry({mToday, Shift::Night, w.actor(u"sup2"_s).userId, u"R1"_s}).ok());
    QVERIFY(repo.saveRosterEntry({mToday, Shift::Day, w.actor(u"sup2"_s).userId, u"R2"_s}).ok());
    QVERIFY(repo.saveAssignment({mVerifying.id, Step::Verify, w.actor(u"sup"_s).userId,
                                 w.actor(u"acceptor"_s).userId, base})
                .ok());

    const QString path = w.path();
    w.session.reset();
    mSession = std::make_unique<SessionThread>();
    const Status opened = waitFor(mSession->open(path, false));
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
}

void TestPanels::cleanupTestCase()
{
    mSession.reset();
    mWorld.reset();
}

void TestPanels::dispatchRanksUnitsAndDispatchesInOneClick()
{
    DispatchPanel panel(mSession.get(), mWorld->actor(u"dispatcher"_s));
    QAbstractItemModelTester queueTester(panel.queueModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester candidateTester(panel.candidateModel(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy queue(&panel, &DispatchPanel::queueLoaded);
    QVERIFY(queue.wait(WaitMs));
    QCOMPARE(panel.queueModel()->rowCount(), 2); // the two filed cases, soonest due first
    QVERIFY(panel.queueModel()->rowOfCase(mFiled.id) >= 0);
    QVERIFY(panel.queueModel()->rowOfCase(mComponentCase.id) >= 0);

    QSignalSpy advice(&panel, &DispatchPanel::adviceLoaded);
    panel.showCase(mFiled.id);
    QVERIFY(advice.wait(WaitMs));
    // Both sanitation units match type and jurisdiction; the idle one first; roads by jurisdiction only.
    QList<qint64> order;
    for (const UnitCandidate &c : panel.candidateModel()->candidates())
        order.append(c.unitId);
    QCOMPARE(order, (QList<qint64>{mWorld->sanitation, mSanitation2, mWorld->roads}));
    QCOMPARE(panel.candidateModel()->candidates().at(1).openLoad, 1);
    QCOMPARE(panel.candidateModel()->index(0, UnitCandidateModel::ReasonColumn).data().toString(),
             u"catalogue unit type, jurisdiction"_s);
    const QDateTime preview = panel.advice().deadline;
    QVERIFY(preview.isValid());
    QCOMPARE(panel.deadlineText(), u"Handling deadline if dispatched now: %1 (limit %2)"_s.arg(
                                       shanghai(preview), mFiled.handlingLimit.toString()));

    QSignalSpy dispatched(&panel, &DispatchPanel::caseDispatched);
    panel.dispatchSelected();
    QVERIFY(dispatched.wait(WaitMs));
    const QDateTime due = dispatched.at(0).at(1).toDateTime();
    const CaseRecord stored =
        waitFor(mSession->run([id = mFiled.id](Session &s) { return s.store().findCase(id); })).value();
    QCOMPARE(stored.state, CaseState::Dispatched);
    QCOMPARE(stored.unitId, mWorld->sanitation);
    QCOMPARE(stored.handlingDueAt, due);
    // The preview was computed seconds before the click: the same deadline unless a minute boundary passed.
    QVERIFY(qAbs(preview.secsTo(due)) <= 60);
    // The status line keeps the result while the panel moves on to the next case to dispatch.
    QCOMPARE(panel.statusText(),
             u"Case %1 dispatched; handling deadline %2."_s.arg(stored.number, shanghai(due)));
    QVERIFY(queue.wait(WaitMs));
    QCOMPARE(panel.queueModel()->rowCount(), 1);
    QVERIFY(panel.statusText().startsWith(u"Case %1 dispatched"_s.arg(stored.number)));
}

void TestPanels::dispatchSuggestsTheComponentOwner()
{
    DispatchPanel panel(mSession.get(), mWorld->actor(u"dispatcher"_s));
    QAbstractItemModelTester candidateTester(panel.candidateModel(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy advice(&panel, &DispatchPanel::adviceLoaded);
    panel.showCase(mComponentCase.id);
    QTRY_VERIFY_WITH_TIMEOUT(panel.advice().record.id == mComponentCase.id, WaitMs);
    QVERIFY(panel.advice().component.has_value());
    QCOMPARE(panel.advice().component->unitId, mWorld->roads);
    QList<qint64> order;
    for (const UnitCandidate &c : panel.candidateModel()->candidates())
        order.append(c.unitId);
    // The owner of the cover first; the rest by jurisdiction (facility_owner is no unit here), lighter load
    // first.
    QCOMPARE(order.first(), mWorld->roads);
    QCOMPARE(panel.candidateModel()->index(0, UnitCandidateModel::ReasonColumn).data().toString(),
             u"owns the component, jurisdiction"_s);
    QCOMPARE(order.size(), 3);
    QCOMPARE(order.last(), mSanitation2);
}

void TestPanels::supervisionBoardAndUrgeWithLevel()
{
    SupervisionPanel panel(mSession.get(), mWorld->actor(u"inspector"_s));
    QAbstractItemModelTester boardTester(panel.boardModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester overdueTester(panel.caseModel(SupervisionPanel::OverdueTab),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester keyTester(panel.caseModel(SupervisionPanel::KeySupervisionTab),
                                       QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester hardTester(panel.caseModel(SupervisionPanel::HardCaseTab),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester escalationTester(panel.escalationModel(),
                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&panel, &SupervisionPanel::loaded);
    QVERIFY(loaded.wait(WaitMs));
    // Every open case with a running clock is counted once on the street board.
    const auto openCases = waitFor(mSession->run([](Session &s) {
        CaseQuery q;
        q.states = {CaseState::Reported, CaseState::Verifying, CaseState::Filed, CaseState::Dispatched};
        return s.store().countByState(q);
    }));
    int expected = 0;
    for (int n : *openCases)
        expected += n;
    int counted = 0;
    for (const BoardRow &r : panel.boardModel()->rows())
        counted += r.overdue + r.nearDue + r.onTime;
    QCOMPARE(counted, expected);

    QSignalSpy urged(&panel, &SupervisionPanel::caseUrged);
    panel.urge(mBusy.id, UrgeLevel::Listed, u"请今日内处置完毕"_s);
    QVERIFY(urged.wait(WaitMs));
    QCOMPARE(urged.at(0).at(0).toLongLong(), mBusy.id);
    const auto events = waitFor(mSession->run([id = mBusy.id](Session &s) { return s.store().events(id); }));
    QVERIFY(events.ok());
    const CaseEvent &last = events->constLast();
    QCOMPARE(last.action, Action::Urge);
    QCOMPARE(last.role, Role::Inspector);
    QCOMPARE(last.comment, u"请今日内处置完毕"_s);
    QCOMPARE(last.details.value(u"urge_level"_s).toString(), u"listed"_s);
    QCOMPARE(last.details.value(u"urged_step"_s).toString(), u"handle"_s);
    const CaseRecord stored =
        waitFor(mSession->run([id = mBusy.id](Session &s) { return s.store().findCase(id); })).value();
    QCOMPARE(stored.urgeCount, 1);
    QCOMPARE(stored.lastUrgeLevel, UrgeLevel::Listed);
    QCOMPARE(stored.state, CaseState::Dispatched);
    // A message is required, and nothing is written without one.
    QSignalSpy failed(&panel, &SupervisionPanel::actionFailed);
    panel.urge(mBusy.id, UrgeLevel::Key, u"  "_s);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).toString(), u"An urge needs a message saying what is expected."_s);
}

void TestPanels::urgeRefusedForARoleThatMayNot()
{
    SupervisionPanel panel(mSession.get(), mWorld->actor(u"acceptor"_s));
    QSignalSpy failed(&panel, &SupervisionPanel::actionFailed);
    panel.urge(mBusy.id, UrgeLevel::Ordinary, u"faster"_s);
    QVERIFY(failed.wait(WaitMs));
    QVERIFY2(failed.at(0).at(0).toString().contains(u"role 'acceptor' may not 'urge'"_s),
             qPrintable(failed.at(0).at(0).toString()));
}

void TestPanels::inspectionDropReassignsAndRosterShowsGaps()
{
    InspectionPanel panel(mSession.get(), mWorld->actor(u"acceptor"_s));
    QAbstractItemModelTester taskTester(panel.taskModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester supervisorTester(panel.supervisorModel(),
                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester rosterTester(panel.rosterModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&panel, &InspectionPanel::loaded);
    QVERIFY(loaded.wait(WaitMs));
    const qint64 sup = mWorld->actor(u"sup"_s).userId, sup2 = mWorld->actor(u"sup2"_s).userId;
    QCOMPARE(panel.taskModel()->rowCount(), 1);
    QCOMPARE(panel.taskModel()->taskAt(0).summary.id, mVerifying.id);
    QCOMPARE(panel.taskModel()->taskAt(0).assignedTo, sup);
    QCOMPARE(panel.taskModel()->taskAt(0).responsibilityCode, u"R2"_s);
    QCOMPARE(panel.supervisorModel()->rowCount(), 2);
    QCOMPARE(panel.supervisorModel()->supervisorAt(panel.supervisorModel()->rowOfUser(sup)).openTasks, 1);
    // R2 is sup2's grid and sup2 is on duty there by day; sup has a task already.
    const QList<SupervisorCandidate> suggested = panel.suggestionsFor(mVerifying.id);
    QCOMPARE(suggested.size(), 2);
    QCOMPARE(suggested.at(0).userId, sup2);
    QVERIFY(suggested.at(0).ownsGrid);
    QCOMPARE(suggested.at(1).userId, sup);

    // 2 grids × 7 days × 2 shifts, 3 of them covered today.
    QCOMPARE(panel.rosterModel()->rowCount(), 2);
    QCOMPARE(panel.rosterModel()->columnCount(), 14);
    QCOMPARE(panel.rosterModel()->gapCount(), 25);
    QCOMPARE(panel.rosterModel()->index(0, 0).data(RosterModel::GapRole).toBool(), false);
    QCOMPARE(panel.rosterModel()->index(0, 0).data().toString(), u"sup"_s);
    QCOMPARE(panel.rosterModel()->index(0, 1).data().toString(), u"监督员二"_s);
    QCOMPARE(panel.rosterModel()->index(1, 1).data(RosterModel::GapRole).toBool(), true);
    QCOMPARE(panel.rosterModel()->index(1, 1).data().toString(), u"uncovered"_s);
    QCOMPARE(panel.rosterModel()->index(0, 2).data(RosterModel::GapRole).toBool(), true);

    // Drag the task onto sup2, as a view does: the source's MIME data dropped on the target's row.
    std::unique_ptr<QMimeData> mime(panel.taskModel()->mimeData({panel.taskModel()->index(0, 0)}));
    QVERIFY(mime->hasFormat(QString::fromUtf16(InspectionTaskMimeType)));
    const QModelIndex target = panel.supervisorModel()->index(panel.supervisorModel()->rowOfUser(sup2), 0);
    QVERIFY(panel.supervisorModel()->flags(target).testFlag(Qt::ItemIsDropEnabled));
    QVERIFY(panel.supervisorModel()->canDropMimeData(mime.get(), Qt::MoveAction, -1, -1, target));
    QVERIFY(!panel.supervisorModel()->canDropMimeData(mime.get(), Qt::MoveAction, -1, -1, QModelIndex()));
    QSignalSpy assigned(&panel, &InspectionPanel::caseAssigned);
    QVERIFY(panel.supervisorModel()->dropMimeData(mime.get(), Qt::MoveAction, -1, -1, target));
    QVERIFY(assigned.wait(WaitMs));
    QCOMPARE(assigned.at(0).at(1).toLongLong(), sup2);
    const auto stored = waitFor(mSession->run([id = mVerifying.id](Session &s) {
        return SqlInspectionRepository(s.store()).assignment(id, Step::Verify);
    }));
    QVERIFY(stored.ok() && stored->has_value());
    QCOMPARE((*stored)->supervisorId, sup2);
    QCOMPARE((*stored)->assignedBy, mWorld->actor(u"acceptor"_s).userId);
    QVERIFY(loaded.wait(WaitMs));
    QCOMPARE(panel.taskModel()->taskAt(0).assignedTo, sup2);
    QCOMPARE(panel.supervisorModel()->supervisorAt(panel.supervisorModel()->rowOfUser(sup2)).openTasks, 1);
    QCOMPARE(panel.supervisorModel()->supervisorAt(panel.supervisorModel()->rowOfUser(sup)).openTasks, 0);

    // The shift leader closes a gap: R2 tonight gets sup; a dispatcher may not.
    InspectionPanel leader(mSession.get(), mWorld->actor(u"shift"_s));
    QSignalSpy leaderLoaded(&leader, &InspectionPanel::loaded);
    QVERIFY(leaderLoaded.wait(WaitMs));
    QCOMPARE(leader.rosterModel()->gapCount(), 25);
    QSignalSpy changed(&leader, &InspectionPanel::rosterChanged);
    leader.setDuty(u"R2"_s, mToday, Shift::Night, sup);
    QVERIFY(changed.wait(WaitMs));
    QVERIFY(leaderLoaded.wait(WaitMs));
    QCOMPARE(leader.rosterModel()->gapCount(), 24);
    QCOMPARE(leader.rosterModel()->index(1, 1).data().toString(), u"sup"_s);
    leader.clearDuty(mToday, Shift::Night, sup);
    QVERIFY(changed.wait(WaitMs));
    QVERIFY(leaderLoaded.wait(WaitMs));
    QCOMPARE(leader.rosterModel()->gapCount(), 25);

    // A dispatcher's drop is refused and changes nothing.
    InspectionPanel other(mSession.get(), mWorld->actor(u"dispatcher"_s));
    QSignalSpy failed(&other, &InspectionPanel::actionFailed);
    other.assign(mVerifying.id, sup);
    QVERIFY(failed.wait(WaitMs));
    QCOMPARE(failed.at(0).at(0).toString(),
             u"a dispatcher may not assign verify or check tasks; acceptors and shift leaders do"_s);
    other.setDuty(u"R2"_s, mToday, Shift::Night, sup);
    QVERIFY(failed.wait(WaitMs));
    QCOMPARE(failed.at(1).at(0).toString(),
             u"a dispatcher may not change the duty roster; shift leaders do"_s);
}

void TestPanels::statisticsExportChartsAsPng()
{
    StatisticsPanel panel(mSession.get(), mWorld->actor(u"leader"_s));
    panel.resize(1000, 800);
    QSignalSpy loaded(&panel, &StatisticsPanel::loaded);
    QVERIFY(loaded.wait(WaitMs));
    QCOMPARE(panel.data().days.size(), 30);
    int reported = 0;
    for (const DayCount &d : panel.data().days)
        reported += d.reported;
    QCOMPARE(reported, 4);
    QCOMPARE(panel.data().topClasses.size(), 2);
    QCOMPARE(panel.data().topClasses.at(0).count, 3);
    panel.setPeriodDays(7);
    QVERIFY(loaded.wait(WaitMs));
    QCOMPARE(panel.data().days.size(), 7);

    QTemporaryDir dir;
    for (int i = 0; i < StatisticsPanel::ChartCount; ++i) {
        const auto chart = StatisticsPanel::Chart(i);
        QVERIFY(!panel.chartView(chart)->chart()->series().isEmpty());
        const QString path = dir.filePath(u"chart%1.png"_s.arg(i));
        const Status s = panel.exportChart(chart, path, QSize(800, 600));
        QVERIFY2(s.ok(), qPrintable(s.errorMessage()));
        QVERIFY(QFileInfo(path).size() > 0);
        QImage image(path);
        QCOMPARE(image.size(), QSize(800, 600));
        // Not one flat colour: the chart was drawn.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 3, qPrintable(path));
    }
    const Status bad =
        panel.exportChart(StatisticsPanel::DailyChart, dir.filePath(u"no/such/folder/x.png"_s));
    QVERIFY(!bad.ok());
    QVERIFY(bad.errorMessage().startsWith(u"could not write the chart picture "_s));
}

void TestPanels::panelsRefuseAUserWithoutJurisdiction()
{
    const Actor unit = mWorld->actor(u"unit.sanitation"_s);
    const QString message = u"This panel shows a jurisdiction's cases; unit.sanitation belongs to none."_s;
    DispatchPanel dispatch(mSession.get(), unit);
    QCOMPARE(dispatch.statusText(), message);
    QCOMPARE(dispatch.queueModel()->rowCount(), 0);
    SupervisionPanel supervision(mSession.get(), unit);
    QCOMPARE(supervision.statusText(), message);
    InspectionPanel inspection(mSession.get(), unit);
    QCOMPARE(inspection.statusText(), message);
}

QTEST_MAIN(TestPanels)
#include "test_panels.moc"
