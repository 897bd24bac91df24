#include "geo/gridgenerator.h"

#include "geo/geoscontext.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

std::uint64_t splitmix(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

std::int64_t key(std::int64_t column, std::int64_t row)
{
    return (row << 32) ^ (column & 0xffffffff);
}

// The jittered lattice: vertex (i, j) (j grows northward) in lon/lat.
class Lattice
{
public:
    explicit Lattice(const GridOptions &o)
        : mOptions(o)
    {
        const QPointF k = metresPerDegree(o.referenceLatitude);
        mDLon = o.cellMetres / k.x();
        mDLat = o.cellMetres / k.y();
        mJitterLon = o.jitterMetres / k.x();
        mJitterLat = o.jitterMetres / k.y();
    }

    QPointF vertex(std::int64_t i, std::int64_t j) const
    {
        double x = mOptions.origin.x() + double(i) * mDLon;
        double y = mOptions.origin.y() + double(j) * mDLat;
        if (mOptions.jitterMetres > 0) {
            const std::uint64_t h =
                splitmix(splitmix(std::uint64_t(i) * 0x1000003ull ^ std::uint64_t(j)) ^ mOptions.seed);
            const double angle = double(h & 0xffffffff) / 4294967296.0 * 2 * M_PI;
            const double radius = std::sqrt(double(h >> 32) / 4294967296.0);
            x += std::cos(angle) * radius * mJitterLon;
            y += std::sin(angle) * radius * mJitterLat;
        }
        return {x, y};
    }

    void quad(std::int64_t i, std::int64_t j, double *x, double *y) const
    {
        const QPointF p[] = {vertex(i, j), vertex(i + 1, j), vertex(i + 1, j + 1), vertex(i, j + 1)};
        for (int k = 0; k < 4; ++k) {
            x[k] = p[k].x();
            y[k] = p[k].y();
        }
        x[4] = x[0];
        y[4] = y[0];
    }

    Polygon quadPolygon(std::int64_t i, std::int64_t j) const
    {
        double x[5], y[5];
        quad(i, j, x, y);
        Polygon p;
        for (int k = 0; k < 5; ++k)
            p.outer.append(QPointF(x[k], y[k]));
        return p;
    }

    double u(double lon) const { return (lon - mOptions.origin.x()) / mDLon; }
    double v(double lat) const { return (lat - mOptions.origin.y()) / mDLat; }
    double lon(double u) const { return mOptions.origin.x() + u * mDLon; }
    double lat(double v) const { return mOptions.origin.y() + v * mDLat; }

private:
    GridOptions mOptions;
    double mDLon = 0, mDLat = 0, mJitterLon = 0, mJitterLat = 0;
};

struct Piece
{
    Polygon polygon;
    double area = 0;
};

double perimeterOf(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    double length = 0;
    GEOSLength_r(h, g, &length);
    return length;
}

} // namespace

