#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QPointF>
#include <QRectF>

namespace cg {

// A polygon in lon/lat (CGCS2000): an outer ring and optional holes, each closed (first point == last).
struct Polygon
{
    QList<QPointF> outer;
    QList<QList<QPointF>> holes;

    QRectF bounds() const;
    // Area in square metres on a local tangent plane: GRS80 scales at the polygon's mid latitude: exact
    // to < 0.01 % for unit grids of ~1 ha.
    double areaM2() const;
};

// Metres per degree of longitude (x) and latitude (y) at `latitude` on the GRS80 ellipsoid.
QPointF metresPerDegree(double latitude);

// ISO WKB through GEOS. Invalid input gets an error naming the problem.
Result<QByteArray> toWkb(const Polygon &polygon);
Result<Polygon> polygonFromWkb(const QByteArray &wkb);
bool contains(const Polygon &polygon, const QPointF &point);

} // namespace cg
