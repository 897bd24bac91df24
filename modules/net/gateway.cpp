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

#include <algorithm>
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
    , mLimiter(mConfig.requestsPerSecond, mConfig.burst)
{
    // The first store connection exists from the start (storeThread()); start() opens it and the others.
    mWriters.push_back(std::make_unique<Writer>());
    mWriters.front()->thread = std::make_unique<GatewayStoreThread>();
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
    mCollectTimer.setInterval(1000);
    connect(&mCollectTimer, &QTimer::timeout, this, &Gateway::collectResults);
}

Gateway::~Gateway()
{
    mOutbox->stop();
    mServer.stopListening();
    // Closes the stores in their threads; the first last, since the others read its clock.
    while (!mWriters.empty())
        mWriters.pop_back();
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
    if (const Status s = openWriters(std::move(clock)); !s)
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
    log(6, u"citygrid-gateway listening on %1:%2%3, store %4 (%5 writing connections)"_s
               .arg(mConfig.listenAddress.toString())
               .arg(mServer.port())
               .arg(mConfig.tlsCertificatePath.isEmpty() ? QString() : u" (TLS)"_s)
               .arg(mConfig.storePath)
               .arg(mWriters.size()));
    return {};
}

Status Gateway::openWriters(std::unique_ptr<Clock> clock)
{
    // Start-up only (nothing is served yet): the futures are waited for.
    auto opened = storeThread().open(mConfig.storePath, std::move(clock));
    opened.waitForFinished();
    if (const Status s = opened.result(); !s)
        return s;
    auto probe = storeThread().run([](GatewayBackend &b) {
        return std::pair<bool, const Clock *>(b.store().isPostgres(), &b.session->clock());
    });
    probe.waitForFinished();
    const auto [postgres, firstClock] = probe.result();
    // SQLite has one writer at a time anyway (BEGIN IMMEDIATE); PostgreSQL takes `storeWriters` connections,
    // each with its own group commit (GatewayConfig::DefaultPostgresWriters explains the default).
    const int writers = !postgres ? 1
                        : mConfig.storeWriters > 0
                            ? std::min(mConfig.storeWriters, GatewayConfig::MaxStoreWriters)
                            : GatewayConfig::DefaultPostgresWriters;
    while (int(mWriters.size()) < writers) {
        auto writer = std::make_unique<Writer>();
        writer->thread = std::make_unique<GatewayStoreThread>();
        auto more = writer->thread->open(mConfig.storePath, std::make_unique<ForwardingClock>(firstClock));
        more.waitForFinished();
        if (const Status s = more.result(); !s)
            return makeError(s.errorCode(),
                             u"writing connection %1: %2"_s.arg(mWriters.size() + 1).arg(s.errorMessage()));
        mWriters.push_back(std::move(writer));
    }
    return {};
}

int Gateway::queuedWrites() const
{
    size_t n = 0;
    for (const auto &w : mWriters)
        n += w->queue.size();
    return int(n);
}

void Gateway::stop()
{
    if (mStopping)
        return;
    mStopping = true;
    log(6, u"stopping: %1 connections open, %2 writes queued"_s.arg(mServer.openConnections())
               .arg(queuedWrites()));
    mCollectTimer.stop();
    mOutbox->stop();
    mServer.stopListening();
    finishStopIfIdle();
}

