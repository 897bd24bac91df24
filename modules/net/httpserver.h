#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <optional>

namespace cg {

class HttpConnection;

// Our own small HTTP/1.1 server over QTcpServer (or QSslServer for TLS). QHttpServer is a technology preview
// in Qt 6.4 whose API changed later, and it has no body-size limit, no control over keep-alive and no
// deferred responses; the gateway needs all three, so the protocol stays here behind HttpRequest /
// HttpResponder.

struct HttpRequest
{
    QByteArray method; // "GET", "POST", ...
    QString path;      // percent-decoded path, e.g. "/open311/v2/requests.json"
    QUrlQuery query;   // decoded query parameters
    QList<std::pair<QByteArray, QByteArray>> headers; // names in lower case, in arrival order
    QByteArray body;
    QHostAddress peer;
    QByteArray header(const QByteArray &lowerCaseName) const;
    QByteArray contentType() const; // media type without parameters, lower case
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json; charset=utf-8";
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers; // extra headers
    void addHeader(const QByteArray &name, const QByteArray &value) { headers.append({name, value}); }
    QString logNote; // appended to the access-log line (e.g. the API client's name)

    static HttpResponse json(int status, const QByteArray &body);
    static HttpResponse json(int status, const QJsonObject &body);
    // {"error": {"code": code, "message": message}}
    static HttpResponse error(int status, const QString &code, const QString &message);
};

QByteArray httpReasonPhrase(int status);

// One line per request for the access log.
struct HttpAccessEntry
{
    QHostAddress peer;
    QByteArray method;
    QString path;
    int status = 0;
    qint64 bytes = 0;
    double milliseconds = 0;
    QString note;
};

struct HttpLimits
{
    qint64 maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 2 * 1024 * 1024;
    int idleTimeoutMs = 30 * 1000; // a keep-alive connection is closed after this long without a request
    int maxConnections = 2000;
};

// The request line and headers of one request (up to, without, the blank line), parsed strictly. Pure, so the
// fuzzer calls it directly. errorStatus is 0 when the head is good.
struct HttpHead
{
    HttpRequest request; // without peer and body
    qint64 bodyLength = 0;
    bool keepAlive = false;
    bool expectContinue = false;
    int errorStatus = 0;
    QString errorCode;
    QString errorMessage;
};
HttpHead parseHttpHead(const QByteArray &head, const HttpLimits &limits);

// Sends the response to one request exactly once, now or later (after the store thread answered). Copyable; a
// response to a connection that has gone away is dropped. Call from the server's thread.
class HttpResponder
{
public:
    HttpResponder() = default;
    void send(HttpResponse response) const;
    bool isSent() const;

private:
    friend class HttpConnection;
    struct State;
    std::shared_ptr<State> mState;
};

using HttpHandler = std::function<void(const HttpRequest &, const HttpResponder &)>;

class HttpServer : public QObject
{
    Q_OBJECT
public:
    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    void setLimits(const HttpLimits &limits) { mLimits = limits; }
    const HttpLimits &limits() const { return mLimits; }
    void setHandler(HttpHandler handler) { mHandler = std::move(handler); }
    // TLS: the certificate and key of the configuration are used for every connection.
    void setTls(const QSslConfiguration &configuration);

    Status listen(const QHostAddress &address, quint16 port);
    quint16 port() const;
    bool isListening() const;
    // Stops accepting; requests in progress are answered, then their connections close.
    void stopListening();
    int openConnections() const;

Q_SIGNALS:
    void requestFinished(const cg::HttpAccessEntry &entry);
    void allConnectionsClosed();

private:
    friend class HttpConnection;
    void acceptPending();
    void connectionClosed(QObject *connection);

    std::unique_ptr<QTcpServer> mServer;
    std::optional<QSslConfiguration> mTls;
    HttpLimits mLimits;
    HttpHandler mHandler;
    QList<QObject *> mConnections;
    bool mStopping = false;
};

// The HTTP status that answers an error of the case engine (422 bad input, 404, 409 conflict, 403, 500).
int httpStatusFor(ErrorCode code);

} // namespace cg
