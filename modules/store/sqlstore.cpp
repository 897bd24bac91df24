#include "store/sqlstore.h"
#include "store/sqlvalues.h"

#include "store/schema.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

// NOT NULL text columns: a null QString would bind as SQL NULL.
QString text(const QString &value)
{
    return value.isNull() ? QString(u""_s) : value;
}

QVariant idOrNull(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong));
}

QVariant codeOrNull(const JurisdictionCode &code)
{
    return code.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(code.text());
}

// Reads stored names back into values; an unknown one (a damaged row, or a newer CityGrid's value) is
// remembered as a problem instead of crashing, and the caller reports the store as corrupt.
struct Decoder
{
    QString problem;

    template<typename T>
    T take(Result<T> result)
    {
        if (result)
            return std::move(result).value();
        if (problem.isEmpty())
            problem = result.errorMessage();
        return T{};
    }
};

const QString caseColumns =
    u"id, number, version, state, step, step_due_at, handling_due_at, handling_limit, "
    u"paused_remaining, resume_at, source, class_kind, class_code, area_class, priority, "
    u"key_supervision, hard_case, hard_case_stage, grid_code, community_code, owning_tier, "
    u"longitude, latitude, address, description, reporter_id, unit_id, reported_at, "
    u"updated_at, closed_at, extension_pending, requested_due_at, extension_count, "
    u"rework_count, urge_count, last_urge_level, verified_confirmed, closing_type, "
    u"hotline_ticket, auto_urged_step, event_count, last_event_hash"_s;

CaseRecord readCase(const QSqlQuery &q, Decoder &d)
{
    CaseRecord c;
    int i = 0;
    c.id = q.value(i++).toLongLong();
    c.number = q.value(i++).toString();
    c.version = q.value(i++).toInt();
    c.state = d.take(parseState(q.value(i++).toString()));
    c.step = d.take(parseStep(q.value(i++).toString()));
    c.stepDueAt = fromMs(q.value(i++));
    c.handlingDueAt = fromMs(q.value(i++));
    const QString limit = q.value(i++).toString();
    if (!limit.isEmpty())
        c.handlingLimit = d.take(TimeLimit::parse(limit));
    c.pausedRemainingMinutes = q.value(i++).toLongLong();
    c.resumeAt = fromMs(q.value(i++));
    c.source = d.take(parseSource(q.value(i++).toString()));
    const ClassKind kind = d.take(parseKind(q.value(i++).toString()));
    c.classKey = CatalogueKey(kind, q.value(i++).toString());
    c.areaClass = d.take(parseAreaClass(q.value(i++).toString()));
    c.priority = d.take(parsePriority(q.value(i++).toString()));
    c.keySupervision = q.value(i++).toBool();
    c.hardCase = q.value(i++).toBool();
    c.hardCaseStage = q.value(i++).toInt();
    c.grid = d.take(UnitGridCode::parse(q.value(i++).toString()));
    c.community = d.take(JurisdictionCode::parse(q.value(i++).toString()));
    const QString tier = q.value(i++).toString();
    c.owningTier = tier == u"city"_s     ? JurisdictionLevel::City
                   : tier == u"street"_s ? JurisdictionLevel::Street
                                         : JurisdictionLevel::District;
    c.longitude = q.value(i++).toDouble();
    c.latitude = q.value(i++).toDouble();
    c.address = q.value(i++).toString();
    c.description = q.value(i++).toString();
    c.reporterId = q.value(i++).toLongLong();
    c.unitId = q.value(i++).toLongLong();
    c.reportedAt = fromMs(q.value(i++));
    c.updatedAt = fromMs(q.value(i++));
    c.closedAt = fromMs(q.value(i++));
    c.extensionPending = q.value(i++).toBool();
    c.requestedDueAt = fromMs(q.value(i++));
    c.extensionCount = q.value(i++).toInt();
    c.reworkCount = q.value(i++).toInt();
    c.urgeCount = q.value(i++).toInt();
    c.lastUrgeLevel = d.take(parseUrgeLevel(q.value(i++).toString()));
    c.verifiedConfirmed = q.value(i++).toBool();
    c.closingType = d.take(parseClosingType(q.value(i++).toString()));
    c.hotlineTicket = q.value(i++).toString();
    c.autoUrgedStep = d.take(parseStep(q.value(i++).toString()));
    c.eventCount = q.value(i++).toInt();
    c.lastEventHash = q.value(i++).toString().toLatin1();
    return c;
}

const QString eventColumns =
    u"id, case_id, seq, action, from_state, to_state, actor_id, role, actor_name, station, "
    u"at, comment, details, step, step_due_at, on_time, request_id, prev_hash, hash"_s;

CaseEvent readEvent(const QSqlQuery &q, Decoder &d)
{
    CaseEvent e;
    int i = 0;
    e.id = q.value(i++).toLongLong();
    e.caseId = q.value(i++).toLongLong();
    e.seq = q.value(i++).toInt();
    e.action = d.take(parseAction(q.value(i++).toString()));
    e.fromState = d.take(parseState(q.value(i++).toString()));
    e.toState = d.take(parseState(q.value(i++).toString()));
    e.actorId = q.value(i++).toLongLong();
    e.role = d.take(parseRole(q.value(i++).toString()));
    e.actorName = q.value(i++).toString();
    e.station = q.value(i++).toString();
    e.at = fromMs(q.value(i++));
    e.comment = q.value(i++).toString();
    e.details = QJsonDocument::fromJson(q.value(i++).toString().toUtf8()).object();
    e.step = d.take(parseStep(q.value(i++).toString()));
    e.stepDueAt = fromMs(q.value(i++));
    e.onTime = q.value(i++).toBool();
    e.requestId = q.value(i++).toString();
    e.prevHash = q.value(i++).toString().toLatin1();
    e.hash = q.value(i++).toString().toLatin1();
    return e;
}

QString tierName(JurisdictionLevel level)
{
    return levelName(level);
}

} // namespace

SqlStore::SqlStore(QString path, QString connectionName, SqlDialect dialect)
    : mPath(std::move(path))
    , mConnectionName(std::move(connectionName))
    , mDialect(dialect)
{}

SqlStore::~SqlStore()
{
    mStatements.clear();
    {
        QSqlDatabase db = QSqlDatabase::database(mConnectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(mConnectionName);
}

int SqlStore::latestSchemaVersion()
{
    return int(sqliteMigrations().size());
}

QSqlDatabase SqlStore::database() const
{
    return QSqlDatabase::database(mConnectionName, false);
}

Result<std::unique_ptr<SqlStore>> SqlStore::open(const QString &location, OpenMode mode)
{
    if (isPostgresUrl(location))
        return openPostgres(location, mode);
    return openSqlite(location, mode);
}

Result<std::unique_ptr<SqlStore>> SqlStore::openSqlite(const QString &path, OpenMode mode)
{
    const QFileInfo info(path);
    const bool existed = info.exists() && info.size() > 0;
    if (mode == OpenMode::MustExist && !existed)
        return makeError(ErrorCode::NotFound,
                         u"store %1 does not exist; create it with 'citygrid-admin init'"_s.arg(path));
    if (existed) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, u"store %1 cannot be read: %2"_s.arg(path, file.errorString()));
        const QByteArray header = file.read(16);
        if (header != QByteArrayView("SQLite format 3\0", 16))
            return makeError(ErrorCode::NotOurStore,
                             u"%1 is not a CityGrid store: it is not an SQLite database"_s.arg(path));
    } else if (!info.dir().exists() && !QDir().mkpath(info.absolutePath())) {
        return makeError(ErrorCode::Io,
                         u"folder %1 cannot be created for the store"_s.arg(info.absolutePath()));
    }

    const QString connection = u"cg-store-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<SqlStore> store(new SqlStore(path, connection, SqlDialect{SqlEngine::Sqlite}));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
        if (!db.open())
            return makeError(ErrorCode::Storage,
                             u"store %1 cannot be opened: %2"_s.arg(path, db.lastError().text()));
    }
    if (auto s = store->initialise(mode, existed); !s)
        return s.error();
    return store;
}

Error SqlStore::corrupt(const QString &what, const QString &problem) const
{
    return makeError(ErrorCode::Corrupt,
                     u"store %1 is damaged or was written by a newer CityGrid: %2 cannot be read (%3)"_s.arg(
                         mPath, what, problem));
}

