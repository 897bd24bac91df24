#include "net/gatewaybackend.h"

#include <QSqlQuery>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace cg {

class GatewayStoreThread::Worker : public QObject
{
public:
    Worker()
    {
        connect(&mAnnounceTimer, &QTimer::timeout, this, [this] {
            if (mBackend)
                mBackend->store().announceHeld();
        });
    }

    void open(const QString &path, std::unique_ptr<Clock> clock, QPromise<Status> &promise)
    {
        close(); // (announces what the last backend held)
        auto session = Session::open(path, SqliteStore::OpenMode::MustExist, std::move(clock));
        if (!session) {
            promise.addResult(Status(session.error()));
            return;
        }
        auto backend = std::make_unique<GatewayBackend>();
        backend->session = std::move(session).value();
        // Savepoint journals of the group commits stay in memory instead of temporary files created and
        // deleted for every ticket (a pragma of this connection only).
        if (!backend->store().isPostgres())
            QSqlQuery(backend->store().database()).exec(u"PRAGMA temp_store = MEMORY"_s);
        // Every statement of the gateway is planned once per connection. They are point lookups and inserts
        // by key, and duplicate detection, whose index does not depend on the values; custom plans would plan
        // detection anew for every report (2 ms over the month partitions of cases), because a generic
        // plan's cost counts every partition that run-time pruning leaves out.
        if (auto s = backend->store().setSessionParameter(u"plan_cache_mode"_s, u"force_generic_plan"_s);
            !s) {
            promise.addResult(s);
            return;
        }
        // The group commit rolls every failed write back to its own savepoint (runWrite in gateway.cpp).
        backend->store().setCallerRollsBackFailedWrites(true);
        // Under load a connection commits every millisecond or two: the stations are told of its cases at
        // most every AnnouncementIntervalMs, by the commit after it or by the timer.
        if (backend->store().isPostgres()) {
            backend->store().setAnnouncementInterval(GatewayBackend::AnnouncementIntervalMs);
            mAnnounceTimer.start(GatewayBackend::AnnouncementIntervalMs);
        }
        auto repository = SqlGatewayRepository::open(backend->store().database());
        if (!repository) {
            promise.addResult(Status(repository.error()));
            return;
        }
        backend->repository = std::make_unique<SqlGatewayRepository>(std::move(repository).value());
        backend->duplicates = std::make_unique<SqlDuplicateRepository>(backend->store());
        auto locator = BoundingBoxGridLocator::load(backend->store().database());
        if (!locator) {
            promise.addResult(Status(locator.error()));
            return;
        }
        backend->locator = std::make_unique<BoundingBoxGridLocator>(std::move(locator).value());
        backend->suggester = std::make_unique<ClassSuggester>(backend->session->catalogue());
        backend->intake.role = Role::System;
        backend->intake.name = u"citygrid-gateway"_s;
        backend->intake.station = u"gateway"_s;
        mBackend = std::move(backend);
        promise.addResult(Status());
    }

    void run(const std::function<void(GatewayBackend *)> &work)
    {
        work(mBackend.get());
        if (mBackend && mBackend->repository)
            mBackend->repository->finishStatements();
    }
    void close()
    {
        mAnnounceTimer.stop();
        if (mBackend)
            mBackend->store().announceHeld();
        mBackend.reset();
    }

private:
    std::unique_ptr<GatewayBackend> mBackend;
    QTimer mAnnounceTimer{this};
};

GatewayStoreThread::GatewayStoreThread(QObject *parent)
    : QObject(parent)
{
    mThread.setObjectName(u"cg-gateway-store"_s);
    mWorker = new Worker;
    mWorker->moveToThread(&mThread);
    connect(&mThread, &QThread::finished, mWorker, &QObject::deleteLater);
    mThread.start();
}

GatewayStoreThread::~GatewayStoreThread()
{
    QMetaObject::invokeMethod(
        mWorker, [w = mWorker] { w->close(); }, Qt::BlockingQueuedConnection);
    mThread.quit();
    mThread.wait();
}

QFuture<Status> GatewayStoreThread::open(const QString &storePath, std::unique_ptr<Clock> clock)
{
    auto promise = std::make_shared<QPromise<Status>>();
    QFuture<Status> future = promise->future();
    promise->start();
    auto sharedClock = std::make_shared<std::unique_ptr<Clock>>(std::move(clock));
    QMetaObject::invokeMethod(
        mWorker,
        [w = mWorker, storePath, sharedClock, promise] {
            w->open(storePath, std::move(*sharedClock), *promise);
            promise->finish();
        },
        Qt::QueuedConnection);
    return future;
}

void GatewayStoreThread::post(std::function<void(GatewayBackend *)> work)
{
    QMetaObject::invokeMethod(
        mWorker, [w = mWorker, work = std::move(work)] { w->run(work); }, Qt::QueuedConnection);
}

} // namespace cg
