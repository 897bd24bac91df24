#include "core/workcalendar.h"

#include "core/csv.h"

#include <QFile>
#include <QHash>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace cg {

struct WorkCalendar::DayTable
{
    qint64 firstDay = 0;          // days since 1970-01-01 of FirstTableYear-01-01
    std::vector<uint8_t> working; // 1: working day
    std::vector<int32_t> before;  // before[i]: working days in [firstDay, firstDay + i); one entry more

    qint64 size() const { return qint64(working.size()); }
};

namespace {

constexpr qint64 EpochJulianDay = 2440588; // QDate(1970, 1, 1).toJulianDay()
// A calendar with no working day for ten years is broken (e.g. all seven days declared weekend): give up
// rather than loop for ever.
constexpr qint64 MaxNonWorkingRun = 3660;
// Below this many working days a linear walk over the table beats a binary search.
constexpr qint64 LinearWalkLimit = 32;
constexpr quint8 DefaultWeekendMask = (1u << Qt::Saturday) | (1u << Qt::Sunday);

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Qt::DayOfWeek (Monday 1 .. Sunday 7) of a day counted from 1970-01-01, a Thursday.
int dayOfWeek(qint64 day)
{
    return int(((day % 7) + 7 + 3) % 7) + 1;
}

qint64 epochDay(QDate date)
{
    return date.toJulianDay() - EpochJulianDay;
}

QString hhmm(QTime t)
{
    return t.toString(t.second() == 0 && t.msec() == 0 ? u"HH:mm"_s : u"HH:mm:ss"_s);
}

const QList<WorkPeriod> &defaultPeriods()
{
    static const QList<WorkPeriod> periods{{QTime(8, 30), QTime(11, 30)}, {QTime(13, 0), QTime(17, 30)}};
    return periods;
}

} // namespace

std::shared_ptr<const WorkCalendar::DayTable> WorkCalendar::buildTable(quint8 weekendMask,
                                                                       const QMap<qint64, bool> &specialDays)
{
    auto table = std::make_shared<DayTable>();
    table->firstDay = epochDay(QDate(FirstTableYear, 1, 1));
    const qint64 n = epochDay(QDate(LastTableYear + 1, 1, 1)) - table->firstDay;
    table->working.resize(size_t(n));
    int dow = dayOfWeek(table->firstDay);
    for (qint64 i = 0; i < n; ++i) {
        table->working[size_t(i)] = (weekendMask & (1u << dow)) ? 0 : 1;
        dow = dow == 7 ? 1 : dow + 1;
    }
    for (auto it = specialDays.cbegin(); it != specialDays.cend(); ++it) {
        const qint64 i = it.key() - table->firstDay;
        if (i >= 0 && i < n)
            table->working[size_t(i)] = it.value() ? 1 : 0;
    }
    table->before.resize(size_t(n + 1));
    table->before[0] = 0;
    for (qint64 i = 0; i < n; ++i)
        table->before[size_t(i + 1)] = table->before[size_t(i)] + table->working[size_t(i)];
    return table;
}

WorkCalendar::WorkCalendar()
    : mWeekendMask(DefaultWeekendMask)
{
    applyPeriods(defaultPeriods());
    rebuildTable();
}

QString WorkCalendar::defaultHolidayTable()
{
    return u":/citygrid/calendar/cn-holidays-2025-2026.csv"_s;
}

Result<WorkCalendar> WorkCalendar::loadDefault()
{
    QFile file(defaultHolidayTable());
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, u"the built-in holiday table %1 cannot be read: %2"_s.arg(
                                            defaultHolidayTable(), file.errorString()));
    WorkCalendar calendar;
    const Status loaded = calendar.loadHolidays(file.readAll(), u"cn-holidays-2025-2026.csv"_s);
    if (!loaded)
        return loaded.error();
    return calendar;
}

