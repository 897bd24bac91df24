#include "net/httpserver.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace cg {

QByteArray HttpRequest::header(const QByteArray &lowerCaseName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerCaseName)
            return value;
    }
    return {};
}

QByteArray HttpRequest::contentType() const
{
    QByteArray type = header("content-type");
    const qsizetype semicolon = type.indexOf(';');
    if (semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().toLower();
}

HttpResponse HttpResponse::json(int status, const QByteArray &body)
{
    HttpResponse r;
    r.status = status;
    r.body = body;
    return r;
}

HttpResponse HttpResponse::json(int status, const QJsonObject &body)
{
    return json(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpResponse HttpResponse::error(int status, const QString &code, const QString &message)
{
    const QJsonObject error{{u"code"_s, code}, {u"message"_s, message}};
    return json(status, QJsonDocument(QJsonObject{{u"error"_s, error}}).toJson(QJsonDocument::Compact));
}

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

HttpHead parseHttpHead(const QByteArray &head, const HttpLimits &limits)
{
    HttpHead out;
    const auto fail = [&out](int status, const QString &code, const QString &message) {
        out.errorStatus = status;
        out.errorCode = code;
        out.errorMessage = message;
        out.keepAlive = false;
        return out;
    };
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/"))
        return fail(400, u"bad_request_line"_s, u"the request line must be 'METHOD target HTTP/1.1'"_s);
    const QByteArray version = requestLine[2];
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return fail(505, u"http_version"_s, u"only HTTP/1.0 and HTTP/1.1 are served"_s);
    out.request.method = requestLine[0];
    const QUrl target = QUrl::fromEncoded(requestLine[1], QUrl::StrictMode);
    if (!target.isValid() || !requestLine[1].startsWith('/'))
        return fail(400, u"bad_target"_s, u"the request target is not a valid origin-form path"_s);
    out.request.path = target.path(QUrl::FullyDecoded);
    // '+' means a space in form-encoded queries (Open311 clients send them so).
    QByteArray query = target.query(QUrl::FullyEncoded).toLatin1();
    query.replace('+', "%20");
    out.request.query = QUrlQuery(QString::fromLatin1(query));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return fail(400, u"bad_header"_s, u"header line %1 has no name"_s.arg(i));
        out.request.headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    const QByteArray connection = out.request.header("connection").toLower();
    out.keepAlive = version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive");
    if (!out.request.header("transfer-encoding").isEmpty())
        return fail(501, u"chunked_not_supported"_s,
                    u"chunked request bodies are not accepted; send Content-Length"_s);
    const QByteArray length = out.request.header("content-length");
    bool ok = true;
    const qint64 bodyLength = length.isEmpty() ? 0 : length.toLongLong(&ok);
    if (!ok || bodyLength < 0)
        return fail(400, u"bad_content_length"_s, u"Content-Length is not a number"_s);
    if (bodyLength > limits.maxBodyBytes)
        return fail(
            413, u"body_too_large"_s,
            u"the body has %1 bytes; at most %2 are accepted"_s.arg(bodyLength).arg(limits.maxBodyBytes));
    out.bodyLength = bodyLength;
    out.expectContinue = out.request.header("expect").toLower() == "100-continue";
    return out;
}

struct HttpResponder::State
{
    std::function<void(HttpResponse)> deliver;
    bool sent = false;
};

void HttpResponder::send(HttpResponse response) const
{
    if (!mState || mState->sent)
        return;
    mState->sent = true;
    if (mState->deliver)
        mState->deliver(std::move(response));
}

bool HttpResponder::isSent() const
{
    return mState && mState->sent;
}

// One client connection: reads requests one after another (pipelined ones wait), answers each in order.
class HttpConnection : public QObject
{
public:
    HttpConnection(HttpServer *server, QTcpSocket *socket)
        : mServer(server)
        , mSocket(socket)
    {
        mSocket->setParent(this);
        mIdle.setSingleShot(true);
        mIdle.setInterval(server->mLimits.idleTimeoutMs);
        connect(&mIdle, &QTimer::timeout, this, [this] {
            if (!mBusy)
                mSocket->disconnectFromHost();
        });
        connect(mSocket, &QTcpSocket::readyRead, this, &HttpConnection::readSome);
        connect(mSocket, &QTcpSocket::disconnected, this, [this] { finish(); });
        connect(mSocket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (mSocket->state() == QAbstractSocket::UnconnectedState)
                finish();
        });
        mIdle.start();
        if (mSocket->bytesAvailable() > 0)
            QTimer::singleShot(0, this, &HttpConnection::readSome);
    }

    // After the current response: close instead of waiting for the next request.
    void closeWhenIdle()
    {
        mClosing = true;
        if (!mBusy)
            mSocket->disconnectFromHost();
    }

private:
    void finish()
    {
        if (mFinished)
            return;
        mFinished = true;
        mIdle.stop();
        if (mResponder)
            mResponder->deliver = nullptr; // a late response has nowhere to go
        mServer->connectionClosed(this);
        deleteLater();
    }

    void readSome()
    {
        mBuffer += mSocket->readAll();
        parse();
    }

    void reject(int status, const QString &code, const QString &message)
    {
        mKeepAlive = false;
        mBuffer.clear();
        mExpectedBody = -1;
        mBusy = true;
        respond(HttpResponse::error(status, code, message));
    }

    void parse()
    {
        while (!mBusy && !mFinished && !mClosing) {
            if (mExpectedBody < 0) {
                const qsizetype end = mBuffer.indexOf("\r\n\r\n");
                if (end < 0) {
                    if (mBuffer.size() > mServer->mLimits.maxHeaderBytes)
                        reject(431, u"headers_too_large"_s,
                               u"the request line and headers exceed %1 bytes"_s.arg(
                                   mServer->mLimits.maxHeaderBytes));
                    return;
                }
                if (end > mServer->mLimits.maxHeaderBytes) {
                    reject(431, u"headers_too_large"_s,
                           u"the request line and headers exceed %1 bytes"_s.arg(
                               mServer->mLimits.maxHeaderBytes));
                    return;
                }
                const QByteArray head = mBuffer.left(end);
                mBuffer.remove(0, end + 4);
                if (!parseHead(head))
                    return;
            }
            if (mBuffer.size() < mExpectedBody)
                return;
            mRequest.body = mBuffer.left(mExpectedBody);
            mBuffer.remove(0, mExpectedBody);
            mExpectedBody = -1;
            dispatch();
        }
    }

    bool parseHead(const QByteArray &head)
    {
        mTimer.start();
        HttpHead parsed = parseHttpHead(head, mServer->mLimits);
        mRequest = std::move(parsed.request);
        mRequest.peer = mSocket->peerAddress();
        mKeepAlive = parsed.keepAlive;
        if (parsed.errorStatus != 0) {
            reject(parsed.errorStatus, parsed.errorCode, parsed.errorMessage);
            return false;
        }
        if (parsed.expectContinue && parsed.bodyLength > mBuffer.size())
            mSocket->write("HTTP/1.1 100 Continue\r\n\r\n");
        mExpectedBody = parsed.bodyLength;
        return true;
    }

    void dispatch()
    {
        mBusy = true;
        mIdle.stop();
        mResponder = std::make_shared<HttpResponder::State>();
        QPointer<HttpConnection> self(this);
        mResponder->deliver = [self](HttpResponse response) {
            if (self)
                self->respond(std::move(response));
        };
        HttpResponder responder;
        responder.mState = mResponder;
        if (mServer->mHandler)
            mServer->mHandler(mRequest, responder);
        else
            responder.send(HttpResponse::error(503, u"no_handler"_s, u"the server is starting"_s));
    }

    void respond(HttpResponse response)
    {
        const bool keepAlive = mKeepAlive && !mClosing && !mServer->mStopping;
        QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
                         httpReasonPhrase(response.status) + "\r\n";
        out += "Date: " +
               QLocale::c()
                   .toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
                   .toLatin1() +
               "\r\n";
        out += "Server: citygrid-gateway\r\n";
        if (!response.body.isEmpty() || response.status != 204)
            out += "Content-Type: " + response.contentType + "\r\n";
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
        for (const auto &[name, value] : std::as_const(response.headers))
            out += name + ": " + value + "\r\n";
        out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
        if (mRequest.method != "HEAD")
            out += response.body;
        mSocket->write(out);

        HttpAccessEntry entry;
        entry.peer = mRequest.peer;
        entry.method = mRequest.method.isEmpty() ? QByteArray("-") : mRequest.method;
        entry.path = mRequest.path.isEmpty() ? u"-"_s : mRequest.path;
        entry.status = response.status;
        entry.bytes = response.body.size();
        entry.milliseconds = mTimer.isValid() ? double(mTimer.nsecsElapsed()) / 1e6 : 0.0;
        entry.note = response.logNote;
        Q_EMIT mServer->requestFinished(entry);

        mResponder.reset();
        mBusy = false;
        mTimer.invalidate();
        if (!keepAlive) {
            mClosing = true; // requests pipelined after this one are not read
            mSocket->disconnectFromHost();
            return;
        }
        mIdle.start();
        if (!mBuffer.isEmpty())
            QTimer::singleShot(0, this, &HttpConnection::parse);
    }

    HttpServer *mServer;
    QTcpSocket *mSocket;
    QByteArray mBuffer;
    HttpRequest mRequest;
    qint64 mExpectedBody = -1; // -1 while reading the head
    bool mBusy = false;        // a request is being answered
    bool mKeepAlive = true;
    bool mClosing = false;
    bool mFinished = false;
    QTimer mIdle;
    QElapsedTimer mTimer;
    std::shared_ptr<HttpResponder::State> mResponder;
};

HttpServer::HttpServer(QObject *parent)
    : QObject(parent)
{}

HttpServer::~HttpServer()
{
    for (QObject *c : std::as_const(mConnections))
        delete c;
    mConnections.clear();
}

void HttpServer::setTls(const QSslConfiguration &configuration)
{
    mTls = configuration;
}

Status HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (mTls) {
        auto ssl = std::make_unique<QSslServer>();
        ssl->setSslConfiguration(*mTls);
        mServer = std::move(ssl);
    } else {
        mServer = std::make_unique<QTcpServer>();
    }
    mStopping = false;
    connect(mServer.get(), &QTcpServer::pendingConnectionAvailable, this, &HttpServer::acceptPending);
    if (!mServer->listen(address, port))
        return makeError(
            ErrorCode::Io,
            u"cannot listen on %1:%2: %3"_s.arg(address.toString()).arg(port).arg(mServer->errorString()));
    return {};
}

quint16 HttpServer::port() const
{
    return mServer ? mServer->serverPort() : 0;
}

bool HttpServer::isListening() const
{
    return mServer && mServer->isListening();
}

void HttpServer::stopListening()
{
    mStopping = true;
    if (mServer)
        mServer->close();
    const QList<QObject *> connections = mConnections;
    for (QObject *c : connections)
        static_cast<HttpConnection *>(c)->closeWhenIdle();
    if (mConnections.isEmpty())
        Q_EMIT allConnectionsClosed();
}

int HttpServer::openConnections() const
{
    return int(mConnections.size());
}

void HttpServer::acceptPending()
{
    while (mServer && mServer->hasPendingConnections()) {
        QTcpSocket *socket = mServer->nextPendingConnection();
        if (!socket)
            break;
        if (mStopping || mConnections.size() >= mLimits.maxConnections) {
            socket->write(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            continue;
        }
        socket->setParent(nullptr);
        auto *connection = new HttpConnection(this, socket);
        mConnections.append(connection);
    }
}

void HttpServer::connectionClosed(QObject *connection)
{
    mConnections.removeOne(connection);
    if (mStopping && mConnections.isEmpty())
        Q_EMIT allConnectionsClosed();
}

int httpStatusFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidInput:
    case ErrorCode::UnknownGrid:
    case ErrorCode::UnknownClass:
        return 422;
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::IllegalTransition:
    case ErrorCode::StaleVersion:
    case ErrorCode::Duplicate:
        return 409;
    case ErrorCode::NotPermitted:
    case ErrorCode::OutOfScope:
        return 403;
    default:
        return 500;
    }
}

} // namespace cg
