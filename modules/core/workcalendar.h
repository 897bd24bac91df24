#pragma once

#include "core/result.h"
#include "core/timelimit.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QTime>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace cg {

// One stretch of working time inside a working day, e.g. 08:30–11:30. Half-open: [start, end).
struct WorkPeriod
{
    QTime start;
    QTime end;

    friend bool operator==(const WorkPeriod &, const WorkPeriod &) = default;
};

// The work calendar of a centre: working periods of a day, weekend days, public holidays and make-up working
// days (调休), and the centre's UTC offset. Computes handling deadlines and the time left on a clock.
// See docs/work-calendar.md for the exact rules.
//
// A copyable value: the per-day table is shared between copies and rebuilt only when the days change, so
// copies are cheap and const calls are safe from several threads.
class WorkCalendar
{
public:
    // 08:30–11:30 and 13:00–17:30, Saturday and Sunday off, no holidays, UTC+8.
    WorkCalendar();
    // The default plus the shipped 2025–2026 mainland China holiday table.
    static Result<WorkCalendar> loadDefault();
    // Qt resource path of the shipped holiday table.
    static QString defaultHolidayTable();

    // Periods must be valid, each start before its end, sorted and non-overlapping, and there must be one at
    // least; otherwise the calendar is unchanged and the error says why.
    Status setWorkPeriods(const QList<WorkPeriod> &periods);
    QList<WorkPeriod> workPeriods() const { return mPeriods; }
    // Working minutes of one working day (450 for the default periods).
    qint64 workingMinutesPerDay() const { return mDayMs / MsecsPerMinute; }

    void setWeekendDays(const QList<Qt::DayOfWeek> &days);
    QList<Qt::DayOfWeek> weekendDays() const;

    // Adds the rows of a `date,kind[,name]` CSV (kind `holiday` or `workday`) to the calendar; a date already
    // known from before takes the file's kind. Errors name `source` and the line; on error nothing changes.
    Status loadHolidays(const QByteArray &csv, const QString &source);
    void addHoliday(QDate localDate);
    void addMakeupWorkday(QDate localDate);
    int holidayCount() const;
    int makeupWorkdayCount() const;

    // China has no daylight saving time: a fixed offset is exact, and far cheaper than QTimeZone.
    void setUtcOffsetMinutes(int minutes) { mOffsetMs = qint64(minutes) * MsecsPerMinute; }
    int utcOffsetMinutes() const { return int(mOffsetMs / MsecsPerMinute); }

    // A make-up workday is a working day, a holiday is not, any other day unless it is a weekend day.
    bool isWorkingDay(QDate localDate) const;
    // True inside a work period [start, end) of a working day.
    bool isWorkingTime(const QDateTime &instant) const;

    // All QDateTime in and out are UTC instants (results carry Qt::UTC); calendar rules apply to the local
    // wall time (UTC + offset). An invalid start gives an invalid result.

    // The deadline of `limit` counted from `start`. A null limit (amount <= 0) returns `start`.
    QDateTime deadline(const QDateTime &start, const TimeLimit &limit) const;
    // `instant` itself inside working time, else the start of the next work period.
    QDateTime nextWorkingTime(const QDateTime &instant) const;
    // Adds working minutes (subtracts them when negative); 0 returns `from`.
    QDateTime addWorkingMinutes(const QDateTime &from, qint64 minutes) const;
    // Whole working minutes from `from` to `to`, truncated towards zero; negative if to < from.
    qint64 workingMinutesBetween(const QDateTime &from, const QDateTime &to) const;

    // Time left on a clock in the limit's family: working minutes for working units, natural minutes
    // otherwise. Rounded down, so a clock overdue by any part of a minute is negative. Parking stores this
    // and resume() restarts the clock with it.
    qint64 remainingMinutes(const QDateTime &now, const QDateTime &due, TimeUnit unit) const;
    // The new due time of a clock resumed at `resumeAt` with `remainingMinutes` left (negative: still
    // overdue by that much).
    QDateTime resume(const QDateTime &resumeAt, qint64 remainingMinutes, TimeUnit unit) const;

    // Conversions between UTC instants and the calendar's local wall time.
    QDateTime fromLocal(QDate localDate, QTime localTime) const;
    QDateTime toLocal(const QDateTime &instant) const; // carries the offset (Qt::OffsetFromUTC) for display
    QDate localDate(const QDateTime &instant) const;

    // Years covered by the precomputed day table; dates outside still work, only more slowly.
    static constexpr int FirstTableYear = 2000;
    static constexpr int LastTableYear = 2100;

    static constexpr qint64 MsecsPerMinute = 60 * 1000;
    static constexpr qint64 MsecsPerDay = 24 * 60 * MsecsPerMinute;

private:
    // One entry per day of the table years: whether it is a working day, and how many working days precede
    // it, so that whole working days are skipped with a lookup instead of a walk.
    struct DayTable;
    static std::shared_ptr<const DayTable> buildTable(quint8 weekendMask,
                                                      const QMap<qint64, bool> &specialDays);

    struct Span
    {
        qint64 start; // msecs since local midnight
        qint64 end;
    };

    void applyPeriods(const QList<WorkPeriod> &periods);
    void rebuildTable();
    bool workingDay(qint64 day) const;     // day: days since 1970-01-01 in local time
    bool ruleWorkingDay(qint64 day) const; // without the table
    std::optional<qint64> nthWorkingDay(qint64 day, qint64 n) const; // n > 0 forward, n < 0 backward
    qint64 countWorkingDays(qint64 fromDay, qint64 toDay) const;     // in [fromDay, toDay)
    qint64 workedInDay(qint64 msOfDay) const;
    std::optional<qint64> nextWorkingLocal(qint64 local) const;
    std::optional<qint64> previousWorkingLocal(qint64 local) const;
    std::optional<qint64> addWorkingMsecs(qint64 local, qint64 msecs) const;
    qint64 workingMsecsBetween(qint64 fromLocal, qint64 toLocal) const;
    qint64 toLocalMsecs(const QDateTime &instant) const { return instant.toMSecsSinceEpoch() + mOffsetMs; }
    QDateTime fromLocalMsecs(std::optional<qint64> local) const;

    QList<WorkPeriod> mPeriods;
    std::vector<Span> mSpans;
    qint64 mDayMs = 0;
    quint8 mWeekendMask = 0;         // bit n set: Qt::DayOfWeek n is a weekend day
    QMap<qint64, bool> mSpecialDays; // local day → true: make-up workday, false: holiday
    qint64 mOffsetMs = 8 * 60 * MsecsPerMinute;
    std::shared_ptr<const DayTable> mTable;
};

} // namespace cg
