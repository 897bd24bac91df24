// What only the PostgreSQL store has, against the real server of the pg_server fixture: a new database and
// its partitions, refusing other databases, bad connection settings named plainly, two processes dispatching
// one case at once, changes reaching another process through LISTEN/NOTIFY, and a server restart.
// (The repository suite itself runs on PostgreSQL from test_sqlitestore.cpp.)
#include "store/schema.h"
#include "store/sqlduplicaterepository.h"
#include "store/storecopy.h"
#include "support/testworld.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using namespace cg;
using cg::test::beijing;

namespace {

const QString workerProgram = QStringLiteral(CG_BINARY_DIR "/tests/cg_pg_worker");

// A database of its own for a test, dropped afterwards.
struct ScratchDatabase
{
    QString url;
    explicit ScratchDatabase(bool withSchema)
    {
        auto made = test::createPgTestDatabase(withSchema);
        if (made)
            url = *made;
        else
            qWarning() << made.errorMessage();
    }
    ~ScratchDatabase()
    {
        if (!url.isEmpty())
            test::dropPgTestDatabase(url);
    }
    QString displayUrl() const { return parsePostgresUrl(url).value().displayUrl(); }
};

// A port on 127.0.0.1 where nothing listens.
int closedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
    ::close(fd); // bound but never listening, and now closed: connecting there is refused
    return ntohs(address.sin_port);
}

} // namespace

class TestPgStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    // opening
    void newDatabaseGetsTheSchemaWithMonthPartitions();
    void mustExistRefusesAnEmptyDatabase();
    void otherDatabaseIsRefusedAndLeftUnchanged();
    void newerSchemaIsRefused();
    void twoStationsMigratingAtOnceMigrateOnce();
    void badConnectionSettingsAreNamed_data();
    void badConnectionSettingsAreNamed();
    void sqliteStoreCopiesIntoPostgres();
    void tlsModesConnect();
    void unixSocketConnects();
    void sessionParametersOutliveAReconnect();

    // security
    void passwordsAreArgon2idAndLoginsAudited();
    void rowLevelSecurityKeepsDistrictsApartEvenInRawSql();
    void stationLoginIsTheUserOfItsDatabaseRole();

    // stations
    void twoProcessesDispatchingOneCaseExactlyOneWins();
    void changeOnOneStationReachesAnotherProcess();
    void theStoreAnnouncesEachCommitAfterIt();
    void aBusyWriterAnnouncesTheNewestOfItsCommits();
    void duplicateLinksAreAnnouncedAfterTheirCommit();
    void writersInOneDistrictDoNotWaitForEachOther();
    void version6DatabaseGetsTheCaseKeysAndLosesTheFeedTrigger();
    void duplicateDetectionReadsCellsEvenOfAnEmptyMonth();
    void serverRestartDuringWork();
    void oneStationAtATimeWatchesDeadlines();

private:
    QString mServer;
};

void TestPgStore::initTestCase()
{
    const auto server = test::pgServerUrl();
    QVERIFY2(server.has_value(), "no PostgreSQL test server: run through ctest (fixture pg_server)");
    mServer = *server;
}

// --- opening -----------------------------------------------------------------------------------------------

void TestPgStore::newDatabaseGetsTheSchemaWithMonthPartitions()
{
    ScratchDatabase db(false);
    QVERIFY(!db.url.isEmpty());
    {
        auto store = SqlStore::open(db.url);
        QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
        QVERIFY((*store)->isPostgres());
        QCOMPARE((*store)->schemaVersion(), SqlStore::latestSchemaVersion());
        QCOMPARE((*store)->path(), db.displayUrl());
        QVERIFY(!(*store)->path().contains(parsePostgresUrl(db.url)->password));
        QVERIFY((*store)->isEmpty());
    }
    QCOMPARE(postgresMigrations().size(), sqliteMigrations().size());
    test::PgRawConnection raw(db.url);
    QVERIFY(raw.isOpen());
    QCOMPARE(raw.value(u"SELECT value FROM meta WHERE key = 'application'"_s).toString(), u"CityGrid"_s);
    QCOMPARE(raw.value(u"SELECT value FROM meta WHERE key = 'schema_version'"_s).toInt(),
             SqlStore::latestSchemaVersion());
    QCOMPARE(raw.value(u"SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'cases'::regclass"_s)
                 .toString(),
             u"r"_s);
    // 2025 to 2027, the coming year's months and a default partition.
    const QDate lastNeeded = QDate::currentDate().addMonths(12);
    const int months = std::max(36, (lastNeeded.year() - 2025) * 12 + lastNeeded.month());
    QCOMPARE(raw.value(u"SELECT count(*) FROM pg_inherits WHERE inhparent = 'cases'::regclass"_s).toInt(),
             months + 1);
    QVERIFY(raw.value(u"SELECT to_regclass('cases_%1') IS NOT NULL"_s.arg(lastNeeded.toString(u"yyyyMM"_s)))
                .toBool());

    // A case lands in the partition of its (Beijing) month.
    test::TestWorld w;
    w.pgUrl = db.url;
    QVERIFY(w.open(beijing(u"2026-12-01 00:30"_s))); // still November in UTC
    auto c = w.report();
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(raw.value(u"SELECT tableoid::regclass::text FROM cases WHERE id = %1"_s.arg(c->id)).toString(),
             u"cases_202612"_s);
    QCOMPARE(c->number.left(8), u"20261201"_s);
}

void TestPgStore::mustExistRefusesAnEmptyDatabase()
{
    ScratchDatabase db(false);
    auto store = SqlStore::open(db.url, SqlStore::OpenMode::MustExist);
    QVERIFY(!store.ok());
    QCOMPARE(store.errorCode(), ErrorCode::NotFound);
    QCOMPARE(store.errorMessage(), u"PostgreSQL database %1 holds no CityGrid store yet; create it with "
                                   u"'citygrid-admin init --store <url>'"_s.arg(db.displayUrl()));
    test::PgRawConnection raw(db.url);
    QCOMPARE(
        raw.value(u"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"_s).toInt(),
        0); // nothing was created
}

void TestPgStore::otherDatabaseIsRefusedAndLeftUnchanged()
{
    ScratchDatabase db(false);
    {
        test::PgRawConnection raw(db.url);
        QCOMPARE(raw.exec(u"CREATE TABLE invoices (id int PRIMARY KEY, amount numeric)"_s), QString());
        QCOMPARE(raw.exec(u"CREATE TABLE customers (id int PRIMARY KEY)"_s), QString());
    }
    for (auto mode : {SqlStore::OpenMode::MustExist, SqlStore::OpenMode::CreateIfMissing}) {
        auto store = SqlStore::open(db.url, mode);
        QVERIFY(!store.ok());
        QCOMPARE(store.errorCode(), ErrorCode::NotOurStore);
        QCOMPARE(
            store.errorMessage(),
            u"PostgreSQL database %1 is not a CityGrid store (it holds other tables: customers, invoices)"_s
                .arg(db.displayUrl()));
    }
    // Another program's meta table is not ours either.
    {
        test::PgRawConnection raw(db.url);
        QCOMPARE(raw.exec(u"CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL)"_s), QString());
        QCOMPARE(raw.exec(u"INSERT INTO meta VALUES ('application', 'Billing')"_s), QString());
    }
    auto store = SqlStore::open(db.url);
    QCOMPARE(store.errorCode(), ErrorCode::NotOurStore);
    QCOMPARE(
        store.errorMessage(),
        u"PostgreSQL database %1 is not a CityGrid store (its meta table names application 'Billing')"_s.arg(
            db.displayUrl()));
    test::PgRawConnection raw(db.url);
    QCOMPARE(
        raw.value(u"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"_s).toInt(),
        3);
}

