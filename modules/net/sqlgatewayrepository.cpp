#include "net/sqlgatewayrepository.h"
#include "store/sqlvalues.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

const QString TicketColumns =
    u"hotline, ticket_id, round, case_id, previous_case_id, ticket_type, content, address, contact_masked, "
    u"crs, "
    u"received_at, hotline_due_at, first_contact_due_at, first_contact_at, suggested_class, suggestion_score"_s;
const QString MessageColumns = u"id, hotline, ticket_id, event, body, dedupe_key, created_at, attempts, "
                               u"next_attempt_at, delivered_at, last_error"_s;

} // namespace

Result<SqlGatewayRepository> SqlGatewayRepository::open(const QSqlDatabase &db)
{
    // The tables come with the store's migration 5 (modules/store/schema_gateway.cpp); a store that is older
    // (a station that was not restarted since the update) is named plainly rather than half-served.
    SqlGatewayRepository repo(db);
    for (const QString &table :
         {u"net_hotline_tickets"_s, u"net_outbox"_s, u"net_counters"_s, u"net_field_tokens"_s,
          u"net_gps_tracks"_s, u"net_open311_tokens"_s, u"probable_duplicates"_s}) {
        QSqlQuery probe(db);
        if (!probe.exec(u"SELECT 1 FROM %1 WHERE 1 = 0"_s.arg(table)))
            return makeError(ErrorCode::Storage,
                             u"the store has no table %1 (the gateway needs schema version 5 or later); "
                             u"migrate it with citygrid-admin --store ... init: %2"_s.arg(
                                 table, probe.lastError().text()));
    }
    return repo;
}

Result<QSqlQuery *> SqlGatewayRepository::exec(const QString &sql, const QVariantList &values)
{
    // Statements are prepared once per connection: the hotline intake runs them for every ticket.
    auto it = mStatements->find(sql);
    if (it == mStatements->end()) {
        auto q = std::make_shared<QSqlQuery>(mDb);
        q->setForwardOnly(true);
        if (!q->prepare(sql))
            return makeError(ErrorCode::Storage,
                             u"gateway tables: %1 (%2)"_s.arg(q->lastError().text(), sql));
        it = mStatements->emplace(sql, std::move(q)).first;
    }
    QSqlQuery *q = it->second.get();
    for (int i = 0; i < values.size(); ++i)
        q->bindValue(i, values[i]);
    if (!q->exec())
        return makeError(ErrorCode::Storage, u"gateway tables: %1"_s.arg(q->lastError().text()));
    return q;
}

void SqlGatewayRepository::finishStatements()
{
    for (auto &[sql, query] : *mStatements) {
        if (query->isActive())
            query->finish();
    }
}

HotlineTicketRecord SqlGatewayRepository::readTicket(const QSqlQuery &q)
{
    HotlineTicketRecord t;
    int i = 0;
    t.hotline = q.value(i++).toString();
    t.ticketId = q.value(i++).toString();
    t.round = q.value(i++).toInt();
    t.caseId = q.value(i++).toLongLong();
    t.previousCaseId = q.value(i++).toLongLong();
    t.type = q.value(i++).toString();
    t.content = q.value(i++).toString();
    t.address = q.value(i++).toString();
    t.contactMasked = q.value(i++).toString();
    t.crs = q.value(i++).toString();
    t.receivedAt = fromMs(q.value(i++));
    t.hotlineDueAt = fromMs(q.value(i++));
    t.firstContactDueAt = fromMs(q.value(i++));
    t.firstContactAt = fromMs(q.value(i++));
    t.suggestedClass = q.value(i++).toString();
    t.suggestionScore = q.value(i++).toDouble();
    return t;
}

Result<std::optional<HotlineTicketRecord>>
SqlGatewayRepository::findTicket(const QString &hotline, const QString &ticketId, int round)
{
    auto q = round > 0
                 ? exec(u"SELECT "_s + TicketColumns +
                            u" FROM net_hotline_tickets WHERE hotline = ? AND ticket_id = ? AND round = ?"_s,
                        {hotline, ticketId, round})
                 : exec(u"SELECT "_s + TicketColumns +
                            u" FROM net_hotline_tickets WHERE hotline = ? AND ticket_id = ? "
                            u"ORDER BY round DESC LIMIT 1"_s,
                        {hotline, ticketId});
    if (!q)
        return q.error();
    if (!(*q)->next())
        return std::optional<HotlineTicketRecord>();
    return std::optional<HotlineTicketRecord>(readTicket(**q));
}

