#pragma once

#include "core/codes.h"
#include "core/result.h"
#include "store/geodatastore.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QRectF>
#include <QString>

#include <array>
#include <functional>
#include <unordered_map>
#include <vector>

namespace cg {

class SqlStore;

// A half-open span of time [begin, end) in UTC.
struct TimeRange
{
    QDateTime begin;
    QDateTime end;
    bool isValid() const { return begin.isValid() && end.isValid() && begin < end; }
};

// Which cases an analysis counts. Cases rejected as invalid or voided as mistakes never count.
struct AnalysisFilter
{
    QString scope;     // a district (6), street (9) or community (12) code; empty: everywhere
    QString classKind; // "event" or "component"; empty: both
    QString classCode; // a class ("06010") or a major ("06"); empty: every class
};

// The centre of every current unit grid (the middle of its bounding box), lon/lat CGCS2000. Codes are the
// 14- or 15-digit grid codes as numbers (an unordered map keyed by qint64 is five times smaller than one
// keyed by QString at 800,000 grids).
struct GridCentres
{
    std::vector<qint64> codes;
    std::vector<double> lon;
    std::vector<double> lat;
    std::size_t size() const { return codes.size(); }
    // Index of a code, or -1 (builds a lookup on first use; not thread-safe).
    int indexOf(qint64 code) const;

private:
    mutable std::unordered_map<qint64, int> mIndex;
};

// The position and time of one case (what spatial and temporal clustering needs, nothing more).
struct CasePoint
{
    qint64 id = 0;
    qint64 grid = 0;
    double lon = 0;
    double lat = 0;
    qint64 reportedAtMs = 0; // UTC milliseconds since the epoch, as stored
    QString classKind;
    QString classCode;
};

// Points of interest (PointOfInterest: metro, school, hospital, market, ...) are store/geodatastore.h's.

// Cases of one unit grid and class in a period, by channel: patrol (supervisors) and the other channels
// that find problems (hotlines, the public, video) of which only the filed ones count.
struct GridClassSources
{
    qint64 grid = 0;
    QString classKind;
    QString classCode;
    int patrol = 0;          // cases reported by supervisors on patrol (any state but rejected)
    int othersFiled = 0;     // cases from 12345/12319, the public or video that were filed
    qint64 supervisorId = 0; // the supervisor of the grid's responsibility grid; 0 when none
    QString responsibilityCode;
};

// The SQL of the analyses, on either engine: every statement aggregates in the store (GROUP BY over the
// period's rows, read through the reported_at indexes) or streams only the columns it needs.
// Uses the store's connection: call it in the store's thread.
class AnalysisQueries
{
public:
    explicit AnalysisQueries(SqlStore &store);

    SqlStore &store() const { return mStore; }

    // Current unit grids (valid_to IS NULL) under `scope` (empty: all).
    Result<GridCentres> gridCentres(const QString &scope = {});
    // Cases per grid code in the range.
    Result<std::unordered_map<qint64, int>> casesPerGrid(const TimeRange &range,
                                                         const AnalysisFilter &filter);
    // Cases per grid and per week: weeks of 7 days from `firstWeek` (a UTC instant), `weeks` of them; the
    // value for a grid is a vector of `weeks` counts.
    Result<std::unordered_map<qint64, std::vector<int>>>
    weeklyCasesPerGrid(const QDateTime &firstWeek, int weeks, const AnalysisFilter &filter);
    // Cases per hour of the week (0 = Monday 00:00–01:00 Beijing time … 167) and class key
    // ("event/06010").
    Result<QHash<QString, std::array<int, 168>>> casesPerHourOfWeek(const TimeRange &range,
                                                                    const AnalysisFilter &filter);
    // Calls `row` for every case in the range (and inside `box`, lon/lat, when it is valid), in no particular
    // order (sorting a million rows in SQL costs more than the callers' own ordering).
    Status forEachCasePoint(const TimeRange &range, const AnalysisFilter &filter, const QRectF &box,
                            const std::function<void(const CasePoint &)> &row);
    // Per grid and class: patrol reports and filed reports of the other channels, with the grid's supervisor.
    Result<QList<GridClassSources>> sourcesPerGridAndClass(const TimeRange &range,
                                                           const AnalysisFilter &filter);
    // Names and logins of users by id.
    Result<QHash<qint64, QPair<QString, QString>>> userNames();

    // Points of interest of the given kinds (all when empty), by id.
    Result<QList<PointOfInterest>> pointsOfInterest(const QStringList &kinds = {});

    // Names of jurisdictions by code.
    Result<QHash<QString, QString>> jurisdictionNames();

    // The WHERE clause of a range and filter over `cases c`, with its values.
    struct Condition
    {
        QString sql;
        QVariantList values;
    };

private:
    Result<Condition> where(const TimeRange &range, const AnalysisFilter &filter);

    SqlStore &mStore;
};

// The hour of the week of a UTC instant in Beijing time: 0 = Monday 00:00–00:59 … 167 = Sunday 23:00–23:59.
int hourOfWeek(qint64 utcMilliseconds);

} // namespace cg
