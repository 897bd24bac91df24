#include "store/storecopy.h"

#include "store/evaluationsql.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

// Parents before children; the same tables and columns on both engines ("one schema").
const QStringList copyOrder{
    u"jurisdictions"_s, u"unit_grids"_s, u"units"_s, u"users"_s, u"catalogue_overrides"_s, u"attachments"_s,
    u"cases"_s, u"case_events"_s, u"change_feed"_s, u"access_audit"_s,
    // The geodata (migration 4): components, points of interest, responsibility grids, roster, inspections.
    u"components"_s, u"points_of_interest"_s, u"responsibility_grids"_s, u"responsibility_grid_cells"_s,
    u"duty_roster"_s, u"inspection_assignments"_s,
    // The gateway's tables and the probable duplicates (migration 5).
    u"net_hotline_tickets"_s, u"net_outbox"_s, u"net_counters"_s, u"net_field_tokens"_s, u"net_gps_tracks"_s,
    u"net_open311_tokens"_s, u"probable_duplicates"_s,
    // Evaluation (migration 3): the weights and the major events. The daily facts are not copied: the copied
    // events rebuild them (see the end of copyStore).
    u"eval_weights"_s, u"major_events"_s};

Result<qint64> countRows(const QSqlDatabase &db, const QString &table)
{
    QSqlQuery q(db);
    if (!q.exec(u"SELECT count(*) FROM "_s + table) || !q.next())
        return makeError(ErrorCode::Storage, u"counting %1: %2"_s.arg(table, q.lastError().text()));
    return q.value(0).toLongLong();
}

} // namespace

