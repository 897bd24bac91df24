#include "store/sqlduplicaterepository.h"
#include "store/sqlvalues.h"

#include <QSqlError>
#include <QSqlQuery>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

const QString LinkColumns =
    u"case_id, duplicate_of, distance_m, detected_at, state, decided_by, decided_at"_s;

} // namespace

Result<QSqlQuery *> SqlDuplicateRepository::exec(const QString &sql, const QVariantList &values)
{
    auto it = mStatements.find(sql);
    if (it == mStatements.end()) {
        auto prepared = std::make_unique<QSqlQuery>(mStore.database());
        prepared->setForwardOnly(true);
        if (!prepared->prepare(sql))
            return makeError(ErrorCode::Storage, u"probable duplicates in %1: %2"_s.arg(
                                                     mStore.path(), prepared->lastError().text()));
        it = mStatements.emplace(sql, std::move(prepared)).first;
    }
    QSqlQuery *statement = it->second.get();
    for (int i = 0; i < values.size(); ++i)
        statement->bindValue(i, values[i]);
    if (!statement->exec())
        return makeError(ErrorCode::Storage, u"probable duplicates in %1: %2"_s.arg(
                                                 mStore.path(), statement->lastError().text()));
    return statement;
}

QString SqlDuplicateRepository::candidatesSql(SqlEngine engine)
{
    // The upper time bound is one no index can use. On PostgreSQL, partition pruning reads "<= ALL
    // (ARRAY[?])" when the statement starts and leaves out the months after the report (the coming year's
    // empty partitions cost their set-up and a probe each), but a plain "<= ?" would let the generic plan
    // made on an empty month take the index on (reported_at, id) and read every case of the window once the
    // month fills. On SQLite the unary + keeps the bound out of the index choice in the same way.
    const QString reportedUntil = engine == SqlEngine::Postgres ? u"c.reported_at <= ALL (ARRAY[?::bigint])"_s
                                                                : u"+c.reported_at <= ?"_s;
    return u"SELECT c.id, c.longitude, c.latitude, c.reported_at, (SELECT count(*) FILTER "
           u"(WHERE d.state IN ('pending', 'merged')) FROM probable_duplicates d WHERE d.case_id = c.id) "
           u"FROM cases c WHERE c.class_kind = ? AND c.class_code = ? "
           u"AND floor(c.longitude * %1) IN (?, ?, ?, ?) AND floor(c.latitude * %1) IN (?, ?, ?, ?) "
           u"AND c.reported_at >= ? AND %2 "
           u"AND c.state NOT IN ('rejected', 'closed', 'voided', 'self_disposed') AND c.id <> ? "
           u"AND c.longitude BETWEEN ? AND ? AND c.latitude BETWEEN ? AND ?"_s.arg(DuplicateCellsPerDegree)
               .arg(reportedUntil);
}

Result<QList<DuplicateCandidate>>
SqlDuplicateRepository::openCasesNear(const CatalogueKey &key, const QRectF &box, const QDateTime &since,
                                      const QDateTime &until, qint64 excludeId)
{
    // The cases are found through the cells of index cases_cell_class (migration 8): each query names up to
    // CellsPerQuery cells on each axis, so a box of up to about 570 m (the default radii are 30-100 m) is
    // one query, and a larger one several. The time bounds the index scan from below; the upper bound
    // prunes PostgreSQL's month partitions only (candidatesSql).
    //
    // A case that is itself a pending or merged duplicate is no candidate. That test is a subquery per
    // candidate on purpose: as NOT EXISTS, PostgreSQL may plan an anti-join that hashes every pending and
    // merged link of the store, and a generic plan chosen while the table was small keeps doing so for the
    // life of the connection (4 ms per report at 13,000 links). The count filters on the state outside the
    // index condition, so the only plan is a probe of the primary key per candidate.
    constexpr int CellsPerQuery = 4;
    const QString sql = candidatesSql(mStore.isPostgres() ? SqlEngine::Postgres : SqlEngine::Sqlite);
    const auto cell = [](double degrees) {
        return std::floor(degrees * DuplicateCellsPerDegree);
    };
    const double lonFirst = cell(box.left()), lonLast = cell(box.right());
    const double latFirst = cell(box.top()), latLast = cell(box.bottom());
    // Cells from..from+3 of one axis, the last one repeated where the box ends sooner.
    const auto cells = [](double from, double last) {
        QVariantList out;
        for (int i = 0; i < CellsPerQuery; ++i)
            out.append(std::min(from + i, last));
        return out;
    };
    QList<DuplicateCandidate> out;
    for (double lon = lonFirst; lon <= lonLast; lon += CellsPerQuery) {
        for (double lat = latFirst; lat <= latLast; lat += CellsPerQuery) {
            QVariantList values{kindName(key.kind()), key.code()};
            values += cells(lon, lonLast);
            values += cells(lat, latLast);
            values += {msOrNull(since), msOrNull(until), excludeId,   box.left(),
                       box.right(),     box.top(),       box.bottom()};
            auto q = exec(sql, values);
            if (!q)
                return q.error();
            while ((*q)->next()) {
                const QDateTime reportedAt = fromMs((*q)->value(3));
                if ((*q)->value(4).toLongLong() > 0)
                    continue;
                out.append({(*q)->value(0).toLongLong(), (*q)->value(1).toDouble(), (*q)->value(2).toDouble(),
                            reportedAt});
            }
            (*q)->finish(); // no read transaction outlives the call (SQLite)
        }
    }
    return out;
}

