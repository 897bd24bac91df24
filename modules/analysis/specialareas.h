#pragma once

#include "analysis/analysisqueries.h"
#include "geo/crs.h"

#include <QList>
#include <QMap>

#include <cmath>

namespace cg {

// Cases within `radiusMetres` of one point of interest (a special area, 重点区域).
struct SpecialAreaCases
{
    PointOfInterest poi;
    int cases = 0;
    QList<qint64> caseIds;      // ascending
    QMap<QString, int> byClass; // "event/06010" → cases
    double nearestMetres = -1;  // distance of the closest case; -1 when none
};

// Finds, for each point, the points of `candidates` within `radiusMetres` (haversine). A hash of cells
// `radiusMetres` wide over the points, so a city's 1,000,000 cases against 1,000 points is one pass.
class ProximityIndex
{
public:
    ProximityIndex(QList<PointOfInterest> points, double radiusMetres);
    // Calls f(index into points(), distance in metres) for every point within the radius of (lon, lat).
    template<typename F>
    void visit(double lon, double lat, F f) const;
    const QList<PointOfInterest> &points() const { return mPoints; }
    double radius() const { return mRadius; }
    // The lon/lat box that holds every circle (for a pre-filter in SQL); invalid when there are no points.
    QRectF bounds() const;

private:
    std::int64_t key(std::int64_t bx, std::int64_t by) const { return (bx << 32) ^ (by & 0xffffffff); }
    QList<PointOfInterest> mPoints;
    double mRadius;
    double mScaleX = 1, mScaleY = 1, mCell = 1;
    QHash<std::int64_t, QList<int>> mBuckets;
};

// The special areas: for each point of interest of the given kinds (all when empty), the cases in the range
// within `radiusMetres`. Sorted by cases, most first, then by name. Points with no case are kept (a quiet
// school is a finding too).
Result<QList<SpecialAreaCases>> specialAreas(AnalysisQueries &queries, const QStringList &kinds,
                                             double radiusMetres, const TimeRange &range,
                                             const AnalysisFilter &filter);

// Reads points of interest from a CSV with a header: `nameColumn`, `lonColumn`, `latColumn` by name, the
// coordinates in `crs` ("wgs84", "gcj02", "bd09", "cgcs2000") converted to CGCS2000. Errors name the file,
// the line and the column.
Result<QList<PointOfInterest>> readPointsOfInterestCsv(const QString &path, const QString &kind,
                                                       const QString &nameColumn, const QString &lonColumn,
                                                       const QString &latColumn, const QString &crs);

template<typename F>
void ProximityIndex::visit(double lon, double lat, F f) const
{
    const std::int64_t bx = std::int64_t(std::floor(lon * mScaleX / mCell));
    const std::int64_t by = std::int64_t(std::floor(lat * mScaleY / mCell));
    for (std::int64_t dy = -1; dy <= 1; ++dy) {
        for (std::int64_t dx = -1; dx <= 1; ++dx) {
            const auto it = mBuckets.constFind(key(bx + dx, by + dy));
            if (it == mBuckets.cend())
                continue;
            for (int i : *it) {
                const PointOfInterest &p = mPoints[i];
                const double d = distanceMetres({lon, lat}, {p.longitude, p.latitude});
                if (d <= mRadius)
                    f(i, d);
            }
        }
    }
}

} // namespace cg