void TestPgStore::newerSchemaIsRefused()
{
    ScratchDatabase db(true);
    const int newer = SqlStore::latestSchemaVersion() + 1;
    {
        test::PgRawConnection raw(db.url);
        QCOMPARE(raw.exec(u"UPDATE meta SET value = '%1' WHERE key = 'schema_version'"_s.arg(newer)),
                 QString());
    }
    auto store = SqlStore::open(db.url, SqlStore::OpenMode::MustExist);
    QVERIFY(!store.ok());
    QCOMPARE(store.errorCode(), ErrorCode::SchemaTooNew);
    QCOMPARE(store.errorMessage(),
             u"store %1 has schema version %2; this CityGrid knows up to %3: update CityGrid"_s
                 .arg(db.displayUrl())
                 .arg(newer)
                 .arg(SqlStore::latestSchemaVersion()));
}

void TestPgStore::twoStationsMigratingAtOnceMigrateOnce()
{
    ScratchDatabase db(false);
    // Two processes open the same empty database at the same moment: the advisory lock lets one migrate.
    QList<QProcess *> workers;
    const qint64 start = QDateTime::currentMSecsSinceEpoch() + 1000;
    for (int i = 0; i < 2; ++i) {
        auto *p = new QProcess(this);
        p->setProgram(workerProgram);
        p->setArguments({u"open"_s, db.url, QString::number(start)});
        p->start();
        workers.append(p);
    }
    for (QProcess *p : std::as_const(workers)) {
        QVERIFY(p->waitForFinished(30000));
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        QCOMPARE(p->readAllStandardOutput().trimmed(),
                 QByteArray("OPEN ") + QByteArray::number(SqlStore::latestSchemaVersion()));
        delete p;
    }
}

void TestPgStore::badConnectionSettingsAreNamed_data()
{
    QTest::addColumn<QString>("url"); // {server}: host:port of the test server; {closed}: a closed port
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("expected"); // the message starts with it

    QTest::newRow("not a URL") << u"postgresql://cg_admin@127.0.0.1:99999/x"_s << int(ErrorCode::InvalidInput)
                               << u"store address postgresql://cg_admin@127.0.0.1:99999/x is not a valid "
                                  u"PostgreSQL URL: "_s;
    QTest::newRow("no database")
        << u"postgresql://cg_admin:pw@{server}/"_s << int(ErrorCode::InvalidInput)
        << u"store address postgresql://cg_admin@{server}/ is not a valid PostgreSQL "
           u"URL: the database name is missing"_s;
    QTest::newRow("unknown TLS mode")
        << u"postgresql://cg_admin:pw@{server}/postgres?sslmode=maybe"_s << int(ErrorCode::InvalidInput)
        << u"store address postgresql://cg_admin@{server}/postgres?sslmode=maybe is "
           u"not a valid PostgreSQL URL: sslmode 'maybe' is unknown"_s;
    QTest::newRow("relative socket directory")
        << u"postgresql://cg_admin:pw@{server}/postgres?host=run/postgresql"_s << int(ErrorCode::InvalidInput)
        << u"store address postgresql://cg_admin@{server}/postgres?host=run/postgresql is not a valid "
           u"PostgreSQL URL: the option host names the directory of the server's Unix-domain socket and must "
           u"be an absolute path ('run/postgresql' is not)"_s;
    QTest::newRow("wrong password")
        << u"postgresql://cg_admin:wrong@{server}/postgres"_s << int(ErrorCode::NotPermitted)
        << u"PostgreSQL store postgresql://cg_admin@{server}/postgres: the user name "
           u"or password is wrong (user 'cg_admin')"_s;
    QTest::newRow("unknown user")
        << u"postgresql://nobody:pw@{server}/postgres"_s << int(ErrorCode::NotPermitted)
        << u"PostgreSQL store postgresql://nobody@{server}/postgres: the user name or "
           u"password is wrong (user 'nobody')"_s;
    QTest::newRow("no such database")
        << u"postgresql://cg_admin:{password}@{server}/nowhere"_s << int(ErrorCode::NotFound)
        << u"PostgreSQL store postgresql://cg_admin@{server}/nowhere: the server "
           u"has no database 'nowhere'"_s;
    QTest::newRow("unreachable server")
        << u"postgresql://cg_admin:pw@127.0.0.1:{closed}/postgres"_s << int(ErrorCode::Storage)
        << u"PostgreSQL store postgresql://cg_admin@127.0.0.1:{closed}/postgres: "
           u"the server at 127.0.0.1:{closed} cannot be reached: "_s;
    // The fixture's server accepts TLS connections only (hostnossl ... reject).
    QTest::newRow("TLS switched off, server demands it")
        << u"postgresql://cg_admin:{password}@{server}/postgres?sslmode=disable"_s
        << int(ErrorCode::InvalidInput)
        << u"PostgreSQL store postgresql://cg_admin@{server}/postgres?sslmode=disable: the TLS setting "
           u"sslmode=disable does not match the server: "_s;
    QTest::newRow("TLS verify-full without the CA file")
        << u"postgresql://cg_admin:{password}@{server}/postgres?sslmode=verify-full&sslrootcert={state}/none.pem"_s
        << int(ErrorCode::InvalidInput)
        << u"PostgreSQL store "
           u"postgresql://cg_admin@{server}/postgres?sslmode=verify-full&sslrootcert={state}/"
           u"none.pem: the TLS setting sslmode=verify-full does not match the server: "_s;
    QTest::newRow("TLS verify-full, certificate of another CA")
        << u"postgresql://cg_admin:{password}@{server}/postgres?sslmode=verify-full&sslrootcert={otherca}"_s
        << int(ErrorCode::InvalidInput)
        << u"PostgreSQL store "
           u"postgresql://cg_admin@{server}/postgres?sslmode=verify-full&sslrootcert={otherca}: "
           u"the TLS setting sslmode=verify-full does not match the server: "_s;
}

void TestPgStore::badConnectionSettingsAreNamed()
{
    QFETCH(QString, url);
    QFETCH(int, code);
    QFETCH(QString, expected);
    const PgConnectionSettings server = parsePostgresUrl(mServer).value();
    const QString closed = QString::number(closedPort());
    // Another CA than the server's: a self-signed one made here.
    QTemporaryDir caFolder;
    const QString otherCa = caFolder.filePath(u"other-ca.pem"_s);
    if (url.contains(u"{otherca}"_s)) {
        QProcess openssl;
        openssl.start(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s,
                                     u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=Another CA"_s, u"-keyout"_s,
                                     otherCa + u".key"_s, u"-out"_s, otherCa});
        QVERIFY(openssl.waitForFinished(30000) && openssl.exitCode() == 0);
    }
    auto fill = [&](QString s) {
        return s.replace(u"{server}"_s, u"%1:%2"_s.arg(server.host).arg(server.port))
            .replace(u"{closed}"_s, closed)
            .replace(u"{password}"_s, server.password)
            .replace(u"{state}"_s, test::pgStateFolder())
            .replace(u"{otherca}"_s, otherCa);
    };
    auto store = SqlStore::open(fill(url));
    QVERIFY(!store.ok());
    QVERIFY2(store.errorMessage().startsWith(fill(expected)), qPrintable(store.errorMessage()));
    QCOMPARE(int(store.errorCode()), code);
    QVERIFY(!store.errorMessage().contains(server.password));
}

