#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

#include <utility>

namespace cg {

// Internal to cg_map: calls `done(result)` in `context`'s thread once `future` has its result (a watcher
// owned by `context`, so nothing runs after `context` is gone; unlike QFuture::then it is safe when the
// future finishes while being attached).
template<typename T, typename F>
void whenReady(QObject *context, QFuture<T> future, F done)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, done = std::move(done)]() mutable {
                         watcher->deleteLater();
                         if (watcher->future().resultCount() > 0)
                             done(watcher->result());
                     });
    watcher->setFuture(std::move(future));
}

} // namespace cg
