#pragma once

#include <QStringList>

namespace cg {

// Numbered schema migrations of the SQLite store; migration N brings user_version N-1 to N.
// Each runs in one transaction. Never edit a released migration: add the next one.
const QList<QStringList> &sqliteMigrations();

// PRAGMA application_id of a CityGrid store ("CGRD").
inline constexpr int CityGridApplicationId = 0x43475244;

} // namespace cg