Error SqlStore::sqlError(const QSqlQuery &query, const QString &what) const
{
    const QString text = query.lastError().text();
    if (isPostgres())
        return postgresError(query.lastError(), what);
    if (text.contains(u"malformed"_s) || text.contains(u"corrupt"_s))
        return makeError(
            ErrorCode::Corrupt,
            u"store %1 is damaged (%2) while %3; restore it from a backup"_s.arg(mPath, text, what));
    if (text.contains(u"file is not a database"_s))
        return makeError(ErrorCode::NotOurStore, u"%1 is not a CityGrid store: %2"_s.arg(mPath, text));
    return makeError(ErrorCode::Storage, u"store %1: %2 failed: %3"_s.arg(mPath, what, text));
}

// A statement outside any transaction that failed because the connection had died (a server restart while the
// station was idle) is sent once more on a new connection: nothing of it can have been applied by a server
// that was no longer there. Inside a transaction the failure goes to the caller: the transaction is lost.
bool SqlStore::mayRetryOnNewConnection() const
{
    return isPostgres() && mConnectionLost && mSavepointDepth == 0 && !mInBatch;
}

Result<QSqlQuery> SqlStore::exec(const QString &sql, const QVariantList &values)
{
    auto r = execOnce(sql, values);
    if (!r && mayRetryOnNewConnection()) {
        if (auto s = reconnect(); !s)
            return s.error();
        r = execOnce(sql, values);
    }
    return r;
}

Status SqlStore::forEachRow(const QString &sql, const QVariantList &values,
                            const std::function<void(const QSqlQuery &)> &row)
{
    bool anyRow = false;
    auto counted = [&anyRow, &row](const QSqlQuery &q) {
        anyRow = true;
        row(q);
    };
    auto s = forEachRowOnce(sql, values, counted);
    if (!s && !anyRow && mayRetryOnNewConnection()) {
        if (auto r = reconnect(); !r)
            return r;
        s = forEachRowOnce(sql, values, counted);
    }
    return s;
}

Result<QSqlQuery> SqlStore::execOnce(const QString &sql, const QVariantList &values)
{
    if (auto s = reconnectIfLost(); !s)
        return s.error();
    // Reads are prepared per call, so that no half-read statement keeps an old snapshot open.
    QSqlQuery q(database());
    q.setForwardOnly(true);
    // PostgreSQL cannot PREPARE DDL, transaction control or DO blocks: statements without values run as
    // they are there.
    if (isPostgres() && values.isEmpty()) {
        if (!q.exec(sql))
            return sqlError(q, sql.simplified().left(60));
        return q;
    }
    if (!q.prepare(sql))
        return sqlError(q, sql.simplified().left(60));
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    if (!q.exec())
        return sqlError(q, sql.simplified().left(60));
    return q;
}

Result<QSqlQuery *> SqlStore::cachedStatement(const QString &sql, const QVariantList &values)
{
    auto it = mStatements.find(sql);
    if (it == mStatements.end()) {
        auto q = std::make_unique<QSqlQuery>(database());
        q->setForwardOnly(true);
        if (!q->prepare(sql))
            return sqlError(*q, sql.simplified().left(60));
        it = mStatements.emplace(sql, std::move(q)).first;
    }
    QSqlQuery *q = it->second.get();
    for (int i = 0; i < values.size(); ++i)
        q->bindValue(i, values[i]);
    return q;
}

Status SqlStore::forEachRowOnce(const QString &sql, const QVariantList &values,
                                const std::function<void(const QSqlQuery &)> &row)
{
    if (auto s = reconnectIfLost(); !s)
        return s;
    // Hot reads: prepared once and kept, and always read to the end and finished, so no snapshot stays open.
    auto prepared = cachedStatement(sql, values);
    if (!prepared)
        return prepared.error();
    QSqlQuery &q = **prepared;
    if (!q.exec()) {
        Error e = sqlError(q, sql.simplified().left(60));
        q.finish();
        return e;
    }
    while (q.next())
        row(q);
    const bool failed = q.lastError().isValid();
    Error e = failed ? sqlError(q, sql.simplified().left(60)) : Error{};
    q.finish();
    if (failed)
        return e;
    return {};
}

Result<SqlStore::WriteOutcome> SqlStore::execWrite(const QString &sql, const QVariantList &values,
                                                   bool returnsId)
{
    if (auto s = reconnectIfLost(); !s)
        return s.error();
    const bool returning = returnsId && isPostgres();
    const QString statement = returning ? sql + u" RETURNING id"_s : sql;
    // Writes are prepared once per connection and kept.
    auto prepared = cachedStatement(statement, values);
    if (!prepared)
        return prepared.error();
    QSqlQuery &q = **prepared;
    const bool ok = q.exec();
    WriteOutcome outcome{0, q.numRowsAffected()};
    if (ok && returning) {
        if (q.next())
            outcome.lastInsertId = q.value(0).toLongLong();
    } else if (ok && returnsId) {
        outcome.lastInsertId = q.lastInsertId().toLongLong();
    }
    if (!ok) {
        Error e = sqlError(q, sql.simplified().left(60));
        q.finish();
        return e;
    }
    q.finish();
    return outcome;
}

