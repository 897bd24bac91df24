#pragma once

#include "core/clock.h"
#include "core/inspection.h"
#include "core/repositories.h"

namespace cg {

// Field work of the supervisors: who verifies or checks a case on site, and the duty roster of the
// responsibility grids. Checks role and scope, then writes through the InspectionRepository.
class InspectionService
{
public:
    InspectionService(InspectionRepository &inspection, CaseRepository &cases, const Clock &clock);

    // Acceptors and shift leaders give verify and check tasks; shift leaders and administrators keep the
    // roster.
    static bool mayAssign(Role role);
    static bool mayEditRoster(Role role);

    // Gives the case's current step (verify or check) to a supervisor whose jurisdiction covers the case,
    // replacing an earlier assignment of that step.
    Status assign(const Actor &by, qint64 caseId, qint64 supervisorId);
    // Puts a supervisor of the grid's street on a responsibility grid for a shift.
    Status setDuty(const Actor &by, const RosterEntry &entry);
    Status clearDuty(const Actor &by, QDate day, Shift shift, qint64 userId);
    // The grid/shift slots under `scope` nobody is on duty for, day by day.
    Result<QList<RosterSlot>> rosterGaps(const JurisdictionCode &scope, QDate from, QDate to);

private:
    Status checkRosterScope(const Actor &by, const QString &responsibilityCode, JurisdictionCode *street);

    InspectionRepository &mInspection;
    CaseRepository &mCases;
    const Clock &mClock;
};

} // namespace cg