// A program on the database's machine (the gateway beside its server) connects through the server's socket:
// no TCP, no TLS.
void TestPgStore::unixSocketConnects()
{
    PgConnectionSettings s = parsePostgresUrl(mServer).value();
    QFile dataFolder(test::pgStateFolder() +
                     u"/data"_s); // pgserver.sh: the server's folder, its socket's too
    QVERIFY(dataFolder.open(QIODevice::ReadOnly));
    ScratchDatabase db(true);
    s.database = parsePostgresUrl(db.url)->database;
    s.socketDirectory = QString::fromUtf8(dataFolder.readAll()).trimmed();
    s.sslMode = u"require"_s;
    const auto parsed = parsePostgresUrl(s.url());
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
    QCOMPARE(parsed->socketDirectory, s.socketDirectory);
    QCOMPARE(parsed->connectHost(), s.socketDirectory);
    auto store = SqlStore::open(s.url(), SqlStore::OpenMode::MustExist);
    QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
    QVERIFY((*store)->path().endsWith(u"?sslmode=require&host="_s + s.socketDirectory));
    QSqlQuery q((*store)->database());
    QVERIFY(
        q.exec(u"SELECT inet_server_addr() IS NULL, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"_s));
    QVERIFY(q.next());
    QVERIFY(q.value(0).toBool()); // a Unix-domain socket has no IP address
    QVERIFY(!q.value(1).toBool());
}

void TestPgStore::sessionParametersOutliveAReconnect()
{
    test::TestWorld w;
    QVERIFY(w.open());
    SqlStore &store = w.store();
    auto value = [&store](const QString &sql) {
        QSqlQuery q(store.database());
        return q.exec(sql) && q.next() ? q.value(0).toString() : QString();
    };
    QCOMPARE(value(u"SHOW plan_cache_mode"_s), u"auto"_s);
    QVERIFY(store.setSessionParameter(u"plan_cache_mode"_s, u"force_generic_plan"_s).ok());
    QCOMPARE(value(u"SHOW plan_cache_mode"_s), u"force_generic_plan"_s);
    const QString pid = value(u"SELECT pg_backend_pid()"_s);
    test::PgRawConnection raw(w.pgUrl);
    QCOMPARE(raw.value(u"SELECT pg_terminate_backend(%1)"_s.arg(pid)).toBool(), true);
    QVERIFY(store.reconnect().ok());
    QVERIFY(value(u"SELECT pg_backend_pid()"_s) != pid);
    QCOMPARE(value(u"SHOW plan_cache_mode"_s), u"force_generic_plan"_s);
    // A value the server does not take is named, and the one set before stays.
    const Status bad = store.setSessionParameter(u"plan_cache_mode"_s, u"sometimes"_s);
    QVERIFY(!bad.ok());
    QVERIFY2(bad.errorMessage().contains(u"setting plan_cache_mode to 'sometimes'"_s),
             qPrintable(bad.errorMessage()));
    QCOMPARE(value(u"SHOW plan_cache_mode"_s), u"force_generic_plan"_s);
}

void TestPgStore::tlsModesConnect()
{
    const PgConnectionSettings server = parsePostgresUrl(mServer).value();
    for (const QString &mode : {u"require"_s, u"verify-ca"_s, u"verify-full"_s}) {
        for (const QString &host : {u"127.0.0.1"_s, u"localhost"_s}) {
            ScratchDatabase db(true);
            PgConnectionSettings s = server;
            s.database = parsePostgresUrl(db.url)->database;
            s.host = host;
            s.sslMode = mode;
            if (mode != u"require"_s)
                s.sslRootCert = test::pgStateFolder() + u"/ca.pem"_s;
            auto store = SqlStore::open(s.url(), SqlStore::OpenMode::MustExist);
            QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
            QCOMPARE((*store)->path(), s.displayUrl());
            QSqlQuery q((*store)->database());
            QVERIFY(q.exec(u"SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"_s) && q.next());
            QVERIFY2(q.value(0).toBool(), qPrintable(mode)); // the connection is encrypted
        }
    }
}

void TestPgStore::sqliteStoreCopiesIntoPostgres()
{
    // An SQLite station with cases in several states, a photo and a password.
    qputenv("CG_TEST_STORE", "sqlite");
    test::TestWorld local;
    QVERIFY(local.open());
    qputenv("CG_TEST_STORE", "postgresql");
    auto c = local.report();
    QVERIFY(c.ok());
    c = local.act(u"acceptor"_s, *c, Action::Accept);
    QVERIFY(c.ok());
    QVERIFY(local.report(u"system"_s, u"event/06010"_s, u"310104003001001"_s).ok());
    auto photo = local.store().addAttachment(QByteArray("photo of 南京东路"), u"p.jpg"_s, u"image/jpeg"_s);
    QVERIFY(photo.ok());
    QVERIFY(local.store().setPassword(u"dispatcher"_s, u"huangpu-password"_s).ok());

    ScratchDatabase db(false);
    auto target = SqlStore::open(db.url);
    QVERIFY2(target.ok(), qPrintable(target.errorMessage()));
    auto copied = copyStore(local.store(), **target);
    QVERIFY2(copied.ok(), qPrintable(copied.errorMessage()));
    QHash<QString, qint64> rows;
    for (const auto &[table, n] : std::as_const(copied->rowsByTable))
        rows.insert(table, n);
    QCOMPARE(rows.value(u"cases"_s), 2);
    QCOMPARE(rows.value(u"case_events"_s), 3);
    QCOMPARE(rows.value(u"change_feed"_s), 3);
    QCOMPARE(rows.value(u"users"_s), 11);
    QCOMPARE(rows.value(u"attachments"_s), 1);
    QCOMPARE(copied->audit.eventsChecked, 3);
    QVERIFY(copied->audit.ok());
    // The copy is a working store: same case, same chain, the photo's content, and new cases continue.
    auto same = (*target)->findCaseByNumber(c->number);
    QVERIFY2(same.ok(), qPrintable(same.errorMessage()));
    QCOMPARE(same->lastEventHash, c->lastEventHash);
    QCOMPARE((*target)->attachmentContent(photo->hash).value(), QByteArray("photo of 南京东路"));
    QVERIFY((*target)->verifyLogin(u"dispatcher"_s, u"huangpu-password"_s).ok());
    target->reset();
    auto session = Session::open(db.url, SqlStore::OpenMode::MustExist);
    QVERIFY(session.ok());
    Actor sup = (*session)->store().findUser(u"sup"_s).value();
    NewCaseRequest r;
    r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    r.grid = UnitGridCode::parse(u"310101002001001"_s).value();
    r.description = u"after the move"_s;
    auto next = (*session)->cases().report(sup, r);
    QVERIFY2(next.ok(), qPrintable(next.errorMessage()));
    QVERIFY(next->id > same->id);
    // A second copy into the same, no longer empty, store is refused.
    auto again = copyStore(local.store(), (*session)->store());
    QCOMPARE(again.errorCode(), ErrorCode::InvalidInput);
}

