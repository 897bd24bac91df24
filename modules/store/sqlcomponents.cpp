#include "store/sqlcomponents.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::Literals::StringLiterals;

namespace cg {

SqlComponentRepository::SqlComponentRepository(SqlStore &store)
    : mStore(store)
{}

Status SqlComponentRepository::addComponents(const QList<Component> &components)
{
    QSqlQuery query(mStore.database());
    if (!query.prepare(
            u"INSERT INTO components (code, class_code, name, grid_code, unit_id, status, longitude, "
            u"latitude) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s))
        return makeError(ErrorCode::Storage,
                         u"store %1: components: %2"_s.arg(mStore.path(), query.lastError().text()));
    for (const Component &c : components) {
        query.addBindValue(c.code);
        query.addBindValue(c.classCode);
        query.addBindValue(c.name.isNull() ? QStringLiteral("") : c.name); // the column is NOT NULL
        query.addBindValue(c.grid.isNull() ? QVariant(QMetaType(QMetaType::QString))
                                           : QVariant(c.grid.text()));
        query.addBindValue(c.unitId > 0 ? QVariant(c.unitId) : QVariant(QMetaType(QMetaType::LongLong)));
        query.addBindValue(c.status);
        query.addBindValue(c.longitude);
        query.addBindValue(c.latitude);
        if (!query.exec())
            return makeError(ErrorCode::Storage, u"store %1: component %2: %3"_s.arg(
                                                     mStore.path(), c.code, query.lastError().text()));
    }
    return {};
}

Result<int> SqlComponentRepository::count()
{
    QSqlQuery query(mStore.database());
    if (!query.exec(u"SELECT COUNT(*) FROM components"_s) || !query.next())
        return makeError(ErrorCode::Storage,
                         u"store %1: components: %2"_s.arg(mStore.path(), query.lastError().text()));
    return query.value(0).toInt();
}

} // namespace cg
