#include "core/workflow.h"

#include <QSet>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

// DOMAIN.md §4, written out independently of the production table: from, action, role, to.
struct Row
{
    const char16_t *from, *action, *role, *to;
};
const Row expectedRows[] = {
    {u"none", u"report", u"supervisor", u"reported"},
    {u"none", u"report", u"acceptor", u"reported"},
    {u"none", u"report", u"inspector", u"reported"},
    {u"none", u"report", u"system", u"reported"},
    {u"self_disposed", u"approve_self_disposal", u"acceptor", u"closed"},
    {u"self_disposed", u"refuse_self_disposal", u"acceptor", u"reported"},
    {u"reported", u"send_to_verify", u"acceptor", u"verifying"},
    {u"verifying", u"verify_confirmed", u"supervisor", u"reported"},
    {u"verifying", u"verify_not_found", u"supervisor", u"reported"},
    {u"reported", u"accept", u"acceptor", u"accepted"},
    {u"reported", u"reject", u"acceptor", u"rejected"},
    {u"accepted", u"file", u"shift_leader", u"filed"},
    {u"accepted", u"send_back", u"shift_leader", u"reported"},
    {u"accepted", u"decline_to_file", u"shift_leader", u"rejected"},
    {u"filed", u"dispatch", u"dispatcher", u"dispatched"},
    {u"dispatched", u"report_handled", u"unit_handler", u"handled"},
    {u"dispatched", u"request_return", u"unit_handler", u"return_requested"},
    {u"return_requested", u"approve_return", u"dispatcher", u"filed"},
    {u"return_requested", u"refuse_return", u"dispatcher", u"dispatched"},
    {u"return_requested", u"propose_void", u"dispatcher", u"void_requested"},
    {u"void_requested", u"approve_void", u"shift_leader", u"voided"},
    {u"void_requested", u"refuse_void", u"shift_leader", u"return_requested"},
    {u"dispatched", u"request_park", u"unit_handler", u"park_requested"},
    {u"park_requested", u"approve_park", u"dispatcher", u"parked"},
    {u"park_requested", u"refuse_park", u"dispatcher", u"dispatched"},
    {u"parked", u"resume", u"dispatcher", u"dispatched"},
    {u"parked", u"resume", u"system", u"dispatched"},
    {u"dispatched", u"request_extension", u"unit_handler", u"dispatched"},
    {u"handled", u"send_to_check", u"acceptor", u"checking"},
    {u"checking", u"check_pass", u"supervisor", u"check_passed"},
    {u"checking", u"check_fail", u"supervisor", u"check_failed"},
    {u"check_failed", u"rework", u"acceptor", u"filed"},
    {u"check_failed", u"check_again", u"acceptor", u"checking"},
    {u"check_passed", u"close", u"shift_leader", u"closed"},
};
const char16_t *openStates[] = {u"reported",       u"verifying",   u"self_disposed",    u"accepted",
                                u"filed",          u"dispatched",  u"return_requested", u"void_requested",
                                u"park_requested", u"parked",      u"handled",          u"checking",
                                u"check_passed",   u"check_failed"};

QString key(CaseState s, Action a, Role r)
{
    return stateName(s) + u'|' + actionName(a) + u'|' + roleName(r);
}

// Under the default facts (a district-owned case, no pending extension, class without self-disposal).
QHash<QString, QString> expectedUnderDefaults()
{
    QHash<QString, QString> expected;
    auto add = [&](const QString &from, const QString &action, const QString &role, const QString &to) {
        expected.insert(from + u'|' + action + u'|' + role, to);
    };
    for (const Row &r : expectedRows)
        add(QString::fromUtf16(r.from), QString::fromUtf16(r.action), QString::fromUtf16(r.role),
            QString::fromUtf16(r.to));
    for (const char16_t *s : openStates) {
        const QString state = QString::fromUtf16(s);
        for (const QString &role : {u"inspector"_s, u"leader"_s, u"system"_s})
            add(state, u"urge"_s, role, state);
        for (const QString &role : {u"shift_leader"_s, u"dispatcher"_s}) {
            add(state, u"escalate"_s, role, state);
            add(state, u"hand_down"_s, role, state);
        }
    }
    return expected;
}

} // namespace

class TestWorkflow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyTriple();
    void refusalMessages_data();
    void refusalMessages();
    void selfDisposalGuard();
    void extensionApprovalLevels();
    void tierGuards();
    void availableActionsMatchDecide();
    void namesRoundTrip();
    void closingStagesOfHardCases();
    void stepsOfStates();
    void stepLimits();
};

