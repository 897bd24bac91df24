#include "services/deadlinewatch.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

DeadlineWatch::DeadlineWatch(CaseRepository &cases, CaseService &service, Actor systemActor,
                             int nearDueMinutes)
    : mCases(cases)
    , mService(service)
    , mSystem(std::move(systemActor))
    , mNearDueMinutes(nearDueMinutes)
{
    mSystem.role = Role::System;
}

Result<DeadlineWatch::Scan> DeadlineWatch::scan(int limit)
{
    const QDateTime now = mService.clock().now();
    Scan result;

    auto toResume = mCases.casesToResume(now, limit);
    if (!toResume)
        return toResume.error();
    for (const CaseRecord &c : std::as_const(*toResume)) {
        ActionRequest r;
        r.caseId = c.id;
        r.expectedVersion = c.version;
        r.action = Action::Resume;
        r.comment = u"resumed automatically at the resume date"_s;
        auto done = mService.apply(mSystem, r);
        if (done)
            ++result.resumed;
        else
            result.failures.append(done.errorMessage());
    }

    auto due = mCases.casesDueBefore(now.addSecs(qint64(mNearDueMinutes) * 60), limit);
    if (!due)
        return due.error();
    for (const CaseRecord &c : std::as_const(*due)) {
        if (!c.isStepOverdue(now)) {
            result.nearDue.append(c);
            continue;
        }
        if (c.keySupervision && c.autoUrgedStep != c.step) {
            ActionRequest r;
            r.caseId = c.id;
            r.expectedVersion = c.version;
            r.action = Action::Urge;
            r.urgeLevel = UrgeLevel::Key;
            r.comment =
                u"key-supervision case overdue at step '%1': urged automatically"_s.arg(stepName(c.step));
            auto done = mService.apply(mSystem, r);
            if (done) {
                ++result.autoUrged;
                result.overdue.append(*done);
                continue;
            }
            result.failures.append(done.errorMessage());
        }
        result.overdue.append(c);
    }
    return result;
}

} // namespace cg
