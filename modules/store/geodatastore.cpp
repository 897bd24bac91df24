#include "store/geodatastore.h"

#include "geo/geometry.h"
#include "store/sqlstore.h"

#include <QSqlError>
#include <QSqlQuery>

#include <QLineF>
#include <QMap>
#include <QScopeGuard>

#include <algorithm>
#include <cstring>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr int RowsPerStatement = 100;

QString valuesClause(int rows, int columns)
{
    const QString one = u'(' + QStringList(columns, u"?"_s).join(u", "_s) + u')';
    return QStringList(rows, one).join(u", "_s);
}

// A little-endian ISO WKB polygon with exactly one ring into x, y; false for anything else.
bool readSingleRing(const QByteArray &wkb, std::vector<double> &x, std::vector<double> &y)
{
    const auto size = std::size_t(wkb.size());
    const char *p = wkb.constData();
    if (size < 13 || p[0] != 1)
        return false;
    quint32 type = 0, rings = 0, points = 0;
    std::memcpy(&type, p + 1, 4);
    std::memcpy(&rings, p + 5, 4);
    if (type != 3 || rings != 1)
        return false;
    std::memcpy(&points, p + 9, 4);
    if (points < 4 || size != 13 + std::size_t(points) * 16)
        return false;
    x.resize(points);
    y.resize(points);
    for (quint32 k = 0; k < points; ++k) {
        std::memcpy(&x[k], p + 13 + k * 16, 8);
        std::memcpy(&y[k], p + 21 + k * 16, 8);
    }
    return true;
}

QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

QVariant nullableId(qint64 id)
{
    return id == 0 ? QVariant(QMetaType::fromType<qint64>()) : QVariant(id);
}

} // namespace

GeodataStore::GeodataStore(SqlStore &store)
    : mStore(store)
{}

Error GeodataStore::failure(const QString &what, const QString &detail) const
{
    return makeError(ErrorCode::Storage, u"store %1: %2 failed: %3"_s.arg(mStore.path(), what, detail));
}

Status GeodataStore::addComponents(const QList<ComponentRecord> &components,
                                   const std::function<void(qint64, qint64)> &progress)
{
    static constexpr int Columns = 9;
    const QString insert = u"INSERT INTO components(code, class_code, name, grid_code, unit_id, status, "
                           u"longitude, latitude, attributes) VALUES "_s;
    QSqlDatabase db = mStore.database();
    QSqlQuery full(db);
    if (!full.prepare(insert + valuesClause(RowsPerStatement, Columns)))
        return failure(u"preparing the component insert"_s, full.lastError().text());
    const qint64 total = components.size();
    // In code order the unique index on code grows at its end instead of at random places.
    std::vector<qint64> order(static_cast<std::size_t>(total));
    for (qint64 i = 0; i < total; ++i)
        order[std::size_t(i)] = i;
    std::sort(order.begin(), order.end(),
              [&](qint64 a, qint64 b) { return components[a].code < components[b].code; });
    // SQLite: a page cache large enough for the three indexes while they grow (restored afterwards).
    QVariant cacheSize;
    if (!mStore.isPostgres()) {
        QSqlQuery pragma(db);
        if (pragma.exec(u"PRAGMA cache_size"_s) && pragma.next())
            cacheSize = pragma.value(0);
        pragma.exec(u"PRAGMA cache_size = -262144"_s);
    }
    const auto restoreCache = qScopeGuard([&] {
        if (cacheSize.isValid()) {
            QSqlQuery pragma(db);
            pragma.exec(u"PRAGMA cache_size = "_s + QString::number(cacheSize.toLongLong()));
        }
    });
    auto at = [&](qint64 k) -> const ComponentRecord & {
        return components[order[std::size_t(k)]];
    };
    for (qint64 start = 0; start < total; start += RowsPerStatement) {
        const int rows = int(std::min<qint64>(RowsPerStatement, total - start));
        QSqlQuery tail(db);
        QSqlQuery *q = &full;
        if (rows < RowsPerStatement) {
            if (!tail.prepare(insert + valuesClause(rows, Columns)))
                return failure(u"preparing the component insert"_s, tail.lastError().text());
            q = &tail;
        }
        int k = 0;
        for (int r = 0; r < rows; ++r) {
            const ComponentRecord &c = at(start + r);
            q->bindValue(k++, c.code);
            q->bindValue(k++, c.classCode);
            q->bindValue(k++, c.name);
            q->bindValue(k++, nullableText(c.gridCode));
            q->bindValue(k++, nullableId(c.unitId));
            q->bindValue(k++, c.status.isEmpty() ? u"normal"_s : c.status);
            q->bindValue(k++, c.longitude);
            q->bindValue(k++, c.latitude);
            q->bindValue(k++, c.attributes.isEmpty() ? u"{}"_s : c.attributes);
        }
        if (!q->exec()) {
            const QString text = q->lastError().text();
            // Name the component a unique violation is about: the batch is rolled back anyway.
            if (text.contains(u"UNIQUE"_s, Qt::CaseInsensitive) || text.contains(u"duplicate"_s)) {
                QStringList codes;
                for (int r = 0; r < rows; ++r)
                    codes.append(at(start + r).code);
                QSqlQuery find(db);
                find.prepare(u"SELECT code FROM components WHERE code IN ("_s +
                             QStringList(rows, u"?"_s).join(u", "_s) + u") LIMIT 1"_s);
                for (int r = 0; r < rows; ++r)
                    find.bindValue(r, codes[r]);
                QString which;
                if (!mStore.isPostgres() && find.exec() && find.next())
                    which = find.value(0).toString();
                if (which.isEmpty()) {
                    QSet<QString> seen;
                    for (const QString &c : codes) {
                        if (seen.contains(c)) {
                            which = c;
                            break;
                        }
                        seen.insert(c);
                    }
                }
                return makeError(ErrorCode::Duplicate,
                                 which.isEmpty()
                                     ? u"components %1 to %2: a code is already in the store (%3)"_s.arg(
                                           codes.first(), codes.last(), text)
                                     : u"component %1 is already in the store"_s.arg(which));
            }
            return failure(u"writing components %1 to %2"_s.arg(at(start).code, at(start + rows - 1).code),
                           text);
        }
        if (progress && ((start / RowsPerStatement) % 100 == 0 || start + rows == total))
            progress(start + rows, total);
    }
    return {};
}

