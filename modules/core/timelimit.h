#pragma once

#include "core/result.h"

#include <QString>

namespace cg {

// The unit a time limit is counted in. Working units follow the work calendar (working hours of working days,
// holidays and make-up days); natural units run around the clock.
enum class TimeUnit { WorkingMinutes, WorkingHours, WorkingDays, Minutes, NaturalHours, NaturalDays };

QString timeUnitName(TimeUnit unit); // "working_hours", ... (stable names used in files and the store)
Result<TimeUnit> parseTimeUnit(const QString &text);
bool isWorkingUnit(TimeUnit unit);

struct TimeLimit
{
    int amount = 0;
    TimeUnit unit = TimeUnit::WorkingHours;

    bool isNull() const { return amount <= 0; }
    // "4 working hours", "2 natural hours", "20 working days"
    QString toString() const;
    // Parses toString()'s form and the compact "4wh", "20wd", "30wm", "2nh", "45m", "3nd".
    static Result<TimeLimit> parse(const QString &text);

    friend bool operator==(const TimeLimit &, const TimeLimit &) = default;
};

// Area classes (区域等级): the same problem gets different filing conditions and limits by area.
enum class AreaClass { A, B, C, Rural };
inline constexpr int AreaClassCount = 4;

QString areaClassName(AreaClass area); // "A", "B", "C", "rural"
Result<AreaClass> parseAreaClass(const QString &text);

enum class Priority { Normal, High, Urgent };

QString priorityName(Priority priority); // "normal", "high", "urgent"
Result<Priority> parsePriority(const QString &text);

} // namespace cg
