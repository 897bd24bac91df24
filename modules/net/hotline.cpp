#include "net/hotline.h"
#include "store/geodatastore.h"

#include "net/gateway.h"
#include "net/httpserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

QString isoLocal(const QDateTime &t)
{
    return t.isValid() ? t.toOffsetFromUtc(8 * 3600).toString(Qt::ISODate) : QString();
}

QJsonValue isoOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(isoLocal(t)) : QJsonValue(QJsonValue::Null);
}

QString errorName(int status)
{
    switch (status) {
    case 404:
        return u"not_found"_s;
    case 409:
        return u"conflict"_s;
    case 403:
        return u"forbidden"_s;
    case 422:
        return u"unprocessable"_s;
    default:
        return u"storage"_s;
    }
}

CaseSource sourceOf(const QString &hotline)
{
    return hotline == u"12319"_s ? CaseSource::Hotline12319 : CaseSource::Hotline12345;
}

QString requestIdOf(const QString &hotline, const QString &ticketId)
{
    return u"hotline:%1:%2"_s.arg(hotline, ticketId);
}

// A ticket's case as the hotline sees it.
QJsonObject ticketJson(const HotlineTicketRecord &t, const CaseRecord &c, const Catalogue &catalogue)
{
    QJsonObject suggested;
    if (auto key = CatalogueKey::parse(t.suggestedClass)) {
        const CatalogueClass *cls = catalogue.find(*key);
        suggested = {{u"key"_s, t.suggestedClass},
                     {u"name"_s, cls ? cls->name : QString()},
                     {u"score"_s, std::round(t.suggestionScore * 100) / 100},
                     {u"confirmed"_s, false}};
    }
    return {{u"hotline"_s, t.hotline},
            {u"ticketId"_s, t.ticketId},
            {u"round"_s, t.round},
            {u"caseId"_s, c.id},
            {u"caseNumber"_s, c.number},
            {u"state"_s, stateName(c.state)},
            {u"grid"_s, c.grid.text()},
            {u"community"_s, c.community.text()},
            {u"suggestedClass"_s, suggested},
            {u"caseClass"_s, c.classKey.toString()},
            {u"hotlineDueAt"_s, isoOrNull(t.hotlineDueAt)},
            {u"firstContactDueAt"_s, isoOrNull(t.firstContactDueAt)},
            {u"firstContactAt"_s, isoOrNull(t.firstContactAt)},
            {u"caseStepDueAt"_s, isoOrNull(c.stepDueAt)},
            {u"previousCaseId"_s, t.previousCaseId > 0 ? QJsonValue(t.previousCaseId) : QJsonValue()}};
}

struct Outcome
{
    int status = 500;
    QJsonObject body;
    void fail(int s, const QString &code, const QString &message)
    {
        status = s;
        body = {{u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}};
    }
    void fail(const Error &e)
    {
        const int s = httpStatusFor(e.code);
        fail(s, errorName(s), e.message);
    }
};

// Answers from the group commit: a write that did not commit is never acknowledged.
std::function<void(bool)> answer(const std::shared_ptr<Outcome> &outcome, const HttpResponder &responder,
                                 const QString &clientName)
{
    return [outcome, responder, clientName](bool committed) {
        HttpResponse r;
        if (!committed && outcome->status < 300)
            r = HttpResponse::error(503, u"storage"_s,
                                    u"the store could not commit; nothing was kept, retry"_s);
        else
            r = HttpResponse::json(outcome->status, outcome->body);
        r.logNote = clientName;
        responder.send(r);
    };
}

QJsonObject readJsonObject(const HttpRequest &request, QString *problem)
{
    if (request.contentType() != "application/json") {
        *problem = u"the body must be application/json"_s;
        return {};
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    if (!doc.isObject()) {
        *problem = doc.isNull()
                       ? u"malformed JSON at offset %1: %2"_s.arg(error.offset).arg(error.errorString())
                       : u"the body must be a JSON object"_s;
        return {};
    }
    return doc.object();
}

} // namespace

