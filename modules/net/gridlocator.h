#pragma once

#include "core/codes.h"
#include "core/result.h"
#include "core/timelimit.h"
#include "geo/geometry.h"

#include <QHash>
#include <QPointF>
#include <QSqlDatabase>

#include <optional>
#include <vector>

namespace cg {

struct LocatedGrid
{
    UnitGridCode grid;
    JurisdictionCode community;
    AreaClass areaClass = AreaClass::B;
    QPointF centre; // of the grid's bounding box (lon/lat)
};

// Point → unit grid. An interface, so that cg_geo's spatial index can replace the small locator below once it
// exists without the gateway changing.
class GridLocator
{
public:
    virtual ~GridLocator() = default;
    // The grid containing the CGCS2000 point, or nullopt outside every grid.
    virtual std::optional<LocatedGrid> locate(const QPointF &lonLat) const = 0;
    virtual std::optional<LocatedGrid> grid(const UnitGridCode &code) const = 0;
};

// Bounding boxes bucketed on a regular lon/lat raster, then the exact polygon test of cg_geo. Loaded once
// from the store's current grids (valid_to IS NULL).
class BoundingBoxGridLocator : public GridLocator
{
public:
    static Result<BoundingBoxGridLocator> load(const QSqlDatabase &db);
    void add(const LocatedGrid &grid, const Polygon &polygon);

    std::optional<LocatedGrid> locate(const QPointF &lonLat) const override;
    std::optional<LocatedGrid> grid(const UnitGridCode &code) const override;
    int size() const { return int(mGrids.size()); }

private:
    static constexpr double CellDegrees = 0.01; // ~1 km: a handful of unit grids per bucket
    static qint64 bucketKey(int col, int row) { return (qint64(col) << 32) ^ quint32(row); }
    struct Entry
    {
        LocatedGrid grid;
        Polygon polygon;
        QRectF bounds;
    };
    std::vector<Entry> mGrids;
    QHash<qint64, std::vector<int>> mBuckets;
    QHash<QString, int> mByCode;
};

} // namespace cg
