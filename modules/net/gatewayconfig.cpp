#include "net/gatewayconfig.h"

#include "core/codes.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace cg {

QString clientKindName(ClientKind kind)
{
    switch (kind) {
    case ClientKind::Hotline:
        return u"hotline"_s;
    case ClientKind::Open311:
        return u"open311"_s;
    case ClientKind::Operator:
        return u"operator"_s;
    }
    return {};
}

Result<ClientKind> parseClientKind(const QString &text)
{
    for (ClientKind k : {ClientKind::Hotline, ClientKind::Open311, ClientKind::Operator}) {
        if (clientKindName(k) == text)
            return k;
    }
    return makeError(ErrorCode::InvalidInput,
                     u"client kind '%1' is unknown; use hotline, open311 or operator"_s.arg(text));
}

Status GatewayConfig::setListen(const QString &text)
{
    QString host;
    QString port = text;
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon >= 0) {
        host = text.left(colon);
        port = text.mid(colon + 1);
    }
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint p = port.toUInt(&ok);
    if (!ok || p > 65535)
        return makeError(ErrorCode::InvalidInput,
                         u"listen '%1': the port must be a number 0–65535 (e.g. 127.0.0.1:8080)"_s.arg(text));
    QHostAddress address = host.isEmpty() ? QHostAddress(QHostAddress::Any) : QHostAddress(host);
    if (host == u"localhost"_s)
        address = QHostAddress::LocalHost;
    if (address.isNull())
        return makeError(ErrorCode::InvalidInput,
                         u"listen '%1': '%2' is not an IP address"_s.arg(text, host));
    listenAddress = address;
    listenPort = quint16(p);
    return {};
}

