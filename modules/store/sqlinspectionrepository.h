#pragma once

#include "core/inspection.h"
#include "store/sqlstore.h"

namespace cg {

// Responsibility grids, duty roster and inspection assignments (migration 4) on either engine, over the
// store's own connection (so that writes join a batch or transaction the store has open).
class SqlInspectionRepository : public InspectionRepository
{
public:
    explicit SqlInspectionRepository(SqlStore &store);

    // Adds a responsibility grid made of `cells` (unit grids of its street); fills grid.id and the bounding
    // box from the cells. Fails naming the first unknown cell or a cell another grid already holds.
    Status addResponsibilityGrid(ResponsibilityGrid &grid, const QList<UnitGridCode> &cells);

    Result<QList<ResponsibilityGrid>> responsibilityGrids(const JurisdictionCode &scope) override;
    Result<ResponsibilityGrid> responsibilityGridOf(const UnitGridCode &grid) override;
    Result<QList<RosterEntry>> roster(const JurisdictionCode &scope, QDate from, QDate to) override;
    Status saveRosterEntry(const RosterEntry &entry) override;
    Status removeRosterEntry(QDate day, Shift shift, qint64 userId) override;
    Result<std::optional<InspectionAssignment>> assignment(qint64 caseId, Step step) override;
    Status saveAssignment(const InspectionAssignment &assignment) override;
    Result<Actor> userById(qint64 userId) override;

private:
    SqlStore &mStore;
};

// "street_code LIKE ?" / "street_code = ?" for the streets under `scope` (null: everything); appends its
// value to `values`. `column` is a street code column.
QString streetScopeClause(const JurisdictionCode &scope, const QString &column, QVariantList &values);

// The parsed code, or a null code for empty or malformed text (columns the store itself wrote).
JurisdictionCode parseCodeOrNull(const QString &text);

} // namespace cg
