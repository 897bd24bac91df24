// Major-event mode (重大活动): events stored and ended, and CaseService giving the cases reported inside an
// event's key area during its period the tighter limits and key supervision. On SQLite and PostgreSQL.
#include "store/evaluationstore.h"
#include "support/testworld.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;
using cg::test::beijing;

class TestMajorEvent : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void storedListedAndEnded();
    void badEventsAreRefusedAndNothingStored();
    void casesInTheAreaGetTighterLimitsAndKeySupervision();
    void casesOutsideTheAreaOrPeriodKeepTheirLimits();
    void explicitLimitAndPolygon();
    void endedEarlyEventStopsApplying();
    void anotherConnectionsEventsCountWithinTheInterval();

private:
    MajorEvent expo() const;
    std::unique_ptr<test::TestWorld> mWorld;
};

void TestMajorEvent::init()
{
    mWorld = std::make_unique<test::TestWorld>();
    QVERIFY(mWorld->open());
}

void TestMajorEvent::cleanup()
{
    mWorld.reset();
}

// Huangpu's Nanjing Road street, 23–30 November, limits halved, exposed garbage under key supervision.
MajorEvent TestMajorEvent::expo() const
{
    MajorEvent e;
    e.name = u"进博会保障"_s;
    e.startsAt = beijing(u"2026-11-23 00:00"_s);
    e.endsAt = beijing(u"2026-12-01 00:00"_s);
    e.areas = {JurisdictionCode::parse(u"310101002"_s).value()};
    e.limitFactor = 0.5;
    e.keyClasses = {CatalogueKey::parse(u"event/06010"_s).value()};
    return e;
}

void TestMajorEvent::storedListedAndEnded()
{
    auto &events = mWorld->session->evaluation();
    MajorEvent e = expo();
    e.grids = {UnitGridCode::parse(u"310104003001001"_s).value()};
    e.polygon = parsePolygon(u"121.30 31.19, 121.32 31.19, 121.32 31.21"_s).value();
    e.handlingLimit = {2, TimeUnit::WorkingHours};
    auto added = events.addMajorEvent(e);
    QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
    QVERIFY(added->id > 0);
    auto all = events.majorEvents();
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 1);
    const MajorEvent &back = all->first();
    QCOMPARE(back.id, added->id);
    QCOMPARE(back.name, e.name);
    QCOMPARE(back.startsAt, e.startsAt);
    QCOMPARE(back.endsAt, e.endsAt);
    QCOMPARE(back.areas, e.areas);
    QCOMPARE(back.grids, e.grids);
    QCOMPARE(back.polygon, e.polygon);
    QCOMPARE(back.limitFactor.value(), 0.5);
    QCOMPARE(back.handlingLimit, e.handlingLimit);
    QCOMPARE(back.keyClasses, e.keyClasses);
    QVERIFY(!back.endedAt.isValid());
    QCOMPARE(events.majorEventsAt(beijing(u"2026-11-25 10:00"_s))->size(), 1);
    QCOMPARE(events.majorEventsAt(beijing(u"2026-12-01 00:00"_s))->size(), 0);

    QVERIFY(events.endMajorEvent(added->id, beijing(u"2026-11-26 18:00"_s)).ok());
    QCOMPARE(events.majorEvents(false)->size(), 0);
    QCOMPARE(events.majorEvents(true)->first().endedAt, beijing(u"2026-11-26 18:00"_s));
    QCOMPARE(events.majorEventsAt(beijing(u"2026-11-26 17:59"_s))->size(), 1);
    QCOMPARE(events.majorEventsAt(beijing(u"2026-11-26 18:00"_s))->size(), 0);
    auto again = events.endMajorEvent(added->id, beijing(u"2026-11-27 18:00"_s));
    QCOMPARE(again.errorMessage(),
             u"major event %1 '进博会保障' already ended at 2026-11-26T10:00:00Z"_s.arg(added->id));
    auto unknown = events.endMajorEvent(999, beijing(u"2026-11-27 18:00"_s));
    QCOMPARE(unknown.errorCode(), ErrorCode::NotFound);
    QCOMPARE(unknown.errorMessage(), u"there is no major event 999"_s);
}