Result<std::optional<HotlineTicketRecord>> SqlGatewayRepository::ticketForCase(qint64 caseId)
{
    auto q = exec(u"SELECT "_s + TicketColumns + u" FROM net_hotline_tickets WHERE case_id = ?"_s, {caseId});
    if (!q)
        return q.error();
    if (!(*q)->next())
        return std::optional<HotlineTicketRecord>();
    return std::optional<HotlineTicketRecord>(readTicket(**q));
}

Status SqlGatewayRepository::insertTicket(const HotlineTicketRecord &t)
{
    auto q = exec(
        u"INSERT INTO net_hotline_tickets ("_s + TicketColumns +
            u") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"_s,
        {t.hotline, t.ticketId, t.round, t.caseId,
         t.previousCaseId > 0 ? QVariant(t.previousCaseId) : QVariant(QMetaType(QMetaType::LongLong)), t.type,
         t.content, t.address, t.contactMasked, t.crs, msOrNull(t.receivedAt), msOrNull(t.hotlineDueAt),
         msOrNull(t.firstContactDueAt), msOrNull(t.firstContactAt), t.suggestedClass, t.suggestionScore});
    if (!q)
        return q.error();
    // Stored by another connection since this one looked (no error: the transaction stays usable).
    if ((*q)->numRowsAffected() == 0)
        return makeError(
            ErrorCode::Duplicate,
            u"%1 ticket %2 round %3 is stored already"_s.arg(t.hotline, t.ticketId).arg(t.round));
    return {};
}

Status SqlGatewayRepository::setFirstContact(const QString &hotline, const QString &ticketId, int round,
                                             const QDateTime &at)
{
    auto q = exec(u"UPDATE net_hotline_tickets SET first_contact_at = ? "
                  u"WHERE hotline = ? AND ticket_id = ? AND round = ? AND first_contact_at IS NULL"_s,
                  {msOrNull(at), hotline, ticketId, round});
    if (!q)
        return q.error();
    return {};
}

OutboxMessage SqlGatewayRepository::readMessage(const QSqlQuery &q)
{
    OutboxMessage m;
    int i = 0;
    m.id = q.value(i++).toLongLong();
    m.hotline = q.value(i++).toString();
    m.ticketId = q.value(i++).toString();
    m.event = q.value(i++).toString();
    m.body = q.value(i++).toByteArray();
    m.dedupeKey = q.value(i++).toString();
    m.createdAt = fromMs(q.value(i++));
    m.attempts = q.value(i++).toInt();
    m.nextAttemptAt = fromMs(q.value(i++));
    m.deliveredAt = fromMs(q.value(i++));
    m.lastError = q.value(i++).toString();
    return m;
}

Result<bool> SqlGatewayRepository::enqueue(const OutboxMessage &m)
{
    auto q = exec(u"INSERT INTO net_outbox (hotline, ticket_id, event, body, dedupe_key, created_at, "
                  u"next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"_s,
                  {m.hotline, m.ticketId, m.event, m.body, m.dedupeKey, msOrNull(m.createdAt),
                   msOrNull(m.nextAttemptAt.isValid() ? m.nextAttemptAt : m.createdAt)});
    if (!q)
        return q.error();
    return (*q)->numRowsAffected() > 0;
}

Result<QList<OutboxMessage>> SqlGatewayRepository::dueMessages(const QDateTime &now, int limit)
{
    auto q =
        exec(u"SELECT "_s + MessageColumns +
                 u" FROM net_outbox WHERE id IN (SELECT min(id) FROM net_outbox WHERE delivered_at IS NULL "
                 u"GROUP BY hotline, ticket_id) AND next_attempt_at <= ? ORDER BY id LIMIT ?"_s,
             {msOrNull(now), limit});
    if (!q)
        return q.error();
    QList<OutboxMessage> out;
    while ((*q)->next())
        out.append(readMessage(**q));
    return out;
}

Status SqlGatewayRepository::markDelivered(qint64 id, const QDateTime &at)
{
    auto q = exec(u"UPDATE net_outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL "
                  u"WHERE id = ?"_s,
                  {msOrNull(at), id});
    if (!q)
        return q.error();
    return {};
}

