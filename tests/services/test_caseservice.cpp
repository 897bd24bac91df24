#include "services/deadlinewatch.h"
#include "support/testworld.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;
using cg::test::beijing;

class TestCaseService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void fullLoopWithDeadlinesAndTimings();
    void extensionsNeedHigherApprovalTheSecondTime();
    void parkingStopsTheClock();
    void reworkAndCheckAgain();
    void returnAndVoid();
    void selfDisposal();
    void hardCaseClosesInStages();
    void staleVersionIsRefusedAndNothingWritten();
    void scopeByJurisdictionUnitAndTier();
    void unknownGridAndClass();
    void retriedRequestIsAppliedOnce();
    void reasonsAreRequired();
    void escalateAndHandDown();
    void deadlineWatchUrgesKeySupervisionOnce();
    void deadlineWatchResumesParkedCases();

private:
    std::unique_ptr<test::TestWorld> mWorld;
};

void TestCaseService::init()
{
    mWorld = std::make_unique<test::TestWorld>();
    QVERIFY(mWorld->open());
}

void TestCaseService::cleanup()
{
    mWorld.reset();
}

void TestCaseService::fullLoopWithDeadlinesAndTimings()
{
    auto &w = *mWorld;
    auto c = w.report();
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->state, CaseState::Reported);
    QCOMPARE(c->step, Step::Accept);
    QCOMPARE(c->stepDueAt, beijing(u"2026-11-23 09:30"_s)); // 30 working minutes
    QCOMPARE(c->areaClass, AreaClass::A);
    QCOMPARE(c->handlingLimit, (TimeLimit{2, TimeUnit::WorkingHours}));
    QCOMPARE(c->owningTier, JurisdictionLevel::Street);
    QCOMPARE(c->number, u"20261123"_s + QString::number(c->id).rightJustified(6, u'0'));
    QCOMPARE(c->version, 1);

    w.clock->setNow(beijing(u"2026-11-23 09:10"_s));
    c = w.act(u"acceptor"_s, *c, Action::Accept);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->stepDueAt, beijing(u"2026-11-23 09:40"_s));

    w.clock->setNow(beijing(u"2026-11-23 09:50"_s)); // ten minutes late
    c = w.act(u"shift"_s, *c, Action::File);
    QVERIFY(c.ok());
    QCOMPARE(c->state, CaseState::Filed);

    w.clock->setNow(beijing(u"2026-11-23 10:00"_s));
    c = w.act(u"dispatcher"_s, *c, Action::Dispatch);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->unitId, w.sanitation);
    // 10:00 + 2 working hours: 1.5 h to the lunch break, 0.5 h after it.
    QCOMPARE(c->handlingDueAt, beijing(u"2026-11-23 13:30"_s));
    QCOMPARE(c->stepDueAt, c->handlingDueAt);

    w.clock->setNow(beijing(u"2026-11-23 13:00"_s));
    c = w.act(u"unit.sanitation"_s, *c, Action::ReportHandled,
              [](ActionRequest &r) { r.comment = u"已清除"_s; });
    QVERIFY(c.ok());
    QCOMPARE(c->stepDueAt, beijing(u"2026-11-23 13:30"_s));
    w.clock->setNow(beijing(u"2026-11-23 13:10"_s));
    c = w.act(u"acceptor"_s, *c, Action::SendToCheck);
    QVERIFY(c.ok());
    QCOMPARE(c->stepDueAt, beijing(u"2026-11-23 14:10"_s));
    w.clock->setNow(beijing(u"2026-11-23 13:40"_s));
    c = w.act(u"sup"_s, *c, Action::CheckPass);
    QVERIFY(c.ok());
    w.clock->setNow(beijing(u"2026-11-23 13:50"_s));
    c = w.act(u"shift"_s, *c, Action::Close, [](ActionRequest &r) { r.closingType = ClosingType::Normal; });
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->state, CaseState::Closed);
    QCOMPARE(c->closedAt, beijing(u"2026-11-23 13:50"_s));
    QCOMPARE(c->step, Step::None);
    QVERIFY(!c->stepDueAt.isValid());
    QCOMPARE(c->version, 8);

    auto events = w.store().events(c->id);
    QVERIFY(events.ok());
    QCOMPARE(events->size(), 8);
    const QList<Action> actions{Action::Report,    Action::Accept,        Action::File,
                                Action::Dispatch,  Action::ReportHandled, Action::SendToCheck,
                                Action::CheckPass, Action::Close};
    for (int i = 0; i < actions.size(); ++i) {
        QCOMPARE(events->at(i).action, actions[i]);
        QCOMPARE(events->at(i).seq, i + 1);
    }
    // What evaluation needs: the step each action completed, its due time and whether it was on time.
    QCOMPARE(events->at(1).step, Step::Accept);
    QVERIFY(events->at(1).onTime);
    QCOMPARE(events->at(2).step, Step::File);
    QCOMPARE(events->at(2).stepDueAt, beijing(u"2026-11-23 09:40"_s));
    QVERIFY(!events->at(2).onTime);
    QCOMPARE(events->at(4).step, Step::Handle);
    QVERIFY(events->at(4).onTime);
    QCOMPARE(events->at(3).details.value(u"handling_due_at"_s).toString(), u"2026-11-23T13:30:00+08:00"_s);
    QCOMPARE(events->at(7).details.value(u"closing_type"_s).toString(), u"normal"_s);
    QCOMPARE(events->at(2).actorName, u"shift"_s);
    QCOMPARE(events->at(2).role, Role::ShiftLeader);

    auto feed = w.store().changesSince(0, 100);
    QVERIFY(feed.ok());
    QCOMPARE(feed->size(), 8);
    QCOMPARE(feed->last().action, Action::Close);
    QVERIFY(w.store().verifyAudit().ok());
}

