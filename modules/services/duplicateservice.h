#pragma once

#include "core/casetypes.h"
#include "core/duplicates.h"
#include "core/repositories.h"
#include "services/caseservice.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QRectF>

#include <functional>
#include <optional>

namespace cg {

// Probable duplicates (DOMAIN.md §5): one problem reported by a supervisor, two citizens and a camera is one
// case. A new report within its class's radius and time window of an open case of the same class is linked
// to that case as a probable duplicate; the acceptor merges it (the report is rejected as merged into the
// main case, and its reporters get the main case's result) or separates it (the link is dismissed).

// How near and how recent an open case must be for a new report of the same class to be its duplicate.
struct DuplicateRule
{
    double radiusM = 50;
    int windowHours = 24;
    friend bool operator==(const DuplicateRule &, const DuplicateRule &) = default;
};

// The rule of each catalogue class: an override, else the default of its kind and major class:
// - components and their abnormal events (majors 01–05): 30 m, 72 h (a fixed facility: the same object);
// - 06 city appearance (garbage, dirt, water): 50 m, 24 h;
// - 07 advertising: 50 m, 168 h (posters and signs stay up for days);
// - 08 construction (illegal building, site dust): 100 m, 720 h (a building site is large and lasts);
// - 09 street order (vendors, stalls): 100 m, 4 h (stalls move and come back);
// - 10 other: 50 m, 24 h.
class DuplicateRules
{
public:
    DuplicateRule rule(const CatalogueKey &key) const;
    void setRule(const CatalogueKey &key, DuplicateRule rule);
    static DuplicateRule defaultRule(const CatalogueKey &key);

private:
    QHash<CatalogueKey, DuplicateRule> mOverrides;
};

// A link with both cases, for the acceptor's list.
struct DuplicateEntry
{
    ProbableDuplicate link;
    CaseRecord duplicate;
    CaseRecord main;
};

class DuplicateService
{
public:
    DuplicateService(DuplicateRepository &links, CaseRepository &cases, CaseService &service,
                     DuplicateRules rules = {});

    // Called after a case was reported on any channel: links a reported case to the nearest open case of its
    // class within the class's radius and window (the earliest of equally near ones). Returns the link, or
    // nullopt when the report repeats nothing (or is not a plain report, e.g. a self-disposal).
    Result<std::optional<ProbableDuplicate>> detect(const CaseRecord &reported);

    // The acceptor merges a pending duplicate: the report, still reported, is rejected with the reason
    // "merged into <main case number>" (the workflow's reject action, by the acceptor), and the link becomes
    // merged, in one transaction.
    Result<ProbableDuplicate> merge(const Actor &actor, qint64 caseId);
    // The acceptor separates a pending duplicate: the link is dismissed, the report goes on as its own case.
    Result<ProbableDuplicate> separate(const Actor &actor, qint64 caseId);

    // Links in `state` whose report lies in the actor's scope, with both cases, newest first.
    Result<QList<DuplicateEntry>> entries(const Actor &actor, std::optional<DuplicateState> state,
                                          int limit = 500);

    const DuplicateRules &rules() const { return mRules; }
    void setRules(DuplicateRules rules) { mRules = std::move(rules); }

    // Great-circle distance in metres (haversine on the mean Earth radius, 6,371,008.8 m).
    static double distanceM(double lon1, double lat1, double lon2, double lat2);
    // The reason written on a merged report's rejection.
    static QString mergeReason(const QString &mainCaseNumber);

private:
    Result<ProbableDuplicate> decideLink(const Actor &actor, qint64 caseId, DuplicateState to);

    DuplicateRepository &mLinks;
    CaseRepository &mCases;
    CaseService &mService;
    DuplicateRules mRules;
};

} // namespace cg
