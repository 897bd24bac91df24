// The 12345/12319 hotline adapter: tickets in (idempotent, located, classified, the hotline's own limits,
// contact masked), results out through the persistent outbox (a local fake hotline goes down and up, the
// gateway restarts), second handling after a dissatisfied citizen, and wrong input that writes nothing.

#include "gatewayfixture.h"
#include "geo/crs.h"
#include "net/classsuggester.h"
#include "net/hotline.h"
#include "net/outboxsender.h"

#include <QFile>
#include <QSqlQuery>
#include <QTest>

using namespace cg;
using namespace cg::test;
using namespace Qt::Literals::StringLiterals;

namespace {

QString iso(const QDateTime &t)
{
    return t.toOffsetFromUtc(8 * 3600).toString(Qt::ISODate);
}

CaseRecord reload(TestWorld &world, qint64 id)
{
    return world.store().findCase(id).value();
}

// Takes a case through the loop to Closed with the world's people (another station than the gateway).
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

class TestHotline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ticketBecomesALocatedClassifiedCase()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        QJsonObject ticket = sampleTicket(u"SH-20261123-0001"_s);
        const QByteArray photo = QByteArray("\xff\xd8\xff\xe0", 4) + QByteArray(100, 'p');
        ticket.insert(u"attachments"_s,
                      QJsonArray{QJsonObject{{u"name"_s, u"scene.jpg"_s},
                                             {u"mimeType"_s, u"image/jpeg"_s},
                                             {u"contentBase64"_s, QString::fromLatin1(photo.toBase64())}}});
        const HttpResult r = f.postJson(u"/hotline/v1/tickets"_s, compact(ticket), HotlineKey);
        QCOMPARE(r.status, 201);
        const QJsonObject o = r.object();
        QCOMPARE(o.value(u"grid"_s).toString(), u"310101002001001"_s);
        QCOMPARE(o.value(u"state"_s).toString(), u"reported"_s);
        QCOMPARE(o.value(u"round"_s).toInt(), 1);
        QCOMPARE(o.value(u"retried"_s).toBool(), false);
        QCOMPARE(o.value(u"suggestedClass"_s).toObject().value(u"key"_s).toString(), u"event/06010"_s);
        QCOMPARE(o.value(u"suggestedClass"_s).toObject().value(u"confirmed"_s).toBool(), false);
        const QDateTime now = f.world.clock->now();
        const WorkCalendar &calendar = f.world.session->calendar();
        QCOMPARE(o.value(u"hotlineDueAt"_s).toString(),
                 iso(calendar.deadline(now, {5, TimeUnit::WorkingDays})));
        QCOMPARE(o.value(u"firstContactDueAt"_s).toString(),
                 iso(calendar.deadline(now, {1, TimeUnit::WorkingDays})));

        const CaseRecord c = reload(f.world, qint64(o.value(u"caseId"_s).toDouble()));
        QCOMPARE(c.number, o.value(u"caseNumber"_s).toString());
        QCOMPARE(c.source, CaseSource::Hotline12345);
        QCOMPARE(c.hotlineTicket, u"SH-20261123-0001"_s);
        QCOMPARE(c.classKey.toString(), u"event/06010"_s);
        QCOMPARE(c.address, u"南京东路100号"_s);
        const QList<CaseEvent> events = f.world.store().events(c.id).value();
        const QString hash = events.first().details.value(u"attachments"_s).toArray().first().toString();
        QCOMPARE(f.world.store().attachmentContent(hash).value(), photo);
        QSqlQuery q(f.world.store().database());
        QVERIFY(q.exec(u"SELECT contact_masked, ticket_type, crs FROM net_hotline_tickets"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"王** 138****5678"_s);
        QCOMPARE(q.value(1).toString(), u"complaint"_s);
        QCOMPARE(q.value(2).toString(), u"WGS84"_s);
        // The caller's number is nowhere in the store.
        QVERIFY(f.stop());
        f.world.session.reset();
        for (const QString &file : QStringList{f.world.path(), f.world.path() + u"-wal"_s}) {
            QFile db(file);
            if (db.open(QIODevice::ReadOnly))
                QVERIFY(!db.readAll().contains("13812345678"));
        }
    }

