#pragma once

#include "core/casetypes.h"
#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QRectF>

#include <functional>
#include <optional>

namespace cg {

// Probable duplicates (DOMAIN.md §5): a later report linked to the open case it repeats. The values and the
// store interface; detection and decisions are DuplicateService's (modules/services).

enum class DuplicateState { Pending, Merged, Separated };
QString duplicateStateName(DuplicateState state); // "pending", "merged", "separated" (as stored)
Result<DuplicateState> parseDuplicateState(const QString &name);

struct ProbableDuplicate
{
    qint64 caseId = 0;      // the later report
    qint64 duplicateOf = 0; // the open case it repeats (the main case)
    double distanceM = 0;
    QDateTime detectedAt;
    DuplicateState state = DuplicateState::Pending;
    qint64 decidedBy = 0; // user id of the acceptor who merged or separated
    QDateTime decidedAt;
};

// An open case that a new report may repeat.
struct DuplicateCandidate
{
    qint64 id = 0;
    double longitude = 0;
    double latitude = 0;
    QDateTime reportedAt;
};

// The store side of duplicates (modules/store/sqlduplicaterepository.h on both engines).
class DuplicateRepository
{
public:
    virtual ~DuplicateRepository() = default;
    // Open cases (not terminal, not self-disposed) of `key` reported in [since, until] inside `box`
    // (lon/lat), other than `excludeId`, that are not themselves pending or merged duplicates.
    virtual Result<QList<DuplicateCandidate>> openCasesNear(const CatalogueKey &key, const QRectF &box,
                                                            const QDateTime &since, const QDateTime &until,
                                                            qint64 excludeId) = 0;
    // False when the link existed already (a retried report).
    virtual Result<bool> addLink(const ProbableDuplicate &link) = 0;
    // The pending or merged link of a later report, if any.
    virtual Result<std::optional<ProbableDuplicate>> activeLinkOf(qint64 caseId) = 0;
    // Links in `state` (every state when nullopt), newest first.
    virtual Result<QList<ProbableDuplicate>> links(std::optional<DuplicateState> state, int limit) = 0;
    // The reports merged into `mainCaseId`.
    virtual Result<QList<ProbableDuplicate>> mergedInto(qint64 mainCaseId) = 0;
    // Moves a pending link to `link.state` with decidedBy/decidedAt; false when it is no longer pending.
    virtual Result<bool> decide(const ProbableDuplicate &link) = 0;
    // Runs `work` in one transaction (a savepoint inside an open one): all of it is kept, or none.
    virtual Status inTransaction(const std::function<Status()> &work) = 0;
};

} // namespace cg
