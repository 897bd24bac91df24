// The store on both engines from one source: opening and refusing files, the directory, catalogue overrides,
// attachments, case queues with keyset paging and filters, the change feed, the audit chain and batches.
// CTest runs it twice: on SQLite (store_test_sqlitestore) and, with CG_TEST_STORE=postgresql, on the
// PostgreSQL server of the pg_server fixture (store_test_sqlitestore_postgresql). Tests of the SQLite file
// format itself skip on PostgreSQL, whose own opening tests live in test_pgstore.cpp.
#include "store/schema.h"
#include "store/sqlduplicaterepository.h"
#include "support/testworld.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;
using namespace cg;
using cg::test::beijing;

namespace {

// A second, plain connection to a store (file or server): what another program (or someone tampering) would
// use.
class RawConnection
{
public:
    explicit RawConnection(const QString &location)
        : mName(u"raw-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        if (isPostgresUrl(location)) {
            const PgConnectionSettings s = parsePostgresUrl(location).value();
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, mName);
            db.setHostName(s.connectHost());
            db.setPort(s.port);
            db.setDatabaseName(s.database);
            db.setUserName(s.user);
            db.setPassword(s.password);
            mOpen = db.open();
            return;
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, mName);
        db.setDatabaseName(location);
        mOpen = db.open();
    }
    ~RawConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(mName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(mName);
    }
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;

    bool isOpen() const { return mOpen; }
    // Runs one statement; returns SQLite's error text, empty on success.
    QString exec(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(mName, false));
        if (!q.exec(sql))
            return q.lastError().text();
        return {};
    }
    QVariant value(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(mName, false));
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }

private:
    QString mName;
    bool mOpen = false;
};

QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

int rowCount(SqliteStore &store, const QString &table)
{
    return scalar(store.database(), u"SELECT count(*) FROM "_s + table).toInt();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

// Newest first by (reportedAt, id): the queue's order.
void sortQueueOrder(QList<CaseRecord> &list)
{
    std::sort(list.begin(), list.end(), [](const CaseRecord &a, const CaseRecord &b) {
        if (a.reportedAt != b.reportedAt)
            return a.reportedAt > b.reportedAt;
        return a.id > b.id;
    });
}

QList<qint64> idsOf(const QList<CaseRecord> &list)
{
    QList<qint64> ids;
    for (const CaseRecord &c : list)
        ids.append(c.id);
    return ids;
}

// Drops one of the append-only triggers of case_events (PostgreSQL names the table too).
QString dropTrigger(const QString &location, const QString &trigger)
{
    return isPostgresUrl(location) ? u"DROP TRIGGER %1 ON case_events"_s.arg(trigger)
                                   : u"DROP TRIGGER "_s + trigger;
}

#define SKIP_ON_POSTGRES(why)                                                                                \
    do {                                                                                                     \
        if (test::testsRunOnPostgres())                                                                      \
            QSKIP("SQLite only: " why);                                                                      \
    } while (false)

const QStringList gridCodes{u"310101002001001"_s, u"310101002001002"_s, u"310101002002001"_s,
                            u"310104003001001"_s};

} // namespace

class TestSqliteStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    // opening
    void newStoreHasTheLatestSchemaInWalMode();
    void reopeningKeepsTheData();
    void mustExistRefusesAMissingFile();
    void textFileIsNotOurStore();
    void otherSqliteDatabaseIsRefusedAndLeftUnchanged_data();
    void otherSqliteDatabaseIsRefusedAndLeftUnchanged();
    void newerSchemaIsRefused();
    void eventsAndFeedRowsCarryTheirCasesReportedAt();
    void version6StoreGetsTheCaseKeys();
    void version7StoreFindsDuplicatesByCells();
    void damagedStoreGivesAnErrorNamingTheFile_data();
    void damagedStoreGivesAnErrorNamingTheFile();
    void damagedRowIsAnErrorNotACrash_data();
    void damagedRowIsAnErrorNotACrash();

    // directory
    void jurisdictionsUnitsAndUsersRoundTrip();
    void gridsRoundTrip();
    void unknownGridUnitAndUser();
    void gridOutsideItsCommunityIsRefused();
    void duplicateLoginAddsNothing();

    // catalogue overrides
    void catalogueOverridesRoundTrip();
    void catalogueOverrideKeepsItsStageLimits();
    void reloadCatalogueAppliesOverrides();

    // attachments
    void attachmentsAreStoredByContentHash();
    void damagedOrMissingAttachment();

    // case queues
    void casePageVisitsEveryCaseOnceInQueueOrder();
    void casePageFilters_data();
    void casePageFilters();
    void countByStateEqualsADirectCount();
    void casesDueBeforeAndToResume();

    // change feed
    void changeFeedHasOneRowPerEventInOrder();
    void secondConnectionSeesCommits();

    // audit
    void auditOfAnUntouchedStoreIsOk();
    void auditFindsTampering_data();
    void auditFindsTampering();
    void auditFindsAnEditedActorName();
    void caseEventsAreAppendOnly_data();
    void caseEventsAreAppendOnly();

    // batches
    void rolledBackBatchLeavesNothing();
    void batchesDoNotNest();

private:
    // 60 cases over the four grids, three to a report time, in several states; returns them as stored.
    QList<CaseRecord> fillQueue();
    // Case A: report, accept, file, dispatch (09:00–09:30); case B: report (09:05). Events 1, 3, 4, 5 and 2.
    bool fillAuditCases(CaseRecord &a, CaseRecord &b);

    std::unique_ptr<test::TestWorld> mWorld;
};

void TestSqliteStore::init()
{
    mWorld = std::make_unique<test::TestWorld>();
    QVERIFY(mWorld->dir.isValid());
    QVERIFY(mWorld->open());
}

void TestSqliteStore::cleanup()
{
    mWorld.reset();
}

// --- opening -----------------------------------------------------------------------------------------------

void TestSqliteStore::newStoreHasTheLatestSchemaInWalMode()
{
    SKIP_ON_POSTGRES("the file, its WAL mode and PRAGMAs (test_pgstore checks a new database)");
    QTemporaryDir dir;
    const QString path = dir.filePath(u"sub/folder/new.sqlite"_s);
    QVERIFY(!QFile::exists(path));
    {
        auto store = SqliteStore::open(path);
        QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
        QCOMPARE(SqliteStore::latestSchemaVersion(), int(sqliteMigrations().size()));
        QCOMPARE((*store)->schemaVersion(), SqliteStore::latestSchemaVersion());
        QCOMPARE((*store)->path(), path);
        QCOMPARE((*store)->attachmentFolder(), path + u".files"_s);
        QVERIFY((*store)->isEmpty());
        QCOMPARE(scalar((*store)->database(), u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
        QCOMPARE(scalar((*store)->database(), u"PRAGMA foreign_keys"_s).toInt(), 1);
    }
    QVERIFY(QFile::exists(path));
    RawConnection raw(path);
    QVERIFY(raw.isOpen());
    QCOMPARE(raw.value(u"PRAGMA application_id"_s).toInt(), 0x43475244);
    QCOMPARE(raw.value(u"PRAGMA user_version"_s).toInt(), SqliteStore::latestSchemaVersion());
    QCOMPARE(raw.value(u"PRAGMA journal_mode"_s).toString(), u"wal"_s); // kept in the file
    QCOMPARE(
        raw.value(
               u"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'case_events_no_%'"_s)
            .toInt(),
        2); // append-only events
    QCOMPARE(
        raw.value(
               u"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'case_events_eval_%'"_s)
            .toInt(),
        5); // the evaluation facts (migration 3)
}

void TestSqliteStore::reopeningKeepsTheData()
{
    SKIP_ON_POSTGRES("a store file reopened");
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    {
        auto store = SqliteStore::open(path);
        QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
        QVERIFY(
            (*store)
                ->addJurisdiction({JurisdictionCode::parse(u"310000"_s).value(), u"上海市"_s, AreaClass::B})
                .ok());
        QVERIFY(
            (*store)
                ->addJurisdiction({JurisdictionCode::parse(u"310101"_s).value(), u"黄浦区"_s, AreaClass::A})
                .ok());
    }
    auto again = SqliteStore::open(path, SqliteStore::OpenMode::MustExist);
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QCOMPARE((*again)->schemaVersion(), SqliteStore::latestSchemaVersion());
    QVERIFY(!(*again)->isEmpty());
    auto list = (*again)->jurisdictions();
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 2);
    QCOMPARE(list->at(0).code.text(), u"310000"_s);
    QCOMPARE(list->at(1).code.text(), u"310101"_s);
    QCOMPARE(list->at(1).name, u"黄浦区"_s);
    QCOMPARE(list->at(1).areaClass, AreaClass::A);
}

void TestSqliteStore::mustExistRefusesAMissingFile()
{
    SKIP_ON_POSTGRES("a missing file (test_pgstore checks an empty database)");
    QTemporaryDir dir;
    const QString path = dir.filePath(u"missing.sqlite"_s);
    auto store = SqliteStore::open(path, SqliteStore::OpenMode::MustExist);
    QVERIFY(!store.ok());
    QCOMPARE(store.errorCode(), ErrorCode::NotFound);
    QCOMPARE(store.errorMessage(),
             u"store %1 does not exist; create it with 'citygrid-admin init'"_s.arg(path));
    QVERIFY(!QFile::exists(path)); // and nothing was created
}

void TestSqliteStore::textFileIsNotOurStore()
{
    SKIP_ON_POSTGRES("a text file in place of the store");
    QTemporaryDir dir;
    const QString path = dir.filePath(u"notes.txt"_s);
    const QByteArray text = "网格巡查记录\nline two of a text file that is long enough\n";
    QVERIFY(writeFile(path, text));
    for (auto mode : {SqliteStore::OpenMode::CreateIfMissing, SqliteStore::OpenMode::MustExist}) {
        auto store = SqliteStore::open(path, mode);
        QVERIFY(!store.ok());
        QCOMPARE(store.errorCode(), ErrorCode::NotOurStore);
        QCOMPARE(store.errorMessage(),
                 u"%1 is not a CityGrid store: it is not an SQLite database"_s.arg(path));
    }
    QCOMPARE(readAll(path), text);
}

void TestSqliteStore::otherSqliteDatabaseIsRefusedAndLeftUnchanged_data()
{
    QTest::addColumn<QStringList>("statements");
    QTest::addColumn<QString>("expected"); // %1: the path

    QTest::newRow("a table, no application id")
        << QStringList{u"CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)"_s,
                       u"INSERT INTO foo(name) VALUES ('bar')"_s, u"CREATE TABLE baz (x)"_s}
        << u"%1 is an SQLite database but not a CityGrid store (application id 0, tables: baz, foo)"_s;
    QTest::newRow("another application id, no tables")
        << QStringList{u"PRAGMA application_id = 1234"_s}
        << u"%1 is an SQLite database but not a CityGrid store (application id 1234, tables: none)"_s;
}

void TestSqliteStore::otherSqliteDatabaseIsRefusedAndLeftUnchanged()
{
    SKIP_ON_POSTGRES("another program's SQLite file (test_pgstore: another database)");
    QFETCH(QStringList, statements);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"other.db"_s);
    {
        RawConnection raw(path);
        QVERIFY(raw.isOpen());
        for (const QString &sql : std::as_const(statements))
            QCOMPARE(raw.exec(sql), QString());
    }
    const QByteArray before = readAll(path);
    QVERIFY(before.startsWith(QByteArrayView("SQLite format 3\0", 16)));
    for (auto mode : {SqliteStore::OpenMode::MustExist, SqliteStore::OpenMode::CreateIfMissing}) {
        auto store = SqliteStore::open(path, mode);
        QVERIFY(!store.ok());
        QCOMPARE(store.errorCode(), ErrorCode::NotOurStore);
        QCOMPARE(store.errorMessage(), expected.arg(path));
    }
    QCOMPARE(QFileInfo(path).size(), qint64(before.size()));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{u"other.db"_s});
    // Refusing another program's database must not switch it to WAL (header bytes 18/19).
    QCOMPARE(readAll(path).toHex(), before.toHex());
    {
        RawConnection raw(path);
        QCOMPARE(raw.value(u"PRAGMA journal_mode"_s).toString(), u"delete"_s);
    }
}

