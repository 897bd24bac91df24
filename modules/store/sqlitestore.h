#pragma once

#include "core/catalogue.h"
#include "core/repositories.h"

#include <QSqlDatabase>
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

// The embedded store: one SQLite file in WAL mode (plus a folder of attachments beside it).
// A SqliteStore and its connection belong to the thread that opened it.
class SqliteStore
    : public CaseRepository
    , public DirectoryRepository
{
public:
    enum class OpenMode { CreateIfMissing, MustExist };

    static Result<std::unique_ptr<SqliteStore>> open(const QString &path,
                                                     OpenMode mode = OpenMode::CreateIfMissing);
    ~SqliteStore() override;

    static int latestSchemaVersion();
    int schemaVersion() const { return mSchemaVersion; }
    const QString &path() const { return mPath; }
    QSqlDatabase database() const;

    // Groups many writes into one transaction (bulk loading); every write inside is a savepoint.
    Status beginBatch();
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
    SqliteStore(QString path, QString connectionName);
    Status initialise(OpenMode mode, bool existed);
    Status migrate();
    Error sqlError(const QSqlQuery &query, const QString &what) const;
    Error corrupt(const QString &what, const QString &problem) const;
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &values = {});
    struct WriteOutcome
    {
        qint64 lastInsertId = 0;
        int rowsAffected = 0;
    };
    Status forEachRow(const QString &sql, const QVariantList &values,
                      const std::function<void(const QSqlQuery &)> &row);
    Result<WriteOutcome> execWrite(const QString &sql, const QVariantList &values);
    Status savepoint();
    Status release();
    void rollbackToSavepoint();
    Status writeEvent(CaseEvent &event, const CaseRecord &record);
    Status bindAndWriteCase(const CaseRecord &record, bool insert, int expectedVersion, bool *stale);
    Result<QList<CaseRecord>> selectCases(const QString &where, const QVariantList &values,
                                          const QString &tail = {});

    QString mPath;
    QString mConnectionName;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> mStatements; // writes, prepared once
    int mSchemaVersion = 0;
    int mSavepointDepth = 0;
    bool mInBatch = false;
};

} // namespace cg
