#include "core/timelimit.h"

#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {
struct UnitNames
{
    TimeUnit unit;
    const char16_t *name;
    const char16_t *compact;
    const char16_t *words;
};
constexpr UnitNames unitNames[] = {
    {TimeUnit::WorkingMinutes, u"working_minutes", u"wm", u"working minutes"},
    {TimeUnit::WorkingHours, u"working_hours", u"wh", u"working hours"},
    {TimeUnit::WorkingDays, u"working_days", u"wd", u"working days"},
    {TimeUnit::Minutes, u"minutes", u"m", u"minutes"},
    {TimeUnit::NaturalHours, u"natural_hours", u"nh", u"natural hours"},
    {TimeUnit::NaturalDays, u"natural_days", u"nd", u"natural days"},
};
} // namespace

QString timeUnitName(TimeUnit unit)
{
    for (const auto &n : unitNames) {
        if (n.unit == unit)
            return QString::fromUtf16(n.name);
    }
    return {};
}

Result<TimeUnit> parseTimeUnit(const QString &text)
{
    const QString t = text.trimmed().toLower();
    for (const auto &n : unitNames) {
        if (t == QStringView(n.name) || t == QStringView(n.compact) || t == QStringView(n.words))
            return n.unit;
    }
    return makeError(
        ErrorCode::InvalidInput,
        u"time unit '%1' is unknown; expected working_minutes, working_hours, working_days, minutes, "
        u"natural_hours or natural_days"_s.arg(text));
}

bool isWorkingUnit(TimeUnit unit)
{
    return unit == TimeUnit::WorkingMinutes || unit == TimeUnit::WorkingHours ||
           unit == TimeUnit::WorkingDays;
}

QString TimeLimit::toString() const
{
    for (const auto &n : unitNames) {
        if (n.unit == unit)
            return QString::number(amount) + u' ' + QString::fromUtf16(n.words);
    }
    return {};
}

Result<TimeLimit> TimeLimit::parse(const QString &text)
{
    static const QRegularExpression re(u"^\\s*(\\d+)\\s*([a-z_ ]+?)\\s*$"_s);
    const auto m = re.match(text.toLower());
    if (!m.hasMatch())
        return makeError(ErrorCode::InvalidInput,
                         u"time limit '%1' is not a number followed by a unit, such as '4 working hours' or "
                         u"'20wd'"_s.arg(text));
    auto unit = parseTimeUnit(m.captured(2));
    if (!unit)
        return makeError(ErrorCode::InvalidInput, u"time limit '%1': %2"_s.arg(text, unit.errorMessage()));
    const int amount = m.captured(1).toInt();
    if (amount <= 0)
        return makeError(ErrorCode::InvalidInput, u"time limit '%1' must be greater than zero"_s.arg(text));
    return TimeLimit{amount, *unit};
}

QString areaClassName(AreaClass area)
{
    switch (area) {
    case AreaClass::A:
        return u"A"_s;
    case AreaClass::B:
        return u"B"_s;
    case AreaClass::C:
        return u"C"_s;
    case AreaClass::Rural:
        return u"rural"_s;
    }
    return {};
}

Result<AreaClass> parseAreaClass(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"a"_s)
        return AreaClass::A;
    if (t == u"b"_s)
        return AreaClass::B;
    if (t == u"c"_s)
        return AreaClass::C;
    if (t == u"rural"_s || t == u"r"_s)
        return AreaClass::Rural;
    return makeError(ErrorCode::InvalidInput,
                     u"area class '%1' is unknown; expected A, B, C or rural"_s.arg(text));
}

QString priorityName(Priority priority)
{
    switch (priority) {
    case Priority::Normal:
        return u"normal"_s;
    case Priority::High:
        return u"high"_s;
    case Priority::Urgent:
        return u"urgent"_s;
    }
    return {};
}

Result<Priority> parsePriority(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"normal"_s)
        return Priority::Normal;
    if (t == u"high"_s)
        return Priority::High;
    if (t == u"urgent"_s)
        return Priority::Urgent;
    return makeError(ErrorCode::InvalidInput,
                     u"priority '%1' is unknown; expected normal, high or urgent"_s.arg(text));
}

} // namespace cg
