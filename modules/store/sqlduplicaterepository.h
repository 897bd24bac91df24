#pragma once

#include "core/duplicates.h"
#include "store/sqlstore.h"

#include <memory>
#include <unordered_map>

namespace cg {

// The probable duplicates of the store (table probable_duplicates, migration 5) on SQLite and PostgreSQL,
// over the store's own connection: it belongs to the store's thread. On PostgreSQL row-level security limits
// a station to the links and cases of its scope.
class SqlDuplicateRepository : public DuplicateRepository
{
public:
    // Duplicate detection's map cells per degree of longitude and latitude: the expressions
    // floor(longitude * 500) and floor(latitude * 500) of index cases_cell_class (store migration 8). A
    // change needs a new migration that rebuilds the index.
    static constexpr int DuplicateCellsPerDegree = 500;
    // The statement that finds the candidates of a report (for tests of its plan): class kind and code, four
    // longitude cells, four latitude cells, reported since, reported until, the report's id, then the box
    // (west, east, south, north).
    static QString candidatesSql(SqlEngine engine);

    explicit SqlDuplicateRepository(SqlStore &store)
        : mStore(store)
    {}

    Result<QList<DuplicateCandidate>> openCasesNear(const CatalogueKey &key, const QRectF &box,
                                                    const QDateTime &since, const QDateTime &until,
                                                    qint64 excludeId) override;
    Result<bool> addLink(const ProbableDuplicate &link) override;
    Result<std::optional<ProbableDuplicate>> activeLinkOf(qint64 caseId) override;
    Result<QList<ProbableDuplicate>> links(std::optional<DuplicateState> state, int limit) override;
    Result<QList<ProbableDuplicate>> mergedInto(qint64 mainCaseId) override;
    Result<bool> decide(const ProbableDuplicate &link) override;
    Status inTransaction(const std::function<Status()> &work) override;

private:
    // Runs `sql`, prepared once per repository (duplicate detection runs for every report).
    Result<QSqlQuery *> exec(const QString &sql, const QVariantList &values);
    Result<QList<ProbableDuplicate>> readLinks(const QString &where, const QVariantList &values,
                                               const QString &tail = {});
    SqlStore &mStore;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> mStatements;
};

} // namespace cg
