#pragma once

#include "net/gatewaybackend.h"
#include "net/gatewayconfig.h"
#include "net/httpserver.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace cg {

class HotlineApi;
class Open311Api;
class FieldApi;
class OutboxSender;

// One write of a request, run inside a group commit: `work` runs in a store thread inside its own savepoint
// (returning false rolls back just that write); `done` runs in the gateway's thread after the transaction
// committed (`committed` true) or failed (false). A client is answered only from `done`, so every
// acknowledged write is durable.
// A write that lost a race to another store connection (GatewayBackend::raced) is rolled back and run once
// more: it then reads what the other connection committed.
struct GatewayWrite
{
    std::function<bool(GatewayBackend &)> work;
    std::function<void(bool committed)> done;
    // Writes with the same non-empty affinity (e.g. one hotline ticket, one case) go through the same store
    // connection, in the order they arrived; the others go to the least busy connection.
    QString affinity;
    // The result collector's turn: its group commit reads the change feed for the hotlines whatever the
    // time since the last reading.
    bool collectsResults = false;
};

// Token buckets per client (API key name, or address without one).
class RateLimiter
{
public:
    RateLimiter(double perSecond, double burst)
        : mRate(perSecond)
        , mBurst(burst)
    {}
    // `perSecond` and `burst` of 0 take the defaults.
    bool allow(const QString &key, double perSecond = 0, double burst = 0);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 lastNs = 0;
    };
    double mRate;
    double mBurst;
    QElapsedTimer mClock;
    QHash<QString, Bucket> mBuckets;
};

// The citygrid-gateway service: the HTTP server, the store thread, the hotline adapter, Open311, the field
// API and the outbox sender. Lives in one thread (the main thread of the program).
class Gateway : public QObject
{
    Q_OBJECT
public:
    explicit Gateway(GatewayConfig config, QObject *parent = nullptr);
    ~Gateway() override;

    // Opens the store, creates the gateway's tables, loads grids and listens. `clock` is for tests.
    Status start(std::unique_ptr<Clock> clock = nullptr);
    // Graceful: stops listening, answers what is in progress, commits the queued writes, then emits
    // stopped().
    void stop();
    bool isStopping() const { return mStopping; }

    quint16 port() const { return mServer.port(); }
    const GatewayConfig &config() const { return mConfig; }
    // The first store connection: reads, the outbox sender and the result collector run there.
    GatewayStoreThread &storeThread() { return *mWriters.front()->thread; }
    // How many store connections write (group commit each); 1 on SQLite.
    int storeWriters() const { return int(mWriters.size()); }
    // Writes run a second time because another connection had stored the same thing first.
    int racedWrites() const { return mRacedCount->load(); }
    OutboxSender &outbox() { return *mOutbox; }

    // Where access-log lines go; stdout by default (journald reads "<6>..." priorities).
    void setLogSink(std::function<void(const QByteArray &line)> sink) { mLogSink = std::move(sink); }
    void log(int priority, const QString &message);

    // Queues a write for the next group commit.
    void write(GatewayWrite write);
    int queuedWrites() const;
    // The API client an API key belongs to, from the X-API-Key header or the api_key parameter (query or
    // form).
    const ApiClient *authenticate(const HttpRequest &request, const QUrlQuery &form = {}) const;

Q_SIGNALS:
    void stopped();
    void writesCommitted(int count); // after each group commit

private:
    void handle(const HttpRequest &request, const HttpResponder &responder);
    void handleHealth(const HttpResponder &responder);
    struct Writer
    {
        std::unique_ptr<GatewayStoreThread> thread;
        std::deque<GatewayWrite> queue;
        int inFlight = 0; // writes in the transaction being committed
    };
    Status openWriters(std::unique_ptr<Clock> clock);
    size_t writerFor(const QString &affinity) const;
    void enqueue(size_t writer, GatewayWrite write);
    void flush(size_t writer);
    void finishStopIfIdle();
    void collectResults();

    GatewayConfig mConfig;
    HttpServer mServer;
    std::vector<std::unique_ptr<Writer>> mWriters; // [0] also serves reads; never empty
    RateLimiter mLimiter;
    std::unique_ptr<HotlineApi> mHotline;
    std::unique_ptr<Open311Api> mOpen311;
    std::unique_ptr<FieldApi> mField;
    std::unique_ptr<OutboxSender> mOutbox;
    std::shared_ptr<std::atomic<int>> mRacedCount = std::make_shared<std::atomic<int>>(0);
    bool mStopping = false;
    bool mStarted = false;
    QTimer mCollectTimer;                         // picks up results written by desktops (other connections)
    QElapsedTimer mSinceCollect;                  // since the result collector last ran
    static constexpr int CollectIntervalMs = 100; // the collector runs at most this often under load
    QElapsedTimer mUptime;
    std::function<void(const QByteArray &)> mLogSink;
};

} // namespace cg