// --- security ----------------------------------------------------------------------------------------------

void TestPgStore::passwordsAreArgon2idAndLoginsAudited()
{
    test::TestWorld w;
    QVERIFY(w.open());
    auto &st = w.store();
    QVERIFY2(st.setPassword(u"xh.dispatcher"_s, u"徐汇-dispatch-2026"_s).ok(), "setPassword");
    QCOMPARE(st.setPassword(u"xh.dispatcher"_s, u"short"_s).errorCode(), ErrorCode::InvalidInput);
    QCOMPARE(st.setPassword(u"nobody"_s, u"long enough"_s).errorCode(), ErrorCode::NotFound);
    test::PgRawConnection admin(w.path());
    const QString hash =
        admin.value(u"SELECT password_hash FROM users WHERE login = 'xh.dispatcher'"_s).toString();
    QVERIFY2(hash.startsWith(u"$argon2id$"_s), qPrintable(hash));
    QCOMPARE(admin.value(u"SELECT db_role FROM users WHERE login = 'xh.dispatcher'"_s).toString(),
             u"cg_xh_dispatcher"_s);

    auto right = st.verifyLogin(u"xh.dispatcher"_s, u"徐汇-dispatch-2026"_s);
    QVERIFY2(right.ok(), qPrintable(right.errorMessage()));
    auto wrong = st.verifyLogin(u"xh.dispatcher"_s, u"guess-guess"_s);
    QCOMPARE(wrong.errorCode(), ErrorCode::NotPermitted);
    QCOMPARE(wrong.errorMessage(), u"the login name or password is wrong"_s);
    QCOMPARE(st.verifyLogin(u"nobody"_s, u"guess-guess"_s).errorMessage(), wrong.errorMessage());
    QCOMPARE(admin
                 .value(u"SELECT string_agg(kind || ':' || coalesce(login, '-'), ',' ORDER BY id) FROM "
                        u"access_audit WHERE kind LIKE 'login%'"_s)
                 .toString(),
             u"login:xh.dispatcher,login_refused:xh.dispatcher,login_refused:nobody"_s);

    // The login's database role connects with that password, and only with it.
    const QString asRole = test::pgUrlWith(w.path(), parsePostgresUrl(w.path())->database,
                                           u"cg_xh_dispatcher"_s, u"徐汇-dispatch-2026"_s);
    auto station = SqlStore::open(asRole, SqlStore::OpenMode::MustExist);
    QVERIFY2(station.ok(), qPrintable(station.errorMessage()));
    auto refused = SqlStore::open(test::pgUrlWith(w.path(), parsePostgresUrl(w.path())->database,
                                                  u"cg_xh_dispatcher"_s, u"guess-guess"_s));
    QCOMPARE(refused.errorCode(), ErrorCode::NotPermitted);
    QVERIFY(admin
                .value(u"SELECT count(*) FROM access_audit WHERE kind = 'connect' AND db_user = "
                       u"'cg_xh_dispatcher'"_s)
                .toInt() >= 1);
}

void TestPgStore::rowLevelSecurityKeepsDistrictsApartEvenInRawSql()
{
    test::TestWorld w;
    QVERIFY(w.open());
    // One case in Huangpu (310101), one in Xuhui (310104).
    auto huangpu = w.report();
    QVERIFY(huangpu.ok());
    auto xuhui = w.report(u"system"_s, u"event/06010"_s, u"310104003001001"_s);
    QVERIFY2(xuhui.ok(), qPrintable(xuhui.errorMessage()));
    QVERIFY(w.store().setPassword(u"xh.dispatcher"_s, u"xuhui-password"_s).ok());
    QVERIFY(w.store().setPassword(u"dispatcher"_s, u"huangpu-password"_s).ok());
    QVERIFY(w.store().setPassword(u"city.dispatcher"_s, u"city-password"_s).ok());
    const QString database = parsePostgresUrl(w.path())->database;

    // A Xuhui dispatcher with a SQL prompt on the station's connection.
    test::PgRawConnection xh(test::pgUrlWith(w.path(), database, u"cg_xh_dispatcher"_s, u"xuhui-password"_s));
    QVERIFY2(xh.isOpen(), qPrintable(xh.openError()));
    QCOMPARE(xh.value(u"SELECT count(*) FROM cases"_s).toInt(), 1);
    QCOMPARE(xh.value(u"SELECT id FROM cases"_s).toLongLong(), xuhui->id);
    QVERIFY(!xh.value(u"SELECT id FROM cases WHERE id = %1"_s.arg(huangpu->id)).isValid());
    QCOMPARE(xh.value(u"SELECT count(*) FROM case_events"_s).toInt(), 1);
    QCOMPARE(xh.value(u"SELECT count(*) FROM change_feed"_s).toInt(), 1);
    {
        QSqlQuery q(xh.database());
        QVERIFY(q.exec(u"UPDATE cases SET state = 'closed' WHERE id = %1"_s.arg(huangpu->id)));
        QCOMPARE(q.numRowsAffected(), 0); // invisible, so untouched
    }
    QVERIFY(xh.exec(u"UPDATE cases SET community_code = '310101002001' WHERE id = %1"_s.arg(xuhui->id))
                .contains(u"row-level security"_s)); // cannot move a case out of its district
    QVERIFY(
        xh.exec(u"INSERT INTO case_events(case_id, seq, action, from_state, to_state, role, at, step, "
                u"on_time, prev_hash, hash) VALUES (%1, 9, 'urge', 'reported', 'reported', 'dispatcher', 0, "
                u"'none', 1, '', '')"_s.arg(huangpu->id))
            .contains(u"row-level security"_s));
    // Nor with the case's real partition key, which events carry.
    QVERIFY(xh.exec(u"INSERT INTO case_events(case_id, seq, action, from_state, to_state, role, at, step, "
                    u"on_time, prev_hash, hash, case_reported_at) VALUES (%1, 9, 'urge', 'reported', "
                    u"'reported', 'dispatcher', 0, 'none', 1, '', '', %2)"_s.arg(huangpu->id)
                        .arg(huangpu->reportedAt.toMSecsSinceEpoch()))
                .contains(u"row-level security"_s));
    QVERIFY(xh.exec(u"SELECT password_hash FROM users"_s).contains(u"permission denied"_s));
    QVERIFY(xh.exec(u"SELECT * FROM access_audit"_s).contains(u"permission denied"_s));
    QVERIFY(xh.exec(u"DELETE FROM cases"_s).contains(u"permission denied"_s));
    QVERIFY(xh.exec(u"ALTER TABLE cases DISABLE ROW LEVEL SECURITY"_s).contains(u"must be owner"_s));
    QVERIFY(xh.exec(u"SET ROLE cg_admin"_s).contains(u"permission denied"_s));

    // The Huangpu dispatcher sees Huangpu only; the city dispatcher sees both.
    test::PgRawConnection hp(test::pgUrlWith(w.path(), database, u"cg_dispatcher"_s, u"huangpu-password"_s));
    QCOMPARE(hp.value(u"SELECT id FROM cases"_s).toLongLong(), huangpu->id);
    test::PgRawConnection city(
        test::pgUrlWith(w.path(), database, u"cg_city_dispatcher"_s, u"city-password"_s));
    QCOMPARE(city.value(u"SELECT count(*) FROM cases"_s).toInt(), 2);

    // Through CityGrid itself on a station logged in as the Xuhui dispatcher: its own case works, the other
    // district's case does not exist for it, and forcing a write is refused and audited.
    auto session =
        Session::open(test::pgUrlWith(w.path(), database, u"cg_xh_dispatcher"_s, u"xuhui-password"_s),
                      SqlStore::OpenMode::MustExist);
    QVERIFY2(session.ok(), qPrintable(session.errorMessage()));
    SqlStore &station = (*session)->store();
    QCOMPARE(station.findCase(huangpu->id).errorCode(), ErrorCode::NotFound);
    QCOMPARE(station.casePage(CaseQuery{})->rows.size(), 1);
    CaseRecord forged = *huangpu;
    forged.state = CaseState::Accepted;
    CaseEvent event;
    event.action = Action::Accept;
    event.actorId = w.actor(u"xh.dispatcher"_s).userId;
    event.actorName = u"xh.dispatcher"_s;
    event.at = QDateTime::currentDateTimeUtc();
    auto forcedWrite = station.updateCase(forged, huangpu->version, event);
    QCOMPARE(forcedWrite.errorCode(), ErrorCode::OutOfScope);
    QCOMPARE(w.store().findCase(huangpu->id)->state, CaseState::Reported);
    // Moving its own case into another district: refused by the policy's check.
    CaseRecord moved = *xuhui;
    moved.grid = UnitGridCode::parse(u"310101002001001"_s).value();
    moved.community = moved.grid.community();
    CaseEvent urge = event;
    urge.action = Action::Urge;
    auto movedWrite = station.updateCase(moved, xuhui->version, urge);
    QCOMPARE(movedWrite.errorCode(), ErrorCode::OutOfScope);
    // Refused inside a batch that is then rolled back: the audit keeps it.
    QVERIFY(station.beginBatch().ok());
    QCOMPARE(station.updateCase(forged, huangpu->version, event).errorCode(), ErrorCode::OutOfScope);
    station.rollbackBatch();

    test::PgRawConnection admin(w.path());
    QSqlQuery rows(admin.database());
    QVERIFY(
        rows.exec(u"SELECT db_user, login, detail FROM access_audit WHERE kind = 'refused' ORDER BY id"_s));
    QStringList audited;
    while (rows.next())
        audited.append(rows.value(0).toString() + u" | "_s + rows.value(1).toString() + u" | "_s +
                       rows.value(2).toString());
    QCOMPARE(audited.size(), 3);
    const QString outside = u"cg_xh_dispatcher | xh.dispatcher | accept on case %1: outside the scope of "
                            u"database user cg_xh_dispatcher (row-level security)"_s.arg(huangpu->number);
    QCOMPARE(audited[0], outside);
    QVERIFY2(
        audited[1].startsWith(
            u"cg_xh_dispatcher | xh.dispatcher | urge on case %1: PostgreSQL store "_s.arg(xuhui->number)),
        qPrintable(audited[1]));
    QVERIFY2(audited[1].contains(u"new row violates row-level security policy for table \"cases\""_s),
             qPrintable(audited[1]));
    QCOMPARE(audited[2], outside);
    QCOMPARE(w.store().findCase(xuhui->id)->community, xuhui->community);
    QVERIFY(w.store().verifyAudit().ok());
}