static Result<CaseRecord> dispatched(test::TestWorld &w)
{
    auto c = w.report();
    for (auto [login, action] :
         {std::pair{u"acceptor"_s, Action::Accept}, std::pair{u"shift"_s, Action::File},
          std::pair{u"dispatcher"_s, Action::Dispatch}}) {
        if (!c)
            return c;
        c = w.act(login, *c, action);
    }
    return c;
}

void TestCaseService::extensionsNeedHigherApprovalTheSecondTime()
{
    auto &w = *mWorld;
    auto c = dispatched(w);
    QVERIFY(c.ok());
    QCOMPARE(c->handlingDueAt, beijing(u"2026-11-23 11:00"_s));
    auto tooEarly = w.act(u"unit.sanitation"_s, *c, Action::RequestExtension,
                          [](ActionRequest &r) { r.requestedDate = beijing(u"2026-11-23 10:00"_s); });
    QCOMPARE(tooEarly.errorMessage(),
             u"case %1: the new due date 2026-11-23T10:00:00+08:00 must be later than the "
             u"current deadline 2026-11-23T11:00:00+08:00"_s.arg(c->number));
    c = w.act(u"unit.sanitation"_s, *c, Action::RequestExtension,
              [](ActionRequest &r) { r.requestedDate = beijing(u"2026-11-23 16:00"_s); });
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QVERIFY(c->extensionPending);
    QCOMPARE(c->state, CaseState::Dispatched);
    c = w.act(u"dispatcher"_s, *c, Action::ApproveExtension);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->handlingDueAt, beijing(u"2026-11-23 16:00"_s));
    QCOMPARE(c->stepDueAt, beijing(u"2026-11-23 16:00"_s));
    QCOMPARE(c->extensionCount, 1);
    QVERIFY(!c->extensionPending);

    c = w.act(u"unit.sanitation"_s, *c, Action::RequestExtension,
              [](ActionRequest &r) { r.requestedDate = beijing(u"2026-11-24 16:00"_s); });
    QVERIFY(c.ok());
    auto refused = w.act(u"dispatcher"_s, *c, Action::ApproveExtension);
    QCOMPARE(refused.errorCode(), ErrorCode::NotPermitted);
    QCOMPARE(refused.errorMessage(), u"case %1: a second extension needs the centre leader's approval; the "
                                     u"dispatcher may approve only the first"_s.arg(c->number));
    c = w.act(u"leader"_s, *c, Action::ApproveExtension);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->handlingDueAt, beijing(u"2026-11-24 16:00"_s));
    QCOMPARE(c->extensionCount, 2);
}

