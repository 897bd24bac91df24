#pragma once

#include "core/catalogue.h"
#include "core/codes.h"
#include "core/timelimit.h"
#include "core/workflow.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QIcon>

namespace cg {

// The traffic light of a deadline (红灯/黄灯/绿灯).
enum class DeadlineLight {
    None,   // no clock runs
    Green,  // more than 30 minutes left
    Yellow, // due within 30 minutes
    Red,    // overdue
};

// How the case UI writes times, deadlines and a few labels that the workflow does not translate itself.
// Times are shown as Shanghai wall-clock time (UTC+8) whatever the machine's time zone.
class CaseFormat
{
    Q_DECLARE_TR_FUNCTIONS(cg::CaseFormat)
public:
    static constexpr int ShanghaiOffsetSecs = 8 * 3600;
    static constexpr int YellowMinutes = 30;

    static QString dateTime(const QDateTime &utc);      // "2026-11-29 14:30"; empty for an invalid time
    static QString shortDateTime(const QDateTime &utc); // "11-29 14:30"
    static QString clock(const QDateTime &utc);         // "2026-11-29 14:30:05"

    // A UTC time as the naive wall-clock value that a QDateTimeEdit in Qt::UTC shows, and back.
    static QDateTime toWallClock(const QDateTime &utc);
    static QDateTime fromWallClock(const QDateTime &wallClock);

    // "2 h 15 min left" / "1 d 3 h overdue"
    static QString countdown(const QDateTime &due, const QDateTime &now);
    static QString duration(qint64 minutes); // "1 d 3 h", "2 h 15 min", "12 min"

    static DeadlineLight light(const QDateTime &due, const QDateTime &now);
    static QIcon lightIcon(DeadlineLight light);
    static QString lightLabel(DeadlineLight light);

    static QString timeLimit(const TimeLimit &limit); // "4 working hours"
    static QString priorityLabel(Priority priority);
    static QString levelLabel(JurisdictionLevel level);
    static QString areaClassLabel(AreaClass area);
    // The Chinese or English name of a unit type, after the default locale (set from --lang).
    static QString unitTypeName(const UnitType &type);
};

} // namespace cg