void TestPgStore::stationLoginIsTheUserOfItsDatabaseRole()
{
    test::TestWorld w;
    QVERIFY(w.open());
    QVERIFY(w.store().setPassword(u"xh.dispatcher"_s, u"xuhui-password"_s).ok());
    QVERIFY(w.store().setPassword(u"inspector"_s, u"inspector-password"_s).ok());
    const QString database = parsePostgresUrl(w.path())->database;
    // The owner's connection belongs to no CityGrid user.
    auto owner = w.store().connectedLogin();
    QVERIFY2(owner.ok(), qPrintable(owner.errorMessage()));
    QCOMPARE(*owner, QString());
    {
        auto station =
            SqlStore::open(test::pgUrlWith(w.path(), database, u"cg_xh_dispatcher"_s, u"xuhui-password"_s),
                           SqlStore::OpenMode::MustExist);
        QVERIFY2(station.ok(), qPrintable(station.errorMessage()));
        auto login = (*station)->connectedLogin();
        QVERIFY2(login.ok(), qPrintable(login.errorMessage()));
        QCOMPARE(*login, u"xh.dispatcher"_s);
    }
    // A disabled user's role still connects, but belongs to no active user.
    test::PgRawConnection admin(w.path());
    QCOMPARE(admin.exec(u"UPDATE users SET active = 0 WHERE login = 'inspector'"_s), QString());
    auto disabled =
        SqlStore::open(test::pgUrlWith(w.path(), database, u"cg_inspector"_s, u"inspector-password"_s),
                       SqlStore::OpenMode::MustExist);
    QVERIFY2(disabled.ok(), qPrintable(disabled.errorMessage()));
    auto none = (*disabled)->connectedLogin();
    QCOMPARE(none.errorCode(), ErrorCode::NotFound);
    QCOMPARE(
        none.errorMessage(),
        u"database user cg_inspector belongs to no active CityGrid user (login 'inspector' is disabled)"_s);
}

// --- stations ----------------------------------------------------------------------------------------------

