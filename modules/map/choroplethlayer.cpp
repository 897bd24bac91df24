#include "map/choroplethlayer.h"

#include "map/mapstyle.h"
#include "map/pixelmap.h"
#include "map/raster.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace cg {

namespace {

class ChoroplethRenderer : public LayerRenderer
{
public:
    ChoroplethRenderer(std::shared_ptr<const GridData> grids, std::shared_ptr<const CasePoints> cases,
                       std::shared_ptr<ChoroplethLayer::Counts> counts)
        : mGrids(std::move(grids))
        , mCases(std::move(cases))
        , mCounts(std::move(counts))
    {}

    void render(QImage &image, const RenderContext &context) override
    {
        const GridData &d = *mGrids;
        std::call_once(mCounts->once, [&] {
            mCounts->perCell.assign(d.size(), 0);
            for (const auto &[code, count] : mCases->openPerGrid()) {
                if (const int cell = d.cellOfCode(code); cell >= 0)
                    mCounts->perCell[size_t(cell)] = uint16_t(std::min(count, 65535));
            }
            for (size_t cell = 0; cell < d.size(); ++cell) {
                if (mCounts->perCell[cell])
                    mCounts->loaded.push_back(uint32_t(cell));
            }
        });
        const std::vector<uint16_t> &counts = mCounts->perCell;
        const MapSettings &s = context.settings;
        const bool aggregate = d.meanCellSize() / s.resolution() < MapStyle::AggregateBelowPixels;
        const double dpr = image.devicePixelRatio();
        const PixelMap raster(s, d.origin(), dpr);
        const int w = image.width(), h = image.height();
        // Far out, each cell's pixel box takes the colour of its most loaded cell, in a buffer blended once
        // at the end (lower layers show through, overlapping boxes do not blend twice).
        std::vector<QRgb> pixels(aggregate ? size_t(w) * h : 0, 0);
        const float *xy = d.xy();
        QPointF ring[64];
        int counter = 0;
        bool stop = false;
        auto draw = [&](int cell) {
            const int count = counts[size_t(cell)];
            if (count == 0 || stop || ((++counter & 0x3fff) == 0 && (stop = context.isCancelled())))
                return;
            const float *b = d.box(cell);
            const QRgb colour = MapStyle::choroplethColour(count);
            if (aggregate) {
                const int x0 = std::max(0, int(std::floor(raster.x(b[0])))),
                          x1 = std::min(w - 1, int(raster.x(b[2])));
                const int y0 = std::max(0, int(std::floor(raster.y(b[3])))),
                          y1 = std::min(h - 1, int(raster.y(b[1])));
                for (int y = y0; y <= y1; ++y) {
                    QRgb *line = &pixels[size_t(y) * w];
                    for (int x = x0; x <= x1; ++x)
                        line[x] = qAlpha(line[x]) >= qAlpha(colour) ? line[x] : colour;
                }
            } else {
                int n = 0;
                for (uint32_t k = d.ringBegin(cell); k < d.ringEnd(cell) && n < 64; ++k)
                    ring[n++] = QPointF(raster.x(xy[k * 2]), raster.y(xy[k * 2 + 1]));
                Raster::fillPolygon(image, ring, n, colour);
            }
        };
        // Far out most of the city is in view: walking the loaded cells beats walking every cell of the
        // index.
        const QRectF view = s.extent().translated(-d.origin());
        if (aggregate && double(mCounts->loaded.size()) < 0.6 * double(d.size())) {
            const float vx0 = float(view.left()), vx1 = float(view.right()), vy0 = float(view.top()),
                        vy1 = float(view.bottom());
            for (uint32_t cell : mCounts->loaded) {
                const float *b = d.box(int(cell));
                if (b[2] >= vx0 && b[0] <= vx1 && b[3] >= vy0 && b[1] <= vy1)
                    draw(int(cell));
            }
        } else {
            d.forEachIn(s.extent(), draw);
        }
        if (!aggregate || stop)
            return;
        for (int y = 0; y < h; ++y) {
            QRgb *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            const QRgb *src = &pixels[size_t(y) * w];
            for (int x = 0; x < w; ++x) {
                if (src[x])
                    Raster::blend(line[x], src[x], 255);
            }
        }
    }

private:
    std::shared_ptr<const GridData> mGrids;
    std::shared_ptr<const CasePoints> mCases;
    std::shared_ptr<ChoroplethLayer::Counts> mCounts;
};

} // namespace

ChoroplethLayer::ChoroplethLayer(QObject *parent)
    : MapLayer(QStringLiteral("choropleth"), parent)
{}

void ChoroplethLayer::setGrids(std::shared_ptr<const GridData> grids)
{
    mGrids = std::move(grids);
    mCounts = std::make_shared<Counts>();
    triggerRepaint();
}

void ChoroplethLayer::setCases(std::shared_ptr<const CasePoints> cases)
{
    mCases = std::move(cases);
    mCounts = std::make_shared<Counts>();
    triggerRepaint();
}

std::unique_ptr<LayerRenderer> ChoroplethLayer::createRenderer(const MapSettings &)
{
    if (!mGrids || mGrids->isEmpty() || !mCases || mCases->isEmpty())
        return nullptr;
    return std::make_unique<ChoroplethRenderer>(mGrids, mCases, mCounts);
}

} // namespace cg