void TestMajorEvent::badEventsAreRefusedAndNothingStored()
{
    auto &events = mWorld->session->evaluation();
    MajorEvent e = expo();
    e.limitFactor = 2;
    auto added = events.addMajorEvent(e);
    QCOMPARE(added.errorCode(), ErrorCode::InvalidInput);
    QCOMPARE(added.errorMessage(),
             u"the limit factor of major event '进博会保障' is 2; it must lie between 0 and 1 "
             u"(e.g. 0.5 halves every limit)"_s);
    e = expo();
    e.areas.clear();
    QVERIFY(!events.addMajorEvent(e).ok());
    QCOMPARE(events.majorEvents()->size(), 0);
    MajorEvent ok = expo();
    auto stored = events.addMajorEvent(ok);
    QVERIFY(stored.ok());
    auto early = events.endMajorEvent(stored->id, beijing(u"2026-11-01 00:00"_s));
    QVERIFY(!early.ok());
    QVERIFY2(early.errorMessage().contains(u"before it starts"_s), qPrintable(early.errorMessage()));
}

void TestMajorEvent::casesInTheAreaGetTighterLimitsAndKeySupervision()
{
    auto &w = *mWorld;
    auto stored = w.session->evaluation().addMajorEvent(expo());
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    w.clock->setNow(beijing(u"2026-11-23 09:00"_s));
    auto c = w.report();
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->handlingLimit, (TimeLimit{1, TimeUnit::WorkingHours})); // 2 working hours halved
    QVERIFY(c->keySupervision);
    QCOMPARE(c->priority, Priority::High);
    w.clock->setNow(beijing(u"2026-11-23 09:10"_s));
    c = w.act(u"acceptor"_s, *c, Action::Accept);
    c = w.act(u"shift"_s, *c, Action::File);
    QVERIFY(c.ok());
    QCOMPARE(w.service().handlingDeadlineIfDispatched(*c, beijing(u"2026-11-23 10:00"_s)).value(),
             beijing(u"2026-11-23 11:00"_s));
    w.clock->setNow(beijing(u"2026-11-23 10:00"_s));
    c = w.act(u"dispatcher"_s, *c, Action::Dispatch);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->handlingLimit, (TimeLimit{1, TimeUnit::WorkingHours}));
    QCOMPARE(c->handlingDueAt, beijing(u"2026-11-23 11:00"_s));
    // Still tighter when dispatched after the event has ended: the case was reported during it.
    w.clock->setNow(beijing(u"2026-12-02 10:00"_s));
    c = w.act(u"unit.sanitation"_s, *c, Action::RequestReturn);
    c = w.act(u"dispatcher"_s, *c, Action::ApproveReturn);
    c = w.act(u"dispatcher"_s, *c, Action::Dispatch);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->handlingDueAt, beijing(u"2026-12-02 11:00"_s));
}

void TestMajorEvent::casesOutsideTheAreaOrPeriodKeepTheirLimits()
{
    auto &w = *mWorld;
    auto stored = w.session->evaluation().addMajorEvent(expo());
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    // Before the event.
    w.clock->setNow(beijing(u"2026-11-20 09:00"_s));
    auto before = w.report();
    QVERIFY(before.ok());
    QCOMPARE(before->handlingLimit, (TimeLimit{2, TimeUnit::WorkingHours}));
    QVERIFY(!before->keySupervision);
    QCOMPARE(before->priority, Priority::Normal);
    // Dispatched during the event, it keeps its ordinary limit.
    w.clock->setNow(beijing(u"2026-11-23 09:00"_s));
    auto c = w.act(u"acceptor"_s, *before, Action::Accept);
    c = w.act(u"shift"_s, *c, Action::File);
    w.clock->setNow(beijing(u"2026-11-23 10:00"_s));
    c = w.act(u"dispatcher"_s, *c, Action::Dispatch);
    QVERIFY(c.ok());
    QCOMPARE(c->handlingDueAt, beijing(u"2026-11-23 13:30"_s));
    // Outside the area (Xuhui), during the event.
    NewCaseRequest r;
    r.source = CaseSource::Hotline12345;
    r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    r.grid = UnitGridCode::parse(u"310104003001001"_s).value();
    r.description = u"徐汇的垃圾"_s;
    auto outside = w.service().report(w.actor(u"system"_s), r);
    QVERIFY(outside.ok());
    QVERIFY(!outside->keySupervision);
    const TimeLimit ordinary = w.session->catalogue().find(r.classKey)->rule(AreaClass::B).limit;
    QCOMPARE(outside->handlingLimit, ordinary);
}