Status SqlStore::initialise(OpenMode mode, bool existed)
{
    Q_UNUSED(mode);
    // Identify the file before changing anything in it: another program's database is left as it was.
    auto pragmaValue = [this](const QString &pragma) -> Result<qint64> {
        auto q = exec(pragma);
        if (!q)
            return q.error();
        return q->next() ? q->value(0).toLongLong() : 0;
    };
    auto applicationId = pragmaValue(u"PRAGMA application_id"_s);
    if (!applicationId)
        return applicationId.error();
    auto version = pragmaValue(u"PRAGMA user_version"_s);
    if (!version)
        return version.error();
    mSchemaVersion = int(*version);

    if (existed && *applicationId != CityGridApplicationId) {
        QStringList names;
        {
            auto tables = exec(u"SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"_s);
            if (!tables)
                return tables.error();
            while (tables->next())
                names.append(tables->value(0).toString());
        }
        if (*applicationId != 0 || !names.isEmpty())
            return makeError(
                ErrorCode::NotOurStore,
                u"%1 is an SQLite database but not a CityGrid store (application id %2, tables: %3)"_s
                    .arg(mPath)
                    .arg(*applicationId)
                    .arg(names.isEmpty() ? u"none"_s : names.join(u", ")));
    }
    if (mSchemaVersion > latestSchemaVersion())
        return makeError(
            ErrorCode::SchemaTooNew,
            u"store %1 has schema version %2; this CityGrid knows up to %3: update CityGrid"_s.arg(mPath)
                .arg(mSchemaVersion)
                .arg(latestSchemaVersion()));
    for (const auto &pragma :
         {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=FULL"_s, u"PRAGMA foreign_keys=ON"_s}) {
        auto r = exec(pragma);
        if (!r)
            return r.error();
    }
    return migrate();
}

Status SqlStore::migrate()
{
    const auto &migrations = sqliteMigrations();
    for (int v = mSchemaVersion; v < int(migrations.size()); ++v) {
        QSqlDatabase db = database();
        if (!db.transaction())
            return makeError(ErrorCode::Storage,
                             u"store %1: cannot start migration %2: %3"_s.arg(mPath).arg(v + 1).arg(
                                 db.lastError().text()));
        for (const QString &sql : migrations[v]) {
            auto r = exec(sql);
            if (!r) {
                db.rollback();
                return makeError(r.errorCode(),
                                 u"migration %1 failed: %2"_s.arg(v + 1).arg(r.errorMessage()));
            }
        }
        for (const QString &sql : {u"PRAGMA application_id=%1"_s.arg(CityGridApplicationId),
                                   u"PRAGMA user_version=%1"_s.arg(v + 1)}) {
            auto r = exec(sql);
            if (!r) {
                db.rollback();
                return r.error();
            }
        }
        if (!db.commit())
            return makeError(ErrorCode::Storage,
                             u"store %1: migration %2 cannot be committed: %3"_s.arg(mPath).arg(v + 1).arg(
                                 db.lastError().text()));
        mSchemaVersion = v + 1;
    }
    return {};
}

Status SqlStore::savepoint()
{
    if (mCallerRollsBack && mInBatch && mSavepointDepth == 0 && isPostgres()) {
        mSavepointLeftOut = true;
        ++mSavepointDepth;
        return {};
    }
    // PostgreSQL has no savepoint outside a transaction: the outermost level is the transaction itself.
    const bool outermost = !mDialect.savepointStartsTransaction() && mSavepointDepth == 0 && !mInBatch;
    auto r = exec(outermost ? u"BEGIN"_s : u"SAVEPOINT cg_write"_s);
    if (!r)
        return r.error();
    ++mSavepointDepth;
    return {};
}

Status SqlStore::release()
{
    if (mSavepointLeftOut && mSavepointDepth == 1) {
        mSavepointLeftOut = false;
        --mSavepointDepth;
        return {};
    }
    const bool outermost = !mDialect.savepointStartsTransaction() && mSavepointDepth == 1 && !mInBatch;
    auto r = exec(outermost ? u"COMMIT"_s : u"RELEASE cg_write"_s);
    if (!r) {
        rollbackToSavepoint();
        return r.error();
    }
    --mSavepointDepth;
    if (outermost)
        sendAnnouncements();
    flushPendingAudit();
    return {};
}

void SqlStore::rollbackToSavepoint()
{
    if (mSavepointDepth == 0)
        return;
    if (mSavepointLeftOut && mSavepointDepth == 1) {
        mSavepointLeftOut = false; // the caller rolls the write back
        --mSavepointDepth;
        return;
    }
    QSqlQuery q(database());
    if (!mDialect.savepointStartsTransaction() && mSavepointDepth == 1 && !mInBatch) {
        q.exec(u"ROLLBACK"_s);
        mAnnouncements.clear();
        mTableAnnouncement.clear();
    } else {
        q.exec(u"ROLLBACK TO cg_write"_s);
        q.exec(u"RELEASE cg_write"_s);
    }
    --mSavepointDepth;
    flushPendingAudit();
}

Status SqlStore::beginBatch()
{
    if (mInBatch)
        return makeError(ErrorCode::Storage, u"a batch is already open"_s);
    auto r = exec(isPostgres() ? u"BEGIN"_s : u"BEGIN IMMEDIATE"_s);
    if (!r)
        return r.error();
    mInBatch = true;
    return {};
}

Status SqlStore::commitBatch()
{
    if (!mInBatch)
        return makeError(ErrorCode::Storage, u"no batch is open"_s);
    mInBatch = false;
    auto r = exec(u"COMMIT"_s);
    if (!r) {
        rollbackBatch();
        return r.error();
    }
    sendAnnouncements();
    flushPendingAudit();
    return {};
}

void SqlStore::rollbackBatch()
{
    QSqlQuery q(database());
    q.exec(u"ROLLBACK"_s);
    mInBatch = false;
    mAnnouncements.clear();
    mTableAnnouncement.clear();
    flushPendingAudit();
}

void SqlStore::announceAfterCommit(qint64 feedId)
{
    if (mAnnounceAfterCommit && feedId > 0)
        mAnnouncements.append(feedId);
}

void SqlStore::announceChangeOf(const QString &table)
{
    if (!mAnnounceAfterCommit)
        return;
    mTableAnnouncement = table;
    if (!mInBatch && mSavepointDepth == 0)
        sendAnnouncements(); // the write was its own transaction
}

void SqlStore::sendAnnouncements()
{
    if (mAnnouncements.isEmpty() && mTableAnnouncement.isEmpty())
        return;
    if (!mAnnouncements.isEmpty())
        mHeldAnnouncement = std::max(mHeldAnnouncement, mAnnouncements.constLast());
    if (!mTableAnnouncement.isEmpty())
        mHeldTableAnnouncement = mTableAnnouncement;
    mAnnouncements.clear();
    mTableAnnouncement.clear();
    if (mAnnouncementIntervalMs > 0 && mSinceAnnounced.isValid() &&
        mSinceAnnounced.elapsed() < mAnnouncementIntervalMs)
        return;
    announceHeld();
}

void SqlStore::announceHeld()
{
    if (mHeldAnnouncement == 0 && mHeldTableAnnouncement.isEmpty())
        return;
    // Outside the writing transaction: PostgreSQL serialises the commits of every transaction that notifies
    // (one lock for the whole server, held through the commit's WAL flush), so a NOTIFY inside it would keep
    // concurrent writers from sharing WAL flushes. A transaction that only notifies writes no WAL.
    // One announcement: a station that hears of it reads the change feed and what it shows anew.
    const QString payload =
        mHeldAnnouncement > 0 ? QString::number(mHeldAnnouncement) : mHeldTableAnnouncement;
    mHeldAnnouncement = 0;
    mHeldTableAnnouncement.clear();
    mSinceAnnounced.start();
    // (Our own text as the payload, so a plain statement: one round trip, no PREPARE.)
    if (auto r = exec(u"SELECT pg_notify('citygrid_changes', '%1')"_s.arg(payload)); !r)
        qWarning("change %s was committed but not announced: %s", qPrintable(payload),
                 qPrintable(r.errorMessage()));
}

bool SqlStore::isEmpty()
{
    auto r = exec(u"SELECT count(*) FROM jurisdictions"_s);
    return r && r->next() && r->value(0).toInt() == 0;
}

// --- directory ---------------------------------------------------------------------------------------------

Status SqlStore::addJurisdiction(const Jurisdiction &j)
{
    const JurisdictionCode parent = j.code.parent();
    auto r = execWrite(
        u"INSERT INTO jurisdictions(code, parent_code, level, name, area_class) VALUES (?, ?, ?, ?, ?)"_s,
        {j.code.text(), codeOrNull(parent), levelName(j.code.level()), j.name, areaClassName(j.areaClass)});
    if (!r)
        return r.error();
    return {};
}

Result<QList<Jurisdiction>> SqlStore::jurisdictions()
{
    auto q = exec(u"SELECT code, name, area_class FROM jurisdictions ORDER BY code"_s);
    if (!q)
        return q.error();
    QList<Jurisdiction> list;
    while (q->next()) {
        auto code = JurisdictionCode::parse(q->value(0).toString());
        if (!code)
            return makeError(ErrorCode::Corrupt, u"store %1: %2"_s.arg(mPath, code.errorMessage()));
        list.append({*code, q->value(1).toString(), parseAreaClass(q->value(2).toString()).value()});
    }
    return list;
}

Status SqlStore::addGrid(UnitGrid &grid)
{
    if (auto s = grid.code.checkBelongsTo(grid.community); !s)
        return s;
    auto r = execWrite(
        u"INSERT INTO unit_grids(code, community_code, area_m2, area_class, min_x, min_y, max_x, max_y, "
        u"geometry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
        {grid.code.text(), grid.community.text(), grid.areaM2, areaClassName(grid.areaClass), grid.minX,
         grid.minY, grid.maxX, grid.maxY, grid.wkb},
        true);
    if (!r)
        return r.error();
    grid.id = r->lastInsertId;
    return {};
}

static UnitGrid readGrid(const QSqlQuery &q, Decoder &d)
{
    UnitGrid g;
    g.id = q.value(0).toLongLong();
    g.code = d.take(UnitGridCode::parse(q.value(1).toString()));
    g.community = d.take(JurisdictionCode::parse(q.value(2).toString()));
    g.areaM2 = q.value(3).toDouble();
    g.areaClass = d.take(parseAreaClass(q.value(4).toString()));
    g.minX = q.value(5).toDouble();
    g.minY = q.value(6).toDouble();
    g.maxX = q.value(7).toDouble();
    g.maxY = q.value(8).toDouble();
    g.wkb = q.value(9).toByteArray();
    return g;
}

template<typename T, typename Read>
Result<QList<T>> SqlStore::readRows(const QString &sql, const QVariantList &values, Read read,
                                    const QString &what)
{
    // Prepared once per connection and kept (findGrid, findUnit and findUser run on every action): one round
    // trip instead of PREPARE, EXECUTE and DEALLOCATE.
    QList<T> list;
    Decoder d;
    auto s = forEachRow(sql, values, [&list, &d, &read](const QSqlQuery &q) { list.append(read(q, d)); });
    if (!s)
        return s.error();
    if (!d.problem.isEmpty())
        return corrupt(what, d.problem);
    return list;
}

static const QString gridColumns =
    u"id, code, community_code, area_m2, area_class, min_x, min_y, max_x, max_y, geometry"_s;

Result<QList<UnitGrid>> SqlStore::grids(const JurisdictionCode &community)
{
    return readRows<UnitGrid>(
        u"SELECT "_s + gridColumns +
            u" FROM unit_grids WHERE community_code = ? AND valid_to IS NULL ORDER BY code"_s,
        {community.text()}, readGrid, u"unit grids"_s);
}

Result<int> SqlStore::gridCount()
{
    auto q = exec(u"SELECT count(*) FROM unit_grids WHERE valid_to IS NULL"_s);
    if (!q)
        return q.error();
    q->next();
    return q->value(0).toInt();
}

Result<UnitGrid> SqlStore::findGrid(const UnitGridCode &code)
{
    auto grids = readRows<UnitGrid>(u"SELECT "_s + gridColumns +
                                        u" FROM unit_grids WHERE code = ? AND valid_to IS NULL"_s,
                                    {code.text()}, readGrid, u"unit grid %1"_s.arg(code.text()));
    if (!grids)
        return grids.error();
    if (grids->isEmpty())
        return makeError(ErrorCode::UnknownGrid, u"unit grid %1 is not in the store"_s.arg(code.text()));
    return grids->constFirst();
}

Status SqlStore::addUnit(ResponsibleUnit &unit)
{
    auto r = execWrite(u"INSERT INTO units(code, name, unit_type, jurisdiction_code) VALUES (?, ?, ?, ?)"_s,
                       {unit.code, unit.name, unit.unitType, codeOrNull(unit.jurisdiction)}, true);
    if (!r)
        return r.error();
    unit.id = r->lastInsertId;
    return {};
}

static const QString unitColumns = u"id, code, name, unit_type, jurisdiction_code"_s;

static ResponsibleUnit readUnit(const QSqlQuery &q, Decoder &d)
{
    ResponsibleUnit u;
    u.id = q.value(0).toLongLong();
    u.code = q.value(1).toString();
    u.name = q.value(2).toString();
    u.unitType = q.value(3).toString();
    if (!q.value(4).isNull())
        u.jurisdiction = d.take(JurisdictionCode::parse(q.value(4).toString()));
    return u;
}

Result<QList<ResponsibleUnit>> SqlStore::units()
{
    return readRows<ResponsibleUnit>(u"SELECT "_s + unitColumns + u" FROM units ORDER BY code"_s, {},
                                     readUnit, u"responsible units"_s);
}

Result<ResponsibleUnit> SqlStore::findUnit(qint64 id)
{
    auto units = readRows<ResponsibleUnit>(u"SELECT "_s + unitColumns + u" FROM units WHERE id = ?"_s, {id},
                                           readUnit, u"responsible unit %1"_s.arg(id));
    if (!units)
        return units.error();
    if (units->isEmpty())
        return makeError(ErrorCode::NotFound, u"responsible unit %1 does not exist"_s.arg(id));
    return units->constFirst();
}

Status SqlStore::addUser(UserRecord &user)
{
    auto r = execWrite(
        u"INSERT INTO users(login, name, role, jurisdiction_code, unit_id, active) VALUES (?, ?, ?, ?, ?, ?)"_s,
        {user.login, user.name, roleName(user.role), codeOrNull(user.jurisdiction), idOrNull(user.unitId),
         int(user.active)},
        true);
    if (!r)
        return r.error();
    user.id = r->lastInsertId;
    return {};
}

static const QString userColumns = u"id, login, name, role, jurisdiction_code, unit_id, active"_s;

static UserRecord readUser(const QSqlQuery &q, Decoder &d)
{
    UserRecord u;
    u.id = q.value(0).toLongLong();
    u.login = q.value(1).toString();
    u.name = q.value(2).toString();
    u.role = d.take(parseRole(q.value(3).toString()));
    if (!q.value(4).isNull())
        u.jurisdiction = d.take(JurisdictionCode::parse(q.value(4).toString()));
    u.unitId = q.value(5).toLongLong();
    u.active = q.value(6).toBool();
    return u;
}

Result<QList<UserRecord>> SqlStore::users()
{
    return readRows<UserRecord>(u"SELECT "_s + userColumns + u" FROM users ORDER BY id"_s, {}, readUser,
                                u"users"_s);
}

Result<Actor> SqlStore::findUser(const QString &login)
{
    auto users = readRows<UserRecord>(u"SELECT "_s + userColumns + u" FROM users WHERE login = ?"_s, {login},
                                      readUser, u"user '%1'"_s.arg(login));
    if (!users)
        return users.error();
    if (users->isEmpty())
        return makeError(ErrorCode::NotFound, u"user '%1' does not exist"_s.arg(login));
    const UserRecord &u = users->constFirst();
    if (!u.active)
        return makeError(ErrorCode::NotPermitted, u"user '%1' is disabled"_s.arg(login));
    Actor a;
    a.userId = u.id;
    a.login = u.login;
    a.name = u.name;
    a.role = u.role;
    a.jurisdiction = u.jurisdiction;
    a.unitId = u.unitId;
    return a;
}

// --- catalogue overrides -----------------------------------------------------------------------------------

// Stage limits as "4 working hours|5 working days|-" ("-": the stage has no limit of its own).
static QString stageLimitsText(const QList<TimeLimit> &limits)
{
    QStringList parts;
    for (const TimeLimit &l : limits)
        parts.append(l.isNull() ? u"-"_s : l.toString());
    return parts.join(u'|');
}

static Result<QList<TimeLimit>> parseStageLimits(const QString &text)
{
    QList<TimeLimit> limits;
    for (const QString &part : text.split(u'|')) {
        if (part == u"-"_s) {
            limits.append(TimeLimit{});
            continue;
        }
        auto l = TimeLimit::parse(part);
        if (!l)
            return l.error();
        limits.append(*l);
    }
    return limits;
}

Status SqlStore::saveCatalogueOverride(const CatalogueOverride &o)
{
    auto text = [](const std::optional<QString> &v) {
        return v ? QVariant(*v) : QVariant(QMetaType(QMetaType::QString));
    };
    auto flag = [](const std::optional<bool> &v) {
        return v ? QVariant(int(*v)) : QVariant(QMetaType(QMetaType::Int));
    };
    auto r = execWrite(
        u"INSERT INTO catalogue_overrides(kind, code, area, time_limit, filing_condition, "
        u"closing_condition, unit_type, priority, key_supervision, self_disposal, hard_case, closing_stages, "
        u"closing_stage_limits) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        u"ON CONFLICT (kind, code, area) DO UPDATE SET time_limit = excluded.time_limit, "
        u"filing_condition = excluded.filing_condition, closing_condition = excluded.closing_condition, "
        u"unit_type = excluded.unit_type, priority = excluded.priority, "
        u"key_supervision = excluded.key_supervision, self_disposal = excluded.self_disposal, "
        u"hard_case = excluded.hard_case, closing_stages = excluded.closing_stages, "
        u"closing_stage_limits = excluded.closing_stage_limits"_s,
        {kindName(o.key.kind()), o.key.code(), o.area ? areaClassName(*o.area) : u"*"_s,
         text(o.limit ? std::optional<QString>(o.limit->toString()) : std::nullopt), text(o.filingCondition),
         text(o.closingCondition), text(o.unitType),
         text(o.priority ? std::optional<QString>(priorityName(*o.priority)) : std::nullopt),
         flag(o.keySupervision), flag(o.selfDisposalAllowed), flag(o.hardCase),
         text(o.closingStages ? std::optional<QString>(o.closingStages->join(u'|')) : std::nullopt),
         text(o.closingStageLimits ? std::optional<QString>(stageLimitsText(*o.closingStageLimits))
                                   : std::nullopt)});
    if (!r)
        return r.error();
    return {};
}

Result<QList<CatalogueOverride>> SqlStore::catalogueOverrides()
{
    auto q = exec(
        u"SELECT kind, code, area, time_limit, filing_condition, closing_condition, unit_type, priority, "
        u"key_supervision, self_disposal, hard_case, closing_stages, closing_stage_limits FROM "
        u"catalogue_overrides "
        u"ORDER BY kind, code, area"_s);
    if (!q)
        return q.error();
    QList<CatalogueOverride> list;
    while (q->next()) {
        auto key = CatalogueKey::make(parseKind(q->value(0).toString()).value(), q->value(1).toString());
        if (!key)
            return makeError(ErrorCode::Corrupt,
                             u"store %1: catalogue override: %2"_s.arg(mPath, key.errorMessage()));
        CatalogueOverride o;
        o.key = *key;
        if (q->value(2).toString() != u"*"_s)
            o.area = parseAreaClass(q->value(2).toString()).value();
        if (!q->value(3).isNull())
            o.limit = TimeLimit::parse(q->value(3).toString()).value();
        if (!q->value(4).isNull())
            o.filingCondition = q->value(4).toString();
        if (!q->value(5).isNull())
            o.closingCondition = q->value(5).toString();
        if (!q->value(6).isNull())
            o.unitType = q->value(6).toString();
        if (!q->value(7).isNull())
            o.priority = parsePriority(q->value(7).toString()).value();
        if (!q->value(8).isNull())
            o.keySupervision = q->value(8).toBool();
        if (!q->value(9).isNull())
            o.selfDisposalAllowed = q->value(9).toBool();
        if (!q->value(10).isNull())
            o.hardCase = q->value(10).toBool();
        if (!q->value(11).isNull())
            o.closingStages = q->value(11).toString().split(u'|', Qt::SkipEmptyParts);
        if (!q->value(12).isNull()) {
            auto limits = parseStageLimits(q->value(12).toString());
            if (!limits)
                return corrupt(u"the catalogue override of %1"_s.arg(o.key.toString()),
                               limits.errorMessage());
            o.closingStageLimits = *limits;
        }
        list.append(o);
    }
    return list;
}

// --- attachments -------------------------------------------------------------------------------------------

QString SqlStore::attachmentFolder() const
{
    // PostgreSQL keeps the content in the attachments table, shared by every station.
    return isPostgres() ? QString() : mPath + u".files"_s;
}

Result<AttachmentInfo> SqlStore::addAttachment(const QByteArray &content, const QString &originalName,
                                               const QString &mimeType)
{
    AttachmentInfo info;
    info.hash = QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
    info.size = content.size();
    info.mimeType = mimeType;
    info.originalName = originalName;
    if (isPostgres()) {
        auto r = execWrite(
            u"INSERT INTO attachments(hash, size, mime_type, original_name, created_at, content) "
            u"VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING"_s,
            {info.hash, info.size, mimeType, originalName, QDateTime::currentMSecsSinceEpoch(), content});
        if (!r)
            return r.error();
        return info;
    }
    const QString dir = attachmentFolder() + u'/' + info.hash.left(2);
    const QString file = dir + u'/' + info.hash;
    if (!QFile::exists(file)) {
        if (!QDir().mkpath(dir))
            return makeError(ErrorCode::Io, u"folder %1 cannot be created"_s.arg(dir));
        QSaveFile out(file);
        if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size() || !out.commit())
            return makeError(ErrorCode::Io, u"attachment %1 cannot be written to %2: %3"_s.arg(
                                                originalName, file, out.errorString()));
    }
    auto r = execWrite(u"INSERT INTO attachments(hash, size, mime_type, original_name, created_at) "
                       u"VALUES (?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING"_s,
                       {info.hash, info.size, mimeType, originalName, QDateTime::currentMSecsSinceEpoch()});
    if (!r)
        return r.error();
    return info;
}