void TestSqliteStore::eventsAndFeedRowsCarryTheirCasesReportedAt()
{
    test::TestWorld &w = *mWorld;
    auto c = w.report();
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    auto accepted = w.act(u"acceptor"_s, *c, Action::Accept);
    QVERIFY2(accepted.ok(), qPrintable(accepted.errorMessage()));
    const qint64 reportedAt = c->reportedAt.toMSecsSinceEpoch();
    QSqlQuery q(w.store().database());
    for (const QString &table : {u"case_events"_s, u"change_feed"_s}) {
        QVERIFY(q.exec(u"SELECT count(*), min(case_reported_at), max(case_reported_at) FROM %1 "
                       u"WHERE case_id = %2"_s.arg(table)
                           .arg(c->id)));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 2); // report and accept
        QCOMPARE(q.value(1).toLongLong(), reportedAt);
        QCOMPARE(q.value(2).toLongLong(), reportedAt);
    }
}

void TestSqliteStore::version6StoreGetsTheCaseKeys()
{
    SKIP_ON_POSTGRES("a store file taken back to version 6");
    test::TestWorld w;
    QVERIFY(w.open());
    auto c = w.report();
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QVERIFY(w.act(u"acceptor"_s, *c, Action::Accept).ok());
    const QString path = w.path();
    w.session.reset();
    {
        // The store as version 6 wrote it: no key columns.
        RawConnection raw(path);
        QVERIFY(raw.isOpen());
        QCOMPARE(raw.exec(u"ALTER TABLE case_events DROP COLUMN case_reported_at"_s), QString());
        QCOMPARE(raw.exec(u"ALTER TABLE change_feed DROP COLUMN case_reported_at"_s), QString());
        QCOMPARE(raw.exec(u"PRAGMA user_version = 6"_s), QString());
    }
    auto store = SqliteStore::open(path, SqliteStore::OpenMode::MustExist);
    QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
    QCOMPARE((*store)->schemaVersion(), SqliteStore::latestSchemaVersion());
    const QString keyed = u"SELECT count(*) FROM %1 t JOIN cases c ON c.id = t.case_id "
                          u"WHERE t.case_reported_at = c.reported_at"_s;
    QCOMPARE(scalar((*store)->database(), keyed.arg(u"case_events"_s)).toInt(), 2);
    QCOMPARE(scalar((*store)->database(), keyed.arg(u"change_feed"_s)).toInt(), 2);
    // The events are append-only again.
    QSqlQuery q((*store)->database());
    QVERIFY(!q.exec(u"UPDATE case_events SET comment = 'x'"_s));
    QVERIFY2(q.lastError().text().contains(u"append-only"_s), qPrintable(q.lastError().text()));
    const AuditReport audit = (*store)->verifyAudit();
    QVERIFY2(audit.ok(), qPrintable(audit.problems.join(u"; "_s)));
    QCOMPARE(audit.eventsChecked, 2);
}

void TestSqliteStore::version7StoreFindsDuplicatesByCells()
{
    SKIP_ON_POSTGRES("a store file taken back to version 7 (test_pgstore: the generic plan)");
    test::TestWorld w;
    QVERIFY(w.open());
    const QString path = w.path();
    w.session.reset();
    {
        // The indexes of version 7.
        RawConnection raw(path);
        QVERIFY(raw.isOpen());
        QCOMPARE(raw.exec(u"DROP INDEX cases_cell_class"_s), QString());
        QCOMPARE(raw.exec(u"CREATE INDEX cases_class_position ON cases(class_kind, class_code, latitude, "
                          u"longitude)"_s),
                 QString());
        QCOMPARE(raw.exec(u"CREATE INDEX cases_class_time ON cases(class_code, reported_at)"_s), QString());
        QCOMPARE(raw.exec(u"PRAGMA user_version = 7"_s), QString());
    }
    auto store = SqliteStore::open(path, SqliteStore::OpenMode::MustExist);
    QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
    QCOMPARE((*store)->schemaVersion(), SqliteStore::latestSchemaVersion());
    QCOMPARE(scalar((*store)->database(),
                    u"SELECT group_concat(name, ' ') FROM sqlite_master WHERE type = 'index' AND name IN "
                    u"('cases_class_position', 'cases_class_time', 'cases_cell_class')"_s)
                 .toString(),
             u"cases_cell_class"_s);
    QSqlQuery plan((*store)->database());
    QVERIFY(
        plan.prepare(u"EXPLAIN QUERY PLAN "_s + SqlDuplicateRepository::candidatesSql(SqlEngine::Sqlite)));
    const QVariantList values{u"event"_s, u"06010"_s, 60735, 60736, 60736,  60736,    15615, 15616,  15616,
                              15616,      0,          0,     0,     121.47, 121.4711, 31.23, 31.2309};
    for (int i = 0; i < values.size(); ++i)
        plan.bindValue(i, values[i]);
    QVERIFY2(plan.exec(), qPrintable(plan.lastError().text()));
    QStringList details;
    while (plan.next())
        details.append(plan.value(3).toString());
    QVERIFY2(
        details.join(u"; "_s).contains(u"SEARCH c USING INDEX cases_cell_class (<expr>=? AND <expr>=? AND "
                                       u"class_kind=? AND class_code=? AND reported_at>?)"_s),
        qPrintable(details.join(u"; "_s)));
}

void TestSqliteStore::newerSchemaIsRefused()
{
    SKIP_ON_POSTGRES("PRAGMA user_version (test_pgstore: meta.schema_version)");
    QTemporaryDir dir;
    const QString path = dir.filePath(u"newer.sqlite"_s);
    {
        auto store = SqliteStore::open(path);
        QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
    }
    const int newer = SqliteStore::latestSchemaVersion() + 1;
    {
        RawConnection raw(path);
        QCOMPARE(raw.exec(u"PRAGMA user_version = %1"_s.arg(newer)), QString());
    }
    auto store = SqliteStore::open(path, SqliteStore::OpenMode::MustExist);
    QVERIFY(!store.ok());
    QCOMPARE(store.errorCode(), ErrorCode::SchemaTooNew);
    QCOMPARE(store.errorMessage(),
             u"store %1 has schema version %2; this CityGrid knows up to %3: update CityGrid"_s.arg(path)
                 .arg(newer)
                 .arg(SqliteStore::latestSchemaVersion()));
    RawConnection raw(path);
    QCOMPARE(raw.value(u"PRAGMA user_version"_s).toInt(), newer); // not migrated backwards
}

void TestSqliteStore::damagedStoreGivesAnErrorNamingTheFile_data()
{
    QTest::addColumn<int>("offset");
    QTest::addColumn<QByteArray>("garbage");

    QTest::newRow("page 1 b-tree header") << 100 << QByteArray(12, '\xff');
    QTest::newRow("page 1 schema area, 0xff") << 100 << QByteArray(900, '\xff');
    QTest::newRow("page 1 schema area, text")
        << 100 << QByteArray("CityGrid damaged this page. ").repeated(30);
    QTest::newRow("page 1 after the header, zeros") << 100 << QByteArray(3996, '\0');
}

