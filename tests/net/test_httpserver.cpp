// The gateway's HTTP/1.1 plumbing: keep-alive, limits, errors as JSON, rate limits, the access log, /health,
// graceful shutdown and the configuration file.

#include "gatewayfixture.h"
#include "net/gatewayconfig.h"

#include <QProcess>
#include <QSslCipher>
#include <QStandardPaths>
#include <QTest>

using namespace cg;
using namespace cg::test;
using namespace Qt::Literals::StringLiterals;

namespace {

struct RawResponse
{
    int status = 0;
    QByteArray head;
    QByteArray body;
};

// Reads `count` responses from a raw socket without blocking the event loop the server runs in.
QList<RawResponse> readResponses(QTcpSocket &socket, int count)
{
    QList<RawResponse> out;
    QByteArray buffer;
    QElapsedTimer timer;
    timer.start();
    while (out.size() < count && timer.elapsed() < 10000) {
        buffer += socket.readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end >= 0) {
            RawResponse r;
            r.head = buffer.left(end);
            r.status = r.head.mid(9, 3).toInt();
            qsizetype length = 0;
            for (const QByteArray &line : r.head.split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (buffer.size() >= end + 4 + length) {
                r.body = buffer.mid(end + 4, length);
                buffer.remove(0, end + 4 + length);
                out.append(r);
                continue;
            }
        }
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
            break;
        QSignalSpy ready(&socket, &QTcpSocket::readyRead);
        ready.wait(200);
    }
    return out;
}

bool waitConnected(QTcpSocket &socket, quint16 port)
{
    QSignalSpy connected(&socket, &QTcpSocket::connected);
    socket.connectToHost(QHostAddress::LocalHost, port);
    return connected.wait(5000);
}

bool waitDisconnected(QTcpSocket &socket)
{
    if (socket.state() == QAbstractSocket::UnconnectedState)
        return true;
    QSignalSpy gone(&socket, &QTcpSocket::disconnected);
    return gone.wait(5000);
}

QString errorCode(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object().value(u"error"_s).toObject().value(u"code"_s).toString();
}

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void healthAnswersWithTheStoreState()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        const HttpResult r = f.get(u"/health"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json; charset=utf-8"));
        QCOMPARE(r.object().value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(r.object().value(u"grids"_s).toInt(), 4);
        QCOMPARE(r.object().value(u"outboxPending"_s).toInt(), 0);
    }

    void unknownRoutesGetJsonErrors()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        const HttpResult r = f.get(u"/nowhere"_s);
        QCOMPARE(r.status, 404);
        QCOMPARE(errorCode(r.body), u"not_found"_s);
    }

