#include "net/outboxsender.h"

#include "net/gateway.h"

#include <QMessageAuthenticationCode>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::Literals::StringLiterals;

namespace cg {

OutboxSender::OutboxSender(Gateway &gateway)
    : mGateway(gateway)
{
    mTimer.setInterval(std::clamp(gateway.config().outboxInitialRetryMs / 2, 20, 1000));
    connect(&mTimer, &QTimer::timeout, this, &OutboxSender::poll);
}

void OutboxSender::start()
{
    mRunning = true;
    mTimer.start();
    wake();
}

void OutboxSender::stop()
{
    mRunning = false;
    mTimer.stop();
    // Replies still in flight are aborted: their messages stay undelivered and go out after the next start.
    const auto replies = mNetwork.findChildren<QNetworkReply *>();
    for (QNetworkReply *r : replies)
        r->abort();
}

void OutboxSender::wake()
{
    if (!mRunning)
        return;
    if (mPolling || mInFlight > 0) {
        mWakeAgain = true;
        return;
    }
    poll();
}

qint64 OutboxSender::backoffMs(int attempts, int initialMs, int maxMs)
{
    qint64 delay = initialMs;
    for (int i = 1; i < attempts && delay < maxMs; ++i)
        delay *= 2;
    return std::min<qint64>(delay, maxMs);
}

QByteArray OutboxSender::signature(const QByteArray &secret, const QByteArray &timestamp,
                                   const QByteArray &body)
{
    return "sha256=" +
           QMessageAuthenticationCode::hash(timestamp + '.' + body, secret, QCryptographicHash::Sha256)
               .toHex();
}

void OutboxSender::poll()
{
    if (!mRunning || mPolling || mInFlight > 0)
        return;
    mPolling = true;
    mWakeAgain = false;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    mGateway.storeThread()
        .run([now](GatewayBackend &b) { return b.repository->dueMessages(now, 64); })
        .then(this, [this](const Result<QList<OutboxMessage>> &due) {
            mPolling = false;
            if (!mRunning)
                return;
            if (!due) {
                mGateway.log(3, u"outbox: %1"_s.arg(due.errorMessage()));
                return;
            }
            for (const OutboxMessage &m : *due)
                send(m);
            if (mInFlight == 0 && mWakeAgain)
                wake();
        });
}

void OutboxSender::send(const OutboxMessage &message)
{
    ++mInFlight; // until settle() has recorded the attempt
    const ApiClient *hotline = mGateway.config().hotlineClient(message.hotline);
    if (!hotline) {
        settle(message, false, u"no hotline %1 is configured"_s.arg(message.hotline));
        return;
    }
    QNetworkRequest request(hotline->callbackUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("X-CityGrid-Message-Id", message.dedupeKey.toUtf8());
    if (!hotline->callbackSecret.isEmpty()) {
        const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
        request.setRawHeader("X-CityGrid-Timestamp", timestamp);
        request.setRawHeader("X-CityGrid-Signature",
                             signature(hotline->callbackSecret.toUtf8(), timestamp, message.body));
    }
    request.setTransferTimeout(mGateway.config().outboxTimeoutMs);
    QNetworkReply *reply = mNetwork.post(request, message.body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, message] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool ok = reply->error() == QNetworkReply::NoError && status >= 200 && status < 300;
        const QString error = ok ? QString() : (status > 0 ? u"HTTP %1"_s.arg(status) : reply->errorString());
        settle(message, ok, error);
    });
}

void OutboxSender::settle(const OutboxMessage &message, bool ok, const QString &error)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const int attempts = message.attempts + 1;
    const QDateTime next = now.addMSecs(
        backoffMs(attempts, mGateway.config().outboxInitialRetryMs, mGateway.config().outboxMaxRetryMs));
    const qint64 id = message.id;
    mGateway.storeThread()
        .run([ok, id, attempts, next, now, error](GatewayBackend &b) {
            return ok ? b.repository->markDelivered(id, now)
                      : b.repository->markFailed(id, attempts, next, error);
        })
        .then(this, [this, ok, message, error](const Status &s) {
            --mInFlight;
            if (!s)
                mGateway.log(3, u"outbox: %1"_s.arg(s.errorMessage()));
            if (ok) {
                mWakeAgain = true; // the ticket's next message may be due now
                Q_EMIT delivered(message.id, message.event);
            } else {
                mGateway.log(4, u"callback %1 %2/%3 %4 failed (attempt %5): %6"_s
                                    .arg(message.event, message.hotline, message.ticketId)
                                    .arg(message.id)
                                    .arg(message.attempts + 1)
                                    .arg(error));
                Q_EMIT attemptFailed(message.id, error);
            }
            if (mInFlight == 0 && mWakeAgain)
                wake();
        });
}

} // namespace cg