void TestPgStore::twoProcessesDispatchingOneCaseExactlyOneWins()
{
    test::TestWorld w;
    QVERIFY(w.open());
    for (int round = 0; round < 5; ++round) {
        auto c = w.report();
        QVERIFY(c.ok());
        c = w.act(u"acceptor"_s, *c, Action::Accept);
        QVERIFY(c.ok());
        c = w.act(u"shift"_s, *c, Action::File);
        QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
        // Two stations read version N and press "dispatch" at the same moment, to different units.
        const qint64 start = QDateTime::currentMSecsSinceEpoch() + 1500;
        QList<QProcess *> stations;
        for (qint64 unit : {w.sanitation, w.roads}) {
            auto *p = new QProcess(this);
            p->setProgram(workerProgram);
            p->setArguments({u"dispatch"_s, w.path(), QString::number(c->id), QString::number(c->version),
                             QString::number(unit), QString::number(start)});
            p->start();
            stations.append(p);
        }
        QStringList outputs;
        for (QProcess *p : std::as_const(stations)) {
            QVERIFY(p->waitForFinished(30000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
            outputs.append(QString::fromUtf8(p->readAllStandardOutput()));
            delete p;
        }
        const int winners = int(outputs.filter(u"WON "_s).size());
        QVERIFY2(winners == 1, qPrintable(outputs.join(u"\n---\n")));
        const QString loser = outputs.filter(u"CONFLICT "_s).value(0);
        QVERIFY2(
            loser.startsWith(u"CONFLICT %1 case %2 was changed by someone else (you read version %3, it is "
                             u"now version %4 in state 'dispatched'); reload it and try again"_s
                                 .arg(int(ErrorCode::StaleVersion))
                                 .arg(c->number)
                                 .arg(c->version)
                                 .arg(c->version + 1)),
            qPrintable(loser));
        // Both see the winner's state afterwards.
        for (const QString &out : std::as_const(outputs))
            QVERIFY2(out.contains(u"SEEN dispatched %1"_s.arg(c->version + 1)), qPrintable(out));
        auto stored = w.store().findCase(c->id);
        QCOMPARE(stored->version, c->version + 1);
        QCOMPARE(stored->eventCount, 4);
        QCOMPARE(w.store().events(c->id)->size(), 4);
    }
    QVERIFY(w.store().verifyAudit().ok());
}

void TestPgStore::changeOnOneStationReachesAnotherProcess()
{
    test::TestWorld w;
    QVERIFY(w.open());
    QProcess station;
    station.setProgram(workerProgram);
    station.setArguments({u"watch"_s, w.path()});
    station.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    station.start();
    QVERIFY(station.waitForStarted());
    // (Accumulated: QTRY_VERIFY evaluates its expression once more after it held.)
    QByteArray ready;
    QTRY_VERIFY_WITH_TIMEOUT((ready += station.readAllStandardOutput()).contains("READY"), 20000);
    for (int i = 0; i < 3; ++i) {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto c = w.report();
        QVERIFY(c.ok());
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += station.readAllStandardOutput()).contains("CHANGED "), 2000);
        const qint64 at = seen.mid(seen.indexOf("CHANGED ") + 8).trimmed().split('\n').first().toLongLong();
        QVERIFY2(at - before < 1000, qPrintable(u"%1 ms"_s.arg(at - before)));
    }
    station.closeWriteChannel();
    QVERIFY(station.waitForFinished(10000));
    QCOMPARE(station.exitCode(), 0);
}

// Stops, starts or restarts the fixture's server (tests/store/pgserver.sh wrote the pgctl script).
bool pgCtl(const QString &command)
{
    QProcess ctl;
    ctl.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    ctl.start(test::pgStateFolder() + u"/pgctl"_s, {command});
    return ctl.waitForFinished(90000) && ctl.exitCode() == 0;
}

void TestPgStore::theStoreAnnouncesEachCommitAfterIt()
{
    // The change feed has no NOTIFY trigger since migration 7 (a NOTIFY inside the writing transaction
    // serialises the commits of all writers): the writing store sends it after each commit, and never for a
    // rollback.
    test::TestWorld w;
    QVERIFY(w.open());
    test::PgRawConnection admin(w.path());
    QCOMPARE(admin.value(u"SELECT count(*) FROM pg_trigger WHERE tgname = 'change_feed_notify'"_s).toInt(),
             0);
    auto writer = Session::open(w.path(), SqlStore::OpenMode::MustExist);
    QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
    auto listener = SqlStore::open(w.path(), SqlStore::OpenMode::MustExist);
    QVERIFY(listener.ok());
    QObject context;
    int notified = 0;
    QVERIFY((*listener)->subscribeToChanges(&context, [&notified] { ++notified; }));
    Actor sup = (*writer)->store().findUser(u"sup"_s).value();
    NewCaseRequest r;
    r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    r.grid = UnitGridCode::parse(u"310101002001001"_s).value();
    r.description = u"路边有成堆垃圾"_s;
    auto c = (*writer)->cases().report(sup, r);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QTRY_COMPARE(notified, 1);
    ActionRequest accept;
    accept.caseId = c->id;
    accept.expectedVersion = c->version;
    accept.action = Action::Accept;
    auto accepted = (*writer)->cases().apply(w.actor(u"acceptor"_s), accept);
    QVERIFY2(accepted.ok(), qPrintable(accepted.errorMessage()));
    QTRY_COMPARE(notified, 2);
    // A batch announces once, at its commit; a rolled-back batch not at all.
    QVERIFY((*writer)->store().beginBatch().ok());
    QVERIFY((*writer)->cases().report(sup, r).ok());
    (*writer)->store().rollbackBatch();
    QVERIFY((*writer)->store().beginBatch().ok());
    QVERIFY((*writer)->cases().report(sup, r).ok());
    QVERIFY((*writer)->cases().report(sup, r).ok());
    QVERIFY((*writer)->store().commitBatch().ok());
    QTRY_COMPARE(notified, 3);
    QCOMPARE((*listener)->changesSince(0, 100)->size(), 4);
}

void TestPgStore::aBusyWriterAnnouncesTheNewestOfItsCommits()
{
    // With an announcement interval, commits within it hold their announcement; announceHeld() sends the
    // newest feed id once, which covers the held ones for a station reading changes up to it.
    test::TestWorld w;
    QVERIFY(w.open());
    test::PgRawConnection admin(w.path());
    test::AnnouncementListener listener(w.path());
    QVERIFY(listener.listening);
    QStringList &payloads = listener.payloads;
    auto writer = Session::open(w.path(), SqlStore::OpenMode::MustExist);
    QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
    SqlStore &store = (*writer)->store();
    store.setAnnouncementInterval(3600 * 1000);
    Actor sup = store.findUser(u"sup"_s).value();
    NewCaseRequest r;
    r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    r.grid = UnitGridCode::parse(u"310101002001001"_s).value();
    r.description = u"路边有成堆垃圾"_s;
    // The first commit finds no announcement within the interval and is announced at once.
    QVERIFY((*writer)->cases().report(sup, r).ok());
    QTRY_COMPARE(payloads.size(), 1);
    const qint64 first = payloads.constFirst().toLongLong();
    QVERIFY(first > 0);
    // The next two are held: a marker sent after them arrives alone (notifications arrive in commit order).
    QVERIFY((*writer)->cases().report(sup, r).ok());
    QVERIFY((*writer)->cases().report(sup, r).ok());
    QCOMPARE(admin.exec(u"NOTIFY citygrid_changes, 'marker'"_s), QString());
    QTRY_COMPARE(payloads.size(), 2);
    QCOMPARE(payloads.at(1), u"marker"_s);
    // announceHeld() sends the newer of the two, once; nothing is left to announce after it.
    store.announceHeld();
    store.announceHeld();
    QCOMPARE(admin.exec(u"NOTIFY citygrid_changes, 'marker'"_s), QString());
    QTRY_COMPARE(payloads.size(), 4);
    QCOMPARE(payloads.at(2), QString::number(first + 2));
    QCOMPARE(payloads.at(3), u"marker"_s);
    QCOMPARE(store.changesSince(first, 100)->size(), 2);
}

