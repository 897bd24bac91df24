#include "map/caselayer.h"

#include "map/mapstyle.h"
#include "map/pixelmap.h"
#include "map/raster.h"

#include <QHash>
#include <QPainter>

#include <cmath>
#include <limits>

#include <vector>

namespace cg {

namespace {

class CaseRenderer : public LayerRenderer
{
public:
    CaseRenderer(std::shared_ptr<const CasePoints> data, bool showClosed)
        : mData(std::move(data))
        , mShowClosed(showClosed)
    {}

    void render(QImage &image, const RenderContext &context) override
    {
        const CasePoints &d = *mData;
        const MapSettings &s = context.settings;
        const QRectF view = s.extent().adjusted(-8 * s.resolution(), -8 * s.resolution(), 8 * s.resolution(),
                                                8 * s.resolution());
        // Draw order: closed, open, key supervision, overdue (the most urgent on top).
        std::vector<int> visible[4];
        size_t total = 0;
        float x0 = std::numeric_limits<float>::max(), y0 = x0, x1 = -x0, y1 = -x0;
        d.forEachIn(view, [&](int i) {
            x0 = std::min(x0, d.x()[i]);
            x1 = std::max(x1, d.x()[i]);
            y0 = std::min(y0, d.y()[i]);
            y1 = std::max(y1, d.y()[i]);
            const uint8_t f = d.flags(i);
            if (!(f & CasePoints::Open) && !mShowClosed)
                return;
            const int rank = (f & CasePoints::Overdue)          ? 3
                             : (f & CasePoints::KeySupervision) ? 2
                             : (f & CasePoints::Open)           ? 1
                                                                : 0;
            visible[rank].push_back(i);
            ++total;
        });
        if (context.isCancelled())
            return;
        // Symbols need room: when the cases crowd the part of the view they cover (less than ~40 px² each),
        // they are better read as dots.
        const double covered =
            std::max(1.0, double(x1 - x0) / s.resolution()) * std::max(1.0, double(y1 - y0) / s.resolution());
        if (total > size_t(MapStyle::SymbolLimit) || double(total) * 40.0 > covered)
            renderDots(image, context, visible);
        else
            renderSymbols(image, context, visible);
    }

private:
    void renderDots(QImage &image, const RenderContext &context, const std::vector<int> (&visible)[4])
    {
        const CasePoints &d = *mData;
        const double dpr = image.devicePixelRatio();
        const PixelMap pm(context.settings, d.origin(), dpr);
        const int w = image.width(), h = image.height();
        const int size = dpr >= 2 ? 3 : 2;
        uchar *bits = image.bits();
        const qsizetype stride = image.bytesPerLine();
        QRgb colourOf[256];
        for (int st = 0; st < 256; ++st)
            colourOf[st] = qPremultiply(MapStyle::caseColour(uint8_t(st)).rgba());
        const QRgb red = qPremultiply(MapStyle::overdueColour().rgba());
        const QRgb key = qPremultiply(QColor(0x5b, 0x1a, 0x8c).rgba());
        for (int rank = 0; rank < 4; ++rank) {
            if (context.isCancelled())
                return;
            for (int i : visible[rank]) {
                const int x = int(pm.x(d.x()[i])), y = int(pm.y(d.y()[i]));
                if (x < 0 || y < 0 || x + size > w || y + size > h)
                    continue;
                const QRgb c = rank == 3 ? red : rank == 2 ? key : colourOf[d.state(i)];
                for (int dy = 0; dy < size; ++dy) {
                    QRgb *line = reinterpret_cast<QRgb *>(bits + (y + dy) * stride) + x;
                    for (int dx = 0; dx < size; ++dx)
                        line[dx] = c;
                }
            }
        }
    }

    // Symbols are drawn once per look into small sprites with QPainter, then blended per case by hand: tens
    // of thousands of symbols cost a few milliseconds instead of a QPainter path each.
    void renderSymbols(QImage &image, const RenderContext &context, const std::vector<int> (&visible)[4])
    {
        const CasePoints &d = *mData;
        const double dpr = image.devicePixelRatio();
        const PixelMap pm(context.settings, d.origin(), dpr);
        const double r = (context.settings.resolution() < 3 ? 6.0 : 4.5);
        const int half = int(std::ceil((r * 1.45 + 2) * dpr));
        QHash<quint32, QImage> sprites;
        auto spriteOf = [&](uint8_t state, uint8_t flags) -> const QImage & {
            const quint32 key = quint32(state) << 8 | flags;
            auto it = sprites.find(key);
            if (it != sprites.end())
                return *it;
            QImage sprite(2 * half + 1, 2 * half + 1, QImage::Format_ARGB32_Premultiplied);
            sprite.fill(Qt::transparent);
            QPainter painter(&sprite);
            painter.setRenderHint(QPainter::Antialiasing, true);
            painter.translate(half + 0.5, half + 0.5);
            painter.scale(dpr, dpr);
            const QColor fill =
                (flags & CasePoints::Overdue) ? MapStyle::overdueColour() : MapStyle::caseColour(state);
            painter.setBrush(fill);
            if (flags & CasePoints::KeySupervision) {
                painter.setPen(QPen(QColor(0x30, 0x10, 0x50), 1.6));
                const double k = r * 1.45;
                painter.drawPolygon(
                    QPolygonF({QPointF(0, -k), QPointF(k, 0), QPointF(0, k), QPointF(-k, 0)}));
            } else {
                painter.setPen(QPen(QColor(255, 255, 255, 230), 1.2));
                const double rr = (flags & CasePoints::Open) ? r : r * 0.6;
                painter.drawEllipse(QPointF(0, 0), rr, rr);
            }
            painter.end();
            return *sprites.insert(key, sprite);
        };
        const int w = image.width(), h = image.height();
        uchar *bits = image.bits();
        const qsizetype stride = image.bytesPerLine();
        for (int rank = 0; rank < 4; ++rank) {
            if (context.isCancelled())
                return;
            for (int i : visible[rank]) {
                const QImage &sprite = spriteOf(d.state(i), d.flags(i));
                const int x0 = int(std::lround(pm.x(d.x()[i]))) - half,
                          y0 = int(std::lround(pm.y(d.y()[i]))) - half;
                const int sx = std::max(0, -x0), sy = std::max(0, -y0);
                const int ex = std::min(sprite.width(), w - x0), ey = std::min(sprite.height(), h - y0);
                for (int y = sy; y < ey; ++y) {
                    const QRgb *src = reinterpret_cast<const QRgb *>(sprite.constScanLine(y));
                    QRgb *dst = reinterpret_cast<QRgb *>(bits + (y0 + y) * stride) + x0;
                    for (int x = sx; x < ex; ++x) {
                        if (src[x])
                            Raster::blend(dst[x], src[x], 255);
                    }
                }
            }
        }
    }

    std::shared_ptr<const CasePoints> mData;
    bool mShowClosed;
};

} // namespace

CaseLayer::CaseLayer(QObject *parent)
    : MapLayer(QStringLiteral("cases"), parent)
{}

void CaseLayer::setData(std::shared_ptr<const CasePoints> data)
{
    mData = std::move(data);
    triggerRepaint();
}

void CaseLayer::setShowClosed(bool show)
{
    if (mShowClosed == show)
        return;
    mShowClosed = show;
    triggerRepaint();
}

std::unique_ptr<LayerRenderer> CaseLayer::createRenderer(const MapSettings &)
{
    if (!mData || mData->isEmpty())
        return nullptr;
    return std::make_unique<CaseRenderer>(mData, mShowClosed);
}

} // namespace cg
