#include "net/fieldapi.h"

#include "net/chinacrs.h"
#include "net/gateway.h"
#include "net/httpserver.h"
#include "net/multipart.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

QString isoLocal(const QDateTime &t)
{
    return t.isValid() ? t.toOffsetFromUtc(8 * 3600).toString(Qt::ISODate) : QString();
}

QByteArray tokenHash(const QByteArray &token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}

bool validClientId(const QString &id)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9_.:-]{7,63}$"_s);
    return pattern.match(id).hasMatch();
}

struct FieldOutcome
{
    HttpResponse response = HttpResponse::error(500, u"storage"_s, u"not done"_s);
    void fail(const Error &e)
    {
        const int s = httpStatusFor(e.code);
        response = HttpResponse::error(s, s == 500 ? u"storage"_s : u"rejected"_s, e.message);
    }
};

QJsonObject caseJson(const CaseRecord &c, bool retried)
{
    return {{u"caseId"_s, c.id},       {u"caseNumber"_s, c.number}, {u"state"_s, stateName(c.state)},
            {u"version"_s, c.version}, {u"grid"_s, c.grid.text()},  {u"stepDueAt"_s, isoLocal(c.stepDueAt)},
            {u"retried"_s, retried}};
}

// The photos of a multipart submission: files under `names`, images only.
Result<QList<MultipartPart>> photosOf(const QList<MultipartPart> &parts, const QStringList &names)
{
    QList<MultipartPart> photos;
    for (const MultipartPart &p : parts) {
        if (!names.contains(p.name))
            continue;
        if (!p.contentType.startsWith("image/") || p.body.isEmpty())
            return makeError(
                ErrorCode::InvalidInput,
                u"'%1' (%2) must be a non-empty image (image/jpeg, image/png, ...), not '%3'"_s.arg(
                    p.name, p.fileName, QString::fromLatin1(p.contentType)));
        photos.append(p);
    }
    return photos;
}

QString field(const QList<MultipartPart> &parts, const QString &name)
{
    for (const MultipartPart &p : parts) {
        if (p.name == name && p.fileName.isEmpty())
            return QString::fromUtf8(p.body).trimmed();
    }
    return {};
}

} // namespace

bool FieldApi::handle(const HttpRequest &request, const HttpResponder &responder)
{
    if (request.path == u"/field"_s) {
        HttpResponse r;
        r.status = 301;
        r.addHeader("Location", "/field/");
        responder.send(r);
        return true;
    }
    if (request.path == u"/field/"_s || request.path == u"/field/index.html"_s) {
        QFile page(u":/citygrid/field/index.html"_s);
        if (!page.open(QIODevice::ReadOnly)) {
            responder.send(HttpResponse::error(500, u"page_missing"_s, u"the field page is not built in"_s));
            return true;
        }
        HttpResponse r;
        r.contentType = "text/html; charset=utf-8";
        r.body = page.readAll();
        r.addHeader("Cache-Control", "no-cache");
        r.addHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; "
                                               "style-src 'self' 'unsafe-inline'; script-src 'self' "
                                               "'unsafe-inline'");
        responder.send(r);
        return true;
    }
    if (!request.path.startsWith(u"/field/v1/"_s))
        return false;
    if (request.path == u"/field/v1/login"_s) {
        if (request.method != "POST")
            responder.send(HttpResponse::error(405, u"method_not_allowed"_s, u"POST {login, password}"_s));
        else
            login(request, responder);
        return true;
    }
    authorised(request, responder);
    return true;
}

