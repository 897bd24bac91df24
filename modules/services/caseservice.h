#pragma once

#include "core/catalogue.h"
#include "core/clock.h"
#include "core/majorevent.h"
#include "core/repositories.h"
#include "core/workcalendar.h"
#include "core/workflow.h"

#include <functional>

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
    // The handling deadline a dispatch of the case at `at` would set (catalogue class, area class, work
    // calendar): what the dispatch panel shows before the click. Fails for a class the catalogue lacks.
    Result<QDateTime> handlingDeadlineIfDispatched(const CaseRecord &record, const QDateTime &at) const;

    const Catalogue &catalogue() const { return mCatalogue; }
    const WorkCalendar &calendar() const { return mCalendar; }
    const StepLimits &stepLimits() const { return mStepLimits; }
    const Clock &clock() const { return mClock; }
    // Called with every case created by report() (duplicate detection); it cannot undo the report.
    void setAfterReport(std::function<void(const CaseRecord &)> hook) { mAfterReport = std::move(hook); }
    // Told of every refused request: the actor's role may not take the action (NotPermitted), or the case or
    // grid lies outside the actor's jurisdiction, unit or tier (OutOfScope). `what` names the request, e.g.
    // "dispatch on case 20261123000001". The session hands it to the store's access audit.
    using RefusalAudit = std::function<void(const Actor &actor, const QString &what, const Error &why)>;
    void setRefusalAudit(RefusalAudit audit) { mRefusalAudit = std::move(audit); }
    // Major-event mode: cases reported inside an active event's key area get its tighter handling limit (at
    // report and at every dispatch) and, for the event's classes, key supervision. Null: no major events.
    void setMajorEvents(MajorEventSource *source) { mMajorEvents = source; }

private:
    // Reports a refused request to the refusal audit, and returns the refusal.
    Error refused(const Actor &actor, const QString &what, Error why) const;
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
    std::function<void(const CaseRecord &)> mAfterReport;
    RefusalAudit mRefusalAudit;
    MajorEventSource *mMajorEvents = nullptr;
    Status applyMajorEvents(CaseRecord &record) const;
};

} // namespace cg
