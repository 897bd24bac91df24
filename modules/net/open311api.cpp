#include "net/open311api.h"
#include "store/geodatastore.h"

#include "net/gateway.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineF>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QXmlStreamWriter>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr auto Prefix = u"/open311/v2/";
constexpr int DefaultDays = 90;
constexpr int MaxRequests = 1000;

QString singular(const QString &container)
{
    static const QHash<QString, QString> names{
        {u"services"_s, u"service"_s}, {u"service_requests"_s, u"request"_s}, {u"endpoints"_s, u"endpoint"_s},
        {u"formats"_s, u"format"_s},   {u"attributes"_s, u"attribute"_s},     {u"values"_s, u"value"_s},
        {u"errors"_s, u"error"_s},     {u"keywords"_s, u"keyword"_s},
    };
    return names.value(container, u"item"_s);
}

void writeValue(QXmlStreamWriter &w, const QString &name, const QJsonValue &v)
{
    if (v.isArray()) {
        w.writeStartElement(name);
        for (const QJsonValue &item : v.toArray())
            writeValue(w, singular(name), item);
        w.writeEndElement();
    } else if (v.isObject()) {
        w.writeStartElement(name);
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            writeValue(w, it.key(), it.value());
        w.writeEndElement();
    } else if (v.isNull() || v.isUndefined()) {
        w.writeEmptyElement(name);
    } else if (v.isBool()) {
        w.writeTextElement(name, v.toBool() ? u"true"_s : u"false"_s);
    } else if (v.isDouble()) {
        const double d = v.toDouble();
        w.writeTextElement(name, d == std::floor(d) && std::abs(d) < 1e15 ? QString::number(qint64(d))
                                                                          : QString::number(d, 'g', 12));
    } else {
        w.writeTextElement(name, v.toString());
    }
}

QString w3c(const QDateTime &t)
{
    return t.isValid() ? t.toOffsetFromUtc(8 * 3600).toString(Qt::ISODate) : QString();
}

QString serviceCode(const CatalogueKey &key)
{
    return (key.kind() == ClassKind::Event ? u"E"_s : u"C"_s) + key.code();
}

struct Reply
{
    int status = 200;
    QJsonValue body;
    QString root; // XML root element
};

Reply errorReply(int status, const QString &description)
{
    return {status, QJsonArray{QJsonObject{{u"code"_s, status}, {u"description"_s, description}}},
            u"errors"_s};
}

QJsonObject requestJson(const CaseRecord &c, const Catalogue &catalogue, const QString &agency)
{
    const CatalogueClass *cls = catalogue.find(c.classKey);
    // Descriptions of hotline tickets can name people: the public list shows them for public reports only.
    const bool publicText = c.source == CaseSource::Public || c.source == CaseSource::Patrol;
    const QDateTime expected = c.handlingDueAt.isValid() ? c.handlingDueAt : c.stepDueAt;
    return {{u"service_request_id"_s, c.number},
            {u"status"_s, c.isOpen() ? u"open"_s : u"closed"_s},
            {u"status_notes"_s, stateName(c.state)},
            {u"service_name"_s, cls ? cls->name : c.classKey.toString()},
            {u"service_code"_s, serviceCode(c.classKey)},
            {u"description"_s, publicText ? c.description : QString()},
            {u"agency_responsible"_s, agency},
            {u"service_notice"_s, QString()},
            {u"requested_datetime"_s, w3c(c.reportedAt)},
            {u"updated_datetime"_s, w3c(c.updatedAt)},
            {u"expected_datetime"_s, c.isOpen() ? w3c(expected) : QString()},
            {u"address"_s, c.address},
            {u"address_id"_s, c.grid.text()},
            {u"zipcode"_s, QString()},
            {u"lat"_s, c.latitude},
            {u"long"_s, c.longitude},
            {u"media_url"_s, QString()}};
}

QString agencyOf(GatewayBackend &b, const CaseRecord &c)
{
    if (c.unitId <= 0)
        return {};
    auto unit = b.store().findUnit(c.unitId);
    return unit ? unit->name : QString();
}