void FieldApi::login(const HttpRequest &request, const HttpResponder &responder)
{
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    const QString login = doc.object().value(u"login"_s).toString();
    const QString password = doc.object().value(u"password"_s).toString();
    if (!doc.isObject() || login.isEmpty() || password.isEmpty()) {
        responder.send(
            HttpResponse::error(400, u"invalid_login"_s, u"send {\"login\": ..., \"password\": ...}"_s));
        return;
    }
    const QByteArray given = QCryptographicHash::hash(password.toUtf8(), QCryptographicHash::Sha256).toHex();
    bool match = false;
    for (const FieldAccount &a : mGateway.config().fieldAccounts) {
        if (a.login == login && a.passwordSha256.toLatin1() == given)
            match = true;
    }
    if (!match) {
        responder.send(HttpResponse::error(401, u"wrong_login"_s, u"login or password is wrong"_s));
        return;
    }
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), raw.size() / 4);
    const QByteArray token = raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const int hours = mGateway.config().fieldTokenHours;
    auto outcome = std::make_shared<FieldOutcome>();
    GatewayWrite write;
    write.work = [=](GatewayBackend &b) -> bool {
        auto actor = b.store().findUser(login);
        if (!actor || actor->role != Role::Supervisor) {
            outcome->response = HttpResponse::error(
                403, u"not_a_supervisor"_s, u"%1 is not a grid supervisor of this store"_s.arg(login));
            return false;
        }
        const QDateTime expires = b.now().addSecs(qint64(hours) * 3600);
        if (auto s = b.repository->addFieldToken(tokenHash(token), login, expires); !s) {
            outcome->fail(s.error());
            return false;
        }
        outcome->response =
            HttpResponse::json(200, QJsonObject{{u"token"_s, QString::fromLatin1(token)},
                                                {u"expiresAt"_s, isoLocal(expires)},
                                                {u"login"_s, login},
                                                {u"name"_s, actor->name},
                                                {u"jurisdiction"_s, actor->jurisdiction.text()}});
        return true;
    };
    write.done = [outcome, responder, login](bool committed) {
        HttpResponse r = committed ? outcome->response
                                   : HttpResponse::error(503, u"storage"_s, u"could not log in; retry"_s);
        r.logNote = login;
        responder.send(r);
    };
    mGateway.write(std::move(write));
}

