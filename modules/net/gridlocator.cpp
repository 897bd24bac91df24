#include "net/gridlocator.h"

#include <QSqlError>
#include <QSqlQuery>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

Result<BoundingBoxGridLocator> BoundingBoxGridLocator::load(const QSqlDatabase &db)
{
    BoundingBoxGridLocator locator;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(
            u"SELECT code, community_code, area_class, geometry FROM unit_grids WHERE valid_to IS NULL"_s))
        return makeError(ErrorCode::Storage, u"cannot read the unit grids: %1"_s.arg(q.lastError().text()));
    while (q.next()) {
        auto code = UnitGridCode::parse(q.value(0).toString());
        auto community = JurisdictionCode::parse(q.value(1).toString());
        auto area = parseAreaClass(q.value(2).toString());
        auto polygon = polygonFromWkb(q.value(3).toByteArray());
        if (!code || !community || !area || !polygon)
            return makeError(ErrorCode::Corrupt,
                             u"unit grid %1 cannot be read: %2"_s.arg(
                                 q.value(0).toString(), !polygon ? polygon.errorMessage() : u"bad code"_s));
        LocatedGrid g{*code, *community, *area, polygon->bounds().center()};
        locator.add(g, *polygon);
    }
    return locator;
}

void BoundingBoxGridLocator::add(const LocatedGrid &grid, const Polygon &polygon)
{
    const int index = int(mGrids.size());
    const QRectF bounds = polygon.bounds();
    mGrids.push_back({grid, polygon, bounds});
    mByCode.insert(grid.grid.text(), index);
    const int c0 = int(std::floor(bounds.left() / CellDegrees)),
              c1 = int(std::floor(bounds.right() / CellDegrees));
    const int r0 = int(std::floor(bounds.top() / CellDegrees)),
              r1 = int(std::floor(bounds.bottom() / CellDegrees));
    for (int c = c0; c <= c1; ++c) {
        for (int r = r0; r <= r1; ++r)
            mBuckets[bucketKey(c, r)].push_back(index);
    }
}

std::optional<LocatedGrid> BoundingBoxGridLocator::locate(const QPointF &p) const
{
    const auto it = mBuckets.constFind(
        bucketKey(int(std::floor(p.x() / CellDegrees)), int(std::floor(p.y() / CellDegrees))));
    if (it == mBuckets.cend())
        return std::nullopt;
    for (int index : *it) {
        const Entry &e = mGrids[size_t(index)];
        if (p.x() < e.bounds.left() || p.x() > e.bounds.right() || p.y() < e.bounds.top() ||
            p.y() > e.bounds.bottom())
            continue;
        if (contains(e.polygon, p))
            return e.grid;
    }
    return std::nullopt;
}

std::optional<LocatedGrid> BoundingBoxGridLocator::grid(const UnitGridCode &code) const
{
    const auto it = mByCode.constFind(code.text());
    if (it == mByCode.cend())
        return std::nullopt;
    return mGrids[size_t(*it)].grid;
}

} // namespace cg
