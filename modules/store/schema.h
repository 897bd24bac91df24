#pragma once

#include <QStringList>

namespace cg {

// Numbered schema migrations of the SQLite store; migration N brings user_version N-1 to N.
// Each runs in one transaction. Never edit a released migration: add the next one.
const QList<QStringList> &sqliteMigrations();

// The same numbered migrations for PostgreSQL (the version is kept in meta.schema_version). Both lists always
// have the same length: a schema version means the same tables on either engine.
const QList<QStringList> &postgresMigrations();

// PRAGMA application_id of a CityGrid store ("CGRD").
inline constexpr int CityGridApplicationId = 0x43475244;

// meta.application of a CityGrid store on PostgreSQL.
inline constexpr char16_t CityGridApplicationName[] = u"CityGrid";

} // namespace cg