Status WorkCalendar::setWorkPeriods(const QList<WorkPeriod> &periods)
{
    if (periods.isEmpty())
        return makeError(ErrorCode::InvalidInput, u"work periods: at least one period is needed"_s);
    for (qsizetype i = 0; i < periods.size(); ++i) {
        const WorkPeriod &p = periods.at(i);
        if (!p.start.isValid() || !p.end.isValid())
            return makeError(ErrorCode::InvalidInput,
                             u"work period %1: the start and the end must be valid times"_s.arg(i + 1));
        if (p.end <= p.start)
            return makeError(ErrorCode::InvalidInput,
                             u"work period %1 (%2–%3): the end must be after the start"_s.arg(i + 1).arg(
                                 hhmm(p.start), hhmm(p.end)));
        if (i > 0 && p.start < periods.at(i - 1).end)
            return makeError(
                ErrorCode::InvalidInput,
                u"work period %1 (%2–%3) starts before period %4 (%5–%6) ends; periods must be in "
                u"order of time and must not overlap"_s.arg(i + 1)
                    .arg(hhmm(p.start), hhmm(p.end))
                    .arg(i)
                    .arg(hhmm(periods.at(i - 1).start), hhmm(periods.at(i - 1).end)));
    }
    applyPeriods(periods);
    return {};
}

void WorkCalendar::applyPeriods(const QList<WorkPeriod> &periods)
{
    mPeriods = periods;
    mSpans.clear();
    mDayMs = 0;
    for (const WorkPeriod &p : periods) {
        mSpans.push_back({p.start.msecsSinceStartOfDay(), p.end.msecsSinceStartOfDay()});
        mDayMs += mSpans.back().end - mSpans.back().start;
    }
}

void WorkCalendar::setWeekendDays(const QList<Qt::DayOfWeek> &days)
{
    quint8 mask = 0;
    for (Qt::DayOfWeek d : days) {
        if (d >= Qt::Monday && d <= Qt::Sunday)
            mask |= quint8(1u << d);
    }
    mWeekendMask = mask;
    rebuildTable();
}

QList<Qt::DayOfWeek> WorkCalendar::weekendDays() const
{
    QList<Qt::DayOfWeek> days;
    for (int d = Qt::Monday; d <= Qt::Sunday; ++d) {
        if (mWeekendMask & (1u << d))
            days.append(Qt::DayOfWeek(d));
    }
    return days;
}

Status WorkCalendar::loadHolidays(const QByteArray &csv, const QString &source)
{
    auto parsed = CsvTable::parse(csv, source);
    if (!parsed)
        return parsed.error();
    const CsvTable &table = parsed.value();
    if (Status columns = table.requireColumns({u"date"_s, u"kind"_s}); !columns)
        return columns;

    QMap<qint64, bool> entries;
    QHash<qint64, int> lines;
    for (const CsvRecord &record : table.records()) {
        const QString dateText = table.value(record, u"date"_s);
        const QString kind = table.value(record, u"kind"_s);
        // The format alone would also take "2025-1-1"; the length check keeps the file canonical.
        const QDate date = dateText.size() == 10 ? QDate::fromString(dateText, u"yyyy-MM-dd"_s) : QDate();
        if (!date.isValid())
            return makeError(ErrorCode::InvalidInput,
                             table.where(record) +
                                 u"date '%1' is not a valid date; expected YYYY-MM-DD"_s.arg(dateText));
        bool workday = false;
        if (kind == u"workday")
            workday = true;
        else if (kind != u"holiday")
            return makeError(ErrorCode::InvalidInput,
                             table.where(record) +
                                 u"kind '%1' is unknown; expected holiday or workday"_s.arg(kind));
        const qint64 day = epochDay(date);
        if (const auto seen = lines.constFind(day); seen != lines.cend())
            return makeError(ErrorCode::InvalidInput,
                             table.where(record) + u"date %1 is listed twice (first on line %2)"_s.arg(
                                                       dateText, QString::number(seen.value())));
        lines.insert(day, record.line);
        entries.insert(day, workday);
    }
    for (auto it = entries.cbegin(); it != entries.cend(); ++it)
        mSpecialDays.insert(it.key(), it.value());
    rebuildTable();
    return {};
}

void WorkCalendar::addHoliday(QDate localDate)
{
    if (!localDate.isValid())
        return;
    mSpecialDays.insert(epochDay(localDate), false);
    rebuildTable();
}

void WorkCalendar::addMakeupWorkday(QDate localDate)
{
    if (!localDate.isValid())
        return;
    mSpecialDays.insert(epochDay(localDate), true);
    rebuildTable();
}

int WorkCalendar::holidayCount() const
{
    return int(std::count(mSpecialDays.cbegin(), mSpecialDays.cend(), false));
}

