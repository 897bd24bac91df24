#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include <memory>
#include <optional>
#include <unordered_map>

class QSqlQuery;

namespace cg {

// A hotline ticket beside its case: the hotline's own clock runs next to the case's (DOMAIN.md §5).
// Round 1 is the first handling; a dissatisfied citizen's feedback opens round 2 (3, ...) on a new case.
struct HotlineTicketRecord
{
    QString hotline; // "12345" / "12319"
    QString ticketId;
    int round = 1;
    qint64 caseId = 0;
    qint64 previousCaseId = 0; // the case of the round before, for round > 1
    QString type;              // consultation, help, complaint, suggestion, urge
    QString content;
    QString address;
    QString contactMasked; // "张* 138****5678": the full contact is never stored
    QString crs;           // the CRS the location arrived in
    QDateTime receivedAt;
    QDateTime hotlineDueAt;      // the hotline's handling limit
    QDateTime firstContactDueAt; // contact the citizen within 1 working day
    QDateTime firstContactAt;    // null until done
    QString suggestedClass;      // catalogue key suggested from the text, for the acceptor to confirm
    double suggestionScore = 0;
};

// A result waiting to be POSTed to a hotline's callback URL; delivered at least once, in order per ticket.
struct OutboxMessage
{
    qint64 id = 0;
    QString hotline;
    QString ticketId;
    QString event; // accepted, first_contact, handled, returned, extension_requested, second_handling
    QByteArray body;
    QString dedupeKey; // the same result is queued once (change-feed id, first-contact, ...)
    QDateTime createdAt;
    int attempts = 0;
    QDateTime nextAttemptAt;
    QDateTime deliveredAt;
    QString lastError;
};

// The gateway's own tables (the store's migration 5, on SQLite and PostgreSQL), over the store's connection.
// Belongs to the store thread, like the connection.
class SqlGatewayRepository
{
public:
    static Result<SqlGatewayRepository> open(const QSqlDatabase &db);

    // Hotline tickets.
    Result<std::optional<HotlineTicketRecord>> findTicket(const QString &hotline, const QString &ticketId,
                                                          int round = 0); // 0: the latest round
    Result<std::optional<HotlineTicketRecord>> ticketForCase(qint64 caseId);
    // ErrorCode::Duplicate when this (hotline, ticket id, round) is stored already.
    Status insertTicket(const HotlineTicketRecord &ticket);
    Status setFirstContact(const QString &hotline, const QString &ticketId, int round, const QDateTime &at);

    // Outbox.
    Result<bool> enqueue(const OutboxMessage &message); // false when the dedupe key was queued before
    // The oldest undelivered message of each ticket whose next attempt is due, oldest first.
    Result<QList<OutboxMessage>> dueMessages(const QDateTime &now, int limit);
    Status markDelivered(qint64 id, const QDateTime &at);
    Status markFailed(qint64 id, int attempts, const QDateTime &nextAttemptAt, const QString &error);
    Result<int> pendingCount();
    Result<QList<OutboxMessage>> messagesFor(const QString &hotline, const QString &ticketId);

    // Small persistent counters (the change-feed cursor of the result collector).
    Result<qint64> counter(const QString &key);
    Status setCounter(const QString &key, qint64 value);

    // Field terminals: login tokens (stored hashed) and GPS tracks (one row per client-generated id).
    Status addFieldToken(const QByteArray &tokenHash, const QString &login, const QDateTime &expiresAt);
    Result<std::optional<QString>> loginForFieldToken(const QByteArray &tokenHash, const QDateTime &now);
    Result<bool> addTrack(const QString &login, const QString &clientId, const QByteArray &pointsJson,
                          int pointCount, const QDateTime &at); // false: this client id was stored before
    Result<int> trackPointCount(const QString &login);

    // Open311 tokens: a token handed out on POST leads to the request's id.
    Status addOpen311Token(const QString &token, qint64 caseId);
    Result<std::optional<qint64>> caseForOpen311Token(const QString &token);

    // Ends the cached statements' result sets, so that no read transaction outlives the work item (a stale
    // snapshot would make the next BEGIN IMMEDIATE fail with SQLITE_BUSY without waiting).
    void finishStatements();

private:
    explicit SqlGatewayRepository(QSqlDatabase db)
        : mDb(std::move(db))
        , mStatements(std::make_shared<std::unordered_map<QString, std::shared_ptr<QSqlQuery>>>())
    {}
    Result<QSqlQuery *> exec(const QString &sql, const QVariantList &values = {});
    static HotlineTicketRecord readTicket(const QSqlQuery &q);
    static OutboxMessage readMessage(const QSqlQuery &q);
    QSqlDatabase mDb;
    std::shared_ptr<std::unordered_map<QString, std::shared_ptr<QSqlQuery>>> mStatements;
};

} // namespace cg
