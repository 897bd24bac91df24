#pragma once

#include "services/caseservice.h"

namespace cg {

// Finds late and nearly late steps, urges key-supervision cases automatically when they go overdue
// (once per step), and resumes parked cases whose resume date has come. Run it periodically.
class DeadlineWatch
{
public:
    struct Scan
    {
        QList<CaseRecord> overdue;
        QList<CaseRecord> nearDue;
        int autoUrged = 0;
        int resumed = 0;
        QStringList failures; // actions the watch could not take, with their reason
    };

    DeadlineWatch(CaseRepository &cases, CaseService &service, Actor systemActor, int nearDueMinutes = 30);

    Result<Scan> scan(int limit = 10000);

private:
    CaseRepository &mCases;
    CaseService &mService;
    Actor mSystem;
    int mNearDueMinutes;
};

} // namespace cg