void Gateway::finishStopIfIdle()
{
    if (!mStopping || !mStarted || mServer.openConnections() > 0)
        return;
    for (const auto &w : mWriters) {
        if (w->inFlight > 0 || !w->queue.empty())
            return;
    }
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
    storeThread()
        .run([](GatewayBackend &b) -> Result<std::pair<int, int>> {
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
    enqueue(writerFor(write.affinity), std::move(write));
}

size_t Gateway::writerFor(const QString &affinity) const
{
    if (mWriters.size() == 1)
        return 0;
    if (!affinity.isEmpty())
        return size_t(qHash(affinity, 0) % mWriters.size());
    // The least busy connection: an idle one takes the write at once.
    size_t best = 0, bestLoad = SIZE_MAX;
    for (size_t i = 0; i < mWriters.size(); ++i) {
        const size_t load = mWriters[i]->queue.size() + size_t(mWriters[i]->inFlight);
        if (load < bestLoad) {
            best = i;
            bestLoad = load;
        }
    }
    return best;
}

void Gateway::enqueue(size_t writer, GatewayWrite write)
{
    mWriters[writer]->queue.push_back(std::move(write));
    flush(writer);
}

void Gateway::collectResults()
{
    // An empty write: the first connection's group commit runs the result collector after its writes.
    enqueue(0, {[](GatewayBackend &) { return true; }, [](bool) {}, {}, true});
}

namespace {

// Runs one write of a group commit in `b`'s open transaction. `savepoint`: inside SAVEPOINT net_write (opened
// by the caller), else the write is the whole transaction. A write that lost a race to another connection is
// rolled back and run once more. Returns whether the write is kept; false when the transaction itself is
// gone (a failed write without a savepoint).
bool runWrite(GatewayBackend &b, GatewayWrite &w, bool savepoint, std::atomic<int> &raced,
              bool *transactionOpen)
{
    for (int attempt = 0;; ++attempt) {
        b.raced = false;
        if (w.work(b))
            return true;
        QSqlQuery sp(b.store().database());
        if (savepoint) {
            sp.exec(u"ROLLBACK TO SAVEPOINT net_write"_s);
        } else {
            b.store().rollbackBatch();
            *transactionOpen = false;
        }
        if (!b.raced || attempt > 0)
            return false;
        raced.fetch_add(1);
        if (!savepoint) {
            if (!b.store().beginBatch())
                return false;
            *transactionOpen = true;
        }
    }
}

// Runs every write of `batch` in `b`'s open transaction, without savepoints; false at the first one that
// fails (the transaction then holds its partial work and must be rolled back).
bool runAllWrites(GatewayBackend &b, std::vector<GatewayWrite> &batch, std::atomic<int> &raced)
{
    for (GatewayWrite &w : batch) {
        b.raced = false;
        if (!w.work(b)) {
            if (b.raced)
                raced.fetch_add(1);
            return false;
        }
    }
    return true;
}

// Runs the writes of `batch` one by one in `b`'s open transaction, a savepoint each when there are several
// (a failed write leaves no trace; a batch of one write needs none: the transaction is rolled back instead,
// and *transactionOpen becomes false).
Status runEachWrite(GatewayBackend &b, std::vector<GatewayWrite> &batch, std::atomic<int> &raced,
                    bool *transactionOpen)
{
    const bool savepoints = batch.size() > 1;
    const bool postgres = b.store().isPostgres();
    // Plain statements, not prepared ones: PostgreSQL cannot prepare SAVEPOINT. On PostgreSQL the
    // release of one write's savepoint and the next one's go in one round trip.
    QSqlQuery sp(b.store().database());
    bool pending = false; // a savepoint is open, not released yet
    for (GatewayWrite &w : batch) {
        if (savepoints) {
            const bool opened = pending && postgres
                                    ? sp.exec(u"RELEASE SAVEPOINT net_write; SAVEPOINT net_write"_s)
                                    : (!pending || sp.exec(u"RELEASE SAVEPOINT net_write"_s)) &&
                                          sp.exec(u"SAVEPOINT net_write"_s);
            if (!opened) {
                b.store().rollbackBatch();
                return makeError(ErrorCode::Storage, u"cannot open a savepoint"_s);
            }
            pending = true;
        }
        (void)runWrite(b, w, savepoints, raced, transactionOpen);
    }
    if (pending)
        sp.exec(u"RELEASE SAVEPOINT net_write"_s);
    return {};
}

// One group commit in `b`: the transaction of `batch`, then (on the first connection) the result collector.
Status groupCommit(GatewayBackend &b, std::vector<GatewayWrite> &batch, bool collect, std::atomic<int> &raced)
{
    // One transaction for the batch: a failed write leaves no trace, the others commit together, and only
    // then are their clients answered. On PostgreSQL a savepoint is a round trip per write, and writes seldom
    // fail (a refused request, a lost race), so a batch runs without them first; only when a write fails is
    // it rolled back and run again with a savepoint per write (runEachWrite).
    b.outboxQueued = 0;
    b.feedCursorWritten.reset();
    if (auto s = b.store().beginBatch(); !s)
        return s;
    bool open = true;
    bool written = false;
    if (b.store().isPostgres() && batch.size() > 1) {
        written = runAllWrites(b, batch, raced);
        if (!written) {
            b.store().rollbackBatch();
            b.outboxQueued = 0;
            if (auto s = b.store().beginBatch(); !s)
                return s;
        }
    }
    if (!written) {
        if (auto s = runEachWrite(b, batch, raced, &open); !s)
            return s;
    }
    if (collect) {
        if (!open) {
            if (auto s = b.store().beginBatch(); !s)
                return s;
            open = true;
        }
        (void)collectHotlineResults(b);
    }
    b.repository->finishStatements();
    if (!open)
        return {}; // the single write failed and was rolled back: its client gets its error
    auto committed = b.store().commitBatch();
    b.feedCursor = committed ? b.feedCursorWritten : std::nullopt;
    return committed;
}

} // namespace

void Gateway::flush(size_t index)
{
    Writer &writer = *mWriters[index];
    if (writer.inFlight > 0 || writer.queue.empty())
        return;
    auto batch = std::make_shared<std::vector<GatewayWrite>>();
    const size_t n = std::min(writer.queue.size(), size_t(std::max(1, mConfig.groupCommitMax)));
    for (size_t i = 0; i < n; ++i) {
        batch->push_back(std::move(writer.queue.front()));
        writer.queue.pop_front();
    }
    writer.inFlight = int(batch->size());
    // The result collector runs on the first connection only: one reader of the change feed and one writer
    // of its cursor (net_counters), so that the connections do not queue behind each other's cursor update.
    // It runs with that connection's group commits, but at most every CollectIntervalMs: under load a
    // commit every millisecond or two would each pay two more round trips for a feed read and a cursor write.
    const bool collect =
        index == 0 &&
        (!mSinceCollect.isValid() || mSinceCollect.elapsed() >= CollectIntervalMs ||
         std::any_of(batch->begin(), batch->end(), [](const GatewayWrite &w) { return w.collectsResults; }));
    if (collect)
        mSinceCollect.start();
    auto resultsQueued = std::make_shared<int>(0);
    writer.thread
        ->run([batch, collect, raced = mRacedCount, resultsQueued](GatewayBackend &b) -> Status {
            Status s = groupCommit(b, *batch, collect, *raced);
            *resultsQueued = b.outboxQueued;
            return s;
        })
        .then(this, [this, index, batch, resultsQueued](const Status &committed) {
            if (!committed)
                log(3, u"group commit of %1 writes failed: %2"_s.arg(batch->size())
                           .arg(committed.errorMessage()));
            for (GatewayWrite &w : *batch)
                w.done(committed.ok());
            mWriters[index]->inFlight = 0;
            if (committed && *resultsQueued > 0)
                mOutbox->wake();
            Q_EMIT writesCommitted(int(batch->size()));
            flush(index);
            finishStopIfIdle();
        });
}

} // namespace cg