    void ticketWithoutLocationIsPlacedByItsAddress()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        {
            QSqlQuery q(f.world.store().database());
            QVERIFY(q.exec(u"INSERT INTO points_of_interest (kind, name, longitude, latitude) VALUES "
                           u"('landmark', '贵州路菜场', 121.4712, 31.2305), ('bus_stop', '双名站', 121.4701, "
                           u"31.2301), ('bus_stop', '双名站', 121.4715, 31.2302)"_s));
        }
        auto placedAt = [](const QString &id, const QString &address) {
            QJsonObject t = sampleTicket(id);
            t.remove(u"location"_s);
            t.insert(u"address"_s, address);
            return compact(t);
        };
        // A point of interest: the case lies there, in its grid.
        HttpResult r =
            f.postJson(u"/hotline/v1/tickets"_s, placedAt(u"T-poi"_s, u"贵州路菜场"_s), HotlineKey);
        QCOMPARE(r.status, 201);
        QCOMPARE(r.object().value(u"grid"_s).toString(), u"310101002001002"_s);
        const CaseRecord c = reload(f.world, qint64(r.object().value(u"caseId"_s).toDouble()));
        QCOMPARE(c.longitude, 121.4712);
        QCOMPARE(c.latitude, 31.2305);
        QCOMPARE(c.address, u"贵州路菜场"_s);
        // A community by name: the centre of its grid nearest the middle of them.
        r = f.postJson(u"/hotline/v1/tickets"_s, placedAt(u"T-community"_s, u"贵州居委会"_s), HotlineKey);
        QCOMPARE(r.status, 201);
        QCOMPARE(r.object().value(u"grid"_s).toString(), u"310101002001001"_s);
        // Two places of one name: refused, nothing written.
        const int before = count(f.world, u"SELECT count(*) FROM cases"_s);
        r = f.postJson(u"/hotline/v1/tickets"_s, placedAt(u"T-ambiguous"_s, u"双名站"_s), HotlineKey);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.object().value(u"error"_s).toObject().value(u"message"_s).toString(),
                 u"the address 双名站 names more than one place; send the location {lon, lat, crs}"_s);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM cases"_s), before);
        QCOMPARE(
            count(f.world, u"SELECT count(*) FROM net_hotline_tickets WHERE ticket_id = 'T-ambiguous'"_s), 0);
    }

    void retriedTicketReturnsTheSameCase()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        const QByteArray body = compact(sampleTicket(u"T-retry"_s));
        const HttpResult first = f.postJson(u"/hotline/v1/tickets"_s, body, HotlineKey);
        QCOMPARE(first.status, 201);
        // Five retries at once, as a hotline that timed out would send them.
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 5; ++i) {
            QNetworkRequest request(f.url(u"/hotline/v1/tickets"_s));
            request.setRawHeader("Content-Type", "application/json");
            request.setRawHeader("X-API-Key", HotlineKey.toUtf8());
            replies.append(f.http.network().post(request, body));
        }
        for (QNetworkReply *reply : replies) {
            QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            QCOMPARE(o.value(u"caseId"_s), first.object().value(u"caseId"_s));
            QCOMPARE(o.value(u"retried"_s).toBool(), true);
            reply->deleteLater();
        }
        QCOMPARE(count(f.world, u"SELECT count(*) FROM cases WHERE hotline_ticket = 'T-retry'"_s), 1);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM net_hotline_tickets"_s), 1);
        // The same ticket id on the other hotline is another ticket.
        QJsonObject other = sampleTicket(u"T-retry"_s);
        other.insert(u"hotline"_s, u"12319"_s);
        QCOMPARE(f.postJson(u"/hotline/v1/tickets"_s, compact(other), Hotline12319Key).status, 201);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM cases WHERE hotline_ticket = 'T-retry'"_s), 2);
    }

    void hotlineLimitsByType_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("complex");
        QTest::addColumn<int>("workingDays");
        QTest::newRow("consultation") << u"consultation"_s << false << 1;
        QTest::newRow("help") << u"help"_s << false << 5;
        QTest::newRow("complaint") << u"complaint"_s << false << 5;
        QTest::newRow("suggestion") << u"suggestion"_s << false << 5;
        QTest::newRow("urge") << u"urge"_s << false << 3;
        QTest::newRow("complex with approval") << u"complaint"_s << true << 15;
    }

    void hotlineLimitsByType()
    {
        QFETCH(QString, type);
        QFETCH(bool, complex);
        QFETCH(int, workingDays);
        GatewayFixture f;
        QVERIFY(f.open());
        QJsonObject t = sampleTicket(u"T-limit"_s);
        t.insert(u"type"_s, type);
        t.insert(u"complex"_s, complex);
        const HttpResult r = f.postJson(u"/hotline/v1/tickets"_s, compact(t), HotlineKey);
        QCOMPARE(r.status, 201);
        const QDateTime expected =
            f.world.session->calendar().deadline(f.world.clock->now(), {workingDays, TimeUnit::WorkingDays});
        QCOMPARE(r.object().value(u"hotlineDueAt"_s).toString(), iso(expected));
        // The case keeps its own clock beside the hotline's.
        QVERIFY(!r.object().value(u"caseStepDueAt"_s).toString().isEmpty());
        QVERIFY(r.object().value(u"caseStepDueAt"_s) != r.object().value(u"hotlineDueAt"_s));
    }

    void theHotlinesOwnDeadlineWins()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        QJsonObject t = sampleTicket(u"T-deadline"_s);
        t.insert(u"hotlineDeadline"_s, u"2026-11-25T17:30:00+08:00"_s);
        const HttpResult r = f.postJson(u"/hotline/v1/tickets"_s, compact(t), HotlineKey);
        QCOMPARE(r.status, 201);
        QCOMPARE(r.object().value(u"hotlineDueAt"_s).toString(), u"2026-11-25T17:30:00+08:00"_s);
    }

    void offsetCoordinatesAreConverted_data()
    {
        QTest::addColumn<QString>("crs");
        QTest::addColumn<bool>("labelledRight");
        QTest::newRow("GCJ-02") << u"GCJ-02"_s << true;
        QTest::newRow("BD-09") << u"BD09"_s << true;
        QTest::newRow("GCJ-02 sent as WGS84") << u"GCJ02-as-WGS84"_s << false;
    }

    void offsetCoordinatesAreConverted()
    {
        QFETCH(QString, crs);
        QFETCH(bool, labelledRight);
        GatewayFixture f;
        QVERIFY(f.open());
        const QPointF wgs(121.4705, 31.2304);
        const QPointF gcj = chinaoffset::wgs84ToGcj02(wgs);
        const QPointF sent = crs.startsWith(u"BD"_s) ? chinaoffset::gcj02ToBd09(gcj) : gcj;
        QJsonObject t = sampleTicket(u"T-crs"_s);
        t.insert(u"location"_s, QJsonObject{{u"lon"_s, sent.x()},
                                            {u"lat"_s, sent.y()},
                                            {u"crs"_s, labelledRight ? crs : u"WGS84"_s}});
        const HttpResult r = f.postJson(u"/hotline/v1/tickets"_s, compact(t), HotlineKey);
        if (labelledRight) {
            QCOMPARE(r.status, 201);
            QCOMPARE(r.object().value(u"grid"_s).toString(), u"310101002001001"_s);
            const CaseRecord c = reload(f.world, qint64(r.object().value(u"caseId"_s).toDouble()));
            QVERIFY(std::abs(c.longitude - wgs.x()) < 1e-7 && std::abs(c.latitude - wgs.y()) < 1e-7);
        } else { // ~500 m off: outside the world's grids, refused rather than misplaced
            QCOMPARE(r.status, 422);
            QCOMPARE(r.object().value(u"error"_s).toObject().value(u"code"_s).toString(), u"out_of_area"_s);
        }
    }

    void badInputWritesNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        const QString key = HotlineKey;
        const QByteArray json = "application/json";
        auto with = [](const QString &field, const QJsonValue &value) {
            QJsonObject t = sampleTicket(u"T-bad"_s);
            if (value.isUndefined())
                t.remove(field);
            else
                t.insert(field, value);
            return compact(t);
        };
        QTest::newRow("malformed json")
            << QByteArray("{\"ticketId\": ") << key << json << 400 << u"malformed JSON"_s;
        QTest::newRow("array") << QByteArray("[1,2]") << key << json << 400 << u"a ticket is a JSON object"_s;
        QTest::newRow("xml") << QByteArray("<ticket/>") << key << QByteArray("text/xml") << 415
                             << u"application/json"_s;
        QJsonObject placeless = sampleTicket(u"T-bad"_s);
        placeless.remove(u"location"_s);
        placeless.remove(u"address"_s);
        QTest::newRow("no location, no address") << compact(placeless) << key << json << 400
                                                 << u"location {\"lon\", \"lat\", \"crs\"} is required, or "
                                                    u"an address naming a point of interest or "
                                                    u"community"_s;
        QTest::newRow("no location, unknown address")
            << with(u"location"_s, QJsonValue::Undefined) << key << json << 422
            << u"the address 南京东路100号 names no point of interest or community of this platform; send "
               u"the "
               u"location {lon, lat, crs}"_s;
        QTest::newRow("unknown type")
            << with(u"type"_s, u"praise"_s) << key << json << 400 << u"type 'praise' is unknown"_s;
        QTest::newRow("unknown crs") << with(u"location"_s, QJsonObject{{u"lon"_s, 121.47},
                                                                        {u"lat"_s, 31.23},
                                                                        {u"crs"_s, u"EPSG:3857"_s}})
                                     << key << json << 400 << u"coordinate system"_s;
        QTest::newRow("lat out of range")
            << with(u"location"_s, QJsonObject{{u"lon"_s, 121.47}, {u"lat"_s, 131.23}}) << key << json << 400
            << u"not a longitude/latitude"_s;
        QTest::newRow("coordinates as text")
            << with(u"location"_s, QJsonObject{{u"lon"_s, u"121.47"_s}, {u"lat"_s, u"31.23"_s}}) << key
            << json << 400 << u"must be numbers"_s;
        QTest::newRow("out of area") << with(u"location"_s, QJsonObject{{u"lon"_s, 116.39}, {u"lat"_s, 39.9}})
                                     << key << json << 422 << u"lies in no unit grid"_s;
        QTest::newRow("sql in ticket id") << with(u"ticketId"_s, u"1'; DROP TABLE cases;--"_s) << key << json
                                          << 400 << u"ticketId must be"_s;
        QTest::newRow("empty content") << with(u"content"_s, u"  "_s) << key << json << 400 << u"content"_s;
        QTest::newRow("bad deadline")
            << with(u"hotlineDeadline"_s, u"next friday"_s) << key << json << 400 << u"hotlineDeadline"_s;
        QTest::newRow("bad attachment")
            << with(u"attachments"_s,
                    QJsonArray{QJsonObject{{u"name"_s, u"a.jpg"_s}, {u"contentBase64"_s, u"!!"_s}}})
            << key << json << 400 << u"base64"_s;
        QTest::newRow("no key") << with(u"type"_s, u"help"_s) << QString() << json << 401 << u"API key"_s;
        QTest::newRow("wrong key") << with(u"type"_s, u"help"_s) << u"hotline-12345-key-0002"_s << json << 401
                                   << u"API key"_s;
        QTest::newRow("open311 key") << with(u"type"_s, u"help"_s) << Open311Key << json << 401
                                     << u"API key"_s;
        QTest::newRow("other hotline's key")
            << with(u"type"_s, u"help"_s) << Hotline12319Key << json << 403 << u"not 12345"_s;
    }

    void badInputWritesNothing()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, key);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        QFETCH(QString, message);
        GatewayFixture f;
        QVERIFY(f.open());
        const int casesBefore = count(f.world, u"SELECT count(*) FROM cases"_s);
        QList<std::pair<QByteArray, QByteArray>> headers;
        if (!key.isEmpty())
            headers.append({"X-API-Key", key.toUtf8()});
        const HttpResult r = f.http.send("POST", f.url(u"/hotline/v1/tickets"_s), body, contentType, headers);
        QCOMPARE(r.status, status);
        const QString text = r.object().value(u"error"_s).toObject().value(u"message"_s).toString();
        QVERIFY2(text.contains(message), qPrintable(text));
        QCOMPARE(count(f.world, u"SELECT count(*) FROM cases"_s), casesBefore);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM net_hotline_tickets"_s), 0);
    }

    void sqlTextIsStoredAsText()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        const QString evil = u"'); DELETE FROM cases; -- 垃圾"_s;
        const HttpResult r =
            f.postJson(u"/hotline/v1/tickets"_s, compact(sampleTicket(u"T-sql"_s, evil)), HotlineKey);
        QCOMPARE(r.status, 201);
        QCOMPARE(reload(f.world, qint64(r.object().value(u"caseId"_s).toDouble())).description, evil);
    }

    void resultsReachTheHotlineAcrossOutagesAndRestarts()
    {
        FakeHotline hotline; // down at first
        GatewayFixture f;
        QVERIFY(f.open(hotline.url()));
        const HttpResult r =
            f.postJson(u"/hotline/v1/tickets"_s, compact(sampleTicket(u"T-loop"_s)), HotlineKey);
        QCOMPARE(r.status, 201);
        const qint64 caseId = qint64(r.object().value(u"caseId"_s).toDouble());
        // The acceptor accepts on the desktop (another connection): the gateway sees it in the change feed.
        QVERIFY(f.world.act(u"acceptor"_s, reload(f.world, caseId), Action::Accept).ok());
        QSignalSpy failed(&f.gateway->outbox(), &OutboxSender::attemptFailed);
        QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= 2, 10000); // the hotline is down: retried with backoff
        QVERIFY(f.stop());

        // Meanwhile the case is handled and closed; the gateway is down.
        CaseRecord c = reload(f.world, caseId);
        auto step = [&](const QString &login, Action action, const QString &comment = u"ok"_s) {
            auto next = f.world.act(login, c, action, [&](ActionRequest &a) { a.comment = comment; });
            QVERIFY2(next.ok(), qPrintable(next.errorMessage()));
            c = *next;
        };
        step(u"shift"_s, Action::File);
        step(u"dispatcher"_s, Action::Dispatch);
        step(u"unit.sanitation"_s, Action::ReportHandled, u"垃圾已清运，路面已冲洗"_s);
        step(u"acceptor"_s, Action::SendToCheck);
        step(u"sup"_s, Action::CheckPass);
        step(u"shift"_s, Action::Close);

        // The gateway comes back, then the hotline: both results arrive, in order, once each.
        QVERIFY(f.start());
        QVERIFY(hotline.up());
        QTRY_COMPARE_WITH_TIMEOUT(hotline.received.size(), 2, 15000);
        QCOMPARE(hotline.received[0].value(u"event"_s).toString(), u"accepted"_s);
        QCOMPARE(hotline.received[0].value(u"ticketId"_s).toString(), u"T-loop"_s);
        QCOMPARE(hotline.received[0].value(u"caseNumber"_s).toString(), c.number);
        QCOMPARE(hotline.received[1].value(u"event"_s).toString(), u"handled"_s);
        QCOMPARE(hotline.received[1].value(u"result"_s).toString(), u"垃圾已清运，路面已冲洗"_s);
        QVERIFY(hotline.received[0].value(u"messageId"_s) != hotline.received[1].value(u"messageId"_s));
        QTRY_COMPARE(count(f.world, u"SELECT count(*) FROM net_outbox WHERE delivered_at IS NULL"_s), 0);
        const HttpResult status =
            f.get(u"/hotline/v1/tickets/12345/T-loop"_s, {{"X-API-Key", HotlineKey.toUtf8()}});
        QCOMPARE(status.status, 200);
        QCOMPARE(status.object().value(u"state"_s).toString(), u"closed"_s);
        QCOMPARE(status.object().value(u"callbacks"_s).toArray().size(), 2);
        // Nothing more is sent.
        QVERIFY(!QSignalSpy(&f.gateway->outbox(), &OutboxSender::delivered).wait(1500));
        QCOMPARE(hotline.received.size(), 2);
    }

    void aHotlineErrorIsRetried()
    {
        FakeHotline hotline;
        QVERIFY(hotline.up());
        hotline.status = 503;
        GatewayFixture f;
        QVERIFY(f.open(hotline.url()));
        const HttpResult r =
            f.postJson(u"/hotline/v1/tickets"_s, compact(sampleTicket(u"T-503"_s)), HotlineKey);
        QVERIFY(f.world
                    .act(u"acceptor"_s, reload(f.world, qint64(r.object().value(u"caseId"_s).toDouble())),
                         Action::Accept)
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(hotline.requests >= 2, 10000);
        hotline.status = 200;
        QTRY_COMPARE_WITH_TIMEOUT(hotline.received.size(), 1, 10000);
        QCOMPARE(hotline.received[0].value(u"event"_s).toString(), u"accepted"_s);
    }

    void returnedExtensionAndFirstContact()
    {
        FakeHotline hotline;
        QVERIFY(hotline.up());
        GatewayFixture f;
        QVERIFY(f.open(hotline.url()));
        // Returned (退单) with a standard reason.
        HttpResult r = f.postJson(u"/hotline/v1/tickets"_s, compact(sampleTicket(u"T-ret"_s)), HotlineKey);
        QVERIFY(f.world
                    .act(u"acceptor"_s, reload(f.world, qint64(r.object().value(u"caseId"_s).toDouble())),
                         Action::Reject,
                         [](ActionRequest &a) { a.comment = u"[duplicate] 与工单 T-0 重复"_s; })
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(hotline.received.size(), 1, 10000);
        QCOMPARE(hotline.received[0].value(u"event"_s).toString(), u"returned"_s);
        QCOMPARE(hotline.received[0].value(u"reason"_s).toObject().value(u"code"_s).toString(),
                 u"duplicate"_s);
        QCOMPARE(hotline.received[0].value(u"reason"_s).toObject().value(u"text"_s).toString(),
                 u"与工单 T-0 重复"_s);

        // First contact, recorded by our own station through the operator key; once.
        r = f.postJson(u"/hotline/v1/tickets"_s, compact(sampleTicket(u"T-ext"_s)), HotlineKey);
        const qint64 caseId = qint64(r.object().value(u"caseId"_s).toDouble());
        QCOMPARE(f.postJson(u"/hotline/v1/tickets/12345/T-ext/first-contact"_s, "{\"note\":\"已电话联系\"}",
                            HotlineKey)
                     .status,
                 403);
        for (int i = 0; i < 2; ++i) {
            const HttpResult fc = f.postJson(u"/hotline/v1/tickets/12345/T-ext/first-contact"_s,
                                             "{\"note\":\"已电话联系\"}", OperatorKey);
            QCOMPARE(fc.status, 200);
            QVERIFY(!fc.object().value(u"firstContactAt"_s).toString().isEmpty());
        }
        QTRY_COMPARE_WITH_TIMEOUT(hotline.received.size(), 2, 10000);
        QCOMPARE(hotline.received[1].value(u"event"_s).toString(), u"first_contact"_s);

        // Extension requested by the unit.
        CaseRecord c = reload(f.world, caseId);
        for (auto [login, action] :
             {std::pair{u"acceptor"_s, Action::Accept}, std::pair{u"shift"_s, Action::File},
              std::pair{u"dispatcher"_s, Action::Dispatch}}) {
            auto next = f.world.act(login, c, action);
            QVERIFY2(next.ok(), qPrintable(next.errorMessage()));
            c = *next;
        }
        const QDateTime wanted = c.handlingDueAt.addDays(3);
        QVERIFY(f.world
                    .act(u"unit.sanitation"_s, c, Action::RequestExtension,
                         [&](ActionRequest &a) {
                             a.comment = u"需要协调绿化部门"_s;
                             a.requestedDate = wanted;
                         })
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(hotline.received.size(), 4, 10000);
        QCOMPARE(hotline.received[2].value(u"event"_s).toString(), u"accepted"_s);
        QCOMPARE(hotline.received[3].value(u"event"_s).toString(), u"extension_requested"_s);
        QCOMPARE(hotline.received[3].value(u"requestedDueAt"_s).toString(), iso(wanted));
        QCOMPARE(hotline.received[3].value(u"reason"_s).toString(), u"需要协调绿化部门"_s);
    }

    void dissatisfiedFeedbackOpensSecondHandling()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        const HttpResult r =
            f.postJson(u"/hotline/v1/tickets"_s, compact(sampleTicket(u"T-again"_s)), HotlineKey);
        const qint64 firstCase = qint64(r.object().value(u"caseId"_s).toDouble());
        const QByteArray feedback =
            "{\"feedbackId\":\"F-1\",\"satisfied\":false,\"comment\":\"垃圾又堆起来了\"}";
        // Still open: nothing to reopen.
        HttpResult early = f.postJson(u"/hotline/v1/tickets/12345/T-again/feedback"_s, feedback, HotlineKey);
        QCOMPARE(early.status, 409);
        QCOMPARE(early.object().value(u"error"_s).toObject().value(u"code"_s).toString(),
                 u"case_still_open"_s);
        QVERIFY(closeCase(f.world, firstCase, u"已清运"_s));

        const HttpResult second =
            f.postJson(u"/hotline/v1/tickets/12345/T-again/feedback"_s, feedback, HotlineKey);
        QVERIFY2(second.status == 201, QByteArray(second.body + f.log.join("\n")).constData());
        const QJsonObject o = second.object();
        QCOMPARE(o.value(u"round"_s).toInt(), 2);
        QCOMPARE(qint64(o.value(u"previousCaseId"_s).toDouble()), firstCase);
        const qint64 secondCase = qint64(o.value(u"caseId"_s).toDouble());
        QVERIFY(secondCase != firstCase);
        QCOMPARE(o.value(u"hotlineDueAt"_s).toString(),
                 iso(f.world.session->calendar().deadline(f.clock->now(), {3, TimeUnit::WorkingDays})));
        const CaseRecord c = reload(f.world, secondCase);
        QCOMPARE(c.state, CaseState::Reported);
        QCOMPARE(c.classKey, reload(f.world, firstCase).classKey);
        QCOMPARE(c.grid, reload(f.world, firstCase).grid);
        QVERIFY(c.description.contains(u"垃圾又堆起来了"_s));
        QVERIFY(c.description.contains(reload(f.world, firstCase).number));
        // A retried feedback is the same second handling.
        const HttpResult retry =
            f.postJson(u"/hotline/v1/tickets/12345/T-again/feedback"_s, feedback, HotlineKey);
        QCOMPARE(retry.status, 200);
        QCOMPARE(qint64(retry.object().value(u"caseId"_s).toDouble()), secondCase);
        // The ticket now shows its latest round.
        const HttpResult status =
            f.get(u"/hotline/v1/tickets/12345/T-again"_s, {{"X-API-Key", HotlineKey.toUtf8()}});
        QCOMPARE(status.object().value(u"round"_s).toInt(), 2);
        // A satisfied citizen changes nothing.
        const HttpResult happy = f.postJson(u"/hotline/v1/tickets/12345/T-again/feedback"_s,
                                            "{\"feedbackId\":\"F-2\",\"satisfied\":true}", HotlineKey);
        QCOMPARE(happy.status, 200);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM net_hotline_tickets"_s), 2);
    }

    void masking_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("phone");
        QTest::addColumn<QString>("maskedName");
        QTest::addColumn<QString>("maskedPhone");
        QTest::newRow("mobile") << u"王小明"_s << u"13812345678"_s << u"王**"_s << u"138****5678"_s;
        QTest::newRow("landline") << u"李四"_s << u"02162345678"_s << u"李*"_s << u"021****5678"_s;
        QTest::newRow("short") << u"赵"_s << u"110"_s << u"赵*"_s << u"***"_s;
        QTest::newRow("empty") << QString() << QString() << QString() << QString();
    }

    void masking()
    {
        QFETCH(QString, name);
        QFETCH(QString, phone);
        QFETCH(QString, maskedName);
        QFETCH(QString, maskedPhone);
        QCOMPARE(maskName(name), maskedName);
        QCOMPARE(maskPhone(phone), maskedPhone);
    }

    void returnReasons_data()
    {
        QTest::addColumn<QString>("comment");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("text");
        QTest::newRow("bracketed code")
            << u"[not_in_jurisdiction] 属静安区"_s << u"not_in_jurisdiction"_s << u"属静安区"_s;
        QTest::newRow("chinese label") << u"非城管职责：属物业管理"_s << u"not_our_duty"_s << u"属物业管理"_s;
        QTest::newRow("label only") << u"现场未发现"_s << u"not_found"_s << u"现场未发现"_s;
        QTest::newRow("free text") << u"无法处理"_s << u"other"_s << u"无法处理"_s;
    }

    void returnReasons()
    {
        QFETCH(QString, comment);
        QFETCH(QString, code);
        QFETCH(QString, text);
        const ReturnReason r = parseReturnReason(comment);
        QCOMPARE(r.code, code);
        QCOMPARE(r.text, text);
    }

    void classSuggestions_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("exposed garbage") << u"小区门口有暴露垃圾没人清理"_s << u"event/06010"_s;
        QTest::newRow("noise word") << u"楼下饭店晚上噪音很大"_s << u"event/06028"_s;
        QTest::newRow("street stall") << u"人行道上有人摆摊卖水果"_s << u"event/09006"_s;
        QTest::newRow("parking") << u"消防通道被占用了"_s << u"event/09012"_s;
        QTest::newRow("posters") << u"电线杆上贴满小广告"_s << u"event/07001"_s;
        QTest::newRow("manhole") << u"雨水井盖破了很危险"_s << u"event/01003"_s;
        QTest::newRow("nothing") << u"请问办理居住证需要什么材料"_s << QString();
    }

    void classSuggestions()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        auto catalogue = Catalogue::loadDefault();
        QVERIFY(catalogue.ok());
        const ClassSuggester suggester(*catalogue);
        const QList<ClassSuggestion> s = suggester.suggest(text);
        if (expected.isEmpty()) {
            QVERIFY(s.isEmpty());
            return;
        }
        QVERIFY(!s.isEmpty());
        QCOMPARE(s.first().key.toString(), expected);
    }
};

QTEST_GUILESS_MAIN(TestHotline)
#include "test_hotline.moc"
