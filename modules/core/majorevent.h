#pragma once

#include "core/codes.h"
#include "core/result.h"
#include "core/timelimit.h"

#include <QDateTime>
#include <QList>
#include <QPointF>
#include <QString>

#include <optional>

namespace cg {

// Major-event mode (重大活动, DOMAIN.md §2 "temporary special areas"): for a period, cases reported inside a
// temporary key area get tighter handling limits, and the event's own classes are under key supervision.
struct MajorEvent
{
    qint64 id = 0;
    QString name;
    QDateTime startsAt; // the period, [startsAt, endsAt)
    QDateTime endsAt;
    // The key area: jurisdiction nodes (districts, streets, communities), unit grids, and/or a polygon
    // (lon/lat, CGCS2000). A case lies in the area when any of them holds it.
    QList<JurisdictionCode> areas;
    QList<UnitGridCode> grids;
    QList<QPointF> polygon;
    // Tighter handling limits: the catalogue limit times the factor (0 < factor < 1, at least 1 of the
    // limit's unit), and/or an explicit limit; the shortest applies.
    std::optional<double> limitFactor;
    TimeLimit handlingLimit; // null: none
    // Classes under key supervision during the event (on top of the catalogue's own).
    QList<CatalogueKey> keyClasses;
    QDateTime createdAt;
    QDateTime endedAt; // set when an administrator ended the event early

    // The end that counts: endedAt when ended early, else endsAt.
    QDateTime effectiveEnd() const { return endedAt.isValid() && endedAt < endsAt ? endedAt : endsAt; }
    bool isActiveAt(const QDateTime &at) const { return at >= startsAt && at < effectiveEnd(); }
    // Whether a case reported at `at` in `grid` (in `community`) at lon/lat lies in the event.
    bool covers(const QDateTime &at, const UnitGridCode &grid, const JurisdictionCode &community,
                double longitude, double latitude) const;
    // The limit a case of the event gets instead of `limit`.
    TimeLimit tighten(const TimeLimit &limit) const;
    // Errors name the field: an empty name or area, an end before the start, a factor outside (0, 1), ...
    Status validate() const;
};

// Parses a polygon written as "lon lat, lon lat, ..." (at least 3 points).
Result<QList<QPointF>> parsePolygon(const QString &text);
QString polygonText(const QList<QPointF> &polygon);

// Where CaseService learns of the major events (the store; a list in tests).
class MajorEventSource
{
public:
    virtual ~MajorEventSource() = default;
    // The events whose period holds `at` (also those ended early later than `at`).
    virtual Result<QList<MajorEvent>> majorEventsAt(const QDateTime &at) = 0;
};

} // namespace cg
