// Probable duplicates on every channel: detection at the exact radius, window and class boundaries, merge and
// separate with their state transitions and permissions, every merged hotline reporter's callbacks (signed
// with the hotline's secret), Open311 requests of merged reports showing the main case's status.

#include "gatewayfixture.h"
#include "net/outboxsender.h"
#include "store/sqlduplicaterepository.h"

#include <QMessageAuthenticationCode>
#include <QSqlQuery>
#include <QTest>

#include <cmath>
#include <numbers>

using namespace cg;
using namespace cg::test;
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr double BaseLon = 121.4705, BaseLat = 31.2304;

// Degrees of latitude for `metres` north (the haversine distance of a pure latitude step is R·Δφ).
double northDegrees(double metres)
{
    return metres / (6371008.8 * std::numbers::pi / 180.0);
}

// Degrees of longitude for `metres` east at BaseLat (a pure longitude step is R·cos φ·Δλ on the parallel,
// which the great circle shortens by far less than a millimetre at these distances).
double eastDegrees(double metres)
{
    return northDegrees(metres) / std::cos(BaseLat * std::numbers::pi / 180.0);
}

Result<CaseRecord> reportAtPoint(TestWorld &w, double lon, double lat,
                                 const QString &classKey = u"event/06010"_s, const QString &login = u"sup"_s)
{
    NewCaseRequest r;
    r.classKey = CatalogueKey::parse(classKey).value();
    r.grid = UnitGridCode::parse(u"310101002001001"_s).value();
    r.description = u"路边有成堆垃圾"_s;
    r.longitude = lon;
    r.latitude = lat;
    return w.service().report(w.actor(login), r);
}

Result<CaseRecord> reportAt(TestWorld &w, double metresNorth, const QString &classKey = u"event/06010"_s,
                            const QString &login = u"sup"_s)
{
    return reportAtPoint(w, BaseLon, BaseLat + northDegrees(metresNorth), classKey, login);
}

std::optional<ProbableDuplicate> linkOf(TestWorld &w, qint64 caseId)
{
    SqlDuplicateRepository repo(w.store());
    auto l = repo.activeLinkOf(caseId);
    return l ? *l : std::nullopt;
}

// A TestWorld without links left over by an earlier test in a pooled PostgreSQL database.
bool openWorld(TestWorld &w)
{
    if (!w.open())
        return false;
    if (w.onPostgres()) {
        PgRawConnection raw(w.pgUrl);
        const QString e =
            raw.exec(u"TRUNCATE probable_duplicates, net_hotline_tickets, net_outbox, net_counters"_s);
        if (!e.isEmpty()) {
            qWarning() << e;
            return false;
        }
    }
    return true;
}

CaseRecord reload(TestWorld &w, qint64 id)
{
    return w.store().findCase(id).value();
}

bool closeCase(TestWorld &w, qint64 id, const QString &handledText)
{
    CaseRecord c = reload(w, id);
    auto step = [&](const QString &login, Action action, const QString &comment = u"ok"_s) {
        auto r = w.act(login, c, action, [&](ActionRequest &a) { a.comment = comment; });
        if (!r) {
            qWarning() << actionName(action) << r.errorMessage();
            return false;
        }
        c = *r;
        return true;
    };
    return step(u"acceptor"_s, Action::Accept) && step(u"shift"_s, Action::File) &&
           step(u"dispatcher"_s, Action::Dispatch) &&
           step(u"unit.sanitation"_s, Action::ReportHandled, handledText) &&
           step(u"acceptor"_s, Action::SendToCheck) && step(u"sup"_s, Action::CheckPass) &&
           step(u"shift"_s, Action::Close);
}

} // namespace