void TestPgStore::duplicateLinksAreAnnouncedAfterTheirCommit()
{
    // Since migration 10 no trigger notifies inside the writing transaction (it serialised the commits of
    // all writers); the store announces a new or decided link after its commit, and never a rolled-back one.
    test::TestWorld w;
    QVERIFY(w.open());
    test::PgRawConnection admin(w.path());
    QCOMPARE(
        admin.value(u"SELECT count(*) FROM pg_trigger WHERE tgname = 'probable_duplicates_notify'"_s).toInt(),
        0);
    test::AnnouncementListener listener(w.path());
    QVERIFY(listener.listening);
    auto store = SqlStore::open(w.path(), SqlStore::OpenMode::MustExist);
    QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
    SqlDuplicateRepository links(**store);
    const QDateTime now = beijing(u"2026-11-23 09:00"_s);
    auto link = [&now](qint64 caseId) {
        ProbableDuplicate l;
        l.caseId = caseId;
        l.duplicateOf = 1000;
        l.distanceM = 12;
        l.detectedAt = now;
        return l;
    };
    // A write that is its own transaction: at once.
    QCOMPARE(links.addLink(link(1001)).value(), true);
    QTRY_COMPARE(listener.payloads, QStringList{u"probable_duplicates"_s});
    // In a transaction: at its commit, not before.
    QVERIFY((*store)->beginBatch().ok());
    QCOMPARE(links.addLink(link(1002)).value(), true);
    QCOMPARE(admin.exec(u"NOTIFY citygrid_changes, 'marker'"_s), QString());
    QTRY_COMPARE(listener.payloads.size(), 2);
    QCOMPARE(listener.payloads.at(1), u"marker"_s);
    QVERIFY((*store)->commitBatch().ok());
    QTRY_COMPARE(listener.payloads.size(), 3);
    QCOMPARE(listener.payloads.at(2), u"probable_duplicates"_s);
    // Rolled back, or a link that was already there: nothing to announce.
    QVERIFY((*store)->beginBatch().ok());
    QCOMPARE(links.addLink(link(1003)).value(), true);
    (*store)->rollbackBatch();
    QCOMPARE(links.addLink(link(1001)).value(), false);
    // A decision is announced as well.
    ProbableDuplicate separated = link(1002);
    separated.state = DuplicateState::Separated;
    separated.decidedAt = now.addSecs(600);
    QCOMPARE(links.decide(separated).value(), true);
    QCOMPARE(admin.exec(u"NOTIFY citygrid_changes, 'marker'"_s), QString());
    QTRY_COMPARE(listener.payloads.size(), 5);
    QCOMPARE(listener.payloads.mid(3), (QStringList{u"probable_duplicates"_s, u"marker"_s}));
}

void TestPgStore::writersInOneDistrictDoNotWaitForEachOther()
{
    // Two filings in one grid at once: each event's evaluation facts (grid, community, street, district of
    // the day) are appended, not updated in place, so the second writer does not wait for the first one's
    // commit.
    test::TestWorld w;
    QVERIFY(w.open());
    auto first = w.report();
    auto second = w.report();
    QVERIFY(first.ok() && second.ok());
    test::PgRawConnection admin(w.path());
    QVERIFY(admin.value(u"SELECT cg_fold_eval_facts()"_s).isValid());
    auto fileEvent = [](const CaseRecord &c) {
        return u"INSERT INTO case_events(case_id, seq, action, from_state, to_state, role, at, step, "
               u"on_time, "
               u"prev_hash, hash, case_reported_at) VALUES (%1, 99, 'file', 'accepted', 'filed', "
               u"'shift_leader', "
               u"%2, 'dispatch', 1, '', '', %3)"_s.arg(c.id)
                   .arg(c.reportedAt.toMSecsSinceEpoch())
                   .arg(c.reportedAt.toMSecsSinceEpoch());
    };
    test::PgRawConnection one(w.path()), two(w.path());
    QCOMPARE(one.exec(u"BEGIN"_s), QString());
    QCOMPARE(one.exec(fileEvent(*first)), QString());
    QCOMPARE(two.exec(u"SET lock_timeout = '2s'"_s), QString());
    QCOMPARE(two.exec(fileEvent(*second)), QString()); // not "canceling statement due to lock timeout"
    QCOMPARE(one.exec(u"ROLLBACK"_s), QString());
    // Folded, the facts hold the committed filing only.
    QVERIFY(admin.value(u"SELECT cg_fold_eval_facts()"_s).toInt() > 0);
    QCOMPARE(admin.value(u"SELECT count(*) FROM eval_fact_deltas"_s).toInt(), 0);
    QCOMPARE(
        admin
            .value(u"SELECT filed FROM eval_facts WHERE kind = 'district' AND subject = '310101' AND day = "
                   u"(%1 + 28800000) / 86400000"_s.arg(second->reportedAt.toMSecsSinceEpoch()))
            .toInt(),
        1);
}

