#include "store/sqlinspectionrepository.h"

#include "geo/geometry.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

Error storageError(const QSqlQuery &query, const QString &what)
{
    return makeError(ErrorCode::Storage, u"%1: %2"_s.arg(what, query.lastError().text()));
}

Result<QSqlQuery> run(SqlStore &store, const QString &sql, const QVariantList &values, const QString &what)
{
    QSqlQuery query(store.database());
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return storageError(query, what);
    for (const QVariant &v : values)
        query.addBindValue(v);
    if (!query.exec())
        return storageError(query, what);
    return query;
}

QDate dateOf(const QVariant &v)
{
    return v.metaType().id() == QMetaType::QDate ? v.toDate() : QDate::fromString(v.toString(), Qt::ISODate);
}

} // namespace

JurisdictionCode parseCodeOrNull(const QString &text)
{
    auto code = JurisdictionCode::parse(text);
    return code ? *code : JurisdictionCode();
}

namespace {

const QString gridColumns = u"id, code, name, street_code, supervisor_id, min_x, min_y, max_x, max_y"_s;

ResponsibilityGrid readGrid(const QSqlQuery &q)
{
    ResponsibilityGrid g;
    g.id = q.value(0).toLongLong();
    g.code = q.value(1).toString();
    g.name = q.value(2).toString();
    g.street = parseCodeOrNull(q.value(3).toString());
    g.supervisorId = q.value(4).isNull() ? 0 : q.value(4).toLongLong();
    g.minX = q.value(5).toDouble();
    g.minY = q.value(6).toDouble();
    g.maxX = q.value(7).toDouble();
    g.maxY = q.value(8).toDouble();
    return g;
}

} // namespace

QString streetScopeClause(const JurisdictionCode &scope, const QString &column, QVariantList &values)
{
    if (scope.isNull())
        return u"1 = 1"_s;
    switch (scope.level()) {
    case JurisdictionLevel::City:
        values.append(QString(scope.text().left(scope.text().endsWith(u"0000"_s) ? 2 : 4) + u'%'));
        return column + u" LIKE ?"_s;
    case JurisdictionLevel::District:
        values.append(QString(scope.text() + u'%'));
        return column + u" LIKE ?"_s;
    case JurisdictionLevel::Street:
        values.append(scope.text());
        return column + u" = ?"_s;
    case JurisdictionLevel::Community:
        values.append(scope.parent().text());
        return column + u" = ?"_s;
    }
    return u"1 = 1"_s;
}

SqlInspectionRepository::SqlInspectionRepository(SqlStore &store)
    : mStore(store)
{}

Status SqlInspectionRepository::addResponsibilityGrid(ResponsibilityGrid &grid,
                                                      const QList<UnitGridCode> &cells)
{
    if (cells.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         u"responsibility grid %1 needs at least one unit grid"_s.arg(grid.code));
    bool first = true;
    for (const UnitGridCode &cell : cells) {
        auto g = mStore.findGrid(cell);
        if (!g)
            return makeError(g.errorCode(), u"responsibility grid %1: %2"_s.arg(grid.code, g.errorMessage()));
        if (!grid.street.isNull() && !grid.street.covers(g->community))
            return makeError(ErrorCode::InvalidInput,
                             u"responsibility grid %1: unit grid %2 lies outside street %3"_s.arg(
                                 grid.code, cell.text(), grid.street.text()));
        grid.minX = first ? g->minX : std::min(grid.minX, g->minX);
        grid.minY = first ? g->minY : std::min(grid.minY, g->minY);
        grid.maxX = first ? g->maxX : std::max(grid.maxX, g->maxX);
        grid.maxY = first ? g->maxY : std::max(grid.maxY, g->maxY);
        first = false;
    }
    Polygon box;
    box.outer = {{grid.minX, grid.minY},
                 {grid.maxX, grid.minY},
                 {grid.maxX, grid.maxY},
                 {grid.minX, grid.maxY},
                 {grid.minX, grid.minY}};
    auto wkb = toWkb(box);
    if (!wkb)
        return wkb.error();
    const QString what = u"responsibility grid %1"_s.arg(grid.code);
    auto inserted =
        run(mStore,
            u"INSERT INTO responsibility_grids (code, name, street_code, supervisor_id, min_x, min_y, "
            u"max_x, max_y, geometry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
            {grid.code, grid.name, grid.street.text(),
             grid.supervisorId > 0 ? QVariant(grid.supervisorId) : QVariant(QMetaType(QMetaType::LongLong)),
             grid.minX, grid.minY, grid.maxX, grid.maxY, *wkb},
            what);
    if (!inserted)
        return inserted.error();
    for (const UnitGridCode &cell : cells) {
        auto c = run(
            mStore, u"INSERT INTO responsibility_grid_cells (grid_code, responsibility_code) VALUES (?, ?)"_s,
            {cell.text(), grid.code}, u"%1, unit grid %2"_s.arg(what, cell.text()));
        if (!c)
            return c.error();
    }
    auto id = run(mStore, u"SELECT id FROM responsibility_grids WHERE code = ?"_s, {grid.code}, what);
    if (!id)
        return id.error();
    if (id->next())
        grid.id = id->value(0).toLongLong();
    return {};
}

Result<QList<ResponsibilityGrid>> SqlInspectionRepository::responsibilityGrids(const JurisdictionCode &scope)
{
    QVariantList values;
    const QString where = streetScopeClause(scope, u"street_code"_s, values);
    auto q =
        run(mStore,
            u"SELECT "_s + gridColumns + u" FROM responsibility_grids WHERE "_s + where + u" ORDER BY code"_s,
            values, u"responsibility grids"_s);
    if (!q)
        return q.error();
    QList<ResponsibilityGrid> grids;
    while (q->next())
        grids.append(readGrid(*q));
    return grids;
}

