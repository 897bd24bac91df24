#pragma once

#include "analysis/analysisqueries.h"
#include "core/hotspot.h"

#include <vector>

namespace cg {

// Neighbours of each grid for Gi*: the grids whose centres lie within `metres` of its centre (a distance
// band; with 100 m grids, 150 m takes the 8 around and the grid itself). A hash of cells `metres` wide on a
// local equirectangular plane, so that 800,000 grids take a fraction of a second.
Neighbourhoods neighbourhoodsWithin(const GridCentres &grids, double metres);

struct GridHotSpot
{
    qint64 grid = 0;
    int cases = 0;
    GiStar gi; // z, p and the significance class
};

struct HotSpotOptions
{
    double neighbourMetres = 150;
};

// Gi* of case counts per grid: every grid of `grids` takes part (grids without cases count 0), in the order
// of `grids`.
Result<std::vector<GridHotSpot>> hotSpots(const GridCentres &grids,
                                          const std::unordered_map<qint64, int> &counts,
                                          const Neighbourhoods &neighbours);

// The whole analysis on the store: current grids under the filter's scope, their case counts in the range,
// neighbours within options.neighbourMetres, Gi*.
Result<std::vector<GridHotSpot>> hotSpots(AnalysisQueries &queries, const TimeRange &range,
                                          const AnalysisFilter &filter, const HotSpotOptions &options = {});

} // namespace cg