Result<QByteArray> SqlStore::attachmentContent(const QString &hash)
{
    QByteArray content;
    if (isPostgres()) {
        auto q = exec(u"SELECT content FROM attachments WHERE hash = ?"_s, {hash});
        if (!q)
            return q.error();
        if (!q->next())
            return makeError(ErrorCode::NotFound, u"attachment %1 is not in the store"_s.arg(hash));
        content = q->value(0).toByteArray();
    } else {
        QFile file(attachmentFolder() + u'/' + hash.left(2) + u'/' + hash);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::NotFound, u"attachment %1 is not in the store"_s.arg(hash));
        content = file.readAll();
    }
    if (QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex()) != hash)
        return makeError(ErrorCode::Corrupt,
                         u"attachment %1 is damaged: its content does not match its hash"_s.arg(hash));
    return content;
}

// --- change feed -------------------------------------------------------------------------------------------

Result<qint64> SqlStore::dataVersion()
{
    // PostgreSQL announces commits with NOTIFY (subscribeToChanges); polling falls back to the feed's head.
    if (isPostgres())
        return lastChangeId();
    auto q = exec(u"PRAGMA data_version"_s);
    if (!q)
        return q.error();
    q->next();
    return q->value(0).toLongLong();
}

Result<qint64> SqlStore::lastChangeId()
{
    auto q = exec(u"SELECT coalesce(max(id), 0) FROM change_feed"_s);
    if (!q)
        return q.error();
    q->next();
    return q->value(0).toLongLong();
}

