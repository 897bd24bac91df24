#pragma once

#include "core/codes.h"
#include "geo/geometry.h"
#include "geo/spatialindex.h"

#include <QPointF>

#include <atomic>
#include <functional>
#include <vector>

namespace cg {

struct GridOptions
{
    double cellMetres = 100; // lattice side: cells of about 10,000 m²
    // Shared lattice vertices move up to this far (deterministically, from the seed and the vertex), so cells
    // look surveyed and stay seamless: neighbours, and neighbouring areas generated with the same options,
    // share every vertex. Must be under 40 % of the cell.
    double jitterMetres = 0;
    quint32 seed = 1;
    // The lattice is anchored here and sized at `referenceLatitude`, the same for every area of a city, so
    // grids generated per community or per district fit together.
    QPointF origin{120.0, 30.0};
    double referenceLatitude = 31.2;
    // Clipped pieces smaller than this share of a full cell join the neighbour they share most edge with.
    double mergeBelowFraction = 0.3;
    // When > 0, cells are also grouped into blocks of blockCells × blockCells lattice cells (numbered
    // west→east, north→south), for areas that have no community boundaries (see assignBlockCodes).
    int blockCells = 0;
};

// Cells in flat arrays, ordered north→south, then west→east (the numbering order of the 15-digit rule).
struct GeneratedGrid
{
    FlatPolygons polygons;
    std::vector<std::int32_t> column, row; // lattice position (row grows northward)
    std::vector<std::int32_t> block;       // block number (blockCells > 0), else 0
    std::vector<double> areaM2;
    std::vector<UnitGridCode> codes; // filled by assignCodes / assignBlockCodes
    int fullCells = 0;               // cells inside the boundary, untouched
    int clippedCells = 0;            // cells cut by the boundary
    int mergedPieces = 0;            // small clipped pieces joined to a neighbour

    std::size_t size() const { return areaM2.size(); }
};

// Cuts `area` (one or more polygons, lon/lat CGCS2000) into unit grid cells. Fails on an empty or
// unusable boundary, on bad options, or when cancelled. `progress(done, total)` counts lattice rows.
Result<GeneratedGrid> generateGrid(const QList<Polygon> &area, const GridOptions &options,
                                   const std::function<void(int, int)> &progress = {},
                                   const std::atomic_bool *cancel = nullptr);

// Codes every cell as `community` + serial (west→east, north→south). Fails with UnitGridCode::next's
// overflow error when the community has more cells than the serial digits allow.
Status assignCodes(GeneratedGrid &grid, const JurisdictionCode &community, int serialDigits = 3);

// Codes cells of an area without communities by blocks (GridOptions::blockCells). In a district, block b
// becomes community <district><street><nnn>, the street starting at `firstStreet` (e.g. 301) and moving on
// after 999 blocks; in a street, community <street><nnn>. Returns the communities used, in order.
Result<QList<JurisdictionCode>> assignBlockCodes(GeneratedGrid &grid, const JurisdictionCode &district,
                                                 int firstStreet = 301);

} // namespace cg
