// The render job: layers render in parallel and show up one by one; cancel never waits for a renderer; the
// per-layer cache serves unchanged layers and a changed layer is the only one drawn again.
#include "map/maprenderjob.h"

#include <QElapsedTimer>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

using namespace cg;

namespace {

// A layer that fills the image with a colour after `delayMs`, polling the cancel flag.
class SlowLayer : public MapLayer
{
public:
    SlowLayer(const QString &id, QColor colour, int delayMs)
        : MapLayer(id)
        , mColour(colour)
        , mDelay(delayMs)
    {}
    std::atomic_int renders{0};
    std::atomic_int cancelledRenders{0};

    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &) override
    {
        class R : public LayerRenderer
        {
        public:
            R(SlowLayer *layer, QColor colour, int delay)
                : mLayer(layer)
                , mColour(colour)
                , mDelay(delay)
            {}
            void render(QImage &image, const RenderContext &context) override
            {
                ++mLayer->renders;
                QElapsedTimer t;
                t.start();
                while (t.elapsed() < mDelay) {
                    if (context.isCancelled()) {
                        ++mLayer->cancelledRenders;
                        return;
                    }
                    QThread::msleep(2);
                }
                QPainter(&image).fillRect(QRect(QPoint(0, 0), image.size() / 2), mColour);
            }
            SlowLayer *mLayer;
            QColor mColour;
            int mDelay;
        };
        return std::make_unique<R>(this, mColour, mDelay);
    }

private:
    QColor mColour;
    int mDelay;
};

} // namespace

class TestMapRenderJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void partialResultsThenFinished()
    {
        SlowLayer fast(QStringLiteral("fast"), Qt::red, 10), slow(QStringLiteral("slow"), Qt::blue, 300);
        const MapSettings s(QPointF(0, 0), 1.0, QSize(64, 48));
        MapRenderJob job(s, {&fast, &slow}, nullptr);
        QSignalSpy layers(&job, &MapRenderJob::layerRendered);
        QSignalSpy finished(&job, &MapRenderJob::finished);
        job.start();
        QVERIFY(layers.wait(2000));
        QCOMPARE(layers.first().first().toString(), QStringLiteral("fast"));
        QCOMPARE(finished.count(), 0);
        QCOMPARE(job.partialImages().size(), 1); // the canvas can show the fast layer now
        QVERIFY(finished.wait(3000));
        QCOMPARE(layers.count(), 2);
        QCOMPARE(job.image().pixelColor(2, 2), QColor(Qt::blue)); // slow is on top
    }

    void cancelDoesNotWait()
    {
        SlowLayer slow(QStringLiteral("slow"), Qt::blue, 2000);
        const MapSettings s(QPointF(0, 0), 1.0, QSize(64, 48));
        auto *job = new MapRenderJob(s, {&slow}, nullptr);
        QSignalSpy finished(job, &MapRenderJob::finished);
        job->start();
        QTRY_COMPARE(slow.renders.load(), 1);
        QElapsedTimer t;
        t.start();
        job->cancel();
        delete job; // the worker still runs: it must not touch the job
        QVERIFY2(t.elapsed() < 50, qPrintable(QString::number(t.elapsed())));
        QTRY_COMPARE(slow.cancelledRenders.load(), 1); // the renderer saw the flag and stopped early
        QCOMPARE(finished.count(), 0);
    }

    void cacheServesUnchangedLayers()
    {
        SlowLayer grids(QStringLiteral("grids"), Qt::green, 5), cases(QStringLiteral("cases"), Qt::red, 5);
        LayerImageCache cache;
        const MapSettings s(QPointF(0, 0), 1.0, QSize(64, 48));
        auto run = [&](int expectRendered, int expectCached) {
            MapRenderJob job(s, {&grids, &cases}, &cache);
            QSignalSpy finished(&job, &MapRenderJob::finished);
            job.start();
            QVERIFY(finished.count() == 1 || finished.wait(3000));
            QCOMPARE(job.renderedLayerCount(), expectRendered);
            QCOMPARE(job.cachedLayerCount(), expectCached);
        };
        run(2, 0);
        run(0, 2);
        cases.triggerRepaint(); // a case changed: only the case layer is drawn again
        run(1, 1);
        QCOMPARE(grids.renders.load(), 1);
        QCOMPARE(cases.renders.load(), 2);
        // Another view: every layer again.
        MapRenderJob other(MapSettings(QPointF(5, 0), 1.0, QSize(64, 48)), {&grids, &cases}, &cache);
        QSignalSpy finished(&other, &MapRenderJob::finished);
        other.start();
        QVERIFY(finished.wait(3000));
        QCOMPARE(other.renderedLayerCount(), 2);
    }

    void directModeInAFullPool()
    {
        // Direct mode waits for its bands inside a pool thread; with every pool thread doing the same, the
        // waits must run the queued bands themselves rather than deadlock.
        SlowLayer a(QStringLiteral("a"), Qt::red, 5);
        const int threads = QThreadPool::globalInstance()->maxThreadCount();
        QThreadPool::globalInstance()->setMaxThreadCount(2);
        QList<QFuture<QImage>> jobs;
        for (int i = 0; i < 4; ++i)
            jobs.append(QtConcurrent::run([&a] {
                return MapRenderJob::renderNow(MapSettings(QPointF(0, 0), 1.0, QSize(64, 48)), {&a},
                                               MapRenderJob::Mode::Direct);
            }));
        for (QFuture<QImage> &job : jobs) {
            QTRY_VERIFY_WITH_TIMEOUT(job.isFinished(), 10000);
            QCOMPARE(job.result().pixelColor(1, 1), QColor(Qt::red));
        }
        QThreadPool::globalInstance()->setMaxThreadCount(threads);
    }

    void hiddenLayersAreSkipped()
    {
        SlowLayer a(QStringLiteral("a"), Qt::red, 1);
        a.setVisible(false);
        const QImage image = MapRenderJob::renderNow(MapSettings(QPointF(0, 0), 1.0, QSize(8, 8)), {&a});
        QCOMPARE(a.renders.load(), 0);
        QCOMPARE(image.pixelColor(1, 1).alpha(), 0);
    }
};

QTEST_MAIN(TestMapRenderJob)
#include "test_maprenderjob.moc"
