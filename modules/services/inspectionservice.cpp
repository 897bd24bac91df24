#include "services/inspectionservice.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

InspectionService::InspectionService(InspectionRepository &inspection, CaseRepository &cases,
                                     const Clock &clock)
    : mInspection(inspection)
    , mCases(cases)
    , mClock(clock)
{}

bool InspectionService::mayAssign(Role role)
{
    return role == Role::Acceptor || role == Role::ShiftLeader || role == Role::Administrator;
}

bool InspectionService::mayEditRoster(Role role)
{
    return role == Role::ShiftLeader || role == Role::Administrator;
}

Status InspectionService::assign(const Actor &by, qint64 caseId, qint64 supervisorId)
{
    if (!mayAssign(by.role))
        return makeError(ErrorCode::NotPermitted,
                         u"a %1 may not assign verify or check tasks; acceptors and shift leaders do"_s.arg(
                             roleName(by.role)));
    auto record = mCases.findCase(caseId);
    if (!record)
        return record.error();
    if (record->step != Step::Verify && record->step != Step::Check)
        return makeError(
            ErrorCode::InvalidInput,
            u"case %1 is in state '%2': only its verify or check step goes to a supervisor"_s.arg(
                record->number, stateName(record->state)));
    if (by.jurisdiction.isNull() || !by.jurisdiction.covers(record->community))
        return makeError(ErrorCode::OutOfScope,
                         u"case %1 lies in community %2, outside your jurisdiction %3"_s.arg(
                             record->number, record->community.text(),
                             by.jurisdiction.isNull() ? u"(none)"_s : by.jurisdiction.text()));
    auto supervisor = mInspection.userById(supervisorId);
    if (!supervisor)
        return supervisor.error();
    if (supervisor->role != Role::Supervisor)
        return makeError(ErrorCode::InvalidInput, u"user '%1' is a %2, not a grid supervisor"_s.arg(
                                                      supervisor->login, roleName(supervisor->role)));
    if (supervisor->jurisdiction.isNull() || !supervisor->jurisdiction.covers(record->community))
        return makeError(ErrorCode::OutOfScope,
                         u"supervisor '%1' works in %2; case %3 lies in community %4"_s.arg(
                             supervisor->login, supervisor->jurisdiction.text(), record->number,
                             record->community.text()));
    InspectionAssignment a;
    a.caseId = record->id;
    a.step = record->step;
    a.supervisorId = supervisor->userId;
    a.assignedBy = by.userId;
    a.assignedAt = mClock.now();
    return mInspection.saveAssignment(a);
}

Status InspectionService::checkRosterScope(const Actor &by, const QString &responsibilityCode,
                                           JurisdictionCode *street)
{
    if (!mayEditRoster(by.role))
        return makeError(ErrorCode::NotPermitted,
                         u"a %1 may not change the duty roster; shift leaders do"_s.arg(roleName(by.role)));
    auto grids = mInspection.responsibilityGrids(by.jurisdiction);
    if (!grids)
        return grids.error();
    for (const ResponsibilityGrid &g : std::as_const(*grids)) {
        if (g.code == responsibilityCode) {
            *street = g.street;
            return {};
        }
    }
    return makeError(
        ErrorCode::OutOfScope,
        u"responsibility grid %1 does not exist in your jurisdiction %2"_s.arg(
            responsibilityCode, by.jurisdiction.isNull() ? u"(none)"_s : by.jurisdiction.text()));
}

Status InspectionService::setDuty(const Actor &by, const RosterEntry &entry)
{
    if (!entry.day.isValid())
        return makeError(ErrorCode::InvalidInput, u"a duty needs a day"_s);
    JurisdictionCode street;
    if (auto s = checkRosterScope(by, entry.responsibilityCode, &street); !s)
        return s;
    auto user = mInspection.userById(entry.userId);
    if (!user)
        return user.error();
    if (user->role != Role::Supervisor)
        return makeError(ErrorCode::InvalidInput, u"user '%1' is a %2, not a grid supervisor"_s.arg(
                                                      user->login, roleName(user->role)));
    if (user->jurisdiction.isNull() ||
        !(user->jurisdiction.covers(street) || street.covers(user->jurisdiction)))
        return makeError(
            ErrorCode::OutOfScope,
            u"supervisor '%1' works in %2, not in street %3 of responsibility grid %4"_s.arg(
                user->login, user->jurisdiction.text(), street.text(), entry.responsibilityCode));
    return mInspection.saveRosterEntry(entry);
}

Status InspectionService::clearDuty(const Actor &by, QDate day, Shift shift, qint64 userId)
{
    if (!mayEditRoster(by.role))
        return makeError(ErrorCode::NotPermitted,
                         u"a %1 may not change the duty roster; shift leaders do"_s.arg(roleName(by.role)));
    auto user = mInspection.userById(userId);
    if (!user)
        return user.error();
    if (by.jurisdiction.isNull() || user->jurisdiction.isNull() ||
        !by.jurisdiction.covers(user->jurisdiction))
        return makeError(ErrorCode::OutOfScope,
                         u"supervisor '%1' is outside your jurisdiction"_s.arg(user->login));
    return mInspection.removeRosterEntry(day, shift, userId);
}

Result<QList<RosterSlot>> InspectionService::rosterGaps(const JurisdictionCode &scope, QDate from, QDate to)
{
    if (!from.isValid() || !to.isValid() || to < from)
        return makeError(ErrorCode::InvalidInput,
                         u"roster gaps need a period whose last day is not before its first"_s);
    auto grids = mInspection.responsibilityGrids(scope);
    if (!grids)
        return grids.error();
    auto roster = mInspection.roster(scope, from, to);
    if (!roster)
        return roster.error();
    return uncoveredSlots(*grids, *roster, from, to);
}

} // namespace cg