void TestSqliteStore::damagedStoreGivesAnErrorNamingTheFile()
{
    SKIP_ON_POSTGRES("bytes of the file damaged");
    QFETCH(int, offset);
    QFETCH(QByteArray, garbage);
    // A real store with data, closed (and checkpointed), then damaged inside page 1.
    const QString path = mWorld->path();
    QVERIFY(mWorld->report().ok());
    mWorld->session.reset(); // closed (and checkpointed); the folder stays
    QVERIFY(!QFile::exists(path + u"-wal"_s));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.size() > offset + garbage.size());
        QVERIFY(f.seek(offset));
        QCOMPARE(f.write(garbage), garbage.size());
    }
    for (auto mode : {SqliteStore::OpenMode::MustExist, SqliteStore::OpenMode::CreateIfMissing}) {
        auto store = SqliteStore::open(path, mode);
        QVERIFY2(!store.ok(), "a store damaged in its schema page was opened");
        QCOMPARE(store.errorCode(), ErrorCode::Corrupt);
        const QString message = store.errorMessage();
        QVERIFY2(message.startsWith(u"store %1 is damaged (database disk image is malformed"_s.arg(path)),
                 qPrintable(message));
        QVERIFY2(message.endsWith(u"; restore it from a backup"_s), qPrintable(message));
    }
    QVERIFY(!QFile::exists(path + u"-wal"_s));
}

void TestSqliteStore::damagedRowIsAnErrorNotACrash_data()
{
    QTest::addColumn<QString>("statement"); // {A}: the case id
    QTest::addColumn<QString>("read");

    QTest::newRow("a case's state") << u"UPDATE cases SET state = 'lost' WHERE id = {A}"_s << u"case"_s;
    QTest::newRow("a case's class kind")
        << u"UPDATE cases SET class_kind = 'thing' WHERE id = {A}"_s << u"queue"_s;
    QTest::newRow("an event's action")
        << u"UPDATE case_events SET action = 'teleport' WHERE case_id = {A}"_s << u"events"_s;
    QTest::newRow("a user's role") << u"UPDATE users SET role = 'king' WHERE login = 'sup'"_s << u"user"_s;
}

void TestSqliteStore::damagedRowIsAnErrorNotACrash()
{
    QFETCH(QString, statement);
    QFETCH(QString, read);
    CaseRecord a, b;
    QVERIFY(fillAuditCases(a, b));
    {
        RawConnection raw(mWorld->path());
        QCOMPARE(raw.exec(dropTrigger(mWorld->path(), u"case_events_no_update"_s)), QString());
        QCOMPARE(raw.exec(statement.replace(u"{A}"_s, QString::number(a.id))), QString());
    }
    auto &st = mWorld->store();
    bool threw = false;
    bool ok = true;
    QString message;
    try {
        if (read == u"case"_s) {
            auto r = st.findCase(a.id);
            ok = r.ok();
            message = r.errorMessage();
        } else if (read == u"queue"_s) {
            auto r = st.casePage(CaseQuery{});
            ok = r.ok();
            message = r.errorMessage();
        } else if (read == u"events"_s) {
            auto r = st.events(a.id);
            ok = r.ok();
            message = r.errorMessage();
        } else {
            auto r = st.findUser(u"sup"_s);
            ok = r.ok();
            message = r.errorMessage();
        }
    } catch (const std::exception &e) {
        threw = true;
        message = QString::fromUtf8(e.what());
    }
    // An unknown stored name is an error naming the store, never an exception that ends the program.
    QVERIFY2(!threw, qPrintable(message));
    QVERIFY(!ok);
    QVERIFY2(message.contains(mWorld->store().path()), qPrintable(message));
}

// --- directory ---------------------------------------------------------------------------------------------

void TestSqliteStore::jurisdictionsUnitsAndUsersRoundTrip()
{
    auto &st = mWorld->store();
    auto js = st.jurisdictions();
    QVERIFY(js.ok());
    const QList<std::tuple<QString, QString, AreaClass>> expected{
        {u"310000"_s, u"上海市"_s, AreaClass::B},
        {u"310101"_s, u"黄浦区"_s, AreaClass::A},
        {u"310101002"_s, u"南京东路街道"_s, AreaClass::A},
        {u"310101002001"_s, u"贵州居委会"_s, AreaClass::A},
        {u"310101002002"_s, u"福州居委会"_s, AreaClass::A},
        {u"310104"_s, u"徐汇区"_s, AreaClass::B},
        {u"310104003"_s, u"天平路街道"_s, AreaClass::B},
        {u"310104003001"_s, u"建襄居委会"_s, AreaClass::B},
    };
    QCOMPARE(js->size(), expected.size());
    for (int i = 0; i < expected.size(); ++i) {
        QCOMPARE(js->at(i).code.text(), std::get<0>(expected[i]));
        QCOMPARE(js->at(i).name, std::get<1>(expected[i]));
        QCOMPARE(js->at(i).areaClass, std::get<2>(expected[i]));
    }
    QCOMPARE(scalar(st.database(), u"SELECT parent_code FROM jurisdictions WHERE code = '310101002001'"_s)
                 .toString(),
             u"310101002"_s);
    QCOMPARE(scalar(st.database(), u"SELECT level FROM jurisdictions WHERE code = '310104003'"_s).toString(),
             u"street"_s);
    QVERIFY(scalar(st.database(), u"SELECT parent_code FROM jurisdictions WHERE code = '310000'"_s).isNull());

    auto units = st.units();
    QVERIFY(units.ok());
    QCOMPARE(units->size(), 2);
    QCOMPARE(units->at(0).code, u"hp.roads"_s); // by code
    QCOMPARE(units->at(0).id, mWorld->roads);
    QCOMPARE(units->at(0).name, u"黄浦区道路养护所"_s);
    QCOMPARE(units->at(0).unitType, u"roads"_s);
    QCOMPARE(units->at(0).jurisdiction.text(), u"310101"_s);
    QCOMPARE(units->at(1).code, u"hp.sanitation"_s);
    auto unit = st.findUnit(mWorld->sanitation);
    QVERIFY(unit.ok());
    QCOMPARE(unit->name, u"黄浦区环卫所"_s);
    QCOMPARE(unit->unitType, u"sanitation"_s);

    auto users = st.users();
    QVERIFY(users.ok());
    QCOMPARE(users->size(), 11);
    QCOMPARE(users->at(0).login, u"sup"_s); // by id, in the order added
    QCOMPARE(users->at(0).role, Role::Supervisor);
    QCOMPARE(users->at(0).jurisdiction.text(), u"310101002"_s);
    QCOMPARE(users->at(0).unitId, qint64(0));
    QVERIFY(users->at(0).active);
    QCOMPARE(users->at(9).login, u"unit.sanitation"_s);
    QCOMPARE(users->at(9).role, Role::UnitHandler);
    QVERIFY(users->at(9).jurisdiction.isNull());
    QCOMPARE(users->at(9).unitId, mWorld->sanitation);

    auto actor = st.findUser(u"city.dispatcher"_s);
    QVERIFY(actor.ok());
    QCOMPARE(actor->userId, users->at(8).id);
    QCOMPARE(actor->role, Role::Dispatcher);
    QCOMPARE(actor->jurisdiction.text(), u"310000"_s);
    QCOMPARE(actor->name, u"city.dispatcher"_s);

    UserRecord retired;
    retired.login = u"retired"_s;
    retired.name = u"退休"_s;
    retired.role = Role::Acceptor;
    retired.jurisdiction = JurisdictionCode::parse(u"310101"_s).value();
    retired.active = false;
    QVERIFY(st.addUser(retired).ok());
    QVERIFY(retired.id > users->last().id);
    auto disabled = st.findUser(u"retired"_s);
    QCOMPARE(disabled.errorCode(), ErrorCode::NotPermitted);
    QCOMPARE(disabled.errorMessage(), u"user 'retired' is disabled"_s);
    QVERIFY(!st.users()->last().active);
}

void TestSqliteStore::gridsRoundTrip()
{
    auto &st = mWorld->store();
    QCOMPARE(st.gridCount().value(), 4);
    const auto community = JurisdictionCode::parse(u"310101002001"_s).value();
    auto grids = st.grids(community);
    QVERIFY(grids.ok());
    QCOMPARE(grids->size(), 2);
    QCOMPARE(grids->at(0).code.text(), u"310101002001001"_s);
    QCOMPARE(grids->at(1).code.text(), u"310101002001002"_s);

    // The second grid as TestWorld built it.
    Polygon cell;
    const double x = 121.47 + 1 * 0.00105, y = 31.23;
    cell.outer = {{x, y}, {x + 0.00105, y}, {x + 0.00105, y + 0.0009}, {x, y + 0.0009}, {x, y}};
    const QByteArray wkb = toWkb(cell).value();

    auto g = st.findGrid(UnitGridCode::parse(u"310101002001002"_s).value());
    QVERIFY2(g.ok(), qPrintable(g.errorMessage()));
    QCOMPARE(g->id, grids->at(1).id);
    QCOMPARE(g->code.text(), u"310101002001002"_s);
    QCOMPARE(g->community, community);
    QCOMPARE(g->areaClass, AreaClass::A);
    QCOMPARE(g->areaM2, cell.areaM2());
    QCOMPARE(g->minX, x);
    QCOMPARE(g->minY, y);
    QCOMPARE(g->maxX, x + 0.00105);
    QCOMPARE(g->maxY, y + 0.0009);
    QCOMPARE(g->wkb.toHex(), wkb.toHex());
    auto polygon = polygonFromWkb(g->wkb);
    QVERIFY(polygon.ok());
    QCOMPARE(polygon->outer, cell.outer);

    auto xh = st.findGrid(UnitGridCode::parse(u"310104003001001"_s).value());
    QVERIFY(xh.ok());
    QCOMPARE(xh->areaClass, AreaClass::B);
    QCOMPARE(st.grids(JurisdictionCode::parse(u"310104003001"_s).value())->size(), 1);
    QCOMPARE(st.grids(JurisdictionCode::parse(u"310101002002"_s).value())->size(), 1);
}

