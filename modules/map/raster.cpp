#include "map/raster.h"

#include <algorithm>
#include <cmath>

namespace cg::Raster {

namespace {

// Liang–Barsky clip of a segment to [xmin, xmax] × [ymin, ymax]; false if nothing is left.
bool clip(double &x0, double &y0, double &x1, double &y1, double xmin, double ymin, double xmax, double ymax)
{
    double t0 = 0, t1 = 1;
    const double dx = x1 - x0, dy = y1 - y0;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {x0 - xmin, xmax - x0, y0 - ymin, ymax - y0};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    const double nx0 = x0 + t0 * dx, ny0 = y0 + t0 * dy, nx1 = x0 + t1 * dx, ny1 = y0 + t1 * dy;
    x0 = nx0;
    y0 = ny0;
    x1 = nx1;
    y1 = ny1;
    return true;
}

} // namespace

void drawLine(QImage &image, double x0, double y0, double x1, double y1, QRgb colour)
{
    const int w = image.width(), h = image.height();
    // One pixel beyond the image on every side: a line just outside still lends part of its coverage to the
    // edge row (direct rendering cuts the view into bands, and a line on a seam must be whole).
    if (!clip(x0, y0, x1, y1, -1, -1, w, h))
        return;
    uchar *bits = image.bits();
    const qsizetype stride = image.bytesPerLine();
    auto plot = [&](int x, int y, double c) {
        if (x < 0 || y < 0 || x >= w || y >= h)
            return;
        blend(reinterpret_cast<QRgb *>(bits + y * stride)[x], colour, uint(c * 255.0 + 0.5));
    };
    const bool steep = std::abs(y1 - y0) > std::abs(x1 - x0);
    if (steep) {
        std::swap(x0, y0);
        std::swap(x1, y1);
    }
    if (x0 > x1) {
        std::swap(x0, x1);
        std::swap(y0, y1);
    }
    const double dx = x1 - x0, dy = y1 - y0;
    const double gradient = dx < 1e-9 ? 1.0 : dy / dx;
    // Pixel centres at integer coordinates: a line from a to b covers columns round(a)..round(b).
    const int xs = int(std::lround(x0)), xe = int(std::lround(x1));
    double y = y0 + gradient * (xs - x0);
    for (int x = xs; x <= xe; ++x) {
        const int yi = int(std::floor(y));
        const double f = y - yi;
        if (steep) {
            plot(yi, x, 1.0 - f);
            plot(yi + 1, x, f);
        } else {
            plot(x, yi, 1.0 - f);
            plot(x, yi + 1, f);
        }
        y += gradient;
    }
}

void drawWideLine(QImage &image, double x0, double y0, double x1, double y1, double width, QRgb colour)
{
    if (width <= 1.25) {
        drawLine(image, x0, y0, x1, y1, colour);
        return;
    }
    const bool steep = std::abs(y1 - y0) > std::abs(x1 - x0);
    const int passes = int(std::ceil(width / 0.9));
    const double step = (width - 1.0) / std::max(1, passes - 1);
    for (int i = 0; i < passes; ++i) {
        const double o = -0.5 * (width - 1.0) + i * step;
        if (steep)
            drawLine(image, x0 + o, y0, x1 + o, y1, colour);
        else
            drawLine(image, x0, y0 + o, x1, y1 + o, colour);
    }
}

void drawRing(QImage &image, const QPointF *points, int count, QRgb colour)
{
    for (int i = 0; i < count; ++i) {
        const QPointF &a = points[i], &b = points[(i + 1) % count];
        drawLine(image, a.x(), a.y(), b.x(), b.y(), colour);
    }
}

void fillPolygon(QImage &image, const QPointF *points, int count, QRgb colour)
{
    if (count < 3)
        return;
    double minY = points[0].y(), maxY = minY;
    for (int i = 1; i < count; ++i) {
        minY = std::min(minY, points[i].y());
        maxY = std::max(maxY, points[i].y());
    }
    const int w = image.width(), h = image.height();
    const int y0 = std::max(0, int(std::ceil(minY - 0.5))), y1 = std::min(h - 1, int(std::floor(maxY - 0.5)));
    uchar *bits = image.bits();
    const qsizetype stride = image.bytesPerLine();
    double xs[64];
    for (int y = y0; y <= y1; ++y) {
        const double sy = y + 0.5; // sample at the pixel centre
        int n = 0;
        for (int i = 0, j = count - 1; i < count && n < 64; j = i++) {
            const QPointF &a = points[i], &b = points[j];
            if ((a.y() > sy) != (b.y() > sy))
                xs[n++] = a.x() + (sy - a.y()) * (b.x() - a.x()) / (b.y() - a.y());
        }
        std::sort(xs, xs + n);
        QRgb *line = reinterpret_cast<QRgb *>(bits + y * stride);
        for (int k = 0; k + 1 < n; k += 2) {
            const int xa = std::max(0, int(std::ceil(xs[k] - 0.5))),
                      xb = std::min(w - 1, int(std::ceil(xs[k + 1] - 0.5)) - 1);
            for (int x = xa; x <= xb; ++x)
                blend(line[x], colour, 255);
        }
    }
}

} // namespace cg::Raster
