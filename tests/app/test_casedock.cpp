// The case dock: one button per available action, and an action sent from its form through the case service.
#include "session/sessionthread.h"
#include "ui/cases/actionform.h"
#include "ui/cases/casedock.h"
#include "ui/cases/casequeuemodel.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

constexpr int WaitMs = 60000;

template<typename T>
T waitFor(QFuture<T> future)
{
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), WaitMs);
    }();
    return future.result();
}

QStringList buttonNames(const CaseDock &dock)
{
    QStringList names;
    for (const QPushButton *b : dock.actionButtons())
        names.append(b->objectName());
    return names;
}

QStringList actionNames(const QList<Action> &actions)
{
    QStringList names;
    for (Action a : actions)
        names.append(u"action_"_s + actionName(a));
    return names;
}

} // namespace

class TestCaseDock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsTheCaseAndItsActions();
    void dispatchFromTheForm();
    void unitHandlerSeesOnlyItsOwnActions();
    void cleanupTestCase();

private:
    Actor user(const QString &login);
    CaseRecord apply(const Actor &actor, const CaseRecord &c, Action action);
    QList<Action> available(const Actor &actor, qint64 caseId);

    QTemporaryDir mDir;
    std::unique_ptr<SessionThread> mSession;
    std::shared_ptr<const CaseDirectory> mDirectory;
    CaseRecord mFiled;
};

void TestCaseDock::initTestCase()
{
    QVERIFY(mDir.isValid());
    mSession = std::make_unique<SessionThread>();
    DemoOptions demo;
    demo.cases = 200;
    const Status opened = waitFor(mSession->open(mDir.filePath(u"dock.sqlite"_s), true, demo));
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    const auto directory = waitFor(mSession->run([](Session &s) { return CaseDirectory::load(s); }));
    QVERIFY2(directory.ok(), qPrintable(directory.errorMessage()));
    mDirectory = std::make_shared<const CaseDirectory>(*directory);

    // A case waiting for dispatch in Huangpu, made here so that the test does not depend on what the demo's
    // simulation left open at this time of day.
    NewCaseRequest report;
    report.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    report.grid = UnitGridCode::parse(u"310101002001003"_s).value();
    report.description = u"dock test"_s;
    const Actor acceptor = user(u"hp.acceptor"_s);
    const auto reported =
        waitFor(mSession->run([acceptor, report](Session &s) { return s.cases().report(acceptor, report); }));
    QVERIFY2(reported.ok(), qPrintable(reported.errorMessage()));
    const CaseRecord accepted = apply(acceptor, *reported, Action::Accept);
    mFiled = apply(user(u"hp.shift"_s), accepted, Action::File);
    QCOMPARE(mFiled.state, CaseState::Filed);
}

void TestCaseDock::cleanupTestCase()
{
    mSession.reset();
}

Actor TestCaseDock::user(const QString &login)
{
    const Result<Actor> actor =
        waitFor(mSession->run([login](Session &s) { return s.store().findUser(login); }));
    if (!actor)
        qFatal("demo user %s is missing", qPrintable(login));
    return *actor;
}

CaseRecord TestCaseDock::apply(const Actor &actor, const CaseRecord &c, Action action)
{
    ActionRequest request;
    request.caseId = c.id;
    request.expectedVersion = c.version;
    request.action = action;
    const auto done =
        waitFor(mSession->run([actor, request](Session &s) { return s.cases().apply(actor, request); }));
    if (!done)
        qFatal("%s failed: %s", qPrintable(actionName(action)), qPrintable(done.errorMessage()));
    return *done;
}

QList<Action> TestCaseDock::available(const Actor &actor, qint64 caseId)
{
    const auto actions = waitFor(mSession->run([actor, caseId](Session &s) -> Result<QList<Action>> {
        auto c = s.store().findCase(caseId);
        if (!c)
            return c.error();
        return s.cases().availableActions(actor, *c);
    }));
    if (!actions)
        qFatal("case %lld: %s", caseId, qPrintable(actions.errorMessage()));
    return *actions;
}

