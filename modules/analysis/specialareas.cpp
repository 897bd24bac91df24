#include "analysis/specialareas.h"

#include "core/csv.h"
#include "geo/geometry.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace cg {

ProximityIndex::ProximityIndex(QList<PointOfInterest> points, double radiusMetres)
    : mPoints(std::move(points))
    , mRadius(radiusMetres)
{
    if (mPoints.isEmpty() || !(mRadius > 0))
        return;
    double lat = 0;
    for (const PointOfInterest &p : mPoints)
        lat += p.latitude;
    const QPointF scale = metresPerDegree(lat / double(mPoints.size()));
    mScaleX = scale.x();
    mScaleY = scale.y();
    // Wider than the radius: the plane is fitted at the mean latitude, distances are haversine.
    mCell = mRadius * 1.05;
    for (int i = 0; i < mPoints.size(); ++i) {
        const std::int64_t bx = std::int64_t(std::floor(mPoints[i].longitude * mScaleX / mCell));
        const std::int64_t by = std::int64_t(std::floor(mPoints[i].latitude * mScaleY / mCell));
        mBuckets[key(bx, by)].append(i);
    }
}

QRectF ProximityIndex::bounds() const
{
    if (mPoints.isEmpty())
        return {};
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (const PointOfInterest &p : mPoints) {
        x0 = std::min(x0, p.longitude);
        x1 = std::max(x1, p.longitude);
        y0 = std::min(y0, p.latitude);
        y1 = std::max(y1, p.latitude);
    }
    const double mx = mCell / mScaleX, my = mCell / mScaleY;
    return QRectF(QPointF(x0 - mx, y0 - my), QPointF(x1 + mx, y1 + my));
}

Result<QList<SpecialAreaCases>> specialAreas(AnalysisQueries &queries, const QStringList &kinds,
                                             double radiusMetres, const TimeRange &range,
                                             const AnalysisFilter &filter)
{
    if (!(radiusMetres > 0) || radiusMetres > 5000)
        return makeError(ErrorCode::InvalidInput,
                         u"special areas: radius %1 m is outside 0–5000 m"_s.arg(radiusMetres));
    auto points = queries.pointsOfInterest(kinds);
    if (!points)
        return points.error();
    QList<SpecialAreaCases> result;
    for (const PointOfInterest &p : *points)
        result.append({p, 0, {}, {}, -1});
    if (points->isEmpty())
        return result;
    const ProximityIndex index(*points, radiusMetres);
    // Only the cases inside the box of all circles leave the store.
    QString key;
    auto s = queries.forEachCasePoint(range, filter, index.bounds(), [&](const CasePoint &c) {
        key.clear(); // the class key is built once per case, and only for cases near a point
        index.visit(c.lon, c.lat, [&](int i, double d) {
            if (key.isEmpty())
                key = c.classKind + u'/' + c.classCode;
            SpecialAreaCases &a = result[i];
            ++a.cases;
            a.caseIds.append(c.id);
            ++a.byClass[key];
            if (a.nearestMetres < 0 || d < a.nearestMetres)
                a.nearestMetres = d;
        });
    });
    if (!s)
        return s.error();
    for (SpecialAreaCases &a : result)
        std::sort(a.caseIds.begin(), a.caseIds.end());
    std::stable_sort(result.begin(), result.end(), [](const SpecialAreaCases &a, const SpecialAreaCases &b) {
        return a.cases != b.cases ? a.cases > b.cases : a.poi.name < b.poi.name;
    });
    return result;
}

Result<QList<PointOfInterest>> readPointsOfInterestCsv(const QString &path, const QString &kind,
                                                       const QString &nameColumn, const QString &lonColumn,
                                                       const QString &latColumn, const QString &crs)
{
    auto table = CsvTable::readFile(path);
    if (!table)
        return table.error();
    if (auto s = table->requireColumns({nameColumn, lonColumn, latColumn}); !s)
        return s.error();
    auto source = Crs::fromString(crs);
    if (!source)
        return source.error();
    auto transform = CrsTransform::create(*source, Crs::cgcs2000());
    if (!transform)
        return transform.error();
    QList<PointOfInterest> points;
    for (const CsvRecord &r : table->records()) {
        bool okX = false, okY = false;
        const double x = table->value(r, lonColumn).toDouble(&okX);
        const double y = table->value(r, latColumn).toDouble(&okY);
        if (!okX || !okY)
            return makeError(ErrorCode::InvalidInput,
                             table->where(r) + u"%1/%2 is not a pair of numbers"_s.arg(lonColumn, latColumn));
        auto p = transform->transform(QPointF(x, y));
        if (!p)
            return makeError(ErrorCode::InvalidInput, table->where(r) + p.errorMessage());
        const QString name = table->value(r, nameColumn).trimmed();
        if (name.isEmpty())
            return makeError(ErrorCode::InvalidInput, table->where(r) + u"%1 is empty"_s.arg(nameColumn));
        points.append(PointOfInterest{0, kind, name, p->x(), p->y()});
    }
    return points;
}

} // namespace cg