Result<ResponsibilityGrid> SqlInspectionRepository::responsibilityGridOf(const UnitGridCode &grid)
{
    auto q = run(mStore,
                 u"SELECT "_s + gridColumns +
                     u" FROM responsibility_grids WHERE code = (SELECT responsibility_code FROM "
                     u"responsibility_grid_cells WHERE grid_code = ?)"_s,
                 {grid.text()}, u"responsibility grid of %1"_s.arg(grid.text()));
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound,
                         u"unit grid %1 belongs to no responsibility grid"_s.arg(grid.text()));
    return readGrid(*q);
}

Result<QList<RosterEntry>> SqlInspectionRepository::roster(const JurisdictionCode &scope, QDate from,
                                                           QDate to)
{
    QVariantList values{from, to};
    const QString where = streetScopeClause(scope, u"g.street_code"_s, values);
    auto q = run(
        mStore,
        u"SELECT r.day, r.shift, r.user_id, r.responsibility_code FROM duty_roster r JOIN "
        u"responsibility_grids g ON g.code = r.responsibility_code WHERE r.day >= ? AND r.day <= ? AND "_s +
            where + u" ORDER BY r.day, r.shift, r.responsibility_code, r.user_id"_s,
        values, u"duty roster"_s);
    if (!q)
        return q.error();
    QList<RosterEntry> entries;
    while (q->next()) {
        RosterEntry e;
        e.day = dateOf(q->value(0));
        e.shift = q->value(1).toString() == u"night"_s ? Shift::Night : Shift::Day;
        e.userId = q->value(2).toLongLong();
        e.responsibilityCode = q->value(3).toString();
        entries.append(e);
    }
    return entries;
}

Status SqlInspectionRepository::saveRosterEntry(const RosterEntry &entry)
{
    auto q = run(mStore,
                 u"INSERT INTO duty_roster (day, shift, user_id, responsibility_code) VALUES (?, ?, ?, ?) "
                 u"ON CONFLICT (day, shift, user_id) DO UPDATE SET responsibility_code = "
                 u"excluded.responsibility_code"_s,
                 {entry.day, shiftName(entry.shift), entry.userId, entry.responsibilityCode},
                 u"duty roster %1 %2"_s.arg(entry.day.toString(Qt::ISODate), shiftName(entry.shift)));
    if (!q)
        return q.error();
    return {};
}

Status SqlInspectionRepository::removeRosterEntry(QDate day, Shift shift, qint64 userId)
{
    auto q = run(mStore, u"DELETE FROM duty_roster WHERE day = ? AND shift = ? AND user_id = ?"_s,
                 {day, shiftName(shift), userId}, u"duty roster"_s);
    if (!q)
        return q.error();
    return {};
}

Result<std::optional<InspectionAssignment>> SqlInspectionRepository::assignment(qint64 caseId, Step step)
{
    auto q =
        run(mStore,
            u"SELECT supervisor_id, assigned_by, assigned_at FROM inspection_assignments WHERE case_id = ? "
            u"AND step = ?"_s,
            {caseId, stepName(step)}, u"inspection assignment of case id %1"_s.arg(caseId));
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<InspectionAssignment>();
    InspectionAssignment a;
    a.caseId = caseId;
    a.step = step;
    a.supervisorId = q->value(0).toLongLong();
    a.assignedBy = q->value(1).isNull() ? 0 : q->value(1).toLongLong();
    a.assignedAt = QDateTime::fromMSecsSinceEpoch(q->value(2).toLongLong(), Qt::UTC);
    return std::optional<InspectionAssignment>(a);
}

Status SqlInspectionRepository::saveAssignment(const InspectionAssignment &a)
{
    auto q = run(
        mStore,
        u"INSERT INTO inspection_assignments (case_id, step, supervisor_id, assigned_by, assigned_at) "
        u"VALUES (?, ?, ?, ?, ?) ON CONFLICT (case_id, step) DO UPDATE SET supervisor_id = "
        u"excluded.supervisor_id, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at"_s,
        {a.caseId, stepName(a.step), a.supervisorId,
         a.assignedBy > 0 ? QVariant(a.assignedBy) : QVariant(QMetaType(QMetaType::LongLong)),
         a.assignedAt.toMSecsSinceEpoch()},
        u"inspection assignment of case id %1"_s.arg(a.caseId));
    if (!q)
        return q.error();
    return {};
}

Result<Actor> SqlInspectionRepository::userById(qint64 userId)
{
    auto q = run(
        mStore, u"SELECT id, login, name, role, jurisdiction_code, unit_id, active FROM users WHERE id = ?"_s,
        {userId}, u"user id %1"_s.arg(userId));
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, u"user id %1 does not exist"_s.arg(userId));
    auto role = parseRole(q->value(3).toString());
    if (!role)
        return makeError(ErrorCode::Corrupt, u"user id %1: %2"_s.arg(userId).arg(role.errorMessage()));
    Actor a;
    a.userId = q->value(0).toLongLong();
    a.login = q->value(1).toString();
    a.name = q->value(2).toString();
    a.role = *role;
    if (!q->value(4).isNull())
        a.jurisdiction = parseCodeOrNull(q->value(4).toString());
    a.unitId = q->value(5).isNull() ? 0 : q->value(5).toLongLong();
    if (q->value(6).toInt() == 0)
        return makeError(ErrorCode::NotPermitted, u"user '%1' is disabled"_s.arg(a.login));
    return a;
}

} // namespace cg
