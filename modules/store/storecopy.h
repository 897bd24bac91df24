#pragma once

#include "store/sqlstore.h"

#include <functional>

namespace cg {

struct StoreCopyReport
{
    QList<QPair<QString, qint64>> rowsByTable; // in copy order, as counted in the target afterwards
    AuditReport audit;                         // the target's audit chains, verified after the copy
};

// Copies every table of one store into another, empty one (e.g. an SQLite station into a new PostgreSQL
// server), keeping ids, hashes and the audit chains; attachment files go into the target's attachments.
// Runs in one transaction of the target: a failed copy leaves it empty. Afterwards it compares the row
// count of every table and verifies the audit chains in the target; any difference is an error naming it.
Result<StoreCopyReport>
copyStore(SqlStore &from, SqlStore &to,
          const std::function<void(const QString &table, qint64 rows)> &progress = {});

} // namespace cg
