#pragma once

#include "core/casetypes.h"
#include "core/result.h"

#include <QHash>
#include <QList>

#include <optional>

namespace cg {

// Filters of a case queue; every filter runs in SQL.
struct CaseQuery
{
    QList<CaseState> states;         // empty: all
    std::optional<Step> overdueStep; // only cases whose current step is this one and is late
    bool overdueOnly = false;        // only cases whose current step is late
    QDateTime now;                   // reference time for the overdue filters
    JurisdictionCode scope;          // only cases located under this node (null: everywhere)
    qint64 unitId = 0;               // only cases dispatched to this unit
    std::optional<CatalogueKey> classKey;
    std::optional<CaseSource> source;
    QString search; // case number, address or description contains
    int limit = 200;

    // Further filters of the desktop's queues (unset: no filter).
    JurisdictionCode place;  // only cases under this node too (a street filter inside the scope)
    qint64 filterUnitId = 0; // only cases dispatched to this unit (a filter, besides the unit scope)
    std::optional<Priority> priority;
    std::optional<bool> keySupervision;
    std::optional<bool> hardCase;
    QDateTime reportedFrom;          // reported at or after
    QDateTime reportedBefore;        // reported before
    QDateTime dueBefore;             // open and the current step due in [now, dueBefore): "near due"
    bool orExtensionPending = false; // with `states`: also cases waiting for an extension decision
    bool statesInCounts = false;     // countByState applies `states` (and orExtensionPending) too

    // The order of a page; the cursor continues it.
    enum class Order { Newest, Oldest, DueFirst };
    Order order = Order::Newest;

    // Keyset pagination: newest first by (reportedAt, id); a page continues after the cursor.
    struct Cursor
    {
        qint64 reportedAtMs = 0;
        qint64 id = 0;
        qint64 dueAtMs = 0; // Order::DueFirst: the step due time of the last row (max for none)
    };
    std::optional<Cursor> after;
};

struct CasePage
{
    QList<CaseRecord> rows;
    std::optional<CaseQuery::Cursor> next; // set when more rows may follow
};

struct ChangeEntry
{
    qint64 id = 0;
    qint64 caseId = 0;
    qint64 eventId = 0;
    Action action = Action::Report;
    QDateTime at;
};

// Cases, their events and the change feed. Implementations write case, event and feed row in one transaction.
class CaseRepository
{
public:
    virtual ~CaseRepository() = default;

    virtual Result<CaseRecord> findCase(qint64 id) = 0;
    virtual Result<CaseRecord> findCaseByNumber(const QString &number) = 0;
    virtual Result<QList<CaseEvent>> events(qint64 caseId) = 0;
    // The event a request id was applied as, if any (idempotent retries).
    virtual Result<std::optional<CaseEvent>> findEventByRequestId(const QString &requestId) = 0;

    // Inserts a new case with its first event; assigns id, number, hashes; returns the stored case.
    virtual Result<CaseRecord> createCase(CaseRecord record, CaseEvent event) = 0;
    // Replaces the case if its stored version is still `expectedVersion` (else ErrorCode::StaleVersion),
    // appends the event and a change-feed row; returns the stored case with version + 1.
    virtual Result<CaseRecord> updateCase(CaseRecord record, int expectedVersion, CaseEvent event) = 0;

    virtual Result<CasePage> casePage(const CaseQuery &query) = 0;
    virtual Result<QHash<CaseState, int>> countByState(const CaseQuery &query) = 0;
    // Open cases whose current step is due before `time` (deadline watch).
    virtual Result<QList<CaseRecord>> casesDueBefore(const QDateTime &time, int limit) = 0;
    // Parked cases whose resume date has come.
    virtual Result<QList<CaseRecord>> casesToResume(const QDateTime &time, int limit) = 0;

    virtual Result<QList<ChangeEntry>> changesSince(qint64 lastSeenId, int limit) = 0;
};

struct ResponsibleUnit
{
    qint64 id = 0;
    QString code;
    QString name;
    QString unitType; // catalogue unit type code
    JurisdictionCode jurisdiction;
};

struct UnitGrid
{
    qint64 id = 0;
    UnitGridCode code;
    JurisdictionCode community;
    double areaM2 = 0;
    AreaClass areaClass = AreaClass::B;
    double minX = 0, minY = 0, maxX = 0, maxY = 0; // bounding box, lon/lat (CGCS2000)
    QByteArray wkb;                                // polygon
};

// Who and where: users, units and grids as the case service needs them.
class DirectoryRepository
{
public:
    virtual ~DirectoryRepository() = default;
    virtual Result<Actor> findUser(const QString &login) = 0;
    virtual Result<ResponsibleUnit> findUnit(qint64 id) = 0;
    virtual Result<UnitGrid> findGrid(const UnitGridCode &code) = 0; // ErrorCode::UnknownGrid if absent
};

} // namespace cg