// A request as the public sees it. A report merged into another case (a probable duplicate the acceptor
// merged) shows the main case's status: its reporter waits for that case's result.
QJsonObject requestJsonOf(GatewayBackend &b, const CaseRecord &c)
{
    QJsonObject o = requestJson(c, b.session->catalogue(), agencyOf(b, c));
    auto link = b.duplicates->activeLinkOf(c.id);
    if (!link || !link->has_value() || (*link)->state != DuplicateState::Merged)
        return o;
    auto main = b.store().findCase((*link)->duplicateOf);
    if (!main)
        return o;
    const QDateTime expected = main->handlingDueAt.isValid() ? main->handlingDueAt : main->stepDueAt;
    o.insert(u"status"_s, main->isOpen() ? u"open"_s : u"closed"_s);
    o.insert(u"status_notes"_s, u"merged into %1: %2"_s.arg(main->number, stateName(main->state)));
    o.insert(u"agency_responsible"_s, agencyOf(b, *main));
    o.insert(u"updated_datetime"_s, w3c(std::max(c.updatedAt, main->updatedAt)));
    o.insert(u"expected_datetime"_s, main->isOpen() ? w3c(expected) : QString());
    return o;
}

// An address without coordinates, found in the store's gazetteer (GeodataStore::placesNamed): one place, or
// an error that says what to send instead.
Result<QPointF> locateAddress(GatewayBackend &b, const QString &address)
{
    auto found = GeodataStore(b.store()).placesNamed(address);
    if (!found)
        return found.error();
    if (found->isEmpty())
        return makeError(
            ErrorCode::InvalidInput,
            u"address_string %1 names no point of interest or community of this jurisdiction; send "
            u"lat and long, or address_id (a unit grid code)"_s.arg(address));
    if (found->size() > 1)
        return makeError(
            ErrorCode::InvalidInput,
            u"address_string %1 names more than one place; send lat and long, or address_id (a unit "
            u"grid code)"_s.arg(address));
    return found->first();
}

QJsonArray serviceDefinitionAttributes()
{
    return {
        QJsonObject{{u"variable"_s, true},
                    {u"code"_s, u"landmark"_s},
                    {u"datatype"_s, u"string"_s},
                    {u"required"_s, false},
                    {u"datatype_description"_s, u"A shop, gate or bus stop nearby"_s},
                    {u"order"_s, 1},
                    {u"description"_s, u"附近地标 Nearby landmark"_s}},
        QJsonObject{{u"variable"_s, true},
                    {u"code"_s, u"danger"_s},
                    {u"datatype"_s, u"singlevaluelist"_s},
                    {u"required"_s, false},
                    {u"datatype_description"_s, QString()},
                    {u"order"_s, 2},
                    {u"description"_s, u"是否有人身危险 Is anyone in danger now?"_s},
                    {u"values"_s, QJsonArray{QJsonObject{{u"key"_s, u"yes"_s}, {u"name"_s, u"是 Yes"_s}},
                                             QJsonObject{{u"key"_s, u"no"_s}, {u"name"_s, u"否 No"_s}}}}}};
}

} // namespace

QByteArray open311Xml(const QString &root, const QJsonValue &value)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(false);
    w.writeStartDocument(u"1.0"_s);
    writeValue(w, root, value);
    w.writeEndDocument();
    return out;
}

