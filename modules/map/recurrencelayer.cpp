#include "map/recurrencelayer.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace cg {

RecurrenceLayer::RecurrenceLayer(QObject *parent)
    : MapLayer(QStringLiteral("recurrence"), parent)
{}

double RecurrenceLayer::radiusFor(int cases)
{
    return std::clamp(8.0 * std::sqrt(std::max(cases, 2) / 2.0), 8.0, 24.0);
}

void RecurrenceLayer::setMarkers(QList<RecurrenceMarker> markers)
{
    auto projected = std::make_shared<QList<Projected>>();
    // Largest drawn first, so small markers stay visible on top.
    std::stable_sort(markers.begin(), markers.end(),
                     [](const RecurrenceMarker &a, const RecurrenceMarker &b) { return a.cases > b.cases; });
    for (const RecurrenceMarker &m : markers)
        projected->append({WebMercator::fromLonLat(m.lonLat), m.cases, m.label});
    mMarkers = std::move(projected);
    triggerRepaint();
}

namespace {

class RecurrenceRenderer : public LayerRenderer
{
public:
    explicit RecurrenceRenderer(std::shared_ptr<const QList<RecurrenceLayer::Projected>> markers)
        : mMarkers(std::move(markers))
    {}

    void render(QImage &image, const RenderContext &context) override
    {
        const MapSettings &s = context.settings;
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing, true);
        const QColor rim(0x54, 0x27, 0x88); // PuOr's dark purple
        const QRectF view(QPointF(0, 0), QSizeF(s.outputSize()));
        for (const auto &m : *mMarkers) {
            if (context.isCancelled())
                return;
            const QPointF at = s.toPixel(m.xy);
            const double r = RecurrenceLayer::radiusFor(m.cases);
            if (!view.adjusted(-r, -r, r, r).contains(at))
                continue;
            p.setPen(QPen(Qt::white, 4.0));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(at, r, r);
            p.setPen(QPen(rim, 2.5));
            p.setBrush(QColor(255, 255, 255, 200));
            p.drawEllipse(at, r, r);
            p.setPen(Qt::NoPen);
            p.setBrush(rim);
            p.drawEllipse(at, 2.5, 2.5);
            MapLabel l;
            l.text = m.label.isEmpty() ? QString::number(m.cases)
                                       : QString::number(m.cases) + QLatin1Char(' ') + m.label;
            l.position = at + QPointF(0, -r - 8);
            l.priority = 50 + std::min(m.cases, 50);
            l.bold = true;
            l.colour = rim;
            mLabels.append(l);
        }
    }
    QList<MapLabel> labels() const override { return mLabels; }

private:
    std::shared_ptr<const QList<RecurrenceLayer::Projected>> mMarkers;
    QList<MapLabel> mLabels;
};

} // namespace

std::unique_ptr<LayerRenderer> RecurrenceLayer::createRenderer(const MapSettings &)
{
    if (!mMarkers || mMarkers->isEmpty())
        return nullptr;
    return std::make_unique<RecurrenceRenderer>(mMarkers);
}

} // namespace cg
