#pragma once

// The PostgreSQL side of the store tests: the server started by the CTest fixture "pg_server"
// (tests/store/pgserver.sh), a fresh database per test, and raw connections for hand-written SQL.

#include "store/pgconnection.h"
#include "store/sqlstore.h"

#include <QCoreApplication>
#include <QFile>
#include <QObject>
#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <optional>

namespace cg::test {

using namespace Qt::Literals::StringLiterals;

// The fixture's state folder (CG_TEST_PG_STATE): url, port, pgctl.
inline QString pgStateFolder()
{
    return qEnvironmentVariable("CG_TEST_PG_STATE");
}

// Which engine the store tests run on: CG_TEST_STORE=postgresql selects the fixture's server.
inline bool testsRunOnPostgres()
{
    return qEnvironmentVariable("CG_TEST_STORE") == u"postgresql"_s;
}

// The superuser URL of the fixture's server (database "postgres"), or nothing without a server.
inline std::optional<QString> pgServerUrl()
{
    QFile f(pgStateFolder() + u"/url"_s);
    if (pgStateFolder().isEmpty() || !f.open(QIODevice::ReadOnly))
        return std::nullopt;
    return QString::fromUtf8(f.readAll()).trimmed();
}

// The same server with another database, user or password.
inline QString pgUrlWith(const QString &serverUrl, const QString &database, const QString &user = {},
                         const QString &password = {})
{
    auto s = parsePostgresUrl(serverUrl).value();
    s.database = database;
    if (!user.isEmpty()) {
        s.user = user;
        s.password = password;
    }
    return s.url();
}

// A plain QPSQL connection for hand-written SQL (what another program, or an attacker with a login, does).
class PgRawConnection
{
public:
    explicit PgRawConnection(const QString &url)
        : mName(u"pg-raw-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        auto s = parsePostgresUrl(url);
        if (!s) {
            mError = s.errorMessage();
            return;
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, mName);
        db.setHostName(s->connectHost());
        db.setPort(s->port);
        db.setDatabaseName(s->database);
        db.setUserName(s->user);
        db.setPassword(s->password);
        db.setConnectOptions(s->connectOptions());
        mOpen = db.open();
        if (!mOpen)
            mError = db.lastError().text();
    }
    ~PgRawConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(mName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(mName);
    }
    PgRawConnection(const PgRawConnection &) = delete;
    PgRawConnection &operator=(const PgRawConnection &) = delete;

    bool isOpen() const { return mOpen; }
    QString openError() const { return mError; }
    QSqlDatabase database() const { return QSqlDatabase::database(mName, false); }
    // Runs one statement; returns the server's error text, empty on success.
    QString exec(const QString &sql)
    {
        QSqlQuery q(database());
        if (!q.exec(sql))
            return q.lastError().text();
        return {};
    }
    QVariant value(const QString &sql)
    {
        QSqlQuery q(database());
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }

private:
    QString mName;
    bool mOpen = false;
    QString mError;
};

// A connection of its own that listens to the stores' announcements (NOTIFY citygrid_changes) and keeps
// their payloads in order. Notifications arrive in commit order, so once a marker sent after some commits has
// arrived, so has every announcement of those commits.
struct AnnouncementListener
{
    PgRawConnection raw;
    QStringList payloads;
    QObject context;
    bool listening = false;
    explicit AnnouncementListener(const QString &url)
        : raw(url)
    {
        QSqlDriver *driver = raw.database().driver();
        if (!raw.isOpen() || !driver->subscribeToNotification(u"citygrid_changes"_s))
            return;
        QObject::connect(driver, &QSqlDriver::notification, &context,
                         [this](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                             payloads.append(payload.toString());
                         });
        listening = true;
    }
};

// Creates an empty database on the fixture's server; returns its URL (superuser), or an error message.
inline Result<QString> createPgTestDatabase(bool withSchema = true)
{
    const auto server = pgServerUrl();
    if (!server)
        return makeError(
            ErrorCode::NotFound,
            u"no PostgreSQL test server: CG_TEST_PG_STATE is not set or has no url (run the tests "
            u"through ctest, which starts the pg_server fixture)"_s);
    // The schema is built once per test process into a template, then copied: CREATE DATABASE ... TEMPLATE
    // copies files and is much faster than running the migrations for every test.
    static QString templateName;
    PgRawConnection admin(*server);
    if (!admin.isOpen())
        return makeError(ErrorCode::Storage, admin.openError());
    if (withSchema && templateName.isEmpty()) {
        const QString name = u"cg_template_%1"_s.arg(QCoreApplication::applicationPid());
        if (auto e = admin.exec(u"DROP DATABASE IF EXISTS %1"_s.arg(name)); !e.isEmpty())
            return makeError(ErrorCode::Storage, e);
        if (auto e = admin.exec(u"CREATE DATABASE %1"_s.arg(name)); !e.isEmpty())
            return makeError(ErrorCode::Storage, e);
        {
            auto store = SqlStore::open(pgUrlWith(*server, name));
            if (!store)
                return store.error();
        }
        templateName = name;
    }
    const QString name = u"cg_test_"_s + QUuid::createUuid().toString(QUuid::Id128).left(16);
    const QString sql = withSchema ? u"CREATE DATABASE %1 TEMPLATE %2"_s.arg(name, templateName)
                                   : u"CREATE DATABASE %1"_s.arg(name);
    if (auto e = admin.exec(sql); !e.isEmpty())
        return makeError(ErrorCode::Storage, e);
    return pgUrlWith(*server, name);
}

// A database for one TestWorld, from a small per-process pool: a free one is emptied and its append-only
// triggers restored (tests drop them to tamper), which is much faster than creating a database per test.
// Give it back with releasePgTestDatabase().
struct PgTestPool
{
    QStringList free;
};
inline PgTestPool &pgTestPool()
{
    static PgTestPool pool;
    return pool;
}

inline Result<QString> acquirePgTestDatabase()
{
    PgTestPool &pool = pgTestPool();
    if (pool.free.isEmpty())
        return createPgTestDatabase();
    const QString url = pool.free.takeLast();
    PgRawConnection raw(url);
    if (!raw.isOpen())
        return makeError(ErrorCode::Storage, raw.openError());
    for (const QString &sql : {
             u"CREATE OR REPLACE TRIGGER case_events_no_update BEFORE UPDATE ON case_events "
             u"FOR EACH ROW EXECUTE FUNCTION cg_append_only()"_s,
             u"CREATE OR REPLACE TRIGGER case_events_no_delete BEFORE DELETE ON case_events "
             u"FOR EACH ROW EXECUTE FUNCTION cg_append_only()"_s,
             // Replica mode silences the append-only trigger for the truncation (superuser only).
             u"SET session_replication_role = replica"_s,
             u"TRUNCATE jurisdictions, unit_grids, units, users, catalogue_overrides, cases, case_events, "
             u"attachments, change_feed, access_audit, eval_facts, eval_handling, eval_weights, major_events "
             u"RESTART IDENTITY CASCADE"_s,
             u"RESET session_replication_role"_s,
         }) {
        if (auto e = raw.exec(sql); !e.isEmpty())
            return makeError(ErrorCode::Storage, e);
    }
    return url;
}

inline void releasePgTestDatabase(const QString &url)
{
    pgTestPool().free.append(url);
}

inline void dropPgTestDatabase(const QString &url)
{
    const auto server = pgServerUrl();
    if (!server)
        return;
    PgRawConnection admin(*server);
    admin.exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(parsePostgresUrl(url).value().database));
}

} // namespace cg::test