class TestDuplicates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultRulesByMajorClass()
    {
        const auto rule = [](const char16_t *key) {
            return DuplicateRules::defaultRule(CatalogueKey::parse(QString::fromUtf16(key)).value());
        };
        QCOMPARE(rule(u"component/01001"), (DuplicateRule{30, 72}));
        QCOMPARE(rule(u"event/01001"), (DuplicateRule{30, 72}));
        QCOMPARE(rule(u"event/05001"), (DuplicateRule{30, 72}));
        QCOMPARE(rule(u"event/06010"), (DuplicateRule{50, 24}));
        QCOMPARE(rule(u"event/07001"), (DuplicateRule{50, 168}));
        QCOMPARE(rule(u"event/08001"), (DuplicateRule{100, 720}));
        QCOMPARE(rule(u"event/09001"), (DuplicateRule{100, 4}));
        QCOMPARE(rule(u"event/10001"), (DuplicateRule{50, 24}));
        DuplicateRules rules;
        rules.setRule(CatalogueKey::parse(u"event/06010"_s).value(), {20, 2});
        QCOMPARE(rules.rule(CatalogueKey::parse(u"event/06010"_s).value()), (DuplicateRule{20, 2}));
        QCOMPARE(rules.rule(CatalogueKey::parse(u"event/06011"_s).value()), (DuplicateRule{50, 24}));
        QCOMPARE(duplicateStateName(DuplicateState::Separated), u"separated"_s);
        QCOMPARE(parseDuplicateState(u"merged"_s).value(), DuplicateState::Merged);
        QCOMPARE(parseDuplicateState(u"gone"_s).errorMessage(),
                 u"duplicate state 'gone' is unknown; use pending, merged or separated"_s);
    }

    void radiusBoundaryIsExact()
    {
        TestWorld w;
        QVERIFY(openWorld(w));
        auto main = reportAt(w, 0);
        QVERIFY2(main.ok(), qPrintable(main.errorMessage()));
        QVERIFY(!linkOf(w, main->id)); // the first report repeats nothing
        auto inside = reportAt(w, 49.9);
        QVERIFY(inside.ok());
        auto link = linkOf(w, inside->id);
        QVERIFY(link);
        QCOMPARE(link->duplicateOf, main->id);
        QCOMPARE(link->distanceM, 49.9);
        QCOMPARE(link->state, DuplicateState::Pending);
        QCOMPARE(link->detectedAt, w.clock->now());
        auto outside = reportAt(w, 50.1);
        QVERIFY(outside.ok());
        QVERIFY(!linkOf(w, outside->id));
        // South of the main case, as far: linked to the main case, not to the report north of it.
        auto south = reportAt(w, -49.9);
        QVERIFY(south.ok());
        QCOMPARE(linkOf(w, south->id)->duplicateOf, main->id);
        QVERIFY(std::abs(DuplicateService::distanceM(BaseLon, BaseLat, BaseLon, BaseLat + northDegrees(50)) -
                         50.0) < 1e-6);
    }

    void reportsWithoutCoordinatesAreNotCompared()
    {
        TestWorld w;
        QVERIFY(openWorld(w));
        NewCaseRequest r;
        r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
        r.grid = UnitGridCode::parse(u"310101002001001"_s).value();
        r.description = u"只报了网格"_s;
        auto first = w.service().report(w.actor(u"sup"_s), r);
        QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
        auto second = w.service().report(w.actor(u"sup"_s), r);
        QVERIFY(second.ok());
        QVERIFY(!linkOf(w, second->id));
        // A located report beside them is still compared with located cases only.
        auto located = reportAt(w, 0);
        QVERIFY(located.ok());
        QVERIFY(!linkOf(w, located->id));
        auto near = reportAt(w, 10);
        QVERIFY(near.ok());
        QCOMPARE(linkOf(w, near->id)->duplicateOf, located->id);
    }

    void timeWindowAndClassBoundariesAreExact()
    {
        TestWorld w;
        QVERIFY(openWorld(w));
        auto main = reportAt(w, 0);
        QVERIFY(main.ok());
        // Another class at the same spot is another problem.
        auto otherClass = reportAt(w, 0, u"event/06011"_s);
        QVERIFY(otherClass.ok());
        QVERIFY(!linkOf(w, otherClass->id));
        // Exactly 24 hours later (event/06 window): still a duplicate.
        w.clock->setNow(main->reportedAt.addSecs(24 * 3600));
        auto atWindow = reportAt(w, 10);
        QVERIFY(atWindow.ok());
        QCOMPARE(linkOf(w, atWindow->id)->duplicateOf, main->id);
        // One second more: a new problem.
        w.clock->setNow(main->reportedAt.addSecs(24 * 3600 + 1));
        auto late = reportAt(w, 10);
        QVERIFY(late.ok());
        QVERIFY(!linkOf(w, late->id));
    }

    void aPendingDuplicateIsNoMainCase()
    {
        TestWorld w;
        QVERIFY(openWorld(w));
        auto main = reportAt(w, 0);
        QVERIFY(main.ok());
        auto second = reportAt(w, 40);
        QVERIFY(second.ok());
        QCOMPARE(linkOf(w, second->id)->duplicateOf, main->id);
        // 40 m from the second report, 80 m from the main case: the second report is a duplicate itself.
        auto third = reportAt(w, 80);
        QVERIFY(third.ok());
        QVERIFY(!linkOf(w, third->id));
        // Once separated, the second report is a case of its own that later reports may repeat.
        QVERIFY(w.session->duplicates().separate(w.actor(u"acceptor"_s), second->id).ok());
        auto fourth = reportAt(w, 55); // 15 m from the second report, 25 m from the third
        QVERIFY(fourth.ok());
        QCOMPARE(linkOf(w, fourth->id)->duplicateOf, second->id);
        QCOMPARE(linkOf(w, fourth->id)->distanceM, 15.0);
    }

    // The store searches cells of 1/500 degree; cases on either side of a cell border meet.
    void reportsAcrossCellBordersMeet()
    {
        TestWorld w;
        QVERIFY(openWorld(w));
        const double borderLon = 121.47, borderLat = 31.23; // 60,735 and 15,615 cells of 1/500 degree
        QCOMPARE(std::floor(borderLon * SqlDuplicateRepository::DuplicateCellsPerDegree), 60735.0);
        QCOMPARE(std::floor((borderLon - 1e-5) * SqlDuplicateRepository::DuplicateCellsPerDegree), 60734.0);
        QCOMPARE(std::floor(borderLat * SqlDuplicateRepository::DuplicateCellsPerDegree), 15615.0);
        auto west = reportAtPoint(w, borderLon - eastDegrees(10), borderLat + northDegrees(5));
        QVERIFY2(west.ok(), qPrintable(west.errorMessage()));
        auto east = reportAtPoint(w, borderLon + eastDegrees(10), borderLat + northDegrees(5));
        QVERIFY(east.ok());
        QCOMPARE(linkOf(w, east->id)->duplicateOf, west->id);
        QCOMPARE(linkOf(w, east->id)->distanceM, 20.0);
        auto southWest =
            reportAtPoint(w, borderLon - eastDegrees(10), borderLat - northDegrees(5), u"event/06011"_s);
        QVERIFY(southWest.ok());
        auto northEast =
            reportAtPoint(w, borderLon + eastDegrees(10), borderLat + northDegrees(5), u"event/06011"_s);
        QVERIFY(northEast.ok());
        QCOMPARE(linkOf(w, northEast->id)->duplicateOf, southWest->id);
    }

    // A radius of 1 km spans more cells than one query names: the store asks several times.
    void aWideRadiusIsSearchedWhole()
    {
        TestWorld w;
        QVERIFY(openWorld(w));
        DuplicateRules rules;
        rules.setRule(CatalogueKey::parse(u"event/06010"_s).value(), {1000, 24});
        w.session->duplicates().setRules(rules);
        auto main = reportAt(w, 0);
        QVERIFY(main.ok());
        auto north = reportAt(w, 990);
        QVERIFY(north.ok());
        QCOMPARE(linkOf(w, north->id)->duplicateOf, main->id);
        QCOMPARE(linkOf(w, north->id)->distanceM, 990.0);
        auto farNorth = reportAt(w, 1010);
        QVERIFY(farNorth.ok());
        QVERIFY(!linkOf(w, farNorth->id)); // 1,010 m from the main case, and the north report is a duplicate
        auto west = reportAtPoint(w, BaseLon - eastDegrees(950), BaseLat);
        QVERIFY(west.ok());
        QCOMPARE(linkOf(w, west->id)->duplicateOf, main->id);
        QCOMPARE(linkOf(w, west->id)->distanceM, 950.0);
    }

    // A report that arrives late (a hotline ticket filed with the time of the call) repeats only what was
    // reported before it.
    void aLaterReportIsNoMainCase()
    {
        TestWorld w;
        QVERIFY(openWorld(w));
        const QDateTime start = w.clock->now();
        w.clock->setNow(start.addSecs(3600));
        auto later = reportAt(w, 0);
        QVERIFY(later.ok());
        w.clock->setNow(start);
        auto earlier = reportAt(w, 10);
        QVERIFY(earlier.ok());
        QVERIFY(!linkOf(w, earlier->id));
        w.clock->setNow(start.addSecs(7200));
        auto last = reportAt(w, 5);
        QVERIFY(last.ok());
        // 5 m from both, and both are cases: the one reported first.
        QCOMPARE(linkOf(w, last->id)->duplicateOf, earlier->id);
    }

    void closedCasesAndSelfDisposalsAreNoMainCases()
    {
        TestWorld w;
        QVERIFY(openWorld(w));
        auto main = reportAt(w, 0);
        QVERIFY(main.ok());
        QVERIFY(w.act(u"acceptor"_s, *main, Action::Reject, [](ActionRequest &r) {
                     r.comment = u"无效"_s;
                 }).ok());
        auto again = reportAt(w, 5);
        QVERIFY(again.ok());
        QVERIFY(!linkOf(w, again->id)); // the rejected case is finished
        auto next = reportAt(w, 6);
        QVERIFY(next.ok());
        QCOMPARE(linkOf(w, next->id)->duplicateOf, again->id);
    }

    void mergeAndSeparateWithPermissions()
    {
        TestWorld w;
        QVERIFY(openWorld(w));
        DuplicateService &d = w.session->duplicates();
        auto main = reportAt(w, 0);
        auto first = reportAt(w, 10);
        auto second = reportAt(w, 20);
        auto third = reportAt(w, 30);
        QVERIFY(main.ok() && first.ok() && second.ok() && third.ok());

        // Only an acceptor, and only in scope.
        auto refused = d.merge(w.actor(u"sup"_s), first->id);
        QCOMPARE(refused.errorCode(), ErrorCode::NotPermitted);
        QCOMPARE(refused.errorMessage(),
                 u"only an acceptor may merge a probable duplicate (you are supervisor)"_s);
        Actor elsewhere = w.actor(u"acceptor"_s);
        elsewhere.jurisdiction = JurisdictionCode::parse(u"310104"_s).value();
        QCOMPARE(d.separate(elsewhere, first->id).errorCode(), ErrorCode::OutOfScope);
        QCOMPARE(linkOf(w, first->id)->state, DuplicateState::Pending);
        QCOMPARE(d.merge(w.actor(u"acceptor"_s), main->id).errorMessage(),
                 u"case %1 is not a probable duplicate"_s.arg(main->id));

        // Merge: the report is rejected as merged into the main case, the link is merged.
        w.clock->setNow(w.clock->now().addSecs(600));
        auto merged = d.merge(w.actor(u"acceptor"_s), first->id);
        QVERIFY2(merged.ok(), qPrintable(merged.errorMessage()));
        QCOMPARE(merged->state, DuplicateState::Merged);
        QCOMPARE(merged->decidedBy, w.actor(u"acceptor"_s).userId);
        QCOMPARE(merged->decidedAt, w.clock->now());
        const CaseRecord firstNow = reload(w, first->id);
        QCOMPARE(firstNow.state, CaseState::Rejected);
        const QList<CaseEvent> events = w.store().events(first->id).value();
        QCOMPARE(events.last().action, Action::Reject);
        QCOMPARE(events.last().comment, DuplicateService::mergeReason(main->number));
        QCOMPARE(events.last().comment, u"Merged into case %1 (duplicate report)"_s.arg(main->number));
        QCOMPARE(linkOf(w, first->id)->state, DuplicateState::Merged);
        QCOMPARE(reload(w, main->id).state, CaseState::Reported); // the main case goes on
        // Decided once.
        auto twice = d.separate(w.actor(u"acceptor"_s), first->id);
        QCOMPARE(twice.errorCode(), ErrorCode::IllegalTransition);
        QCOMPARE(twice.errorMessage(), u"case %1 was already merged into its main case"_s.arg(first->number));

        // Separate: the link is dismissed, the report goes on as its own case.
        auto separated = d.separate(w.actor(u"acceptor"_s), second->id);
        QVERIFY(separated.ok());
        QCOMPARE(separated->state, DuplicateState::Separated);
        QCOMPARE(reload(w, second->id).state, CaseState::Reported);
        QVERIFY(!linkOf(w, second->id)); // no longer an active link

        // A report accepted meanwhile can no longer be merged (only separated).
        QVERIFY(w.act(u"acceptor"_s, *third, Action::Accept).ok());
        auto late = d.merge(w.actor(u"acceptor"_s), third->id);
        QCOMPARE(late.errorCode(), ErrorCode::IllegalTransition);
        QCOMPARE(late.errorMessage(),
                 u"case %1 is accepted, no longer reported: only a reported case can be merged into %2; "
                 u"separate it or handle it as its own case"_s.arg(third->number, main->number));
        QCOMPARE(linkOf(w, third->id)->state, DuplicateState::Pending); // nothing half-done

        // The acceptor's list: newest first, both cases, in scope only.
        auto all = d.entries(w.actor(u"acceptor"_s), std::nullopt);
        QVERIFY(all.ok());
        QCOMPARE(all->size(), 3);
        QCOMPARE(all->at(0).link.caseId, third->id);
        QCOMPARE(all->at(0).main.id, main->id);
        auto pending = d.entries(w.actor(u"acceptor"_s), DuplicateState::Pending);
        QCOMPARE(pending->size(), 1);
        QCOMPARE(d.entries(elsewhere, std::nullopt)->size(), 0);
    }

    void everyMergedHotlineReporterGetsTheSignedResult()
    {
        FakeHotline hotline;
        QVERIFY(hotline.up());
        const QString secret = u"0123456789abcdef0123456789abcdef"_s;
        GatewayFixture g;
        QVERIFY(g.open(hotline.url()));
        QVERIFY(g.stop()); // the 12345 hotline signs its callbacks from the next start
        g.config.clients[0].callbackSecret = secret;
        QVERIFY(g.start());

        QList<qint64> caseIds;
        for (const QString &id : {u"T-main"_s, u"T-dup1"_s, u"T-dup2"_s}) {
            const HttpResult r = g.postJson(u"/hotline/v1/tickets"_s, compact(sampleTicket(id)), HotlineKey);
            QCOMPARE(r.status, 201);
            caseIds.append(qint64(r.object().value(u"caseId"_s).toDouble()));
        }
        QCOMPARE(linkOf(g.world, caseIds[1])->duplicateOf, caseIds[0]);
        QCOMPARE(linkOf(g.world, caseIds[2])->duplicateOf, caseIds[0]);
        const QString mainNumber = reload(g.world, caseIds[0]).number;

        // The acceptor merges both on the desktop (another connection).
        for (int i : {1, 2})
            QVERIFY(g.world.session->duplicates().merge(g.world.actor(u"acceptor"_s), caseIds[i]).ok());
        QTRY_COMPARE_WITH_TIMEOUT(hotline.received.size(), 2, 15000);
        for (const QJsonObject &m : std::as_const(hotline.received)) {
            QCOMPARE(m.value(u"event"_s).toString(), u"merged"_s);
            QCOMPARE(m.value(u"mainCaseNumber"_s).toString(), mainNumber);
        }
        // The main case is handled and closed: every ticket gets "handled" with the main case's result.
        QVERIFY(closeCase(g.world, caseIds[0], u"垃圾已清运"_s));
        QTRY_COMPARE_WITH_TIMEOUT(hotline.received.size(), 2 + 1 + 3, 15000);
        {
            QSqlQuery q(g.world.store().database());
            QVERIFY(q.exec(u"SELECT count(*) FROM net_outbox"_s) && q.next());
            QCOMPARE(q.value(0).toInt(), 6); // each result queued once
        }
        QMap<QString, QStringList> eventsByTicket;
        for (const QJsonObject &m : std::as_const(hotline.received))
            eventsByTicket[m.value(u"ticketId"_s).toString()].append(m.value(u"event"_s).toString());
        QCOMPARE(eventsByTicket.value(u"T-main"_s), (QStringList{u"accepted"_s, u"handled"_s}));
        QCOMPARE(eventsByTicket.value(u"T-dup1"_s), (QStringList{u"merged"_s, u"handled"_s}));
        QCOMPARE(eventsByTicket.value(u"T-dup2"_s), (QStringList{u"merged"_s, u"handled"_s}));
        for (int i = 0; i < hotline.received.size(); ++i) {
            const QJsonObject &m = hotline.received[i];
            if (m.value(u"event"_s).toString() != u"handled"_s)
                continue;
            QCOMPARE(m.value(u"result"_s).toString(), u"垃圾已清运"_s);
            if (m.value(u"ticketId"_s).toString() != u"T-main"_s) {
                QCOMPARE(m.value(u"mainCaseNumber"_s).toString(), mainNumber);
                QVERIFY(m.value(u"caseNumber"_s).toString() != mainNumber);
            }
        }
        // The receiver verifies every callback with the shared secret, as docs/hotline-api.md shows.
        for (int i = 0; i < hotline.receivedBodies.size(); ++i) {
            const auto &h = hotline.receivedHeaders[i];
            const QByteArray timestamp = h.value("x-citygrid-timestamp");
            QVERIFY(std::abs(timestamp.toLongLong() - QDateTime::currentSecsSinceEpoch()) < 120);
            const QByteArray expected =
                "sha256=" + QMessageAuthenticationCode::hash(timestamp + '.' + hotline.receivedBodies[i],
                                                             secret.toUtf8(), QCryptographicHash::Sha256)
                                .toHex();
            QCOMPARE(h.value("x-citygrid-signature"), expected);
            QCOMPARE(OutboxSender::signature(secret.toUtf8(), timestamp, hotline.receivedBodies[i]),
                     expected);
            // A changed body does not verify.
            QVERIFY(OutboxSender::signature(secret.toUtf8(), timestamp, hotline.receivedBodies[i] + ' ') !=
                    expected);
        }
    }

    void callbackSecretIsCheckedInTheConfiguration()
    {
        const QByteArray json = R"({"clients": [{"name": "12345-city", "kind": "hotline", "hotline": "12345",
            "apiKey": "hotline-12345-key-0001", "callbackUrl": "https://h.example/cb", "callbackSecret": "short"}]})";
        auto c = GatewayConfig::fromJson(json, u"gateway.json"_s);
        QCOMPARE(c.errorMessage(),
                 u"gateway.json: clients[0] (12345-city): callbackSecret must have 32 characters or more"_s);
        QByteArray good = json;
        good.replace("\"short\"", "\"0123456789abcdef0123456789abcdef\"");
        auto ok = GatewayConfig::fromJson(good, u"gateway.json"_s);
        QVERIFY2(ok.ok(), qPrintable(ok.errorMessage()));
        QCOMPARE(ok->clients.first().callbackSecret, u"0123456789abcdef0123456789abcdef"_s);
        // The signature of a known message (RFC 4231-style check of the construction).
        QCOMPARE(OutboxSender::signature("key", "1", "{}"),
                 "sha256=" +
                     QMessageAuthenticationCode::hash("1.{}", "key", QCryptographicHash::Sha256).toHex());
    }

    void reportMergedAfterTheMainCaseClosedGetsItsResultAtOnce()
    {
        FakeHotline hotline;
        QVERIFY(hotline.up());
        GatewayFixture f;
        QVERIFY(f.open(hotline.url()));
        QList<qint64> caseIds;
        for (const QString &id : {u"T-first"_s, u"T-late"_s}) {
            const HttpResult r = f.postJson(u"/hotline/v1/tickets"_s, compact(sampleTicket(id)), HotlineKey);
            QCOMPARE(r.status, 201);
            caseIds.append(qint64(r.object().value(u"caseId"_s).toDouble()));
        }
        QVERIFY(closeCase(f.world, caseIds[0], u"已清理"_s));
        QVERIFY(f.world.session->duplicates().merge(f.world.actor(u"acceptor"_s), caseIds[1]).ok());
        QTRY_COMPARE_WITH_TIMEOUT(hotline.received.size(), 4, 15000);
        QStringList late;
        for (const QJsonObject &m : std::as_const(hotline.received)) {
            if (m.value(u"ticketId"_s).toString() == u"T-late"_s)
                late.append(m.value(u"event"_s).toString() + u':' + m.value(u"result"_s).toString());
        }
        QCOMPARE(late, (QStringList{u"merged:"_s, u"handled:已清理"_s}));
    }

    void open311RequestOfAMergedReportShowsTheMainCase()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        QStringList numbers;
        for (int i = 0; i < 2; ++i) {
            const QByteArray form = "api_key=" + Open311Key.toUtf8() +
                                    "&service_code=E06010&lat=31.2304&long=121.4705&description=garbage";
            const HttpResult r = f.http.send("POST", f.url(u"/open311/v2/requests.json"_s), form,
                                             "application/x-www-form-urlencoded");
            QCOMPARE(r.status, 200);
            numbers.append(r.json().array().at(0).toObject().value(u"service_request_id"_s).toString());
        }
        const CaseRecord main = f.world.store().findCaseByNumber(numbers[0]).value();
        const CaseRecord dup = f.world.store().findCaseByNumber(numbers[1]).value();
        QCOMPARE(linkOf(f.world, dup.id)->duplicateOf, main.id);
        QVERIFY(f.world.session->duplicates().merge(f.world.actor(u"acceptor"_s), dup.id).ok());
        HttpResult r = f.get(u"/open311/v2/requests/%1.json"_s.arg(numbers[1]));
        QCOMPARE(r.status, 200);
        QJsonObject o = r.json().array().at(0).toObject();
        QCOMPARE(o.value(u"status"_s).toString(), u"open"_s);
        QCOMPARE(o.value(u"status_notes"_s).toString(), u"merged into %1: reported"_s.arg(main.number));
        QVERIFY(closeCase(f.world, main.id, u"done"_s));
        r = f.get(u"/open311/v2/requests/%1.json"_s.arg(numbers[1]));
        o = r.json().array().at(0).toObject();
        QCOMPARE(o.value(u"status"_s).toString(), u"closed"_s);
        QCOMPARE(o.value(u"status_notes"_s).toString(), u"merged into %1: closed"_s.arg(main.number));
    }

    void desktopAndHotlineReportsMeet()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        auto main = reportAt(f.world, 0);
        QVERIFY(main.ok());
        const HttpResult r =
            f.postJson(u"/hotline/v1/tickets"_s, compact(sampleTicket(u"T-near"_s)), HotlineKey);
        QCOMPARE(r.status, 201);
        QCOMPARE(linkOf(f.world, qint64(r.object().value(u"caseId"_s).toDouble()))->duplicateOf, main->id);
    }
};

QTEST_GUILESS_MAIN(TestDuplicates)
#include "test_duplicates.moc"