Result<QList<ChangeEntry>> SqlStore::changesSince(qint64 lastSeenId, int limit)
{
    QList<ChangeEntry> list;
    auto s = forEachRow(
        u"SELECT id, case_id, event_id, action, at FROM change_feed WHERE id > ? ORDER BY id LIMIT ?"_s,
        {lastSeenId, limit}, [&list](const QSqlQuery &q) {
            ChangeEntry e;
            e.id = q.value(0).toLongLong();
            e.caseId = q.value(1).toLongLong();
            e.eventId = q.value(2).toLongLong();
            e.action = parseAction(q.value(3).toString()).value();
            e.at = fromMs(q.value(4));
            list.append(e);
        });
    if (!s)
        return s.error();
    return list;
}

// --- cases -------------------------------------------------------------------------------------------------

Result<QList<CaseRecord>> SqlStore::selectCases(const QString &where, const QVariantList &values,
                                                const QString &tail)
{
    QList<CaseRecord> list;
    Decoder d;
    auto s = forEachRow(u"SELECT "_s + caseColumns + u" FROM cases"_s +
                            (where.isEmpty() ? QString() : u" WHERE "_s + where) + tail,
                        values, [&list, &d](const QSqlQuery &q) { list.append(readCase(q, d)); });
    if (!s)
        return s.error();
    if (!d.problem.isEmpty())
        return corrupt(u"cases"_s, d.problem);
    return list;
}

Result<CaseRecord> SqlStore::findCase(qint64 id)
{
    auto list = selectCases(u"id = ?"_s, {id});
    if (!list)
        return list.error();
    if (list->isEmpty())
        return makeError(ErrorCode::NotFound, u"case %1 does not exist"_s.arg(id));
    return list->first();
}

Result<CaseRecord> SqlStore::findCaseByNumber(const QString &number)
{
    auto list = selectCases(u"number = ?"_s, {number});
    if (!list)
        return list.error();
    if (list->isEmpty())
        return makeError(ErrorCode::NotFound, u"case %1 does not exist"_s.arg(number));
    return list->first();
}

Result<QList<CaseEvent>> SqlStore::events(qint64 caseId)
{
    QList<CaseEvent> list;
    Decoder d;
    auto s = forEachRow(u"SELECT "_s + eventColumns + u" FROM case_events WHERE case_id = ? ORDER BY seq"_s,
                        {caseId}, [&list, &d](const QSqlQuery &q) { list.append(readEvent(q, d)); });
    if (!s)
        return s.error();
    if (!d.problem.isEmpty())
        return corrupt(u"the events of case %1"_s.arg(caseId), d.problem);
    return list;
}

Result<std::optional<CaseEvent>> SqlStore::findEventByRequestId(const QString &requestId)
{
    std::optional<CaseEvent> found;
    if (requestId.isEmpty())
        return found;
    Decoder d;
    auto s = forEachRow(u"SELECT "_s + eventColumns + u" FROM case_events WHERE request_id = ?"_s,
                        {requestId}, [&found, &d](const QSqlQuery &q) { found = readEvent(q, d); });
    if (!s)
        return s.error();
    if (!d.problem.isEmpty())
        return corrupt(u"the event of request %1"_s.arg(requestId), d.problem);
    return found;
}

// The values of every written case column, in the order of caseWriteColumns.
static QVariantList caseWriteValues(const CaseRecord &c)
{
    return QVariantList{
        c.number.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(c.number),
        c.version,
        stateName(c.state),
        stepName(c.step),
        msOrNull(c.stepDueAt),
        msOrNull(c.handlingDueAt),
        c.handlingLimit.isNull() ? QVariant(QMetaType(QMetaType::QString))
                                 : QVariant(c.handlingLimit.toString()),
        c.pausedRemainingMinutes,
        msOrNull(c.resumeAt),
        sourceName(c.source),
        kindName(c.classKey.kind()),
        c.classKey.code(),
        areaClassName(c.areaClass),
        priorityName(c.priority),
        int(c.keySupervision),
        int(c.hardCase),
        c.hardCaseStage,
        c.grid.text(),
        c.community.text(),
        c.street().text(),
        c.district().text(),
        tierName(c.owningTier),
        c.longitude,
        c.latitude,
        text(c.address),
        text(c.description),
        idOrNull(c.reporterId),
        idOrNull(c.unitId),
        msOrNull(c.reportedAt),
        msOrNull(c.updatedAt),
        msOrNull(c.closedAt),
        int(c.extensionPending),
        msOrNull(c.requestedDueAt),
        c.extensionCount,
        c.reworkCount,
        c.urgeCount,
        urgeLevelName(c.lastUrgeLevel),
        int(c.verifiedConfirmed),
        closingTypeName(c.closingType),
        c.hotlineTicket.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(c.hotlineTicket),
        stepName(c.autoUrgedStep),
        c.eventCount,
        text(QString::fromLatin1(c.lastEventHash)),
    };
}

static const QString caseWriteColumns =
    u"number, version, state, step, step_due_at, handling_due_at, handling_limit, paused_remaining, "
    u"resume_at, "
    u"source, class_kind, class_code, area_class, priority, key_supervision, hard_case, hard_case_stage, "
    u"grid_code, community_code, street_code, district_code, owning_tier, longitude, latitude, address, "
    u"description, reporter_id, unit_id, reported_at, updated_at, closed_at, extension_pending, "
    u"requested_due_at, extension_count, rework_count, urge_count, last_urge_level, verified_confirmed, "
    u"closing_type, hotline_ticket, auto_urged_step, event_count, last_event_hash"_s;

