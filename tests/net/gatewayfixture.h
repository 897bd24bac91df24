#pragma once

// A gateway on a free loopback port over a TestWorld store, and a small HTTP client for the tests.

#include "net/gateway.h"
#include "support/testworld.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>

namespace cg::test {

using namespace Qt::Literals::StringLiterals;

inline const QString HotlineKey = u"hotline-12345-key-0001"_s;
inline const QString Hotline12319Key = u"hotline-12319-key-0001"_s;
inline const QString Open311Key = u"open311-app-key-00001"_s;
inline const QString OperatorKey = u"operator-key-0000001"_s;

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    QJsonObject object() const { return json().object(); }
};

class HttpClient
{
public:
    HttpResult send(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                    const QByteArray &contentType = {},
                    const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest request(url);
        if (!contentType.isEmpty())
            request.setRawHeader("Content-Type", contentType);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        QNetworkReply *reply = mNetwork.sendCustomRequest(request, method, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(20000);
        HttpResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.error = reply->error();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            result.headers.insert(name.toLower(), value);
        reply->deleteLater();
        return result;
    }
    QNetworkAccessManager &network() { return mNetwork; }

private:
    QNetworkAccessManager mNetwork;
};

struct GatewayFixture
{
    TestWorld world;
    GatewayConfig config;
    std::unique_ptr<Gateway> gateway;
    ManualClock *clock = nullptr; // the gateway's; owned by its session
    QList<QByteArray> log;
    HttpClient http;

    // The fake hotline's callback URL (a local QTcpServer in the outbox test) may be set before open().
    bool open(const QUrl &callbackUrl = QUrl(u"http://127.0.0.1:9/callback"_s))
    {
        if (!world.open())
            return false;
        // A pooled PostgreSQL database comes back with the store's tables emptied, not the gateway's.
        if (world.onPostgres()) {
            PgRawConnection raw(world.pgUrl);
            const QString e =
                raw.exec(u"TRUNCATE net_hotline_tickets, net_outbox, net_counters, net_field_tokens, "
                         u"net_gps_tracks, net_open311_tokens, probable_duplicates RESTART IDENTITY"_s);
            if (!e.isEmpty()) {
                qWarning() << e;
                return false;
            }
        }
        config.storePath = world.path();
        // The PostgreSQL suites run once more with a pool of writing connections (tests/CMakeLists.txt).
        if (config.storeWriters == 0 && qEnvironmentVariableIsSet("CG_TEST_GATEWAY_WRITERS"))
            config.storeWriters = qEnvironmentVariableIntValue("CG_TEST_GATEWAY_WRITERS");
        config.listenAddress = QHostAddress::LocalHost;
        config.listenPort = 0;
        config.outboxInitialRetryMs = 50;
        config.outboxMaxRetryMs = 400;
        config.outboxTimeoutMs = 2000;
        config.clients = {
            {u"12345-city"_s, HotlineKey, ClientKind::Hotline, u"12345"_s, callbackUrl},
            {u"12319-city"_s, Hotline12319Key, ClientKind::Hotline, u"12319"_s, callbackUrl},
            {u"open311-app"_s, Open311Key, ClientKind::Open311, {}, {}},
            {u"desk"_s, OperatorKey, ClientKind::Operator, {}, {}},
        };
        // sha256("field-pass")
        config.fieldAccounts = {
            {u"sup"_s,
             QString::fromLatin1(QCryptographicHash::hash("field-pass", QCryptographicHash::Sha256).toHex())},
            {u"acceptor"_s, QString::fromLatin1(
                                QCryptographicHash::hash("field-pass", QCryptographicHash::Sha256).toHex())}};
        return start();
    }

    bool start()
    {
        gateway = std::make_unique<Gateway>(config);
        gateway->setLogSink([this](const QByteArray &line) { log.append(line); });
        auto owned = std::make_unique<ManualClock>(world.clock->now());
        clock = owned.get();
        if (auto s = gateway->start(std::move(owned)); !s) {
            qWarning() << s.errorMessage();
            return false;
        }
        return true;
    }

    // Graceful stop, as on SIGTERM.
    bool stop()
    {
        if (!gateway)
            return true;
        QSignalSpy stopped(gateway.get(), &Gateway::stopped);
        gateway->stop();
        const bool ok = stopped.size() > 0 || stopped.wait(10000);
        gateway.reset();
        return ok;
    }

    QUrl url(const QString &pathAndQuery) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(gateway->port()).arg(pathAndQuery));
    }

    HttpResult get(const QString &path, const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        return http.send("GET", url(path), {}, {}, headers);
    }
    HttpResult postJson(const QString &path, const QByteArray &body, const QString &apiKey = {},
                        QList<std::pair<QByteArray, QByteArray>> headers = {})
    {
        if (!apiKey.isEmpty())
            headers.append({"X-API-Key", apiKey.toUtf8()});
        return http.send("POST", url(path), body, "application/json", headers);
    }
};

// A ticket inside the TestWorld's first grid (310101002001001: 121.47–121.47105 E, 31.23–31.2309 N) in
// WGS-84.
inline QJsonObject sampleTicket(const QString &ticketId,
                                const QString &content = u"南京东路路边有暴露垃圾，很臭"_s)
{
    return {{u"ticketId"_s, ticketId},
            {u"hotline"_s, u"12345"_s},
            {u"type"_s, u"complaint"_s},
            {u"content"_s, content},
            {u"address"_s, u"南京东路100号"_s},
            {u"location"_s, QJsonObject{{u"lon"_s, 121.4705}, {u"lat"_s, 31.2304}, {u"crs"_s, u"WGS84"_s}}},
            {u"caller"_s, QJsonObject{{u"name"_s, u"王小明"_s}, {u"phone"_s, u"13812345678"_s}}}};
}

// A hotline's callback endpoint on loopback: answers every POST with `status`; can go down and come back on
// the same port.
class FakeHotline : public QObject
{
public:
    FakeHotline()
    {
        QTcpServer probe; // a free port, kept for the whole test
        probe.listen(QHostAddress::LocalHost, 0);
        mPort = probe.serverPort();
        probe.close();
        connect(&mServer, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = mServer.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { read(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    bool up() { return mServer.listen(QHostAddress::LocalHost, mPort); }
    void down() { mServer.close(); }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/callback"_s.arg(mPort)); }
    int status = 200;
    QList<QJsonObject> received;                          // bodies answered with 2xx
    QList<QByteArray> receivedBodies;                     // the same, as sent
    QList<QHash<QByteArray, QByteArray>> receivedHeaders; // the same, lower-case header names
    int requests = 0;

private:
    void read(QTcpSocket *s)
    {
        QByteArray &buffer = mBuffers[s];
        buffer += s->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        qsizetype length = 0;
        QHash<QByteArray, QByteArray> headers;
        for (const QByteArray &line : buffer.left(end).split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            return;
        const QByteArray body = buffer.mid(end + 4, length);
        mBuffers.remove(s);
        ++requests;
        if (status >= 200 && status < 300) {
            received.append(QJsonDocument::fromJson(body).object());
            receivedBodies.append(body);
            receivedHeaders.append(headers);
        }
        s->write("HTTP/1.1 " + QByteArray::number(status) +
                 " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        s->disconnectFromHost();
    }
    QTcpServer mServer;
    quint16 mPort = 0;
    QHash<QTcpSocket *, QByteArray> mBuffers;
};

inline QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// The first column of the first row of `sql` as a number (a count); -1 when the query fails.
inline int count(TestWorld &world, const QString &sql)
{
    QSqlQuery q(world.store().database());
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

} // namespace cg::test
