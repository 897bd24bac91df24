#include "core/inspection.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <tuple>

using namespace Qt::Literals::StringLiterals;

namespace cg {

QString shiftName(Shift shift)
{
    return shift == Shift::Day ? u"day"_s : u"night"_s;
}

Result<Shift> parseShift(const QString &name)
{
    if (name == u"day"_s)
        return Shift::Day;
    if (name == u"night"_s)
        return Shift::Night;
    return makeError(ErrorCode::InvalidInput, u"unknown shift '%1'; expected 'day' or 'night'"_s.arg(name));
}

QString shiftLabel(Shift shift)
{
    return shift == Shift::Day ? QCoreApplication::translate("cg::Inspection", "Day shift")
                               : QCoreApplication::translate("cg::Inspection", "Night shift");
}

QList<RosterSlot> uncoveredSlots(const QList<ResponsibilityGrid> &grids, const QList<RosterEntry> &roster,
                                 QDate from, QDate to)
{
    QSet<QString> covered;
    for (const RosterEntry &e : roster)
        covered.insert(e.responsibilityCode + u'/' + e.day.toString(Qt::ISODate) + u'/' + shiftName(e.shift));
    QStringList codes;
    for (const ResponsibilityGrid &g : grids)
        codes.append(g.code);
    codes.sort();
    QList<RosterSlot> gaps;
    for (QDate day = from; day.isValid() && day <= to; day = day.addDays(1)) {
        for (Shift shift : {Shift::Day, Shift::Night}) {
            for (const QString &code : std::as_const(codes)) {
                if (!covered.contains(code + u'/' + day.toString(Qt::ISODate) + u'/' + shiftName(shift)))
                    gaps.append({code, day, shift});
            }
        }
    }
    return gaps;
}

QList<SupervisorCandidate> rankSupervisors(QList<SupervisorCandidate> candidates)
{
    const auto key = [](const SupervisorCandidate &c) {
        const double distance = c.distanceMetres < 0 ? 1e12 : c.distanceMetres;
        return std::make_tuple(!c.ownsGrid, !c.onDuty, c.openTasks, distance, c.userId);
    };
    std::stable_sort(
        candidates.begin(), candidates.end(),
        [&](const SupervisorCandidate &a, const SupervisorCandidate &b) { return key(a) < key(b); });
    return candidates;
}

std::pair<QDate, Shift> shiftAt(const QDateTime &utc)
{
    const QDateTime local = utc.toOffsetFromUtc(8 * 3600);
    const int hour = local.time().hour();
    if (hour >= 8 && hour < 20)
        return {local.date(), Shift::Day};
    return {hour < 8 ? local.date().addDays(-1) : local.date(), Shift::Night};
}

} // namespace cg