Result<StoreCopyReport> copyStore(SqlStore &from, SqlStore &to,
                                  const std::function<void(const QString &, qint64)> &progress)
{
    if (!to.isEmpty())
        return makeError(
            ErrorCode::InvalidInput,
            u"the target store %1 already holds data; copy into an empty store"_s.arg(to.path()));
    if (from.schemaVersion() != to.schemaVersion())
        return makeError(ErrorCode::InvalidInput,
                         u"the stores have different schema versions (%1: %2, %3: %4)"_s.arg(from.path())
                             .arg(from.schemaVersion())
                             .arg(to.path())
                             .arg(to.schemaVersion()));
    const QSqlDatabase source = from.database();
    const QSqlDatabase target = to.database();
    if (auto s = to.beginBatch(); !s)
        return s.error();
    auto fail = [&to](const Error &e) -> Result<StoreCopyReport> {
        to.rollbackBatch();
        return e;
    };
    StoreCopyReport report;
    for (const QString &table : copyOrder) {
        QSqlQuery read(source);
        read.setForwardOnly(true);
        if (!read.exec(u"SELECT * FROM "_s + table +
                       (table == u"jurisdictions"_s ? u" ORDER BY length(code), code"_s : QString())))
            return fail(makeError(ErrorCode::Storage, u"reading %1 of %2: %3"_s.arg(
                                                          table, from.path(), read.lastError().text())));
        QStringList columns;
        for (int i = 0; i < read.record().count(); ++i)
            columns.append(read.record().fieldName(i));
        // The target records its own connections in access_audit: the copied entries take new ids after them.
        const bool skipId = table == u"access_audit"_s;
        if (skipId)
            columns.removeAll(u"id"_s);
        // Attachments: the server keeps the content that SQLite keeps in files beside the store.
        const bool withContent = table == u"attachments"_s && to.isPostgres() && !from.isPostgres();
        QStringList targetColumns = columns;
        if (withContent)
            targetColumns.append(u"content"_s);
        QSqlQuery write(target);
        if (!write.prepare(u"INSERT INTO %1(%2) VALUES (%3)"_s.arg(
                table, targetColumns.join(u", "), QStringList(targetColumns.size(), u"?"_s).join(u", "))))
            return fail(makeError(ErrorCode::Storage,
                                  u"writing %1 to %2: %3"_s.arg(table, to.path(), write.lastError().text())));
        qint64 rows = 0;
        while (read.next()) {
            for (int i = 0; i < columns.size(); ++i)
                write.bindValue(i, read.value(columns.at(i)));
            if (withContent) {
                auto content = from.attachmentContent(read.value(u"hash"_s).toString());
                if (!content)
                    return fail(content.error());
                write.bindValue(int(columns.size()), *content);
            }
            if (!write.exec())
                return fail(makeError(ErrorCode::Storage,
                                      u"writing %1 row %2 to %3: %4"_s.arg(table).arg(rows + 1).arg(
                                          to.path(), write.lastError().text())));
            ++rows;
            if (progress && rows % 10000 == 0)
                progress(table, rows);
        }
        if (progress)
            progress(table, rows);
    }
    // The ids were copied: the sequences continue after them.
    if (to.isPostgres()) {
        QSqlQuery q(target);
        for (
            const QString &sql : {
                u"SELECT setval('cases_id_seq', greatest((SELECT max(id) FROM cases), 1))"_s,
                u"SELECT setval(pg_get_serial_sequence('case_events', 'id'), greatest((SELECT max(id) FROM case_events), 1))"_s,
                u"SELECT setval(pg_get_serial_sequence('change_feed', 'id'), greatest((SELECT max(id) FROM change_feed), 1))"_s,
                u"SELECT setval(pg_get_serial_sequence('units', 'id'), greatest((SELECT max(id) FROM units), 1))"_s,
                u"SELECT setval(pg_get_serial_sequence('users', 'id'), greatest((SELECT max(id) FROM users), 1))"_s,
                u"SELECT setval(pg_get_serial_sequence('unit_grids', 'id'), greatest((SELECT max(id) FROM unit_grids), 1))"_s,
                u"SELECT setval(pg_get_serial_sequence('access_audit', 'id'), greatest((SELECT max(id) FROM access_audit), 1))"_s,
                u"SELECT setval(pg_get_serial_sequence('components', 'id'), greatest((SELECT max(id) FROM components), 1))"_s,
                u"SELECT setval(pg_get_serial_sequence('points_of_interest', 'id'), greatest((SELECT max(id) FROM points_of_interest), 1))"_s,
                u"SELECT setval(pg_get_serial_sequence('responsibility_grids', 'id'), greatest((SELECT max(id) FROM responsibility_grids), 1))"_s,
                u"SELECT setval(pg_get_serial_sequence('duty_roster', 'id'), greatest((SELECT max(id) FROM duty_roster), 1))"_s,
                u"SELECT setval(pg_get_serial_sequence('net_outbox', 'id'), greatest((SELECT max(id) FROM net_outbox), 1))"_s,
                u"SELECT setval(pg_get_serial_sequence('major_events', 'id'), greatest((SELECT max(id) FROM major_events), 1))"_s,
            }) {
            if (!q.exec(sql))
                return fail(makeError(ErrorCode::Storage, u"%1: %2"_s.arg(to.path(), q.lastError().text())));
        }
    }
    // The evaluation facts: the triggers kept them while the events arrived, in whatever order the source
    // gave them; rebuilt from all events now, they are exactly those of the source.
    for (const QString &sql : evaluationRebuildStatements(to.dialect().engine)) {
        QSqlQuery q(target);
        if (!q.exec(sql))
            return fail(makeError(ErrorCode::Storage, u"rebuilding the evaluation facts of %1: %2"_s.arg(
                                                          to.path(), q.lastError().text())));
    }
    if (auto s = to.commitBatch(); !s)
        return s.error();
    for (const QString &table : copyOrder) {
        auto a = countRows(source, table);
        auto b = countRows(target, table);
        if (!a)
            return a.error();
        if (!b)
            return b.error();
        // (access_audit: the target adds its own connections to the copied entries.)
        if (table == u"access_audit"_s ? *b < *a : *a != *b)
            return makeError(ErrorCode::Corrupt,
                             u"table %1: %2 row(s) in %3 but %4 in %5 after the copy"_s.arg(table)
                                 .arg(*a)
                                 .arg(from.path())
                                 .arg(*b)
                                 .arg(to.path()));
        report.rowsByTable.append({table, *b});
    }
    report.audit = to.verifyAudit();
    if (!report.audit.ok())
        return makeError(ErrorCode::Corrupt, u"the audit chains in %1 do not verify after the copy: %2"_s.arg(
                                                 to.path(), report.audit.problems.mid(0, 5).join(u"; ")));
    return report;
}

} // namespace cg