Status GeodataStore::addPointsOfInterest(const QList<PointOfInterest> &points)
{
    QSqlQuery q(mStore.database());
    if (!q.prepare(u"INSERT INTO points_of_interest(kind, name, longitude, latitude, attributes) "
                   u"VALUES (?, ?, ?, ?, ?)"_s))
        return failure(u"preparing the point of interest insert"_s, q.lastError().text());
    for (const PointOfInterest &p : points) {
        q.bindValue(0, p.kind);
        q.bindValue(1, p.name);
        q.bindValue(2, p.longitude);
        q.bindValue(3, p.latitude);
        q.bindValue(4, p.attributes.isEmpty() ? u"{}"_s : p.attributes);
        if (!q.exec())
            return failure(u"writing point of interest %1"_s.arg(p.name), q.lastError().text());
    }
    return {};
}

Status GeodataStore::addResponsibilityGrid(ResponsibilityGrid &grid)
{
    QSqlDatabase db = mStore.database();
    QSqlQuery q(db);
    const QString sql = u"INSERT INTO responsibility_grids(code, name, street_code, supervisor_id, min_x, "
                        u"min_y, max_x, max_y, geometry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s +
                        (mStore.isPostgres() ? u" RETURNING id"_s : QString());
    if (!q.prepare(sql))
        return failure(u"preparing the responsibility grid insert"_s, q.lastError().text());
    const QVariant values[] = {grid.code, grid.name, grid.street.text(), nullableId(grid.supervisorId),
                               grid.minX, grid.minY, grid.maxX,          grid.maxY,
                               grid.wkb};
    for (int i = 0; i < 9; ++i)
        q.bindValue(i, values[i]);
    if (!q.exec())
        return failure(u"writing responsibility grid %1"_s.arg(grid.code), q.lastError().text());
    if (mStore.isPostgres()) {
        if (!q.next())
            return failure(u"writing responsibility grid %1"_s.arg(grid.code), u"no id returned"_s);
        grid.id = q.value(0).toLongLong();
    } else {
        grid.id = q.lastInsertId().toLongLong();
    }
    QSqlQuery cell(db);
    if (!cell.prepare(
            u"INSERT INTO responsibility_grid_cells(grid_code, responsibility_code) VALUES (?, ?)"_s))
        return failure(u"preparing the responsibility cell insert"_s, cell.lastError().text());
    for (const QString &code : std::as_const(grid.cells)) {
        cell.bindValue(0, code);
        cell.bindValue(1, grid.code);
        if (!cell.exec()) {
            const QString text = cell.lastError().text();
            if (text.contains(u"UNIQUE"_s, Qt::CaseInsensitive) || text.contains(u"duplicate"_s))
                return makeError(ErrorCode::Duplicate,
                                 u"unit grid %1 of responsibility grid %2 already belongs to another "
                                 u"responsibility grid"_s.arg(code, grid.code));
            return failure(u"writing the cells of responsibility grid %1"_s.arg(grid.code), text);
        }
    }
    return {};
}

