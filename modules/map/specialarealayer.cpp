#include "map/specialarealayer.h"

#include <QPainter>

#include <cmath>

namespace cg {

SpecialAreaLayer::SpecialAreaLayer(QObject *parent)
    : MapLayer(QStringLiteral("specialareas"), parent)
{}

QColor SpecialAreaLayer::colour(const QString &kind)
{
    if (kind == QLatin1String("metro"))
        return QColor(0x00, 0x72, 0xb2); // blue
    if (kind == QLatin1String("school"))
        return QColor(0xe6, 0x9f, 0x00); // orange
    if (kind == QLatin1String("hospital"))
        return QColor(0xd5, 0x5e, 0x00); // vermilion
    if (kind == QLatin1String("market"))
        return QColor(0x00, 0x9e, 0x73); // bluish green
    return QColor(0xcc, 0x79, 0xa7);     // reddish purple
}

void SpecialAreaLayer::setRings(QList<SpecialAreaRing> rings, double radiusMetres)
{
    mRadius = radiusMetres;
    auto projected = std::make_shared<QList<Projected>>();
    for (const SpecialAreaRing &r : rings) {
        const double scale = WebMercator::groundScale(r.lonLat.y());
        QString label = r.name;
        if (r.cases >= 0)
            label += QLatin1Char(' ') + QString::number(r.cases);
        projected->append({WebMercator::fromLonLat(r.lonLat), radiusMetres / scale, colour(r.kind), label});
    }
    mRings = std::move(projected);
    triggerRepaint();
}

namespace {

class SpecialAreaRenderer : public LayerRenderer
{
public:
    explicit SpecialAreaRenderer(std::shared_ptr<const QList<SpecialAreaLayer::Projected>> rings)
        : mRings(std::move(rings))
    {}

    void render(QImage &image, const RenderContext &context) override
    {
        const MapSettings &s = context.settings;
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing, true);
        const QRectF view(QPointF(0, 0), QSizeF(s.outputSize()));
        for (const auto &ring : *mRings) {
            if (context.isCancelled())
                return;
            const QPointF at = s.toPixel(ring.xy);
            const double r = ring.radius / s.resolution();
            if (!view.adjusted(-r, -r, r, r).contains(at))
                continue;
            QColor fill = ring.colour;
            fill.setAlpha(40);
            p.setBrush(fill);
            p.setPen(QPen(ring.colour, 2.0));
            p.drawEllipse(at, r, r);
            p.setPen(QPen(Qt::white, 1.5));
            p.setBrush(ring.colour);
            p.drawEllipse(at, 3.5, 3.5);
            if (r >= 6) {
                MapLabel l;
                l.text = ring.label;
                l.position = at + QPointF(0, r + 8);
                l.priority = 30;
                l.colour = ring.colour.darker(130);
                mLabels.append(l);
            }
        }
    }
    QList<MapLabel> labels() const override { return mLabels; }

private:
    std::shared_ptr<const QList<SpecialAreaLayer::Projected>> mRings;
    QList<MapLabel> mLabels;
};

} // namespace

std::unique_ptr<LayerRenderer> SpecialAreaLayer::createRenderer(const MapSettings &)
{
    if (!mRings || mRings->isEmpty())
        return nullptr;
    return std::make_unique<SpecialAreaRenderer>(mRings);
}

} // namespace cg