void TestSqliteStore::unknownGridUnitAndUser()
{
    auto &st = mWorld->store();
    auto grid = st.findGrid(UnitGridCode::parse(u"310101002001099"_s).value());
    QCOMPARE(grid.errorCode(), ErrorCode::UnknownGrid);
    QCOMPARE(grid.errorMessage(), u"unit grid 310101002001099 is not in the store"_s);
    auto unit = st.findUnit(999);
    QCOMPARE(unit.errorCode(), ErrorCode::NotFound);
    QCOMPARE(unit.errorMessage(), u"responsible unit 999 does not exist"_s);
    auto user = st.findUser(u"nobody"_s);
    QCOMPARE(user.errorCode(), ErrorCode::NotFound);
    QCOMPARE(user.errorMessage(), u"user 'nobody' does not exist"_s);
    auto c = st.findCase(12345);
    QCOMPARE(c.errorCode(), ErrorCode::NotFound);
    QCOMPARE(c.errorMessage(), u"case 12345 does not exist"_s);
    auto byNumber = st.findCaseByNumber(u"20261123000999"_s);
    QCOMPARE(byNumber.errorMessage(), u"case 20261123000999 does not exist"_s);
}

void TestSqliteStore::gridOutsideItsCommunityIsRefused()
{
    auto &st = mWorld->store();
    UnitGrid g;
    g.code = UnitGridCode::parse(u"310101002001005"_s).value();
    g.community = JurisdictionCode::parse(u"310101002002"_s).value();
    g.areaM2 = 10000;
    g.wkb = QByteArray("x");
    auto s = st.addGrid(g);
    QVERIFY(!s.ok());
    QCOMPARE(s.errorCode(), ErrorCode::InvalidInput);
    QCOMPARE(s.errorMessage(),
             u"grid 310101002001005 does not belong to community 310101002002 (its community part is "
             u"310101002001)"_s);
    QCOMPARE(g.id, qint64(0));
    QCOMPARE(st.gridCount().value(), 4);
    QCOMPARE(rowCount(st, u"unit_grids"_s), 4);
}

void TestSqliteStore::duplicateLoginAddsNothing()
{
    auto &st = mWorld->store();
    UserRecord u;
    u.login = u"sup"_s;
    u.name = u"另一个监督员"_s;
    u.role = Role::Inspector;
    u.jurisdiction = JurisdictionCode::parse(u"310101"_s).value();
    auto s = st.addUser(u);
    QVERIFY(!s.ok());
    QCOMPARE(s.errorCode(), ErrorCode::Storage);
    QVERIFY2(s.errorMessage().startsWith(u"store %1: "_s.arg(mWorld->store().path())),
             qPrintable(s.errorMessage()));
    QVERIFY2(s.errorMessage().contains(mWorld->onPostgres() ? u"unique constraint \"users_login_key\""_s
                                                            : u"UNIQUE constraint failed: users.login"_s),
             qPrintable(s.errorMessage()));
    QCOMPARE(u.id, qint64(0));
    QCOMPARE(st.users()->size(), 11);
    QCOMPARE(st.findUser(u"sup"_s)->role, Role::Supervisor);
    // The store is still usable afterwards.
    UserRecord other = u;
    other.login = u"sup2"_s;
    QVERIFY(st.addUser(other).ok());
    QCOMPARE(st.users()->size(), 12);
}

// --- catalogue overrides -----------------------------------------------------------------------------------

void TestSqliteStore::catalogueOverridesRoundTrip()
{
    auto &st = mWorld->store();
    QCOMPARE(st.catalogueOverrides()->size(), 0);
    CatalogueOverride a;
    a.key = CatalogueKey::parse(u"event/06010"_s).value();
    a.area = AreaClass::A;
    a.limit = TimeLimit{1, TimeUnit::WorkingHours};
    a.filingCondition = u"可见垃圾即立案"_s;
    a.priority = Priority::High;
    CatalogueOverride all;
    all.key = CatalogueKey::parse(u"event/06001"_s).value();
    all.keySupervision = true;
    all.selfDisposalAllowed = false;
    all.hardCase = true;
    all.closingStages = QStringList{u"停止施工"_s, u"立案处罚"_s, u"拆除"_s};
    all.closingCondition = u"已拆除"_s;
    all.unitType = u"urban_management"_s;
    QVERIFY(st.saveCatalogueOverride(a).ok());
    QVERIFY(st.saveCatalogueOverride(all).ok());

    auto list = st.catalogueOverrides();
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 2);
    const CatalogueOverride &r1 = list->at(0); // by kind, code, area: 06001 first
    QCOMPARE(r1.key, all.key);
    QVERIFY(!r1.area);
    QVERIFY(!r1.limit);
    QVERIFY(!r1.filingCondition);
    QCOMPARE(r1.closingCondition, all.closingCondition);
    QCOMPARE(r1.unitType, all.unitType);
    QVERIFY(!r1.priority);
    QCOMPARE(r1.keySupervision, std::optional<bool>(true));
    QCOMPARE(r1.selfDisposalAllowed, std::optional<bool>(false));
    QCOMPARE(r1.hardCase, std::optional<bool>(true));
    QCOMPARE(r1.closingStages, all.closingStages);
    const CatalogueOverride &r2 = list->at(1);
    QCOMPARE(r2.key, a.key);
    QCOMPARE(r2.area, std::optional<AreaClass>(AreaClass::A));
    QCOMPARE(r2.limit, a.limit);
    QCOMPARE(r2.filingCondition, a.filingCondition);
    QVERIFY(!r2.closingCondition);
    QVERIFY(!r2.unitType);
    QCOMPARE(r2.priority, std::optional<Priority>(Priority::High));
    QVERIFY(!r2.keySupervision);
    QVERIFY(!r2.selfDisposalAllowed);
    QVERIFY(!r2.hardCase);
    QVERIFY(!r2.closingStages);

    // Saving the same (kind, code, area) again replaces it.
    a.limit = TimeLimit{90, TimeUnit::WorkingMinutes};
    a.filingCondition.reset();
    QVERIFY(st.saveCatalogueOverride(a).ok());
    list = st.catalogueOverrides();
    QCOMPARE(list->size(), 2);
    QCOMPARE(list->at(1).limit, a.limit);
    QVERIFY(!list->at(1).filingCondition);
}

void TestSqliteStore::catalogueOverrideKeepsItsStageLimits()
{
    auto &st = mWorld->store();
    CatalogueOverride o;
    o.key = CatalogueKey::parse(u"event/06001"_s).value();
    o.closingStages = QStringList{u"停止施工"_s, u"拆除"_s};
    o.closingStageLimits = QList<TimeLimit>{{1, TimeUnit::WorkingDays}, {}};
    QVERIFY(st.saveCatalogueOverride(o).ok());
    auto list = st.catalogueOverrides();
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->at(0).closingStages, o.closingStages);
    QVERIFY(list->at(0).closingStageLimits.has_value());
}

void TestSqliteStore::reloadCatalogueAppliesOverrides()
{
    auto &w = *mWorld;
    const auto key = CatalogueKey::parse(u"event/06010"_s).value();
    const ClassRule before = w.session->catalogue().find(key)->rule(AreaClass::A);
    QCOMPARE(before.limit, (TimeLimit{2, TimeUnit::WorkingHours}));
    const TimeLimit ruleB = w.session->catalogue().find(key)->rule(AreaClass::B).limit;

    CatalogueOverride o;
    o.key = key;
    o.area = AreaClass::A;
    o.limit = TimeLimit{6, TimeUnit::NaturalHours};
    o.priority = Priority::Urgent;
    QVERIFY(w.store().saveCatalogueOverride(o).ok());
    // Not applied until reloaded.
    QCOMPARE(w.session->catalogue().find(key)->rule(AreaClass::A).limit, before.limit);
    auto s = w.session->reloadCatalogue();
    QVERIFY2(s.ok(), qPrintable(s.errorMessage()));
    const CatalogueClass *cls = w.session->catalogue().find(key);
    QVERIFY(cls);
    QCOMPARE(cls->rule(AreaClass::A).limit, (TimeLimit{6, TimeUnit::NaturalHours}));
    QCOMPARE(cls->rule(AreaClass::A).priority, Priority::Urgent);
    QCOMPARE(cls->rule(AreaClass::A).filingCondition, before.filingCondition);
    QCOMPARE(cls->rule(AreaClass::B).limit, ruleB);

    // The case service uses the reloaded catalogue.
    auto c = w.report();
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(c->handlingLimit, (TimeLimit{6, TimeUnit::NaturalHours}));
    QCOMPARE(c->priority, Priority::Urgent);

    // A fresh session over the same store applies it at start-up.
    w.session.reset();
    auto again = Session::open(w.path(), SqliteStore::OpenMode::MustExist);
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    QCOMPARE((*again)->catalogue().find(key)->rule(AreaClass::A).limit,
             (TimeLimit{6, TimeUnit::NaturalHours}));
}

// --- attachments -------------------------------------------------------------------------------------------