namespace {

// The hotline event a case action gives, or empty for actions the hotline is not told of.
QString hotlineEventOf(Action action)
{
    switch (action) {
    case Action::Accept:
        return u"accepted"_s;
    case Action::Reject:
    case Action::DeclineToFile:
    case Action::ApproveVoid:
        return u"returned"_s;
    case Action::RequestExtension:
        return u"extension_requested"_s;
    case Action::Close:
    case Action::ApproveSelfDisposal:
        return u"handled"_s;
    default:
        return {};
    }
}

// The callback body of `event` for ticket `t`, from `event` of case `record` (the ticket's own case, or the
// main case a merged report waits for).
QJsonObject resultBody(const QString &messageId, const HotlineTicketRecord &t, const QString &event,
                       const QString &ticketCaseNumber, const CaseRecord &record,
                       const QList<CaseEvent> &events, const CaseEvent &current)
{
    QString handledText;
    for (const CaseEvent &e : events) {
        if (e.action == Action::ReportHandled || e.action == Action::SelfDispose)
            handledText = e.comment;
    }
    QJsonObject body{
        {u"messageId"_s, messageId},    {u"hotline"_s, t.hotline}, {u"ticketId"_s, t.ticketId},
        {u"round"_s, t.round},          {u"event"_s, event},       {u"caseNumber"_s, ticketCaseNumber},
        {u"at"_s, isoLocal(current.at)}};
    if (ticketCaseNumber != record.number)
        body.insert(u"mainCaseNumber"_s, record.number);
    if (event == u"handled"_s)
        body.insert(u"result"_s, handledText.isEmpty() ? current.comment : handledText);
    if (event == u"returned"_s) {
        const ReturnReason reason = parseReturnReason(current.comment);
        body.insert(u"reason"_s, QJsonObject{{u"code"_s, reason.code}, {u"text"_s, reason.text}});
    }
    if (event == u"extension_requested"_s) {
        body.insert(u"requestedDueAt"_s, isoOrNull(record.requestedDueAt));
        body.insert(u"reason"_s, current.comment);
    }
    return body;
}

Result<bool> enqueueResult(GatewayBackend &b, const HotlineTicketRecord &t, const QString &event,
                           const QString &dedupeKey, const QJsonObject &body)
{
    OutboxMessage m;
    m.hotline = t.hotline;
    m.ticketId = t.ticketId;
    m.event = event;
    m.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    m.dedupeKey = dedupeKey;
    m.createdAt = QDateTime::currentDateTimeUtc();
    auto added = b.repository->enqueue(m);
    if (added && *added)
        ++b.outboxQueued;
    return added;
}

// Tells a merged report's ticket that its report now waits for the main case (once per report).
Result<bool> enqueueMergedNotice(GatewayBackend &b, const HotlineTicketRecord &t,
                                 const ProbableDuplicate &link, const QString &caseNumber,
                                 const QString &mainCaseNumber)
{
    const QString key = u"merged-%1"_s.arg(link.caseId);
    return enqueueResult(b, t, u"merged"_s, key,
                         QJsonObject{{u"messageId"_s, key},
                                     {u"hotline"_s, t.hotline},
                                     {u"ticketId"_s, t.ticketId},
                                     {u"round"_s, t.round},
                                     {u"event"_s, u"merged"_s},
                                     {u"caseNumber"_s, caseNumber},
                                     {u"mainCaseNumber"_s, mainCaseNumber},
                                     {u"at"_s, isoLocal(link.decidedAt)}});
}

// The last event of a finished case that its merged reporters are told of (handled or returned).
const CaseEvent *finalEvent(const QList<CaseEvent> &events, QString *event)
{
    for (auto it = events.crbegin(); it != events.crend(); ++it) {
        const QString e = hotlineEventOf(it->action);
        if (e == u"handled"_s || e == u"returned"_s) {
            *event = e;
            return &*it;
        }
    }
    return nullptr;
}

} // namespace

