#include "map/maprenderjob.h"

#include <QFont>
#include <QFontMetricsF>
#include <QHash>
#include <QPainter>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace cg {

MapRenderJob::MapRenderJob(const MapSettings &settings, QList<MapLayer *> layers, LayerImageCache *cache,
                           QObject *parent, Mode mode)
    : QObject(parent)
    , mSettings(settings)
    , mMode(mode)
    , mCache(cache)
{
    for (MapLayer *layer : layers)
        mLayers.append(layer);
}

MapRenderJob::~MapRenderJob()
{
    cancel();
}

MapRenderJob::Result MapRenderJob::runRenderer(const std::shared_ptr<LayerRenderer> &renderer,
                                               const RenderContext &context)
{
    Result result;
    if (!renderer)
        return result; // nothing to draw: no image to fill and blend
    const MapSettings &s = context.settings;
    const QSize pixels = (QSizeF(s.outputSize()) * s.devicePixelRatio()).toSize();
    result.image = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
    result.image.setDevicePixelRatio(s.devicePixelRatio());
    result.image.fill(Qt::transparent);
    if (renderer && !context.isCancelled()) {
        renderer->render(result.image, context);
        result.labels = renderer->labels();
    }
    return result;
}

// Direct mode: for each band of the output, renderers (made on the GUI thread) for its own sub-view.
struct MapRenderJob::DirectPlan
{
    MapSettings settings;
    std::shared_ptr<std::atomic_bool> cancelled;
    struct Band
    {
        int y = 0, height = 0;
        MapSettings settings;
        QList<std::shared_ptr<LayerRenderer>> renderers;
        QList<double> opacities;
    };
    QList<Band> bands;
};

std::shared_ptr<MapRenderJob::DirectPlan>
MapRenderJob::planDirect(const MapSettings &settings, const QList<MapLayer *> &layers,
                         std::shared_ptr<std::atomic_bool> cancelled)
{
    auto plan = std::make_shared<DirectPlan>();
    plan->settings = settings;
    plan->cancelled = std::move(cancelled);
    const int height = settings.outputSize().height();
    bool bands = true;
    for (MapLayer *layer : layers)
        bands = bands && (!layer || !layer->isVisible() || layer->rendersInBands());
    const int count = bands ? std::clamp(QThreadPool::globalInstance()->maxThreadCount(), 1, 4) : 1;
    for (int i = 0; i < count; ++i) {
        DirectPlan::Band band;
        band.y = height * i / count;
        band.height = height * (i + 1) / count - band.y;
        if (band.height <= 0)
            continue;
        band.settings = settings;
        band.settings.setOutputSize(QSize(settings.outputSize().width(), band.height));
        // The band's centre in map units: its middle row, seen from the full view.
        band.settings.setCenter(
            settings.toMap(QPointF(settings.outputSize().width() / 2.0, band.y + band.height / 2.0)));
        for (MapLayer *layer : layers) {
            if (!layer || !layer->isVisible())
                continue;
            band.renderers.append(std::shared_ptr<LayerRenderer>(layer->createRenderer(band.settings)));
            band.opacities.append(layer->opacity());
        }
        plan->bands.append(band);
    }
    return plan;
}