void TestWorkflow::everyTriple()
{
    const auto expected = expectedUnderDefaults();
    CaseFacts facts;
    int allowed = 0, refused = 0;
    for (int s = 0; s < CaseStateCount; ++s) {
        for (int a = 0; a < ActionCount; ++a) {
            for (int r = 0; r < RoleCount; ++r) {
                facts.state = CaseState(s);
                const auto result = decide(facts, Action(a), Role(r));
                const QString k = key(CaseState(s), Action(a), Role(r));
                if (expected.contains(k)) {
                    QVERIFY2(result.ok(), qPrintable(k + u": "_s + result.errorMessage()));
                    QCOMPARE(stateName(*result), expected.value(k));
                    ++allowed;
                } else {
                    QVERIFY2(!result.ok(), qPrintable(k + u" should be refused"_s));
                    QVERIFY(result.errorCode() == ErrorCode::IllegalTransition ||
                            result.errorCode() == ErrorCode::NotPermitted);
                    QVERIFY2(result.errorMessage().contains(actionName(Action(a))),
                             qPrintable(result.errorMessage()));
                    ++refused;
                }
            }
        }
    }
    QCOMPARE(allowed, expected.size());
    QCOMPARE(allowed + refused, CaseStateCount * ActionCount * RoleCount);
}

void TestWorkflow::refusalMessages_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("role");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("wrong state") << u"reported"_s << u"dispatch"_s << u"dispatcher"_s
                                 << int(ErrorCode::IllegalTransition)
                                 << u"'dispatch' is not possible on a case in state 'reported'"_s;
    QTest::newRow("wrong role")
        << u"filed"_s << u"dispatch"_s << u"acceptor"_s << int(ErrorCode::NotPermitted)
        << u"role 'acceptor' may not 'dispatch' a case in state 'filed'; this is for: dispatcher"_s;
    QTest::newRow("terminal") << u"closed"_s << u"urge"_s << u"inspector"_s
                              << int(ErrorCode::IllegalTransition)
                              << u"'urge' is not possible on a case in state 'closed'"_s;
    QTest::newRow("no case yet") << u"none"_s << u"accept"_s << u"acceptor"_s
                                 << int(ErrorCode::IllegalTransition)
                                 << u"'accept' needs an existing case; a new case starts with 'report' or "
                                    u"'self_dispose'"_s;
    QTest::newRow("no extension waiting")
        << u"dispatched"_s << u"approve_extension"_s << u"dispatcher"_s << int(ErrorCode::IllegalTransition)
        << u"'approve_extension' is not possible now: no extension request is waiting for a decision"_s;
    QTest::newRow("unit may not close")
        << u"check_passed"_s << u"close"_s << u"unit_handler"_s << int(ErrorCode::NotPermitted)
        << u"role 'unit_handler' may not 'close' a case in state 'check_passed'; this is "
           u"for: shift_leader"_s;
}

void TestWorkflow::refusalMessages()
{
    QFETCH(QString, state);
    QFETCH(QString, action);
    QFETCH(QString, role);
    QFETCH(int, code);
    QFETCH(QString, message);
    CaseFacts facts;
    facts.state = parseState(state).value();
    const auto result = decide(facts, parseAction(action).value(), parseRole(role).value());
    QVERIFY(!result.ok());
    QCOMPARE(int(result.errorCode()), code);
    QCOMPARE(result.errorMessage(), message);
}

void TestWorkflow::selfDisposalGuard()
{
    CaseFacts facts;
    auto refused = decide(facts, Action::SelfDispose, Role::Supervisor);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.errorMessage(), u"'self_dispose' is not possible now: this class of problem may not be "
                                     u"self-disposed; report it instead"_s);
    facts.selfDisposalAllowed = true;
    QCOMPARE(decide(facts, Action::SelfDispose, Role::Supervisor).value(), CaseState::SelfDisposed);
    QCOMPARE(decide(facts, Action::SelfDispose, Role::Acceptor).errorCode(), ErrorCode::NotPermitted);
}

void TestWorkflow::extensionApprovalLevels()
{
    CaseFacts facts;
    facts.state = CaseState::Dispatched;
    facts.extensionPending = true;
    QCOMPARE(
        decide(facts, Action::RequestExtension, Role::UnitHandler).errorMessage(),
        u"'request_extension' is not possible now: an extension request is already waiting for a decision"_s);
    QCOMPARE(decide(facts, Action::ApproveExtension, Role::Dispatcher).value(), CaseState::Dispatched);
    QCOMPARE(decide(facts, Action::RefuseExtension, Role::Dispatcher).value(), CaseState::Dispatched);
    QCOMPARE(decide(facts, Action::ApproveExtension, Role::Leader).errorCode(), ErrorCode::NotPermitted);

    facts.extensionsGranted = 1; // the second request needs the centre leader
    const auto dispatcher = decide(facts, Action::ApproveExtension, Role::Dispatcher);
    QCOMPARE(dispatcher.errorCode(), ErrorCode::NotPermitted);
    QCOMPARE(dispatcher.errorMessage(),
             u"a second extension needs the centre leader's approval; the dispatcher may "
             u"approve only the first"_s);
    QCOMPARE(decide(facts, Action::ApproveExtension, Role::Leader).value(), CaseState::Dispatched);
    QCOMPARE(decide(facts, Action::RefuseExtension, Role::Leader).value(), CaseState::Dispatched);
}