Status SqlStore::bindAndWriteCase(const CaseRecord &c, bool insert, int expectedVersion, bool *stale)
{
    const QVariantList values = caseWriteValues(c);
    const QString &columns = caseWriteColumns;
    QString sql;
    QVariantList all = values;
    if (insert) {
        // An id given by the caller (PostgreSQL's sequence, or a store being copied) is kept.
        const bool withId = c.id > 0;
        if (withId)
            all.prepend(c.id);
        QStringList marks(all.size(), u"?"_s);
        sql = u"INSERT INTO cases("_s + (withId ? u"id, "_s : QString()) + columns + u") VALUES ("_s +
              marks.join(u", ") + u')';
    } else {
        const QStringList names = columns.split(u", "_s);
        QStringList sets;
        for (const QString &n : names)
            sets.append(n + u" = ?"_s);
        // reported_at never changes; naming it lets PostgreSQL go straight to the case's month partition.
        sql = u"UPDATE cases SET "_s + sets.join(u", ") +
              u" WHERE id = ? AND reported_at = ? AND version = ?"_s;
        all << c.id << msOrNull(c.reportedAt) << expectedVersion;
    }
    auto q = execWrite(sql, all);
    if (!q)
        return q.error();
    if (stale)
        *stale = !insert && q->rowsAffected == 0;
    return {};
}

// The event columns after case_id, their values, and their PostgreSQL types (an INSERT ... SELECT gives its
// parameters no type from the target columns). case_reported_at is the case's partition key on PostgreSQL:
// what reads the case of an event (triggers, row-level security) finds it in one month partition.
static const QString eventWriteColumns =
    u"seq, action, from_state, to_state, actor_id, role, actor_name, station, at, comment, details, step, "
    u"step_due_at, on_time, request_id, prev_hash, hash, case_reported_at"_s;
static const QStringList eventWriteTypes{u"integer"_s, u"text"_s, u"text"_s,   u"text"_s,    u"bigint"_s,
                                         u"text"_s,    u"text"_s, u"text"_s,   u"bigint"_s,  u"text"_s,
                                         u"text"_s,    u"text"_s, u"bigint"_s, u"integer"_s, u"text"_s,
                                         u"text"_s,    u"text"_s, u"bigint"_s};

static QVariantList eventWriteValues(const CaseEvent &e, const CaseRecord &record)
{
    return {e.seq,
            actionName(e.action),
            stateName(e.fromState),
            stateName(e.toState),
            idOrNull(e.actorId),
            roleName(e.role),
            text(e.actorName),
            text(e.station),
            msOrNull(e.at),
            text(e.comment),
            QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)),
            stepName(e.step),
            msOrNull(e.stepDueAt),
            int(e.onTime),
            e.requestId.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(e.requestId),
            text(QString::fromLatin1(e.prevHash)),
            QString::fromLatin1(e.hash),
            msOrNull(record.reportedAt)};
}

Error SqlStore::eventWriteError(const Error &error, const CaseEvent &event) const
{
    if (mDialect.isUniqueViolation(error.message, u"request_id"_s))
        return makeError(ErrorCode::Duplicate, u"request %1 was already applied"_s.arg(event.requestId));
    return error;
}

Result<std::optional<qint64>> SqlStore::execWriteValue(const QString &sql, const QVariantList &values)
{
    if (auto s = reconnectIfLost(); !s)
        return s.error();
    auto prepared = cachedStatement(sql, values);
    if (!prepared)
        return prepared.error();
    QSqlQuery &q = **prepared;
    if (!q.exec()) {
        Error e = sqlError(q, sql.simplified().left(60));
        q.finish();
        return e;
    }
    std::optional<qint64> value;
    mLastWriteSecond = 0;
    if (q.next()) {
        value = q.value(0).toLongLong();
        if (q.record().count() > 1)
            mLastWriteSecond = q.value(1).toLongLong();
    }
    q.finish();
    return value;
}

Status SqlStore::writeEvent(CaseEvent &e, const CaseRecord &record)
{
    e.caseId = record.id;
    e.hash = computeEventHash(e.prevHash, e);
    QVariantList values = eventWriteValues(e, record);
    values.prepend(e.caseId);
    if (isPostgres()) {
        // The event and its change-feed row in one statement (one round trip).
        static const QString sql =
            u"WITH ev AS (INSERT INTO case_events(case_id, "_s + eventWriteColumns + u") VALUES ("_s +
            QStringList(eventWriteTypes.size() + 1, u"?"_s).join(u", ") +
            u") RETURNING id, case_id, action, at, case_reported_at), "
            u"feed AS (INSERT INTO change_feed(case_id, event_id, action, at, case_reported_at) "
            u"SELECT case_id, id, action, at, case_reported_at FROM ev RETURNING id, event_id) "
            u"SELECT id, event_id FROM feed"_s;
        auto id = execWriteValue(sql, values);
        if (!id)
            return eventWriteError(id.error(), e);
        e.id = mLastWriteSecond;
        announceAfterCommit(id->value_or(0));
        return {};
    }
    auto q = execWrite(u"INSERT INTO case_events(case_id, "_s + eventWriteColumns + u") VALUES ("_s +
                           QStringList(values.size(), u"?"_s).join(u", ") + u')',
                       values, true);
    if (!q)
        return eventWriteError(q.error(), e);
    e.id = q->lastInsertId;
    auto feed = execWrite(
        u"INSERT INTO change_feed(case_id, event_id, action, at, case_reported_at) VALUES (?, ?, ?, ?, ?)"_s,
        {e.caseId, e.id, actionName(e.action), msOrNull(e.at), msOrNull(record.reportedAt)});
    if (!feed)
        return feed.error();
    return {};
}

QString SqlStore::loginOfUser(qint64 userId)
{
    if (userId <= 0)
        return {};
    auto q = exec(u"SELECT login FROM users WHERE id = ?"_s, {userId});
    return q && q->next() ? q->value(0).toString() : QString();
}

Result<CaseRecord> SqlStore::createCase(CaseRecord record, CaseEvent event)
{
    record.version = 1;
    record.eventCount = 0;
    record.lastEventHash.clear();
    if (isPostgres()) {
        // The id comes first from the sequence, so that the case row is written once, complete: on a
        // partitioned table a second UPDATE for the number would cost a second partition lookup. Then one
        // transaction of two statements: the case, then its event with the change-feed row (the event's
        // row-level security checks that its case exists, so it cannot share the case's statement).
        auto idQuery = exec(u"SELECT nextval('cases_id_seq')"_s);
        if (!idQuery)
            return idQuery.error();
        idQuery->next();
        record.id = idQuery->value(0).toLongLong();
        record.number = record.reportedAt.toOffsetFromUtc(8 * 3600).toString(u"yyyyMMdd"_s) +
                        QString::number(record.id).rightJustified(6, u'0');
        event.seq = 1;
        event.prevHash.clear();
        event.caseId = record.id;
        event.hash = computeEventHash(event.prevHash, event);
        record.eventCount = 1;
        record.lastEventHash = event.hash;
        if (auto s = savepoint(); !s)
            return s.error();
        Status written = bindAndWriteCase(record, true, 0, nullptr);
        if (written)
            written = writeEvent(event, record);
        if (!written) {
            rollbackToSavepoint();
            if (written.errorCode() == ErrorCode::OutOfScope) {
                // Row-level security refused the new case: audited after the rollback, so that it stays.
                (void)recordAccess(
                    u"refused"_s, loginOfUser(event.actorId),
                    u"report in community %1: %2"_s.arg(record.community.text(), written.errorMessage()));
            }
            return written.error();
        }
        if (auto s = release(); !s)
            return s.error();
        return record;
    }
    if (auto s = savepoint(); !s)
        return s.error();
    auto fail = [this](const Error &e) -> Result<CaseRecord> {
        rollbackToSavepoint();
        return e;
    };
    if (auto s = bindAndWriteCase(record, true, 0, nullptr); !s)
        return fail(s.error());
    auto idQuery = exec(u"SELECT last_insert_rowid()"_s);
    if (!idQuery)
        return fail(idQuery.error());
    idQuery->next();
    record.id = idQuery->value(0).toLongLong();
    // Case number: local (UTC+8) report date + the id, unique and readable over the phone.
    record.number = record.reportedAt.toOffsetFromUtc(8 * 3600).toString(u"yyyyMMdd"_s) +
                    QString::number(record.id).rightJustified(6, u'0');
    event.seq = 1;
    event.prevHash.clear();
    if (auto s = writeEvent(event, record); !s)
        return fail(s.error());
    record.eventCount = 1;
    record.lastEventHash = event.hash;
    auto upd = execWrite(u"UPDATE cases SET number = ?, event_count = 1, last_event_hash = ? WHERE id = ?"_s,
                         {record.number, QString::fromLatin1(event.hash), record.id});
    if (!upd)
        return fail(upd.error());
    if (auto s = release(); !s)
        return s.error();
    return record;
}

