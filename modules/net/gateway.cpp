#include "net/gateway.h"

#include "net/fieldapi.h"
#include "net/hotline.h"
#include "net/open311api.h"
#include "net/outboxsender.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QSslKey>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace cg {

bool RateLimiter::allow(const QString &key, double perSecond, double burst)
{
    const double rate = perSecond > 0 ? perSecond : mRate;
    const double capacity = burst > 0 ? burst : mBurst;
    if (!mClock.isValid())
        mClock.start();
    const qint64 nowNs = mClock.nsecsElapsed();
    auto it = mBuckets.find(key);
    if (it == mBuckets.end()) {
        if (mBuckets.size() > 100000) // forget everyone rather than grow without bound under a scan
            mBuckets.clear();
        it = mBuckets.insert(key, Bucket{capacity, nowNs});
    }
    it->tokens = std::min(capacity, it->tokens + double(nowNs - it->lastNs) / 1e9 * rate);
    it->lastNs = nowNs;
    if (it->tokens < 1.0)
        return false;
    it->tokens -= 1.0;
    return true;
}

Gateway::Gateway(GatewayConfig config, QObject *parent)
    : QObject(parent)
    , mConfig(std::move(config))
    , mStore(std::make_unique<GatewayStoreThread>())
    , mLimiter(mConfig.requestsPerSecond, mConfig.burst)
{
    mHotline = std::make_unique<HotlineApi>(*this);
    mOpen311 = std::make_unique<Open311Api>(*this);
    mField = std::make_unique<FieldApi>(*this);
    mOutbox = std::make_unique<OutboxSender>(*this);
    mLogSink = [](const QByteArray &line) {
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    };
    HttpLimits limits;
    limits.maxBodyBytes = mConfig.maxBodyBytes;
    limits.maxHeaderBytes = mConfig.maxHeaderBytes;
    limits.idleTimeoutMs = mConfig.idleTimeoutMs;
    mServer.setLimits(limits);
    mServer.setHandler(
        [this](const HttpRequest &r, const HttpResponder &responder) { handle(r, responder); });
    connect(&mServer, &HttpServer::requestFinished, this, [this](const HttpAccessEntry &e) {
        // One line per request; "<N>" is the syslog priority that journald reads from stdout.
        const int priority = e.status >= 500 ? 4 : 6;
        QByteArray line = '<' + QByteArray::number(priority) + '>' + e.peer.toString().toUtf8() + " \"" +
                          e.method + ' ' + e.path.toUtf8() + "\" " + QByteArray::number(e.status) + ' ' +
                          QByteArray::number(e.bytes) + "B " + QByteArray::number(e.milliseconds, 'f', 1) +
                          "ms";
        if (!e.note.isEmpty())
            line += " client=" + e.note.toUtf8();
        if (mLogSink)
            mLogSink(line);
    });
    connect(&mServer, &HttpServer::allConnectionsClosed, this, &Gateway::finishStopIfIdle);
    connect(this, &Gateway::writesCommitted, mOutbox.get(), &OutboxSender::wake);
    mCollectTimer.setInterval(1000);
    connect(&mCollectTimer, &QTimer::timeout, this, &Gateway::collectResults);
}

Gateway::~Gateway()
{
    mOutbox->stop();
    mServer.stopListening();
    mStore.reset(); // closes the store in its thread
}

void Gateway::log(int priority, const QString &message)
{
    if (mLogSink)
        mLogSink('<' + QByteArray::number(priority) + '>' + message.toUtf8());
}

Status Gateway::start(std::unique_ptr<Clock> clock)
{
    if (mConfig.storePath.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         u"no store: give --store or \"store\" in the configuration"_s);
    auto opened = mStore->open(mConfig.storePath, std::move(clock));
    opened.waitForFinished(); // start-up only: nothing is served yet
    if (const Status s = opened.result(); !s)
        return makeError(s.errorCode(), u"store %1: %2"_s.arg(mConfig.storePath, s.errorMessage()));
    if (!mConfig.tlsCertificatePath.isEmpty()) {
        QFile certFile(mConfig.tlsCertificatePath), keyFile(mConfig.tlsKeyPath);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, u"cannot read the TLS certificate %1 or key %2"_s.arg(
                                                mConfig.tlsCertificatePath, mConfig.tlsKeyPath));
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
        const QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
        if (chain.isEmpty() || key.isNull())
            return makeError(ErrorCode::InvalidInput, u"the TLS certificate %1 or key %2 is not PEM"_s.arg(
                                                          mConfig.tlsCertificatePath, mConfig.tlsKeyPath));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificateChain(chain);
        tls.setPrivateKey(key);
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        mServer.setTls(tls);
    }
    if (auto s = mServer.listen(mConfig.listenAddress, mConfig.listenPort); !s)
        return s;
    mStarted = true;
    mUptime.start();
    mOutbox->start();
    mCollectTimer.start();
    log(6, u"citygrid-gateway listening on %1:%2%3, store %4"_s.arg(mConfig.listenAddress.toString())
               .arg(mServer.port())
               .arg(mConfig.tlsCertificatePath.isEmpty() ? QString() : u" (TLS)"_s)
               .arg(mConfig.storePath));
    return {};
}