void FieldApi::authorised(const HttpRequest &request, const HttpResponder &responder)
{
    const QByteArray authorization = request.header("authorization");
    if (!authorization.startsWith("Bearer ")) {
        responder.send(HttpResponse::error(
            401, u"unauthorized"_s, u"log in at /field/v1/login and send Authorization: Bearer <token>"_s));
        return;
    }
    const QByteArray hash = tokenHash(authorization.mid(7).trimmed());
    const QString path = request.path.mid(QStringLiteral("/field/v1/").size());
    const QByteArray method = request.method;
    static const QRegularExpression resultPath(u"^tasks/(\\d+)/result$"_s);
    const auto resultMatch = resultPath.match(path);

    enum class Route { Tasks, Classes, Report, Result, Track, None };
    Route route = Route::None;
    if (path == u"tasks"_s && method == "GET")
        route = Route::Tasks;
    else if (path == u"classes"_s && method == "GET")
        route = Route::Classes;
    else if (path == u"reports"_s && method == "POST")
        route = Route::Report;
    else if (resultMatch.hasMatch() && method == "POST")
        route = Route::Result;
    else if (path == u"tracks"_s && method == "POST")
        route = Route::Track;
    if (route == Route::None) {
        responder.send(HttpResponse::error(
            404, u"not_found"_s, u"no field route %1 %2"_s.arg(QString::fromLatin1(method), request.path)));
        return;
    }

    // Parse the body in the gateway's thread; the store thread only stores.
    QList<MultipartPart> parts;
    QJsonObject json;
    if (route == Route::Report || route == Route::Result) {
        auto parsed = parseMultipart(request.header("content-type"), request.body);
        if (!parsed) {
            responder.send(HttpResponse::error(400, u"invalid_body"_s, parsed.errorMessage()));
            return;
        }
        parts = *parsed;
    } else if (route == Route::Track) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
        if (!doc.isObject()) {
            responder.send(HttpResponse::error(
                400, u"invalid_body"_s,
                u"a track is a JSON object {clientId, points: [...]}: %1"_s.arg(error.errorString())));
            return;
        }
        json = doc.object();
    }
    QString clientId;
    if (route == Route::Report || route == Route::Result || route == Route::Track) {
        clientId = route == Route::Track ? json.value(u"clientId"_s).toString() : field(parts, u"clientId"_s);
        if (!validClientId(clientId)) {
            responder.send(HttpResponse::error(400, u"invalid_client_id"_s,
                                               u"every submission needs clientId: 8–64 letters, digits, '_', "
                                               u"'.', ':' or '-', generated once "
                                               u"on the phone and sent again on every retry"_s));
            return;
        }
    }

    auto outcome = std::make_shared<FieldOutcome>();
    const auto resolveActor = [hash](GatewayBackend &b, FieldOutcome &o) -> std::optional<Actor> {
        auto login = b.repository->loginForFieldToken(hash, b.now());
        if (!login || !login->has_value()) {
            o.response = HttpResponse::error(401, u"unauthorized"_s,
                                             u"the token is unknown or expired; log in again"_s);
            return std::nullopt;
        }
        auto actor = b.store().findUser(**login);
        if (!actor) {
            o.fail(actor.error());
            return std::nullopt;
        }
        actor->station = u"field:"_s + actor->login;
        return *actor;
    };

    if (route == Route::Tasks || route == Route::Classes) {
        mGateway.storeThread()
            .run([resolveActor, route](GatewayBackend &b) {
                FieldOutcome o;
                auto actor = resolveActor(b, o);
                if (!actor)
                    return o.response;
                if (route == Route::Classes) {
                    QJsonArray classes;
                    for (const CatalogueClass &c : b.session->catalogue().classes()) {
                        if (c.key.kind() == ClassKind::Event)
                            classes.append(QJsonObject{{u"key"_s, c.key.toString()},
                                                       {u"name"_s, c.name},
                                                       {u"group"_s, c.majorName},
                                                       {u"selfDisposal"_s, c.selfDisposalAllowed}});
                    }
                    return HttpResponse::json(200, QJsonObject{{u"classes"_s, classes}});
                }
                CaseQuery query;
                query.states = {CaseState::Verifying, CaseState::Checking};
                query.scope = actor->jurisdiction;
                query.limit = 200;
                auto page = b.store().casePage(query);
                if (!page) {
                    o.fail(page.error());
                    return o.response;
                }
                QJsonArray tasks;
                for (const CaseRecord &c : std::as_const(page->rows)) {
                    const CatalogueClass *cls = b.session->catalogue().find(c.classKey);
                    tasks.append(
                        QJsonObject{{u"caseId"_s, c.id},
                                    {u"caseNumber"_s, c.number},
                                    {u"version"_s, c.version},
                                    {u"kind"_s, c.state == CaseState::Verifying ? u"verify"_s : u"check"_s},
                                    {u"className"_s, cls ? cls->name : c.classKey.toString()},
                                    {u"address"_s, c.address},
                                    {u"description"_s, c.description},
                                    {u"lon"_s, c.longitude},
                                    {u"lat"_s, c.latitude},
                                    {u"grid"_s, c.grid.text()},
                                    {u"dueAt"_s, isoLocal(c.stepDueAt)}});
                }
                return HttpResponse::json(200, QJsonObject{{u"tasks"_s, tasks}});
            })
            .then(&mGateway, [responder](const HttpResponse &r) { responder.send(r); });
        return;
    }

    GatewayWrite write;
    if (route == Route::Track) {
        const QJsonArray points = json.value(u"points"_s).toArray();
        if (points.isEmpty() || points.size() > 10000) {
            responder.send(HttpResponse::error(400, u"invalid_track"_s, u"points: 1–10000 GPS fixes"_s));
            return;
        }
        QJsonArray normalised;
        for (qsizetype i = 0; i < points.size(); ++i) {
            const QJsonObject p = points[i].toObject();
            const QDateTime t = QDateTime::fromString(p.value(u"t"_s).toString(), Qt::ISODate);
            auto crs = parseInputCrs(p.value(u"crs"_s).toString(u"WGS84"_s));
            if (!p.value(u"lon"_s).isDouble() || !p.value(u"lat"_s).isDouble() || !t.isValid() || !crs) {
                responder.send(HttpResponse::error(
                    400, u"invalid_track"_s,
                    u"points[%1] needs t (ISO 8601 with offset), lon and lat (numbers) and an optional crs"_s
                        .arg(i)));
                return;
            }
            auto wgs = toCgcs2000({p.value(u"lon"_s).toDouble(), p.value(u"lat"_s).toDouble()}, *crs);
            if (!wgs) {
                responder.send(HttpResponse::error(400, u"invalid_track"_s,
                                                   u"points[%1]: %2"_s.arg(i).arg(wgs.errorMessage())));
                return;
            }
            normalised.append(QJsonObject{{u"t"_s, t.toUTC().toString(Qt::ISODateWithMs)},
                                          {u"lon"_s, wgs->x()},
                                          {u"lat"_s, wgs->y()},
                                          {u"accuracy"_s, p.value(u"accuracy"_s).toDouble(-1)}});
        }
        const QByteArray stored = QJsonDocument(normalised).toJson(QJsonDocument::Compact);
        write.work = [=](GatewayBackend &b) -> bool {
            auto actor = resolveActor(b, *outcome);
            if (!actor)
                return false;
            auto added =
                b.repository->addTrack(actor->login, clientId, stored, int(normalised.size()), b.now());
            if (!added) {
                outcome->fail(added.error());
                return false;
            }
            outcome->response =
                HttpResponse::json(*added ? 201 : 200, QJsonObject{{u"clientId"_s, clientId},
                                                                   {u"points"_s, normalised.size()},
                                                                   {u"retried"_s, !*added}});
            return true;
        };
    } else if (route == Route::Report) {
        auto photos = photosOf(parts, {u"photo"_s});
        auto before = photosOf(parts, {u"before"_s});
        auto after = photosOf(parts, {u"after"_s});
        if (!photos || !before || !after) {
            responder.send(HttpResponse::error(415, u"invalid_photo"_s,
                                               (!photos   ? photos
                                                : !before ? before
                                                          : after)
                                                   .errorMessage()));
            return;
        }
        const bool selfDispose = field(parts, u"selfDispose"_s) == u"true"_s;
        if (selfDispose && (before->isEmpty() || after->isEmpty())) {
            responder.send(HttpResponse::error(400, u"photos_missing"_s,
                                               u"self-disposal needs a 'before' and an 'after' photo"_s));
            return;
        }
        auto key = CatalogueKey::parse(field(parts, u"class"_s));
        bool okLon = false, okLat = false;
        const QPointF raw(field(parts, u"lon"_s).toDouble(&okLon), field(parts, u"lat"_s).toDouble(&okLat));
        auto crs = parseInputCrs(field(parts, u"crs"_s).isEmpty() ? u"WGS84"_s : field(parts, u"crs"_s));
        if (!key || !okLon || !okLat || !crs) {
            responder.send(HttpResponse::error(400, u"invalid_report"_s,
                                               !key   ? u"class must be a catalogue key such as event/06010"_s
                                               : !crs ? crs.errorMessage()
                                                      : u"lon and lat must be numbers (degrees)"_s));
            return;
        }
        auto point = toCgcs2000(raw, *crs);
        if (!point) {
            responder.send(HttpResponse::error(400, u"invalid_location"_s, point.errorMessage()));
            return;
        }
        const QString description = field(parts, u"description"_s);
        const QString address = field(parts, u"address"_s);
        const QList<MultipartPart> files = selfDispose ? (*before + *after + *photos) : *photos;
        write.work = [=](GatewayBackend &b) -> bool {
            auto actor = resolveActor(b, *outcome);
            if (!actor)
                return false;
            const QString requestId = u"field:%1:%2"_s.arg(actor->login, clientId);
            // A copy stored meanwhile by another connection of the pool is found here when this write runs
            // again after losing the race on the request id (below).
            auto earlier = b.store().findEventByRequestId(requestId);
            if (!earlier) {
                outcome->fail(earlier.error());
                return false;
            }
            if (earlier->has_value()) {
                auto c = b.store().findCase((*earlier)->caseId);
                if (!c) {
                    outcome->fail(c.error());
                    return false;
                }
                outcome->response = HttpResponse::json(200, caseJson(*c, true));
                return true;
            }
            const auto grid = b.locator->locate(*point);
            if (!grid) {
                outcome->response = HttpResponse::error(
                    422, u"out_of_area"_s,
                    u"(%1, %2) lies in no unit grid of this platform"_s.arg(point->x(), 0, 'f', 6)
                        .arg(point->y(), 0, 'f', 6));
                return false;
            }
            NewCaseRequest r;
            r.action = selfDispose ? Action::SelfDispose : Action::Report;
            r.source = CaseSource::Patrol;
            r.classKey = *key;
            r.grid = grid->grid;
            r.longitude = point->x();
            r.latitude = point->y();
            r.address = address;
            r.description = description;
            r.requestId = requestId;
            for (const MultipartPart &p : files) {
                auto stored = b.store().addAttachment(p.body, p.fileName, QString::fromLatin1(p.contentType));
                if (!stored) {
                    outcome->fail(stored.error());
                    return false;
                }
                r.attachments.append(stored->hash);
            }
            auto record = b.cases().report(*actor, r);
            if (!record) {
                // Another store connection stored this clientId first (its request id is unique): run again.
                outcome->fail(record.error());
                return b.racedOn(record.error());
            }
            outcome->response = HttpResponse::json(201, caseJson(*record, false));
            return true;
        };
    } else { // Route::Result
        const qint64 caseId = resultMatch.captured(1).toLongLong();
        auto photos = photosOf(parts, {u"photo"_s});
        if (!photos) {
            responder.send(HttpResponse::error(415, u"invalid_photo"_s, photos.errorMessage()));
            return;
        }
        const QString result = field(parts, u"result"_s);
        bool okVersion = false;
        const int version = field(parts, u"version"_s).toInt(&okVersion);
        const QHash<QString, Action> actions{{u"confirmed"_s, Action::VerifyConfirmed},
                                             {u"not_found"_s, Action::VerifyNotFound},
                                             {u"fixed"_s, Action::CheckPass},
                                             {u"not_fixed"_s, Action::CheckFail}};
        if (!actions.contains(result) || !okVersion) {
            responder.send(HttpResponse::error(400, u"invalid_result"_s,
                                               u"result must be confirmed or not_found (verify), fixed or "
                                               u"not_fixed (check); version is the case "
                                               u"version the task showed"_s));
            return;
        }
        const Action action = actions.value(result);
        const QString comment = field(parts, u"comment"_s);
        const QList<MultipartPart> files = *photos;
        write.work = [=](GatewayBackend &b) -> bool {
            auto actor = resolveActor(b, *outcome);
            if (!actor)
                return false;
            const QString requestId = u"field:%1:%2"_s.arg(actor->login, clientId);
            auto earlier = b.store().findEventByRequestId(requestId);
            if (!earlier) {
                outcome->fail(earlier.error());
                return false;
            }
            ActionRequest r;
            r.caseId = caseId;
            r.expectedVersion = version;
            r.action = action;
            r.comment = comment;
            r.requestId = requestId;
            if (!earlier->has_value()) {
                for (const MultipartPart &p : files) {
                    auto stored =
                        b.store().addAttachment(p.body, p.fileName, QString::fromLatin1(p.contentType));
                    if (!stored) {
                        outcome->fail(stored.error());
                        return false;
                    }
                    r.attachments.append(stored->hash);
                }
            }
            auto record = b.cases().apply(*actor, r);
            if (!record) {
                outcome->fail(record.error());
                return b.racedOn(record.error());
            }
            outcome->response = HttpResponse::json(200, caseJson(*record, earlier->has_value()));
            return true;
        };
    }
    if (route == Route::Result) // a case's own steps go through one store connection, in order
        write.affinity = u"case:%1"_s.arg(resultMatch.captured(1));
    write.done = [outcome, responder](bool committed) {
        responder.send(committed || outcome->response.status >= 300
                           ? outcome->response
                           : HttpResponse::error(503, u"storage"_s,
                                                 u"not stored; send it again with the same clientId"_s));
    };
    mGateway.write(std::move(write));
}

} // namespace cg
