#include "core/majorevent.h"

#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

bool MajorEvent::covers(const QDateTime &at, const UnitGridCode &grid, const JurisdictionCode &community,
                        double longitude, double latitude) const
{
    if (!isActiveAt(at))
        return false;
    for (const UnitGridCode &g : grids) {
        if (g == grid)
            return true;
    }
    for (const JurisdictionCode &a : areas) {
        if (!community.isNull() && a.covers(community))
            return true;
    }
    if (polygon.size() < 3)
        return false;
    // Ray casting (even-odd rule).
    bool inside = false;
    for (qsizetype i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
        const QPointF &a = polygon[i];
        const QPointF &b = polygon[j];
        if ((a.y() > latitude) != (b.y() > latitude) &&
            longitude < (b.x() - a.x()) * (latitude - a.y()) / (b.y() - a.y()) + a.x())
            inside = !inside;
    }
    return inside;
}

TimeLimit MajorEvent::tighten(const TimeLimit &limit) const
{
    if (limit.isNull())
        return handlingLimit.isNull() ? limit : handlingLimit;
    TimeLimit result = limit;
    if (limitFactor)
        result.amount = std::max(1, int(std::floor(limit.amount * *limitFactor)));
    // An explicit limit replaces the (scaled) one when it is shorter; limits in different units are compared
    // in minutes of their own kind (a working hour is 60 working minutes, a working day 8 working hours).
    if (!handlingLimit.isNull()) {
        auto minutes = [](const TimeLimit &t) -> double {
            switch (t.unit) {
            case TimeUnit::WorkingMinutes:
            case TimeUnit::Minutes:
                return t.amount;
            case TimeUnit::WorkingHours:
            case TimeUnit::NaturalHours:
                return t.amount * 60.0;
            case TimeUnit::WorkingDays:
                return t.amount * 8 * 60.0;
            case TimeUnit::NaturalDays:
                return t.amount * 24 * 60.0;
            }
            return t.amount;
        };
        if (minutes(handlingLimit) < minutes(result))
            result = handlingLimit;
    }
    return result;
}

Status MajorEvent::validate() const
{
    if (name.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, u"a major event needs a name"_s);
    if (!startsAt.isValid() || !endsAt.isValid())
        return makeError(ErrorCode::InvalidInput, u"major event '%1' needs a start and an end"_s.arg(name));
    if (endsAt <= startsAt)
        return makeError(ErrorCode::InvalidInput,
                         u"major event '%1' ends (%2) before it starts (%3)"_s.arg(
                             name, endsAt.toString(Qt::ISODate), startsAt.toString(Qt::ISODate)));
    if (areas.isEmpty() && grids.isEmpty() && polygon.isEmpty())
        return makeError(
            ErrorCode::InvalidInput,
            u"major event '%1' needs a key area: jurisdiction codes, unit grids or a polygon"_s.arg(name));
    if (!polygon.isEmpty() && polygon.size() < 3)
        return makeError(
            ErrorCode::InvalidInput,
            u"the polygon of major event '%1' has %2 point(s); it needs at least 3"_s.arg(name).arg(
                polygon.size()));
    if (limitFactor && !(*limitFactor > 0 && *limitFactor < 1))
        return makeError(ErrorCode::InvalidInput,
                         u"the limit factor of major event '%1' is %2; it must lie between 0 and 1 (e.g. 0.5 "
                         u"halves every limit)"_s.arg(name)
                             .arg(*limitFactor));
    if (!limitFactor && handlingLimit.isNull())
        return makeError(
            ErrorCode::InvalidInput,
            u"major event '%1' needs tighter limits: a factor or an explicit handling limit"_s.arg(name));
    return {};
}

Result<QList<QPointF>> parsePolygon(const QString &text)
{
    QList<QPointF> points;
    const QStringList pairs = text.split(u',', Qt::SkipEmptyParts);
    for (int i = 0; i < pairs.size(); ++i) {
        const QStringList xy = pairs[i].simplified().split(u' ');
        bool okX = false, okY = false;
        const double x = xy.value(0).toDouble(&okX);
        const double y = xy.size() == 2 ? xy.value(1).toDouble(&okY) : 0;
        if (!okX || !okY || x < -180 || x > 180 || y < -90 || y > 90)
            return makeError(
                ErrorCode::InvalidInput,
                u"polygon point %1 ('%2') is not 'longitude latitude' in degrees"_s.arg(i + 1).arg(
                    pairs[i].trimmed()));
        points.append(QPointF(x, y));
    }
    if (points.size() < 3)
        return makeError(
            ErrorCode::InvalidInput,
            u"a polygon needs at least 3 points 'lon lat, lon lat, ...'; %1 given"_s.arg(points.size()));
    return points;
}

QString polygonText(const QList<QPointF> &polygon)
{
    QStringList parts;
    for (const QPointF &p : polygon)
        parts.append(u"%1 %2"_s.arg(p.x(), 0, 'g', 12).arg(p.y(), 0, 'g', 12));
    return parts.join(u", "_s);
}

} // namespace cg