namespace {

Result<qint64> countOf(const QSqlDatabase &db, const QString &table, const QString &path)
{
    QSqlQuery q(db);
    if (!q.exec(u"SELECT count(*) FROM "_s + table) || !q.next())
        return makeError(ErrorCode::Storage,
                         u"store %1: counting %2 failed: %3"_s.arg(path, table, q.lastError().text()));
    return q.value(0).toLongLong();
}

ComponentRecord componentFrom(const QSqlQuery &q)
{
    ComponentRecord c;
    c.id = q.value(0).toLongLong();
    c.code = q.value(1).toString();
    c.classCode = q.value(2).toString();
    c.name = q.value(3).toString();
    c.gridCode = q.value(4).toString();
    c.unitId = q.value(5).toLongLong();
    c.status = q.value(6).toString();
    c.longitude = q.value(7).toDouble();
    c.latitude = q.value(8).toDouble();
    c.attributes = q.value(9).toString();
    return c;
}

const QString componentColumns =
    u"id, code, class_code, name, grid_code, unit_id, status, longitude, latitude, attributes"_s;

} // namespace

Result<qint64> GeodataStore::componentCount()
{
    return countOf(mStore.database(), u"components"_s, mStore.path());
}

Result<qint64> GeodataStore::pointOfInterestCount()
{
    return countOf(mStore.database(), u"points_of_interest"_s, mStore.path());
}

Result<qint64> GeodataStore::responsibilityGridCount()
{
    return countOf(mStore.database(), u"responsibility_grids"_s, mStore.path());
}

Status GeodataStore::forEachComponent(const QRectF &box,
                                      const std::function<void(const ComponentRecord &)> &row)
{
    QSqlQuery q(mStore.database());
    q.setForwardOnly(true);
    QString sql = u"SELECT "_s + componentColumns + u" FROM components"_s;
    if (!box.isNull())
        sql += u" WHERE longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?"_s;
    sql += u" ORDER BY id"_s;
    if (!q.prepare(sql))
        return failure(u"reading components"_s, q.lastError().text());
    if (!box.isNull()) {
        q.bindValue(0, box.left());
        q.bindValue(1, box.right());
        q.bindValue(2, box.top());
        q.bindValue(3, box.bottom());
    }
    if (!q.exec())
        return failure(u"reading components"_s, q.lastError().text());
    while (q.next())
        row(componentFrom(q));
    if (q.lastError().isValid())
        return failure(u"reading components"_s, q.lastError().text());
    return {};
}

Result<QList<ComponentRecord>> GeodataStore::componentsInGrid(const QString &gridCode)
{
    QSqlQuery q(mStore.database());
    q.setForwardOnly(true);
    if (!q.prepare(u"SELECT "_s + componentColumns + u" FROM components WHERE grid_code = ? ORDER BY code"_s))
        return failure(u"reading components"_s, q.lastError().text());
    q.bindValue(0, gridCode);
    if (!q.exec())
        return failure(u"reading the components of grid %1"_s.arg(gridCode), q.lastError().text());
    QList<ComponentRecord> list;
    while (q.next())
        list.append(componentFrom(q));
    return list;
}

Status GeodataStore::forEachPointOfInterest(const std::function<void(const PointOfInterest &)> &row)
{
    QSqlQuery q(mStore.database());
    q.setForwardOnly(true);
    if (!q.exec(
            u"SELECT id, kind, name, longitude, latitude, attributes FROM points_of_interest ORDER BY id"_s))
        return failure(u"reading points of interest"_s, q.lastError().text());
    while (q.next()) {
        PointOfInterest p;
        p.id = q.value(0).toLongLong();
        p.kind = q.value(1).toString();
        p.name = q.value(2).toString();
        p.longitude = q.value(3).toDouble();
        p.latitude = q.value(4).toDouble();
        p.attributes = q.value(5).toString();
        row(p);
    }
    return {};
}

