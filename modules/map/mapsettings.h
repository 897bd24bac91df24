#pragma once

#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QTransform>

#include <cmath>

namespace cg {

// Web Mercator (EPSG:3857) on the sphere of radius 6378137 m: the display CRS of the map. Geometry is
// projected once when a layer's data is built; renderers only scale and translate.
namespace WebMercator {
inline constexpr double Radius = 6378137.0;
inline constexpr double HalfWorld = M_PI * Radius; // 20037508.34 m
inline QPointF fromLonLat(double lon, double lat)
{
    const double x = lon * M_PI / 180.0 * Radius;
    const double y = std::log(std::tan(M_PI / 4.0 + lat * M_PI / 360.0)) * Radius;
    return {x, y};
}
inline QPointF fromLonLat(const QPointF &lonLat)
{
    return fromLonLat(lonLat.x(), lonLat.y());
}
inline QPointF toLonLat(const QPointF &xy)
{
    const double lon = xy.x() / Radius * 180.0 / M_PI;
    const double lat = (2.0 * std::atan(std::exp(xy.y() / Radius)) - M_PI / 2.0) * 180.0 / M_PI;
    return {lon, lat};
}
// Ground metres per projected metre at a latitude (Mercator stretches by 1/cos(lat)).
inline double groundScale(double lat)
{
    return std::cos(lat * M_PI / 180.0);
}
} // namespace WebMercator

// One view of the map, as a value: the centre and resolution in Web Mercator metres, the output size in
// pixels. Renderers get a copy, so the canvas can change its view while a job still renders the old one.
class MapSettings
{
public:
    MapSettings() = default;
    MapSettings(const QPointF &center, double metresPerPixel, const QSize &size)
        : mCenter(center)
        , mResolution(metresPerPixel)
        , mSize(size)
    {}

    const QPointF &center() const { return mCenter; }
    void setCenter(const QPointF &center) { mCenter = center; }
    // Projected metres per output pixel.
    double resolution() const { return mResolution; }
    void setResolution(double metresPerPixel) { mResolution = metresPerPixel; }
    const QSize &outputSize() const { return mSize; }
    void setOutputSize(const QSize &size) { mSize = size; }
    double devicePixelRatio() const { return mDpr; }
    void setDevicePixelRatio(double dpr) { mDpr = dpr; }

    bool isValid() const { return mResolution > 0 && !mSize.isEmpty(); }
    // The projected rectangle the output covers (y grows northwards).
    QRectF extent() const;
    // Makes `extent` fit the output size (keeping its centre; the larger ratio wins).
    void setExtent(const QRectF &extent);
    // The map scale denominator at the centre for a screen of `dpi` (1:N).
    double scale(double dpi = 96.0) const;
    // Ground metres per pixel at the centre.
    double groundResolution() const;

    QPointF toPixel(const QPointF &xy) const
    {
        return {(xy.x() - mCenter.x()) / mResolution + mSize.width() / 2.0,
                (mCenter.y() - xy.y()) / mResolution + mSize.height() / 2.0};
    }
    QPointF toMap(const QPointF &pixel) const
    {
        return {mCenter.x() + (pixel.x() - mSize.width() / 2.0) * mResolution,
                mCenter.y() - (pixel.y() - mSize.height() / 2.0) * mResolution};
    }
    // Map (projected) → pixel as a transform, for QPainter.
    QTransform mapToPixel() const;
    // Pixels of `other`'s image → pixels of this view: how the canvas moves an old image while
    // panning/zooming.
    QTransform pixelTransformFrom(const MapSettings &other) const;

    // Zoom by `factor` (>1: in) keeping the map point under `pixel` in place.
    void zoomAt(const QPointF &pixel, double factor);

    friend bool operator==(const MapSettings &a, const MapSettings &b)
    {
        return a.mCenter == b.mCenter && a.mResolution == b.mResolution && a.mSize == b.mSize &&
               a.mDpr == b.mDpr;
    }

private:
    QPointF mCenter;
    double mResolution = 0;
    QSize mSize;
    double mDpr = 1.0;
};

} // namespace cg