    void keepAliveServesSeveralRequestsOnOneConnection()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        QTcpSocket socket;
        QVERIFY(waitConnected(socket, f.gateway->port()));
        socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        auto first = readResponses(socket, 1);
        QCOMPARE(first.size(), 1);
        QCOMPARE(first[0].status, 200);
        QVERIFY(first[0].head.contains("Connection: keep-alive"));
        // Two pipelined requests: answered in order on the same connection.
        socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
        auto next = readResponses(socket, 2);
        QCOMPARE(next.size(), 2);
        QCOMPARE(next[0].status, 200);
        QCOMPARE(next[1].status, 404);
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        // Connection: close is honoured.
        socket.write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        auto last = readResponses(socket, 1);
        QCOMPARE(last.size(), 1);
        QVERIFY(last[0].head.contains("Connection: close"));
        QVERIFY(waitDisconnected(socket));
    }

    void http10ClosesUnlessAskedToKeepAlive()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        QTcpSocket socket;
        QVERIFY(waitConnected(socket, f.gateway->port()));
        socket.write("GET /health HTTP/1.0\r\n\r\n");
        auto r = readResponses(socket, 1);
        QCOMPARE(r.size(), 1);
        QCOMPARE(r[0].status, 200);
        QVERIFY(waitDisconnected(socket));
    }

    void protocolErrors_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("garbage request line") << QByteArray("HELLO\r\n\r\n") << 400 << u"bad_request_line"_s;
        QTest::newRow("HTTP/2 preface") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505 << u"http_version"_s;
        QTest::newRow("absolute target")
            << QByteArray("GET http://x/health HTTP/1.1\r\n\r\n") << 400 << u"bad_target"_s;
        QTest::newRow("chunked body")
            << QByteArray("POST /hotline/v1/tickets HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            << 501 << u"chunked_not_supported"_s;
        QTest::newRow("negative length") << QByteArray("POST /health HTTP/1.1\r\nContent-Length: -5\r\n\r\n")
                                         << 400 << u"bad_content_length"_s;
        QTest::newRow("too large")
            << QByteArray("POST /hotline/v1/tickets HTTP/1.1\r\nContent-Length: 999999\r\n\r\n") << 413
            << u"body_too_large"_s;
        QTest::newRow("header without colon")
            << QByteArray("GET /health HTTP/1.1\r\nnonsense\r\n\r\n") << 400 << u"bad_header"_s;
    }

    void protocolErrors()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QString, code);
        GatewayFixture f;
        f.config.maxBodyBytes = 64 * 1024;
        QVERIFY(f.open());
        QTcpSocket socket;
        QVERIFY(waitConnected(socket, f.gateway->port()));
        socket.write(request);
        auto r = readResponses(socket, 1);
        QCOMPARE(r.size(), 1);
        QCOMPARE(r[0].status, status);
        QCOMPARE(errorCode(r[0].body), code);
        QVERIFY(!QJsonDocument::fromJson(r[0].body)
                     .object()
                     .value(u"error"_s)
                     .toObject()
                     .value(u"message"_s)
                     .toString()
                     .isEmpty());
        QVERIFY(waitDisconnected(socket)); // after a protocol error the connection is not trusted any more
    }

    void oversizedHeadersAreRefused()
    {
        GatewayFixture f;
        f.config.maxHeaderBytes = 1024;
        QVERIFY(f.open());
        QTcpSocket socket;
        QVERIFY(waitConnected(socket, f.gateway->port()));
        socket.write("GET /health HTTP/1.1\r\nX-Long: " + QByteArray(2000, 'a') + "\r\n\r\n");
        auto r = readResponses(socket, 1);
        QCOMPARE(r.size(), 1);
        QCOMPARE(r[0].status, 431);
    }

    void rateLimitPerClient()
    {
        GatewayFixture f;
        f.config.requestsPerSecond = 0.01; // effectively no refill during the test
        f.config.burst = 3;
        QVERIFY(f.open());
        QVERIFY(f.stop());
        f.config.clients[3].burst = 5; // the operator's own limit
        QVERIFY(f.start());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(f.get(u"/health"_s).status, 200);
        const HttpResult limited = f.get(u"/health"_s);
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.headers.value("retry-after"), QByteArray("1"));
        QCOMPARE(errorCode(limited.body), u"rate_limited"_s);
        // Another client (its own API key) has its own bucket, here with its own size.
        for (int i = 0; i < 5; ++i)
            QCOMPARE(f.get(u"/health"_s, {{"X-API-Key", OperatorKey.toUtf8()}}).status, 200);
        QCOMPARE(f.get(u"/health"_s, {{"X-API-Key", OperatorKey.toUtf8()}}).status, 429);
    }

    void accessLogHasOneLinePerRequestForJournald()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        f.log.clear();
        QCOMPARE(f.get(u"/health"_s).status, 200);
        QCOMPARE(f.get(u"/nowhere?x=1"_s, {{"X-API-Key", OperatorKey.toUtf8()}}).status, 404);
        QTRY_COMPARE(f.log.size(), 2);
        QVERIFY2(f.log[0].startsWith("<6>127.0.0.1 \"GET /health\" 200 "), f.log[0].constData());
        QVERIFY(f.log[0].endsWith("ms"));
        QVERIFY2(f.log[1].startsWith("<6>127.0.0.1 \"GET /nowhere\" 404 "), f.log[1].constData());
        for (const QByteArray &line : std::as_const(f.log))
            QVERIFY(!line.contains('\n'));
    }

    void gracefulStopClosesIdleConnectionsAndStopsListening()
    {
        GatewayFixture f;
        QVERIFY(f.open());
        const quint16 port = f.gateway->port();
        QTcpSocket idle;
        QVERIFY(waitConnected(idle, port));
        idle.write("GET /health HTTP/1.1\r\n\r\n");
        QCOMPARE(readResponses(idle, 1).size(), 1);
        QVERIFY(f.stop());
        QVERIFY(waitDisconnected(idle));
        QTcpSocket late;
        late.connectToHost(QHostAddress::LocalHost, port);
        QSignalSpy error(&late, &QTcpSocket::errorOccurred);
        QVERIFY(error.wait(5000));
    }

    void tlsWhenConfigured()
    {
        const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
        if (openssl.isEmpty())
            QSKIP("openssl is not installed: no test certificate");
        GatewayFixture f;
        const QString cert = f.world.dir.filePath(u"gateway.crt"_s),
                      key = f.world.dir.filePath(u"gateway.key"_s);
        QProcess p;
        p.start(openssl, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s, u"1"_s,
                          u"-subj"_s, u"/CN=127.0.0.1"_s, u"-keyout"_s, key, u"-out"_s, cert});
        QSignalSpy done(&p, &QProcess::finished);
        QVERIFY(done.wait(30000));
        QCOMPARE(p.exitCode(), 0);
        f.config.tlsCertificatePath = cert;
        f.config.tlsKeyPath = key;
        QVERIFY(f.open());
        QNetworkRequest request(QUrl(u"https://127.0.0.1:%1/health"_s.arg(f.gateway->port())));
        QNetworkReply *reply = f.http.network().get(request);
        QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply] { reply->ignoreSslErrors(); });
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(reply->sslConfiguration().sessionCipher().isNull() == false);
        reply->deleteLater();
        // Plain HTTP to the TLS port gets no answer.
        const HttpResult plain = f.get(u"/health"_s);
        QVERIFY(plain.status != 200);
    }

    void configurationFile()
    {
        const QByteArray json =
            "{ \"store\": \"/var/lib/citygrid/citygrid.sqlite\", \"listen\": \"0.0.0.0:8443\", \"limits\": "
            "{\"maxBodyBytes\": 1048576, \"requestsPerSecond\": 50, \"burst\": 100}, \"clients\": "
            "[{\"name\": \"12345-city\", \"kind\": \"hotline\", \"hotline\": \"12345\", \"apiKey\": "
            "\"0123456789abcdef0123\", \"callbackUrl\": \"https://12345.example/cb\"}], \"fieldAccounts\": "
            "[{\"login\": \"sup\", \"passwordSha256\": \"AB12\"}]}";
        auto c = GatewayConfig::fromJson(json, u"gateway.json"_s);
        QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
        QCOMPARE(c->storePath, u"/var/lib/citygrid/citygrid.sqlite"_s);
        QCOMPARE(c->listenPort, quint16(8443));
        QCOMPARE(c->listenAddress, QHostAddress(QHostAddress::AnyIPv4));
        QCOMPARE(c->maxBodyBytes, 1048576);
        QCOMPARE(c->clients.size(), 1);
        QVERIFY(c->clientByKey(u"0123456789abcdef0123"_s));
        QVERIFY(!c->clientByKey(u"0123456789abcdef0124"_s));
        QVERIFY(!c->clientByKey(QString()));
        QCOMPARE(c->hotlineClient(u"12345"_s)->callbackUrl, QUrl(u"https://12345.example/cb"_s));
        QCOMPARE(c->fieldAccounts.value(0).passwordSha256, u"ab12"_s);
    }

    void theShippedExampleConfigurationParses()
    {
        auto c =
            GatewayConfig::fromFile(QStringLiteral(CG_SOURCE_DIR) + u"/app/gateway/gateway.example.json"_s);
        QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
        QCOMPARE(c->clients.size(), 4);
        QVERIFY(!c->tlsCertificatePath.isEmpty());
    }

    void configurationErrorsNameTheProblem_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{") << u"gateway.json: not a JSON object"_s;
        QTest::newRow("bad listen") << QByteArray("{\"listen\": \"here:port\"}")
                                    << u"the port must be a number"_s;
        QTest::newRow("short key")
            << QByteArray("{\"clients\": [{\"name\": \"a\", \"kind\": \"open311\", \"apiKey\": \"x\"}]}")
            << u"apiKey of 16 characters"_s;
        QTest::newRow("hotline without callback")
            << QByteArray("{\"clients\": [{\"name\": \"a\", \"kind\": \"hotline\", \"hotline\": \"12345\", "
                          "\"apiKey\": \"0123456789abcdef\"}]}")
            << u"a hotline needs a callbackUrl"_s;
        QTest::newRow("unknown kind") << QByteArray("{\"clients\": [{\"name\": \"a\", \"kind\": \"robot\"}]}")
                                      << u"client kind 'robot' is unknown"_s;
        QTest::newRow("zero rate") << QByteArray("{\"limits\": {\"requestsPerSecond\": 0}}")
                                   << u"limits must be positive"_s;
    }

    void configurationErrorsNameTheProblem()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        auto c = GatewayConfig::fromJson(json, u"gateway.json"_s);
        QVERIFY(!c.ok());
        QVERIFY2(c.errorMessage().contains(expected), qPrintable(c.errorMessage()));
    }

    void listenForms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("port");
        QTest::newRow("ipv4") << u"127.0.0.1:8080"_s << u"127.0.0.1"_s << 8080;
        QTest::newRow("ipv6") << u"[::1]:8081"_s << u"::1"_s << 8081;
        QTest::newRow("port only") << u"8082"_s << u"0.0.0.0"_s << 8082;
        QTest::newRow("any") << u":8083"_s << u"0.0.0.0"_s << 8083;
    }

    void listenForms()
    {
        QFETCH(QString, text);
        QFETCH(QString, address);
        QFETCH(int, port);
        GatewayConfig c;
        QVERIFY(c.setListen(text).ok());
        QCOMPARE(c.listenPort, quint16(port));
        if (address == u"0.0.0.0"_s)
            QCOMPARE(c.listenAddress, QHostAddress(QHostAddress::Any));
        else
            QCOMPARE(c.listenAddress, QHostAddress(address));
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "test_httpserver.moc"