Status SqlGatewayRepository::markFailed(qint64 id, int attempts, const QDateTime &nextAttemptAt,
                                        const QString &error)
{
    auto q = exec(u"UPDATE net_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?"_s,
                  {attempts, msOrNull(nextAttemptAt), error, id});
    if (!q)
        return q.error();
    return {};
}

Result<int> SqlGatewayRepository::pendingCount()
{
    auto q = exec(u"SELECT count(*) FROM net_outbox WHERE delivered_at IS NULL"_s);
    if (!q)
        return q.error();
    return (*q)->next() ? (*q)->value(0).toInt() : 0;
}

Result<QList<OutboxMessage>> SqlGatewayRepository::messagesFor(const QString &hotline,
                                                               const QString &ticketId)
{
    auto q = exec(u"SELECT "_s + MessageColumns +
                      u" FROM net_outbox WHERE hotline = ? AND ticket_id = ? ORDER BY id"_s,
                  {hotline, ticketId});
    if (!q)
        return q.error();
    QList<OutboxMessage> out;
    while ((*q)->next())
        out.append(readMessage(**q));
    return out;
}

Result<qint64> SqlGatewayRepository::counter(const QString &key)
{
    auto q = exec(u"SELECT value FROM net_counters WHERE key = ?"_s, {key});
    if (!q)
        return q.error();
    return (*q)->next() ? (*q)->value(0).toLongLong() : qint64(0);
}

Status SqlGatewayRepository::setCounter(const QString &key, qint64 value)
{
    auto q = exec(u"INSERT INTO net_counters (key, value) VALUES (?, ?) "
                  u"ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s,
                  {key, value});
    if (!q)
        return q.error();
    return {};
}

Status SqlGatewayRepository::addFieldToken(const QByteArray &tokenHash, const QString &login,
                                           const QDateTime &expiresAt)
{
    auto q = exec(u"INSERT INTO net_field_tokens (token_hash, login, expires_at) VALUES (?, ?, ?)"_s,
                  {tokenHash, login, msOrNull(expiresAt)});
    if (!q)
        return q.error();
    return {};
}

Result<std::optional<QString>> SqlGatewayRepository::loginForFieldToken(const QByteArray &tokenHash,
                                                                        const QDateTime &now)
{
    auto q = exec(u"SELECT login FROM net_field_tokens WHERE token_hash = ? AND expires_at > ?"_s,
                  {tokenHash, msOrNull(now)});
    if (!q)
        return q.error();
    if (!(*q)->next())
        return std::optional<QString>();
    return std::optional<QString>((*q)->value(0).toString());
}

Result<bool> SqlGatewayRepository::addTrack(const QString &login, const QString &clientId,
                                            const QByteArray &pointsJson, int pointCount, const QDateTime &at)
{
    auto q = exec(u"INSERT INTO net_gps_tracks (login, client_id, points, point_count, received_at) "
                  u"VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"_s,
                  {login, clientId, QString::fromUtf8(pointsJson), pointCount, msOrNull(at)});
    if (!q)
        return q.error();
    return (*q)->numRowsAffected() > 0;
}

Result<int> SqlGatewayRepository::trackPointCount(const QString &login)
{
    auto q = exec(u"SELECT coalesce(sum(point_count), 0) FROM net_gps_tracks WHERE login = ?"_s, {login});
    if (!q)
        return q.error();
    return (*q)->next() ? (*q)->value(0).toInt() : 0;
}

Status SqlGatewayRepository::addOpen311Token(const QString &token, qint64 caseId)
{
    auto q = exec(u"INSERT INTO net_open311_tokens (token, case_id) VALUES (?, ?) ON CONFLICT DO NOTHING"_s,
                  {token, caseId});
    if (!q)
        return q.error();
    return {};
}

Result<std::optional<qint64>> SqlGatewayRepository::caseForOpen311Token(const QString &token)
{
    auto q = exec(u"SELECT case_id FROM net_open311_tokens WHERE token = ?"_s, {token});
    if (!q)
        return q.error();
    if (!(*q)->next())
        return std::optional<qint64>();
    return std::optional<qint64>((*q)->value(0).toLongLong());
}

} // namespace cg