Result<bool> SqlDuplicateRepository::addLink(const ProbableDuplicate &l)
{
    auto q =
        exec(u"INSERT INTO probable_duplicates (case_id, duplicate_of, distance_m, detected_at, state) "
             u"VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"_s,
             {l.caseId, l.duplicateOf, l.distanceM, msOrNull(l.detectedAt), duplicateStateName(l.state)});
    if (!q)
        return q.error();
    const bool added = (*q)->numRowsAffected() > 0;
    if (added)
        mStore.announceChangeOf(u"probable_duplicates"_s);
    return added;
}

Result<QList<ProbableDuplicate>>
SqlDuplicateRepository::readLinks(const QString &where, const QVariantList &values, const QString &tail)
{
    auto q = exec(u"SELECT "_s + LinkColumns + u" FROM probable_duplicates WHERE "_s + where + tail, values);
    if (!q)
        return q.error();
    QList<ProbableDuplicate> out;
    while ((*q)->next()) {
        ProbableDuplicate l;
        l.caseId = (*q)->value(0).toLongLong();
        l.duplicateOf = (*q)->value(1).toLongLong();
        l.distanceM = (*q)->value(2).toDouble();
        l.detectedAt = fromMs((*q)->value(3));
        auto state = parseDuplicateState((*q)->value(4).toString());
        if (!state)
            return makeError(ErrorCode::Corrupt,
                             u"probable duplicate of case %1 in %2: %3"_s.arg(l.caseId).arg(
                                 mStore.path(), state.errorMessage()));
        l.state = *state;
        l.decidedBy = (*q)->value(5).toLongLong();
        l.decidedAt = fromMs((*q)->value(6));
        out.append(l);
    }
    (*q)->finish();
    return out;
}

Result<std::optional<ProbableDuplicate>> SqlDuplicateRepository::activeLinkOf(qint64 caseId)
{
    auto links = readLinks(u"case_id = ? AND state IN ('pending', 'merged')"_s, {caseId},
                           u" ORDER BY detected_at DESC LIMIT 1"_s);
    if (!links)
        return links.error();
    if (links->isEmpty())
        return std::optional<ProbableDuplicate>();
    return std::optional<ProbableDuplicate>(links->first());
}

Result<QList<ProbableDuplicate>> SqlDuplicateRepository::links(std::optional<DuplicateState> state, int limit)
{
    return state ? readLinks(u"state = ?"_s, {duplicateStateName(*state), limit},
                             u" ORDER BY detected_at DESC, case_id DESC LIMIT ?"_s)
                 : readLinks(u"1 = 1"_s, {limit}, u" ORDER BY detected_at DESC, case_id DESC LIMIT ?"_s);
}

Result<QList<ProbableDuplicate>> SqlDuplicateRepository::mergedInto(qint64 mainCaseId)
{
    return readLinks(u"duplicate_of = ? AND state = 'merged'"_s, {mainCaseId}, u" ORDER BY case_id"_s);
}

Result<bool> SqlDuplicateRepository::decide(const ProbableDuplicate &l)
{
    auto q = exec(u"UPDATE probable_duplicates SET state = ?, decided_by = ?, decided_at = ? "
                  u"WHERE case_id = ? AND duplicate_of = ? AND state = 'pending'"_s,
                  {duplicateStateName(l.state),
                   l.decidedBy > 0 ? QVariant(l.decidedBy) : QVariant(QMetaType(QMetaType::LongLong)),
                   msOrNull(l.decidedAt), l.caseId, l.duplicateOf});
    if (!q)
        return q.error();
    const bool decided = (*q)->numRowsAffected() > 0;
    if (decided)
        mStore.announceChangeOf(u"probable_duplicates"_s);
    return decided;
}

Status SqlDuplicateRepository::inTransaction(const std::function<Status()> &work)
{
    // Inside a caller's transaction (the gateway's group commit) a savepoint; otherwise a transaction.
    if (mStore.beginBatch()) {
        const Status s = work();
        if (!s) {
            mStore.rollbackBatch();
            return s;
        }
        return mStore.commitBatch();
    }
    QSqlQuery sp(mStore.database());
    if (!sp.exec(u"SAVEPOINT cg_duplicates"_s))
        return makeError(ErrorCode::Storage,
                         u"probable duplicates in %1: %2"_s.arg(mStore.path(), sp.lastError().text()));
    const Status s = work();
    sp.exec(s ? u"RELEASE SAVEPOINT cg_duplicates"_s : u"ROLLBACK TO SAVEPOINT cg_duplicates"_s);
    if (!s)
        sp.exec(u"RELEASE SAVEPOINT cg_duplicates"_s);
    return s;
}

} // namespace cg