void TestCaseService::parkingStopsTheClock()
{
    auto &w = *mWorld;
    w.clock->setNow(beijing(u"2026-11-23 10:00"_s));
    auto c = dispatched(w);
    QVERIFY(c.ok());
    QCOMPARE(c->handlingDueAt, beijing(u"2026-11-23 13:30"_s));
    w.clock->setNow(beijing(u"2026-11-23 10:30"_s));
    c = w.act(u"unit.sanitation"_s, *c, Action::RequestPark, [](ActionRequest &r) {
        r.comment = u"管线施工"_s;
        r.requestedDate = beijing(u"2026-11-25 09:00"_s);
    });
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->state, CaseState::ParkRequested);
    c = w.act(u"dispatcher"_s, *c, Action::ApprovePark);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->state, CaseState::Parked);
    QCOMPARE(c->pausedRemainingMinutes, 90); // 10:30–11:30 and 13:00–13:30
    QCOMPARE(c->step, Step::None);
    QCOMPARE(c->resumeAt, beijing(u"2026-11-25 09:00"_s));

    w.clock->setNow(beijing(u"2026-11-25 09:00"_s));
    c = w.act(u"dispatcher"_s, *c, Action::Resume);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->state, CaseState::Dispatched);
    QCOMPARE(c->handlingDueAt, beijing(u"2026-11-25 10:30"_s));
    QCOMPARE(c->stepDueAt, beijing(u"2026-11-25 10:30"_s));
    QCOMPARE(c->pausedRemainingMinutes, -1);
}

void TestCaseService::reworkAndCheckAgain()
{
    auto &w = *mWorld;
    auto c = dispatched(w);
    c = w.act(u"unit.sanitation"_s, *c, Action::ReportHandled);
    c = w.act(u"acceptor"_s, *c, Action::SendToCheck);
    c = w.act(u"sup"_s, *c, Action::CheckFail, [](ActionRequest &r) { r.comment = u"仍有残留"_s; });
    QVERIFY(c.ok());
    QCOMPARE(c->state, CaseState::CheckFailed);
    c = w.act(u"acceptor"_s, *c, Action::CheckAgain);
    QCOMPARE(c->state, CaseState::Checking);
    c = w.act(u"sup"_s, *c, Action::CheckFail, [](ActionRequest &r) { r.comment = u"仍有残留"_s; });
    c = w.act(u"acceptor"_s, *c, Action::Rework);
    QVERIFY(c.ok());
    QCOMPARE(c->state, CaseState::Filed);
    QCOMPARE(c->reworkCount, 1);
    QCOMPARE(c->unitId, 0);
    QVERIFY(!c->handlingDueAt.isValid());
    c = w.act(u"dispatcher"_s, *c, Action::Dispatch, [&](ActionRequest &r) { r.unitId = w.roads; });
    QVERIFY(c.ok());
    QCOMPARE(c->unitId, w.roads);
}

void TestCaseService::returnAndVoid()
{
    auto &w = *mWorld;
    auto c = dispatched(w);
    c = w.act(u"unit.sanitation"_s, *c, Action::RequestReturn,
              [](ActionRequest &r) { r.comment = u"非本单位职责"_s; });
    QCOMPARE(c->state, CaseState::ReturnRequested);
    QCOMPARE(c->step, Step::ApproveReturn);
    c = w.act(u"dispatcher"_s, *c, Action::ProposeVoid, [](ActionRequest &r) { r.comment = u"重复案件"_s; });
    QCOMPARE(c->state, CaseState::VoidRequested);
    c = w.act(u"shift"_s, *c, Action::RefuseVoid);
    QCOMPARE(c->state, CaseState::ReturnRequested);
    c = w.act(u"dispatcher"_s, *c, Action::ApproveReturn);
    QCOMPARE(c->state, CaseState::Filed);
    QCOMPARE(c->unitId, 0);
    c = w.act(u"dispatcher"_s, *c, Action::Dispatch);
    c = w.act(u"unit.sanitation"_s, *c, Action::RequestReturn,
              [](ActionRequest &r) { r.comment = u"非本单位职责"_s; });
    c = w.act(u"dispatcher"_s, *c, Action::ProposeVoid, [](ActionRequest &r) { r.comment = u"重复案件"_s; });
    c = w.act(u"shift"_s, *c, Action::ApproveVoid);
    QVERIFY(c.ok());
    QCOMPARE(c->state, CaseState::Voided);
    QVERIFY(c->closedAt.isValid());
    QCOMPARE(w.act(u"inspector"_s, *c, Action::Urge).errorCode(), ErrorCode::IllegalTransition);
}

