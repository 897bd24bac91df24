#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

namespace cg {

// Calls `handler(result)` in `receiver`'s thread once `future` has its result; never if `receiver` is gone by
// then. The GUI side of SessionThread::run(): whenFinished(session->run(work), this, [this](R r) { ... }).
// Why not QFuture::then(this, ...): in Qt 6.4 a continuation asserts that its context object is still alive
// when the future finishes, so a model or dock destroyed while a query runs would abort the program. A
// watcher owned by the receiver is destroyed with it and detaches from the future.
template<typename T, typename Handler>
void whenFinished(const QFuture<T> &future, QObject *receiver, Handler handler)
{
    auto *watcher = new QFutureWatcher<T>(receiver);
    QObject::connect(watcher, &QFutureWatcherBase::finished, receiver,
                     [watcher, handler = std::move(handler)]() mutable {
                         watcher->deleteLater();
                         // A future whose work never ran (the session thread stopped first) has no result.
                         if (watcher->future().resultCount() > 0)
                             handler(watcher->result());
                     });
    watcher->setFuture(future);
}

} // namespace cg
