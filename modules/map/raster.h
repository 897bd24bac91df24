#pragma once

#include <QImage>
#include <QPointF>
#include <QRgb>

namespace cg::Raster {

// Internal to cg_map: direct drawing into ARGB32-premultiplied images for the hot paths (cell outlines and
// fills). QPainter on a large image hands every call with more than ~96 spans to Qt's GUI thread pool and
// waits for it; with thousands of small polygons per frame, and layers already rendering in parallel, that
// synchronisation costs more than the drawing (about 25 µs a polygon here). These loops draw the same thing
// in the calling thread.

// c * a / 255 on each channel of a premultiplied pixel.
inline QRgb byteMul(QRgb c, uint a)
{
    uint t = (c & 0xff00ff) * a;
    t = (t + ((t >> 8) & 0xff00ff) + 0x800080) >> 8;
    t &= 0xff00ff;
    c = ((c >> 8) & 0xff00ff) * a;
    c = (c + ((c >> 8) & 0xff00ff) + 0x800080);
    c &= 0xff00ff00;
    return c | t;
}
// Source over, the source (premultiplied) scaled by `coverage` 0..255.
inline void blend(QRgb &dst, QRgb src, uint coverage)
{
    const QRgb s = coverage >= 255 ? src : byteMul(src, coverage);
    dst = s + byteMul(dst, 255 - qAlpha(s));
}

// An antialiased one-pixel line (Xiaolin Wu), clipped to the image. Coordinates in image pixels.
void drawLine(QImage &image, double x0, double y0, double x1, double y1, QRgb premultiplied);
// A line `width` pixels wide: parallel one-pixel lines, shifted along the minor axis, blended once per pixel
// pass (darker where they overlap, which reads as a slightly heavier core).
void drawWideLine(QImage &image, double x0, double y0, double x1, double y1, double width,
                  QRgb premultiplied);
// A closed ring of `count` points (the last joins the first).
void drawRing(QImage &image, const QPointF *points, int count, QRgb premultiplied);
// Fills a polygon (even-odd, sampled at pixel centres, no antialiasing): neighbouring cells that share edges
// tile without gaps or double-blended seams.
void fillPolygon(QImage &image, const QPointF *points, int count, QRgb premultiplied);

} // namespace cg::Raster
