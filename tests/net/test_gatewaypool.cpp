// The gateway's writing connections: one on SQLite, a configurable pool on PostgreSQL. Two connections that
// race the same retried ticket store it once and both clients get its case; a write that fails in one
// connection loses none of the others; a ticket's later rounds stay in order.

#include "gatewayfixture.h"
#include "support/pgtest.h"

#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace cg;
using namespace cg::test;
using namespace Qt::Literals::StringLiterals;

namespace {

QNetworkReply *postTicket(GatewayFixture &f, const QJsonObject &ticket)
{
    QNetworkRequest request(f.url(u"/hotline/v1/tickets"_s));
    request.setRawHeader("Content-Type", "application/json");
    request.setRawHeader("X-API-Key", HotlineKey.toUtf8());
    return f.http.network().post(request, compact(ticket));
}

struct Answer
{
    int status = 0;
    QJsonObject body;
};

// Waits for every reply; their statuses and bodies in the order given.
QList<Answer> answers(const QList<QNetworkReply *> &replies)
{
    QList<Answer> out;
    for (QNetworkReply *reply : replies) {
        if (!reply->isFinished()) {
            QSignalSpy finished(reply, &QNetworkReply::finished);
            finished.wait(20000);
        }
        out.append({reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                    QJsonDocument::fromJson(reply->readAll()).object()});
        reply->deleteLater();
    }
    return out;
}

// A ticket outside every grid of the TestWorld: refused inside its write (422), after it was queued.
QJsonObject outOfAreaTicket(const QString &ticketId)
{
    QJsonObject t = sampleTicket(ticketId);
    t.insert(u"location"_s, QJsonObject{{u"lon"_s, 116.40}, {u"lat"_s, 39.90}, {u"crs"_s, u"WGS84"_s}});
    return t;
}

} // namespace

class TestGatewayPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theEngineDecidesHowManyConnectionsWrite()
    {
        GatewayFixture byDefault;
        byDefault.config.storeWriters = 0;
        qunsetenv("CG_TEST_GATEWAY_WRITERS");
        QVERIFY(byDefault.open());
        QCOMPARE(byDefault.gateway->storeWriters(),
                 byDefault.world.onPostgres() ? GatewayConfig::DefaultPostgresWriters : 1);
        QVERIFY(byDefault.stop());

        GatewayFixture four;
        four.config.storeWriters = 4;
        QVERIFY(four.open());
        // SQLite has one writer at a time whatever the configuration says.
        QCOMPARE(four.gateway->storeWriters(), four.world.onPostgres() ? 4 : 1);
        QVERIFY(four.log.join('\n').contains(four.world.onPostgres() ? "(4 writing connections)"
                                                                     : "(1 writing connections)"));
        QVERIFY(four.stop());
    }

    void theConfigurationNamesABadPoolSize()
    {
        auto bad = GatewayConfig::fromJson(R"({"store": "/tmp/x.sqlite", "storeWriters": 17})", u"gw.json"_s);
        QVERIFY(!bad);
        QCOMPARE(bad.errorMessage(),
                 u"gw.json: storeWriters must be 0 (the engine's default) to 16, not 17"_s);
        auto good = GatewayConfig::fromJson(R"({"store": "/tmp/x.sqlite", "storeWriters": 3})", u"gw.json"_s);
        QVERIFY2(good.ok(), qPrintable(good.errorMessage()));
        QCOMPARE(good->storeWriters, 3);
    }

    void stationsHearOfTheGatewaysCases()
    {
        // A connection that commits every millisecond or two announces its changes at most every
        // AnnouncementIntervalMs (the newest feed id it committed stands for the ones before it): by the
        // next commit, or by the store thread's timer once the tickets stop.
        GatewayFixture f;
        f.config.storeWriters = 2;
        QVERIFY(f.open());
        if (!f.world.onPostgres())
            QSKIP("SQLite's stations find changes by polling");
        AnnouncementListener listener(f.world.pgUrl);
        QVERIFY(listener.listening);
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 8; ++i)
            replies.append(postTicket(f, sampleTicket(u"T-heard-%1"_s.arg(i))));
        for (const Answer &a : answers(replies))
            QCOMPARE(a.status, 201);
        const int newest = count(f.world, u"SELECT max(id) FROM change_feed"_s);
        QVERIFY(newest > 0);
        // Each connection announces the newest feed id it committed, so the newest of them all arrives in
        // the end (in any order: the other connection's timer may announce an older one after it).
        const auto newestAnnounced = [&listener] {
            qint64 newestId = 0;
            for (const QString &payload : std::as_const(listener.payloads))
                newestId = std::max(newestId, payload.toLongLong());
            return newestId;
        };
        QTRY_COMPARE(newestAnnounced(), qint64(newest));
        QVERIFY(listener.payloads.size() <= 8);
    }

    void twoConnectionsRacingOneTicketStoreItOnce()
    {
        GatewayFixture f;
        f.config.storeWriters = 2;
        QVERIFY(f.open());
        if (!f.world.onPostgres())
            QSKIP("one writing connection on SQLite: nothing races");
        QCOMPARE(f.gateway->storeWriters(), 2);
        // The test holds an uncommitted event with the ticket's request id: both copies of the ticket find
        // no ticket yet, write their case and wait on that request id in their own connections; then the
        // test rolls back, one copy commits and the other loses the race.
        PgRawConnection holder(f.world.pgUrl);
        QVERIFY2(holder.isOpen(), qPrintable(holder.openError()));
        QCOMPARE(holder.exec(u"BEGIN"_s), QString());
        QCOMPARE(holder.exec(u"INSERT INTO case_events(case_id, seq, action, from_state, to_state, role, at, "
                             u"step, on_time, prev_hash, hash, request_id) VALUES (0, 1, 'urge', 'reported', "
                             u"'reported', 'system', 0, 'none', 1, '', '', 'hotline:12345:T-race')"_s),
                 QString());
        const QList<QNetworkReply *> replies{postTicket(f, sampleTicket(u"T-race"_s)),
                                             postTicket(f, sampleTicket(u"T-race"_s))};
        PgRawConnection watcher(f.world.pgUrl);
        const QString waiting =
            u"SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted"_s;
        QTRY_COMPARE_WITH_TIMEOUT(watcher.value(waiting).toInt(), 2, 10000);
        QCOMPARE(holder.exec(u"ROLLBACK"_s), QString());

        const QList<Answer> got = answers(replies);
        QCOMPARE(got.size(), 2);
        QList<int> statuses{got[0].status, got[1].status};
        std::sort(statuses.begin(), statuses.end());
        QCOMPARE(statuses, (QList<int>{200, 201}));
        QCOMPARE(got[0].body.value(u"caseId"_s), got[1].body.value(u"caseId"_s));
        QCOMPARE(got[0].body.value(u"caseNumber"_s), got[1].body.value(u"caseNumber"_s));
        const Answer &retried = got[0].status == 200 ? got[0] : got[1];
        QCOMPARE(retried.body.value(u"retried"_s).toBool(), true);
        QCOMPARE(f.gateway->racedWrites(), 1);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM cases WHERE hotline_ticket = 'T-race'"_s), 1);
        QCOMPARE(
            count(f.world, u"SELECT count(*) FROM case_events WHERE request_id = 'hotline:12345:T-race'"_s),
            1);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM net_hotline_tickets WHERE ticket_id = 'T-race'"_s), 1);
    }

    void manyRetriesAcrossConnectionsStoreEachTicketOnce()
    {
        GatewayFixture f;
        f.config.storeWriters = 3;
        QVERIFY(f.open());
        // Ten tickets, each sent three times at once (a hotline that timed out), spread over the
        // connections.
        QList<QNetworkReply *> replies;
        for (int copy = 0; copy < 3; ++copy) {
            for (int i = 0; i < 10; ++i)
                replies.append(postTicket(f, sampleTicket(u"T-many-%1"_s.arg(i))));
        }
        const QList<Answer> got = answers(replies);
        for (int i = 0; i < 10; ++i) {
            int created = 0;
            for (int copy = 0; copy < 3; ++copy) {
                const Answer &a = got[copy * 10 + i];
                QVERIFY2(a.status == 200 || a.status == 201, qPrintable(QString::number(a.status)));
                created += a.status == 201 ? 1 : 0;
                QCOMPARE(a.body.value(u"caseId"_s), got[i].body.value(u"caseId"_s));
            }
            QCOMPARE(created, 1);
        }
        QCOMPARE(count(f.world, u"SELECT count(*) FROM net_hotline_tickets"_s), 10);
        QCOMPARE(count(f.world, u"SELECT count(DISTINCT case_id) FROM net_hotline_tickets"_s), 10);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM cases WHERE hotline_ticket LIKE 'T-many-%'"_s), 10);
    }

    void aWriteThatFailsInOneConnectionLosesNoOther()
    {
        GatewayFixture f;
        f.config.storeWriters = 3;
        QVERIFY(f.open());
        // Valid and out-of-area tickets at once: each refused one rolls back alone, in whichever connection
        // and batch it ran.
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 16; ++i)
            replies.append(postTicket(f, i % 4 == 3 ? outOfAreaTicket(u"T-bad-%1"_s.arg(i))
                                                    : sampleTicket(u"T-good-%1"_s.arg(i))));
        const QList<Answer> got = answers(replies);
        for (int i = 0; i < 16; ++i) {
            QCOMPARE(got[i].status, i % 4 == 3 ? 422 : 201);
            if (i % 4 == 3)
                QCOMPARE(got[i].body.value(u"error"_s).toObject().value(u"code"_s).toString(),
                         u"out_of_area"_s);
        }
        QCOMPARE(
            count(f.world, u"SELECT count(*) FROM net_hotline_tickets WHERE ticket_id LIKE 'T-good-%'"_s),
            12);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM cases WHERE hotline_ticket LIKE 'T-good-%'"_s), 12);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM net_hotline_tickets WHERE ticket_id LIKE 'T-bad-%'"_s),
                 0);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM cases WHERE hotline_ticket LIKE 'T-bad-%'"_s), 0);
        // A lone refused ticket (a batch of one write, without a savepoint) leaves the connection usable.
        QCOMPARE(answers({postTicket(f, outOfAreaTicket(u"T-bad-alone"_s))}).first().status, 422);
        QCOMPARE(answers({postTicket(f, sampleTicket(u"T-good-after"_s))}).first().status, 201);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM net_hotline_tickets"_s), 13);
    }

    // A write that fails after its case was written (the ticket's row is refused by a trigger the test adds)
    // leaves no case behind, and the writes of its batch are kept. On PostgreSQL a batch first runs without
    // savepoints, the store's own left out too: the failure rolls the batch back and it runs again, a
    // savepoint per write.
    void aWriteThatFailsAfterItsCaseLeavesNoCase()
    {
        GatewayFixture f;
        f.config.storeWriters = 1; // one queue: the tickets share batches
        QVERIFY(f.open());
        const QStringList trigger =
            f.world.onPostgres()
                ? QStringList{u"CREATE FUNCTION test_refuse_ticket() RETURNS trigger LANGUAGE plpgsql AS $$ "
                              u"BEGIN IF NEW.ticket_id LIKE 'T-boom-%' THEN RAISE EXCEPTION 'refused by the "
                              u"test'; END IF; RETURN NEW; END $$"_s,
                              u"CREATE TRIGGER test_refuse_ticket BEFORE INSERT ON net_hotline_tickets FOR "
                              u"EACH "
                              u"ROW EXECUTE FUNCTION test_refuse_ticket()"_s}
                : QStringList{
                      u"CREATE TRIGGER test_refuse_ticket BEFORE INSERT ON net_hotline_tickets WHEN "
                      u"NEW.ticket_id LIKE 'T-boom-%' BEGIN SELECT RAISE(ABORT, 'refused by the test'); "
                      u"END"_s};
        QSqlQuery sql(f.world.store().database());
        for (const QString &statement : trigger)
            QVERIFY2(sql.exec(statement), qPrintable(sql.lastError().text()));
        const auto dropTrigger = qScopeGuard([&f] {
            QSqlQuery q(f.world.store().database());
            q.exec(u"DROP TRIGGER test_refuse_ticket ON net_hotline_tickets"_s);
            q.exec(u"DROP TRIGGER test_refuse_ticket"_s);
            q.exec(u"DROP FUNCTION test_refuse_ticket()"_s);
        });
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 12; ++i)
            replies.append(
                postTicket(f, sampleTicket(i % 4 == 2 ? u"T-boom-%1"_s.arg(i) : u"T-fine-%1"_s.arg(i))));
        const QList<Answer> got = answers(replies);
        for (int i = 0; i < 12; ++i)
            QCOMPARE(got[i].status, i % 4 == 2 ? 500 : 201);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM cases WHERE hotline_ticket LIKE 'T-boom-%'"_s), 0);
        QCOMPARE(count(f.world, u"SELECT count(*) FROM cases WHERE hotline_ticket LIKE 'T-fine-%'"_s), 9);
        QCOMPARE(
            count(f.world, u"SELECT count(*) FROM net_hotline_tickets WHERE ticket_id LIKE 'T-fine-%'"_s), 9);
        QCOMPARE(count(f.world, u"SELECT count(DISTINCT case_id) FROM net_hotline_tickets"_s), 9);
    }

    void copiesOfOneFieldReportAcrossConnectionsMakeOneCase()
    {
        GatewayFixture f;
        f.config.storeWriters = 3;
        QVERIFY(f.open());
        const HttpResult login =
            f.postJson(u"/field/v1/login"_s, R"({"login":"sup","password":"field-pass"})");
        QCOMPARE(login.status, 200);
        const QByteArray token = login.object().value(u"token"_s).toString().toLatin1();
        const QByteArray boundary = "----cgpool3kFq9";
        QByteArray body;
        for (const auto &[name, value] :
             QList<std::pair<QByteArray, QByteArray>>{{"clientId", "phone-pool-0001"},
                                                      {"class", "event/06010"},
                                                      {"lon", "121.4705"},
                                                      {"lat", "31.2304"},
                                                      {"description", "井盖缺失"}})
            body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
                    value + "\r\n";
        body += "--" + boundary + "--\r\n";
        // The phone sends its upload three times at once (a flaky connection): one case, one 201.
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 3; ++i) {
            QNetworkRequest request(f.url(u"/field/v1/reports"_s));
            request.setRawHeader("Content-Type", "multipart/form-data; boundary=" + boundary);
            request.setRawHeader("Authorization", "Bearer " + token);
            replies.append(f.http.network().post(request, body));
        }
        const QList<Answer> got = answers(replies);
        QList<int> statuses;
        for (const Answer &a : got) {
            statuses.append(a.status);
            QCOMPARE(a.body.value(u"caseId"_s), got.first().body.value(u"caseId"_s));
            QCOMPARE(a.body.value(u"retried"_s).toBool(), a.status == 200);
        }
        std::sort(statuses.begin(), statuses.end());
        QCOMPARE(statuses, (QList<int>{200, 200, 201}));
        QCOMPARE(count(f.world,
                       u"SELECT count(*) FROM case_events WHERE request_id = 'field:sup:phone-pool-0001'"_s),
                 1);
    }

    void aTicketsLaterRoundsStayInOrder()
    {
        GatewayFixture f;
        f.config.storeWriters = 3;
        QVERIFY(f.open());
        const HttpResult created =
            f.postJson(u"/hotline/v1/tickets"_s, compact(sampleTicket(u"T-order"_s)), HotlineKey);
        QCOMPARE(created.status, 201);
        // The first contact of one ticket, sent five times at once: one contact, one message to the hotline.
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 5; ++i) {
            QNetworkRequest request(f.url(u"/hotline/v1/tickets/12345/T-order/first-contact"_s));
            request.setRawHeader("Content-Type", "application/json");
            request.setRawHeader("X-API-Key", OperatorKey.toUtf8());
            replies.append(f.http.network().post(request, R"({"note": "called back"})"));
        }
        const QList<Answer> got = answers(replies);
        for (const Answer &a : got) {
            QCOMPARE(a.status, 200);
            QCOMPARE(a.body.value(u"firstContactAt"_s), got.first().body.value(u"firstContactAt"_s));
        }
        QCOMPARE(count(f.world, u"SELECT count(*) FROM net_outbox WHERE event = 'first_contact'"_s), 1);
    }
};

QTEST_GUILESS_MAIN(TestGatewayPool)
#include "test_gatewaypool.moc"