void TestCaseService::selfDisposal()
{
    auto &w = *mWorld;
    NewCaseRequest r;
    r.action = Action::SelfDispose;
    r.classKey = CatalogueKey::parse(u"event/07001"_s).value(); // random small ads
    r.grid = UnitGridCode::parse(u"310101002001002"_s).value();
    r.description = u"电线杆上的小广告，已清除"_s;
    r.attachments = {u"a"_s};
    auto refused = w.service().report(w.actor(u"sup"_s), r);
    QCOMPARE(refused.errorMessage(), u"self-disposal needs a photo before and a photo after (1 given)"_s);
    r.attachments = {u"before"_s, u"after"_s};
    auto c = w.service().report(w.actor(u"sup"_s), r);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->state, CaseState::SelfDisposed);
    QCOMPARE(c->step, Step::ReviewSelfDisposal);
    c = w.act(u"acceptor"_s, *c, Action::ApproveSelfDisposal);
    QCOMPARE(c->state, CaseState::Closed);
    QCOMPARE(c->closingType, ClosingType::SelfDisposal);

    r.classKey = CatalogueKey::parse(u"event/06001"_s).value(); // an illegal building is never self-disposed
    auto building = w.service().report(w.actor(u"sup"_s), r);
    QCOMPARE(building.errorCode(), ErrorCode::IllegalTransition);
    QCOMPARE(building.errorMessage(), u"'self_dispose' is not possible now: this class of problem may not be "
                                      u"self-disposed; report it instead"_s);
}

void TestCaseService::hardCaseClosesInStages()
{
    auto &w = *mWorld;
    w.clock->setNow(beijing(u"2026-11-23 09:00"_s));
    auto c =
        w.report(u"sup"_s, u"event/06001"_s); // illegal building: 停止施工 4wh → 立案处罚 5wd → 拆除, 20wd
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QVERIFY(c->hardCase);
    c = w.act(u"acceptor"_s, *c, Action::Accept);
    c = w.act(u"shift"_s, *c, Action::File);
    w.clock->setNow(beijing(u"2026-11-23 10:00"_s));
    c = w.act(u"dispatcher"_s, *c, Action::Dispatch, [&](ActionRequest &r) { r.unitId = w.roads; });
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->handlingDueAt, beijing(u"2026-12-21 10:00"_s)); // 20 working days
    QCOMPARE(c->stepDueAt, beijing(u"2026-11-23 15:30"_s));     // the first stage: 4 working hours
    auto early = w.act(u"unit.roads"_s, *c, Action::ReportHandled);
    QCOMPARE(early.errorCode(), ErrorCode::IllegalTransition);
    w.clock->setNow(beijing(u"2026-11-23 14:00"_s));
    c = w.act(u"unit.roads"_s, *c, Action::ReportStage,
              [](ActionRequest &r) { r.comment = u"已责令停工"_s; });
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->state, CaseState::Dispatched);
    QCOMPARE(c->hardCaseStage, 1);
    QCOMPARE(c->stepDueAt, beijing(u"2026-11-30 14:00"_s)); // 立案处罚 within 5 working days
    c = w.act(u"unit.roads"_s, *c, Action::ReportStage,
              [](ActionRequest &r) { r.comment = u"已立案处罚"_s; });
    QCOMPARE(c->hardCaseStage, 2);
    QCOMPARE(c->stepDueAt, c->handlingDueAt); // the last stage runs to the case's own deadline
    QCOMPARE(w.act(u"unit.roads"_s, *c, Action::ReportStage).errorCode(), ErrorCode::IllegalTransition);
    c = w.act(u"unit.roads"_s, *c, Action::ReportHandled, [](ActionRequest &r) { r.comment = u"已拆除"_s; });
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->state, CaseState::Handled);
    auto events = w.store().events(c->id);
    QCOMPARE(events->at(4).details.value(u"stage"_s).toString(), u"停止施工"_s);
    QCOMPARE(events->at(4).details.value(u"next_stage"_s).toString(), u"立案处罚"_s);
}

