#include "geo/geoscontext.h"

#include <vector>

namespace cg {

namespace {
struct ThreadContext
{
    GEOSContextHandle_t handle = GEOS_init_r();
    ~ThreadContext() { GEOS_finish_r(handle); }
};
} // namespace

GEOSContextHandle_t geosContext()
{
    thread_local ThreadContext context;
    return context.handle;
}

} // namespace cg

namespace cg {

namespace {
GEOSGeometry *ringToGeos(GEOSContextHandle_t h, const QList<QPointF> &ring)
{
    GEOSCoordSequence *seq = GEOSCoordSeq_create_r(h, unsigned(ring.size()), 2);
    for (qsizetype i = 0; i < ring.size(); ++i)
        GEOSCoordSeq_setXY_r(h, seq, unsigned(i), ring[i].x(), ring[i].y());
    return GEOSGeom_createLinearRing_r(h, seq);
}

QList<QPointF> ringFromGeos(GEOSContextHandle_t h, const GEOSGeometry *ring)
{
    QList<QPointF> points;
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(h, seq, &n);
    points.reserve(n);
    for (unsigned i = 0; i < n; ++i) {
        double x = 0, y = 0;
        GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
        points.append(QPointF(x, y));
    }
    return points;
}

GEOSGeometry *polygonToGeos(GEOSContextHandle_t h, const Polygon &polygon)
{
    GEOSGeometry *shell = ringToGeos(h, polygon.outer);
    std::vector<GEOSGeometry *> holes;
    for (const auto &hole : polygon.holes)
        holes.push_back(ringToGeos(h, hole));
    return GEOSGeom_createPolygon_r(h, shell, holes.data(), unsigned(holes.size()));
}

void collect(GEOSContextHandle_t h, const GEOSGeometry *g, QList<Polygon> &out)
{
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(h, g))
            return;
        Polygon p;
        p.outer = ringFromGeos(h, GEOSGetExteriorRing_r(h, g));
        const int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < holes; ++i)
            p.holes.append(ringFromGeos(h, GEOSGetInteriorRingN_r(h, g, i)));
        out.append(std::move(p));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i)
            collect(h, GEOSGetGeometryN_r(h, g, i), out);
    }
}
} // namespace

GeosGeometryPtr toGeos(GEOSContextHandle_t h, const Polygon &polygon)
{
    return GeosGeometryPtr(polygonToGeos(h, polygon), GeosGeometryDeleter{h});
}

GeosGeometryPtr toGeos(GEOSContextHandle_t h, const QList<Polygon> &polygons)
{
    std::vector<GEOSGeometry *> parts;
    for (const Polygon &p : polygons)
        parts.push_back(polygonToGeos(h, p));
    return GeosGeometryPtr(
        GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.data(), unsigned(parts.size())),
        GeosGeometryDeleter{h});
}

QList<Polygon> polygonsFromGeos(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    QList<Polygon> out;
    if (g)
        collect(h, g, out);
    return out;
}

} // namespace cg