int WorkCalendar::makeupWorkdayCount() const
{
    return int(std::count(mSpecialDays.cbegin(), mSpecialDays.cend(), true));
}

void WorkCalendar::rebuildTable()
{
    // Most calendars are the default one: share its table instead of building 37,000 entries each time.
    static const std::shared_ptr<const DayTable> defaultTable = buildTable(DefaultWeekendMask, {});
    if (mSpecialDays.isEmpty() && mWeekendMask == DefaultWeekendMask)
        mTable = defaultTable;
    else
        mTable = buildTable(mWeekendMask, mSpecialDays);
}

bool WorkCalendar::ruleWorkingDay(qint64 day) const
{
    if (const auto it = mSpecialDays.constFind(day); it != mSpecialDays.cend())
        return it.value();
    return !(mWeekendMask & (1u << dayOfWeek(day)));
}

bool WorkCalendar::workingDay(qint64 day) const
{
    const qint64 i = day - mTable->firstDay;
    if (i >= 0 && i < mTable->size())
        return mTable->working[size_t(i)];
    return ruleWorkingDay(day);
}

bool WorkCalendar::isWorkingDay(QDate localDate) const
{
    return localDate.isValid() && workingDay(epochDay(localDate));
}

std::optional<qint64> WorkCalendar::nthWorkingDay(qint64 day, qint64 n) const
{
    const DayTable &t = *mTable;
    const qint64 i = day - t.firstDay;
    if ((n > LinearWalkLimit || n < -LinearWalkLimit) && i >= 0 && i < t.size()) {
        // before[] rises by one just after each working day: the first index reaching the wanted count is
        // one past the wanted day.
        const qint64 wanted = n > 0 ? t.before[size_t(i + 1)] + n : t.before[size_t(i)] + n + 1;
        if (wanted >= 1 && wanted <= t.before.back()) {
            const auto it = std::lower_bound(t.before.cbegin(), t.before.cend(), int32_t(wanted));
            return t.firstDay + (it - t.before.cbegin()) - 1;
        }
    }
    const qint64 step = n > 0 ? 1 : -1;
    qint64 left = n > 0 ? n : -n;
    qint64 run = 0;
    for (qint64 d = day + step;; d += step) {
        if (workingDay(d)) {
            run = 0;
            if (--left == 0)
                return d;
        } else if (++run > MaxNonWorkingRun) {
            return std::nullopt;
        }
    }
}

qint64 WorkCalendar::countWorkingDays(qint64 fromDay, qint64 toDay) const
{
    if (toDay <= fromDay)
        return 0;
    const DayTable &t = *mTable;
    const qint64 tableEnd = t.firstDay + t.size();
    qint64 count = 0;
    for (qint64 d = fromDay; d < std::min(toDay, t.firstDay); ++d)
        count += ruleWorkingDay(d) ? 1 : 0;
    const qint64 a = std::max(fromDay, t.firstDay);
    const qint64 b = std::min(toDay, tableEnd);
    if (a < b)
        count += t.before[size_t(b - t.firstDay)] - t.before[size_t(a - t.firstDay)];
    for (qint64 d = std::max(fromDay, tableEnd); d < toDay; ++d)
        count += ruleWorkingDay(d) ? 1 : 0;
    return count;
}

qint64 WorkCalendar::workedInDay(qint64 msOfDay) const
{
    qint64 worked = 0;
    for (const Span &s : mSpans) {
        if (msOfDay <= s.start)
            break;
        worked += std::min(msOfDay, s.end) - s.start;
    }
    return worked;
}

std::optional<qint64> WorkCalendar::nextWorkingLocal(qint64 local) const
{
    const qint64 day = floorDiv(local, MsecsPerDay);
    const qint64 ms = local - day * MsecsPerDay;
    if (workingDay(day)) {
        for (const Span &s : mSpans) {
            if (ms < s.end)
                return day * MsecsPerDay + std::max(ms, s.start);
        }
    }
    const auto next = nthWorkingDay(day, 1);
    if (!next)
        return std::nullopt;
    return *next * MsecsPerDay + mSpans.front().start;
}