void TestCaseService::staleVersionIsRefusedAndNothingWritten()
{
    auto &w = *mWorld;
    auto c = w.report();
    const CaseRecord read = *c;
    auto first = w.act(u"acceptor"_s, read, Action::Accept);
    QVERIFY(first.ok());
    auto second = w.act(u"acceptor"_s, read, Action::Reject, [](ActionRequest &r) { r.comment = u"无效"_s; });
    QCOMPARE(second.errorCode(), ErrorCode::StaleVersion);
    QCOMPARE(second.errorMessage(),
             u"case %1 was changed by someone else (you read version 1, it is now version 2 "
             u"in state 'accepted'); reload it and try again"_s.arg(read.number));
    QCOMPARE(w.store().events(read.id)->size(), 2);
    QCOMPARE(w.store().findCase(read.id)->state, CaseState::Accepted);

    // The store's own check: an update naming an old version writes nothing, not even the event.
    CaseRecord stale = *first;
    CaseEvent e;
    e.action = Action::Urge;
    e.at = w.clock->now();
    auto direct = w.store().updateCase(stale, 1, e);
    QCOMPARE(direct.errorCode(), ErrorCode::StaleVersion);
    QCOMPARE(w.store().events(read.id)->size(), 2);
    QCOMPARE(w.store().changesSince(0, 100)->size(), 2);
}

void TestCaseService::scopeByJurisdictionUnitAndTier()
{
    auto &w = *mWorld;
    auto c = dispatched(w);
    auto other = w.act(u"xh.dispatcher"_s, *c, Action::Urge);
    QCOMPARE(other.errorCode(), ErrorCode::NotPermitted); // a dispatcher never urges
    ActionRequest r;
    r.caseId = c->id;
    r.expectedVersion = c->version;
    r.action = Action::Escalate;
    auto outside = w.service().apply(w.actor(u"xh.dispatcher"_s), r);
    QCOMPARE(outside.errorCode(), ErrorCode::OutOfScope);
    QCOMPARE(outside.errorMessage(),
             u"case %1 lies in community 310101002001, outside your jurisdiction 310104"_s.arg(c->number));
    auto wrongUnit = w.act(u"unit.roads"_s, *c, Action::ReportHandled);
    QCOMPARE(wrongUnit.errorCode(), ErrorCode::OutOfScope);
    QCOMPARE(wrongUnit.errorMessage(),
             u"case %1 is not dispatched to your unit; a responsible unit acts only on its "
             u"own cases"_s.arg(c->number));
    QVERIFY(w.act(u"city.dispatcher"_s, *c, Action::Escalate).ok()); // a higher tier may step in

    // A case registered by the district acceptor belongs to the district tier: the street cannot act on it.
    auto districtCase = w.report(u"acceptor"_s);
    QCOMPARE(districtCase->owningTier, JurisdictionLevel::District);
    auto street = w.act(u"street.acceptor"_s, *districtCase, Action::Accept);
    QCOMPARE(street.errorCode(), ErrorCode::OutOfScope);
    QCOMPARE(street.errorMessage(),
             u"case %1 is owned by the district tier; a acceptor of the street tier cannot "
             u"act on it"_s.arg(districtCase->number));
    auto xhReport = w.report(u"xh.dispatcher"_s);
    QCOMPARE(xhReport.errorCode(), ErrorCode::NotPermitted);
    QCOMPARE(w.service().availableActions(w.actor(u"xh.dispatcher"_s), *districtCase), QList<Action>{});
    QCOMPARE(w.service().availableActions(w.actor(u"acceptor"_s), *districtCase),
             (QList<Action>{Action::SendToVerify, Action::Accept, Action::Reject}));
}

