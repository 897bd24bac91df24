#include "map/heatmaplayer.h"

#include "map/pixelmap.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <vector>

namespace cg {

namespace {

constexpr int BinPixels = 4;

void boxBlur(std::vector<float> &v, int w, int h, int r)
{
    std::vector<float> tmp(v.size());
    const float norm = 1.0f / float(2 * r + 1);
    for (int y = 0; y < h; ++y) { // rows
        const float *src = &v[size_t(y) * w];
        float *dst = &tmp[size_t(y) * w];
        float acc = 0;
        for (int x = -r; x <= r; ++x)
            acc += src[std::clamp(x, 0, w - 1)];
        for (int x = 0; x < w; ++x) {
            dst[x] = acc * norm;
            acc += src[std::min(x + r + 1, w - 1)] - src[std::max(x - r, 0)];
        }
    }
    for (int x = 0; x < w; ++x) { // columns
        float acc = 0;
        for (int y = -r; y <= r; ++y)
            acc += tmp[size_t(std::clamp(y, 0, h - 1)) * w + x];
        for (int y = 0; y < h; ++y) {
            v[size_t(y) * w + x] = acc * norm;
            acc += tmp[size_t(std::min(y + r + 1, h - 1)) * w + x] - tmp[size_t(std::max(y - r, 0)) * w + x];
        }
    }
}

QRgb ramp(float t) // 0..1 → transparent blue → cyan → yellow → red
{
    if (!(t >= 0.04f)) // also NaN
        return 0;
    struct Stop
    {
        float t;
        int r, g, b, a;
    };
    static constexpr Stop stops[] = {{0.0f, 40, 80, 220, 0},
                                     {0.25f, 40, 160, 230, 110},
                                     {0.5f, 120, 220, 90, 150},
                                     {0.75f, 250, 210, 40, 180},
                                     {1.0f, 220, 30, 30, 210}};
    for (int i = 1; i < 5; ++i) {
        if (t <= stops[i].t) {
            const Stop &a = stops[i - 1], &b = stops[i];
            const float f = (t - a.t) / (b.t - a.t);
            auto mix = [f](int x, int y) {
                return int(x + (y - x) * f);
            };
            return qPremultiply(qRgba(mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b), mix(a.a, b.a)));
        }
    }
    return qPremultiply(qRgba(220, 30, 30, 210)); // t > 1
}

class HeatmapRenderer : public LayerRenderer
{
public:
    HeatmapRenderer(std::shared_ptr<const CasePoints> data, bool openOnly, int radius)
        : mData(std::move(data))
        , mOpenOnly(openOnly)
        , mRadius(radius)
    {}

    void render(QImage &image, const RenderContext &context) override
    {
        const CasePoints &d = *mData;
        const MapSettings &s = context.settings;
        const int w = s.outputSize().width() / BinPixels + 1, h = s.outputSize().height() / BinPixels + 1;
        const int r = std::max(1, mRadius / BinPixels / 2);
        const int margin = 3 * r;
        const int gw = w + 2 * margin, gh = h + 2 * margin;
        std::vector<float> grid(size_t(gw) * gh, 0.0f);
        const PixelMap pm(s, d.origin(), 1.0 / BinPixels);
        const double pad = margin * BinPixels * s.resolution();
        d.forEachIn(s.extent().adjusted(-pad, -pad, pad, pad), [&](int i) {
            if (mOpenOnly && !(d.flags(i) & CasePoints::Open))
                return;
            const int x = int(pm.x(d.x()[i])) + margin, y = int(pm.y(d.y()[i])) + margin;
            if (x >= 0 && y >= 0 && x < gw && y < gh)
                grid[size_t(y) * gw + x] += 1.0f;
        });
        if (context.isCancelled())
            return;
        for (int pass = 0; pass < 3; ++pass)
            boxBlur(grid, gw, gh, r);
        if (context.isCancelled())
            return;
        float peak = 0;
        for (float v : grid)
            peak = std::max(peak, v);
        // A single case should not light up like a hot spot: at least ~3 cases for the top of the ramp.
        const float kernelPeak = 1.0f / float((2 * r + 1) * (2 * r + 1));
        peak = std::max(peak, 3.0f * kernelPeak);
        QImage small(w, h, QImage::Format_ARGB32_Premultiplied);
        for (int y = 0; y < h; ++y) {
            QRgb *line = reinterpret_cast<QRgb *>(small.scanLine(y));
            const float *src = &grid[size_t(y + margin) * gw + margin];
            for (int x = 0; x < w; ++x)
                line[x] =
                    src[x] > 0 ? ramp(std::sqrt(src[x] / peak)) : 0; // running sums leave tiny negatives
        }
        QPainter painter(&image);
        painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
        painter.drawImage(QRectF(0, 0, w * BinPixels, h * BinPixels), small);
    }

private:
    std::shared_ptr<const CasePoints> mData;
    bool mOpenOnly;
    int mRadius;
};

} // namespace

HeatmapLayer::HeatmapLayer(QObject *parent)
    : MapLayer(QStringLiteral("heatmap"), parent)
{
    setOpacity(0.8);
}

void HeatmapLayer::setData(std::shared_ptr<const CasePoints> data)
{
    mData = std::move(data);
    triggerRepaint();
}

void HeatmapLayer::setOpenOnly(bool openOnly)
{
    if (mOpenOnly == openOnly)
        return;
    mOpenOnly = openOnly;
    triggerRepaint();
}

void HeatmapLayer::setRadius(int pixels)
{
    if (mRadius == pixels)
        return;
    mRadius = std::max(4, pixels);
    triggerRepaint();
}

std::unique_ptr<LayerRenderer> HeatmapLayer::createRenderer(const MapSettings &)
{
    if (!mData || mData->isEmpty())
        return nullptr;
    return std::make_unique<HeatmapRenderer>(mData, mOpenOnly, mRadius);
}

} // namespace cg
