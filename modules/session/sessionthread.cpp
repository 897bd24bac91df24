#include "session/sessionthread.h"

#include "services/deadlinewatch.h"

#include <QCoreApplication>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace cg {

// Lives in the store thread; owns the Session there.
class SessionThread::Worker : public QObject
{
public:
    explicit Worker(SessionThread *owner)
        : mOwner(owner)
    {}

    void openStore(const QString &path, bool demoIfEmpty, const DemoOptions &demo,
                   const std::shared_ptr<QPromise<Status>> &promise)
    {
        mWatch.reset();
        mSession.reset();
        auto session = Session::open(path);
        if (!session) {
            promise->addResult(Status(session.error()));
            promise->finish();
            return;
        }
        mSession = std::move(session).value();
        if (demoIfEmpty && mSession->store().isEmpty()) {
            auto generated = generateDemoCity(
                *mSession, demo, [this](int done, int total) { Q_EMIT mOwner->demoProgress(done, total); });
            if (!generated) {
                promise->addResult(Status(generated.error()));
                promise->finish();
                return;
            }
        }
        if (auto v = mSession->store().dataVersion())
            mDataVersion = *v;
        if (auto c = mSession->store().lastChangeId())
            mLastChange = *c;
        if (!mPoll) {
            mPoll = new QTimer(this);
            connect(mPoll, &QTimer::timeout, this, &Worker::poll);
            // Notifications come in bursts (50 actions/s across a city): one refresh per burst.
            mCoalesce = new QTimer(this);
            mCoalesce->setSingleShot(true);
            mCoalesce->setInterval(20);
            connect(mCoalesce, &QTimer::timeout, this, [this] { Q_EMIT mOwner->storeChanged(); });
        }
        // PostgreSQL pushes changes (LISTEN/NOTIFY); the poll then only checks that the server is still there
        // and reconnects after a restart. SQLite has no push: the poll reads data_version.
        mListening = subscribe();
        mPoll->setInterval(mListening ? 2000 : 500);
        mPoll->start();
        // Late steps are urged and parked cases resumed by this station's store thread, once a minute.
        Actor system;
        system.role = Role::System;
        system.name = QCoreApplication::translate("cg::SessionThread", "Deadline watch");
        system.station = QStringLiteral("deadline-watch");
        mWatch = std::make_unique<DeadlineWatch>(mSession->store(), mSession->cases(), system);
        if (!mWatchTimer) {
            mWatchTimer = new QTimer(this);
            mWatchTimer->setInterval(60 * 1000);
            connect(mWatchTimer, &QTimer::timeout, this, [this] { scanDeadlines(); });
        }
        mWatchTimer->start();
        scanDeadlines();
        promise->addResult(Status());
        promise->finish();
    }

    // On a shared store one station at a time urges and resumes (the others would only collide on versions),
    // and adds up the evaluation facts that the latest events appended, so that they never pile up.
    void scanDeadlines()
    {
        if (!mWatch || !mSession->store().holdsDuty(u"deadline-watch"_s))
            return;
        (void)mWatch->scan();
        if (auto folded = mSession->evaluation().foldPendingFacts(); !folded)
            qWarning("%s", qPrintable(folded.errorMessage()));
    }

    bool subscribe()
    {
        return mSession->store().subscribeToChanges(this, [this] {
            if (!mCoalesce->isActive())
                mCoalesce->start();
        });
    }

    void poll()
    {
        if (!mSession)
            return;
        if (mSession->store().isPostgres()) {
            checkConnection();
            if (mListening)
                return;
            // Without notifications (a pooler in transaction mode drops LISTEN), the feed's head is polled.
        }
        // data_version moves when another connection commits; the feed id when this one did.
        auto version = mSession->store().dataVersion();
        auto change = mSession->store().lastChangeId();
        if (!version || !change)
            return;
        if (*version != mDataVersion || *change != mLastChange) {
            mDataVersion = *version;
            mLastChange = *change;
            Q_EMIT mOwner->storeChanged();
        }
    }

    // After a server restart or a network cut the connection is dead: connect again (the store then listens
    // again and reports a change, since changes made meanwhile were announced to nobody).
    void checkConnection()
    {
        SqlStore &store = mSession->store();
        if (store.isConnected())
            return;
        if (auto s = store.reconnect(); !s) {
            if (!mReportedLoss)
                qWarning("%s", qPrintable(s.errorMessage()));
            mReportedLoss = true;
            mPoll->setInterval(1000);
            return;
        }
        // The store listens again on the new connection and calls us once: the refresh follows from there.
        mReportedLoss = false;
        mPoll->setInterval(2000);
    }

    void runWork(const std::function<void(Session *)> &work) { work(mSession.get()); }

    void shutdown()
    {
        if (mPoll)
            mPoll->stop();
        if (mCoalesce)
            mCoalesce->stop();
        if (mWatchTimer)
            mWatchTimer->stop();
        mWatch.reset();
        mSession.reset();
    }

private:
    SessionThread *mOwner;
    std::unique_ptr<Session> mSession;
    QTimer *mPoll = nullptr;
    QTimer *mCoalesce = nullptr;
    bool mListening = false;
    bool mReportedLoss = false;
    std::unique_ptr<DeadlineWatch> mWatch;
    QTimer *mWatchTimer = nullptr;
    qint64 mDataVersion = -1;
    qint64 mLastChange = -1;
};

SessionThread::SessionThread(QObject *parent)
    : QObject(parent)
{
    mThread.setObjectName(u"cg-store"_s);
    mWorker = new Worker(this);
    mWorker->moveToThread(&mThread);
    connect(&mThread, &QThread::finished, mWorker, &QObject::deleteLater);
    mThread.start();
}

SessionThread::~SessionThread()
{
    QMetaObject::invokeMethod(
        mWorker, [w = mWorker] { w->shutdown(); }, Qt::BlockingQueuedConnection);
    mThread.quit();
    mThread.wait();
}

QFuture<Status> SessionThread::open(const QString &storePath, bool demoIfEmpty, const DemoOptions &demo)
{
    auto promise = std::make_shared<QPromise<Status>>();
    QFuture<Status> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        mWorker,
        [w = mWorker, storePath, demoIfEmpty, demo, promise] {
            w->openStore(storePath, demoIfEmpty, demo, promise);
        },
        Qt::QueuedConnection);
    return future;
}

void SessionThread::post(std::function<void(Session *)> work)
{
    QMetaObject::invokeMethod(
        mWorker, [w = mWorker, work = std::move(work)] { w->runWork(work); }, Qt::QueuedConnection);
}

void SessionThread::notifyLocalChange()
{
    Q_EMIT storeChanged();
}

} // namespace cg
