#pragma once

#include "store/sqlstore.h"

namespace cg {

// A registered component (部件, DOMAIN.md §3) with its owning unit.
struct Component
{
    qint64 id = 0;
    QString code; // 17 digits: county 6 + class 5 + serial 6
    QString classCode;
    QString name;
    UnitGridCode grid;
    qint64 unitId = 0; // owner; 0 when unknown
    QString status = QStringLiteral("normal");
    double longitude = 0;
    double latitude = 0;
};

// The components table (migration 4) on either engine, over the store's own connection.
class SqlComponentRepository
{
public:
    explicit SqlComponentRepository(SqlStore &store);

    // Inserts every component with one prepared statement; the error names the first that failed.
    Status addComponents(const QList<Component> &components);
    Result<int> count();

private:
    SqlStore &mStore;
};

} // namespace cg
