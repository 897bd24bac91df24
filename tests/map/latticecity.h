#pragma once

// A synthetic city for map tests and the map benchmark: a lattice of ~100 m unit grids whose shared vertices
// move up to `jitter` metres (seamless, irregular, deterministic), grouped into communities, streets and
// districts by blocks, and cases clustered around "markets and stations" plus a scattered background.

#include "core/workflow.h"
#include "map/casepoints.h"
#include "map/griddata.h"
#include "map/mapsettings.h"

#include <QString>

#include <cmath>
#include <cstdint>
#include <random>

namespace cg::test {

struct LatticeOptions
{
    int columns = 40, rows = 30;
    double cellMetres = 100;
    double jitterMetres = 30;
    double lon0 = 121.40, lat0 = 31.20; // south-west corner
    int communityCells = 6;             // a community is communityCells × communityCells cells
    int streetCommunities = 3;          // a street is streetCommunities × streetCommunities communities
    int districtStreets = 2;            // a district is districtStreets × districtStreets streets
};

inline double latticeJitter(int i, int j, int axis, double amplitude)
{
    uint64_t h = uint64_t(uint32_t(i)) * 0x9E3779B97F4A7C15ull ^
                 uint64_t(uint32_t(j)) * 0xC2B2AE3D27D4EB4Full ^ uint64_t(axis + 1) * 0x165667B19E3779F9ull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return (double(h % 100000) / 100000.0 * 2.0 - 1.0) * amplitude;
}

inline QPointF latticeLonLat(const LatticeOptions &o, double x, double y)
{
    return {o.lon0 + x / (111320.0 * std::cos(o.lat0 * M_PI / 180.0)), o.lat0 + y / 110574.0};
}

inline QPointF latticeVertex(const LatticeOptions &o, int i, int j)
{
    const bool edge = i == 0 || j == 0 || i == o.columns || j == o.rows;
    const double jx = edge ? 0 : latticeJitter(i, j, 0, o.jitterMetres);
    const double jy = edge ? 0 : latticeJitter(i, j, 1, o.jitterMetres);
    return latticeLonLat(o, i * o.cellMetres + jx, j * o.cellMetres + jy);
}

// Codes: district 3101dd, street +3, community +3, serial +3 (15 digits).
inline QString latticeCommunityCode(const LatticeOptions &o, int col, int row)
{
    const int cx = col / o.communityCells, cy = row / o.communityCells;
    const int sx = cx / o.streetCommunities, sy = cy / o.streetCommunities;
    const int dx = sx / o.districtStreets, dy = sy / o.districtStreets;
    const int districtsX = (o.columns / o.communityCells / o.streetCommunities / o.districtStreets) + 1;
    const int streetsX = o.districtStreets, communitiesX = o.streetCommunities;
    const int district = dy * districtsX + dx + 1;
    const int street = (sy % o.districtStreets) * streetsX + (sx % o.districtStreets) + 1;
    const int community = (cy % o.streetCommunities) * communitiesX + (cx % o.streetCommunities) + 1;
    return QStringLiteral("3101%1%2%3")
        .arg(district, 2, 10, QLatin1Char('0'))
        .arg(street, 3, 10, QLatin1Char('0'))
        .arg(community, 3, 10, QLatin1Char('0'));
}

inline std::shared_ptr<const GridData> makeLatticeGrids(const LatticeOptions &o)
{
    GridData::Builder builder;
    builder.reserve(size_t(o.columns) * o.rows, size_t(o.columns) * o.rows * 4);
    QHash<QString, int> communities;
    QHash<QString, int> serials;
    QPointF ring[4];
    for (int row = o.rows - 1; row >= 0; --row) { // serials north→south, west→east
        for (int col = 0; col < o.columns; ++col) {
            const QString community = latticeCommunityCode(o, col, row);
            auto it = communities.find(community);
            if (it == communities.end()) {
                it = communities.insert(community, builder.addCommunity(community));
                builder.setName(community.left(6), QStringLiteral("D%1").arg(community.mid(4, 2)));
                builder.setName(community.left(9),
                                QStringLiteral("S%1-%2").arg(community.mid(4, 2), community.mid(6, 3)));
                builder.setName(community, QStringLiteral("C%1").arg(community.right(3)));
            }
            const int serial = ++serials[community];
            ring[0] = latticeVertex(o, col, row);
            ring[1] = latticeVertex(o, col + 1, row);
            ring[2] = latticeVertex(o, col + 1, row + 1);
            ring[3] = latticeVertex(o, col, row + 1);
            builder.addCell(
                QString(community + QString::number(serial).rightJustified(3, QLatin1Char('0'))).toLongLong(),
                *it, ring, 4);
        }
    }
    return builder.build();
}

// `count` cases: 60 % around `hotSpots` centres (σ ≈ 250 m), the rest uniform. States are CaseState values.
inline std::shared_ptr<const CasePoints> makeLatticeCases(const LatticeOptions &o, const GridData &grids,
                                                          int count, int hotSpots = 40, uint32_t seed = 7)
{
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> ux(0, o.columns * o.cellMetres), uy(0, o.rows * o.cellMetres),
        u01(0, 1);
    std::normal_distribution<double> spread(0, 250);
    std::vector<QPointF> spots;
    for (int i = 0; i < hotSpots; ++i)
        spots.emplace_back(ux(random), uy(random));
    CasePoints::Builder builder;
    builder.reserve(size_t(count));
    const CaseState open[] = {CaseState::Reported,   CaseState::Verifying,  CaseState::Accepted,
                              CaseState::Filed,      CaseState::Dispatched, CaseState::Dispatched,
                              CaseState::Dispatched, CaseState::Parked,     CaseState::Handled,
                              CaseState::Checking};
    for (int i = 0; i < count; ++i) {
        double x, y;
        if (u01(random) < 0.6 && !spots.empty()) {
            const QPointF &c = spots[size_t(random() % spots.size())];
            x = c.x() + spread(random);
            y = c.y() + spread(random);
        } else {
            x = ux(random);
            y = uy(random);
        }
        x = std::clamp(x, 1.0, o.columns * o.cellMetres - 1);
        y = std::clamp(y, 1.0, o.rows * o.cellMetres - 1);
        const QPointF ll = latticeLonLat(o, x, y);
        CasePoints::Input in;
        in.id = i + 1;
        in.lon = ll.x();
        in.lat = ll.y();
        const int cell = grids.cellAt(WebMercator::fromLonLat(ll));
        in.grid = cell >= 0 ? grids.code(cell) : 0;
        if (u01(random) < 0.55) {
            in.state = uint8_t(CaseState::Closed);
        } else {
            in.state = uint8_t(open[random() % 10]);
            in.flags = CasePoints::Open;
            if (u01(random) < 0.15)
                in.flags |= CasePoints::Overdue;
            if (u01(random) < 0.06)
                in.flags |= CasePoints::KeySupervision;
        }
        builder.add(in);
    }
    return builder.build();
}

} // namespace cg::test
