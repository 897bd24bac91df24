#include "ui/cases/caseformat.h"

#include <QColor>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

using namespace Qt::Literals::StringLiterals;

namespace cg {

QString CaseFormat::dateTime(const QDateTime &utc)
{
    return utc.isValid() ? utc.toOffsetFromUtc(ShanghaiOffsetSecs).toString(u"yyyy-MM-dd HH:mm"_s)
                         : QString();
}

QString CaseFormat::shortDateTime(const QDateTime &utc)
{
    return utc.isValid() ? utc.toOffsetFromUtc(ShanghaiOffsetSecs).toString(u"MM-dd HH:mm"_s) : QString();
}

QString CaseFormat::clock(const QDateTime &utc)
{
    return utc.isValid() ? utc.toOffsetFromUtc(ShanghaiOffsetSecs).toString(u"yyyy-MM-dd HH:mm:ss"_s)
                         : QString();
}

QDateTime CaseFormat::toWallClock(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    QDateTime wall = utc.toUTC().addSecs(ShanghaiOffsetSecs);
    return wall;
}

QDateTime CaseFormat::fromWallClock(const QDateTime &wallClock)
{
    if (!wallClock.isValid())
        return {};
    QDateTime utc(wallClock.date(), wallClock.time(), Qt::UTC);
    return utc.addSecs(-ShanghaiOffsetSecs);
}

QString CaseFormat::duration(qint64 minutes)
{
    minutes = std::max<qint64>(0, minutes);
    const qint64 days = minutes / (24 * 60);
    const qint64 hours = (minutes / 60) % 24;
    const qint64 mins = minutes % 60;
    if (days > 0)
        return tr("%1 d %2 h").arg(days).arg(hours);
    if (hours > 0)
        return tr("%1 h %2 min").arg(hours).arg(mins);
    return tr("%1 min").arg(mins);
}

QString CaseFormat::countdown(const QDateTime &due, const QDateTime &now)
{
    if (!due.isValid() || !now.isValid())
        return {};
    const qint64 secs = now.secsTo(due);
    if (secs >= 0)
        return tr("%1 left").arg(duration(secs / 60));
    return tr("%1 overdue").arg(duration((-secs + 59) / 60));
}

DeadlineLight CaseFormat::light(const QDateTime &due, const QDateTime &now)
{
    if (!due.isValid())
        return DeadlineLight::None;
    if (due < now)
        return DeadlineLight::Red;
    if (now.secsTo(due) <= YellowMinutes * 60)
        return DeadlineLight::Yellow;
    return DeadlineLight::Green;
}

namespace {

QIcon makeLightIcon(const QColor &colour)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(colour.darker(130));
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(2.5, 2.5, 11, 11));
    return QIcon(pixmap);
}

} // namespace

QIcon CaseFormat::lightIcon(DeadlineLight light)
{
    // Painted once per process (GUI thread only).
    static const QIcon green = makeLightIcon(QColor(0x2e, 0xa0, 0x43));
    static const QIcon yellow = makeLightIcon(QColor(0xe8, 0xa9, 0x00));
    static const QIcon red = makeLightIcon(QColor(0xd3, 0x2f, 0x2f));
    switch (light) {
    case DeadlineLight::None:
        return {};
    case DeadlineLight::Green:
        return green;
    case DeadlineLight::Yellow:
        return yellow;
    case DeadlineLight::Red:
        return red;
    }
    return {};
}

QString CaseFormat::lightLabel(DeadlineLight light)
{
    switch (light) {
    case DeadlineLight::None:
        return tr("No deadline running");
    case DeadlineLight::Green:
        return tr("On time");
    case DeadlineLight::Yellow:
        return tr("Due within 30 minutes");
    case DeadlineLight::Red:
        return tr("Overdue");
    }
    return {};
}

QString CaseFormat::timeLimit(const TimeLimit &limit)
{
    if (limit.isNull())
        return {};
    switch (limit.unit) {
    case TimeUnit::WorkingMinutes:
        return tr("%1 working minutes").arg(limit.amount);
    case TimeUnit::WorkingHours:
        return tr("%1 working hours").arg(limit.amount);
    case TimeUnit::WorkingDays:
        return tr("%1 working days").arg(limit.amount);
    case TimeUnit::Minutes:
        return tr("%1 minutes").arg(limit.amount);
    case TimeUnit::NaturalHours:
        return tr("%1 hours").arg(limit.amount);
    case TimeUnit::NaturalDays:
        return tr("%1 days").arg(limit.amount);
    }
    return {};
}

QString CaseFormat::priorityLabel(Priority priority)
{
    switch (priority) {
    case Priority::Normal:
        return tr("Normal");
    case Priority::High:
        return tr("High");
    case Priority::Urgent:
        return tr("Urgent");
    }
    return {};
}

QString CaseFormat::levelLabel(JurisdictionLevel level)
{
    switch (level) {
    case JurisdictionLevel::City:
        return tr("City");
    case JurisdictionLevel::District:
        return tr("District");
    case JurisdictionLevel::Street:
        return tr("Street");
    case JurisdictionLevel::Community:
        return tr("Community");
    }
    return {};
}

QString CaseFormat::areaClassLabel(AreaClass area)
{
    switch (area) {
    case AreaClass::A:
        return tr("Area A");
    case AreaClass::B:
        return tr("Area B");
    case AreaClass::C:
        return tr("Area C");
    case AreaClass::Rural:
        return tr("Rural area");
    }
    return {};
}

QString CaseFormat::unitTypeName(const UnitType &type)
{
    return QLocale().language() == QLocale::Chinese || type.nameEn.isEmpty() ? type.nameZh : type.nameEn;
}

} // namespace cg
