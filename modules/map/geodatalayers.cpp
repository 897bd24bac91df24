#include "map/geodatalayers.h"

#include "geo/gisexport.h"
#include "map/pixelmap.h"
#include "map/raster.h"
#include "map/whenready.h"

#include <QHash>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace cg {

namespace {

QColor rgb(const std::array<int, 3> &c)
{
    return QColor(c[0], c[1], c[2]);
}

// Blends a premultiplied sprite centred at (cx, cy).
void stamp(QImage &image, const QImage &sprite, int cx, int cy)
{
    const int half = sprite.width() / 2;
    const int x0 = cx - half, y0 = cy - half;
    const int sx = std::max(0, -x0), sy = std::max(0, -y0);
    const int ex = std::min(sprite.width(), image.width() - x0),
              ey = std::min(sprite.height(), image.height() - y0);
    for (int y = sy; y < ey; ++y) {
        const QRgb *src = reinterpret_cast<const QRgb *>(sprite.constScanLine(y));
        QRgb *dst = reinterpret_cast<QRgb *>(image.scanLine(y0 + y)) + x0;
        for (int x = sx; x < ex; ++x) {
            if (src[x])
                Raster::blend(dst[x], src[x], 255);
        }
    }
}

QImage sprite(int half, double dpr, const std::function<void(QPainter &)> &draw)
{
    QImage image(2 * half + 1, 2 * half + 1, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.translate(half + 0.5, half + 0.5);
    painter.scale(dpr, dpr);
    draw(painter);
    return image;
}

class ComponentRenderer : public LayerRenderer
{
public:
    explicit ComponentRenderer(std::shared_ptr<const MapPoints> data)
        : mData(std::move(data))
    {}

    void render(QImage &image, const RenderContext &context) override
    {
        const MapPoints &d = *mData;
        const MapSettings &s = context.settings;
        const QRectF view = s.extent().adjusted(-4 * s.resolution(), -4 * s.resolution(), 4 * s.resolution(),
                                                4 * s.resolution());
        if (!d.hasCells() || d.countIn(view, ComponentLayer::DotLimit) <= size_t(ComponentLayer::DotLimit))
            renderDots(image, context, view);
        else
            renderCounts(image, context);
    }

    QList<MapLabel> labels() const override { return mLabels; }

private:
    void renderDots(QImage &image, const RenderContext &context, const QRectF &view)
    {
        const MapPoints &d = *mData;
        const double dpr = image.devicePixelRatio();
        const PixelMap pm(context.settings, d.origin(), dpr);
        const double r = context.settings.resolution() < 1.0 ? 3.5 : 2.5;
        const int half = int(std::ceil((r + 1.5) * dpr));
        std::vector<QImage> sprites;
        for (int c = 0; c < std::max<int>(1, int(d.categories().size())); ++c) {
            const QColor fill = rgb(GeoStyle::componentMajorColour(d.categories().value(c)));
            sprites.push_back(sprite(half, dpr, [&](QPainter &p) {
                p.setPen(QPen(QColor(40, 40, 40, 200), 0.8));
                p.setBrush(fill);
                p.drawEllipse(QPointF(0, 0), r, r);
            }));
        }
        int counter = 0;
        bool stop = false;
        d.forEachIn(view, [&](int i) {
            if (stop || ((++counter & 0xfff) == 0 && (stop = context.isCancelled())))
                return;
            const size_t c = std::min<size_t>(d.category(i), sprites.size() - 1);
            stamp(image, sprites[c], int(std::lround(pm.x(d.x()[i]))), int(std::lround(pm.y(d.y()[i]))));
        });
    }

    // Counts per cell: the level whose cells are closest to 60 px, discs by count.
    void renderCounts(QImage &image, const RenderContext &context)
    {
        const MapPoints &d = *mData;
        const MapSettings &s = context.settings;
        int level = 0;
        for (int l = 0; l < MapPoints::LevelCount; ++l) {
            if (MapPoints::levelCellSize(l) / s.resolution() <= 90)
                level = l;
        }
        const double dpr = image.devicePixelRatio();
        const PixelMap pm(s, d.origin(), dpr);
        const double cellPixels = MapPoints::levelCellSize(level) / s.resolution();
        const auto &cells = d.cells(level);
        uint32_t largest = 1;
        for (const MapPoints::Cell &c : cells)
            largest = std::max(largest, c.count);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing, true);
        const QRectF out(QPointF(-40, -40), QSizeF(image.size()) + QSizeF(80, 80));
        for (const MapPoints::Cell &c : cells) {
            if (context.isCancelled())
                return;
            const QPointF at(pm.x(c.x), pm.y(c.y));
            if (!out.contains(at))
                continue;
            // Area by log count: a cell of 50 components and one of 50,000 both read.
            const double share = std::log1p(double(c.count)) / std::log1p(double(largest));
            const double radius =
                std::max(3.0, std::min(cellPixels * 0.4, 30.0) * (0.35 + 0.65 * share)) * dpr;
            // One neutral colour: a count mixes every class (the dots show classes once zoomed in).
            QColor fill(70, 100, 150, 150);
            painter.setPen(QPen(fill.darker(150), 1.0 * dpr));
            painter.setBrush(fill);
            painter.drawEllipse(at, radius, radius);
            MapLabel label;
            label.text = QString::number(c.count);
            label.position = at / dpr;
            label.priority = 5;
            label.pointSize = 8;
            label.colour = QColor(20, 20, 20);
            mLabels.append(label);
        }
    }

    std::shared_ptr<const MapPoints> mData;
    QList<MapLabel> mLabels;
};

class PoiRenderer : public LayerRenderer
{
public:
    explicit PoiRenderer(std::shared_ptr<const MapPoints> data)
        : mData(std::move(data))
    {}