Result<int> collectHotlineResults(GatewayBackend &b, int limit)
{
    auto cursor =
        b.feedCursor ? Result<qint64>(*b.feedCursor) : b.repository->counter(u"hotline_feed_cursor"_s);
    if (!cursor)
        return cursor.error();
    auto changes = b.store().changesSince(*cursor, limit);
    if (!changes)
        return changes.error();
    int queued = 0;
    qint64 last = *cursor;
    for (const ChangeEntry &change : std::as_const(*changes)) {
        last = std::max(last, change.id);
        QString event = hotlineEventOf(change.action);
        if (event.isEmpty())
            continue;
        // A report rejected because the acceptor merged it into another case: its reporter is told so, and
        // gets that case's result (now if it is finished, else when it is).
        std::optional<ProbableDuplicate> mergedLink;
        if (change.action == Action::Reject) {
            auto link = b.duplicates->activeLinkOf(change.caseId);
            if (!link)
                return link.error();
            if (link->has_value() && (*link)->state == DuplicateState::Merged)
                mergedLink = **link;
        }
        auto ticket = b.repository->ticketForCase(change.caseId);
        if (!ticket)
            return ticket.error();
        // Merged reports of this case wait for its final result.
        QList<ProbableDuplicate> merged;
        if (!mergedLink && (event == u"handled"_s || event == u"returned"_s)) {
            auto m = b.duplicates->mergedInto(change.caseId);
            if (!m)
                return m.error();
            merged = *m;
        }
        if (!ticket->has_value() && !mergedLink && merged.isEmpty())
            continue;
        auto record = b.store().findCase(change.caseId);
        auto events = b.store().events(change.caseId);
        if (!record || !events)
            return record ? events.error() : record.error();
        const CaseEvent *current = nullptr;
        for (const CaseEvent &e : std::as_const(*events)) {
            if (e.id == change.eventId)
                current = &e;
        }
        if (!current)
            continue;
        const QString messageId = u"feed-%1"_s.arg(change.id);
        if (ticket->has_value() && mergedLink) {
            const HotlineTicketRecord &t = **ticket;
            auto main = b.store().findCase(mergedLink->duplicateOf);
            if (!main)
                return main.error();
            auto added = enqueueMergedNotice(b, t, *mergedLink, record->number, main->number);
            if (!added)
                return added.error();
            queued += *added ? 1 : 0;
            if (!main->isOpen()) { // the main case finished before the merge: its result goes out now
                auto mainEvents = b.store().events(main->id);
                if (!mainEvents)
                    return mainEvents.error();
                QString finalName;
                if (const CaseEvent *final = finalEvent(*mainEvents, &finalName)) {
                    const QString key = u"merged-result-%1"_s.arg(record->id);
                    added = enqueueResult(
                        b, t, finalName, key,
                        resultBody(key, t, finalName, record->number, *main, *mainEvents, *final));
                    if (!added)
                        return added.error();
                    queued += *added ? 1 : 0;
                }
            }
        } else if (ticket->has_value()) {
            const HotlineTicketRecord &t = **ticket;
            auto added =
                enqueueResult(b, t, event, messageId,
                              resultBody(messageId, t, event, record->number, *record, *events, *current));
            if (!added)
                return added.error();
            queued += *added ? 1 : 0;
        }
        // Every reporter merged into this case gets its result, on the ticket of the report they made.
        for (const ProbableDuplicate &d : std::as_const(merged)) {
            auto mergedTicket = b.repository->ticketForCase(d.caseId);
            if (!mergedTicket)
                return mergedTicket.error();
            if (!mergedTicket->has_value())
                continue;
            auto duplicate = b.store().findCase(d.caseId);
            if (!duplicate)
                return duplicate.error();
            // The merge itself may not have been collected yet: its notice goes first, once.
            auto added = enqueueMergedNotice(b, **mergedTicket, d, duplicate->number, record->number);
            if (!added)
                return added.error();
            queued += *added ? 1 : 0;
            const QString key = u"merged-result-%1"_s.arg(d.caseId);
            added = enqueueResult(
                b, **mergedTicket, event, key,
                resultBody(key, **mergedTicket, event, duplicate->number, *record, *events, *current));
            if (!added)
                return added.error();
            queued += *added ? 1 : 0;
        }
    }
    if (last != *cursor) {
        if (auto s = b.repository->setCounter(u"hotline_feed_cursor"_s, last); !s)
            return s.error();
    }
    b.feedCursorWritten = last;
    return queued;
}

