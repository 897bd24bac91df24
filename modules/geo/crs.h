#pragma once

#include "core/result.h"

#include <QPointF>
#include <QString>

#include <cstddef>

namespace cg {

// A coordinate reference system as a small value: an EPSG code, a PROJ/WKT definition, or one of the two
// Chinese offset systems that PROJ does not know (GCJ-02, BD-09).
class Crs
{
public:
    enum class Kind {
        Geographic, // CGCS2000 / WGS-84 lon/lat: the hub every transform passes through
        Proj,       // anything PROJ knows (projected EPSG codes, Shanghai 2000, a .prj's WKT)
        Gcj02,      // lon/lat with the mandatory offset of Chinese web maps (AMap, Tencent)
        Bd09,       // lon/lat with Baidu's further offset
    };

    Crs() = default; // CGCS2000 lon/lat
    static Crs cgcs2000() { return Crs(Kind::Geographic, QStringLiteral("EPSG:4490")); }
    static Crs wgs84() { return Crs(Kind::Geographic, QStringLiteral("EPSG:4326")); }
    static Crs webMercator() { return Crs(Kind::Proj, QStringLiteral("EPSG:3857")); }
    // CGCS2000 3-degree Gauss–Krüger zone CM 120°E (no zone prefix): the projected CRS of DOMAIN.md §7.
    static Crs gaussKruger120() { return Crs(Kind::Proj, QStringLiteral("EPSG:4549")); }
    static Crs shanghai2000();
    static Crs gcj02() { return Crs(Kind::Gcj02, QStringLiteral("GCJ02")); }
    static Crs bd09() { return Crs(Kind::Bd09, QStringLiteral("BD09")); }
    // "EPSG:4549", "4490", "gcj02", "bd09", "shanghai2000", "wgs84", "cgcs2000", a PROJ string or WKT.
    static Result<Crs> fromString(const QString &text);

    Kind kind() const { return mKind; }
    // The text PROJ reads (for Kind::Proj), or the canonical name.
    const QString &definition() const { return mDefinition; }
    // A short name for messages: "EPSG:4549", "GCJ-02", "Shanghai 2000".
    QString name() const;
    bool isLonLat() const { return mKind != Kind::Proj; }

    friend bool operator==(const Crs &a, const Crs &b)
    {
        return a.mKind == b.mKind && (a.mKind == Kind::Geographic || a.mDefinition == b.mDefinition);
    }

private:
    Crs(Kind kind, QString definition)
        : mKind(kind)
        , mDefinition(std::move(definition))
    {}
    Kind mKind = Kind::Geographic;
    QString mDefinition = QStringLiteral("EPSG:4490");
};

// Transforms points from one CRS to another. A value: copy it freely and use it from any thread (each thread
// gets its own PROJ context and transformation objects, created on first use and cached).
// Axis order is always x = easting/longitude, y = northing/latitude.
class CrsTransform
{
public:
    CrsTransform() = default; // identity on CGCS2000
    // Fails when PROJ does not understand a definition.
    static Result<CrsTransform> create(const Crs &source, const Crs &target);

    const Crs &source() const { return mSource; }
    const Crs &target() const { return mTarget; }
    bool isIdentity() const { return mSource == mTarget; }
    CrsTransform inverse() const;

    Result<QPointF> transform(const QPointF &point) const;
    // In place on `count` points; fails (naming the first failing point) when a point cannot be transformed.
    Status transform(double *x, double *y, std::size_t count) const;

private:
    Crs mSource;
    Crs mTarget;
};

// The published offset algorithms (not in PROJ). Forward is the algorithm itself; the inverse iterates the
// forward until it reproduces the input to better than 1e-9° (~0.1 mm). Outside China the offset is zero.
namespace chinaoffset {
QPointF wgs84ToGcj02(const QPointF &lonLat);
QPointF gcj02ToWgs84(const QPointF &lonLat);
QPointF gcj02ToBd09(const QPointF &lonLat);
QPointF bd09ToGcj02(const QPointF &lonLat);
bool outOfChina(const QPointF &lonLat);
} // namespace chinaoffset

// Distance in metres between two lon/lat points (haversine on the GRS80 mean radius).
double distanceMetres(const QPointF &a, const QPointF &b);

} // namespace cg