std::optional<qint64> WorkCalendar::previousWorkingLocal(qint64 local) const
{
    const qint64 day = floorDiv(local, MsecsPerDay);
    const qint64 ms = local - day * MsecsPerDay;
    if (workingDay(day)) {
        for (auto s = mSpans.crbegin(); s != mSpans.crend(); ++s) {
            if (ms > s->start)
                return day * MsecsPerDay + std::min(ms, s->end);
        }
    }
    const auto previous = nthWorkingDay(day, -1);
    if (!previous)
        return std::nullopt;
    return *previous * MsecsPerDay + mSpans.back().end;
}

std::optional<qint64> WorkCalendar::addWorkingMsecs(qint64 local, qint64 msecs) const
{
    if (msecs == 0)
        return local;
    if (msecs > 0) {
        const auto begin = nextWorkingLocal(local);
        if (!begin)
            return std::nullopt;
        const qint64 day = floorDiv(*begin, MsecsPerDay);
        const qint64 ms = *begin - day * MsecsPerDay;
        // The rest of the first day; "<=" so that a deadline on a period end stays there (11:30, not 13:00).
        for (const Span &s : mSpans) {
            if (ms >= s.end)
                continue;
            const qint64 from = std::max(ms, s.start);
            if (msecs <= s.end - from)
                return day * MsecsPerDay + from + msecs;
            msecs -= s.end - from;
        }
        // Whole working days in one step, then the part of the last day: 0 < msecs <= mDayMs.
        const qint64 wholeDays = (msecs - 1) / mDayMs;
        msecs -= wholeDays * mDayMs;
        const auto target = nthWorkingDay(day, wholeDays + 1);
        if (!target)
            return std::nullopt;
        for (const Span &s : mSpans) {
            if (msecs <= s.end - s.start)
                return *target * MsecsPerDay + s.start + msecs;
            msecs -= s.end - s.start;
        }
        return std::nullopt; // not reached: the periods of a day add up to mDayMs
    }

    // Backwards, the mirror image: a result on a period start stays there (13:00, not 11:30).
    msecs = -msecs;
    const auto end = previousWorkingLocal(local);
    if (!end)
        return std::nullopt;
    const qint64 day = floorDiv(*end, MsecsPerDay);
    const qint64 ms = *end - day * MsecsPerDay;
    for (auto s = mSpans.crbegin(); s != mSpans.crend(); ++s) {
        if (ms <= s->start)
            continue;
        const qint64 to = std::min(ms, s->end);
        if (msecs <= to - s->start)
            return day * MsecsPerDay + to - msecs;
        msecs -= to - s->start;
    }
    const qint64 wholeDays = (msecs - 1) / mDayMs;
    msecs -= wholeDays * mDayMs;
    const auto target = nthWorkingDay(day, -(wholeDays + 1));
    if (!target)
        return std::nullopt;
    for (auto s = mSpans.crbegin(); s != mSpans.crend(); ++s) {
        if (msecs <= s->end - s->start)
            return *target * MsecsPerDay + s->end - msecs;
        msecs -= s->end - s->start;
    }
    return std::nullopt;
}

qint64 WorkCalendar::workingMsecsBetween(qint64 fromLocal, qint64 toLocal) const
{
    if (toLocal < fromLocal)
        return -workingMsecsBetween(toLocal, fromLocal);
    const qint64 fromDay = floorDiv(fromLocal, MsecsPerDay);
    const qint64 toDay = floorDiv(toLocal, MsecsPerDay);
    const qint64 fromMs = fromLocal - fromDay * MsecsPerDay;
    const qint64 toMs = toLocal - toDay * MsecsPerDay;
    if (fromDay == toDay)
        return workingDay(fromDay) ? workedInDay(toMs) - workedInDay(fromMs) : 0;
    qint64 total = countWorkingDays(fromDay + 1, toDay) * mDayMs;
    if (workingDay(fromDay))
        total += mDayMs - workedInDay(fromMs);
    if (workingDay(toDay))
        total += workedInDay(toMs);
    return total;
}

QDateTime WorkCalendar::fromLocalMsecs(std::optional<qint64> local) const
{
    if (!local)
        return {};
    return QDateTime::fromMSecsSinceEpoch(*local - mOffsetMs, Qt::UTC);
}

bool WorkCalendar::isWorkingTime(const QDateTime &instant) const
{
    if (!instant.isValid())
        return false;
    const qint64 local = toLocalMsecs(instant);
    const qint64 day = floorDiv(local, MsecsPerDay);
    if (!workingDay(day))
        return false;
    const qint64 ms = local - day * MsecsPerDay;
    return std::any_of(mSpans.cbegin(), mSpans.cend(),
                       [ms](const Span &s) { return ms >= s.start && ms < s.end; });
}