Result<CaseRecord> SqlStore::refusedOrStale(const CaseRecord &record, int expectedVersion,
                                            const CaseEvent &event)
{
    auto current = findCase(record.id);
    if (!current && current.errorCode() == ErrorCode::NotFound && isPostgres()) {
        // Row-level security hides the case from this login: a refused access, and audited as one.
        (void)recordAccess(u"refused"_s, loginOfUser(event.actorId),
                           u"%1 on case %2: outside the scope of database user %3 (row-level security)"_s.arg(
                               actionName(event.action), record.number, mPgSettings.user));
        return makeError(
            ErrorCode::OutOfScope,
            u"case %1 is outside the jurisdiction of this login; the store refused the change"_s.arg(
                record.number));
    }
    if (!current)
        return current.error();
    return makeError(
        ErrorCode::StaleVersion,
        u"case %1 was changed by someone else (you read version %2, it is now version %3 in state "
        u"'%4'); reload it and try again"_s.arg(current->number)
            .arg(expectedVersion)
            .arg(current->version)
            .arg(stateName(current->state)));
}

Result<CaseRecord> SqlStore::updateCase(CaseRecord record, int expectedVersion, CaseEvent event)
{
    event.seq = record.eventCount + 1;
    event.prevHash = record.lastEventHash;
    event.caseId = record.id;
    event.hash = computeEventHash(event.prevHash, event);
    record.version = expectedVersion + 1;
    record.eventCount = event.seq;
    record.lastEventHash = event.hash;
    auto refused = [this, &event, &record](const Error &e) -> Result<CaseRecord> {
        // Audited after the rollback, so that the refusal stays on record.
        (void)recordAccess(u"refused"_s, loginOfUser(event.actorId),
                           u"%1 on case %2: %3"_s.arg(actionName(event.action), record.number, e.message));
        return e;
    };
    if (isPostgres()) {
        // One statement, one round trip: the case (only if it still has the version the caller read), its
        // event and the change-feed row. Outside a batch it is its own transaction: no BEGIN and COMMIT.
        static const QString sql = []() -> QString {
            QStringList sets;
            for (const QString &n : caseWriteColumns.split(u", "_s))
                sets.append(n + u" = ?"_s);
            QStringList typed;
            for (const QString &type : eventWriteTypes)
                typed.append(u"?::"_s + type);
            return u"WITH upd AS (UPDATE cases SET "_s + sets.join(u", ") +
                   u" WHERE id = ? AND reported_at = ? AND version = ? RETURNING id), "
                   u"ev AS (INSERT INTO case_events(case_id, "_s +
                   eventWriteColumns + u") SELECT id, "_s + typed.join(u", ") +
                   u" FROM upd RETURNING id, case_id, action, at, case_reported_at), "
                   u"feed AS (INSERT INTO change_feed(case_id, event_id, action, at, case_reported_at) "
                   u"SELECT case_id, id, action, at, case_reported_at FROM ev RETURNING id, event_id) "
                   u"SELECT id, event_id FROM feed"_s;
        }();
        // Inside a batch the statement gets a savepoint, so that a refusal leaves the batch usable.
        const bool nested = mSavepointDepth > 0 || mInBatch;
        if (nested) {
            if (auto s = savepoint(); !s)
                return s.error();
        }
        auto undo = [this, nested] {
            if (nested)
                rollbackToSavepoint();
        };
        QVariantList values = caseWriteValues(record);
        values << record.id << msOrNull(record.reportedAt) << expectedVersion;
        values << eventWriteValues(event, record);
        auto id = execWriteValue(sql, values);
        if (!id) {
            undo();
            if (id.errorCode() == ErrorCode::OutOfScope)
                return refused(id.error());
            return eventWriteError(id.error(), event);
        }
        if (!id->has_value()) {
            undo();
            return refusedOrStale(record, expectedVersion, event);
        }
        event.id = mLastWriteSecond;
        announceAfterCommit(**id);
        if (nested) {
            if (auto s = release(); !s)
                return s.error();
        } else {
            sendAnnouncements(); // committed: the statement was its own transaction
        }
        return record;
    }
    if (auto s = savepoint(); !s)
        return s.error();
    bool stale = false;
    if (auto s = bindAndWriteCase(record, false, expectedVersion, &stale); !s) {
        rollbackToSavepoint();
        return s.error();
    }
    if (stale) {
        rollbackToSavepoint();
        return refusedOrStale(record, expectedVersion, event);
    }
    if (auto s = writeEvent(event, record); !s) {
        rollbackToSavepoint();
        if (s.errorCode() == ErrorCode::OutOfScope)
            return refused(s.error());
        return s.error();
    }
    if (auto s = release(); !s)
        return s.error();
    return record;
}

static void addQueryFilters(const CaseQuery &query, QStringList &where, QVariantList &values, bool withStates,
                            const QString &like)
{
    if ((withStates || query.statesInCounts) && !query.states.isEmpty()) {
        QStringList marks;
        for (CaseState s : query.states) {
            marks.append(u"?"_s);
            values.append(stateName(s));
        }
        const QString in = u"state IN ("_s + marks.join(u", ") + u')';
        where.append(query.orExtensionPending ? u'(' + in + u" OR extension_pending = 1)"_s : in);
    }
    if (query.overdueStep || query.overdueOnly) {
        where.append(u"step <> 'none' AND step_due_at < ?"_s);
        values.append(query.now.toMSecsSinceEpoch());
        if (query.overdueStep) {
            where.append(u"step = ?"_s);
            values.append(stepName(*query.overdueStep));
        }
    }
    if (!query.scope.isNull()) {
        switch (query.scope.level()) {
        case JurisdictionLevel::City:
            where.append(u"district_code LIKE ?"_s);
            values.append(
                QString(query.scope.text().left(query.scope.text().endsWith(u"0000"_s) ? 2 : 4) + u'%'));
            break;
        case JurisdictionLevel::District:
            where.append(u"district_code = ?"_s);
            values.append(query.scope.text());
            break;
        case JurisdictionLevel::Street:
            where.append(u"street_code = ?"_s);
            values.append(query.scope.text());
            break;
        case JurisdictionLevel::Community:
            where.append(u"community_code = ?"_s);
            values.append(query.scope.text());
            break;
        }
    }
    if (query.unitId > 0) {
        where.append(u"unit_id = ?"_s);
        values.append(query.unitId);
    }
    if (query.classKey) {
        where.append(u"class_kind = ? AND class_code = ?"_s);
        values << kindName(query.classKey->kind()) << query.classKey->code();
    }
    if (query.source) {
        where.append(u"source = ?"_s);
        values.append(sourceName(*query.source));
    }
    if (!query.place.isNull()) {
        static const char *const columns[] = {"district_code", "district_code", "street_code",
                                              "community_code"};
        const auto level = query.place.level();
        if (level == JurisdictionLevel::City) {
            where.append(u"district_code LIKE ?"_s);
            values.append(
                QString(query.place.text().left(query.place.text().endsWith(u"0000"_s) ? 2 : 4) + u'%'));
        } else {
            where.append(QLatin1StringView(columns[int(level)]) + u" = ?"_s);
            values.append(query.place.text());
        }
    }
    if (query.filterUnitId > 0) {
        where.append(u"unit_id = ?"_s);
        values.append(query.filterUnitId);
    }
    if (query.priority) {
        where.append(u"priority = ?"_s);
        values.append(priorityName(*query.priority));
    }
    if (query.keySupervision) {
        where.append(u"key_supervision = ?"_s);
        values.append(*query.keySupervision ? 1 : 0);
    }
    if (query.hardCase) {
        where.append(u"hard_case = ?"_s);
        values.append(*query.hardCase ? 1 : 0);
    }
    if (query.reportedFrom.isValid()) {
        where.append(u"reported_at >= ?"_s);
        values.append(query.reportedFrom.toMSecsSinceEpoch());
    }
    if (query.reportedBefore.isValid()) {
        where.append(u"reported_at < ?"_s);
        values.append(query.reportedBefore.toMSecsSinceEpoch());
    }
    if (query.dueBefore.isValid()) {
        where.append(u"step <> 'none' AND step_due_at >= ? AND step_due_at < ?"_s);
        values << query.now.toMSecsSinceEpoch() << query.dueBefore.toMSecsSinceEpoch();
    }
    if (!query.search.trimmed().isEmpty()) {
        where.append(
            u"(number %1 ? ESCAPE '\\' OR address %1 ? ESCAPE '\\' OR description %1 ? ESCAPE '\\')"_s.arg(
                like));
        QString literal = query.search.trimmed();
        literal.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
        const QString pattern = u'%' + literal + u'%';
        values << pattern << pattern << pattern;
    }
}