void TestCaseService::unknownGridAndClass()
{
    auto &w = *mWorld;
    auto grid = w.report(u"sup"_s, u"event/06010"_s, u"310101002001099"_s);
    QCOMPARE(grid.errorCode(), ErrorCode::UnknownGrid);
    QCOMPARE(grid.errorMessage(), u"unit grid 310101002001099 is not in the store"_s);
    auto cls = w.report(u"sup"_s, u"event/06999"_s);
    QCOMPARE(cls.errorCode(), ErrorCode::UnknownClass);
    QVERIFY2(cls.errorMessage().contains(u"event/06999"_s), qPrintable(cls.errorMessage()));
    auto outside = w.report(u"sup"_s, u"event/06010"_s, u"310104003001001"_s);
    QCOMPARE(outside.errorCode(), ErrorCode::OutOfScope);
    QCOMPARE(outside.errorMessage(),
             u"grid 310104003001001 lies in community 310104003001, outside your jurisdiction 310101002"_s);
    QCOMPARE(w.store().changesSince(0, 10)->size(), 0);
}

void TestCaseService::retriedRequestIsAppliedOnce()
{
    auto &w = *mWorld;
    NewCaseRequest r;
    r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    r.grid = UnitGridCode::parse(u"310101002001001"_s).value();
    r.description = u"垃圾"_s;
    r.requestId = u"phone-7f3a-1"_s;
    auto first = w.service().report(w.actor(u"sup"_s), r);
    auto again = w.service().report(w.actor(u"sup"_s), r);
    QVERIFY(first.ok() && again.ok());
    QCOMPARE(again->id, first->id);
    // A caller that vouches for an unused request id is not looked up, and the store still refuses the copy.
    const int casesBefore = int(w.store().changesSince(0, 1000)->size());
    r.requestIdUnused = true;
    auto copy = w.service().report(w.actor(u"sup"_s), r);
    QCOMPARE(copy.errorCode(), ErrorCode::Duplicate);
    QCOMPARE(int(w.store().changesSince(0, 1000)->size()), casesBefore);
    r.requestIdUnused = false;
    auto accept = [&](const CaseRecord &c) {
        return w.act(u"acceptor"_s, c, Action::Accept,
                     [](ActionRequest &a) { a.requestId = u"station-9-accept"_s; });
    };
    auto accepted = accept(*first);
    auto retried = accept(*first); // the same request with the version it first read
    QVERIFY(accepted.ok() && retried.ok());
    QCOMPARE(retried->version, accepted->version);
    QCOMPARE(w.store().events(first->id)->size(), 2);
}

void TestCaseService::reasonsAreRequired()
{
    auto &w = *mWorld;
    auto c = w.report();
    auto reject = w.act(u"acceptor"_s, *c, Action::Reject, [](ActionRequest &r) { r.comment.clear(); });
    QCOMPARE(reject.errorCode(), ErrorCode::InvalidInput);
    QCOMPARE(reject.errorMessage(), u"'reject' needs a comment giving the reason or result"_s);
    c = w.act(u"acceptor"_s, *c, Action::Accept);
    c = w.act(u"shift"_s, *c, Action::File);
    auto noUnit = w.act(u"dispatcher"_s, *c, Action::Dispatch, [](ActionRequest &r) { r.unitId = 0; });
    QCOMPARE(noUnit.errorMessage(), u"case %1: 'dispatch' needs the responsible unit"_s.arg(c->number));
    auto badUnit = w.act(u"dispatcher"_s, *c, Action::Dispatch, [](ActionRequest &r) { r.unitId = 999; });
    QCOMPARE(badUnit.errorMessage(), u"case %1: responsible unit 999 does not exist"_s.arg(c->number));
    QCOMPARE(w.store().events(c->id)->size(), 3);
}

void TestCaseService::escalateAndHandDown()
{
    auto &w = *mWorld;
    auto c = w.report(u"acceptor"_s);
    QCOMPARE(c->owningTier, JurisdictionLevel::District);
    c = w.act(u"dispatcher"_s, *c, Action::Escalate);
    QCOMPARE(c->owningTier, JurisdictionLevel::City);
    QCOMPARE(c->state, CaseState::Reported);
    auto again = w.act(u"city.dispatcher"_s, *c, Action::Escalate);
    QCOMPARE(again.errorCode(), ErrorCode::IllegalTransition);
    // Now owned by the city: the district's dispatcher can no longer hand it down; the city's can.
    QCOMPARE(w.act(u"dispatcher"_s, *c, Action::HandDown).errorCode(), ErrorCode::OutOfScope);
    c = w.act(u"city.dispatcher"_s, *c, Action::HandDown);
    QCOMPARE(c->owningTier, JurisdictionLevel::District);
    auto events = w.store().events(c->id);
    QCOMPARE(events->at(1).details.value(u"to_tier"_s).toString(), u"city"_s);
    QCOMPARE(events->at(2).details.value(u"to_tier"_s).toString(), u"district"_s);
}