bool Open311Api::handle(const HttpRequest &request, const HttpResponder &responder)
{
    if (!request.path.startsWith(QStringView(Prefix)))
        return false;
    QString resource = request.path.mid(QStringView(Prefix).size());
    QString format;
    if (resource.endsWith(u".json"_s))
        format = u"json"_s;
    else if (resource.endsWith(u".xml"_s))
        format = u"xml"_s;
    const auto send = [responder, format](const Reply &reply, const QString &note = {}) {
        HttpResponse r;
        r.status = reply.status;
        if (format == u"xml"_s) {
            r.contentType = "text/xml; charset=utf-8";
            r.body = open311Xml(reply.root, reply.body);
        } else {
            r.body = reply.body.isArray()
                         ? QJsonDocument(reply.body.toArray()).toJson(QJsonDocument::Compact)
                         : QJsonDocument(reply.body.toObject()).toJson(QJsonDocument::Compact);
        }
        r.logNote = note;
        responder.send(r);
    };
    if (format.isEmpty()) {
        send(errorReply(400, u"add the format to the path: .json or .xml (e.g. services.json)"_s));
        return true;
    }
    resource.chop(format.size() + 1);
    const GatewayConfig &config = mGateway.config();

    // Parameters: the query for GET, the form body for POST.
    QUrlQuery params = request.query;
    if (request.method == "POST") {
        if (request.contentType() != "application/x-www-form-urlencoded") {
            send(errorReply(400, u"POST parameters as application/x-www-form-urlencoded"_s));
            return true;
        }
        QByteArray body = request.body;
        body.replace('+', "%20");
        params = QUrlQuery(QString::fromUtf8(body));
    }
    const QString jurisdiction = params.queryItemValue(u"jurisdiction_id"_s, QUrl::FullyDecoded);
    if (!jurisdiction.isEmpty() && jurisdiction != config.open311Jurisdiction) {
        send(errorReply(404, u"jurisdiction_id %1 not found; this endpoint serves %2"_s.arg(
                                 jurisdiction, config.open311Jurisdiction)));
        return true;
    }
    const auto param = [&params](const QString &name) {
        return params.queryItemValue(name, QUrl::FullyDecoded);
    };

    if (resource == u"discovery"_s && request.method == "GET") {
        const QString base = u"/open311/v2"_s;
        const QJsonObject endpoint{{u"specification"_s, u"http://wiki.open311.org/GeoReport_v2"_s},
                                   {u"url"_s, base},
                                   {u"changeset"_s, u"2026-11-29T00:00:00+08:00"_s},
                                   {u"type"_s, u"production"_s},
                                   {u"formats"_s, QJsonArray{u"text/xml"_s, u"application/json"_s}}};
        send({200,
              QJsonObject{{u"changeset"_s, u"2026-11-29T00:00:00+08:00"_s},
                          {u"contact"_s, u"Urban grid management centre, 12345"_s},
                          {u"key_service"_s, u"API keys are issued by the centre's administrator"_s},
                          {u"endpoints"_s, QJsonArray{endpoint}}},
              u"discovery"_s});
        return true;
    }

    if (resource == u"services"_s && request.method == "GET") {
        mGateway.storeThread()
            .run([](GatewayBackend &b) {
                QJsonArray services;
                for (const CatalogueClass &c : b.session->catalogue().classes()) {
                    if (c.key.kind() != ClassKind::Event)
                        continue;
                    services.append(QJsonObject{{u"service_code"_s, serviceCode(c.key)},
                                                {u"service_name"_s, c.name},
                                                {u"description"_s, c.rule(AreaClass::B).filingCondition},
                                                {u"metadata"_s, true},
                                                {u"type"_s, u"realtime"_s},
                                                {u"keywords"_s, c.majorName},
                                                {u"group"_s, c.majorName}});
                }
                return services;
            })
            .then(&mGateway, [send](const QJsonArray &services) {
                send({200, services, u"services"_s});
            });
        return true;
    }

    if (resource.startsWith(u"services/"_s) && request.method == "GET") {
        const QString code = resource.mid(9);
        mGateway.storeThread()
            .run([code](GatewayBackend &b) -> Reply {
                auto key = CatalogueKey::parse(code);
                const CatalogueClass *cls = key ? b.session->catalogue().find(*key) : nullptr;
                if (!cls || cls->key.kind() != ClassKind::Event)
                    return errorReply(404, u"service_code %1 not found"_s.arg(code));
                return {200,
                        QJsonObject{{u"service_code"_s, serviceCode(cls->key)},
                                    {u"attributes"_s, serviceDefinitionAttributes()}},
                        u"service_definition"_s};
            })
            .then(&mGateway, send);
        return true;
    }

    if (resource.startsWith(u"tokens/"_s) && request.method == "GET") {
        const QString token = resource.mid(7);
        mGateway.storeThread()
            .run([token](GatewayBackend &b) -> Reply {
                auto caseId = b.repository->caseForOpen311Token(token);
                if (!caseId)
                    return errorReply(500, caseId.errorMessage());
                if (!caseId->has_value())
                    return errorReply(404, u"token %1 not found"_s.arg(token));
                auto c = b.store().findCase(**caseId);
                if (!c)
                    return errorReply(500, c.errorMessage());
                return {200,
                        QJsonArray{QJsonObject{{u"service_request_id"_s, c->number}, {u"token"_s, token}}},
                        u"service_requests"_s};
            })
            .then(&mGateway, send);
        return true;
    }

    if (resource.startsWith(u"requests/"_s) && request.method == "GET") {
        const QString id = resource.mid(9);
        mGateway.storeThread()
            .run([id](GatewayBackend &b) -> Reply {
                auto c = b.store().findCaseByNumber(id);
                if (!c) {
                    if (c.errorCode() == ErrorCode::NotFound)
                        return errorReply(404, u"service_request_id %1 not found"_s.arg(id));
                    return errorReply(500, c.errorMessage());
                }
                return {200, QJsonArray{requestJsonOf(b, *c)}, u"service_requests"_s};
            })
            .then(&mGateway, send);
        return true;
    }

    if (resource == u"requests"_s && request.method == "GET") {
        const QStringList ids = param(u"service_request_id"_s).split(u',', Qt::SkipEmptyParts);
        const QStringList codes = param(u"service_code"_s).split(u',', Qt::SkipEmptyParts);
        const QStringList statuses = param(u"status"_s).split(u',', Qt::SkipEmptyParts);
        for (const QString &s : statuses) {
            if (s != u"open"_s && s != u"closed"_s) {
                send(errorReply(400, u"status must be open, closed or both (got %1)"_s.arg(s)));
                return true;
            }
        }
        QSet<CatalogueKey> keys;
        for (const QString &code : codes) {
            auto key = CatalogueKey::parse(code.trimmed());
            if (!key) {
                send(errorReply(400, u"service_code %1 is not a service code like E06010"_s.arg(code)));
                return true;
            }
            keys.insert(*key);
        }
        QDateTime start, end;
        for (auto [name, target] : {std::pair{u"start_date"_s, &start}, std::pair{u"end_date"_s, &end}}) {
            const QString text = param(name);
            if (text.isEmpty())
                continue;
            *target = QDateTime::fromString(text, Qt::ISODate);
            if (!target->isValid() && text.contains(u' ')) // an unencoded '+' of the offset read as a space
                *target = QDateTime::fromString(QString(text).replace(u' ', u'+'), Qt::ISODate);
            if (!target->isValid()) {
                send(errorReply(
                    400,
                    u"%1 must be a W3C date-time like 2026-11-01T00:00:00+08:00 (got %2)"_s.arg(name, text)));
                return true;
            }
            *target = target->toUTC();
        }
        const bool wantOpen = statuses.isEmpty() || statuses.contains(u"open"_s);
        const bool wantClosed = statuses.isEmpty() || statuses.contains(u"closed"_s);
        mGateway.storeThread()
            .run([=](GatewayBackend &b) -> Reply {
                QJsonArray out;
                if (!ids.isEmpty()) { // the spec: other parameters are ignored when ids are given
                    for (const QString &id : ids) {
                        auto c = b.store().findCaseByNumber(id.trimmed());
                        if (c)
                            out.append(requestJsonOf(b, *c));
                    }
                    return {200, out, u"service_requests"_s};
                }
                const QDateTime now = b.now();
                QDateTime to = end.isValid() ? end : now;
                QDateTime from = start.isValid() ? start : to.addDays(-DefaultDays);
                CaseQuery query;
                for (int s = 1; s < CaseStateCount; ++s) {
                    const auto state = CaseState(s);
                    if ((isOpen(state) && wantOpen) || (isTerminal(state) && wantClosed))
                        query.states.append(state);
                }
                if (keys.size() == 1)
                    query.classKey = *keys.begin();
                query.limit = 500;
                while (out.size() < MaxRequests) {
                    auto page = b.store().casePage(query);
                    if (!page)
                        return errorReply(500, page.errorMessage());
                    bool older = false;
                    for (const CaseRecord &c : std::as_const(page->rows)) {
                        if (c.reportedAt > to)
                            continue;
                        if (c.reportedAt < from) {
                            older = true;
                            break;
                        }
                        if (!keys.isEmpty() && !keys.contains(c.classKey))
                            continue;
                        out.append(requestJsonOf(b, c));
                        if (out.size() >= MaxRequests)
                            break;
                    }
                    if (older || !page->next)
                        break;
                    query.after = page->next;
                }
                return {200, out, u"service_requests"_s};
            })
            .then(&mGateway, send);
        return true;
    }

    if (resource == u"requests"_s && request.method == "POST") {
        const ApiClient *client = mGateway.authenticate(request, params);
        if (!client || client->kind != ClientKind::Open311) {
            send(errorReply(403, param(u"api_key"_s).isEmpty() ? u"api_key is required to post a request"_s
                                                               : u"api_key is not valid"_s));
            return true;
        }
        const QString code = param(u"service_code"_s);
        if (code.isEmpty()) {
            send(errorReply(400, u"service_code is required"_s), client->name);
            return true;
        }
        const QString latText = param(u"lat"_s), lonText = param(u"long"_s);
        const QString addressId = param(u"address_id"_s), addressString = param(u"address_string"_s);
        std::optional<QPointF> point;
        if (!latText.isEmpty() || !lonText.isEmpty()) {
            bool okLat = false, okLon = false;
            const double lat = latText.toDouble(&okLat), lon = lonText.toDouble(&okLon);
            if (!okLat || !okLon || !std::isfinite(lat) || !std::isfinite(lon) || std::abs(lat) > 90 ||
                std::abs(lon) > 180) {
                send(errorReply(400, u"lat and long must both be decimal degrees (WGS-84)"_s), client->name);
                return true;
            }
            point = QPointF(lon, lat);
        } else if (addressId.isEmpty() && addressString.trimmed().isEmpty()) {
            send(errorReply(400, u"a location is required: lat and long, address_id (a unit grid code) or "
                                 u"address_string (a point of interest or community name)"_s),
                 client->name);
            return true;
        }
        QStringList notes;
        for (const auto &[name, value] : params.queryItems(QUrl::FullyDecoded)) {
            if (name.startsWith(u"attribute["_s) && name.endsWith(u']'))
                notes.append(u"%1: %2"_s.arg(name.mid(10, name.size() - 11), value));
        }
        const QString mediaUrl = param(u"media_url"_s);
        if (!mediaUrl.isEmpty())
            notes.append(u"media_url: "_s + mediaUrl);
        const QString description = param(u"description"_s).trimmed();
        if (description.size() > 4000) {
            send(errorReply(400, u"description must be at most 4000 characters"_s), client->name);
            return true;
        }
        auto reply = std::make_shared<Reply>();
        const QString clientName = client->name;
        GatewayWrite write;
        write.work = [=](GatewayBackend &b) -> bool {
            auto key = CatalogueKey::parse(code);
            const CatalogueClass *cls = key ? b.session->catalogue().find(*key) : nullptr;
            if (!cls || cls->key.kind() != ClassKind::Event) {
                *reply = errorReply(404, u"service_code %1 not found"_s.arg(code));
                return false;
            }
            std::optional<LocatedGrid> grid;
            QPointF where;
            if (point) {
                grid = b.locator->locate(*point);
                where = *point;
                if (!grid) {
                    *reply =
                        errorReply(400, u"lat %1 long %2 lies outside the area this jurisdiction serves"_s
                                            .arg(point->y())
                                            .arg(point->x()));
                    return false;
                }
            } else if (!addressId.isEmpty()) {
                auto gridCode = UnitGridCode::parse(addressId);
                grid = gridCode ? b.locator->grid(*gridCode) : std::nullopt;
                if (!grid) {
                    *reply = errorReply(
                        404, u"address_id %1 is not a unit grid code of this jurisdiction"_s.arg(addressId));
                    return false;
                }
                where = grid->centre;
            } else {
                auto place = locateAddress(b, addressString.trimmed());
                if (!place) {
                    *reply =
                        errorReply(place.errorCode() == ErrorCode::Storage ? 500 : 400, place.errorMessage());
                    return false;
                }
                where = *place;
                grid = b.locator->locate(where);
                if (!grid) {
                    *reply = errorReply(
                        400, u"address_string %1 lies outside the area this jurisdiction serves"_s.arg(
                                 addressString));
                    return false;
                }
            }
            NewCaseRequest r;
            r.source = CaseSource::Public;
            r.classKey = cls->key;
            r.grid = grid->grid;
            r.longitude = where.x();
            r.latitude = where.y();
            r.address = addressString;
            r.description = description.isEmpty() ? cls->name : description;
            if (!notes.isEmpty())
                r.description += u"\n"_s + notes.join(u"\n"_s);
            auto record = b.cases().report(b.intake, r);
            if (!record) {
                *reply = errorReply(record.errorCode() == ErrorCode::InvalidInput ? 400 : 500,
                                    record.errorMessage());
                return false;
            }
            const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
            if (auto s = b.repository->addOpen311Token(token, record->id); !s) {
                *reply = errorReply(500, s.errorMessage());
                return false;
            }
            *reply = {200,
                      QJsonArray{QJsonObject{
                          {u"service_request_id"_s, record->number},
                          {u"token"_s, token},
                          {u"service_notice"_s, u"受理后将在时限内处置 Handled within the class's limit"_s},
                          {u"account_id"_s, QJsonValue()}}},
                      u"service_requests"_s};
            return true;
        };
        write.done = [reply, send, clientName](bool committed) {
            if (!committed && reply->status < 300)
                send(errorReply(503, u"the request could not be stored; nothing was kept, retry"_s),
                     clientName);
            else
                send(*reply, clientName);
        };
        mGateway.write(std::move(write));
        return true;
    }

    send(errorReply(404,
                    u"no Open311 resource %1 %2"_s.arg(QString::fromLatin1(request.method), request.path)));
    return true;
}

} // namespace cg
