#include "map/hotspotlayer.h"

#include "map/mapstyle.h"
#include "map/pixelmap.h"
#include "map/raster.h"

#include <algorithm>
#include <cmath>

namespace cg {

namespace {

// How strongly a class speaks: 0 not significant … 3 at 99 %.
int strength(uint8_t c)
{
    return std::abs(int(c) - int(HotSpotClass::NotSignificant));
}

class HotSpotRenderer : public LayerRenderer
{
public:
    HotSpotRenderer(std::shared_ptr<const GridData> grids,
                    std::shared_ptr<const std::vector<uint8_t>> perCell)
        : mGrids(std::move(grids))
        , mPerCell(std::move(perCell))
    {}

    void render(QImage &image, const RenderContext &context) override
    {
        const GridData &d = *mGrids;
        const std::vector<uint8_t> &cls = *mPerCell;
        const MapSettings &s = context.settings;
        const bool aggregate = d.meanCellSize() / s.resolution() < MapStyle::AggregateBelowPixels;
        const PixelMap raster(s, d.origin(), image.devicePixelRatio());
        const int w = image.width(), h = image.height();
        std::vector<uint8_t> boxes(aggregate ? std::size_t(w) * std::size_t(h) : 0,
                                   uint8_t(HotSpotClass::NotSignificant));
        const float *xy = d.xy();
        QPointF ring[64];
        int counter = 0;
        bool stop = false;
        d.forEachIn(s.extent(), [&](int cell) {
            const uint8_t c = cls[std::size_t(cell)];
            if (strength(c) == 0 || stop || ((++counter & 0x3fff) == 0 && (stop = context.isCancelled())))
                return;
            if (aggregate) {
                const float *b = d.box(cell);
                const int x0 = std::max(0, int(std::floor(raster.x(b[0])))),
                          x1 = std::min(w - 1, int(raster.x(b[2])));
                const int y0 = std::max(0, int(std::floor(raster.y(b[3])))),
                          y1 = std::min(h - 1, int(raster.y(b[1])));
                for (int y = y0; y <= y1; ++y) {
                    for (int x = x0; x <= x1; ++x) {
                        uint8_t &p = boxes[std::size_t(y) * std::size_t(w) + std::size_t(x)];
                        if (strength(c) > strength(p))
                            p = c;
                    }
                }
                return;
            }
            int n = 0;
            for (uint32_t k = d.ringBegin(cell); k < d.ringEnd(cell) && n < 64; ++k)
                ring[n++] = QPointF(raster.x(xy[k * 2]), raster.y(xy[k * 2 + 1]));
            Raster::fillPolygon(image, ring, n, HotSpotLayer::colour(HotSpotClass(c)));
        });
        if (!aggregate || stop)
            return;
        for (int y = 0; y < h; ++y) {
            QRgb *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            const uint8_t *src = &boxes[std::size_t(y) * std::size_t(w)];
            for (int x = 0; x < w; ++x) {
                if (strength(src[x]))
                    Raster::blend(line[x], HotSpotLayer::colour(HotSpotClass(src[x])), 255);
            }
        }
    }

private:
    std::shared_ptr<const GridData> mGrids;
    std::shared_ptr<const std::vector<uint8_t>> mPerCell;
};

} // namespace

HotSpotLayer::HotSpotLayer(QObject *parent)
    : MapLayer(QStringLiteral("hotspots"), parent)
{}

QRgb HotSpotLayer::colour(HotSpotClass c)
{
    // ColorBrewer RdBu (7 classes), the middle class left out; 85 % opaque so that streets show through.
    constexpr int alpha = 217;
    auto make = [](int r, int g, int b) {
        return qPremultiply(qRgba(r, g, b, alpha));
    };
    switch (c) {
    case HotSpotClass::ColdSpot99:
        return make(0x21, 0x66, 0xac);
    case HotSpotClass::ColdSpot95:
        return make(0x67, 0xa9, 0xcf);
    case HotSpotClass::ColdSpot90:
        return make(0xd1, 0xe5, 0xf0);
    case HotSpotClass::NotSignificant:
        return 0;
    case HotSpotClass::HotSpot90:
        return make(0xfd, 0xdb, 0xc7);
    case HotSpotClass::HotSpot95:
        return make(0xef, 0x8a, 0x62);
    case HotSpotClass::HotSpot99:
        return make(0xb2, 0x18, 0x2b);
    }
    return 0;
}

void HotSpotLayer::setGrids(std::shared_ptr<const GridData> grids)
{
    mGrids = std::move(grids);
    rebuild();
}

void HotSpotLayer::setHotSpots(const std::vector<std::pair<qint64, HotSpotClass>> &classes)
{
    mClasses = classes;
    rebuild();
}

void HotSpotLayer::rebuild()
{
    auto perCell = std::make_shared<std::vector<uint8_t>>(mGrids ? mGrids->size() : 0,
                                                          uint8_t(HotSpotClass::NotSignificant));
    if (mGrids) {
        for (const auto &[code, c] : mClasses) {
            if (const int cell = mGrids->cellOfCode(code); cell >= 0)
                (*perCell)[std::size_t(cell)] = uint8_t(c);
        }
    }
    mPerCell = std::move(perCell);
    triggerRepaint();
}

std::unique_ptr<LayerRenderer> HotSpotLayer::createRenderer(const MapSettings &)
{
    if (!mGrids || mGrids->isEmpty() || mClasses.empty())
        return nullptr;
    return std::make_unique<HotSpotRenderer>(mGrids, mPerCell);
}

} // namespace cg
