#include "map/boundarylayer.h"

#include "map/mapstyle.h"
#include "map/pixelmap.h"
#include "map/raster.h"

#include <cmath>

namespace cg {

namespace {

class BoundaryRenderer : public LayerRenderer
{
public:
    explicit BoundaryRenderer(std::shared_ptr<const GridData> data)
        : mData(std::move(data))
    {}

    void render(QImage &image, const RenderContext &context) override
    {
        const GridData &d = *mData;
        const MapSettings &s = context.settings;
        const double cellPixels = d.meanCellSize() / s.resolution();
        // Communities hold a hundred cells or so: draw their lines once one is ~30 px across.
        int communities = 0;
        for (const MapRegion &r : d.regions())
            communities += r.level == MapRegion::Community;
        const double communityPixels = std::sqrt(double(d.size()) / std::max(1, communities)) * cellPixels;
        const int maxLevel = communityPixels >= 30 ? MapRegion::Community : MapRegion::Street;

        const double dpr = image.devicePixelRatio();
        const PixelMap pm(s, d.origin(), dpr);
        const BoundaryLines &lines = d.boundaries();
        const QRectF view = s.extent().translated(-d.origin());
        const float vx0 = float(view.left()), vx1 = float(view.right()), vy0 = float(view.top()),
                    vy1 = float(view.bottom());
        // Lines by level, the highest last (on top), each in its own colour and width, drawn straight into
        // the image (see raster.h: QPainter's per-call thread hand-off costs more than 100,000 short
        // strokes).
        QRgb colour[3];
        double width[3];
        for (int level = 0; level < 3; ++level) {
            colour[level] = qPremultiply(MapStyle::boundaryColour(level).rgba());
            width[level] = MapStyle::boundaryWidth(level) * dpr;
        }
        for (int pass = maxLevel; pass >= 0; --pass) {
            if (context.isCancelled())
                return;
            lines.index.query(view, [&](uint32_t b, uint32_t e) {
                for (uint32_t i = b; i < e; ++i) {
                    if (lines.level[i] != pass)
                        continue;
                    const float *p = &lines.xy[size_t(i) * 4];
                    if (std::max(p[0], p[2]) < vx0 || std::min(p[0], p[2]) > vx1 ||
                        std::max(p[1], p[3]) < vy0 || std::min(p[1], p[3]) > vy1)
                        continue;
                    Raster::drawWideLine(image, pm.x(p[0]), pm.y(p[1]), pm.x(p[2]), pm.y(p[3]), width[pass],
                                         colour[pass]);
                }
            });
        }

        for (const MapRegion &r : d.regions()) {
            const double widthPx = r.bounds.width() / s.resolution();
            const QPointF at = s.toPixel(r.anchor);
            if (at.x() < 0 || at.y() < 0 || at.x() > s.outputSize().width() ||
                at.y() > s.outputSize().height())
                continue;
            MapLabel label;
            label.text = r.name;
            label.position = at;
            if (r.level == MapRegion::District && widthPx > 40) {
                label.priority = 30;
                label.pointSize = 13;
                label.bold = true;
                label.colour = QColor(0x2a, 0x2a, 0x3a);
            } else if (r.level == MapRegion::Street && widthPx > 90) {
                label.priority = 20;
                label.pointSize = 10;
                label.bold = true;
                label.colour = QColor(0x3a, 0x3a, 0x5a);
            } else if (r.level == MapRegion::Community && widthPx > 80) {
                label.priority = 10;
                label.pointSize = 8;
                label.colour = QColor(0x4a, 0x4a, 0x6a);
            } else {
                continue;
            }
            // Lower levels are nudged below their parent's label when they share an anchor.
            mLabels.append(label);
        }
    }

    QList<MapLabel> labels() const override { return mLabels; }

private:
    std::shared_ptr<const GridData> mData;
    QList<MapLabel> mLabels;
};

} // namespace

BoundaryLayer::BoundaryLayer(QObject *parent)
    : MapLayer(QStringLiteral("boundaries"), parent)
{}

void BoundaryLayer::setData(std::shared_ptr<const GridData> data)
{
    mData = std::move(data);
    triggerRepaint();
}

std::unique_ptr<LayerRenderer> BoundaryLayer::createRenderer(const MapSettings &)
{
    if (!mData || mData->isEmpty())
        return nullptr;
    return std::make_unique<BoundaryRenderer>(mData);
}

} // namespace cg
