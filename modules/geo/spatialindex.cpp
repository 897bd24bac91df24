#include "geo/spatialindex.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace cg {

void FlatPolygons::reserve(std::size_t polygons, std::size_t vertices)
{
    mXY.reserve(2 * vertices);
    mRingStart.reserve(polygons + 1);
    mPolygonRingStart.reserve(polygons + 1);
    mBoxes.reserve(polygons);
}

void FlatPolygons::appendRing(const QList<QPointF> &ring)
{
    for (const QPointF &p : ring) {
        mXY.push_back(p.x());
        mXY.push_back(p.y());
    }
    mRingStart.push_back(std::uint32_t(mXY.size() / 2));
}

void FlatPolygons::closePolygon()
{
    const std::uint32_t firstRing = mPolygonRingStart.back();
    mPolygonRingStart.push_back(std::uint32_t(mRingStart.size() - 1));
    // The outer ring bounds the polygon.
    Box b{INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (std::uint32_t v = mRingStart[firstRing]; v < mRingStart[firstRing + 1]; ++v) {
        b.minX = std::min(b.minX, mXY[2 * v]);
        b.maxX = std::max(b.maxX, mXY[2 * v]);
        b.minY = std::min(b.minY, mXY[2 * v + 1]);
        b.maxY = std::max(b.maxY, mXY[2 * v + 1]);
    }
    mBoxes.push_back(b);
}

std::uint32_t FlatPolygons::add(const Polygon &polygon)
{
    appendRing(polygon.outer);
    for (const auto &hole : polygon.holes)
        appendRing(hole);
    mSingleRings = mSingleRings && polygon.holes.isEmpty();
    closePolygon();
    return std::uint32_t(mBoxes.size() - 1);
}

std::uint32_t FlatPolygons::add(const double *x, const double *y, std::size_t count)
{
    for (std::size_t k = 0; k < count; ++k) {
        mXY.push_back(x[k]);
        mXY.push_back(y[k]);
    }
    mRingStart.push_back(std::uint32_t(mXY.size() / 2));
    closePolygon();
    return std::uint32_t(mBoxes.size() - 1);
}

FlatPolygons::Box FlatPolygons::extent() const
{
    Box e{INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (const Box &b : mBoxes) {
        e.minX = std::min(e.minX, b.minX);
        e.minY = std::min(e.minY, b.minY);
        e.maxX = std::max(e.maxX, b.maxX);
        e.maxY = std::max(e.maxY, b.maxY);
    }
    return e;
}

Polygon FlatPolygons::polygon(std::size_t i) const
{
    Polygon p;
    for (std::uint32_t r = mPolygonRingStart[i]; r < mPolygonRingStart[i + 1]; ++r) {
        QList<QPointF> ring;
        ring.reserve(mRingStart[r + 1] - mRingStart[r]);
        for (std::uint32_t v = mRingStart[r]; v < mRingStart[r + 1]; ++v)
            ring.append(QPointF(mXY[2 * v], mXY[2 * v + 1]));
        if (r == mPolygonRingStart[i])
            p.outer = std::move(ring);
        else
            p.holes.append(std::move(ring));
    }
    return p;
}

bool FlatPolygons::contains(std::size_t i, double x, double y) const
{
    const Box &b = mBoxes[i];
    if (x < b.minX || x >= b.maxX || y < b.minY || y >= b.maxY)
        return false;
    return ringsContain(i, x, y);
}

bool FlatPolygons::ringContains(std::uint32_t begin, std::uint32_t end, double x, double y) const
{
    bool inside = false;
    const double *p = mXY.data();
    for (std::uint32_t v = begin; v + 1 < end; ++v) {
        const double xi = p[2 * v], yi = p[2 * v + 1], xj = p[2 * v + 2], yj = p[2 * v + 3];
        if ((yi > y) != (yj > y)) {
            const double num = (xi - x) * (yj - yi) + (y - yi) * (xj - xi);
            if ((num > 0) == (yj > yi) && num != 0)
                inside = !inside;
        }
    }
    return inside;
}

bool FlatPolygons::ringsContain(std::size_t i, double x, double y) const
{
    bool inside = false;
    const double *p = mXY.data();
    // Without holes polygon i is ring i: one dependent load less per test.
    const auto firstRing = mSingleRings ? std::uint32_t(i) : mPolygonRingStart[i];
    const auto endRing = mSingleRings ? std::uint32_t(i + 1) : mPolygonRingStart[i + 1];
    for (std::uint32_t r = firstRing; r < endRing; ++r) {
        const std::uint32_t begin = mRingStart[r], end = mRingStart[r + 1];
        // Rings are closed: test edges (v, v + 1). Half-open in y, so a vertex on the ray counts once.
        for (std::uint32_t v = begin; v + 1 < end; ++v) {
            const double xi = p[2 * v], yi = p[2 * v + 1], xj = p[2 * v + 2], yj = p[2 * v + 3];
            if ((yi > y) != (yj > y)) {
                // The edge crosses the ray to the east of the point: the sign of (xCross - x), without a
                // division, so a point on a vertex gets exactly 0 from both edges that meet there.
                const double num = (xi - x) * (yj - yi) + (y - yi) * (xj - xi);
                if ((num > 0) == (yj > yi) && num != 0)
                    inside = !inside;
            }
        }
    }
    return inside;
}

std::size_t FlatPolygons::memoryBytes() const
{
    return mXY.capacity() * sizeof(double) +
           (mRingStart.capacity() + mPolygonRingStart.capacity()) * sizeof(std::uint32_t) +
           mBoxes.capacity() * sizeof(Box);
}

PolygonIndex::PolygonIndex(FlatPolygons polygons)
    : mPolygons(std::move(polygons))
{
    const std::size_t n = mPolygons.size();
    if (n == 0)
        return;
    const FlatPolygons::Box e = mPolygons.extent();
    // Buckets about the size of an average polygon's box: one to four candidates per lookup.
    double sumW = 0, sumH = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto &b = mPolygons.box(i);
        sumW += b.maxX - b.minX;
        sumH += b.maxY - b.minY;
    }
    const double width = std::max(e.maxX - e.minX, 1e-12), height = std::max(e.maxY - e.minY, 1e-12);
    double bw = std::max(sumW / double(n), 1e-12), bh = std::max(sumH / double(n), 1e-12);
    // Never more than ~4 buckets per polygon (sparse layouts: a few big polygons far apart).
    const double maxBuckets = 4.0 * double(n) + 16;
    while ((width / bw) * (height / bh) > maxBuckets) {
        bw *= 1.5;
        bh *= 1.5;
    }
    mColumns = std::max<std::int64_t>(1, std::int64_t(std::ceil(width / bw)));
    mRows = std::max<std::int64_t>(1, std::int64_t(std::ceil(height / bh)));
    mMinX = e.minX;
    mMinY = e.minY;
    mInvW = double(mColumns) / width;
    mInvH = double(mRows) / height;
    auto column = [this](double x) {
        return std::clamp<std::int64_t>(std::int64_t((x - mMinX) * mInvW), 0, mColumns - 1);
    };
    auto row = [this](double y) {
        return std::clamp<std::int64_t>(std::int64_t((y - mMinY) * mInvH), 0, mRows - 1);
    };
    // Pass 1: count per bucket; pass 2: fill (counting sort, so buckets list ids in ascending order).
    mBucketStart.assign(std::size_t(mColumns * mRows + 1), 0);
    for (std::size_t i = 0; i < n; ++i) {
        const auto &b = mPolygons.box(i);
        for (std::int64_t r = row(b.minY); r <= row(b.maxY); ++r)
            for (std::int64_t c = column(b.minX); c <= column(b.maxX); ++c)
                ++mBucketStart[std::size_t(r * mColumns + c + 1)];
    }
    for (std::size_t k = 1; k < mBucketStart.size(); ++k)
        mBucketStart[k] += mBucketStart[k - 1];
    mEntries.resize(mBucketStart.back());
    std::vector<std::uint32_t> fill(mBucketStart.begin(), mBucketStart.end() - 1);
    // Outward rounding keeps the quantised box a superset of the real one.
    auto low = [](double f) {
        return std::uint8_t(std::clamp(std::floor(f * 255.0), 0.0, 255.0));
    };
    auto high = [](double f) {
        return std::uint8_t(std::clamp(std::ceil(f * 255.0), 0.0, 255.0));
    };
    const bool single = mPolygons.hasSingleRings();
    for (std::size_t i = 0; i < n; ++i) {
        const auto &b = mPolygons.box(i);
        const double fx0 = (b.minX - mMinX) * mInvW, fx1 = (b.maxX - mMinX) * mInvW;
        const double fy0 = (b.minY - mMinY) * mInvH, fy1 = (b.maxY - mMinY) * mInvH;
        for (std::int64_t r = row(b.minY); r <= row(b.maxY); ++r) {
            for (std::int64_t c = column(b.minX); c <= column(b.maxX); ++c) {
                const std::uint32_t first = single ? mPolygons.ringStart(i) : 0,
                                    count = single ? mPolygons.ringStart(i + 1) - first : 0;
                mEntries[fill[std::size_t(r * mColumns + c)]++] = {std::uint32_t(i),
                                                                   first,
                                                                   std::uint16_t(count <= 0xffff ? count : 0),
                                                                   low(fx0 - double(c)),
                                                                   low(fy0 - double(r)),
                                                                   high(fx1 - double(c)),
                                                                   high(fy1 - double(r))};
            }
        }
    }
}

std::int64_t PolygonIndex::bucketOf(double x, double y) const
{
    const double fx = (x - mMinX) * mInvW, fy = (y - mMinY) * mInvH;
    if (!(fx >= 0 && fy >= 0 && fx <= double(mColumns) && fy <= double(mRows)))
        return -1;
    const std::int64_t c = std::min<std::int64_t>(std::int64_t(fx), mColumns - 1);
    const std::int64_t r = std::min<std::int64_t>(std::int64_t(fy), mRows - 1);
    return r * mColumns + c;
}

std::int64_t PolygonIndex::locateInBucket(std::int64_t bucket, double x, double y) const
{
    const auto b = std::size_t(bucket);
    const std::int64_t r = bucket / mColumns, c = bucket % mColumns;
    const double qx = ((x - mMinX) * mInvW - double(c)) * 255.0,
                 qy = ((y - mMinY) * mInvH - double(r)) * 255.0;
    for (std::uint32_t k = mBucketStart[b]; k < mBucketStart[b + 1]; ++k) {
        const Entry &e = mEntries[k];
        if (qx < e.minX || qx > e.maxX || qy < e.minY || qy > e.maxY)
            continue;
        if (e.vertexCount ? mPolygons.ringContains(e.firstVertex, e.firstVertex + e.vertexCount, x, y)
                          : mPolygons.ringsContain(e.id, x, y))
            return e.id;
    }
    return -1;
}

std::int64_t PolygonIndex::locate(double x, double y) const
{
    if (mEntries.empty())
        return -1;
    const std::int64_t bucket = bucketOf(x, y);
    return bucket < 0 ? -1 : locateInBucket(bucket, x, y);
}

void PolygonIndex::locateMany(const double *x, const double *y, std::size_t count, std::int64_t *out) const
{
    if (mEntries.empty() || count < 4096 || count >= (std::size_t(1) << 24)) {
        for (std::size_t k = 0; k < count; ++k)
            out[k] = locate(x[k], y[k]);
        return;
    }
    // Sort the points by bucket (LSD radix sort, 11 bits a pass): polygons are then read in memory order,
    // which the prefetcher streams, instead of one cache miss after another.
    std::vector<std::uint64_t> keys(count), scratch(count);
    const std::uint64_t outside = std::uint64_t(mColumns * mRows);
    for (std::size_t k = 0; k < count; ++k) {
        const std::int64_t b = bucketOf(x[k], y[k]);
        keys[k] = (std::uint64_t(b < 0 ? outside : std::uint64_t(b)) << 24) | k;
    }
    int bits = 0;
    while ((outside >> bits) > 0)
        bits += 11;
    for (int shift = 24; shift < 24 + bits; shift += 11) {
        std::uint32_t histogram[2049] = {};
        for (std::uint64_t key : keys)
            ++histogram[((key >> shift) & 2047) + 1];
        for (int d = 1; d < 2049; ++d)
            histogram[d] += histogram[d - 1];
        for (std::uint64_t key : keys)
            scratch[histogram[(key >> shift) & 2047]++] = key;
        keys.swap(scratch);
    }
    for (std::uint64_t key : keys) {
        const std::size_t k = std::size_t(key & 0xffffff);
        const std::uint64_t b = key >> 24;
        out[k] = b == outside ? -1 : locateInBucket(std::int64_t(b), x[k], y[k]);
    }
}

std::vector<std::uint32_t> PolygonIndex::query(const QRectF &rect) const
{
    std::vector<std::uint32_t> out;
    if (mEntries.empty())
        return out;
    const QRectF r = rect.normalized();
    auto clampC = [this](double v) {
        return std::clamp<std::int64_t>(std::int64_t(std::floor((v - mMinX) * mInvW)), 0, mColumns - 1);
    };
    auto clampR = [this](double v) {
        return std::clamp<std::int64_t>(std::int64_t(std::floor((v - mMinY) * mInvH)), 0, mRows - 1);
    };
    for (std::int64_t row = clampR(r.top()); row <= clampR(r.bottom()); ++row) {
        for (std::int64_t col = clampC(r.left()); col <= clampC(r.right()); ++col) {
            const std::size_t bucket = std::size_t(row * mColumns + col);
            for (std::uint32_t k = mBucketStart[bucket]; k < mBucketStart[bucket + 1]; ++k) {
                const std::uint32_t id = mEntries[k].id;
                const auto &b = mPolygons.box(id);
                if (b.maxX >= r.left() && b.minX <= r.right() && b.maxY >= r.top() && b.minY <= r.bottom())
                    out.push_back(id);
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::size_t PolygonIndex::memoryBytes() const
{
    return mPolygons.memoryBytes() + mBucketStart.capacity() * sizeof(std::uint32_t) +
           mEntries.capacity() * sizeof(Entry);
}

UnitGridLocator::UnitGridLocator(FlatPolygons polygons, std::vector<UnitGridCode> codes)
    : mIndex(std::move(polygons))
    , mCodes(std::move(codes))
{
    // Grids come grouped by community (generated or read in order): compare with the previous one first.
    QHash<QString, std::uint32_t> known;
    mLevelOf.reserve(mCodes.size());
    QString last;
    std::uint32_t lastIndex = 0;
    for (const UnitGridCode &code : mCodes) {
        const QStringView community = QStringView(code.text()).left(12);
        if (!mLevels.empty() && community == last) {
            mLevelOf.push_back(lastIndex);
            continue;
        }
        last = community.toString();
        auto it = known.constFind(last);
        if (it == known.constEnd()) {
            Levels l;
            l.community = code.community();
            l.street = l.community.parent();
            l.district = l.street.parent();
            it = known.insert(last, std::uint32_t(mLevels.size()));
            mLevels.push_back(std::move(l));
        }
        lastIndex = *it;
        mLevelOf.push_back(lastIndex);
    }
}

std::optional<GridLocation> UnitGridLocator::locate(const QPointF &lonLat) const
{
    const std::int64_t i = mIndex.locate(lonLat.x(), lonLat.y());
    if (i < 0 || std::size_t(i) >= mCodes.size())
        return std::nullopt;
    const Levels &levels = mLevels[mLevelOf[std::size_t(i)]];
    return GridLocation{mCodes[std::size_t(i)], levels.community, levels.street, levels.district};
}

} // namespace cg