void TestPgStore::version6DatabaseGetsTheCaseKeysAndLosesTheFeedTrigger()
{
    // A database as version 6 made it, with a case, its two events and their feed rows written the way that
    // version wrote them (no key columns): migration 7 fills the keys and keeps the events append-only.
    auto made = test::createPgTestDatabase(false);
    QVERIFY2(made.ok(), qPrintable(made.errorMessage()));
    const QString url = *made;
    const auto dropDatabase = qScopeGuard([&url] { test::dropPgTestDatabase(url); });
    {
        test::PgRawConnection raw(url);
        QVERIFY2(raw.isOpen(), qPrintable(raw.openError()));
        QStringList sql{u"BEGIN"_s};
        for (int v = 0; v < 6; ++v)
            sql += postgresMigrations()[v];
        const qint64 reportedAt = QDateTime(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
        sql +=
            {u"INSERT INTO meta(key, value) VALUES ('application', 'CityGrid'), ('schema_version', '6')"_s,
             u"INSERT INTO cases(id, number, version, state, step, source, class_kind, class_code, "
             u"area_class, priority, key_supervision, hard_case, grid_code, community_code, street_code, "
             u"district_code, owning_tier, longitude, latitude, reported_at, updated_at) VALUES (7, "
             u"'20261120000007', 2, 'accepted', 'file', 'patrol', 'event', '06010', 'A', 'normal', 0, 0, "
             u"'310101002001001', '310101002001', '310101002', '310101', 'district', 121.47, 31.23, %1, %1)"_s
                 .arg(reportedAt)};
        for (int seq = 1; seq <= 2; ++seq) {
            sql +=
                u"INSERT INTO case_events(id, case_id, seq, action, from_state, to_state, role, at, step, "
                u"on_time, prev_hash, hash) VALUES (%1, 7, %1, '%2', 'reported', 'accepted', 'acceptor', %3, "
                u"'file', 1, '', 'h%1')"_s.arg(seq)
                    .arg(seq == 1 ? u"urge"_s : u"remark"_s)
                    .arg(reportedAt + seq);
            sql += u"INSERT INTO change_feed(case_id, event_id, action, at) VALUES (7, %1, 'urge', %2)"_s
                       .arg(seq)
                       .arg(reportedAt + seq);
        }
        sql += u"COMMIT"_s;
        for (const QString &statement : std::as_const(sql))
            QCOMPARE(raw.exec(statement), QString());
    }
    {
        auto store = SqlStore::open(url, SqlStore::OpenMode::MustExist);
        QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
        QCOMPARE((*store)->schemaVersion(), SqlStore::latestSchemaVersion());
    }
    test::PgRawConnection raw(url);
    const QString keyed = u"SELECT count(*) FROM %1 t JOIN cases c ON c.id = t.case_id "
                          u"WHERE t.case_reported_at = c.reported_at"_s;
    QCOMPARE(raw.value(keyed.arg(u"case_events"_s)).toInt(), 2);
    QCOMPARE(raw.value(keyed.arg(u"change_feed"_s)).toInt(), 2);
    QVERIFY(raw.exec(u"UPDATE case_events SET comment = 'x'"_s).contains(u"append-only"_s));
    QCOMPARE(raw.value(u"SELECT count(*) FROM pg_trigger WHERE tgname = 'change_feed_notify'"_s).toInt(), 0);
    QCOMPARE(raw.value(u"SELECT count(*) FROM pg_policies WHERE policyname IN ('case_events_in_scope', "
                       u"'change_feed_in_scope') AND qual LIKE '%case_reported_at%'"_s)
                 .toInt(),
             2);
    // Migration 8: duplicate detection's cell index replaces the two indexes it had.
    QCOMPARE(
        raw.value(
               u"SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes WHERE tablename = "
               u"'cases' AND indexname IN ('cases_class_position', 'cases_class_time', 'cases_cell_class')"_s)
            .toString(),
        u"cases_cell_class"_s);
}

// A generic plan is made once per connection (the gateway forces them), often while the month's partition is
// still empty. Such a plan must still search the map cells: with the time bounded on both sides PostgreSQL
// took the index on class and time, and then read every case of the class in the window for each report.
void TestPgStore::duplicateDetectionReadsCellsEvenOfAnEmptyMonth()
{
    ScratchDatabase db(true);
    QVERIFY(!db.url.isEmpty());
    test::PgRawConnection raw(db.url);
    QVERIFY2(raw.isOpen(), qPrintable(raw.openError()));
    QString sql = SqlDuplicateRepository::candidatesSql(SqlEngine::Postgres);
    for (int n = 1; sql.contains(u'?'); ++n)
        sql.replace(sql.indexOf(u'?'), 1, u"$%1"_s.arg(n));
    QCOMPARE(raw.exec(u"SET plan_cache_mode = force_generic_plan"_s), QString());
    QCOMPARE(raw.exec(u"PREPARE candidates AS "_s + sql), QString());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QSqlQuery q(raw.database());
    QVERIFY2(
        q.exec(u"EXPLAIN EXECUTE candidates('event', '06010', 60735, 60736, 60736, 60736, 15615, 15616, "
               u"15616, 15616, %1, %2, 0, 121.47, 121.4711, 31.23, 31.2309)"_s.arg(now - 24 * 3600 * 1000)
                   .arg(now)),
        qPrintable(q.lastError().text()));
    QStringList plan;
    while (q.next())
        plan.append(q.value(0).toString());
    const QString text = plan.join(u'\n');
    QVERIFY2(text.contains(u"Index Cond: ((floor((longitude * '500'::double precision)) = ANY"_s),
             qPrintable(text));
    QVERIFY2(!text.contains(QRegularExpression(u"cases_\\d{6}_class_code_reported_at_idx"_s)),
             qPrintable(text));
    // The subquery per candidate probes the links' primary key; it never hashes the table.
    QVERIFY2(text.contains(u"probable_duplicates_pkey"_s), qPrintable(text));
    QVERIFY2(!text.contains(u"Hash"_s), qPrintable(text));
    // The statement reads the months of the window only: this month's partition (and last month's, on its
    // first day), never the empty months ahead of the report.
    const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
    QVERIFY2(text.contains(u"on cases_%1 "_s.arg(today.toString(u"yyyyMM"_s))), qPrintable(text));
    QVERIFY2(!text.contains(u"on cases_%1 "_s.arg(today.addMonths(1).toString(u"yyyyMM"_s))),
             qPrintable(text));
    QVERIFY2(!text.contains(u"on cases_other "_s), qPrintable(text));
    QVERIFY2(text.count(u"Index Scan using cases_"_s) <= 2, qPrintable(text));
}

void TestPgStore::serverRestartDuringWork()
{
    test::TestWorld w;
    QVERIFY(w.open());
    auto c = w.report();
    QVERIFY(c.ok());
    QProcess station;
    station.setProgram(workerProgram);
    station.setArguments({u"watch"_s, w.path()});
    station.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    station.start();
    QByteArray seen;
    QTRY_VERIFY_WITH_TIMEOUT((seen += station.readAllStandardOutput()).contains("READY"), 20000);
    seen.clear();

    // The server goes down while a dispatcher accepts the case: the action fails and says why.
    QVERIFY(pgCtl(u"stop"_s));
    ActionRequest accept;
    accept.caseId = c->id;
    accept.expectedVersion = c->version;
    accept.action = Action::Accept;
    accept.comment = u"during the restart"_s;
    accept.requestId = u"restart-accept-%1"_s.arg(c->id);
    auto during = w.service().apply(w.actor(u"acceptor"_s), accept);
    QVERIFY(!during.ok());
    QCOMPARE(during.errorCode(), ErrorCode::Storage);
    QVERIFY2(during.errorMessage().contains(u"was lost"_s) ||
                 during.errorMessage().contains(u"cannot be reached"_s),
             qPrintable(during.errorMessage()));
    QVERIFY(pgCtl(u"start"_s));

    // The same request again, as the client retries it: the store reconnected by itself; applied once.
    auto retried = w.service().apply(w.actor(u"acceptor"_s), accept);
    QVERIFY2(retried.ok(), qPrintable(retried.errorMessage()));
    QCOMPARE(retried->state, CaseState::Accepted);
    auto twice = w.service().apply(w.actor(u"acceptor"_s), accept);
    QVERIFY2(twice.ok(), qPrintable(twice.errorMessage()));
    QCOMPARE(twice->version, retried->version);
    QCOMPARE(w.store().events(c->id)->size(), 2);

    // The other station reconnected by itself, and changes reach it again.
    QTRY_VERIFY_WITH_TIMEOUT((seen += station.readAllStandardOutput()).contains("CHANGED"), 15000);
    seen.clear();
    QVERIFY(w.act(u"shift"_s, *retried, Action::File).ok());
    QTRY_VERIFY_WITH_TIMEOUT((seen += station.readAllStandardOutput()).contains("CHANGED"), 3000);

    // A restart while nobody writes: both sides carry on.
    QVERIFY(pgCtl(u"restart"_s));
    auto after = w.report();
    QVERIFY2(after.ok(), qPrintable(after.errorMessage()));
    seen.clear();
    QTRY_VERIFY_WITH_TIMEOUT((seen += station.readAllStandardOutput()).contains("CHANGED"), 15000);
    QVERIFY(w.store().verifyAudit().ok());
    station.closeWriteChannel();
    QVERIFY(station.waitForFinished(10000));
}

void TestPgStore::oneStationAtATimeWatchesDeadlines()
{
    test::TestWorld w;
    QVERIFY(w.open());
    auto second = SqlStore::open(w.path(), SqlStore::OpenMode::MustExist);
    QVERIFY(second.ok());
    QVERIFY(w.store().holdsDuty(u"deadline-watch"_s));
    QVERIFY(w.store().holdsDuty(u"deadline-watch"_s)); // still, and once
    QVERIFY(!(*second)->holdsDuty(u"deadline-watch"_s));
    QVERIFY((*second)->holdsDuty(u"another duty"_s));
    w.session.reset(); // the first station closes: the next one to ask takes over
    // (once the server has ended the first connection's backend, which it does after the client has gone)
    QTRY_VERIFY((*second)->holdsDuty(u"deadline-watch"_s));
}

QTEST_GUILESS_MAIN(TestPgStore)
#include "test_pgstore.moc"
