#pragma once

#include "core/codes.h"
#include "geo/geometry.h"

#include <QRectF>

#include <cstdint>
#include <optional>
#include <vector>

namespace cg {

// Many polygons in flat arrays: every vertex of every ring in one array of (x, y) pairs, rings as offsets
// into it, polygons as ranges of rings, and a bounding box per polygon. No allocation per polygon: 800,000
// unit grids of ~5 vertices take 104 MB and are read in cache order.
class FlatPolygons
{
public:
    struct Box
    {
        double minX, minY, maxX, maxY;
    };

    void reserve(std::size_t polygons, std::size_t vertices);
    // Appends a polygon (outer ring and holes, each closed); returns its index.
    std::uint32_t add(const Polygon &polygon);
    // Appends a polygon of one closed ring given as coordinates.
    std::uint32_t add(const double *x, const double *y, std::size_t count);

    std::size_t size() const { return mBoxes.size(); }
    bool isEmpty() const { return mBoxes.empty(); }
    const Box &box(std::size_t i) const { return mBoxes[i]; }
    Box extent() const;
    Polygon polygon(std::size_t i) const;
    // Exact point-in-polygon (even–odd rule over all rings). A point on an edge shared by two polygons
    // belongs to exactly one of them (half-open crossing test), so a seamless tiling never answers twice.
    bool contains(std::size_t i, double x, double y) const;
    // The same without the box test (for callers that tested a box already).
    bool ringsContain(std::size_t i, double x, double y) const;
    std::size_t vertexCount() const { return mXY.size() / 2; }
    std::size_t memoryBytes() const;

    // Raw access for renderers: ring r spans [ringStart(r), ringStart(r + 1)); polygon i has rings
    // [polygonRingStart(i), polygonRingStart(i + 1)).
    // Vertex v is (xy()[2v], xy()[2v + 1]): interleaved, so a polygon's vertices share cache lines.
    const std::vector<double> &xy() const { return mXY; }
    std::uint32_t ringStart(std::size_t ring) const { return mRingStart[ring]; }
    std::uint32_t polygonRingStart(std::size_t polygon) const { return mPolygonRingStart[polygon]; }
    // True when no polygon has holes (polygon i is ring i).
    bool hasSingleRings() const { return mSingleRings; }
    // The half-open crossing test over the closed ring of vertices [begin, end).
    bool ringContains(std::uint32_t begin, std::uint32_t end, double x, double y) const;

private:
    void appendRing(const QList<QPointF> &ring);
    void closePolygon();

    std::vector<double> mXY;
    std::vector<std::uint32_t> mRingStart{0};
    std::vector<std::uint32_t> mPolygonRingStart{0};
    std::vector<Box> mBoxes;
    bool mSingleRings = true; // no polygon has holes: polygon i is ring i
};

// A packed uniform-grid index over FlatPolygons: buckets of about one polygon's size, each listing the
// polygons whose boxes touch it, in two flat arrays (offsets + ids). Build is two passes over the boxes;
// a point lookup reads one bucket, rejects most candidates by their quantised boxes stored in the bucket and
// tests the rest exactly.
class PolygonIndex
{
public:
    PolygonIndex() = default;
    explicit PolygonIndex(FlatPolygons polygons);

    const FlatPolygons &polygons() const { return mPolygons; }
    std::size_t size() const { return mPolygons.size(); }
    // The polygon containing (x, y), or -1.
    std::int64_t locate(double x, double y) const;
    // Bulk lookup: out[k] = locate(x[k], y[k]). Visits the points region by region (a counting sort on a
    // coarse grid), so the polygons they hit are read from cache instead of from random memory.
    void locateMany(const double *x, const double *y, std::size_t count, std::int64_t *out) const;
    // Polygons whose boxes intersect `rect`, each once, in ascending order.
    std::vector<std::uint32_t> query(const QRectF &rect) const;
    std::size_t memoryBytes() const;

private:
    std::int64_t bucketOf(double x, double y) const;
    std::int64_t locateInBucket(std::int64_t bucket, double x, double y) const;

    FlatPolygons mPolygons;
    double mMinX = 0, mMinY = 0, mInvW = 0, mInvH = 0;
    std::int64_t mColumns = 0, mRows = 0;
    // A bucket's entry: the polygon, its box quantised to 1/255 of the bucket (rounded outwards), so most
    // candidates are rejected from the entry itself without reading the polygon, and (polygons without
    // holes) its vertex range, so the test reads the vertices next without a dependent load of the ring
    // offsets: a single lookup costs two cache misses (entries, vertices) instead of four.
    struct Entry
    {
        std::uint32_t id;
        std::uint32_t firstVertex; // single-ring polygons: the ring's first vertex
        std::uint16_t vertexCount; // its vertices (closed ring); 0: use the ring offsets
        std::uint8_t minX, minY, maxX, maxY;
    };
    std::vector<std::uint32_t> mBucketStart; // mColumns * mRows + 1
    std::vector<Entry> mEntries;
};

// Where a point lies: its unit grid and the jurisdictions above it (from the grid's code).
struct GridLocation
{
    UnitGridCode grid;
    JurisdictionCode community;
    JurisdictionCode street;
    JurisdictionCode district;
};

// Point → unit grid → community → street → district, over the unit grids' polygons (lon/lat, CGCS2000).
class UnitGridLocator
{
public:
    UnitGridLocator() = default;
    UnitGridLocator(FlatPolygons polygons, std::vector<UnitGridCode> codes);

    std::optional<GridLocation> locate(const QPointF &lonLat) const;
    // The index of the grid containing the point, or -1 (for bulk work without building codes).
    std::int64_t locateIndex(double lon, double lat) const { return mIndex.locate(lon, lat); }
    const PolygonIndex &index() const { return mIndex; }
    const std::vector<UnitGridCode> &codes() const { return mCodes; }

private:
    PolygonIndex mIndex;
    std::vector<UnitGridCode> mCodes;
    // The jurisdictions above each grid, decoded once at construction (a lookup then copies shared strings
    // instead of parsing three codes: that parsing was two thirds of a single lookup's time).
    struct Levels
    {
        JurisdictionCode community, street, district;
    };
    std::vector<Levels> mLevels;
    std::vector<std::uint32_t> mLevelOf; // per grid: index into mLevels
};

} // namespace cg
