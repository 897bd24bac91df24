#pragma once

#include "core/catalogue.h"
#include "core/repositories.h"
#include "store/pgconnection.h"
#include "store/sqldialect.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

#include <functional>
#include <memory>
#include <unordered_map>

namespace cg {

struct Jurisdiction
{
    JurisdictionCode code;
    QString name;
    AreaClass areaClass = AreaClass::B; // the default area class of grids below it
};

struct UserRecord
{
    qint64 id = 0;
    QString login;
    QString name;
    Role role = Role::Acceptor;
    JurisdictionCode jurisdiction;
    qint64 unitId = 0;
    bool active = true;
};

struct AttachmentInfo
{
    QString hash; // SHA-256, hex
    qint64 size = 0;
    QString mimeType;
    QString originalName;
};

// The outcome of `audit verify`: every problem names the case and event.
struct AuditReport
{
    int casesChecked = 0;
    int eventsChecked = 0;
    QStringList problems;
    bool ok() const { return problems.isEmpty(); }
};

// The store behind every repository interface, on one of two engines (ARCHITECTURE.md, "Stores"):
// - SQLite: one file in WAL mode (plus a folder of attachments beside it), for one station;
// - PostgreSQL: a shared server, opened by URL (postgresql://user:password@host:port/db?sslmode=...).
// The SQL is shared; SqlDialect holds the few real differences. A SqlStore and its connection belong to the
// thread that opened it.
class SqlStore
    : public CaseRepository
    , public DirectoryRepository
{
public:
    enum class OpenMode { CreateIfMissing, MustExist };

    // A path opens (or creates) an SQLite file; a postgresql:// URL connects to a server.
    static Result<std::unique_ptr<SqlStore>> open(const QString &location,
                                                  OpenMode mode = OpenMode::CreateIfMissing);
    ~SqlStore() override;

    static int latestSchemaVersion();
    int schemaVersion() const { return mSchemaVersion; }
    // The file path, or the URL without its password: safe to show and to put in messages.
    const QString &path() const { return mPath; }
    const SqlDialect &dialect() const { return mDialect; }
    bool isPostgres() const { return mDialect.engine == SqlEngine::Postgres; }
    QSqlDatabase database() const;

    // PostgreSQL: calls `onChange` (in this store's thread) whenever another connection committed a change
    // (LISTEN/NOTIFY). Returns false on SQLite, which has no notifications (poll dataVersion() instead).
    bool subscribeToChanges(QObject *context, const std::function<void()> &onChange);
    // PostgreSQL: whether the connection to the server still works (a cheap round trip).
    bool isConnected();
    // PostgreSQL: opens a new connection after the server went away (restart, network). Prepared statements
    // and the change subscription are renewed, and the subscriber is called once (it may have missed
    // changes). The store also does this by itself before the next statement after a lost connection.
    Status reconnect();
    // PostgreSQL: sets a run-time parameter of this store's connection (set_config), now and again after
    // every reconnect. Does nothing on SQLite.
    Status setSessionParameter(const QString &name, const QString &value);
    // Calls `row` for every row of `sql` with `values` bound. For hot reads (every report, every action): the
    // statement is prepared once per connection and kept (one round trip to PostgreSQL instead of PREPARE,
    // EXECUTE and DEALLOCATE), always read to its end and finished, so no snapshot stays open; it runs again
    // once on a new connection after a lost one.
    Status forEachRow(const QString &sql, const QVariantList &values,
                      const std::function<void(const QSqlQuery &)> &row);

    // Groups many writes into one transaction (bulk loading); every write inside is a savepoint.
    Status beginBatch();
    // PostgreSQL: the caller runs each write of a batch in a savepoint of its own (or as the whole
    // transaction) and rolls it back when the write fails, as the gateway's group commit does. The store then
    // leaves out its own savepoint around a write at the batch's outer level (two round trips fewer per
    // write); a failed write leaves the rollback to the caller. SQLite's savepoints cost no round trip and
    // stay.
    void setCallerRollsBackFailedWrites(bool on) { mCallerRollsBack = on; }
    // PostgreSQL: each commit is announced to the other stations (NOTIFY citygrid_changes, payload the
    // newest feed id) right after it. With an interval, a commit within `ms` of the last announcement holds
    // its own instead, and announceHeld() sends it: a station reads every change up to the announced feed id,
    // so the newest held one stands for all. For a writer that commits every millisecond or two (the
    // gateway), whose every announcement would be one more round trip; the caller calls announceHeld()
    // within the interval. 0 (the default): every commit at once.
    void setAnnouncementInterval(int ms) { mAnnouncementIntervalMs = ms; }
    void announceHeld();
    // A write of a table without change-feed rows that other stations show (probable_duplicates): announced
    // with the open transaction's commit (payload: the table's name, unless a feed id is announced with it),
    // or at once when no transaction is open. PostgreSQL; SQLite's stations find changes by polling.
    void announceChangeOf(const QString &table);
    Status commitBatch();
    void rollbackBatch();
    bool isEmpty();

    // Jurisdictions, grids, units, users.
    Status addJurisdiction(const Jurisdiction &j);
    Result<QList<Jurisdiction>> jurisdictions();
    Status addGrid(UnitGrid &grid);
    Result<QList<UnitGrid>> grids(const JurisdictionCode &community);
    Result<int> gridCount();
    Status addUnit(ResponsibleUnit &unit);
    Result<QList<ResponsibleUnit>> units();
    Status addUser(UserRecord &user);
    Result<QList<UserRecord>> users();

    // Administrators' catalogue changes, applied over the shipped defaults.
    Status saveCatalogueOverride(const CatalogueOverride &o);
    Result<QList<CatalogueOverride>> catalogueOverrides();

    // Files stored by content hash under <store>.files/.
    Result<AttachmentInfo> addAttachment(const QByteArray &content, const QString &originalName,
                                         const QString &mimeType);
    Result<QByteArray> attachmentContent(const QString &hash);
    QString attachmentFolder() const;

    // Bumps when another connection commits (change-feed polling).
    Result<qint64> dataVersion();
    Result<qint64> lastChangeId();

    AuditReport verifyAudit();

    // Whether this connection holds the duty `name` (e.g. the deadline watch) that one station of a shared
    // store does at a time: PostgreSQL grants it to the first to ask (an advisory lock, released when its
    // connection ends, so another station takes over); SQLite has a single station.
    bool holdsDuty(const QString &name);

    // --- security ---
    // Stores the login's password as an Argon2id hash (libsodium). On PostgreSQL it also creates or updates
    // the login's database role (databaseRoleFor) with that password, in the group citygrid_station, so
    // that the station connects as that role and row-level security limits it to the login's scope.
    // Needs the store's owner (the administrator's connection).
    Status setPassword(const QString &login, const QString &password);
    // Checks a login's password against its Argon2id hash; records the login, or the refusal, in the
    // access audit. A wrong login and a wrong password give the same message.
    Result<Actor> verifyLogin(const QString &login, const QString &password);
    // Appends to the access audit: kind is e.g. "login", "login_refused", "connect", "refused". Inside a
    // transaction (a batch, or a write that is being refused) the entry waits until that transaction has
    // ended, committed or rolled back, and is then written on its own: a refusal is never rolled back with
    // the work it refused.
    Status recordAccess(const QString &kind, const QString &login, const QString &detail);
    // PostgreSQL: the CityGrid login whose database role this connection uses (empty when the connection is
    // not a station's, e.g. the owner's); NotFound when a station role belongs to no active user. SQLite:
    // empty.
    Result<QString> connectedLogin();
    // The database user of this connection (PostgreSQL), or empty.
    QString databaseUser() const { return mPgSettings.user; }
    // The database role of a CityGrid login on PostgreSQL: cg_ + the login in lower case, other characters
    // as '_' (e.g. xh.dispatcher -> cg_xh_dispatcher).
    static QString databaseRoleFor(const QString &login);

    // CaseRepository
    Result<CaseRecord> findCase(qint64 id) override;
    Result<CaseRecord> findCaseByNumber(const QString &number) override;
    Result<QList<CaseEvent>> events(qint64 caseId) override;
    Result<std::optional<CaseEvent>> findEventByRequestId(const QString &requestId) override;
    Result<CaseRecord> createCase(CaseRecord record, CaseEvent event) override;
    Result<CaseRecord> updateCase(CaseRecord record, int expectedVersion, CaseEvent event) override;
    Result<CasePage> casePage(const CaseQuery &query) override;
    Result<QHash<CaseState, int>> countByState(const CaseQuery &query) override;
    Result<QList<CaseRecord>> casesDueBefore(const QDateTime &time, int limit) override;
    Result<QList<CaseRecord>> casesToResume(const QDateTime &time, int limit) override;
    Result<QList<ChangeEntry>> changesSince(qint64 lastSeenId, int limit) override;

    // DirectoryRepository
    Result<Actor> findUser(const QString &login) override;
    Result<ResponsibleUnit> findUnit(qint64 id) override;
    Result<UnitGrid> findGrid(const UnitGridCode &code) override;

private:
    SqlStore(QString path, QString connectionName, SqlDialect dialect);
    static Result<std::unique_ptr<SqlStore>> openSqlite(const QString &path, OpenMode mode);
    static Result<std::unique_ptr<SqlStore>> openPostgres(const QString &url, OpenMode mode);
    Status initialise(OpenMode mode, bool existed);
    Status initialisePostgres(OpenMode mode);
    Status migrate();
    Status migratePostgres();
    Error sqlError(const QSqlQuery &query, const QString &what) const;
    Error postgresError(const QSqlError &error, const QString &what) const;
    Status connectPostgres();
    Status applySessionParameter(const QSqlDatabase &db, const QString &name, const QString &value);
    Error corrupt(const QString &what, const QString &problem) const;
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &values = {});
    // Every row of `sql` read by `read(query, decoder)`; an undecodable row makes it a Corrupt error naming
    // `what`.
    template<typename T, typename Read>
    Result<QList<T>> readRows(const QString &sql, const QVariantList &values, Read read, const QString &what);
    Result<QSqlQuery> execOnce(const QString &sql, const QVariantList &values);
    Status forEachRowOnce(const QString &sql, const QVariantList &values,
                          const std::function<void(const QSqlQuery &)> &row);
    // `sql` prepared once per connection and kept (hot reads and writes), with `values` bound.
    Result<QSqlQuery *> cachedStatement(const QString &sql, const QVariantList &values);
    bool mayRetryOnNewConnection() const;
    struct WriteOutcome
    {
        qint64 lastInsertId = 0;
        int rowsAffected = 0;
    };
    // `returnsId`: the statement inserts a row whose new id is wanted (SQLite: last_insert_rowid;
    // PostgreSQL: RETURNING id).
    Result<WriteOutcome> execWrite(const QString &sql, const QVariantList &values, bool returnsId = false);
    Status savepoint();
    Status release();
    void rollbackToSavepoint();
    Status writeEvent(CaseEvent &event, const CaseRecord &record);
    // Runs a write prepared once per connection and returns the first column of its first row, if any.
    Result<std::optional<qint64>> execWriteValue(const QString &sql, const QVariantList &values);
    Error eventWriteError(const Error &error, const CaseEvent &event) const;
    Result<CaseRecord> refusedOrStale(const CaseRecord &record, int expectedVersion, const CaseEvent &event);
    QString loginOfUser(qint64 userId);
    // Access-audit entries recorded inside a transaction, written once it has ended.
    struct PendingAccess
    {
        QString kind;
        QString login;
        QString detail;
        qint64 atMs = 0;
    };
    QList<PendingAccess> mPendingAccess;
    // PostgreSQL without the change feed's NOTIFY trigger (migration "notify after commit"): the store
    // announces committed feed rows itself, after the commit.
    bool mAnnounceAfterCommit = false;
    QList<qint64> mAnnouncements;   // feed ids written by the open transaction
    qint64 mHeldAnnouncement = 0;   // the newest committed feed id not yet announced (0: none)
    QString mTableAnnouncement;     // a table the open transaction changed (announceChangeOf)
    QString mHeldTableAnnouncement; // a committed table change not yet announced
    int mAnnouncementIntervalMs = 0;
    QElapsedTimer mSinceAnnounced;
    qint64 mLastWriteSecond = 0; // second column of execWriteValue's row
    void announceAfterCommit(qint64 feedId);
    void sendAnnouncements();
    Status writeAccess(const PendingAccess &entry);
    void flushPendingAudit();
    Status bindAndWriteCase(const CaseRecord &record, bool insert, int expectedVersion, bool *stale);
    Result<QList<CaseRecord>> selectCases(const QString &where, const QVariantList &values,
                                          const QString &tail = {});

    QString mPath;
    QString mConnectionName;
    SqlDialect mDialect;
    PgConnectionSettings mPgSettings;                      // PostgreSQL only: how to connect again
    QList<std::pair<QString, QString>> mSessionParameters; // PostgreSQL only: set on every connection
    bool mCallerRollsBack = false;                         // see setCallerRollsBackFailedWrites
    bool mSavepointLeftOut = false; // the outer savepoint of the write in progress was not opened
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> mStatements; // writes, prepared once
    int mSchemaVersion = 0;
    // PostgreSQL: set when a statement failed because the connection was lost; the next statement outside a
    // transaction connects again first (a transaction in flight is reported as failed, never replayed).
    mutable bool mConnectionLost = false;
    // The change subscription, renewed on every new connection (and told, since changes may have been
    // missed).
    QPointer<QObject> mChangeContext;
    std::function<void()> mOnChange;
    bool listenOnConnection();
    QStringList mDuties; // advisory locks held by this connection
    Status reconnectIfLost();
    int mSavepointDepth = 0;
    bool mInBatch = false;
};

// The store was SqliteStore before it learnt PostgreSQL; the name stays for code that opens files.
using SqliteStore = SqlStore;

} // namespace cg