QImage MapRenderJob::runDirect(const std::shared_ptr<DirectPlan> &plan)
{
    const MapSettings &s = plan->settings;
    const double dpr = s.devicePixelRatio();
    const QSize pixels = (QSizeF(s.outputSize()) * dpr).toSize();
    QImage out(pixels, QImage::Format_ARGB32_Premultiplied);
    out.setDevicePixelRatio(dpr);
    out.fill(Qt::transparent);
    QList<QList<MapLabel>> bandLabels(plan->bands.size());
    auto renderBand = [&](int index) {
        const DirectPlan::Band &band = plan->bands[index];
        const int y0 = int(std::lround(band.y * dpr)), y1 = int(std::lround((band.y + band.height) * dpr));
        // A view into the output's rows: bands write disjoint memory.
        QImage part(out.scanLine(y0), pixels.width(), y1 - y0, out.bytesPerLine(), out.format());
        part.setDevicePixelRatio(dpr);
        RenderContext context{band.settings, plan->cancelled};
        QImage layerImage;
        for (int i = 0; i < band.renderers.size(); ++i) {
            if (!band.renderers[i] || context.isCancelled())
                continue;
            if (band.opacities[i] >= 1.0) {
                band.renderers[i]->render(part, context);
            } else {
                // A translucent layer needs its own image to be blended with its opacity.
                if (layerImage.isNull()) {
                    layerImage = QImage(part.size(), QImage::Format_ARGB32_Premultiplied);
                    layerImage.setDevicePixelRatio(dpr);
                }
                layerImage.fill(Qt::transparent);
                band.renderers[i]->render(layerImage, context);
                QPainter painter(&part);
                painter.setOpacity(band.opacities[i]);
                painter.drawImage(QPointF(0, 0), layerImage);
            }
            for (MapLabel label : band.renderers[i]->labels()) {
                label.position.ry() += band.y;
                bandLabels[index].append(label);
            }
        }
    };
    if (plan->bands.size() == 1) {
        renderBand(0);
    } else {
        QList<QFuture<void>> others;
        for (int i = 1; i < plan->bands.size(); ++i)
            others.append(QtConcurrent::run(renderBand, i));
        renderBand(0);
        for (QFuture<void> &f : others)
            f.waitForFinished();
    }
    QList<MapLabel> labels;
    for (const QList<MapLabel> &l : bandLabels)
        labels += l;
    if (!labels.isEmpty() && !(plan->cancelled && plan->cancelled->load())) {
        QPainter painter(&out);
        drawLabels(painter, labels, s.outputSize());
    }
    return out;
}

void MapRenderJob::start()
{
    mTimer.start();
    mActive = true;
    if (mMode == Mode::Direct) {
        QList<MapLayer *> layers;
        for (MapLayer *layer : std::as_const(mLayers))
            layers.append(layer);
        auto plan = planDirect(mSettings, layers, mCancelled);
        auto *watcher = new QFutureWatcher<QImage>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
            watcher->deleteLater();
            if (isCancelled() || watcher->future().resultCount() == 0)
                return;
            mImage = watcher->result();
            mRendered = int(mLayers.size());
            mActive = false;
            mElapsedMs = mTimer.elapsed();
            Q_EMIT finished();
        });
        watcher->setFuture(QtConcurrent::run(&MapRenderJob::runDirect, plan));
        return;
    }
    RenderContext context{mSettings, mCancelled};
    for (int i = 0; i < mLayers.size(); ++i) {
        MapLayer *layer = mLayers[i];
        if (!layer || !layer->isVisible())
            continue;
        Slot slot;
        slot.layerId = layer->id();
        slot.opacity = layer->opacity();
        slot.revision = layer->revision();
        if (const LayerImageCache::Entry *cached = mCache ? mCache->find(*layer, mSettings) : nullptr) {
            slot.done = true;
            slot.result = Result{cached->image, cached->labels};
            ++mFromCache;
            mSlots.append(slot);
            continue;
        }
        std::shared_ptr<LayerRenderer> renderer = layer->createRenderer(mSettings);
        mSlots.append(slot);
        const int index = int(mSlots.size() - 1);
        ++mPending;
        auto *watcher = new QFutureWatcher<Result>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, index] {
            watcher->deleteLater();
            if (!isCancelled() && watcher->future().resultCount() > 0)
                layerDone(index, watcher->result());
        });
        watcher->setFuture(QtConcurrent::run(&MapRenderJob::runRenderer, renderer, context));
    }
    if (mPending == 0)
        composeIfDone();
}

void MapRenderJob::cancel()
{
    if (!mActive)
        return;
    mCancelled->store(true);
    mActive = false;
    // Watchers are our children: results arriving later are dropped by the isCancelled() check.
}

void MapRenderJob::layerDone(int index, const Result &result)
{
    Slot &slot = mSlots[index];
    slot.done = true;
    slot.result = result;
    ++mRendered;
    --mPending;
    if (mCache)
        mCache->insert(slot.layerId, {slot.revision, mSettings, result.image, result.labels});
    Q_EMIT layerRendered(slot.layerId);
    composeIfDone();
}

QList<MapRenderJob::LayerImage> MapRenderJob::partialImages() const
{
    QList<LayerImage> images;
    for (const Slot &slot : mSlots) {
        if (slot.done)
            images.append({slot.layerId, slot.result.image, slot.opacity});
    }
    return images;
}