void TestMajorEvent::explicitLimitAndPolygon()
{
    auto &w = *mWorld;
    MajorEvent e = expo();
    e.areas.clear();
    e.limitFactor.reset();
    e.keyClasses.clear();
    e.handlingLimit = {30, TimeUnit::WorkingMinutes};
    // A polygon around the point the test world reports at (121.4705, 31.2304).
    e.polygon = parsePolygon(u"121.470 31.230, 121.471 31.230, 121.471 31.231, 121.470 31.231"_s).value();
    QVERIFY(w.session->evaluation().addMajorEvent(e).ok());
    w.clock->setNow(beijing(u"2026-11-24 09:00"_s));
    auto c = w.report();
    QVERIFY(c.ok());
    QCOMPARE(c->handlingLimit, (TimeLimit{30, TimeUnit::WorkingMinutes}));
    QVERIFY(!c->keySupervision); // no key classes of its own
    c = w.act(u"acceptor"_s, *c, Action::Accept);
    c = w.act(u"shift"_s, *c, Action::File);
    w.clock->setNow(beijing(u"2026-11-24 10:00"_s));
    c = w.act(u"dispatcher"_s, *c, Action::Dispatch);
    QVERIFY(c.ok());
    QCOMPARE(c->handlingDueAt, beijing(u"2026-11-24 10:30"_s));
}

void TestMajorEvent::endedEarlyEventStopsApplying()
{
    auto &w = *mWorld;
    auto added = w.session->evaluation().addMajorEvent(expo());
    QVERIFY(added.ok());
    QVERIFY(w.session->evaluation().endMajorEvent(added->id, beijing(u"2026-11-24 00:00"_s)).ok());
    w.clock->setNow(beijing(u"2026-11-23 12:00"_s));
    auto during = w.report();
    QCOMPARE(during->handlingLimit, (TimeLimit{1, TimeUnit::WorkingHours}));
    w.clock->setNow(beijing(u"2026-11-24 09:00"_s));
    auto after = w.report();
    QCOMPARE(after->handlingLimit, (TimeLimit{2, TimeUnit::WorkingHours}));
    QVERIFY(!after->keySupervision);
}

QTEST_GUILESS_MAIN(TestMajorEvent)
// Reports read the events that have not ended yet once per interval: this store's own changes count at once,
// another connection's once the interval is over.
void TestMajorEvent::anotherConnectionsEventsCountWithinTheInterval()
{
    auto &w = *mWorld;
    EvaluationStore &reports = w.session->evaluation();
    EvaluationStore elsewhere(w.store()); // another connection's store, as far as the kept events go
    const QDateTime during = beijing(u"2026-11-24 09:00"_s);
    reports.setLiveEventsInterval(3600 * 1000);
    QCOMPARE(reports.majorEventsAt(during)->size(), 0);
    auto stored = elsewhere.addMajorEvent(expo());
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    QCOMPARE(reports.majorEventsAt(during)->size(), 0);             // within the interval
    QCOMPARE(reports.majorEventsAt(during.addDays(-1))->size(), 1); // an earlier time reads the store again
    QCOMPARE(elsewhere.endMajorEvent(stored->id, during).ok(), true);
    QCOMPARE(reports.majorEventsAt(during.addSecs(60))->size(), 1); // kept, and still active then
    reports.setLiveEventsInterval(0);
    QCOMPARE(reports.majorEventsAt(during.addSecs(60))->size(), 0); // read again: ended
    // This store's own additions count at once, whatever the interval.
    reports.setLiveEventsInterval(3600 * 1000);
    QCOMPARE(reports.majorEventsAt(during)->size(), 0);
    auto own = reports.addMajorEvent(expo());
    QVERIFY(own.ok());
    QCOMPARE(reports.majorEventsAt(during)->size(), 1);
    QVERIFY(reports.endMajorEvent(own->id, during).ok());
    QCOMPARE(reports.majorEventsAt(during)->size(), 0);
}

#include "test_majorevent.moc"