    void render(QImage &image, const RenderContext &context) override
    {
        const MapPoints &d = *mData;
        const MapSettings &s = context.settings;
        const double dpr = image.devicePixelRatio();
        const PixelMap pm(s, d.origin(), dpr);
        const QRectF view = s.extent().adjusted(-10 * s.resolution(), -10 * s.resolution(),
                                                10 * s.resolution(), 10 * s.resolution());
        const bool crowded = d.countIn(view, 3000) > 3000;
        const double r = crowded ? 2.5 : 5.5;
        const int half = int(std::ceil((r + 2) * dpr));
        std::vector<QImage> sprites;
        for (const QString &kind : d.categories()) {
            const QString shape = GeoStyle::poiShape(kind);
            const QColor fill = rgb(GeoStyle::poiColour(kind));
            sprites.push_back(sprite(half, dpr, [&](QPainter &p) {
                p.setPen(QPen(QColor(255, 255, 255, 235), crowded ? 0.8 : 1.4));
                p.setBrush(fill);
                if (shape == u"square") {
                    p.drawRect(QRectF(-r * 0.85, -r * 0.85, r * 1.7, r * 1.7));
                } else if (shape == u"triangle") {
                    p.drawPolygon(QPolygonF({QPointF(0, -r), QPointF(r, r * 0.8), QPointF(-r, r * 0.8)}));
                } else if (shape == u"diamond") {
                    p.drawPolygon(QPolygonF({QPointF(0, -r), QPointF(r, 0), QPointF(0, r), QPointF(-r, 0)}));
                } else if (shape == u"cross") {
                    const double a = r * 0.38;
                    p.drawPolygon(
                        QPolygonF({QPointF(-a, -r), QPointF(a, -r), QPointF(a, -a), QPointF(r, -a),
                                   QPointF(r, a), QPointF(a, a), QPointF(a, r), QPointF(-a, r),
                                   QPointF(-a, a), QPointF(-r, a), QPointF(-r, -a), QPointF(-a, -a)}));
                } else if (shape == u"pentagon") {
                    QPolygonF poly;
                    for (int k = 0; k < 5; ++k)
                        poly << QPointF(r * std::sin(k * 2 * M_PI / 5), -r * std::cos(k * 2 * M_PI / 5));
                    p.drawPolygon(poly);
                } else {
                    QPolygonF star;
                    for (int k = 0; k < 10; ++k) {
                        const double rr = k % 2 ? r * 0.45 : r;
                        star << QPointF(rr * std::sin(k * M_PI / 5), -rr * std::cos(k * M_PI / 5));
                    }
                    p.drawPolygon(star);
                }
            }));
        }
        if (sprites.empty())
            return;
        const bool labelled = !crowded && s.resolution() < 12;
        d.forEachIn(view, [&](int i) {
            const size_t c = std::min<size_t>(d.category(i), sprites.size() - 1);
            const float x = pm.x(d.x()[i]), y = pm.y(d.y()[i]);
            stamp(image, sprites[c], int(std::lround(x)), int(std::lround(y)));
            if (labelled && !d.label(i).isEmpty()) {
                MapLabel label;
                label.text = d.label(i);
                label.position = QPointF(x / dpr, y / dpr + r + 8);
                label.priority = 15;
                label.pointSize = 8;
                label.colour = rgb(GeoStyle::poiColour(d.categories().value(int(c)))).darker(160);
                mLabels.append(label);
            }
        });
    }

