#pragma once

#include "core/casetypes.h"
#include "core/catalogue.h"
#include "store/sqlstore.h"

#include <QDate>
#include <QList>

#include <optional>

namespace cg {

// A period and an area: cases reported in [from, to) located under `scope` (null: everywhere).
struct StatisticsFilter
{
    QDateTime from;
    QDateTime to;
    JurisdictionCode scope;
};

struct DayCount
{
    QDate day; // Beijing calendar day
    int reported = 0;
    int closed = 0; // reached state closed that day
    friend bool operator==(const DayCount &, const DayCount &) = default;
};

// A count under a stable key (step name, "kind/code", street code, ...) with a name for people.
struct NamedCount
{
    QString key;
    QString name;
    int count = 0;
    friend bool operator==(const NamedCount &, const NamedCount &) = default;
};

// How a responsible unit handles its cases (DOMAIN.md §6, on-time handling rate).
struct UnitPerformance
{
    qint64 unitId = 0;
    QString name;
    QString unitType;
    JurisdictionCode jurisdiction;
    int handled = 0;       // 'report_handled' events in the period
    int handledOnTime = 0; // of those, at or before the deadline
    int overdueOpen = 0;   // dispatched to it, still open, past the handling deadline (at `to`)
    int openLoad = 0;      // in its hands now: dispatched, return/park requested, parked
    // handled in time / (handled + overdue still open); -1 with nothing due.
    double onTimeRate() const
    {
        const int due = handled + overdueOpen;
        return due > 0 ? double(handledOnTime) / due : -1;
    }
};

// The red/yellow/green board of open cases whose step clock runs (督办).
enum class BoardDimension { Tier, Street, Unit };
struct BoardRow
{
    QString key; // tier name, street code or unit id
    QString name;
    int overdue = 0; // red: the step is late
    int nearDue = 0; // yellow: due within the window
    int onTime = 0;  // green
    friend bool operator==(const BoardRow &, const BoardRow &) = default;
};

// A case as the panels list it.
struct CaseSummary
{
    qint64 id = 0;
    QString number;
    int version = 0;
    CaseState state = CaseState::None;
    Step step = Step::None;
    QDateTime stepDueAt;
    QDateTime handlingDueAt;
    QDateTime reportedAt;
    CatalogueKey classKey;
    QString className;
    UnitGridCode grid;
    JurisdictionCode street;
    QString streetName;
    qint64 unitId = 0;
    QString unitName;
    JurisdictionLevel owningTier = JurisdictionLevel::District;
    bool keySupervision = false;
    bool hardCase = false;
    int hardCaseStage = 0;
    QString stageName; // a hard case's current closing stage
    int urgeCount = 0;
    UrgeLevel lastUrgeLevel = UrgeLevel::Ordinary;
    double longitude = 0;
    double latitude = 0;
    QString address;
};

enum class CaseListKind {
    OverdueOrNearDue, // open, step late or due within the window; latest due first... soonest first
    KeySupervision,   // open key-supervision cases (重点监管)
    HardCases,        // open hard cases (难点问题) with their stage
    ToDispatch,       // filed, waiting for a unit (oldest due first)
};

struct Escalation
{
    CaseSummary summary;
    Action action = Action::Escalate; // or HandDown
    QDateTime at;
    QString actorName;
    QString fromTier;
    QString toTier;
    QString comment;
};

// An open verify or check task with who has it and whose grid it lies in.
struct InspectionTask
{
    CaseSummary summary;
    qint64 assignedTo = 0; // 0: not assigned
    QString responsibilityCode;
    qint64 gridOwner = 0; // supervisor of the responsibility grid the case lies in
};

struct SupervisorLoad
{
    qint64 userId = 0;
    QString login;
    QString name;
    JurisdictionCode jurisdiction;
    int openTasks = 0;
    QDateTime nextDue; // the soonest due time of their open tasks
};

struct ComponentOwner
{
    qint64 componentId = 0;
    QString code;
    qint64 unitId = 0;
    double distanceMetres = 0;
};

// The read queries of the dispatch, supervision, inspection and statistics panels, on either engine. All
// times in the store are UTC milliseconds; days are Beijing days. Store thread only.
class CaseStatistics
{
public:
    explicit CaseStatistics(SqlStore &store, const Catalogue *catalogue = nullptr);

    // Every day of the filter's period (including empty days), reported and closed.
    Result<QList<DayCount>> dailyCounts(const StatisticsFilter &filter);
    // Open cases by current step, in workflow order (steps without cases left out).
    Result<QList<NamedCount>> openByStep(const JurisdictionCode &scope);
    // Most reported classes in the period, most first, then by key.
    Result<QList<NamedCount>> topClasses(const StatisticsFilter &filter, int limit);
    // Reported in the period per street, most first, then by code.
    Result<QList<NamedCount>> byStreet(const StatisticsFilter &filter);
    // Every unit with something to show (or every unit under `scope` when `allUnits`), by rate then name.
    Result<QList<UnitPerformance>> unitPerformance(const StatisticsFilter &filter, bool allUnits = false);

    Result<QList<BoardRow>> board(BoardDimension dimension, const JurisdictionCode &scope,
                                  const QDateTime &now, int nearMinutes);
    Result<QList<CaseSummary>> caseList(CaseListKind kind, const JurisdictionCode &scope,
                                        const QDateTime &now, int nearMinutes, int limit = 500);
    Result<QList<Escalation>> escalations(const JurisdictionCode &scope, const QDateTime &since,
                                          int limit = 200);
    Result<CaseSummary> caseSummary(qint64 caseId);

    Result<QList<InspectionTask>> inspectionTasks(const JurisdictionCode &scope);
    Result<QList<SupervisorLoad>> supervisorLoads(const JurisdictionCode &scope);

    // The nearest component of class `classCode` within `radiusMetres` of the point that has an owning unit.
    Result<std::optional<ComponentOwner>> componentOwnerNear(const QString &classCode, double longitude,
                                                             double latitude, double radiusMetres);

    // "district_code = ?" ... for cases under `scope`; appends the value. Public for the panels' tests.
    static QString caseScopeClause(const JurisdictionCode &scope, QVariantList &values,
                                   const QString &alias = {});

private:
    Result<QSqlQuery> run(const QString &sql, const QVariantList &values, const QString &what);
    QString className(const CatalogueKey &key) const;
    void decorate(CaseSummary &summary) const;

    SqlStore &mStore;
    const Catalogue *mCatalogue;
};

} // namespace cg