bool HotlineApi::handle(const HttpRequest &request, const HttpResponder &responder)
{
    if (!request.path.startsWith(u"/hotline/v1/"_s))
        return false;
    const ApiClient *client = mGateway.authenticate(request);
    if (!client || (client->kind != ClientKind::Hotline && client->kind != ClientKind::Operator)) {
        responder.send(HttpResponse::error(401, u"unauthorized"_s,
                                           u"a hotline or operator API key is needed (X-API-Key header)"_s));
        return true;
    }
    const QStringList parts = request.path.mid(QStringLiteral("/hotline/v1/").size()).split(u'/');
    // A hotline acts on its own tickets only.
    const auto ownHotline = [&](const QString &hotline) {
        if (client->kind == ClientKind::Hotline && client->hotline != hotline) {
            responder.send(HttpResponse::error(403, u"wrong_hotline"_s,
                                               u"the key of %1 belongs to hotline %2, not %3"_s.arg(
                                                   client->name, client->hotline, hotline)));
            return false;
        }
        return true;
    };
    if (parts.size() == 1 && parts[0] == u"tickets"_s) {
        if (request.method != "POST") {
            responder.send(HttpResponse::error(405, u"method_not_allowed"_s, u"POST a ticket here"_s));
            return true;
        }
        if (client->kind != ClientKind::Hotline) {
            responder.send(HttpResponse::error(403, u"forbidden"_s, u"only a hotline posts tickets"_s));
            return true;
        }
        postTicket(request, responder, client->name, client->hotline);
        return true;
    }
    if (parts.size() >= 3 && parts[0] == u"tickets"_s) {
        const QString hotline = parts[1], ticketId = parts[2];
        if (!ownHotline(hotline))
            return true;
        if (parts.size() == 3 && request.method == "GET") {
            getTicket(hotline, ticketId, responder, client->name);
            return true;
        }
        if (parts.size() == 4 && parts[3] == u"feedback"_s && request.method == "POST") {
            postFeedback(request, hotline, ticketId, responder, client->name);
            return true;
        }
        if (parts.size() == 4 && parts[3] == u"first-contact"_s && request.method == "POST") {
            if (client->kind != ClientKind::Operator) {
                responder.send(HttpResponse::error(403, u"forbidden"_s,
                                                   u"first contact is recorded by our own stations"_s));
                return true;
            }
            postFirstContact(request, hotline, ticketId, responder, client->name);
            return true;
        }
    }
    responder.send(HttpResponse::error(
        404, u"not_found"_s,
        u"no hotline route %1 %2"_s.arg(QString::fromLatin1(request.method), request.path)));
    return true;
}