void MapRenderJob::composeIfDone()
{
    if (mPending > 0 || isCancelled())
        return;
    QList<LayerImage> images = partialImages();
    QList<MapLabel> labels;
    for (const Slot &slot : mSlots)
        labels += slot.result.labels;
    auto *watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (isCancelled() || watcher->future().resultCount() == 0)
            return;
        mImage = watcher->result();
        mActive = false;
        mElapsedMs = mTimer.elapsed();
        Q_EMIT finished();
    });
    watcher->setFuture(QtConcurrent::run(&MapRenderJob::compose, mSettings, images, labels));
}

QImage MapRenderJob::compose(const MapSettings &settings, const QList<LayerImage> &images,
                             const QList<MapLabel> &labels)
{
    const QSize pixels = (QSizeF(settings.outputSize()) * settings.devicePixelRatio()).toSize();
    QImage out(pixels, QImage::Format_ARGB32_Premultiplied);
    out.setDevicePixelRatio(settings.devicePixelRatio());
    out.fill(Qt::transparent);
    QPainter painter(&out);
    for (const LayerImage &layer : images) {
        if (layer.image.isNull())
            continue;
        painter.setOpacity(layer.opacity);
        painter.drawImage(QPointF(0, 0), layer.image);
    }
    painter.setOpacity(1.0);
    drawLabels(painter, labels, settings.outputSize());
    return out;
}

void MapRenderJob::drawLabels(QPainter &painter, QList<MapLabel> labels, const QSize &size)
{
    std::stable_sort(labels.begin(), labels.end(),
                     [](const MapLabel &a, const MapLabel &b) { return a.priority > b.priority; });
    QList<QRectF> placed;
    const QRectF screen(QPointF(0, 0), QSizeF(size));
    struct Style
    {
        QFont font;
        QFontMetricsF metrics;
    };
    QHash<int, std::shared_ptr<Style>> styles; // fonts and metrics are slow to make: once per style
    const QColor halo(255, 255, 255, 225);
    for (const MapLabel &label : labels) {
        const int key = label.pointSize * 2 + (label.bold ? 1 : 0);
        std::shared_ptr<Style> &style = styles[key];
        if (!style) {
            QFont font;
            font.setPointSize(label.pointSize);
            font.setBold(label.bold);
            style = std::make_shared<Style>(Style{font, QFontMetricsF(font)});
        }
        const double width = style->metrics.horizontalAdvance(label.text), height = style->metrics.height();
        const QRectF box(label.position.x() - width / 2 - 3, label.position.y() - height / 2 - 2, width + 6,
                         height + 4);
        if (!screen.contains(box))
            continue;
        if (std::any_of(placed.cbegin(), placed.cend(), [&](const QRectF &r) { return r.intersects(box); }))
            continue;
        placed.append(box);
        // A halo of the text drawn around it (cheaper than stroking a path, and the glyphs are cached).
        const QPointF at(label.position.x() - width / 2,
                         label.position.y() - height / 2 + style->metrics.ascent());
        painter.setFont(style->font);
        painter.setPen(halo);
        for (const QPointF &d : {QPointF(-1, 0), QPointF(1, 0), QPointF(0, -1), QPointF(0, 1),
                                 QPointF(-1, -1), QPointF(1, 1), QPointF(-1, 1), QPointF(1, -1)})
            painter.drawText(at + d, label.text);
        painter.setPen(label.colour);
        painter.drawText(at, label.text);
    }
}

QImage MapRenderJob::renderNow(const MapSettings &settings, const QList<MapLayer *> &layers, Mode mode)
{
    if (mode == Mode::Direct)
        return runDirect(planDirect(settings, layers, std::make_shared<std::atomic_bool>(false)));
    RenderContext context{settings, std::make_shared<std::atomic_bool>(false)};
    QList<QFuture<Result>> futures;
    QList<double> opacities;
    QList<QString> ids;
    for (MapLayer *layer : layers) {
        if (!layer->isVisible())
            continue;
        std::shared_ptr<LayerRenderer> renderer = layer->createRenderer(settings);
        futures.append(QtConcurrent::run(&MapRenderJob::runRenderer, renderer, context));
        opacities.append(layer->opacity());
        ids.append(layer->id());
    }
    QList<LayerImage> images;
    QList<MapLabel> labels;
    for (int i = 0; i < futures.size(); ++i) {
        Result r = futures[i].result();
        images.append({ids[i], r.image, opacities[i]});
        labels += r.labels;
    }
    return compose(settings, images, labels);
}

} // namespace cg
