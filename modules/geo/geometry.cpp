#include "geo/geometry.h"

#include "geo/geoscontext.h"

#include <cmath>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace cg {

QRectF Polygon::bounds() const
{
    if (outer.isEmpty())
        return {};
    double minX = outer.first().x(), maxX = minX, minY = outer.first().y(), maxY = minY;
    for (const QPointF &p : outer) {
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    return QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}

QPointF metresPerDegree(double latitude)
{
    // GRS80 radii of curvature: meridian (north) and prime vertical (east).
    constexpr double a = 6378137.0, e2 = 0.00669438002290;
    const double phi = latitude * M_PI / 180.0;
    const double w = 1.0 - e2 * std::sin(phi) * std::sin(phi);
    const double north = a * (1.0 - e2) / (w * std::sqrt(w)) * M_PI / 180.0;
    const double east = a / std::sqrt(w) * std::cos(phi) * M_PI / 180.0;
    return {east, north};
}

static double ringAreaM2(const QList<QPointF> &ring, double lat0)
{
    const QPointF k = metresPerDegree(lat0);
    if (ring.isEmpty())
        return 0;
    // Relative to the first vertex, so the products stay small and exact.
    const QPointF o = ring.first();
    double twice = 0;
    for (qsizetype i = 0; i + 1 < ring.size(); ++i) {
        const double x0 = (ring[i].x() - o.x()) * k.x(), y0 = (ring[i].y() - o.y()) * k.y();
        const double x1 = (ring[i + 1].x() - o.x()) * k.x(), y1 = (ring[i + 1].y() - o.y()) * k.y();
        twice += x0 * y1 - x1 * y0;
    }
    return std::abs(twice) / 2.0;
}

double Polygon::areaM2() const
{
    if (outer.size() < 4)
        return 0;
    const double lat0 = bounds().center().y();
    double area = ringAreaM2(outer, lat0);
    for (const auto &hole : holes)
        area -= ringAreaM2(hole, lat0);
    return area;
}

namespace {

Result<GeosGeometryPtr> makePolygon(GEOSContextHandle_t h, const Polygon &polygon)
{
    auto checkRing = [](const QList<QPointF> &ring, const QString &what) -> Status {
        if (ring.size() < 4)
            return makeError(
                ErrorCode::InvalidInput,
                u"%1 has %2 points; a closed ring needs at least 4"_s.arg(what).arg(ring.size()));
        if (ring.first() != ring.last())
            return makeError(ErrorCode::InvalidInput,
                             u"%1 is not closed (first point differs from last)"_s.arg(what));
        return {};
    };
    if (auto s = checkRing(polygon.outer, u"the outer ring"_s); !s)
        return s.error();
    for (qsizetype i = 0; i < polygon.holes.size(); ++i) {
        if (auto s = checkRing(polygon.holes[i], u"hole %1"_s.arg(i + 1)); !s)
            return s.error();
    }
    return toGeos(h, polygon);
}

} // namespace

Result<QByteArray> toWkb(const Polygon &polygon)
{
    GEOSContextHandle_t h = geosContext();
    auto geometry = makePolygon(h, polygon);
    if (!geometry)
        return geometry.error();
    std::unique_ptr<GEOSWKBWriter, GeosWkbWriterDeleter> writer(GEOSWKBWriter_create_r(h),
                                                                GeosWkbWriterDeleter{h});
    GEOSWKBWriter_setByteOrder_r(h, writer.get(), GEOS_WKB_NDR);
    size_t size = 0;
    unsigned char *bytes = GEOSWKBWriter_write_r(h, writer.get(), geometry->get(), &size);
    if (!bytes)
        return makeError(ErrorCode::InvalidInput, u"the polygon cannot be written as WKB"_s);
    QByteArray wkb(reinterpret_cast<const char *>(bytes), qsizetype(size));
    GEOSFree_r(h, bytes);
    return wkb;
}

Result<Polygon> polygonFromWkb(const QByteArray &wkb)
{
    GEOSContextHandle_t h = geosContext();
    std::unique_ptr<GEOSWKBReader, GeosWkbReaderDeleter> reader(GEOSWKBReader_create_r(h),
                                                                GeosWkbReaderDeleter{h});
    GeosGeometryPtr g(GEOSWKBReader_read_r(h, reader.get(),
                                           reinterpret_cast<const unsigned char *>(wkb.constData()),
                                           size_t(wkb.size())),
                      GeosGeometryDeleter{h});
    if (!g)
        return makeError(ErrorCode::InvalidInput,
                         u"the WKB of %1 bytes is not a readable geometry"_s.arg(wkb.size()));
    if (GEOSGeomTypeId_r(h, g.get()) != GEOS_POLYGON)
        return makeError(ErrorCode::InvalidInput, u"expected a polygon, found a %1"_s.arg(
                                                      QString::fromUtf8(GEOSGeomType_r(h, g.get()))));
    return polygonsFromGeos(h, g.get()).constFirst();
}

bool contains(const Polygon &polygon, const QPointF &point)
{
    GEOSContextHandle_t h = geosContext();
    auto geometry = makePolygon(h, polygon);
    if (!geometry)
        return false;
    GeosGeometryPtr p(GEOSGeom_createPointFromXY_r(h, point.x(), point.y()), GeosGeometryDeleter{h});
    return GEOSContains_r(h, geometry->get(), p.get()) == 1;
}

} // namespace cg