void TestCaseService::deadlineWatchUrgesKeySupervisionOnce()
{
    auto &w = *mWorld;
    auto manhole =
        w.report(u"sup"_s, u"event/01002"_s); // missing sewer cover: key supervision, 4 natural hours
    QVERIFY2(manhole.ok(), qPrintable(manhole.errorMessage()));
    QVERIFY(manhole->keySupervision);
    QCOMPARE(manhole->priority, Priority::Urgent);
    QCOMPARE(manhole->stepDueAt, beijing(u"2026-11-23 09:30"_s).addSecs(0));
    auto garbage = w.report();
    DeadlineWatch watch(w.store(), w.service(), w.actor(u"system"_s), 30);

    w.clock->setNow(beijing(u"2026-11-23 09:10"_s));
    auto early = watch.scan();
    QVERIFY(early.ok());
    QCOMPARE(early->overdue.size(), 0);
    QCOMPARE(early->nearDue.size(), 2);

    w.clock->setNow(beijing(u"2026-11-23 09:31"_s));
    auto late = watch.scan();
    QVERIFY(late.ok());
    QCOMPARE(late->overdue.size(), 2);
    QCOMPARE(late->autoUrged, 1); // only the key-supervision case is urged automatically
    auto urged = w.store().findCase(manhole->id);
    QCOMPARE(urged->urgeCount, 1);
    QCOMPARE(urged->lastUrgeLevel, UrgeLevel::Key);
    QCOMPARE(urged->autoUrgedStep, Step::Accept);
    QCOMPARE(w.store().events(manhole->id)->last().role, Role::System);

    auto again = watch.scan();
    QCOMPARE(again->autoUrged, 0); // once per step
    QCOMPARE(w.store().findCase(manhole->id)->urgeCount, 1);
    QCOMPARE(w.store().findCase(garbage->id)->urgeCount, 0);

    // Accepting starts a new step: when it runs late too, it is urged again.
    auto accepted = w.act(u"acceptor"_s, *urged, Action::Accept);
    QVERIFY(accepted.ok());
    QCOMPARE(accepted->autoUrgedStep, Step::None);
    w.clock->setNow(beijing(u"2026-11-23 11:00"_s));
    QCOMPARE(watch.scan()->autoUrged, 1);
    QCOMPARE(w.store().findCase(manhole->id)->urgeCount, 2);
}

void TestCaseService::deadlineWatchResumesParkedCases()
{
    auto &w = *mWorld;
    w.clock->setNow(beijing(u"2026-11-23 10:00"_s));
    auto c = dispatched(w);
    c = w.act(u"unit.sanitation"_s, *c, Action::RequestPark, [](ActionRequest &r) {
        r.comment = u"施工"_s;
        r.requestedDate = beijing(u"2026-11-24 14:00"_s);
    });
    c = w.act(u"dispatcher"_s, *c, Action::ApprovePark);
    QVERIFY(c.ok());
    QCOMPARE(c->pausedRemainingMinutes, 120);
    DeadlineWatch watch(w.store(), w.service(), w.actor(u"system"_s));
    w.clock->setNow(beijing(u"2026-11-24 13:59"_s));
    QCOMPARE(watch.scan()->resumed, 0);
    w.clock->setNow(beijing(u"2026-11-24 14:05"_s));
    QCOMPARE(watch.scan()->resumed, 1);
    auto resumed = w.store().findCase(c->id);
    QCOMPARE(resumed->state, CaseState::Dispatched);
    QCOMPARE(resumed->handlingDueAt, beijing(u"2026-11-24 16:05"_s));
}

QTEST_GUILESS_MAIN(TestCaseService)
#include "test_caseservice.moc"
