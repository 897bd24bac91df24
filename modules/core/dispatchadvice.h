#pragma once

#include <QList>
#include <QString>

namespace cg {

// A responsible unit that could take a filed case, with the reasons to pick it and how it is doing.
struct UnitCandidate
{
    qint64 unitId = 0;
    QString name;
    bool componentOwner = false;    // owns the component the case is about (or one right beside it)
    bool typeMatch = false;         // its type is the catalogue class's responsible unit type
    bool jurisdictionMatch = false; // its jurisdiction covers the case's grid
    int openLoad = 0;               // cases dispatched to it and not yet handled
    int handled = 0;                // handled in the evaluation period
    int handledOnTime = 0;          // of those, within the deadline
    int overdueOpen = 0;            // still open and past the deadline
    // On-time handling rate (DOMAIN.md §6): handled in time / (handled + overdue still open); -1 with nothing
    // due yet.
    double onTimeRate() const
    {
        const int due = handled + overdueOpen;
        return due > 0 ? double(handledOnTime) / due : -1;
    }
};

// Best first: component owner, then type and jurisdiction both matching, type only, jurisdiction only, then
// the higher on-time rate (in whole percent; no record counts as 0), then the lighter open load, then the
// lower id. Candidates matching nothing are dropped.
QList<UnitCandidate> rankUnitCandidates(QList<UnitCandidate> candidates);

} // namespace cg