Result<QList<ResponsibilityGrid>> GeodataStore::responsibilityGrids()
{
    QSqlDatabase db = mStore.database();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT id, code, name, street_code, supervisor_id, min_x, min_y, max_x, max_y, geometry "
                u"FROM responsibility_grids ORDER BY code"_s))
        return failure(u"reading responsibility grids"_s, q.lastError().text());
    QList<ResponsibilityGrid> list;
    QHash<QString, qsizetype> byCode;
    while (q.next()) {
        ResponsibilityGrid g;
        g.id = q.value(0).toLongLong();
        g.code = q.value(1).toString();
        g.name = q.value(2).toString();
        auto street = JurisdictionCode::parse(q.value(3).toString());
        if (!street)
            return makeError(ErrorCode::Corrupt,
                             u"store %1: responsibility grid %2 has a bad street code: %3"_s.arg(
                                 mStore.path(), g.code, street.errorMessage()));
        g.street = *street;
        g.supervisorId = q.value(4).toLongLong();
        g.minX = q.value(5).toDouble();
        g.minY = q.value(6).toDouble();
        g.maxX = q.value(7).toDouble();
        g.maxY = q.value(8).toDouble();
        g.wkb = q.value(9).toByteArray();
        byCode.insert(g.code, list.size());
        list.append(g);
    }
    QSqlQuery cells(db);
    cells.setForwardOnly(true);
    if (!cells.exec(
            u"SELECT grid_code, responsibility_code FROM responsibility_grid_cells ORDER BY grid_code"_s))
        return failure(u"reading responsibility grid cells"_s, cells.lastError().text());
    while (cells.next()) {
        const auto it = byCode.constFind(cells.value(1).toString());
        if (it != byCode.constEnd())
            list[*it].cells.append(cells.value(0).toString());
    }
    return list;
}

Result<UnitGridLocator> GeodataStore::unitGridLocator(const std::function<void(qint64)> &progress)
{
    QSqlQuery q(mStore.database());
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT code, geometry FROM unit_grids WHERE valid_to IS NULL ORDER BY id"_s))
        return failure(u"reading unit grids"_s, q.lastError().text());
    FlatPolygons polygons;
    std::vector<UnitGridCode> codes;
    qint64 read = 0;
    std::vector<double> x, y;
    while (q.next()) {
        auto code = UnitGridCode::parse(q.value(0).toString());
        if (!code)
            return makeError(ErrorCode::Corrupt,
                             u"store %1: unit grid %2 cannot be read: %3"_s.arg(
                                 mStore.path(), q.value(0).toString(), code.errorMessage()));
        const QByteArray wkb = q.value(1).toByteArray();
        // The common case read directly: a little-endian WKB polygon of one ring (no GEOS object per grid).
        if (readSingleRing(wkb, x, y)) {
            polygons.add(x.data(), y.data(), x.size());
        } else {
            auto polygon = polygonFromWkb(wkb);
            if (!polygon)
                return makeError(ErrorCode::Corrupt,
                                 u"store %1: unit grid %2 cannot be read: %3"_s.arg(
                                     mStore.path(), code->text(), polygon.errorMessage()));
            polygons.add(*polygon);
        }
        codes.push_back(*code);
        if (progress && ++read % 50000 == 0)
            progress(read);
    }
    return UnitGridLocator(std::move(polygons), std::move(codes));
}

Result<QList<QPointF>> GeodataStore::placesNamed(const QString &name)
{
    QSqlQuery q(mStore.database());
    q.prepare(u"SELECT longitude, latitude FROM points_of_interest WHERE name = ? LIMIT 2"_s);
    q.addBindValue(name);
    if (!q.exec())
        return failure(u"looking up the place %1"_s.arg(name), q.lastError().text());
    QList<QPointF> found;
    while (q.next())
        found.append({q.value(0).toDouble(), q.value(1).toDouble()});
    if (!found.isEmpty())
        return found;
    q.prepare(u"SELECT j.code, (g.min_x + g.max_x) / 2, (g.min_y + g.max_y) / 2 FROM unit_grids g "
              u"JOIN jurisdictions j ON j.code = g.community_code "
              u"WHERE j.name = ? AND j.level = 'community' AND g.valid_to IS NULL ORDER BY j.code, g.code"_s);
    q.addBindValue(name);
    if (!q.exec())
        return failure(u"looking up the place %1"_s.arg(name), q.lastError().text());
    QMap<QString, QList<QPointF>> centres;
    while (q.next())
        centres[q.value(0).toString()].append({q.value(1).toDouble(), q.value(2).toDouble()});
    for (const QList<QPointF> &grids : std::as_const(centres)) {
        QPointF middle;
        for (const QPointF &p : grids)
            middle += p / double(grids.size());
        QPointF best = grids.first();
        for (const QPointF &p : grids) {
            if (QLineF(p, middle).length() < QLineF(best, middle).length())
                best = p;
        }
        found.append(best);
    }
    return found;
}

} // namespace cg
