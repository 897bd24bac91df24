#include "map/gridlayer.h"

#include "map/mapstyle.h"
#include "map/pixelmap.h"
#include "map/raster.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <vector>

namespace cg {

namespace {

class GridRenderer : public LayerRenderer
{
public:
    explicit GridRenderer(std::shared_ptr<const GridData> data)
        : mData(std::move(data))
    {}

    void render(QImage &image, const RenderContext &context) override
    {
        const MapSettings &s = context.settings;
        const GridData &d = *mData;
        const double cellPixels = d.meanCellSize() / s.resolution();
        if (cellPixels < MapStyle::AggregateBelowPixels)
            renderCoverage(image, context);
        else
            renderOutlines(image, context, cellPixels);
    }

private:
    // The covered area as one tint: each cell's box, rounded to device pixels, marks a mask; the mask is
    // blended once (boxes of neighbours overlap by a pixel, and lower layers must show through).
    void renderCoverage(QImage &image, const RenderContext &context)
    {
        const GridData &d = *mData;
        const double dpr = image.devicePixelRatio();
        const PixelMap pm(context.settings, d.origin(), dpr);
        const int w = image.width(), h = image.height();
        std::vector<uint8_t> mask(size_t(w) * h, 0);
        int counter = 0;
        bool stop = false;
        d.forEachIn(context.settings.extent(), [&](int cell) {
            if (stop || ((++counter & 0xffff) == 0 && (stop = context.isCancelled())))
                return;
            const float *b = d.box(cell);
            const int x0 = std::max(0, int(std::floor(pm.x(b[0])))), x1 = std::min(w - 1, int(pm.x(b[2])));
            const int y0 = std::max(0, int(std::floor(pm.y(b[3])))), y1 = std::min(h - 1, int(pm.y(b[1])));
            for (int y = y0; y <= y1; ++y)
                std::fill(&mask[size_t(y) * w + x0], &mask[size_t(y) * w + x1] + 1, uint8_t(1));
        });
        if (stop)
            return;
        const QRgb tint = qPremultiply(qRgba(0x6a, 0x8f, 0xc0, 46));
        for (int y = 0; y < h; ++y) {
            QRgb *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            const uint8_t *m = &mask[size_t(y) * w];
            for (int x = 0; x < w; ++x) {
                if (m[x])
                    Raster::blend(line[x], tint, 255);
            }
        }
    }

    void renderOutlines(QImage &image, const RenderContext &context, double cellPixels)
    {
        const GridData &d = *mData;
        const double dpr = image.devicePixelRatio();
        const PixelMap pm(context.settings, d.origin(), dpr);
        QColor colour = MapStyle::gridOutlineColour();
        colour.setAlphaF(float(std::clamp((cellPixels - 3.0) / 20.0, 0.35, 0.9)));
        const QRgb premultiplied = qPremultiply(colour.rgba());
        const float *xy = d.xy();
        QPointF ring[64];
        int counter = 0;
        bool stop = false;
        d.forEachIn(context.settings.extent(), [&](int cell) {
            if (stop || ((++counter & 0x3ff) == 0 && (stop = context.isCancelled())))
                return;
            int n = 0;
            for (uint32_t k = d.ringBegin(cell); k < d.ringEnd(cell) && n < 64; ++k)
                ring[n++] = QPointF(pm.x(xy[k * 2]), pm.y(xy[k * 2 + 1]));
            Raster::drawRing(image, ring, n, premultiplied);
        });
    }

    std::shared_ptr<const GridData> mData;
};

} // namespace

GridLayer::GridLayer(QObject *parent)
    : MapLayer(QStringLiteral("grids"), parent)
{}

void GridLayer::setData(std::shared_ptr<const GridData> data)
{
    mData = std::move(data);
    triggerRepaint();
}

std::unique_ptr<LayerRenderer> GridLayer::createRenderer(const MapSettings &)
{
    if (!mData || mData->isEmpty())
        return nullptr;
    return std::make_unique<GridRenderer>(mData);
}

} // namespace cg