void HotlineApi::postTicket(const HttpRequest &request, const HttpResponder &responder,
                            const QString &clientName, const QString &clientHotline)
{
    if (request.contentType() != "application/json") {
        responder.send(
            HttpResponse::error(415, u"unsupported_media_type"_s, u"send the ticket as application/json"_s));
        return;
    }
    auto parsed = parseHotlineTicket(request.body);
    if (!parsed) {
        responder.send(HttpResponse::error(400, u"invalid_ticket"_s, parsed.errorMessage()));
        return;
    }
    HotlineTicket ticket = std::move(parsed).value();
    if (ticket.hotline != clientHotline) {
        responder.send(
            HttpResponse::error(403, u"wrong_hotline"_s,
                                u"this key posts %1 tickets, not %2"_s.arg(clientHotline, ticket.hotline)));
        return;
    }
    QPointF given;
    if (ticket.located) {
        auto point = toCgcs2000(ticket.location, ticket.crs);
        if (!point) {
            responder.send(HttpResponse::error(400, u"invalid_location"_s, point.errorMessage()));
            return;
        }
        given = *point;
    }
    const QString fallback = mGateway.config().hotlineFallbackClass;
    auto outcome = std::make_shared<Outcome>();
    GatewayWrite write;
    write.work = [ticket, given, outcome, fallback](GatewayBackend &b) -> bool {
        auto existing = b.repository->findTicket(ticket.hotline, ticket.ticketId, 1);
        if (!existing) {
            outcome->fail(existing.error());
            return false;
        }
        if (existing->has_value()) {
            auto c = b.store().findCase((*existing)->caseId);
            if (!c) {
                outcome->fail(c.error());
                return false;
            }
            outcome->status = 200;
            outcome->body = ticketJson(**existing, *c, b.session->catalogue());
            outcome->body.insert(u"retried"_s, true);
            return true;
        }
        QPointF p = given;
        if (!ticket.located) {
            // A ticket without coordinates: its address names a place of the gazetteer, exactly one.
            auto places = GeodataStore(b.store()).placesNamed(ticket.address);
            if (!places) {
                outcome->fail(places.error());
                return false;
            }
            if (places->size() != 1) {
                outcome->fail(422, u"address_not_located"_s,
                              (places->isEmpty()
                                   ? u"the address %1 names no point of interest or community of this "
                                     u"platform; send the location {lon, lat, crs}"_s
                                   : u"the address %1 names more than one place; send the location "
                                     u"{lon, lat, crs}"_s)
                                  .arg(ticket.address));
                return false;
            }
            p = places->first();
        }
        const auto grid = b.locator->locate(p);
        if (!grid) {
            if (!ticket.located)
                outcome->fail(422, u"out_of_area"_s,
                              u"the address %1 is at (%2, %3) in CGCS2000 and lies in no unit grid of this "
                              u"platform; send the location {lon, lat, crs}"_s.arg(ticket.address)
                                  .arg(p.x(), 0, 'f', 6)
                                  .arg(p.y(), 0, 'f', 6));
            else
                outcome->fail(
                    422, u"out_of_area"_s,
                    u"the location (%1, %2) %3 is (%4, %5) in CGCS2000 and lies in no unit grid of this "
                    u"platform; check the coordinates and their crs"_s.arg(ticket.location.x(), 0, 'f', 6)
                        .arg(ticket.location.y(), 0, 'f', 6)
                        .arg(inputCrsName(ticket.crs))
                        .arg(p.x(), 0, 'f', 6)
                        .arg(p.y(), 0, 'f', 6));
            return false;
        }
        const QList<ClassSuggestion> suggestions = b.suggester->suggest(ticket.content);
        NewCaseRequest r;
        r.source = sourceOf(ticket.hotline);
        r.classKey = suggestions.isEmpty() ? CatalogueKey::parse(fallback).value() : suggestions.first().key;
        r.grid = grid->grid;
        r.longitude = p.x();
        r.latitude = p.y();
        r.address = ticket.address;
        r.description = ticket.content;
        r.hotlineTicket = ticket.ticketId;
        r.requestId = requestIdOf(ticket.hotline, ticket.ticketId);
        r.requestIdUnused = true; // no ticket row above, and the row and the case are written together
        for (const HotlineAttachment &a : ticket.attachments) {
            auto stored = b.store().addAttachment(a.content, a.name, a.mimeType);
            if (!stored) {
                outcome->fail(stored.error());
                return false;
            }
            r.attachments.append(stored->hash);
        }
        auto record = b.cases().report(b.intake, r);
        if (!record) {
            // Another store connection stored the same ticket first (its request id is unique): run again.
            outcome->fail(record.error());
            return b.racedOn(record.error());
        }
        const QDateTime now = b.now();
        const WorkCalendar &calendar = b.session->calendar();
        HotlineTicketRecord t;
        t.hotline = ticket.hotline;
        t.ticketId = ticket.ticketId;
        t.round = 1;
        t.caseId = record->id;
        t.type = hotlineTicketTypeName(ticket.type);
        t.content = ticket.content;
        t.address = ticket.address;
        t.contactMasked =
            QString(maskName(ticket.callerName) + u' ' + maskPhone(ticket.callerPhone)).trimmed();
        t.crs = inputCrsName(ticket.crs);
        t.receivedAt = now;
        t.hotlineDueAt = ticket.hotlineDeadline.isValid()
                             ? ticket.hotlineDeadline
                             : calendar.deadline(now, hotlineLimit(ticket.type, ticket.complex));
        t.firstContactDueAt = calendar.deadline(now, HotlineFirstContactLimit);
        t.suggestedClass = r.classKey.toString();
        t.suggestionScore = suggestions.isEmpty() ? 0.0 : suggestions.first().score;
        if (auto s = b.repository->insertTicket(t); !s) {
            outcome->fail(s.error());
            return b.racedOn(s.error());
        }
        outcome->status = 201;
        outcome->body = ticketJson(t, *record, b.session->catalogue());
        QJsonArray alternatives;
        for (const ClassSuggestion &s : suggestions)
            alternatives.append(QJsonObject{{u"key"_s, s.key.toString()},
                                            {u"name"_s, s.name},
                                            {u"score"_s, std::round(s.score * 100) / 100}});
        outcome->body.insert(u"classSuggestions"_s, alternatives);
        outcome->body.insert(u"retried"_s, false);
        return true;
    };
    write.done = answer(outcome, responder, clientName);
    mGateway.write(std::move(write));
}

