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
    // Area in square metres on a local tangent plane: exact enough (< 0.1 %) for unit grids of ~1 ha.
    double areaM2() const;
};

// ISO WKB through GEOS. Invalid input gets an error naming the problem.
Result<QByteArray> toWkb(const Polygon &polygon);
Result<Polygon> polygonFromWkb(const QByteArray &wkb);
bool contains(const Polygon &polygon, const QPointF &point);

} // namespace cg