Result<GeneratedGrid> generateGrid(const QList<Polygon> &area, const GridOptions &options,
                                   const std::function<void(int, int)> &progress,
                                   const std::atomic_bool *cancel)
{
    if (area.isEmpty())
        return makeError(ErrorCode::InvalidInput, u"the area to cut into unit grids is empty"_s);
    if (!(options.cellMetres >= 1))
        return makeError(
            ErrorCode::InvalidInput,
            u"cell size %1 m is too small; unit grids are about 100 m"_s.arg(options.cellMetres));
    if (options.jitterMetres < 0 || options.jitterMetres > 0.4 * options.cellMetres)
        return makeError(
            ErrorCode::InvalidInput,
            u"jitter %1 m must be between 0 and 40 % of the cell (%2 m)"_s.arg(options.jitterMetres)
                .arg(0.4 * options.cellMetres));
    GEOSContextHandle_t h = geosContext();
    const Lattice lattice(options);

    // The boundary, repaired if needed; lattice coordinates of its edges for the scanline and marking.
    GeosGeometryPtr boundary = toGeos(h, area);
    if (!boundary)
        return makeError(ErrorCode::InvalidInput, u"the area's polygons are not readable geometries"_s);
    if (GEOSisValid_r(h, boundary.get()) != 1) {
        GeosGeometryPtr repaired(GEOSMakeValid_r(h, boundary.get()), GeosGeometryDeleter{h});
        if (!repaired)
            return makeError(ErrorCode::InvalidInput,
                             u"the area's boundary is invalid and cannot be repaired"_s);
        boundary = std::move(repaired);
    }
    const QList<Polygon> parts = polygonsFromGeos(h, boundary.get());
    if (parts.isEmpty())
        return makeError(ErrorCode::InvalidInput, u"the area has no surface after repair"_s);
    struct Edge
    {
        double u0, v0, u1, v1;
    };
    std::vector<Edge> edges;
    double minU = INFINITY, minV = INFINITY, maxU = -INFINITY, maxV = -INFINITY;
    for (const Polygon &p : parts) {
        auto addRing = [&](const QList<QPointF> &ring) {
            for (qsizetype k = 0; k + 1 < ring.size(); ++k) {
                const Edge e{lattice.u(ring[k].x()), lattice.v(ring[k].y()), lattice.u(ring[k + 1].x()),
                             lattice.v(ring[k + 1].y())};
                edges.push_back(e);
                minU = std::min({minU, e.u0, e.u1});
                maxU = std::max({maxU, e.u0, e.u1});
                minV = std::min({minV, e.v0, e.v1});
                maxV = std::max({maxV, e.v0, e.v1});
            }
        };
        addRing(p.outer);
        for (const auto &hole : p.holes)
            addRing(hole);
    }
    const double margin = options.jitterMetres / options.cellMetres + 0.01;
    const std::int64_t i0 = std::int64_t(std::floor(minU - margin)) - 1;
    const std::int64_t i1 = std::int64_t(std::floor(maxU + margin)) + 1;
    const std::int64_t j0 = std::int64_t(std::floor(minV - margin)) - 1;
    const std::int64_t j1 = std::int64_t(std::floor(maxV + margin)) + 1;
    const std::int64_t rows = j1 - j0 + 1;
    if ((i1 - i0 + 1) * rows > 400'000'000)
        return makeError(
            ErrorCode::InvalidInput,
            u"the area is too large for %1 m cells (%2 × %3 lattice cells)"_s.arg(options.cellMetres)
                .arg(i1 - i0 + 1)
                .arg(rows));

    // Cells the boundary comes near (within the jitter) are cut with GEOS; the others are inside or outside
    // as a whole, decided by a scanline through their centres.
    std::vector<std::vector<std::int32_t>> nearCells(static_cast<std::size_t>(rows));
    for (const Edge &e : edges) {
        const double length = std::hypot(e.u1 - e.u0, e.v1 - e.v0);
        const int steps = std::max(1, int(std::ceil(length / 0.5)));
        for (int s = 0; s < steps; ++s) {
            const double ua = e.u0 + (e.u1 - e.u0) * s / steps, va = e.v0 + (e.v1 - e.v0) * s / steps;
            const double ub = e.u0 + (e.u1 - e.u0) * (s + 1) / steps,
                         vb = e.v0 + (e.v1 - e.v0) * (s + 1) / steps;
            const std::int64_t ca = std::int64_t(std::floor(std::min(ua, ub) - margin));
            const std::int64_t cb = std::int64_t(std::floor(std::max(ua, ub) + margin));
            const std::int64_t ra = std::int64_t(std::floor(std::min(va, vb) - margin));
            const std::int64_t rb = std::int64_t(std::floor(std::max(va, vb) + margin));
            for (std::int64_t r = ra; r <= rb; ++r)
                for (std::int64_t c = ca; c <= cb; ++c)
                    nearCells[std::size_t(r - j0)].push_back(std::int32_t(c));
        }
    }
    for (auto &columns : nearCells) {
        std::sort(columns.begin(), columns.end());
        columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
    }

    const double cellArea = options.cellMetres * options.cellMetres;
    std::vector<std::vector<std::int32_t>> inside(static_cast<std::size_t>(rows));
    std::unordered_map<std::int64_t, std::vector<Piece>> cut; // explicit cells: clipped pieces
    GeneratedGrid grid;
    std::vector<double> crossings;
    for (std::int64_t j = j1; j >= j0; --j) {
        if (cancel && cancel->load())
            return makeError(ErrorCode::Cancelled, u"grid generation was cancelled"_s);
        const std::size_t rowIndex = std::size_t(j - j0);
        // Scanline at the row's centre; half-open in v like FlatPolygons::contains.
        const double vc = double(j) + 0.5;
        crossings.clear();
        for (const Edge &e : edges) {
            if ((e.v0 > vc) != (e.v1 > vc))
                crossings.push_back(e.u0 + (vc - e.v0) * (e.u1 - e.u0) / (e.v1 - e.v0));
        }
        std::sort(crossings.begin(), crossings.end());
        const auto &nearRow = nearCells[rowIndex];
        for (std::size_t k = 0; k + 1 < crossings.size(); k += 2) {
            const auto first = std::int64_t(std::ceil(crossings[k] - 0.5));
            const auto last = std::int64_t(std::ceil(crossings[k + 1] - 0.5)) - 1;
            for (std::int64_t i = first; i <= last; ++i) {
                if (!std::binary_search(nearRow.begin(), nearRow.end(), std::int32_t(i)))
                    inside[rowIndex].push_back(std::int32_t(i));
            }
        }
        if (!nearRow.empty()) {
            // Clip the boundary to this row's strip once, then each near cell against the strip.
            const double sMinY = lattice.lat(double(j) - margin - 0.01),
                         sMaxY = lattice.lat(double(j + 1) + margin + 0.01);
            const double sMinX = lattice.lon(double(nearRow.front()) - margin - 0.01);
            const double sMaxX = lattice.lon(double(nearRow.back() + 1) + margin + 0.01);
            GeosGeometryPtr strip(GEOSClipByRect_r(h, boundary.get(), sMinX, sMinY, sMaxX, sMaxY),
                                  GeosGeometryDeleter{h});
            if (strip && !GEOSisEmpty_r(h, strip.get())) {
                for (std::int32_t i : nearRow) {
                    GeosGeometryPtr local(GEOSClipByRect_r(h, strip.get(),
                                                           lattice.lon(double(i) - margin - 0.01), sMinY,
                                                           lattice.lon(double(i + 1) + margin + 0.01), sMaxY),
                                          GeosGeometryDeleter{h});
                    if (!local || GEOSisEmpty_r(h, local.get()))
                        continue;
                    GeosGeometryPtr quad = toGeos(h, lattice.quadPolygon(i, j));
                    GeosGeometryPtr piece(GEOSIntersection_r(h, quad.get(), local.get()),
                                          GeosGeometryDeleter{h});
                    if (!piece) {
                        // ClipByRect can return invalid pieces on odd input: fall back to the full boundary.
                        piece.reset(GEOSIntersection_r(h, quad.get(), boundary.get()));
                        if (!piece)
                            return makeError(
                                ErrorCode::InvalidInput,
                                u"GEOS cannot cut lattice cell (%1, %2) by the boundary"_s.arg(i).arg(j));
                    }
                    for (Polygon &p : polygonsFromGeos(h, piece.get())) {
                        const double a = p.areaM2();
                        if (a < 0.01)
                            continue; // a sliver of rounding, not ground
                        cut[key(i, j)].push_back({std::move(p), a});
                    }
                }
            }
        }
        if (progress && ((j1 - j) % 16 == 0 || j == j0))
            progress(int(j1 - j + 1), int(rows));
    }

    // Small pieces join the neighbour (full or cut) with which they share the longest edge.
    std::unordered_set<std::int64_t> promoted; // full cells that became explicit by a merge
    auto isInside = [&](std::int64_t i, std::int64_t j) {
        if (j < j0 || j > j1)
            return false;
        const auto &r = inside[std::size_t(j - j0)];
        return std::binary_search(r.begin(), r.end(), std::int32_t(i)) && !promoted.count(key(i, j));
    };
    std::vector<std::int64_t> cutKeys;
    cutKeys.reserve(cut.size());
    for (const auto &[k, pieces] : cut)
        cutKeys.push_back(k);
    std::sort(cutKeys.begin(), cutKeys.end());
    for (std::int64_t k : cutKeys) {
        const std::int64_t j = k >> 32;
        const std::int64_t i = std::int32_t(k & 0xffffffff);
        for (std::size_t p = 0; p < cut[k].size();) {
            if (cut[k][p].area >= options.mergeBelowFraction * cellArea || options.mergeBelowFraction <= 0) {
                ++p;
                continue;
            }
            GeosGeometryPtr small = toGeos(h, cut[k][p].polygon);
            const double smallPerimeter = perimeterOf(h, small.get());
            double bestShared = 0;
            std::int64_t bestKey = 0;
            std::size_t bestPiece = 0;
            GeosGeometryPtr bestUnion;
            // The other pieces of this lattice cell and of its eight neighbours (jitter can make a piece
            // touch a diagonal neighbour only).
            const std::int64_t neighbours[9][2] = {{i, j},         {i - 1, j},     {i + 1, j},
                                                   {i, j - 1},     {i, j + 1},     {i - 1, j - 1},
                                                   {i + 1, j - 1}, {i - 1, j + 1}, {i + 1, j + 1}};
            for (const auto &n : neighbours) {
                const std::int64_t nk = key(n[0], n[1]);
                std::vector<std::pair<std::size_t, Polygon>> candidates;
                if (isInside(n[0], n[1]))
                    candidates.emplace_back(SIZE_MAX, lattice.quadPolygon(n[0], n[1]));
                else if (auto it = cut.find(nk); it != cut.end()) {
                    for (std::size_t q = 0; q < it->second.size(); ++q) {
                        if (nk != k || q != p)
                            candidates.emplace_back(q, it->second[q].polygon);
                    }
                }
                for (auto &[q, polygon] : candidates) {
                    GeosGeometryPtr other = toGeos(h, polygon);
                    GeosGeometryPtr joined(GEOSUnion_r(h, small.get(), other.get()), GeosGeometryDeleter{h});
                    if (joined && GEOSGeomTypeId_r(h, joined.get()) != GEOS_POLYGON) {
                        // Pieces cut separately can miss each other by rounding: snap within ~1 mm and retry.
                        GeosGeometryPtr snapped(GEOSSnap_r(h, small.get(), other.get(), 1e-8),
                                                GeosGeometryDeleter{h});
                        if (snapped)
                            joined.reset(GEOSUnion_r(h, snapped.get(), other.get()));
                    }
                    if (!joined || GEOSGeomTypeId_r(h, joined.get()) != GEOS_POLYGON)
                        continue;
                    const double shared =
                        (smallPerimeter + perimeterOf(h, other.get()) - perimeterOf(h, joined.get())) / 2;
                    if (shared > bestShared) {
                        bestShared = shared;
                        bestKey = nk;
                        bestPiece = q;
                        bestUnion = std::move(joined);
                    }
                }
            }
            if (!bestUnion) {
                ++p; // an islet: it stays a cell of its own
                continue;
            }
            QList<Polygon> merged = polygonsFromGeos(h, bestUnion.get());
            Piece result{merged.first(), merged.first().areaM2()};
            if (bestPiece == SIZE_MAX) {
                promoted.insert(bestKey);
                cut[bestKey].push_back(std::move(result));
            } else {
                cut[bestKey][bestPiece] = std::move(result);
            }
            cut[k].erase(cut[k].begin() + std::ptrdiff_t(p));
            ++grid.mergedPieces;
        }
    }

    // Emit north→south, west→east.
    const std::int64_t blockOriginI = i0, blockOriginJ = j1;
    std::int64_t blocksPerRow = 1;
    if (options.blockCells > 0)
        blocksPerRow = (i1 - i0) / options.blockCells + 1;
    auto blockOf = [&](std::int64_t i, std::int64_t j) -> std::int32_t {
        if (options.blockCells <= 0)
            return 0;
        const std::int64_t bx = (i - blockOriginI) / options.blockCells;
        const std::int64_t by = (blockOriginJ - j) / options.blockCells;
        return std::int32_t(by * blocksPerRow + bx);
    };
    std::size_t expected = 0;
    for (const auto &r : inside)
        expected += r.size();
    expected += cut.size();
    grid.polygons.reserve(expected, expected * 6);
    grid.column.reserve(expected);
    grid.row.reserve(expected);
    grid.areaM2.reserve(expected);
    std::vector<std::int32_t> columns;
    for (std::int64_t j = j1; j >= j0; --j) {
        const std::size_t rowIndex = std::size_t(j - j0);
        columns = inside[rowIndex];
        for (const auto &[k, pieces] : cut) {
            if ((k >> 32) == j && !pieces.empty())
                columns.push_back(std::int32_t(k & 0xffffffff));
        }
        std::sort(columns.begin(), columns.end());
        columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
        for (std::int32_t i : columns) {
            auto emit = [&](double a) {
                grid.column.push_back(i);
                grid.row.push_back(std::int32_t(j));
                grid.block.push_back(blockOf(i, j));
                grid.areaM2.push_back(a);
            };
            const std::int64_t k = key(i, j);
            auto it = cut.find(k);
            if (it != cut.end()) {
                // Pieces of one lattice cell: west→east by their box, then north→south.
                auto &pieces = it->second;
                std::sort(pieces.begin(), pieces.end(), [](const Piece &a, const Piece &b) {
                    const QRectF ba = a.polygon.bounds(), bb = b.polygon.bounds();
                    return ba.left() != bb.left() ? ba.left() < bb.left() : ba.bottom() > bb.bottom();
                });
                for (const Piece &p : pieces) {
                    grid.polygons.add(p.polygon);
                    emit(p.area);
                    ++grid.clippedCells;
                }
            } else {
                double x[5], y[5];
                lattice.quad(i, j, x, y);
                grid.polygons.add(x, y, 5);
                Polygon p;
                for (int q = 0; q < 5; ++q)
                    p.outer.append(QPointF(x[q], y[q]));
                emit(p.areaM2());
                ++grid.fullCells;
            }
        }
    }
    // A promoted full cell is counted as clipped above (it changed shape); merged cells were counted there
    // too.
    return grid;
}