void HotlineApi::getTicket(const QString &hotline, const QString &ticketId, const HttpResponder &responder,
                           const QString &clientName)
{
    mGateway.storeThread()
        .run([hotline, ticketId](GatewayBackend &b) {
            Outcome o;
            auto t = b.repository->findTicket(hotline, ticketId);
            if (!t) {
                o.fail(t.error());
                return o;
            }
            if (!t->has_value()) {
                o.fail(404, u"not_found"_s, u"no %1 ticket %2"_s.arg(hotline, ticketId));
                return o;
            }
            auto c = b.store().findCase((*t)->caseId);
            if (!c) {
                o.fail(c.error());
                return o;
            }
            o.status = 200;
            o.body = ticketJson(**t, *c, b.session->catalogue());
            auto messages = b.repository->messagesFor(hotline, ticketId);
            QJsonArray callbacks;
            if (messages) {
                for (const OutboxMessage &m : std::as_const(*messages))
                    callbacks.append(QJsonObject{{u"event"_s, m.event},
                                                 {u"attempts"_s, m.attempts},
                                                 {u"deliveredAt"_s, isoOrNull(m.deliveredAt)}});
            }
            o.body.insert(u"callbacks"_s, callbacks);
            return o;
        })
        .then(&mGateway, [responder, clientName](const Outcome &o) {
            HttpResponse r = HttpResponse::json(o.status, o.body);
            r.logNote = clientName;
            responder.send(r);
        });
}

} // namespace cg

