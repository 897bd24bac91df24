#pragma once

#include "core/casetypes.h"
#include "core/result.h"

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QPointF>
#include <QStringList>

#include <optional>

namespace cg {

// Field work of grid supervisors (DOMAIN.md §1, §4): responsibility grids (责任网格, the patrol area of one
// supervisor: a set of unit grids), the duty roster of day and night shifts (全时段覆盖), and the verify and
// check tasks an acceptor gives to a supervisor.

enum class Shift { Day, Night };
inline constexpr int ShiftCount = 2;
QString shiftName(Shift shift); // "day", "night" (stored)
Result<Shift> parseShift(const QString &name);
QString shiftLabel(Shift shift); // translated

struct ResponsibilityGrid
{
    qint64 id = 0;
    QString code;
    QString name;
    JurisdictionCode street;
    qint64 supervisorId = 0;                       // 0: nobody owns it
    double minX = 0, minY = 0, maxX = 0, maxY = 0; // lon/lat bounding box of its unit grids
    QByteArray wkb;                                // polygon (geodata reads and imports; empty in task lists)
    QStringList cells;                             // the unit grid codes it holds (geodata reads)
    static ResponsibilityGrid make(QString code, QString name, JurisdictionCode street,
                                   qint64 supervisorId = 0)
    {
        ResponsibilityGrid grid;
        grid.code = std::move(code);
        grid.name = std::move(name);
        grid.street = std::move(street);
        grid.supervisorId = supervisorId;
        return grid;
    }
    QPointF center() const { return {(minX + maxX) / 2, (minY + maxY) / 2}; }
};

// One supervisor on one responsibility grid for a day's day or night shift.
struct RosterEntry
{
    QDate day; // Beijing calendar day
    Shift shift = Shift::Day;
    qint64 userId = 0;
    QString responsibilityCode;
    friend bool operator==(const RosterEntry &, const RosterEntry &) = default;
};

// A (responsibility grid, day, shift) slot nobody is on duty for.
struct RosterSlot
{
    QString responsibilityCode;
    QDate day;
    Shift shift = Shift::Day;
    friend bool operator==(const RosterSlot &, const RosterSlot &) = default;
};

// A case's verify or check step given to one supervisor.
struct InspectionAssignment
{
    qint64 caseId = 0;
    Step step = Step::Verify;
    qint64 supervisorId = 0;
    qint64 assignedBy = 0;
    QDateTime assignedAt;
};

// Responsibility grids, the roster and the assignments as the inspection service needs them.
class InspectionRepository
{
public:
    virtual ~InspectionRepository() = default;
    // Under `scope` (a null scope: everywhere), by code.
    virtual Result<QList<ResponsibilityGrid>> responsibilityGrids(const JurisdictionCode &scope) = 0;
    // The responsibility grid a unit grid belongs to; NotFound if none.
    virtual Result<ResponsibilityGrid> responsibilityGridOf(const UnitGridCode &grid) = 0;
    virtual Result<QList<RosterEntry>> roster(const JurisdictionCode &scope, QDate from, QDate to) = 0;
    // Puts the user on the grid for the shift (replacing where else they were on that shift).
    virtual Status saveRosterEntry(const RosterEntry &entry) = 0;
    virtual Status removeRosterEntry(QDate day, Shift shift, qint64 userId) = 0;
    virtual Result<std::optional<InspectionAssignment>> assignment(qint64 caseId, Step step) = 0;
    // Inserts or replaces the assignment of (case, step).
    virtual Status saveAssignment(const InspectionAssignment &assignment) = 0;
    // The user as an actor (role, jurisdiction); NotFound if unknown.
    virtual Result<Actor> userById(qint64 userId) = 0;
};

// The slots of `grids` × [from, to] × {day, night} that no roster entry covers, by day, shift, grid code.
QList<RosterSlot> uncoveredSlots(const QList<ResponsibilityGrid> &grids, const QList<RosterEntry> &roster,
                                 QDate from, QDate to);

// A supervisor who could take a verify or check task, with what the suggestion weighs.
struct SupervisorCandidate
{
    qint64 userId = 0;
    QString name;
    bool ownsGrid = false;      // owns the responsibility grid the case lies in
    bool onDuty = false;        // on the roster for that grid in the current shift
    int openTasks = 0;          // verify and check tasks assigned to them and still open
    double distanceMetres = -1; // from the case to their nearest responsibility grid's centre; -1: no grid
};

// Best first: the grid's owner, then who is on duty there, then the fewest open tasks, then the nearest,
// then the lowest id (a stable order).
QList<SupervisorCandidate> rankSupervisors(QList<SupervisorCandidate> candidates);

// The shift a moment falls in (Beijing time): day 08:00-20:00, night 20:00-08:00 (a night belongs to the day
// it starts on).
std::pair<QDate, Shift> shiftAt(const QDateTime &utc);

} // namespace cg