void TestCaseDock::showsTheCaseAndItsActions()
{
    const Actor dispatcher = user(u"hp.dispatcher"_s);
    CaseDock dock(mSession.get());
    dock.setActor(dispatcher);
    dock.setDirectory(mDirectory);
    dock.resize(520, 900);
    dock.show();
    QSignalSpy loaded(&dock, &CaseDock::caseLoaded);
    dock.showCase(mFiled.id);
    QVERIFY(loaded.wait(WaitMs));
    QCOMPARE(loaded.constFirst().constFirst().toLongLong(), mFiled.id);

    QCOMPARE(dock.snapshot().record.number, mFiled.number);
    QCOMPARE(dock.findChild<QLabel *>(u"caseNumber"_s)->text(), mFiled.number);
    QCOMPARE(dock.findChild<QLabel *>(u"caseState"_s)->text(), stateLabel(CaseState::Filed));
    QVERIFY(!dock.findChild<QLabel *>(u"stepDeadline"_s)->text().isEmpty());
    // Exactly the actions the service offers, in its order.
    const QList<Action> expected = available(dispatcher, mFiled.id);
    QVERIFY(expected.contains(Action::Dispatch));
    QCOMPARE(dock.snapshot().actions, expected);
    QCOMPARE(buttonNames(dock), actionNames(expected));
    // The timeline shows every event, newest first.
    QCOMPARE(dock.snapshot().events.size(), mFiled.eventCount);
    QVERIFY(dock.timelineHtml().contains(actionLabel(Action::File)));
    QVERIFY(dock.timelineHtml().indexOf(actionLabel(Action::File)) <
            dock.timelineHtml().indexOf(actionLabel(Action::Report)));

    // Nothing selected: no case, no buttons.
    dock.showCase(0);
    QVERIFY(dock.actionButtons().isEmpty());
}

void TestCaseDock::dispatchFromTheForm()
{
    const Actor dispatcher = user(u"hp.dispatcher"_s);
    CaseDock dock(mSession.get());
    dock.setActor(dispatcher);
    dock.setDirectory(mDirectory);
    dock.show();
    QSignalSpy loaded(&dock, &CaseDock::caseLoaded);
    dock.showCase(mFiled.id);
    QVERIFY(loaded.wait(WaitMs));

    auto *button = dock.findChild<QPushButton *>(u"action_dispatch"_s);
    QVERIFY(button);
    button->click();
    ActionForm *form = nullptr;
    QTRY_VERIFY((form = dock.findChild<ActionForm *>()) && form->isVisible());
    QCOMPARE(form->action(), Action::Dispatch);
    const ActionRequest request = form->request();
    QCOMPARE(request.expectedVersion, mFiled.version);
    QCOMPARE(request.unitId, mDirectory->suggestedUnit(mFiled)); // preselected
    QVERIFY(request.unitId > 0);

    QSignalSpy applied(&dock, &CaseDock::actionApplied);
    form->accept();
    QVERIFY(applied.wait(WaitMs));
    const auto record = applied.constFirst().constFirst().value<CaseRecord>();
    QCOMPARE(record.state, CaseState::Dispatched);
    QCOMPARE(record.unitId, request.unitId);
    QCOMPARE(record.version, mFiled.version + 1);

    // The dock shows the case as it is now, with the dispatcher's actions of the new state.
    QTRY_COMPARE_WITH_TIMEOUT(dock.snapshot().record.version, mFiled.version + 1, WaitMs);
    QCOMPARE(dock.snapshot().record.state, CaseState::Dispatched);
    QCOMPARE(buttonNames(dock), actionNames(available(dispatcher, mFiled.id)));
    QVERIFY(!buttonNames(dock).contains(u"action_dispatch"_s));
    QVERIFY(dock.timelineHtml().contains(mDirectory->unitName(request.unitId)));
    mFiled = dock.snapshot().record;
}

void TestCaseDock::unitHandlerSeesOnlyItsOwnActions()
{
    QCOMPARE(mFiled.state, CaseState::Dispatched); // after dispatchFromTheForm
    const ResponsibleUnit *unit = mDirectory->unit(mFiled.unitId);
    QVERIFY(unit);
    const Actor handler = user(u"unit."_s + unit->code);
    CaseDock dock(mSession.get());
    dock.setActor(handler);
    dock.setDirectory(mDirectory);
    QSignalSpy loaded(&dock, &CaseDock::caseLoaded);
    dock.showCase(mFiled.id);
    QVERIFY(loaded.wait(WaitMs));
    const QList<Action> expected = available(handler, mFiled.id);
    QVERIFY(expected.contains(Action::ReportHandled));
    QVERIFY(expected.contains(Action::RequestExtension));
    QCOMPARE(buttonNames(dock), actionNames(expected));
}

QTEST_MAIN(TestCaseDock)
#include "test_casedock.moc"
