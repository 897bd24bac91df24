// The PostgreSQL side of SqlStore: connecting by URL, recognising a CityGrid database, migrations under an
// advisory lock, LISTEN/NOTIFY and reconnecting. The repositories themselves are shared (sqlstore.cpp).
#include "store/schema.h"
#include "store/sqlstore.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

const QString changeChannel = u"citygrid_changes"_s;

} // namespace

Result<std::unique_ptr<SqlStore>> SqlStore::openPostgres(const QString &url, OpenMode mode)
{
    auto settings = parsePostgresUrl(url);
    if (!settings)
        return settings.error();
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        return makeError(ErrorCode::Storage,
                         u"PostgreSQL store %1 cannot be opened: the Qt PostgreSQL driver (QPSQL) is not "
                         u"installed; install libqt6sql6-psql"_s.arg(settings->displayUrl()));
    const QString connection = u"cg-store-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<SqlStore> store(
        new SqlStore(settings->displayUrl(), connection, SqlDialect{SqlEngine::Postgres}));
    store->mPgSettings = *settings;
    if (auto s = store->connectPostgres(); !s)
        return s.error();
    if (auto s = store->initialisePostgres(mode); !s)
        return s.error();
    return store;
}

Status SqlStore::connectPostgres()
{
    QSqlDatabase db = QSqlDatabase::database(mConnectionName, false);
    if (!db.isValid())
        db = QSqlDatabase::addDatabase(u"QPSQL"_s, mConnectionName);
    db.setHostName(mPgSettings.connectHost());
    db.setPort(mPgSettings.port);
    db.setDatabaseName(mPgSettings.database);
    db.setUserName(mPgSettings.user);
    db.setPassword(mPgSettings.password);
    db.setConnectOptions(mPgSettings.connectOptions());
    if (!db.open())
        return describeConnectionError(mPgSettings, db.lastError().text());
    // Times are stored as epoch milliseconds, but month partitions and reports read them in Beijing time.
    QSqlQuery q(db);
    if (!q.exec(u"SET TIME ZONE 'Asia/Shanghai'"_s))
        return postgresError(q.lastError(), u"setting the time zone"_s);
    for (const auto &[name, value] : std::as_const(mSessionParameters)) {
        if (auto s = applySessionParameter(db, name, value); !s)
            return s;
    }
    return {};
}

Status SqlStore::applySessionParameter(const QSqlDatabase &db, const QString &name, const QString &value)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT set_config(?, ?, false)"_s);
    q.addBindValue(name);
    q.addBindValue(value);
    if (!q.exec())
        return postgresError(q.lastError(), u"setting %1 to '%2'"_s.arg(name, value));
    return {};
}

Status SqlStore::setSessionParameter(const QString &name, const QString &value)
{
    if (!isPostgres())
        return {};
    if (auto s = applySessionParameter(database(), name, value); !s)
        return s;
    mSessionParameters.removeIf([&name](const auto &p) { return p.first == name; });
    mSessionParameters.append({name, value});
    return {};
}

Error SqlStore::postgresError(const QSqlError &error, const QString &what) const
{
    const QString text = error.text().simplified();
    const QString state = error.nativeErrorCode();
    // Class 08 (connection exception), 57P01..03 (server shutting down / restarting), or no code at all when
    // libpq lost the socket: the connection is gone, not the statement wrong.
    const bool connectionLost = state.startsWith(u"08"_s) || state.startsWith(u"57P"_s) ||
                                text.contains(u"server closed the connection"_s) ||
                                text.contains(u"no connection to the server"_s) ||
                                text.contains(u"terminating connection"_s) || !database().isOpen();
    if (connectionLost) {
        mConnectionLost = true;
        return makeError(
            ErrorCode::Storage,
            u"the connection to PostgreSQL store %1 was lost while %2: %3"_s.arg(mPath, what, text));
    }
    if (state == u"42501"_s) // insufficient_privilege, also raised by row-level security on writes
        return makeError(ErrorCode::OutOfScope,
                         u"PostgreSQL store %1 refused %2: %3"_s.arg(mPath, what, text));
    return makeError(ErrorCode::Storage, u"store %1: %2 failed: %3"_s.arg(mPath, what, text));
}