void Gateway::stop()
{
    if (mStopping)
        return;
    mStopping = true;
    log(6, u"stopping: %1 connections open, %2 writes queued"_s.arg(mServer.openConnections())
               .arg(mQueue.size()));
    mCollectTimer.stop();
    mOutbox->stop();
    mServer.stopListening();
    finishStopIfIdle();
}

void Gateway::finishStopIfIdle()
{
    if (!mStopping || !mStarted || mFlushing || !mQueue.empty() || mServer.openConnections() > 0)
        return;
    mStarted = false;
    log(6, u"stopped"_s);
    Q_EMIT stopped();
}

const ApiClient *Gateway::authenticate(const HttpRequest &request, const QUrlQuery &form) const
{
    QString key = QString::fromUtf8(request.header("x-api-key"));
    if (key.isEmpty())
        key = request.query.queryItemValue(u"api_key"_s, QUrl::FullyDecoded);
    if (key.isEmpty())
        key = form.queryItemValue(u"api_key"_s, QUrl::FullyDecoded);
    return mConfig.clientByKey(key);
}

void Gateway::handle(const HttpRequest &request, const HttpResponder &responder)
{
    const ApiClient *client = authenticate(request);
    const QString bucket = client ? client->name : request.peer.toString();
    if (!mLimiter.allow(bucket, client ? client->requestsPerSecond : 0, client ? client->burst : 0)) {
        HttpResponse r =
            HttpResponse::error(429, u"rate_limited"_s,
                                u"more than %1 requests per second (burst %2) from %3; slow down and retry"_s
                                    .arg(mConfig.requestsPerSecond)
                                    .arg(mConfig.burst)
                                    .arg(bucket));
        r.addHeader("Retry-After", "1");
        r.logNote = bucket;
        responder.send(r);
        return;
    }
    if (request.path == u"/health"_s) {
        handleHealth(responder);
        return;
    }
    if (mHotline->handle(request, responder) || mOpen311->handle(request, responder) ||
        mField->handle(request, responder))
        return;
    responder.send(
        HttpResponse::error(404, u"not_found"_s,
                            u"no route %1 %2; see /health, /hotline/v1/, /open311/v2/, /field/"_s.arg(
                                QString::fromLatin1(request.method), request.path)));
}

void Gateway::handleHealth(const HttpResponder &responder)
{
    const qint64 uptime = mUptime.isValid() ? mUptime.elapsed() / 1000 : 0;
    const int queued = queuedWrites();
    mStore
        ->run([](GatewayBackend &b) -> Result<std::pair<int, int>> {
            auto pending = b.repository->pendingCount();
            if (!pending)
                return pending.error();
            const int grids = static_cast<BoundingBoxGridLocator *>(b.locator.get())->size();
            return std::pair<int, int>(*pending, grids);
        })
        .then(this, [responder, uptime, queued, this](const Result<std::pair<int, int>> &r) {
            if (!r) {
                responder.send(HttpResponse::error(503, u"store_unavailable"_s, r.errorMessage()));
                return;
            }
            responder.send(
                HttpResponse::json(200, QJsonObject{{u"status"_s, mStopping ? u"stopping"_s : u"ok"_s},
                                                    {u"uptimeSeconds"_s, uptime},
                                                    {u"queuedWrites"_s, queued},
                                                    {u"outboxPending"_s, r->first},
                                                    {u"grids"_s, r->second}}));
        });
}

void Gateway::write(GatewayWrite write)
{
    mQueue.push_back(std::move(write));
    flush();
}

void Gateway::collectResults()
{
    // An empty write: the group commit runs the result collector after its writes.
    write({[](GatewayBackend &) { return true; },
           [](bool) {
           }});
}

void Gateway::flush()
{
    if (mFlushing || mQueue.empty())
        return;
    mFlushing = true;
    auto batch = std::make_shared<std::vector<GatewayWrite>>();
    const size_t n = std::min(mQueue.size(), size_t(std::max(1, mConfig.groupCommitMax)));
    for (size_t i = 0; i < n; ++i) {
        batch->push_back(std::move(mQueue.front()));
        mQueue.pop_front();
    }
    mStore
        ->run([batch](GatewayBackend &b) -> Status {
            // One transaction for the batch, a savepoint per write: a failed write leaves no trace, the
            // others commit together, and only then are their clients answered.
            if (auto s = b.store().beginBatch(); !s)
                return s;
            // Plain statements, not prepared ones: PostgreSQL cannot prepare SAVEPOINT.
            QSqlQuery sp(b.store().database());
            for (GatewayWrite &w : *batch) {
                if (!sp.exec(u"SAVEPOINT net_write"_s)) {
                    b.store().rollbackBatch();
                    return makeError(ErrorCode::Storage, u"cannot open a savepoint"_s);
                }
                const bool keep = w.work(b);
                if (!keep)
                    sp.exec(u"ROLLBACK TO SAVEPOINT net_write"_s);
                sp.exec(u"RELEASE SAVEPOINT net_write"_s);
            }
            (void)collectHotlineResults(b);
            b.repository->finishStatements();
            return b.store().commitBatch();
        })
        .then(this, [this, batch](const Status &committed) {
            if (!committed)
                log(3, u"group commit of %1 writes failed: %2"_s.arg(batch->size())
                           .arg(committed.errorMessage()));
            for (GatewayWrite &w : *batch)
                w.done(committed.ok());
            mFlushing = false;
            Q_EMIT writesCommitted(int(batch->size()));
            flush();
            finishStopIfIdle();
        });
}

} // namespace cg
