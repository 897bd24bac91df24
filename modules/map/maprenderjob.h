#pragma once

#include "map/layerimagecache.h"
#include "map/maplayer.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <memory>

namespace cg {

// Renders a map: on start() it takes each visible layer's image from the cache or asks the layer for a
// renderer (on the GUI thread, which copies what the layer needs) and runs the renderers in parallel in the
// global thread pool. As layers finish it emits layerRendered() (the canvas shows partial results); when all
// are done a last pool task composes them and places the labels, then finished(). cancel() never blocks: it
// raises a flag the renderers poll and drops their results; the workers end on their own.
class MapRenderJob : public QObject
{
    Q_OBJECT
public:
    struct LayerImage
    {
        QString layerId;
        QImage image;
        double opacity = 1.0;
    };

    // PerLayer: each layer into its own image, in parallel, cached, composed at the end: best when layers are
    // expensive or only some change. Direct: all layers in order into one image, the output cut into bands
    // rendered in parallel: no per-layer images to fill and blend, so light views (a few hundred cells) take
    // a few milliseconds; nothing is cached.
    enum class Mode { PerLayer, Direct };

    // `layers` bottom to top; `cache` (may be null) must outlive the job.
    MapRenderJob(const MapSettings &settings, QList<MapLayer *> layers, LayerImageCache *cache,
                 QObject *parent = nullptr, Mode mode = Mode::PerLayer);
    ~MapRenderJob() override;

    void start();
    void cancel();
    bool isActive() const { return mActive; }
    bool isCancelled() const { return mCancelled->load(); }
    const MapSettings &settings() const { return mSettings; }
    // The layers drawn so far, bottom to top (with gaps for those still rendering).
    QList<LayerImage> partialImages() const;
    QImage image() const { return mImage; } // the composed map once finished()
    qint64 elapsedMs() const { return mElapsedMs; }
    int renderedLayerCount() const { return mRendered; }
    int cachedLayerCount() const { return mFromCache; }

    // Renders and waits: for tests, benchmarks and exports, never on a GUI thread that must stay fluid.
    static QImage renderNow(const MapSettings &settings, const QList<MapLayer *> &layers,
                            Mode mode = Mode::PerLayer);
    Mode mode() const { return mMode; }
    // Composes layer images and draws the labels over them.
    static QImage compose(const MapSettings &settings, const QList<LayerImage> &images,
                          const QList<MapLabel> &labels);
    static void drawLabels(QPainter &painter, QList<MapLabel> labels, const QSize &size);

Q_SIGNALS:
    void layerRendered(const QString &layerId);
    void finished();

private:
    struct Result
    {
        QImage image;
        QList<MapLabel> labels;
    };
    struct Slot
    {
        QString layerId;
        double opacity = 1.0;
        quint64 revision = 0;
        bool done = false;
        Result result;
    };
    static Result runRenderer(const std::shared_ptr<LayerRenderer> &renderer, const RenderContext &context);
    struct DirectPlan;
    static std::shared_ptr<DirectPlan> planDirect(const MapSettings &settings,
                                                  const QList<MapLayer *> &layers,
                                                  std::shared_ptr<std::atomic_bool> cancelled);
    static QImage runDirect(const std::shared_ptr<DirectPlan> &plan);
    void layerDone(int slot, const Result &result);
    void composeIfDone();

    MapSettings mSettings;
    Mode mMode;
    QList<QPointer<MapLayer>> mLayers;
    LayerImageCache *mCache;
    std::shared_ptr<std::atomic_bool> mCancelled = std::make_shared<std::atomic_bool>(false);
    QList<Slot> mSlots;
    int mPending = 0;
    int mRendered = 0;
    int mFromCache = 0;
    bool mActive = false;
    QImage mImage;
    QElapsedTimer mTimer;
    qint64 mElapsedMs = 0;
};

} // namespace cg
