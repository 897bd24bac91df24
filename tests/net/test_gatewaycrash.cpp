// kill -9 of the real citygrid-gateway during a burst of 1,000 tickets from retrying clients: every ticket is
// stored exactly once, and every callback is eventually sent (the hotline is down across a crash too).

#include "gatewayfixture.h"

#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

using namespace cg;
using namespace cg::test;
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int TicketCount = 1000;

// Sends every ticket until it is acknowledged, as a hotline does: a lost connection or a 5xx is retried.
class RetryingHotline : public QObject
{
public:
    RetryingHotline(quint16 port, int parallel)
        : mPort(port)
    {
        for (int i = 0; i < parallel; ++i)
            sendNext();
    }
    int acknowledged = 0;
    int retries = 0;

private:
    void sendNext()
    {
        if (mNext >= TicketCount)
            return;
        send(mNext++);
    }
    void send(int ticket)
    {
        QJsonObject t = sampleTicket(u"CRASH-%1"_s.arg(ticket, 4, 10, QLatin1Char('0')));
        QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/hotline/v1/tickets"_s.arg(mPort)));
        request.setRawHeader("Content-Type", "application/json");
        request.setRawHeader("X-API-Key", HotlineKey.toUtf8());
        request.setTransferTimeout(5000);
        QNetworkReply *reply = mNetwork.post(request, compact(t));
        connect(reply, &QNetworkReply::finished, this, [this, reply, ticket] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 200 || status == 201) {
                ++acknowledged;
                sendNext();
                return;
            }
            ++retries;
            QTimer::singleShot(50, this, [this, ticket] { send(ticket); });
        });
    }
    quint16 mPort;
    int mNext = 0;
    QNetworkAccessManager mNetwork;
};

} // namespace

class TestGatewayCrash : public QObject
{
    Q_OBJECT

    QString mConfigPath;
    quint16 mPort = 0;
    std::unique_ptr<QProcess> mGateway;

    bool startGateway()
    {
        mGateway = std::make_unique<QProcess>();
        mGateway->setProgram(QStringLiteral(CG_BINARY_DIR) + u"/bin/citygrid-gateway"_s);
        mGateway->setArguments({u"--config"_s, mConfigPath});
        mGateway->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        mGateway->setStandardOutputFile(QProcess::nullDevice());
        mGateway->start();
        if (!mGateway->waitForStarted(5000))
            return false;
        HttpClient http;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 10000) { // ready when /health answers
            if (http.send("GET", QUrl(u"http://127.0.0.1:%1/health"_s.arg(mPort))).status == 200)
                return true;
            QSignalSpy(mGateway.get(), &QProcess::finished).wait(50);
        }
        return false;
    }

    void killGateway()
    {
        mGateway->kill(); // SIGKILL: no graceful stop
        mGateway->waitForFinished(5000);
    }

private Q_SLOTS:
    void cleanup()
    {
        if (mGateway && mGateway->state() != QProcess::NotRunning)
            killGateway();
        mGateway.reset();
    }

    void killNineDuringABurst()
    {
        if (!QFile::exists(QStringLiteral(CG_BINARY_DIR) + u"/bin/citygrid-gateway"_s))
            QSKIP("citygrid-gateway is not built");
        TestWorld world;
        QVERIFY(world.open());
        FakeHotline hotline; // down
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        mPort = probe.serverPort();
        probe.close();
        const QJsonObject config{
            {u"store"_s, world.path()},
            {u"listen"_s, u"127.0.0.1:%1"_s.arg(mPort)},
            {u"limits"_s, QJsonObject{{u"requestsPerSecond"_s, 100000}, {u"burst"_s, 100000}}},
            {u"outbox"_s, QJsonObject{{u"initialRetryMs"_s, 50}, {u"maxRetryMs"_s, 300}}},
            {u"clients"_s, QJsonArray{QJsonObject{{u"name"_s, u"12345-city"_s},
                                                  {u"kind"_s, u"hotline"_s},
                                                  {u"hotline"_s, u"12345"_s},
                                                  {u"apiKey"_s, HotlineKey},
                                                  {u"callbackUrl"_s, hotline.url().toString()}}}}};
        mConfigPath = world.dir.filePath(u"gateway.json"_s);
        QFile file(mConfigPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(config).toJson());
        file.close();

        QVERIFY(startGateway());
        RetryingHotline client(mPort, 16);
        for (int killAt : {250, 600}) {
            QTRY_VERIFY_WITH_TIMEOUT(client.acknowledged >= killAt, 60000);
            killGateway();
            QVERIFY(startGateway());
        }
        QTRY_COMPARE_WITH_TIMEOUT(client.acknowledged, TicketCount, 120000);
        qInfo("%d retries across two kill -9", client.retries);
        QCOMPARE(count(world, u"SELECT count(*) FROM net_hotline_tickets"_s), TicketCount);
        QCOMPARE(count(world, u"SELECT count(DISTINCT ticket_id) FROM net_hotline_tickets"_s), TicketCount);
        QCOMPARE(count(world, u"SELECT count(*) FROM cases WHERE hotline_ticket LIKE 'CRASH-%'"_s),
                 TicketCount);
        QVERIFY(world.store().verifyAudit().ok());

        // Results of 20 cases, while the hotline is down; the gateway is killed with them in its outbox.
        QSqlQuery q(world.store().database());
        QVERIFY(q.exec(u"SELECT case_id FROM net_hotline_tickets ORDER BY ticket_id LIMIT 20"_s));
        QList<qint64> ids;
        while (q.next())
            ids.append(q.value(0).toLongLong());
        q.finish();
        for (qint64 id : std::as_const(ids))
            QVERIFY(world.act(u"acceptor"_s, world.store().findCase(id).value(), Action::Accept).ok());
        QTRY_COMPARE_WITH_TIMEOUT(count(world, u"SELECT count(*) FROM net_outbox WHERE event = 'accepted'"_s),
                                  20, 15000);
        killGateway();
        QVERIFY(startGateway());
        QVERIFY(hotline.up());
        QTRY_COMPARE_WITH_TIMEOUT(hotline.received.size(), 20, 30000);
        QSet<QString> tickets;
        for (const QJsonObject &m : std::as_const(hotline.received))
            tickets.insert(m.value(u"ticketId"_s).toString());
        QCOMPARE(tickets.size(), 20);
        QTRY_COMPARE_WITH_TIMEOUT(
            count(world, u"SELECT count(*) FROM net_outbox WHERE delivered_at IS NULL"_s), 0, 10000);

        // SIGTERM stops it gracefully: exit code 0.
        QSignalSpy finished(mGateway.get(), &QProcess::finished);
        mGateway->terminate();
        QVERIFY(finished.wait(10000));
        QCOMPARE(mGateway->exitStatus(), QProcess::NormalExit);
        QCOMPARE(mGateway->exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestGatewayCrash)
#include "test_gatewaycrash.moc"
