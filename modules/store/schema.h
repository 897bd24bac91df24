#pragma once

#include <QStringList>

namespace cg {

// Numbered schema migrations of the SQLite store; migration N brings user_version N-1 to N.
// Each runs in one transaction. Never edit a released migration: add the next one.
const QList<QStringList> &sqliteMigrations();

// The same numbered migrations for PostgreSQL (the version is kept in meta.schema_version). Both lists always
// have the same length: a schema version means the same tables on either engine.
const QList<QStringList> &postgresMigrations();

// Migrations from 3 on live beside the feature they serve, one file each, in both dialects. A slot that is
// still empty only advances the version.
struct MigrationSql
{
    QStringList sqlite;
    QStringList postgresql;
};
MigrationSql
evaluationMigration();           // 3: daily evaluation facts, weights, major events (schema_evaluation.cpp)
MigrationSql geodataMigration(); // 4: components, points of interest, responsibility grids, duty roster
MigrationSql gatewayMigration(); // 5: gateway tables and probable duplicates (schema_gateway.cpp)
MigrationSql evaluationRollupMigration();      // 6: monthly unit grid facts (schema_evaluation.cpp)
MigrationSql concurrentWritersMigration();     // 7: concurrent writers on PostgreSQL (schema_writers.cpp)
MigrationSql duplicateCellsMigration();        // 8: duplicate detection by map cells (schema_gateway.cpp)
MigrationSql evaluationByActionMigration();    // 9: PostgreSQL's fact trigger, one statement per action group
MigrationSql duplicateAnnouncementMigration(); // 10: probable duplicates announced after the commit

// PRAGMA application_id of a CityGrid store ("CGRD").
inline constexpr int CityGridApplicationId = 0x43475244;

// meta.application of a CityGrid store on PostgreSQL.
inline constexpr char16_t CityGridApplicationName[] = u"CityGrid";

} // namespace cg
