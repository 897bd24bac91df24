#pragma once

#include "net/classsuggester.h"
#include "net/gridlocator.h"
#include "net/sqlgatewayrepository.h"
#include "session/session.h"
#include "store/sqlduplicaterepository.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QThread>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace cg {

// What the gateway's handlers use in the store thread: the session (case service, store), the gateway's own
// tables, the grid locator and the class suggester. Created, used and destroyed in the store thread only.
struct GatewayBackend
{
    std::unique_ptr<Session> session;
    std::unique_ptr<SqlGatewayRepository> repository;
    std::unique_ptr<SqlDuplicateRepository> duplicates; // probable duplicates: merged reports' results
    std::unique_ptr<GridLocator> locator;
    std::unique_ptr<ClassSuggester> suggester;
    Actor intake; // Role::System: the gateway's intake
    // Set by a write that lost a race to another store connection (a unique constraint: the same ticket,
    // request id or client id was stored there first); the group commit rolls the write back and runs it
    // once more, so that it reads what the other connection committed.
    bool raced = false;
    // The result collector's change-feed cursor (net_counters) as last committed, so that a group commit
    // does not read it again; unknown after a failed commit (read from the store then). The collector runs on
    // the first connection only, the one writer of the cursor.
    std::optional<qint64> feedCursor;
    // The cursor the running group commit moves to, kept in feedCursor once it committed.
    std::optional<qint64> feedCursorWritten;
    // Results queued for the hotlines by the running group commit: the outbox sender wakes when there are.
    int outboxQueued = 0;
    // How long the stations may wait to be told of a committed case (SqlStore::setAnnouncementInterval).
    static constexpr int AnnouncementIntervalMs = 100;

    // Notes `e` as a lost race when it is a unique conflict (ErrorCode::Duplicate); returns false so that a
    // write can `return b.racedOn(error)`.
    bool racedOn(const Error &e)
    {
        if (e.code == ErrorCode::Duplicate)
            raced = true;
        return false;
    }

    // Connections of a pool write cases side by side: a case event's evaluation facts are appended, never
    // updated in place (store migration 7), so no two transactions wait for each other's shared rows.
    CaseService &cases() { return session->cases(); }
    SqliteStore &store() { return session->store(); }
    QDateTime now() const { return session->clock().now(); }
};

// Reads another clock: the store connections of one gateway share the first one's (a test's manual clock).
class ForwardingClock : public Clock
{
public:
    explicit ForwardingClock(const Clock *source)
        : mSource(source)
    {}
    QDateTime now() const override { return mSource->now(); }

private:
    const Clock *mSource;
};

// The store thread of the gateway: opens the session there and runs posted work on the backend, in order.
// Its own (rather than SessionThread) because the gateway needs its tables, a settable clock for tests and
// group commits.
class GatewayStoreThread : public QObject
{
    Q_OBJECT
public:
    explicit GatewayStoreThread(QObject *parent = nullptr);
    ~GatewayStoreThread() override; // closes the backend in its thread, then stops the thread

    QFuture<Status> open(const QString &storePath, std::unique_ptr<Clock> clock);

    template<typename F>
    auto run(F work) -> QFuture<std::invoke_result_t<F, GatewayBackend &>>
    {
        using R = std::invoke_result_t<F, GatewayBackend &>;
        auto promise = std::make_shared<QPromise<R>>();
        QFuture<R> future = promise->future();
        promise->start();
        post([promise, work = std::move(work)](GatewayBackend *backend) mutable {
            if constexpr (std::is_void_v<R>) {
                if (backend)
                    work(*backend);
            } else {
                if (backend)
                    promise->addResult(work(*backend));
                else if constexpr (std::is_constructible_v<R, Error>)
                    promise->addResult(R(makeError(ErrorCode::Storage, QStringLiteral("no store is open"))));
                else
                    promise->addResult(R{});
            }
            promise->finish();
        });
        return future;
    }

private:
    void post(std::function<void(GatewayBackend *)> work);
    QThread mThread;
    class Worker;
    Worker *mWorker = nullptr;
};

} // namespace cg
