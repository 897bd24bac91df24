#pragma once

#include "map/mapsettings.h"

namespace cg {

// Internal to cg_map: the affine map from a data set's relative float coordinates to output pixels
// (logical pixels times `scale`, e.g. the device pixel ratio for raster writes).
struct PixelMap
{
    float a = 1, bx = 0, by = 0;

    PixelMap(const MapSettings &s, const QPointF &origin, double scale = 1.0)
    {
        const double inv = scale / s.resolution();
        a = float(inv);
        bx = float((origin.x() - s.center().x()) * inv + s.outputSize().width() * scale / 2.0);
        by = float((s.center().y() - origin.y()) * inv + s.outputSize().height() * scale / 2.0);
    }
    float x(float v) const { return a * v + bx; }
    float y(float v) const { return by - a * v; }
};

} // namespace cg
