#pragma once

#include "session/demo.h"
#include "session/session.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QThread>

#include <memory>
#include <type_traits>

namespace cg {

// Owns a Session in a thread of its own (the store thread), so the GUI never waits on SQL.
// Work is posted with run(); results come back as QFutures (use .then(context, ...) on the GUI side).
// It emits storeChanged() when any connection committed: on PostgreSQL from LISTEN/NOTIFY (and it reconnects
// by itself after a server restart), on SQLite by polling the store's data version.
class SessionThread : public QObject
{
    Q_OBJECT
public:
    explicit SessionThread(QObject *parent = nullptr);
    ~SessionThread() override;

    // Opens the store in the worker thread; if it is empty and `demoIfEmpty`, fills it with the demo city
    // (demoProgress() reports progress).
    // `storePath` is an SQLite file or a postgresql:// URL.
    QFuture<Status> open(const QString &storePath, bool demoIfEmpty, const DemoOptions &demo = {});

    // Runs `work(Session&)` in the worker thread after the session is open.
    template<typename F>
    auto run(F work) -> QFuture<std::invoke_result_t<F, Session &>>
    {
        using R = std::invoke_result_t<F, Session &>;
        auto promise = std::make_shared<QPromise<R>>();
        QFuture<R> future = promise->future();
        promise->start();
        post([promise, work = std::move(work)](Session *session) mutable {
            if constexpr (std::is_void_v<R>) {
                if (session)
                    work(*session);
            } else {
                if (session)
                    promise->addResult(work(*session));
                else if constexpr (std::is_constructible_v<R, Error>)
                    promise->addResult(R(makeError(ErrorCode::Storage, QStringLiteral("no store is open"))));
                else
                    promise->addResult(R{}); // a plain value: empty when no store is open
            }
            promise->finish();
        });
        return future;
    }

    // Emitted on the GUI side when the store changed (a local write or another connection's commit).
    void notifyLocalChange();

Q_SIGNALS:
    void demoProgress(int done, int total);
    void storeChanged();

private:
    void post(std::function<void(Session *)> work);

    QThread mThread;
    class Worker;
    Worker *mWorker = nullptr; // lives in mThread
};

} // namespace cg