Result<GatewayConfig> GatewayConfig::fromJson(const QByteArray &json, const QString &source)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        return makeError(ErrorCode::InvalidInput,
                         u"%1: not a JSON object (%2 at offset %3)"_s.arg(source, parseError.errorString())
                             .arg(parseError.offset));
    const QJsonObject o = doc.object();
    GatewayConfig c;
    c.storePath = o.value(u"store"_s).toString();
    if (o.contains(u"listen"_s)) {
        if (auto s = c.setListen(o.value(u"listen"_s).toString()); !s)
            return makeError(ErrorCode::InvalidInput, source + u": "_s + s.errorMessage());
    }
    const QJsonObject tls = o.value(u"tls"_s).toObject();
    c.tlsCertificatePath = tls.value(u"certificate"_s).toString();
    c.tlsKeyPath = tls.value(u"key"_s).toString();
    if (c.tlsCertificatePath.isEmpty() != c.tlsKeyPath.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         u"%1: tls needs both 'certificate' and 'key'"_s.arg(source));

    const QJsonObject limits = o.value(u"limits"_s).toObject();
    c.maxBodyBytes = limits.value(u"maxBodyBytes"_s).toInteger(c.maxBodyBytes);
    c.maxHeaderBytes = limits.value(u"maxHeaderBytes"_s).toInteger(c.maxHeaderBytes);
    c.idleTimeoutMs = limits.value(u"idleTimeoutMs"_s).toInt(c.idleTimeoutMs);
    c.requestsPerSecond = limits.value(u"requestsPerSecond"_s).toDouble(c.requestsPerSecond);
    c.burst = limits.value(u"burst"_s).toDouble(c.burst);
    if (c.maxBodyBytes <= 0 || c.maxHeaderBytes <= 0 || c.requestsPerSecond <= 0 || c.burst < 1)
        return makeError(ErrorCode::InvalidInput,
                         u"%1: limits must be positive (maxBodyBytes, maxHeaderBytes, requestsPerSecond, "
                         u"burst >= 1)"_s.arg(source));

    const QJsonObject outbox = o.value(u"outbox"_s).toObject();
    c.outboxInitialRetryMs = outbox.value(u"initialRetryMs"_s).toInt(c.outboxInitialRetryMs);
    c.outboxMaxRetryMs = outbox.value(u"maxRetryMs"_s).toInt(c.outboxMaxRetryMs);
    c.outboxTimeoutMs = outbox.value(u"timeoutMs"_s).toInt(c.outboxTimeoutMs);
    c.groupCommitMax = o.value(u"groupCommitMax"_s).toInt(c.groupCommitMax);
    c.storeWriters = o.value(u"storeWriters"_s).toInt(c.storeWriters);
    if (c.storeWriters < 0 || c.storeWriters > MaxStoreWriters)
        return makeError(ErrorCode::InvalidInput,
                         u"%1: storeWriters must be 0 (the engine's default) to %2, not %3"_s.arg(source)
                             .arg(MaxStoreWriters)
                             .arg(c.storeWriters));
    c.fieldTokenHours = o.value(u"fieldTokenHours"_s).toInt(c.fieldTokenHours);
    c.hotlineFallbackClass = o.value(u"hotlineFallbackClass"_s).toString(c.hotlineFallbackClass);
    if (!CatalogueKey::parse(c.hotlineFallbackClass))
        return makeError(ErrorCode::InvalidInput,
                         u"%1: hotlineFallbackClass '%2' is not a catalogue key like event/06036"_s.arg(
                             source, c.hotlineFallbackClass));
    c.open311Jurisdiction = o.value(u"open311Jurisdiction"_s).toString(c.open311Jurisdiction);

    const QJsonArray clients = o.value(u"clients"_s).toArray();
    for (qsizetype i = 0; i < clients.size(); ++i) {
        const QJsonObject co = clients[i].toObject();
        ApiClient client;
        client.name = co.value(u"name"_s).toString();
        client.apiKey = co.value(u"apiKey"_s).toString();
        auto kind = parseClientKind(co.value(u"kind"_s).toString());
        if (!kind)
            return makeError(ErrorCode::InvalidInput,
                             u"%1: clients[%2]: %3"_s.arg(source).arg(i).arg(kind.errorMessage()));
        client.kind = *kind;
        client.hotline = co.value(u"hotline"_s).toString();
        client.callbackUrl = QUrl(co.value(u"callbackUrl"_s).toString(), QUrl::StrictMode);
        client.callbackSecret = co.value(u"callbackSecret"_s).toString();
        if (!client.callbackSecret.isEmpty() && client.callbackSecret.size() < 32)
            return makeError(
                ErrorCode::InvalidInput,
                u"%1: clients[%2] (%3): callbackSecret must have 32 characters or more"_s.arg(source)
                    .arg(i)
                    .arg(client.name));
        client.requestsPerSecond = co.value(u"requestsPerSecond"_s).toDouble(0);
        client.burst = co.value(u"burst"_s).toDouble(0);
        if (client.requestsPerSecond < 0 || client.burst < 0)
            return makeError(
                ErrorCode::InvalidInput,
                u"%1: clients[%2]: requestsPerSecond and burst must not be negative"_s.arg(source).arg(i));
        if (client.name.isEmpty() || client.apiKey.size() < 16)
            return makeError(
                ErrorCode::InvalidInput,
                u"%1: clients[%2] needs a name and an apiKey of 16 characters or more"_s.arg(source).arg(i));
        if (client.kind == ClientKind::Hotline) {
            if (client.hotline != u"12345"_s && client.hotline != u"12319"_s)
                return makeError(
                    ErrorCode::InvalidInput,
                    u"%1: clients[%2] (%3): hotline must be \"12345\" or \"12319\""_s.arg(source).arg(i).arg(
                        client.name));
            if (!client.callbackUrl.isValid() || client.callbackUrl.scheme().isEmpty())
                return makeError(
                    ErrorCode::InvalidInput,
                    u"%1: clients[%2] (%3): a hotline needs a callbackUrl"_s.arg(source).arg(i).arg(
                        client.name));
        }
        c.clients.append(client);
    }
    const QJsonArray accounts = o.value(u"fieldAccounts"_s).toArray();
    for (const QJsonValue &v : accounts) {
        const QJsonObject ao = v.toObject();
        c.fieldAccounts.append(
            {ao.value(u"login"_s).toString(), ao.value(u"passwordSha256"_s).toString().toLower()});
    }
    return c;
}

Result<GatewayConfig> GatewayConfig::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io,
                         u"cannot read the configuration %1: %2"_s.arg(path, file.errorString()));
    return fromJson(file.readAll(), path);
}

const ApiClient *GatewayConfig::clientByKey(const QString &apiKey) const
{
    if (apiKey.isEmpty())
        return nullptr;
    const QByteArray given = apiKey.toUtf8();
    const ApiClient *found = nullptr;
    for (const ApiClient &c : clients) {
        const QByteArray key = c.apiKey.toUtf8();
        // Compare every byte so that the time taken does not tell how much of a key was right.
        unsigned char diff = key.size() == given.size() ? 0 : 1;
        for (qsizetype i = 0; i < key.size(); ++i)
            diff |= (unsigned char)(key[i] ^ (given.isEmpty() ? 0 : given[i % given.size()]));
        if (diff == 0)
            found = &c;
    }
    return found;
}

const ApiClient *GatewayConfig::hotlineClient(const QString &hotline) const
{
    for (const ApiClient &c : clients) {
        if (c.kind == ClientKind::Hotline && c.hotline == hotline)
            return &c;
    }
    return nullptr;
}

} // namespace cg