void TestWorkflow::tierGuards()
{
    CaseFacts facts;
    facts.state = CaseState::Filed;
    facts.owningTier = JurisdictionLevel::City;
    QCOMPARE(
        decide(facts, Action::Escalate, Role::Dispatcher).errorMessage(),
        u"'escalate' is not possible now: the case is already owned by the city tier and cannot be escalated "
        u"further"_s);
    QVERIFY(decide(facts, Action::HandDown, Role::Dispatcher).ok());
    facts.owningTier = JurisdictionLevel::Street;
    QVERIFY(decide(facts, Action::Escalate, Role::ShiftLeader).ok());
    QCOMPARE(
        decide(facts, Action::HandDown, Role::ShiftLeader).errorMessage(),
        u"'hand_down' is not possible now: the case is owned by the street tier and cannot be handed further "
        u"down"_s);
}

void TestWorkflow::availableActionsMatchDecide()
{
    for (int s = 0; s < CaseStateCount; ++s) {
        for (int r = 0; r < RoleCount; ++r) {
            for (bool pending : {false, true}) {
                CaseFacts facts;
                facts.state = CaseState(s);
                facts.extensionPending = pending;
                facts.closingStagesLeft = pending ? 2 : 0;
                const QList<Action> available = availableActions(facts, Role(r));
                for (int a = 0; a < ActionCount; ++a)
                    QCOMPARE(available.contains(Action(a)), decide(facts, Action(a), Role(r)).ok());
            }
        }
    }
}

void TestWorkflow::namesRoundTrip()
{
    QSet<QString> names;
    for (int s = 0; s < CaseStateCount; ++s) {
        QCOMPARE(parseState(stateName(CaseState(s))).value(), CaseState(s));
        names.insert(stateName(CaseState(s)));
        QVERIFY(!stateLabel(CaseState(s)).isEmpty());
    }
    QCOMPARE(names.size(), CaseStateCount);
    for (int a = 0; a < ActionCount; ++a)
        QCOMPARE(parseAction(actionName(Action(a))).value(), Action(a));
    for (int r = 0; r < RoleCount; ++r)
        QCOMPARE(parseRole(roleName(Role(r))).value(), Role(r));
    for (int s = 0; s < StepCount; ++s)
        QCOMPARE(parseStep(stepName(Step(s))).value(), Step(s));
    QCOMPARE(parseAction(u"approve"_s).errorMessage().left(34), u"action 'approve' is unknown; expec"_s);
}

void TestWorkflow::closingStagesOfHardCases()
{
    CaseFacts facts;
    facts.state = CaseState::Dispatched;
    facts.closingStagesLeft = 3; // 停止施工 → 立案处罚 → 拆除
    QCOMPARE(decide(facts, Action::ReportStage, Role::UnitHandler).value(), CaseState::Dispatched);
    QCOMPARE(decide(facts, Action::ReportHandled, Role::UnitHandler).errorMessage(),
             u"'report_handled' is not possible now: this hard case still has closing stages to report "
             u"before it can "
             u"be reported handled"_s);
    facts.closingStagesLeft = 1;
    QCOMPARE(decide(facts, Action::ReportHandled, Role::UnitHandler).value(), CaseState::Handled);
    QCOMPARE(
        decide(facts, Action::ReportStage, Role::UnitHandler).errorMessage(),
        u"'report_stage' is not possible now: no closing stage is left before the last one; report the case "
        u"handled"_s);
}

void TestWorkflow::stepsOfStates()
{
    QCOMPARE(stepOf(CaseState::Reported), Step::Accept);
    QCOMPARE(stepOf(CaseState::Verifying), Step::Verify);
    QCOMPARE(stepOf(CaseState::Filed), Step::Dispatch);
    QCOMPARE(stepOf(CaseState::Dispatched), Step::Handle);
    QCOMPARE(stepOf(CaseState::Checking), Step::Check);
    QCOMPARE(stepOf(CaseState::CheckPassed), Step::Close);
    QCOMPARE(stepOf(CaseState::Parked), Step::None); // parking stops the clock
    QCOMPARE(stepOf(CaseState::Closed), Step::None);
    QVERIFY(isTerminal(CaseState::Voided));
    QVERIFY(!isOpen(CaseState::None));
    QVERIFY(isOpen(CaseState::Parked));
}

void TestWorkflow::stepLimits()
{
    StepLimits limits;
    QCOMPARE(limits.limit(Step::Accept, false), (TimeLimit{30, TimeUnit::WorkingMinutes}));
    QCOMPARE(limits.limit(Step::Check, false), (TimeLimit{60, TimeUnit::WorkingMinutes}));
    QCOMPARE(limits.limit(Step::Check, true), (TimeLimit{60, TimeUnit::Minutes}));
    QCOMPARE(limits.limit(Step::ApprovePark, true), (TimeLimit{2, TimeUnit::NaturalHours}));
    limits.setLimit(Step::Verify, TimeLimit{90, TimeUnit::Minutes});
    QCOMPARE(limits.limit(Step::Verify, false), (TimeLimit{90, TimeUnit::Minutes}));
}

QTEST_GUILESS_MAIN(TestWorkflow)
#include "test_workflow.moc"
