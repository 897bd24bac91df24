#pragma once

#include <QString>

namespace cg {

enum class SqlEngine { Sqlite, Postgres };

// The real differences between the two engines that the shared SQL of SqlStore has to know about; the rest
// (tables, types, upsert syntax) is either common SQL or lives in each engine's migrations.
struct SqlDialect
{
    SqlEngine engine = SqlEngine::Sqlite;

    QString driverName() const
    {
        return engine == SqlEngine::Postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE");
    }
    // SQLite's LIKE ignores ASCII case; PostgreSQL needs ILIKE for the same search.
    QString caseInsensitiveLike() const
    {
        return engine == SqlEngine::Postgres ? QStringLiteral("ILIKE") : QStringLiteral("LIKE");
    }
    // SQLite starts a transaction with SAVEPOINT; PostgreSQL needs BEGIN for the outermost level.
    bool savepointStartsTransaction() const { return engine == SqlEngine::Sqlite; }
    // Whether a driver error text reports a unique violation of `constraintHint` (e.g. "request_id").
    bool isUniqueViolation(const QString &errorText, const QString &constraintHint) const
    {
        if (engine == SqlEngine::Postgres)
            return errorText.contains(QStringLiteral("duplicate key")) && errorText.contains(constraintHint);
        return errorText.contains(QStringLiteral("UNIQUE constraint failed")) &&
               errorText.contains(constraintHint);
    }
};

} // namespace cg
