#include "mapdata.h"

#include "geo/geometry.h"
#include "map/livecases.h"
#include "session/session.h"
#include "store/geodatastore.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {
constexpr int CasePageSize = 5000;
}

Result<std::shared_ptr<const GridData>> MapData::readGrids(Session &session)
{
    auto jurisdictions = session.store().jurisdictions();
    if (!jurisdictions)
        return jurisdictions.error();
    GridData::Builder builder;
    for (const Jurisdiction &j : *jurisdictions)
        builder.setName(j.code.text(), j.name);
    for (const Jurisdiction &j : *jurisdictions) {
        if (j.code.level() != JurisdictionLevel::Community)
            continue;
        auto grids = session.store().grids(j.code);
        if (!grids)
            return grids.error();
        if (grids->isEmpty())
            continue;
        const int community = builder.addCommunity(j.code.text(), j.name);
        for (const UnitGrid &grid : *grids) {
            const auto polygon = polygonFromWkb(grid.wkb);
            if (!polygon || polygon->outer.size() < 4)
                continue; // the store validated them when they were written; a bad one is not drawn
            builder.addCell(grid.code.text().toLongLong(), community, polygon->outer.constData(),
                            int(polygon->outer.size()));
        }
    }
    return builder.build();
}

Result<std::shared_ptr<const CasePoints>> MapData::readCases(Session &session, CaseQuery query)
{
    query.limit = CasePageSize;
    query.now = session.clock().now();
    CasePoints::Builder builder;
    for (;;) {
        auto page = session.store().casePage(query);
        if (!page)
            return page.error();
        for (const CaseRecord &c : page->rows) {
            if (c.longitude == 0 && c.latitude == 0)
                continue;
            builder.add(caseMapInput(c, query.now));
        }
        if (!page->next)
            break;
        query.after = page->next;
    }
    return builder.build();
}

std::shared_ptr<const MapPoints> MapData::readComponents(Session &session)
{
    MapPoints::Builder builder;
    // Major classes 01–05 (public utilities, roads and traffic, city appearance, landscaping, housing and
    // land).
    for (const QString &major : {u"01"_s, u"02"_s, u"03"_s, u"04"_s, u"05"_s})
        builder.addCategory(major);
    (void)GeodataStore(session.store()).forEachComponent({}, [&](const ComponentRecord &c) {
        builder.add(c.longitude, c.latitude, uint8_t(std::clamp(c.classCode.left(2).toInt() - 1, 0, 4)));
    });
    return builder.build(true);
}

std::shared_ptr<const MapPoints> MapData::readPointsOfInterest(Session &session)
{
    MapPoints::Builder builder;
    (void)GeodataStore(session.store()).forEachPointOfInterest([&](const PointOfInterest &p) {
        builder.add(p.longitude, p.latitude, uint8_t(builder.category(p.kind)), p.name);
    });
    return builder.build(false);
}

std::shared_ptr<const MapAreas> MapData::readResponsibilityGrids(Session &session)
{
    MapAreas::Builder builder;
    if (auto grids = GeodataStore(session.store()).responsibilityGrids()) {
        for (const ResponsibilityGrid &r : *grids)
            if (auto polygon = polygonFromWkb(r.wkb))
                builder.add(r.code, r.name, polygon->outer);
    }
    return builder.build();
}

} // namespace cg
