#pragma once

#include "net/hotlineticket.h"
#include "net/httpserver.h"

#include <QDateTime>
#include <QList>
#include <QPointF>
#include <QString>

namespace cg {

class Gateway;
struct GatewayBackend;

// Turns the case events of hotline cases (any station's) into outbox messages, from the change feed, in the
// store thread; the feed cursor moves in the same transaction, so each result is queued exactly once.
Result<int> collectHotlineResults(GatewayBackend &backend, int limit = 500);

// The hotline routes under /hotline/v1/.
class HotlineApi
{
public:
    explicit HotlineApi(Gateway &gateway)
        : mGateway(gateway)
    {}
    // False when the path is not a hotline route.
    bool handle(const HttpRequest &request, const HttpResponder &responder);

private:
    void postTicket(const HttpRequest &request, const HttpResponder &responder, const QString &clientName,
                    const QString &hotline);
    void getTicket(const QString &hotline, const QString &ticketId, const HttpResponder &responder,
                   const QString &clientName);
    void postFeedback(const HttpRequest &request, const QString &hotline, const QString &ticketId,
                      const HttpResponder &responder, const QString &clientName);
    void postFirstContact(const HttpRequest &request, const QString &hotline, const QString &ticketId,
                          const HttpResponder &responder, const QString &clientName);
    Gateway &mGateway;
};

} // namespace cg