Status assignCodes(GeneratedGrid &grid, const JurisdictionCode &community, int serialDigits)
{
    if (community.level() != JurisdictionLevel::Community)
        return makeError(ErrorCode::InvalidInput,
                         u"unit grids belong to a community (12 digits), not to %1"_s.arg(community.text()));
    grid.codes.clear();
    grid.codes.reserve(grid.size());
    int serial = 0;
    for (std::size_t k = 0; k < grid.size(); ++k) {
        auto code = UnitGridCode::next(community, serial, serialDigits);
        if (!code) {
            grid.codes.clear();
            return code.error();
        }
        serial = code->serial();
        grid.codes.push_back(*code);
    }
    return {};
}

Result<QList<JurisdictionCode>> assignBlockCodes(GeneratedGrid &grid, const JurisdictionCode &district,
                                                 int firstStreet)
{
    if (district.level() != JurisdictionLevel::District && district.level() != JurisdictionLevel::Street)
        return makeError(
            ErrorCode::InvalidInput,
            u"block codes need a district or street code (6 or 9 digits), not %1"_s.arg(district.text()));
    // Blocks in numbering order (their first cell comes first in the grid's order only per row, so sort).
    std::vector<std::int32_t> blocks(grid.block.begin(), grid.block.end());
    std::sort(blocks.begin(), blocks.end());
    blocks.erase(std::unique(blocks.begin(), blocks.end()), blocks.end());
    std::unordered_map<std::int32_t, std::size_t> ordinal;
    QList<JurisdictionCode> communities;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        const int street = firstStreet + int(b / 999);
        const int number = int(b % 999) + 1;
        if (district.level() == JurisdictionLevel::Street && b >= 999)
            return makeError(
                ErrorCode::InvalidInput,
                u"street %1 needs %2 blocks; a street has at most 999 communities"_s.arg(district.text())
                    .arg(blocks.size()));
        const QString prefix = district.level() == JurisdictionLevel::Street
                                   ? district.text()
                                   : district.text() + QString::number(street).rightJustified(3, u'0');
        auto code = JurisdictionCode::parse(prefix + QString::number(number).rightJustified(3, u'0'));
        if (!code)
            return code.error();
        ordinal.emplace(blocks[b], b);
        communities.append(*code);
    }
    std::vector<int> serial(blocks.size(), 0);
    grid.codes.assign(grid.size(), UnitGridCode());
    for (std::size_t k = 0; k < grid.size(); ++k) {
        const std::size_t b = ordinal.at(grid.block[k]);
        auto code = UnitGridCode::next(communities[qsizetype(b)], serial[b]);
        if (!code)
            return code.error();
        serial[b] = code->serial();
        grid.codes[k] = *code;
    }
    return communities;
}

} // namespace cg