Status SqlStore::initialisePostgres(OpenMode mode)
{
    // Identify the database before changing anything in it: another program's database is left as it was.
    auto hasMeta = exec(u"SELECT to_regclass('meta') IS NOT NULL"_s);
    if (!hasMeta)
        return hasMeta.error();
    hasMeta->next();
    if (hasMeta->value(0).toBool()) {
        auto meta = exec(u"SELECT key, value FROM meta WHERE key IN ('application', 'schema_version')"_s);
        if (!meta)
            return makeError(
                ErrorCode::NotOurStore,
                u"PostgreSQL database %1 is not a CityGrid store: its table 'meta' is not ours (%2)"_s.arg(
                    mPath, meta.errorMessage()));
        QString application;
        int version = 0;
        while (meta->next()) {
            if (meta->value(0).toString() == u"application"_s)
                application = meta->value(1).toString();
            else
                version = meta->value(1).toInt();
        }
        if (application != QString::fromUtf16(CityGridApplicationName))
            return makeError(
                ErrorCode::NotOurStore,
                u"PostgreSQL database %1 is not a CityGrid store (its meta table names application "
                u"'%2')"_s.arg(mPath, application));
        mSchemaVersion = version;
    } else {
        auto tables = exec(u"SELECT table_name FROM information_schema.tables WHERE table_schema = "
                           u"current_schema() ORDER BY table_name"_s);
        if (!tables)
            return tables.error();
        QStringList names;
        while (tables->next())
            names.append(tables->value(0).toString());
        if (!names.isEmpty())
            return makeError(
                ErrorCode::NotOurStore,
                u"PostgreSQL database %1 is not a CityGrid store (it holds other tables: %2)"_s.arg(
                    mPath, names.mid(0, 8).join(u", ") + (names.size() > 8 ? u", ..."_s : QString())));
        if (mode == OpenMode::MustExist)
            return makeError(ErrorCode::NotFound,
                             u"PostgreSQL database %1 holds no CityGrid store yet; create it with "
                             u"'citygrid-admin init --store <url>'"_s.arg(mPath));
        mSchemaVersion = 0;
    }
    if (mSchemaVersion > latestSchemaVersion())
        return makeError(
            ErrorCode::SchemaTooNew,
            u"store %1 has schema version %2; this CityGrid knows up to %3: update CityGrid"_s.arg(mPath)
                .arg(mSchemaVersion)
                .arg(latestSchemaVersion()));
    if (mSchemaVersion < latestSchemaVersion()) {
        if (auto s = migratePostgres(); !s)
            return s;
    }
    // The coming year's month partitions (a no-op for station logins, which do not own the tables). A
    // month that already has rows in the default partition cannot get its own: that is left for an
    // administrator to split, and the store works on regardless.
    if (auto added = exec(u"SELECT cg_ensure_case_partitions(12)"_s); !added)
        qWarning("%s", qPrintable(added.errorMessage()));
    // Whether the change feed still announces itself (the NOTIFY trigger of migration 1); without it the
    // store sends the NOTIFY after each commit (see sendAnnouncements).
    if (auto trigger =
            exec(u"SELECT NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'change_feed_notify' "
                 u"AND tgrelid = 'change_feed'::regclass)"_s);
        trigger && trigger->next())
        mAnnounceAfterCommit = trigger->value(0).toBool();
    // Every connection of a login is in the audit (refused ones are in the server's log: log_connections).
    if (auto audited = recordAccess(u"connect"_s, QString(), u"application citygrid"_s); !audited)
        return audited;
    return {};
}