Result<CasePage> SqlStore::casePage(const CaseQuery &query)
{
    QStringList where;
    QVariantList values;
    addQueryFilters(query, where, values, true, mDialect.caseInsensitiveLike());
    // Cases without a running step sort last when due first.
    constexpr qint64 NoDue = std::numeric_limits<qint64>::max();
    const QString dueKey = u"COALESCE(step_due_at, %1)"_s.arg(NoDue);
    QString order;
    switch (query.order) {
    case CaseQuery::Order::Newest:
        // A row-value comparison, so that SQLite seeks the (reported_at, id) index instead of scanning it.
        if (query.after)
            where.append(u"(reported_at, id) < (?, ?)"_s);
        order = u" ORDER BY reported_at DESC, id DESC"_s;
        break;
    case CaseQuery::Order::Oldest:
        if (query.after)
            where.append(u"(reported_at, id) > (?, ?)"_s);
        order = u" ORDER BY reported_at, id"_s;
        break;
    case CaseQuery::Order::DueFirst:
        if (query.after)
            where.append(u"("_s + dueKey + u", id) > (?, ?)"_s);
        order = u" ORDER BY "_s + dueKey + u", id"_s;
        break;
    }
    if (query.after)
        values << (query.order == CaseQuery::Order::DueFirst ? query.after->dueAtMs
                                                             : query.after->reportedAtMs)
               << query.after->id;
    const int limit = std::max(1, query.limit);
    auto rows = selectCases(where.join(u" AND "), values, order + u" LIMIT %1"_s.arg(limit + 1));
    if (!rows)
        return rows.error();
    CasePage page;
    page.rows = std::move(rows).value();
    if (page.rows.size() > limit) {
        page.rows.resize(limit);
        const CaseRecord &last = page.rows.last();
        page.next = CaseQuery::Cursor{last.reportedAt.toMSecsSinceEpoch(), last.id,
                                      last.stepDueAt.isValid() ? last.stepDueAt.toMSecsSinceEpoch() : NoDue};
    }
    return page;
}

Result<QHash<CaseState, int>> SqlStore::countByState(const CaseQuery &query)
{
    QStringList where;
    QVariantList values;
    addQueryFilters(query, where, values, false, mDialect.caseInsensitiveLike());
    auto q =
        exec(u"SELECT state, count(*) FROM cases"_s +
                 (where.isEmpty() ? QString() : u" WHERE "_s + where.join(u" AND ")) + u" GROUP BY state"_s,
             values);
    if (!q)
        return q.error();
    QHash<CaseState, int> counts;
    while (q->next())
        counts.insert(parseState(q->value(0).toString()).value(), q->value(1).toInt());
    return counts;
}

Result<QList<CaseRecord>> SqlStore::casesDueBefore(const QDateTime &time, int limit)
{
    return selectCases(u"step <> 'none' AND step_due_at < ?"_s, {time.toMSecsSinceEpoch()},
                       u" ORDER BY step_due_at LIMIT %1"_s.arg(limit));
}

Result<QList<CaseRecord>> SqlStore::casesToResume(const QDateTime &time, int limit)
{
    return selectCases(u"state = 'parked' AND resume_at <= ?"_s, {time.toMSecsSinceEpoch()},
                       u" ORDER BY resume_at LIMIT %1"_s.arg(limit));
}

// --- audit -------------------------------------------------------------------------------------------------

AuditReport SqlStore::verifyAudit()
{
    AuditReport report;
    struct Head
    {
        QString number;
        int eventCount;
        QByteArray lastHash;
    };
    QHash<qint64, Head> heads;
    auto cases = exec(u"SELECT id, number, event_count, last_event_hash FROM cases ORDER BY id"_s);
    if (!cases) {
        report.problems.append(cases.errorMessage());
        return report;
    }
    while (cases->next())
        heads.insert(cases->value(0).toLongLong(), {cases->value(1).toString(), cases->value(2).toInt(),
                                                    cases->value(3).toString().toLatin1()});
    report.casesChecked = int(heads.size());

    auto describe = [](const CaseEvent &e) {
        return u"event #%1 (%2 by %3 at %4)"_s.arg(e.seq).arg(
            actionName(e.action), e.actorName.isEmpty() ? roleName(e.role) : e.actorName,
            e.at.toOffsetFromUtc(8 * 3600).toString(u"yyyy-MM-dd HH:mm:ss"_s));
    };
    auto events = exec(u"SELECT "_s + eventColumns + u" FROM case_events ORDER BY case_id, seq"_s);
    if (!events) {
        report.problems.append(events.errorMessage());
        return report;
    }
    qint64 currentCase = -1;
    int expectedSeq = 1;
    QByteArray prevHash;
    QSet<qint64> seenCases;
    QSet<qint64> eventIds;
    auto finishCase = [&](qint64 caseId) {
        if (caseId < 0 || !heads.contains(caseId))
            return;
        const Head &h = heads[caseId];
        const int found = expectedSeq - 1;
        if (found < h.eventCount)
            report.problems.append(
                u"case %1: the last %2 event(s) are missing (deleted): the case records %3 "
                u"events, the chain ends at #%4"_s.arg(h.number)
                    .arg(h.eventCount - found)
                    .arg(h.eventCount)
                    .arg(found));
        else if (prevHash != h.lastHash)
            report.problems.append(
                u"case %1: the head of its event chain does not match the case record"_s.arg(h.number));
    };
    while (events->next()) {
        Decoder d;
        const CaseEvent e = readEvent(*events, d);
        if (!d.problem.isEmpty())
            report.problems.append(
                u"event id %1 of case id %2 cannot be read: %3"_s.arg(e.id).arg(e.caseId).arg(d.problem));
        ++report.eventsChecked;
        eventIds.insert(e.id);
        if (e.caseId != currentCase) {
            finishCase(currentCase);
            currentCase = e.caseId;
            expectedSeq = 1;
            prevHash.clear();
            seenCases.insert(e.caseId);
        }
        const QString caseName = heads.contains(e.caseId) ? heads[e.caseId].number : u"id %1"_s.arg(e.caseId);
        if (!heads.contains(e.caseId)) {
            report.problems.append(
                u"%1 belongs to case %2, which does not exist (deleted)"_s.arg(describe(e), caseName));
            continue;
        }
        if (e.seq != expectedSeq) {
            report.problems.append(u"case %1: event #%2 is missing (deleted): %3 follows #%4"_s.arg(caseName)
                                       .arg(expectedSeq)
                                       .arg(describe(e))
                                       .arg(expectedSeq - 1));
        } else if (e.prevHash != prevHash) {
            report.problems.append(
                u"case %1: %2 does not link to the event before it"_s.arg(caseName, describe(e)));
        }
        if (computeEventHash(e.prevHash, e) != e.hash)
            report.problems.append(
                u"case %1: %2 was edited: its content does not match its hash"_s.arg(caseName, describe(e)));
        expectedSeq = e.seq + 1;
        prevHash = e.hash;
    }
    finishCase(currentCase);
    for (auto it = heads.cbegin(); it != heads.cend(); ++it) {
        if (!seenCases.contains(it.key()) && it->eventCount > 0)
            report.problems.append(
                u"case %1: all %2 of its events are missing (deleted)"_s.arg(it->number).arg(it->eventCount));
    }
    auto feed = exec(u"SELECT event_id, case_id, action FROM change_feed ORDER BY id"_s);
    if (feed) {
        while (feed->next()) {
            const qint64 eventId = feed->value(0).toLongLong();
            const qint64 caseId = feed->value(1).toLongLong();
            if (!eventIds.contains(eventId) && heads.contains(caseId) && seenCases.contains(caseId))
                continue; // reported above through the chain of its case
            if (!eventIds.contains(eventId) && !heads.contains(caseId))
                report.problems.append(
                    u"case id %1 and its events are missing (deleted); the change feed still "
                    u"lists its '%2' event %3"_s.arg(caseId)
                        .arg(feed->value(2).toString())
                        .arg(eventId));
        }
    }
    report.problems.removeDuplicates();
    return report;
}

} // namespace cg
