#include "analysis/hotspots.h"

#include "geo/geometry.h"

#include <algorithm>
#include <cmath>

namespace cg {

Neighbourhoods neighbourhoodsWithin(const GridCentres &grids, double metres)
{
    Neighbourhoods nb;
    const std::size_t n = grids.size();
    nb.offsets.assign(n + 1, 0);
    if (n == 0 || !(metres > 0))
        return nb;
    double latSum = 0;
    for (double lat : grids.lat)
        latSum += lat;
    const QPointF scale = metresPerDegree(latSum / double(n));
    double minX = 1e300, minY = 1e300;
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = grids.lon[i] * scale.x();
        y[i] = grids.lat[i] * scale.y();
        minX = std::min(minX, x[i]);
        minY = std::min(minY, y[i]);
    }
    double maxX = 0, maxY = 0;
    for (std::size_t i = 0; i < n; ++i) {
        x[i] -= minX;
        y[i] -= minY;
        maxX = std::max(maxX, x[i]);
        maxY = std::max(maxY, y[i]);
    }
    // Buckets at least `metres` wide (wider when the points are few over a large area, so that the bucket
    // array stays within 8 per point): every neighbour of a point lies in its bucket or one of the 8 around.
    double width = metres;
    while ((maxX / width + 1) * (maxY / width + 1) > 8.0 * double(n) + 1024)
        width *= 2;
    const std::int64_t columns = std::int64_t(maxX / width) + 1, rows = std::int64_t(maxY / width) + 1;
    // Counting sort of the points by bucket: bucket b holds order[start[b] .. start[b + 1]).
    std::vector<std::uint32_t> bucket(n);
    std::vector<std::uint32_t> start(std::size_t(columns * rows) + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        bucket[i] = std::uint32_t(std::int64_t(y[i] / width) * columns + std::int64_t(x[i] / width));
        ++start[bucket[i] + 1];
    }
    for (std::size_t b = 1; b < start.size(); ++b)
        start[b] += start[b - 1];
    std::vector<int> order(n);
    {
        std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
        for (std::size_t i = 0; i < n; ++i)
            order[fill[bucket[i]]++] = int(i);
    }
    const double r2 = metres * metres;
    nb.indices.reserve(n * 9);
    std::vector<int> found;
    for (std::size_t i = 0; i < n; ++i) {
        found.clear();
        const std::int64_t bx = std::int64_t(x[i] / width), by = std::int64_t(y[i] / width);
        for (std::int64_t dy = std::max<std::int64_t>(0, by - 1); dy <= std::min(rows - 1, by + 1); ++dy) {
            for (std::int64_t dx = std::max<std::int64_t>(0, bx - 1); dx <= std::min(columns - 1, bx + 1);
                 ++dx) {
                const std::size_t b = std::size_t(dy * columns + dx);
                for (std::uint32_t k = start[b]; k < start[b + 1]; ++k) {
                    const std::size_t j = std::size_t(order[k]);
                    const double ddx = x[j] - x[i], ddy = y[j] - y[i];
                    if (ddx * ddx + ddy * ddy <= r2)
                        found.push_back(int(j));
                }
            }
        }
        std::sort(found.begin(), found.end());
        nb.indices.insert(nb.indices.end(), found.begin(), found.end());
        nb.offsets[i + 1] = int(nb.indices.size());
    }
    return nb;
}

Result<std::vector<GridHotSpot>> hotSpots(const GridCentres &grids,
                                          const std::unordered_map<qint64, int> &counts,
                                          const Neighbourhoods &neighbours)
{
    std::vector<double> values(grids.size(), 0.0);
    for (std::size_t i = 0; i < grids.size(); ++i) {
        if (auto it = counts.find(grids.codes[i]); it != counts.end())
            values[i] = it->second;
    }
    auto gi = getisOrdGiStar(values, neighbours);
    if (!gi)
        return gi.error();
    std::vector<GridHotSpot> result(grids.size());
    for (std::size_t i = 0; i < grids.size(); ++i)
        result[i] = {grids.codes[i], int(values[i]), (*gi)[i]};
    return result;
}

Result<std::vector<GridHotSpot>> hotSpots(AnalysisQueries &queries, const TimeRange &range,
                                          const AnalysisFilter &filter, const HotSpotOptions &options)
{
    auto grids = queries.gridCentres(filter.scope);
    if (!grids)
        return grids.error();
    auto counts = queries.casesPerGrid(range, filter);
    if (!counts)
        return counts.error();
    return hotSpots(*grids, *counts, neighbourhoodsWithin(*grids, options.neighbourMetres));
}

} // namespace cg