namespace cg {

void HotlineApi::postFeedback(const HttpRequest &request, const QString &hotline, const QString &ticketId,
                              const HttpResponder &responder, const QString &clientName)
{
    QString problem;
    const QJsonObject o = readJsonObject(request, &problem);
    if (!problem.isEmpty()) {
        responder.send(HttpResponse::error(400, u"invalid_feedback"_s, problem));
        return;
    }
    const QString feedbackId = o.value(u"feedbackId"_s).toString();
    static const QRegularExpression idPattern(u"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"_s);
    if (!idPattern.match(feedbackId).hasMatch() || !o.value(u"satisfied"_s).isBool()) {
        responder.send(HttpResponse::error(
            400, u"invalid_feedback"_s,
            u"feedback needs feedbackId (1–64 letters, digits, '_', '.', ':', '-') and satisfied (true/false)"_s));
        return;
    }
    const bool satisfied = o.value(u"satisfied"_s).toBool();
    const QString comment = o.value(u"comment"_s).toString().trimmed();
    if (!satisfied && comment.isEmpty()) {
        responder.send(HttpResponse::error(400, u"invalid_feedback"_s,
                                           u"a dissatisfied feedback needs the citizen's comment"_s));
        return;
    }
    auto outcome = std::make_shared<Outcome>();
    GatewayWrite write;
    write.work = [=](GatewayBackend &b) -> bool {
        auto latest = b.repository->findTicket(hotline, ticketId);
        if (!latest) {
            outcome->fail(latest.error());
            return false;
        }
        if (!latest->has_value()) {
            outcome->fail(404, u"not_found"_s, u"no %1 ticket %2"_s.arg(hotline, ticketId));
            return false;
        }
        const QString requestId = u"hotline:%1:%2:feedback:%3"_s.arg(hotline, ticketId, feedbackId);
        auto earlier = b.store().findEventByRequestId(requestId);
        if (!earlier) {
            outcome->fail(earlier.error());
            return false;
        }
        if (earlier->has_value()) { // a retried feedback: the round it opened
            auto t = b.repository->ticketForCase((*earlier)->caseId);
            auto c = b.store().findCase((*earlier)->caseId);
            if (!t || !c || !t->has_value()) {
                outcome->fail(500, u"storage"_s, u"the second handling of this feedback cannot be read"_s);
                return false;
            }
            outcome->status = 200;
            outcome->body = ticketJson(**t, *c, b.session->catalogue());
            outcome->body.insert(u"retried"_s, true);
            return true;
        }
        if (satisfied) {
            outcome->status = 200;
            outcome->body = {{u"hotline"_s, hotline}, {u"ticketId"_s, ticketId}, {u"satisfied"_s, true}};
            return true;
        }
        const HotlineTicketRecord previous = **latest;
        auto prevCase = b.store().findCase(previous.caseId);
        if (!prevCase) {
            outcome->fail(prevCase.error());
            return false;
        }
        if (prevCase->isOpen()) {
            outcome->fail(
                409, u"case_still_open"_s,
                u"case %1 of ticket %2 is still open (%3): it is being handled; feedback applies to a "
                u"finished case"_s.arg(prevCase->number, ticketId, stateName(prevCase->state)));
            return false;
        }
        NewCaseRequest r;
        r.source = sourceOf(hotline);
        r.classKey = prevCase->classKey;
        r.grid = prevCase->grid;
        r.longitude = prevCase->longitude;
        r.latitude = prevCase->latitude;
        r.address = prevCase->address;
        r.description = u"二次处置（市民不满意，原案卷 %1）：%2\n原诉求：%3"_s.arg(prevCase->number, comment,
                                                                                   previous.content);
        r.hotlineTicket = ticketId;
        r.requestId = requestId;
        auto record = b.cases().report(b.intake, r);
        if (!record) {
            outcome->fail(record.error());
            return b.racedOn(record.error());
        }
        const QDateTime now = b.now();
        HotlineTicketRecord t = previous;
        t.round = previous.round + 1;
        t.caseId = record->id;
        t.previousCaseId = previous.caseId;
        t.receivedAt = now;
        t.hotlineDueAt = b.session->calendar().deadline(now, HotlineSecondHandlingLimit);
        t.firstContactDueAt = b.session->calendar().deadline(now, HotlineFirstContactLimit);
        t.firstContactAt = {};
        if (auto s = b.repository->insertTicket(t); !s) {
            outcome->fail(s.error());
            return b.racedOn(s.error());
        }
        outcome->status = 201;
        outcome->body = ticketJson(t, *record, b.session->catalogue());
        outcome->body.insert(u"retried"_s, false);
        return true;
    };
    write.done = answer(outcome, responder, clientName);
    // A ticket's later rounds and contacts go through one store connection, in order.
    write.affinity = requestIdOf(hotline, ticketId);
    mGateway.write(std::move(write));
}

void HotlineApi::postFirstContact(const HttpRequest &request, const QString &hotline, const QString &ticketId,
                                  const HttpResponder &responder, const QString &clientName)
{
    QString problem;
    const QJsonObject o = readJsonObject(request, &problem);
    if (!problem.isEmpty()) {
        responder.send(HttpResponse::error(400, u"invalid_first_contact"_s, problem));
        return;
    }
    const QString note = o.value(u"note"_s).toString().trimmed();
    auto outcome = std::make_shared<Outcome>();
    GatewayWrite write;
    write.work = [=](GatewayBackend &b) -> bool {
        auto latest = b.repository->findTicket(hotline, ticketId);
        if (!latest) {
            outcome->fail(latest.error());
            return false;
        }
        if (!latest->has_value()) {
            outcome->fail(404, u"not_found"_s, u"no %1 ticket %2"_s.arg(hotline, ticketId));
            return false;
        }
        HotlineTicketRecord t = **latest;
        auto c = b.store().findCase(t.caseId);
        if (!c) {
            outcome->fail(c.error());
            return false;
        }
        if (!t.firstContactAt.isValid()) {
            t.firstContactAt = b.now();
            if (auto s = b.repository->setFirstContact(hotline, ticketId, t.round, t.firstContactAt); !s) {
                outcome->fail(s.error());
                return false;
            }
            OutboxMessage m;
            m.hotline = hotline;
            m.ticketId = ticketId;
            m.event = u"first_contact"_s;
            m.dedupeKey = u"first-contact-%1-%2-%3"_s.arg(hotline, ticketId).arg(t.round);
            m.body = QJsonDocument(QJsonObject{{u"messageId"_s, m.dedupeKey},
                                               {u"hotline"_s, hotline},
                                               {u"ticketId"_s, ticketId},
                                               {u"round"_s, t.round},
                                               {u"event"_s, m.event},
                                               {u"caseNumber"_s, c->number},
                                               {u"at"_s, isoLocal(t.firstContactAt)},
                                               {u"note"_s, note}})
                         .toJson(QJsonDocument::Compact);
            m.createdAt = QDateTime::currentDateTimeUtc();
            if (auto added = b.repository->enqueue(m); !added) {
                outcome->fail(added.error());
                return false;
            }
        }
        outcome->status = 200;
        outcome->body = ticketJson(t, *c, b.session->catalogue());
        return true;
    };
    write.done = answer(outcome, responder, clientName);
    // A ticket's later rounds and contacts go through one store connection, in order.
    write.affinity = requestIdOf(hotline, ticketId);
    mGateway.write(std::move(write));
}

} // namespace cg