void TestSqliteStore::attachmentsAreStoredByContentHash()
{
    auto &st = mWorld->store();
    const QByteArray photo = QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(5000, 'p');
    const QString hash =
        QString::fromLatin1(QCryptographicHash::hash(photo, QCryptographicHash::Sha256).toHex());
    auto info = st.addAttachment(photo, u"before.png"_s, u"image/png"_s);
    QVERIFY2(info.ok(), qPrintable(info.errorMessage()));
    QCOMPARE(info->hash, hash);
    QCOMPARE(info->size, qint64(photo.size()));
    QCOMPARE(info->mimeType, u"image/png"_s);
    QCOMPARE(info->originalName, u"before.png"_s);
    if (mWorld->onPostgres()) {
        // The server keeps the content itself: every station reads the same photo.
        QCOMPARE(st.attachmentFolder(), QString());
        QVERIFY(st.addAttachment(photo, u"copy.png"_s, u"image/png"_s).ok());
        QVERIFY(st.addAttachment(QByteArray("after"), u"after.jpg"_s, u"image/jpeg"_s).ok());
        QCOMPARE(rowCount(st, u"attachments"_s), 2);
        QCOMPARE(scalar(st.database(), u"SELECT original_name FROM attachments WHERE hash = '%1'"_s.arg(hash))
                     .toString(),
                 u"before.png"_s); // the first name is kept
        QCOMPARE(st.attachmentContent(hash).value(), photo);
        auto second = SqlStore::open(mWorld->path(), SqlStore::OpenMode::MustExist);
        QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
        QCOMPARE((*second)->attachmentContent(hash).value(), photo);
        return;
    }
    const QString file = mWorld->path() + u".files/"_s + hash.left(2) + u'/' + hash;
    QCOMPARE(st.attachmentFolder() + u'/' + hash.left(2) + u'/' + hash, file);
    QVERIFY(QFile::exists(file));
    QCOMPARE(readAll(file), photo);

    auto again = st.addAttachment(photo, u"copy.png"_s, u"image/png"_s);
    QVERIFY(again.ok());
    QCOMPARE(again->hash, hash);
    auto other = st.addAttachment(QByteArray("after"), u"after.jpg"_s, u"image/jpeg"_s);
    QVERIFY(other.ok());
    QVERIFY(other->hash != hash);

    QStringList files;
    QDirIterator it(st.attachmentFolder(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(QDir(st.attachmentFolder()).relativeFilePath(it.next()));
    files.sort();
    QStringList expected{hash.left(2) + u'/' + hash, other->hash.left(2) + u'/' + other->hash};
    expected.sort();
    QCOMPARE(files, expected);
    QCOMPARE(rowCount(st, u"attachments"_s), 2);
    QCOMPARE(scalar(st.database(), u"SELECT original_name FROM attachments WHERE hash = '%1'"_s.arg(hash))
                 .toString(),
             u"before.png"_s); // the first name is kept
    QCOMPARE(
        scalar(st.database(), u"SELECT size FROM attachments WHERE hash = '%1'"_s.arg(hash)).toLongLong(),
        photo.size());

    auto content = st.attachmentContent(hash);
    QVERIFY2(content.ok(), qPrintable(content.errorMessage()));
    QCOMPARE(*content, photo);
    QCOMPARE(st.attachmentContent(other->hash).value(), QByteArray("after"));
}

void TestSqliteStore::damagedOrMissingAttachment()
{
    auto &st = mWorld->store();
    const QByteArray photo("a photo of garbage on 南京东路");
    auto info = st.addAttachment(photo, u"p.jpg"_s, u"image/jpeg"_s);
    QVERIFY(info.ok());
    if (mWorld->onPostgres()) {
        RawConnection raw(mWorld->path());
        QCOMPARE(raw.exec(u"UPDATE attachments SET content = 'Aphoto' WHERE hash = '%1'"_s.arg(info->hash)),
                 QString());
        auto content = st.attachmentContent(info->hash);
        QCOMPARE(content.errorCode(), ErrorCode::Corrupt);
        QCOMPARE(content.errorMessage(),
                 u"attachment %1 is damaged: its content does not match its hash"_s.arg(info->hash));
        QCOMPARE(raw.exec(u"DELETE FROM attachments WHERE hash = '%1'"_s.arg(info->hash)), QString());
        auto missing = st.attachmentContent(info->hash);
        QCOMPARE(missing.errorCode(), ErrorCode::NotFound);
        QCOMPARE(missing.errorMessage(), u"attachment %1 is not in the store"_s.arg(info->hash));
        return;
    }
    const QString file = st.attachmentFolder() + u'/' + info->hash.left(2) + u'/' + info->hash;
    QByteArray tampered = photo;
    tampered[0] = 'A';
    QVERIFY(writeFile(file, tampered));
    auto content = st.attachmentContent(info->hash);
    QCOMPARE(content.errorCode(), ErrorCode::Corrupt);
    QCOMPARE(content.errorMessage(),
             u"attachment %1 is damaged: its content does not match its hash"_s.arg(info->hash));

    QVERIFY(QFile::remove(file));
    auto missing = st.attachmentContent(info->hash);
    QCOMPARE(missing.errorCode(), ErrorCode::NotFound);
    QCOMPARE(missing.errorMessage(), u"attachment %1 is not in the store"_s.arg(info->hash));
}

// --- case queues -------------------------------------------------------------------------------------------

QList<CaseRecord> TestSqliteStore::fillQueue()
{
    auto &w = *mWorld;
    const QDateTime base = beijing(u"2026-11-23 09:00"_s);
    QList<CaseRecord> created;
    // One transaction for the lot: fast, and every write inside is still its own savepoint.
    if (!w.store().beginBatch())
        return {};
    for (int i = 0; i < 60; ++i) {
        // 20 report times, each used by three cases whose ids are 20 apart: ties not in id order.
        w.clock->setNow(base.addSecs(((i * 7) % 20) * 300));
        const int grid = i % 4;
        const QString login = grid == 3 ? u"system"_s : (grid == 2 || i % 2 ? u"acceptor"_s : u"sup"_s);
        const QString cls = i % 5 == 0 ? u"event/07001"_s : u"event/06010"_s;
        Result<CaseRecord> c = makeError(ErrorCode::InvalidInput, u"not reported"_s);
        if (i % 3 == 0) {
            NewCaseRequest r;
            r.source = CaseSource::Hotline12345;
            r.hotlineTicket = u"12345-%1"_s.arg(i);
            r.classKey = CatalogueKey::parse(cls).value();
            r.grid = UnitGridCode::parse(gridCodes[grid]).value();
            r.description = u"市民来电反映垃圾"_s;
            r.address = u"南京东路 %1 号"_s.arg(i);
            c = w.service().report(w.actor(login), r);
        } else {
            c = w.report(login, cls, gridCodes[grid]);
        }
        if (!c) {
            qWarning() << "report" << i << c.errorMessage();
            return {};
        }
        created.append(*c);
    }
    // Move the cases of 黄浦区 along: accepted, dispatched to either unit, rejected; two of them parked.
    w.clock->setNow(beijing(u"2026-11-23 11:00"_s));
    int parked = 0;
    for (int i = 0; i < 60; ++i) {
        if (i % 4 == 3)
            continue;
        Result<CaseRecord> c = created[i];
        const int k = i % 6;
        if (k == 0 || k == 3)
            continue;
        if (k == 5) {
            c = w.act(u"acceptor"_s, *c, Action::Reject);
        } else {
            c = w.act(u"acceptor"_s, *c, Action::Accept);
            if (c && k != 1) {
                c = w.act(u"shift"_s, *c, Action::File);
                if (c)
                    c = w.act(u"dispatcher"_s, *c, Action::Dispatch,
                              [&](ActionRequest &r) { r.unitId = k == 2 ? w.sanitation : w.roads; });
                if (c && k == 2 && parked < 2) {
                    const QDateTime resume =
                        beijing(parked == 0 ? u"2026-11-26 09:00"_s : u"2026-11-25 09:00"_s);
                    c = w.act(u"unit.sanitation"_s, *c, Action::RequestPark,
                              [&](ActionRequest &r) { r.requestedDate = resume; });
                    if (c)
                        c = w.act(u"dispatcher"_s, *c, Action::ApprovePark);
                    ++parked;
                }
            }
        }
        if (!c) {
            qWarning() << "act" << i << c.errorMessage();
            return {};
        }
    }
    if (!w.store().commitBatch())
        return {};
    QList<CaseRecord> stored;
    for (const CaseRecord &c : std::as_const(created)) {
        auto s = w.store().findCase(c.id);
        if (!s)
            return {};
        stored.append(*s);
    }
    return stored;
}

void TestSqliteStore::casePageVisitsEveryCaseOnceInQueueOrder()
{
    QList<CaseRecord> all = fillQueue();
    QCOMPARE(all.size(), 60);
    sortQueueOrder(all);
    // Ties: three cases share each report time.
    QCOMPARE(all[0].reportedAt, all[2].reportedAt);
    QVERIFY(all[0].id > all[1].id && all[1].id > all[2].id);
    QVERIFY(all[2].reportedAt > all[3].reportedAt);

    CaseQuery q;
    q.limit = 7;
    QList<CaseRecord> seen;
    QList<int> sizes;
    for (int guard = 0; guard < 20; ++guard) {
        auto page = mWorld->store().casePage(q);
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        sizes.append(int(page->rows.size()));
        seen += page->rows;
        if (!page->next)
            break;
        QCOMPARE(page->next->id, page->rows.last().id);
        QCOMPARE(page->next->reportedAtMs, page->rows.last().reportedAt.toMSecsSinceEpoch());
        q.after = page->next;
    }
    QCOMPARE(sizes, (QList<int>{7, 7, 7, 7, 7, 7, 7, 7, 4}));
    QCOMPARE(idsOf(seen), idsOf(all));
    const QList<qint64> seenIds = idsOf(seen);
    QCOMPARE(QSet<qint64>(seenIds.cbegin(), seenIds.cend()).size(), 60);

    // Exactly a full last page: no cursor follows it.
    CaseQuery twelve;
    twelve.limit = 12;
    for (int n = 0; n < 4; ++n) {
        auto page = mWorld->store().casePage(twelve);
        QCOMPARE(page->rows.size(), 12);
        QVERIFY(page->next.has_value());
        twelve.after = page->next;
    }
    auto last = mWorld->store().casePage(twelve);
    QCOMPARE(last->rows.size(), 12);
    QVERIFY(!last->next.has_value());
    QCOMPARE(last->rows.last().id, all.last().id);
}

void TestSqliteStore::casePageFilters_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("count");

    QTest::newRow("no filter") << u"none"_s << 60;
    QTest::newRow("state reported") << u"reported"_s << 30;
    QTest::newRow("states accepted+rejected") << u"accepted+rejected"_s << 10;
    QTest::newRow("state dispatched") << u"dispatched"_s << 18;
    QTest::newRow("state parked") << u"parked"_s << 2;
    QTest::newRow("state closed") << u"closed"_s << 0;
    QTest::newRow("overdue at 10:00") << u"overdue 10:00"_s << 10;
    QTest::newRow("overdue at 15:00") << u"overdue 15:00"_s << 49;
    QTest::newRow("accept step overdue at 10:00") << u"accept 10:00"_s << 10;
    QTest::newRow("file step overdue at 15:00") << u"file 15:00"_s << 5;
    QTest::newRow("handle step overdue at 15:00") << u"handle 15:00"_s << 14;
    QTest::newRow("handle step overdue at 12:00") << u"handle 12:00"_s << 0;
    QTest::newRow("overdue and dispatched at 15:00") << u"overdue dispatched 15:00"_s << 14;
    QTest::newRow("scope city 310000") << u"scope 310000"_s << 60;
    QTest::newRow("scope district 310101") << u"scope 310101"_s << 45;
    QTest::newRow("scope district 310104") << u"scope 310104"_s << 15;
    QTest::newRow("scope street 310101002") << u"scope 310101002"_s << 45;
    QTest::newRow("scope street 310104003") << u"scope 310104003"_s << 15;
    QTest::newRow("scope community 310101002001") << u"scope 310101002001"_s << 30;
    QTest::newRow("scope community 310101002002") << u"scope 310101002002"_s << 15;
    QTest::newRow("scope city 320500 (elsewhere)") << u"scope 320500"_s << 0;
    QTest::newRow("unit sanitation") << u"unit sanitation"_s << 10;
    QTest::newRow("unit roads") << u"unit roads"_s << 10;
    QTest::newRow("class event/07001") << u"class event/07001"_s << 12;
    QTest::newRow("class component/01001") << u"class component/01001"_s << 0;
    QTest::newRow("source hotline_12345") << u"source hotline"_s << 20;
    QTest::newRow("source patrol") << u"source patrol"_s << 40;
    QTest::newRow("search by number") << u"search number"_s << 1;
    QTest::newRow("search by address") << u"search address"_s << 1;
    QTest::newRow("search by description") << u"search description"_s << 20;
    QTest::newRow("hotline reports in 310104") << u"source hotline + scope 310104"_s << 5;
}

void TestSqliteStore::casePageFilters()
{
    QFETCH(QString, filter);
    QFETCH(int, count);
    QList<CaseRecord> all = fillQueue();
    QCOMPARE(all.size(), 60);
    auto &w = *mWorld;

    CaseQuery q;
    std::function<bool(const CaseRecord &)> keep = [](const CaseRecord &) {
        return true;
    };
    const auto overdue = [](const QDateTime &now, std::optional<Step> step) {
        return [now, step](const CaseRecord &c) {
            return c.step != Step::None && c.stepDueAt.isValid() && c.stepDueAt < now &&
                   (!step || c.step == *step);
        };
    };
    const QStringList words = filter.split(u' ');
    const CaseRecord &sample = all[17];
    if (filter == u"none"_s) {
    } else if (words.size() == 1 && !filter.contains(u'+')) {
        q.states = {parseState(filter).value()};
        keep = [s = q.states.first()](const CaseRecord &c) {
            return c.state == s;
        };
    } else if (filter == u"accepted+rejected"_s) {
        q.states = {CaseState::Accepted, CaseState::Rejected};
        keep = [](const CaseRecord &c) {
            return c.state == CaseState::Accepted || c.state == CaseState::Rejected;
        };
    } else if (words.first() == u"overdue"_s && words.size() == 2) {
        q.overdueOnly = true;
        q.now = beijing(u"2026-11-23 "_s + words[1]);
        keep = overdue(q.now, std::nullopt);
    } else if (words.first() == u"overdue"_s) {
        q.overdueOnly = true;
        q.states = {CaseState::Dispatched};
        q.now = beijing(u"2026-11-23 "_s + words[2]);
        const auto late = overdue(q.now, std::nullopt);
        keep = [late](const CaseRecord &c) {
            return late(c) && c.state == CaseState::Dispatched;
        };
    } else if (words.first() == u"accept"_s || words.first() == u"file"_s || words.first() == u"handle"_s) {
        q.overdueStep = parseStep(words.first()).value();
        q.now = beijing(u"2026-11-23 "_s + words[1]);
        keep = overdue(q.now, q.overdueStep);
    } else if (words.first() == u"scope"_s) {
        q.scope = JurisdictionCode::parse(words[1]).value();
        keep = [scope = q.scope](const CaseRecord &c) {
            return scope.covers(c.community);
        };
    } else if (words.first() == u"unit"_s) {
        q.unitId = words[1] == u"sanitation"_s ? w.sanitation : w.roads;
        keep = [unit = q.unitId](const CaseRecord &c) {
            return c.unitId == unit;
        };
    } else if (words.first() == u"class"_s) {
        q.classKey = CatalogueKey::parse(words[1]).value();
        keep = [key = *q.classKey](const CaseRecord &c) {
            return c.classKey == key;
        };
    } else if (filter == u"source hotline + scope 310104"_s) {
        q.source = CaseSource::Hotline12345;
        q.scope = JurisdictionCode::parse(u"310104"_s).value();
        keep = [](const CaseRecord &c) {
            return c.source == CaseSource::Hotline12345 && c.community.text().startsWith(u"310104"_s);
        };
    } else if (words.first() == u"source"_s) {
        q.source = words[1] == u"hotline"_s ? CaseSource::Hotline12345 : CaseSource::Patrol;
        keep = [source = *q.source](const CaseRecord &c) {
            return c.source == source;
        };
    } else if (filter == u"search number"_s) {
        q.search = u"  "_s + sample.number + u" "_s;
        keep = [id = sample.id](const CaseRecord &c) {
            return c.id == id;
        };
    } else if (filter == u"search address"_s) {
        q.search = u"南京东路 18 号"_s;
        keep = [](const CaseRecord &c) {
            return c.address == u"南京东路 18 号"_s;
        };
    } else if (filter == u"search description"_s) {
        q.search = u"市民来电"_s;
        keep = [](const CaseRecord &c) {
            return c.description.contains(u"市民来电"_s);
        };
    } else {
        QFAIL(qPrintable(u"unknown filter "_s + filter));
    }

    QList<CaseRecord> expected;
    for (const CaseRecord &c : std::as_const(all)) {
        if (keep(c))
            expected.append(c);
    }
    sortQueueOrder(expected);
    QCOMPARE(expected.size(), count);

    // Paged by 7: every matching case once, in queue order.
    q.limit = 7;
    QList<CaseRecord> seen;
    for (int guard = 0; guard < 20; ++guard) {
        auto page = w.store().casePage(q);
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        QVERIFY(page->rows.size() <= 7);
        seen += page->rows;
        if (!page->next)
            break;
        QCOMPARE(page->rows.size(), 7);
        q.after = page->next;
    }
    QCOMPARE(idsOf(seen), idsOf(expected));

    // countByState applies the same filters, except the states.
    auto counts = w.store().countByState(q);
    QVERIFY(counts.ok());
    int total = 0;
    for (auto it = counts->cbegin(); it != counts->cend(); ++it) {
        QVERIFY(it.value() > 0);
        total += it.value();
    }
    if (q.states.isEmpty()) {
        QCOMPARE(total, count);
    } else {
        for (CaseState s : std::as_const(q.states)) {
            const auto n = std::count_if(expected.cbegin(), expected.cend(),
                                         [s](const CaseRecord &c) { return c.state == s; });
            QCOMPARE(counts->value(s), int(n));
        }
    }
}

void TestSqliteStore::countByStateEqualsADirectCount()
{
    QCOMPARE(fillQueue().size(), 60);
    auto &st = mWorld->store();
    auto counts = st.countByState(CaseQuery{});
    QVERIFY2(counts.ok(), qPrintable(counts.errorMessage()));
    QHash<CaseState, int> direct;
    QSqlQuery q(st.database());
    QVERIFY(q.exec(u"SELECT state, count(*) FROM cases GROUP BY state"_s));
    while (q.next())
        direct.insert(parseState(q.value(0).toString()).value(), q.value(1).toInt());
    q.finish();
    QCOMPARE(*counts, direct);
    const QHash<CaseState, int> exact{{CaseState::Reported, 30},
                                      {CaseState::Accepted, 5},
                                      {CaseState::Dispatched, 18},
                                      {CaseState::Parked, 2},
                                      {CaseState::Rejected, 5}};
    QCOMPARE(*counts, exact);

    CaseQuery xh;
    xh.scope = JurisdictionCode::parse(u"310104"_s).value();
    xh.states = {CaseState::Dispatched}; // ignored: the counts are per state
    QCOMPARE(st.countByState(xh).value(), (QHash<CaseState, int>{{CaseState::Reported, 15}}));
    CaseQuery roads;
    roads.unitId = mWorld->roads;
    QCOMPARE(st.countByState(roads).value(), (QHash<CaseState, int>{{CaseState::Dispatched, 10}}));
    CaseQuery sanitation;
    sanitation.unitId = mWorld->sanitation;
    QCOMPARE(st.countByState(sanitation).value(),
             (QHash<CaseState, int>{{CaseState::Dispatched, 8}, {CaseState::Parked, 2}}));
}

void TestSqliteStore::casesDueBeforeAndToResume()
{
    const QList<CaseRecord> all = fillQueue();
    QCOMPARE(all.size(), 60);
    auto &st = mWorld->store();

    for (const QString &time :
         {u"2026-11-23 09:00"_s, u"2026-11-23 10:00"_s, u"2026-11-23 15:00"_s, u"2026-11-30 09:00"_s}) {
        const QDateTime at = beijing(time);
        QList<CaseRecord> expected;
        for (const CaseRecord &c : all) {
            if (c.step != Step::None && c.stepDueAt < at)
                expected.append(c);
        }
        auto due = st.casesDueBefore(at, 1000);
        QVERIFY2(due.ok(), qPrintable(due.errorMessage()));
        QCOMPARE(due->size(), expected.size());
        QSet<qint64> ids;
        for (int i = 0; i < due->size(); ++i) {
            ids.insert(due->at(i).id);
            if (i > 0)
                QVERIFY(due->at(i - 1).stepDueAt <= due->at(i).stepDueAt);
            QVERIFY(due->at(i).state != CaseState::Parked);
        }
        const QList<qint64> expectedIds = idsOf(expected);
        QCOMPARE(ids, QSet<qint64>(expectedIds.cbegin(), expectedIds.cend()));

        auto firstThree = st.casesDueBefore(at, 3);
        QCOMPARE(firstThree->size(), std::min<qsizetype>(3, expected.size()));
        for (int i = 0; i < firstThree->size(); ++i)
            QCOMPARE(firstThree->at(i).stepDueAt, due->at(i).stepDueAt);
    }
    QCOMPARE(st.casesDueBefore(beijing(u"2026-11-23 09:00"_s), 100)->size(), 0);
    QCOMPARE(st.casesDueBefore(beijing(u"2026-11-30 09:00"_s), 100)->size(),
             53); // every open case not parked

    QCOMPARE(st.casesToResume(beijing(u"2026-11-24 12:00"_s), 10)->size(), 0);
    auto one = st.casesToResume(beijing(u"2026-11-25 09:00"_s), 10); // the resume time itself counts
    QCOMPARE(one->size(), 1);
    QCOMPARE(one->at(0).resumeAt, beijing(u"2026-11-25 09:00"_s));
    QCOMPARE(one->at(0).state, CaseState::Parked);
    auto both = st.casesToResume(beijing(u"2026-11-27 09:00"_s), 10);
    QCOMPARE(both->size(), 2);
    QCOMPARE(both->at(0).resumeAt, beijing(u"2026-11-25 09:00"_s));
    QCOMPARE(both->at(1).resumeAt, beijing(u"2026-11-26 09:00"_s));
    QCOMPARE(st.casesToResume(beijing(u"2026-11-27 09:00"_s), 1)->size(), 1);
}

// --- change feed -------------------------------------------------------------------------------------------

bool TestSqliteStore::fillAuditCases(CaseRecord &a, CaseRecord &b)
{
    auto &w = *mWorld;
    w.clock->setNow(beijing(u"2026-11-23 09:00"_s));
    auto ca = w.report();
    w.clock->setNow(beijing(u"2026-11-23 09:05"_s));
    auto cb = w.report(u"acceptor"_s);
    if (!ca || !cb)
        return false;
    w.clock->setNow(beijing(u"2026-11-23 09:10"_s));
    ca = w.act(u"acceptor"_s, *ca, Action::Accept);
    w.clock->setNow(beijing(u"2026-11-23 09:20"_s));
    if (ca)
        ca = w.act(u"shift"_s, *ca, Action::File);
    w.clock->setNow(beijing(u"2026-11-23 09:30"_s));
    if (ca)
        ca = w.act(u"dispatcher"_s, *ca, Action::Dispatch);
    if (!ca)
        return false;
    a = *ca;
    b = *cb;
    return true;
}

void TestSqliteStore::changeFeedHasOneRowPerEventInOrder()
{
    auto &st = mWorld->store();
    QCOMPARE(st.lastChangeId().value(), qint64(0));
    QCOMPARE(st.changesSince(0, 100)->size(), 0);
    CaseRecord a, b;
    QVERIFY(fillAuditCases(a, b));
    auto eventsA = st.events(a.id);
    auto eventsB = st.events(b.id);
    QVERIFY(eventsA.ok() && eventsB.ok());
    QCOMPARE(eventsA->size(), 4);
    QCOMPARE(eventsB->size(), 1);
    // In commit order: A report, B report, A accept, A file, A dispatch.
    const QList<CaseEvent> order{eventsA->at(0), eventsB->at(0), eventsA->at(1), eventsA->at(2),
                                 eventsA->at(3)};

    auto feed = st.changesSince(0, 100);
    QVERIFY2(feed.ok(), qPrintable(feed.errorMessage()));
    QCOMPARE(feed->size(), 5);
    for (int i = 0; i < feed->size(); ++i) {
        const ChangeEntry &e = feed->at(i);
        if (i > 0)
            QVERIFY(e.id > feed->at(i - 1).id);
        QCOMPARE(e.caseId, order[i].caseId);
        QCOMPARE(e.eventId, order[i].id);
        QCOMPARE(e.action, order[i].action);
        QCOMPARE(e.at, order[i].at);
    }
    QCOMPARE(feed->at(4).action, Action::Dispatch);
    QCOMPARE(feed->at(4).at, beijing(u"2026-11-23 09:30"_s));
    QCOMPARE(st.lastChangeId().value(), feed->last().id);
    QCOMPARE(rowCount(st, u"change_feed"_s), rowCount(st, u"case_events"_s));

    auto tail = st.changesSince(feed->at(1).id, 2);
    QVERIFY(tail.ok());
    QCOMPARE(tail->size(), 2);
    QCOMPARE(tail->at(0).id, feed->at(2).id);
    QCOMPARE(tail->at(1).id, feed->at(3).id);
    QCOMPARE(st.changesSince(feed->last().id, 100)->size(), 0);

    // A refused action writes no feed row.
    auto refused = mWorld->act(u"acceptor"_s, b, Action::File);
    QVERIFY(!refused.ok());
    QCOMPARE(st.changesSince(0, 100)->size(), 5);
}

void TestSqliteStore::secondConnectionSeesCommits()
{
    auto &w = *mWorld;
    auto second = SqliteStore::open(w.path(), SqliteStore::OpenMode::MustExist);
    QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
    SqliteStore &other = **second;
    const qint64 seen = other.lastChangeId().value();
    QCOMPARE(seen, qint64(0));
    if (w.onPostgres()) {
        // PostgreSQL tells the other connection with NOTIFY at commit (what SessionThread listens to).
        QObject context;
        int notified = 0;
        QVERIFY(other.subscribeToChanges(&context, [&notified] { ++notified; }));
        auto c = w.report();
        QVERIFY(c.ok());
        QTRY_VERIFY_WITH_TIMEOUT(notified > 0, 5000);
        auto news = other.changesSince(seen, 100);
        QVERIFY2(news.ok(), qPrintable(news.errorMessage()));
        QCOMPARE(news->size(), 1);
        QCOMPARE(news->at(0).caseId, c->id);
        QCOMPARE(other.findCase(c->id)->number, c->number);
        // A rolled-back batch announces nothing.
        QTest::qWait(100);
        const int before = notified;
        QVERIFY(w.store().beginBatch().ok());
        QVERIFY(w.report().ok());
        w.store().rollbackBatch();
        QTest::qWait(300);
        QCOMPARE(notified, before);
        // And the other way round: a directory change is announced too.
        QObject mineContext;
        int mine = 0;
        QVERIFY(w.store().subscribeToChanges(&mineContext, [&mine] { ++mine; }));
        UserRecord u;
        u.login = u"late.arrival"_s;
        u.name = u"late"_s;
        u.role = Role::Inspector;
        u.jurisdiction = JurisdictionCode::parse(u"310101"_s).value();
        QVERIFY(other.addUser(u).ok());
        QTRY_VERIFY_WITH_TIMEOUT(mine > 0, 5000);
        QVERIFY(w.store().findUser(u"late.arrival"_s).ok());
        return;
    }
    const qint64 v0 = other.dataVersion().value();
    QCOMPARE(other.dataVersion().value(), v0); // stable while nobody writes
    const qint64 own0 = w.store().dataVersion().value();

    auto c = w.report();
    QVERIFY(c.ok());
    const qint64 v1 = other.dataVersion().value();
    QVERIFY(v1 != v0);
    QCOMPARE(w.store().dataVersion().value(), own0); // a connection's own commits do not bump it
    auto news = other.changesSince(seen, 100);
    QVERIFY2(news.ok(), qPrintable(news.errorMessage()));
    QCOMPARE(news->size(), 1);
    QCOMPARE(news->at(0).caseId, c->id);
    QCOMPARE(news->at(0).action, Action::Report);
    QCOMPARE(other.findCase(c->id)->number, c->number);

    c = w.act(u"acceptor"_s, *c, Action::Accept);
    QVERIFY(c.ok());
    const qint64 v2 = other.dataVersion().value();
    QVERIFY(v2 != v1);
    news = other.changesSince(news->last().id, 100);
    QCOMPARE(news->size(), 1);
    QCOMPARE(news->at(0).action, Action::Accept);
    QCOMPARE(other.lastChangeId().value(), w.store().lastChangeId().value());

    // And the other way round: the second store writes, the first sees it.
    const qint64 mine = w.store().dataVersion().value();
    UserRecord u;
    u.login = u"late.arrival"_s;
    u.name = u"late"_s;
    u.role = Role::Inspector;
    u.jurisdiction = JurisdictionCode::parse(u"310101"_s).value();
    QVERIFY(other.addUser(u).ok());
    QVERIFY(w.store().dataVersion().value() != mine);
    QVERIFY(w.store().findUser(u"late.arrival"_s).ok());
}

// --- audit -------------------------------------------------------------------------------------------------

void TestSqliteStore::auditOfAnUntouchedStoreIsOk()
{
    auto empty = mWorld->store().verifyAudit();
    QVERIFY(empty.ok());
    QCOMPARE(empty.casesChecked, 0);
    QCOMPARE(empty.eventsChecked, 0);
    CaseRecord a, b;
    QVERIFY(fillAuditCases(a, b));
    const AuditReport report = mWorld->store().verifyAudit();
    QCOMPARE(report.problems, QStringList());
    QVERIFY(report.ok());
    QCOMPARE(report.casesChecked, 2);
    QCOMPARE(report.eventsChecked, 5);
    // The chain itself: each event links to the one before, the case holds the head.
    auto events = mWorld->store().events(a.id);
    QVERIFY(events->at(0).prevHash.isEmpty());
    for (int i = 1; i < events->size(); ++i)
        QCOMPARE(events->at(i).prevHash, events->at(i - 1).hash);
    QCOMPARE(a.lastEventHash, events->last().hash);
    QCOMPARE(a.eventCount, 4);
    QCOMPARE(events->last().hash, computeEventHash(events->last().prevHash, events->last()));
}

void TestSqliteStore::auditFindsTampering_data()
{
    QTest::addColumn<QStringList>("statements"); // {A}, {B}: case ids
    QTest::addColumn<QStringList>("problems");   // {An}, {Bn}: case numbers; {B}: id; {Bev}: B's event id

    QTest::newRow("an event's comment edited")
        << QStringList{u"UPDATE case_events SET comment = '没有问题' WHERE case_id = {A} AND seq = 2"_s}
        << QStringList{u"case {An}: event #2 (accept by acceptor at 2026-11-23 09:10:00) was edited: its "
                       u"content does not match its hash"_s};
    QTest::newRow("an event's time edited")
        << QStringList{u"UPDATE case_events SET at = at - 3600000 WHERE case_id = {A} AND seq = 3"_s}
        << QStringList{u"case {An}: event #3 (file by shift at 2026-11-23 08:20:00) was edited: its "
                       u"content does not match its hash"_s};
    QTest::newRow("a middle event deleted")
        << QStringList{u"DELETE FROM case_events WHERE case_id = {A} AND seq = 2"_s}
        << QStringList{u"case {An}: event #2 is missing (deleted): event #3 (file by shift at 2026-11-23 "
                       u"09:20:00) follows #1"_s};
    QTest::newRow("the last event deleted")
        << QStringList{u"DELETE FROM case_events WHERE case_id = {A} AND seq = 4"_s}
        << QStringList{u"case {An}: the last 1 event(s) are missing (deleted): the case records 4 events, "
                       u"the chain ends at #3"_s};
    QTest::newRow("the last two events deleted")
        << QStringList{u"DELETE FROM case_events WHERE case_id = {A} AND seq >= 3"_s}
        << QStringList{u"case {An}: the last 2 event(s) are missing (deleted): the case records 4 events, "
                       u"the chain ends at #2"_s};
    QTest::newRow("the only event of a case deleted")
        << QStringList{u"DELETE FROM case_events WHERE case_id = {B}"_s}
        << QStringList{u"case {Bn}: all 1 of its events are missing (deleted)"_s};
    QTest::newRow("a whole case deleted")
        << QStringList{u"DELETE FROM case_events WHERE case_id = {B}"_s,
                       u"DELETE FROM cases WHERE id = {B}"_s}
        << QStringList{u"case id {B} and its events are missing (deleted); the change feed still lists its "
                       u"'report' event {Bev}"_s};
    QTest::newRow("the case record's head rewritten")
        << QStringList{u"UPDATE cases SET last_event_hash = 'abc' WHERE id = {A}"_s}
        << QStringList{u"case {An}: the head of its event chain does not match the case record"_s};
}

void TestSqliteStore::auditFindsTampering()
{
    QFETCH(QStringList, statements);
    QFETCH(QStringList, problems);
    CaseRecord a, b;
    QVERIFY(fillAuditCases(a, b));
    QVERIFY(mWorld->store().verifyAudit().ok());
    const qint64 bEvent = mWorld->store().events(b.id)->first().id;
    auto fill = [&](QString s) {
        return s.replace(u"{An}"_s, a.number)
            .replace(u"{Bn}"_s, b.number)
            .replace(u"{Bev}"_s, QString::number(bEvent))
            .replace(u"{A}"_s, QString::number(a.id))
            .replace(u"{B}"_s, QString::number(b.id));
    };
    {
        RawConnection raw(mWorld->path());
        QVERIFY(raw.isOpen());
        QCOMPARE(raw.exec(dropTrigger(mWorld->path(), u"case_events_no_update"_s)), QString());
        QCOMPARE(raw.exec(dropTrigger(mWorld->path(), u"case_events_no_delete"_s)), QString());
        for (const QString &sql : std::as_const(statements))
            QCOMPARE(raw.exec(fill(sql)), QString());
    }
    QStringList expected;
    for (const QString &p : std::as_const(problems))
        expected.append(fill(p));
    const AuditReport report = mWorld->store().verifyAudit();
    QVERIFY(!report.ok());
    QCOMPARE(report.problems, expected);
}

void TestSqliteStore::auditFindsAnEditedActorName()
{
    CaseRecord a, b;
    QVERIFY(fillAuditCases(a, b));
    {
        RawConnection raw(mWorld->path());
        QCOMPARE(raw.exec(dropTrigger(mWorld->path(), u"case_events_no_update"_s)), QString());
        QCOMPARE(
            raw.exec(
                u"UPDATE case_events SET actor_name = 'leader' WHERE case_id = %1 AND seq = 2"_s.arg(a.id)),
            QString());
    }
    QCOMPARE(mWorld->store().events(a.id)->at(1).actorName, u"leader"_s); // what the timeline now shows
    const AuditReport report = mWorld->store().verifyAudit();
    // Who acted is part of the hash: rewriting it is found.
    QCOMPARE(
        report.problems,
        QStringList{u"case %1: event #2 (accept by leader at 2026-11-23 09:10:00) was edited: its content "
                    u"does not match its hash"_s.arg(a.number)});
}

void TestSqliteStore::caseEventsAreAppendOnly_data()
{
    QTest::addColumn<QString>("statement");
    QTest::newRow("update") << u"UPDATE case_events SET comment = 'x' WHERE id = 1"_s;
    QTest::newRow("delete") << u"DELETE FROM case_events WHERE id = 1"_s;
    QTest::newRow("delete all") << u"DELETE FROM case_events"_s;
}

void TestSqliteStore::caseEventsAreAppendOnly()
{
    QFETCH(QString, statement);
    CaseRecord a, b;
    QVERIFY(fillAuditCases(a, b));
    const QList<CaseEvent> before = mWorld->store().events(a.id).value();
    {
        RawConnection raw(mWorld->path());
        const QString error = raw.exec(statement);
        QVERIFY2(error.contains(u"case events are append-only"_s), qPrintable(error));
    }
    // Through the store's own connection too.
    QSqlQuery q(mWorld->store().database());
    QVERIFY(!q.exec(statement));
    QVERIFY2(q.lastError().text().contains(u"case events are append-only"_s),
             qPrintable(q.lastError().text()));
    q.finish();
    const QList<CaseEvent> after = mWorld->store().events(a.id).value();
    QCOMPARE(after.size(), before.size());
    QCOMPARE(after.first().comment, before.first().comment);
    QCOMPARE(rowCount(mWorld->store(), u"case_events"_s), 5);
    QVERIFY(mWorld->store().verifyAudit().ok());
}

// --- batches -----------------------------------------------------------------------------------------------

void TestSqliteStore::rolledBackBatchLeavesNothing()
{
    auto &w = *mWorld;
    auto &st = w.store();
    QVERIFY(st.beginBatch().ok());
    auto c1 = w.report();
    auto c2 = w.report(u"acceptor"_s);
    QVERIFY(c1.ok() && c2.ok());
    QVERIFY(w.act(u"acceptor"_s, *c1, Action::Accept).ok());
    auto info = st.addAttachment(QByteArray("batch photo"), u"b.jpg"_s, u"image/jpeg"_s);
    QVERIFY(info.ok());
    QCOMPARE(rowCount(st, u"cases"_s), 2); // visible inside the batch
    st.rollbackBatch();

    QCOMPARE(rowCount(st, u"cases"_s), 0);
    QCOMPARE(rowCount(st, u"case_events"_s), 0);
    QCOMPARE(rowCount(st, u"change_feed"_s), 0);
    QCOMPARE(rowCount(st, u"attachments"_s), 0);
    QCOMPARE(st.lastChangeId().value(), qint64(0));
    QCOMPARE(st.casePage(CaseQuery{})->rows.size(), 0);
    QCOMPARE(st.countByState(CaseQuery{})->size(), 0);
    QCOMPARE(st.findCase(c1->id).errorCode(), ErrorCode::NotFound);
    QVERIFY(st.verifyAudit().ok());

    // The store works normally afterwards, in and out of batches.
    auto c3 = w.report();
    QVERIFY2(c3.ok(), qPrintable(c3.errorMessage()));
    QCOMPARE(st.changesSince(0, 10)->size(), 1);
    QVERIFY(st.beginBatch().ok());
    QVERIFY(w.report().ok());
    QVERIFY(st.commitBatch().ok());
    QCOMPARE(rowCount(st, u"cases"_s), 2);
    QCOMPARE(st.changesSince(0, 10)->size(), 2);
    QVERIFY(st.verifyAudit().ok());
}

void TestSqliteStore::batchesDoNotNest()
{
    auto &st = mWorld->store();
    QVERIFY(st.beginBatch().ok());
    auto twice = st.beginBatch();
    QVERIFY(!twice.ok());
    QCOMPARE(twice.errorCode(), ErrorCode::Storage);
    QCOMPARE(twice.errorMessage(), u"a batch is already open"_s);
    QVERIFY(mWorld->report().ok()); // the first batch is still usable
    QVERIFY(st.commitBatch().ok());
    QCOMPARE(rowCount(st, u"cases"_s), 1);
    auto none = st.commitBatch();
    QCOMPARE(none.errorCode(), ErrorCode::Storage);
    QCOMPARE(none.errorMessage(), u"no batch is open"_s);

    // While a batch holds the write lock, another connection still opens the store and reads.
    QVERIFY(st.beginBatch().ok());
    auto other = SqliteStore::open(mWorld->path(), SqliteStore::OpenMode::MustExist);
    QVERIFY2(other.ok(), qPrintable(other.errorMessage()));
    QCOMPARE((*other)->casePage(CaseQuery{})->rows.size(), 1); // readers are not blocked
    st.rollbackBatch();
}

QTEST_GUILESS_MAIN(TestSqliteStore)
#include "test_sqlitestore.moc"
