#pragma once

#include "core/catalogue.h"
#include "core/clock.h"
#include "core/repositories.h"
#include "core/workcalendar.h"
#include "core/workflow.h"

namespace cg {

// The only way to change a case: checks the workflow and the actor's permission, computes deadlines, and
// writes case, event and change-feed row in one store transaction. Returns the new case or a clear error.
class CaseService
{
public:
    CaseService(CaseRepository &cases, DirectoryRepository &directory, const Catalogue &catalogue,
                const WorkCalendar &calendar, const Clock &clock, StepLimits stepLimits = {});

    Result<CaseRecord> report(const Actor &actor, const NewCaseRequest &request);
    Result<CaseRecord> apply(const Actor &actor, const ActionRequest &request);

    // The actions the actor may take on the case now (workflow, role and scope).
    QList<Action> availableActions(const Actor &actor, const CaseRecord &record) const;
    // Fails with ErrorCode::OutOfScope when the case lies outside the actor's jurisdiction, unit or tier.
    Status checkScope(const Actor &actor, const CaseRecord &record) const;
    // The facts the workflow decides on.
    CaseFacts factsOf(const CaseRecord &record) const;

    const Catalogue &catalogue() const { return mCatalogue; }
    const WorkCalendar &calendar() const { return mCalendar; }
    const StepLimits &stepLimits() const { return mStepLimits; }
    const Clock &clock() const { return mClock; }

private:
    // The case a retried request (same request id) was applied to, if it was.
    Result<std::optional<CaseRecord>> alreadyApplied(const QString &requestId);
    bool isAroundTheClock(const CaseRecord &record) const;
    QDateTime stepDeadline(const CaseRecord &record, Step step, const QDateTime &now) const;
    Status applyEffects(const Actor &actor, const ActionRequest &request, CaseRecord &record,
                        CaseEvent &event, const QDateTime &now);

    CaseRepository &mCases;
    DirectoryRepository &mDirectory;
    const Catalogue &mCatalogue;
    const WorkCalendar &mCalendar;
    const Clock &mClock;
    StepLimits mStepLimits;
};

} // namespace cg