    QList<MapLabel> labels() const override { return mLabels; }

private:
    std::shared_ptr<const MapPoints> mData;
    QList<MapLabel> mLabels;
};

class ResponsibilityRenderer : public LayerRenderer
{
public:
    explicit ResponsibilityRenderer(std::shared_ptr<const MapAreas> data)
        : mData(std::move(data))
    {}

    void render(QImage &image, const RenderContext &context) override
    {
        const MapAreas &d = *mData;
        const MapSettings &s = context.settings;
        const double meanPixels = d.meanSize() / s.resolution();
        if (meanPixels < 4)
            return; // a few pixels each: the boundary layer says more
        const double dpr = image.devicePixelRatio();
        const PixelMap pm(s, d.origin(), dpr);
        const QRgb colour = qPremultiply(QColor(20, 110, 60, meanPixels < 25 ? 150 : 230).rgba());
        const double width = (meanPixels < 25 ? 1.0 : 2.0) * dpr;
        const float *xy = d.xy();
        d.forEachIn(s.extent(), [&](int i) {
            if (context.isCancelled())
                return;
            const uint32_t b = d.ringBegin(i), e = d.ringEnd(i);
            for (uint32_t k = b; k < e; ++k) {
                const uint32_t n = k + 1 < e ? k + 1 : b;
                Raster::drawWideLine(image, pm.x(xy[k * 2]), pm.y(xy[k * 2 + 1]), pm.x(xy[n * 2]),
                                     pm.y(xy[n * 2 + 1]), width, colour);
            }
            const QRectF box = d.bounds(i);
            if (box.width() / s.resolution() < 70)
                return;
            MapLabel label;
            label.text = d.name(i);
            label.position = s.toPixel(box.center());
            label.priority = 18;
            label.pointSize = 9;
            label.bold = true;
            label.colour = QColor(20, 90, 50);
            mLabels.append(label);
        });
    }

    QList<MapLabel> labels() const override { return mLabels; }

private:
    std::shared_ptr<const MapAreas> mData;
    QList<MapLabel> mLabels;
};

} // namespace

ComponentLayer::ComponentLayer(QObject *parent)
    : MapLayer(QStringLiteral("components"), parent)
{}

void ComponentLayer::setData(std::shared_ptr<const MapPoints> data)
{
    mData = std::move(data);
    triggerRepaint();
}

void ComponentLayer::setData(QFuture<std::shared_ptr<const MapPoints>> future)
{
    whenReady(this, std::move(future), [this](std::shared_ptr<const MapPoints> data) {
        setData(std::move(data));
        Q_EMIT dataLoaded();
    });
}

std::unique_ptr<LayerRenderer> ComponentLayer::createRenderer(const MapSettings &)
{
    if (!mData || mData->isEmpty())
        return nullptr;
    return std::make_unique<ComponentRenderer>(mData);
}

PoiLayer::PoiLayer(QObject *parent)
    : MapLayer(QStringLiteral("pois"), parent)
{}

void PoiLayer::setData(std::shared_ptr<const MapPoints> data)
{
    mData = std::move(data);
    triggerRepaint();
}

void PoiLayer::setData(QFuture<std::shared_ptr<const MapPoints>> future)
{
    whenReady(this, std::move(future), [this](std::shared_ptr<const MapPoints> data) {
        setData(std::move(data));
        Q_EMIT dataLoaded();
    });
}

std::unique_ptr<LayerRenderer> PoiLayer::createRenderer(const MapSettings &)
{
    if (!mData || mData->isEmpty())
        return nullptr;
    return std::make_unique<PoiRenderer>(mData);
}

ResponsibilityLayer::ResponsibilityLayer(QObject *parent)
    : MapLayer(QStringLiteral("responsibility"), parent)
{}

void ResponsibilityLayer::setData(std::shared_ptr<const MapAreas> data)
{
    mData = std::move(data);
    triggerRepaint();
}

void ResponsibilityLayer::setData(QFuture<std::shared_ptr<const MapAreas>> future)
{
    whenReady(this, std::move(future), [this](std::shared_ptr<const MapAreas> data) {
        setData(std::move(data));
        Q_EMIT dataLoaded();
    });
}

std::unique_ptr<LayerRenderer> ResponsibilityLayer::createRenderer(const MapSettings &)
{
    if (!mData || mData->isEmpty())
        return nullptr;
    return std::make_unique<ResponsibilityRenderer>(mData);
}

} // namespace cg