QDateTime WorkCalendar::deadline(const QDateTime &start, const TimeLimit &limit) const
{
    if (!start.isValid())
        return {};
    const qint64 local = toLocalMsecs(start);
    const qint64 n = limit.amount;
    if (n <= 0)
        return fromLocalMsecs(local);
    switch (limit.unit) {
    case TimeUnit::Minutes:
        return fromLocalMsecs(local + n * MsecsPerMinute);
    case TimeUnit::NaturalHours:
        return fromLocalMsecs(local + n * 60 * MsecsPerMinute);
    case TimeUnit::NaturalDays:
        return fromLocalMsecs(local + n * MsecsPerDay); // no daylight saving: a day is always 24 hours
    case TimeUnit::WorkingMinutes:
        return fromLocalMsecs(addWorkingMsecs(local, n * MsecsPerMinute));
    case TimeUnit::WorkingHours:
        return fromLocalMsecs(addWorkingMsecs(local, n * 60 * MsecsPerMinute));
    case TimeUnit::WorkingDays: {
        // The same clock time N working days later, counted from the start moved into working time.
        const auto begin = nextWorkingLocal(local);
        if (!begin)
            return {};
        const qint64 day = floorDiv(*begin, MsecsPerDay);
        const auto target = nthWorkingDay(day, n);
        if (!target)
            return {};
        return fromLocalMsecs(nextWorkingLocal(*target * MsecsPerDay + (*begin - day * MsecsPerDay)));
    }
    }
    return {};
}

QDateTime WorkCalendar::nextWorkingTime(const QDateTime &instant) const
{
    if (!instant.isValid())
        return {};
    return fromLocalMsecs(nextWorkingLocal(toLocalMsecs(instant)));
}

QDateTime WorkCalendar::addWorkingMinutes(const QDateTime &from, qint64 minutes) const
{
    if (!from.isValid())
        return {};
    return fromLocalMsecs(addWorkingMsecs(toLocalMsecs(from), minutes * MsecsPerMinute));
}

qint64 WorkCalendar::workingMinutesBetween(const QDateTime &from, const QDateTime &to) const
{
    if (!from.isValid() || !to.isValid())
        return 0;
    return workingMsecsBetween(toLocalMsecs(from), toLocalMsecs(to)) / MsecsPerMinute;
}

qint64 WorkCalendar::remainingMinutes(const QDateTime &now, const QDateTime &due, TimeUnit unit) const
{
    if (!now.isValid() || !due.isValid())
        return 0;
    const qint64 msecs = isWorkingUnit(unit) ? workingMsecsBetween(toLocalMsecs(now), toLocalMsecs(due))
                                             : due.toMSecsSinceEpoch() - now.toMSecsSinceEpoch();
    return floorDiv(msecs, MsecsPerMinute);
}

QDateTime WorkCalendar::resume(const QDateTime &resumeAt, qint64 remainingMinutes, TimeUnit unit) const
{
    if (!resumeAt.isValid())
        return {};
    if (isWorkingUnit(unit))
        return addWorkingMinutes(resumeAt, remainingMinutes);
    return fromLocalMsecs(toLocalMsecs(resumeAt) + remainingMinutes * MsecsPerMinute);
}

QDateTime WorkCalendar::fromLocal(QDate localDate, QTime localTime) const
{
    if (!localDate.isValid() || !localTime.isValid())
        return {};
    return fromLocalMsecs(epochDay(localDate) * MsecsPerDay + localTime.msecsSinceStartOfDay());
}

QDateTime WorkCalendar::toLocal(const QDateTime &instant) const
{
    if (!instant.isValid())
        return {};
    return QDateTime::fromMSecsSinceEpoch(instant.toMSecsSinceEpoch(), Qt::OffsetFromUTC,
                                          int(mOffsetMs / 1000));
}

QDate WorkCalendar::localDate(const QDateTime &instant) const
{
    if (!instant.isValid())
        return {};
    return QDate::fromJulianDay(floorDiv(toLocalMsecs(instant), MsecsPerDay) + EpochJulianDay);
}

} // namespace cg