Status SqlStore::migratePostgres()
{
    const auto &migrations = postgresMigrations();
    auto step = [this](const QString &sql) -> Status {
        auto r = exec(sql);
        if (!r)
            return r.error();
        return {};
    };
    if (auto s = step(u"BEGIN"_s); !s)
        return s;
    auto fail = [this](int version, const Error &e) -> Status {
        QSqlQuery q(database());
        q.exec(u"ROLLBACK"_s);
        return makeError(e.code, u"migration %1 failed: %2"_s.arg(version).arg(e.message));
    };
    // Two stations starting on a new server at once: the second waits, then finds the work done.
    if (auto s = step(u"SELECT pg_advisory_xact_lock(4347524401)"_s); !s)
        return fail(mSchemaVersion + 1, s.error());
    // (Read in two steps: PostgreSQL resolves table names when it plans, even in a branch never taken.)
    auto hasMeta = exec(u"SELECT to_regclass('meta') IS NOT NULL"_s);
    if (!hasMeta)
        return fail(mSchemaVersion + 1, hasMeta.error());
    hasMeta->next();
    int version = 0;
    if (hasMeta->value(0).toBool()) {
        auto current =
            exec(u"SELECT coalesce((SELECT value::int FROM meta WHERE key = 'schema_version'), 0)"_s);
        if (!current)
            return fail(mSchemaVersion + 1, current.error());
        current->next();
        version = current->value(0).toInt();
    }
    for (int v = version; v < int(migrations.size()); ++v) {
        for (const QString &sql : migrations[v]) {
            if (auto s = step(sql); !s)
                return fail(v + 1, s.error());
        }
        auto meta = exec(u"INSERT INTO meta(key, value) VALUES ('application', ?), ('schema_version', ?) "
                         u"ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s,
                         {QString::fromUtf16(CityGridApplicationName), QString::number(v + 1)});
        if (!meta)
            return fail(v + 1, meta.error());
        version = v + 1;
    }
    if (auto s = step(u"COMMIT"_s); !s)
        return fail(version, s.error());
    mSchemaVersion = version;
    return {};
}

bool SqlStore::subscribeToChanges(QObject *context, const std::function<void()> &onChange)
{
    if (!isPostgres())
        return false;
    mChangeContext = context;
    mOnChange = onChange;
    return listenOnConnection();
}

bool SqlStore::listenOnConnection()
{
    QSqlDriver *driver = database().driver();
    if (!mChangeContext || !driver || !driver->subscribeToNotification(changeChannel))
        return false;
    QObject::connect(
        driver, &QSqlDriver::notification, mChangeContext.data(),
        [onChange = mOnChange](const QString &name, QSqlDriver::NotificationSource, const QVariant &) {
            if (name == changeChannel)
                onChange();
        });
    return true;
}

bool SqlStore::holdsDuty(const QString &name)
{
    if (!isPostgres())
        return true;
    if (mDuties.contains(name))
        return true;
    auto q = exec(u"SELECT pg_try_advisory_lock(hashtext(?))"_s, {QString(u"citygrid:"_s + name)});
    if (!q || !q->next() || !q->value(0).toBool())
        return false;
    mDuties.append(name);
    return true;
}

bool SqlStore::isConnected()
{
    QSqlDatabase db = database();
    if (!db.isOpen())
        return false;
    if (!isPostgres())
        return true;
    QSqlQuery q(db);
    return q.exec(u"SELECT 1"_s);
}

Status SqlStore::reconnectIfLost()
{
    if (!mConnectionLost || mSavepointDepth > 0 || mInBatch)
        return {};
    return reconnect();
}

Status SqlStore::reconnect()
{
    if (!isPostgres())
        return {};
    // The old prepared statements and any open transaction died with the old server connection.
    mStatements.clear();
    mSavepointDepth = 0;
    mSavepointLeftOut = false;
    mInBatch = false;
    mConnectionLost = false;
    mDuties.clear(); // the locks went with the old connection
    {
        QSqlDatabase db = database();
        if (db.isOpen())
            db.close();
    }
    if (auto s = connectPostgres(); !s) {
        mConnectionLost = true;
        return s;
    }
    if (mChangeContext && mOnChange) {
        listenOnConnection();
        mOnChange();
    }
    flushPendingAudit(); // refusals recorded in the transaction that died with the old connection
    return {};
}

} // namespace cg
