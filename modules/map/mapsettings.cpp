#include "map/mapsettings.h"

namespace cg {

QRectF MapSettings::extent() const
{
    const double w = mSize.width() * mResolution, h = mSize.height() * mResolution;
    return {mCenter.x() - w / 2.0, mCenter.y() - h / 2.0, w, h};
}

void MapSettings::setExtent(const QRectF &extent)
{
    mCenter = extent.center();
    if (mSize.isEmpty())
        return;
    mResolution = std::max(extent.width() / mSize.width(), extent.height() / mSize.height());
}

double MapSettings::groundResolution() const
{
    return mResolution * WebMercator::groundScale(WebMercator::toLonLat(mCenter).y());
}

double MapSettings::scale(double dpi) const
{
    return groundResolution() * dpi / 0.0254;
}

QTransform MapSettings::mapToPixel() const
{
    // x' = (x - cx)/r + w/2; y' = (cy - y)/r + h/2
    return QTransform(1.0 / mResolution, 0, 0, -1.0 / mResolution,
                      mSize.width() / 2.0 - mCenter.x() / mResolution,
                      mSize.height() / 2.0 + mCenter.y() / mResolution);
}

QTransform MapSettings::pixelTransformFrom(const MapSettings &other) const
{
    return other.mapToPixel().inverted() * mapToPixel();
}

void MapSettings::zoomAt(const QPointF &pixel, double factor)
{
    if (factor <= 0)
        return;
    const QPointF anchor = toMap(pixel);
    mResolution /= factor;
    // Keep `anchor` under `pixel`.
    const QPointF moved = toMap(pixel);
    mCenter += anchor - moved;
}

} // namespace cg
