#pragma once

// Internal to cg_geo: GEOS handles with RAII deleters. Not included by public headers.
#define USE_UNSTABLE_GEOS_CPP_API 0
#include <geos_c.h>

#include <memory>

namespace cg {

// One GEOS context per thread (GEOS contexts must not be shared between threads).
GEOSContextHandle_t geosContext();

struct GeosGeometryDeleter
{
    GEOSContextHandle_t handle;
    void operator()(GEOSGeometry *g) const { GEOSGeom_destroy_r(handle, g); }
};
struct GeosWkbWriterDeleter
{
    GEOSContextHandle_t handle;
    void operator()(GEOSWKBWriter *w) const { GEOSWKBWriter_destroy_r(handle, w); }
};
struct GeosWkbReaderDeleter
{
    GEOSContextHandle_t handle;
    void operator()(GEOSWKBReader *r) const { GEOSWKBReader_destroy_r(handle, r); }
};
using GeosGeometryPtr = std::unique_ptr<GEOSGeometry, GeosGeometryDeleter>;

} // namespace cg

#include "geo/geometry.h"

namespace cg {

// Conversions between our polygons and GEOS geometries (rings copied as they are; no validation).
GeosGeometryPtr toGeos(GEOSContextHandle_t h, const Polygon &polygon);
GeosGeometryPtr toGeos(GEOSContextHandle_t h, const QList<Polygon> &polygons); // a MultiPolygon
// The polygons of a Polygon, MultiPolygon or collection (lines and points are skipped).
QList<Polygon> polygonsFromGeos(GEOSContextHandle_t h, const GEOSGeometry *g);

} // namespace cg
