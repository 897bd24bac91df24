#pragma once

#include "net/sqlgatewayrepository.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

namespace cg {

class Gateway;

// POSTs the outbox's messages to the hotlines' callback URLs: the oldest undelivered message of each ticket
// first, so a ticket's results arrive in order; a failed POST (no connection, timeout, a status other than
// 2xx) is retried with exponential backoff (initial, doubling, capped). Messages stay in the store until
// delivered, so neither an outage of the hotline nor a restart of the gateway loses one; a hotline may see a
// message twice (after a crash between its 2xx and our bookkeeping) and drops it by messageId.
class OutboxSender : public QObject
{
    Q_OBJECT
public:
    explicit OutboxSender(Gateway &gateway);
    void start();
    void stop();
    // Look now (new messages were queued).
    void wake();
    static qint64 backoffMs(int attempts, int initialMs, int maxMs);
    // The signature of a callback: "sha256=" + hex HMAC-SHA256 of "<timestamp>.<body>" with the hotline's
    // secret (X-CityGrid-Signature; the timestamp, Unix seconds, is X-CityGrid-Timestamp).
    static QByteArray signature(const QByteArray &secret, const QByteArray &timestamp,
                                const QByteArray &body);

Q_SIGNALS:
    void delivered(qint64 id, const QString &event);
    void attemptFailed(qint64 id, const QString &error);

private:
    void poll();
    void send(const OutboxMessage &message);
    void settle(const OutboxMessage &message, bool ok, const QString &error);

    Gateway &mGateway;
    QNetworkAccessManager mNetwork;
    QTimer mTimer;
    bool mPolling = false;
    bool mRunning = false;
    bool mWakeAgain = false;
    int mInFlight = 0;
};

} // namespace cg
