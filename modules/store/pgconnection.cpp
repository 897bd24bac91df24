#include "store/pgconnection.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

const QStringList sslModes{u"disable"_s, u"allow"_s,     u"prefer"_s,
                           u"require"_s, u"verify-ca"_s, u"verify-full"_s};

// libpq's conninfo quoting: values in single quotes, backslash and quote escaped.
QString quoted(const QString &value)
{
    QString v = value;
    v.replace(u"\\"_s, u"\\\\"_s).replace(u"'"_s, u"\\'"_s);
    return u'\'' + v + u'\'';
}

} // namespace

bool isPostgresUrl(const QString &location)
{
    return location.startsWith(u"postgresql://"_s, Qt::CaseInsensitive) ||
           location.startsWith(u"postgres://"_s, Qt::CaseInsensitive);
}

QString PgConnectionSettings::displayUrl() const
{
    QUrl u;
    u.setScheme(u"postgresql"_s);
    u.setHost(host);
    u.setPort(port);
    u.setUserName(user);
    u.setPath(u'/' + database);
    QUrlQuery q;
    if (sslMode != u"prefer"_s)
        q.addQueryItem(u"sslmode"_s, sslMode);
    if (!sslRootCert.isEmpty())
        q.addQueryItem(u"sslrootcert"_s, sslRootCert);
    if (!socketDirectory.isEmpty())
        q.addQueryItem(u"host"_s, socketDirectory);
    u.setQuery(q);
    return u.toString();
}

QString PgConnectionSettings::url() const
{
    QUrl u(displayUrl());
    u.setPassword(password);
    return u.toString();
}

QString PgConnectionSettings::connectOptions() const
{
    QStringList options{u"sslmode="_s + sslMode,
                        u"connect_timeout="_s + QString::number(connectTimeoutSeconds),
                        u"application_name=citygrid"_s};
    if (!sslRootCert.isEmpty())
        options.append(u"sslrootcert="_s + quoted(sslRootCert));
    // Dead connections (a server restart, a cable pulled) are noticed within seconds, not hours.
    options << u"keepalives=1"_s << u"keepalives_idle=10"_s << u"keepalives_interval=5"_s
            << u"keepalives_count=3"_s;
    return options.join(u';');
}

Result<PgConnectionSettings> parsePostgresUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    auto bad = [&text](const QString &why) {
        // The address as typed, without its password (a malformed URL may not parse back with QUrl).
        QString shown = text.trimmed();
        shown.replace(QRegularExpression(u"^([a-zA-Z]+://[^:/@]*):[^@/]*@"_s), u"\\1@"_s);
        return makeError(ErrorCode::InvalidInput,
                         u"store address %1 is not a valid PostgreSQL URL: %2 (expected "
                         u"postgresql://user:password@host:port/database?sslmode=require)"_s.arg(shown, why));
    };
    if (!url.isValid())
        return bad(url.errorString());
    if (url.scheme() != u"postgresql"_s && url.scheme() != u"postgres"_s)
        return bad(u"the scheme must be postgresql://"_s);
    PgConnectionSettings s;
    s.host = url.host();
    if (s.host.isEmpty())
        return bad(u"the server's host name is missing"_s);
    s.port = url.port(5432);
    if (s.port <= 0 || s.port > 65535)
        return bad(u"the port must be between 1 and 65535"_s);
    s.database = url.path().mid(1);
    if (s.database.isEmpty() || s.database.contains(u'/'))
        return bad(u"the database name is missing"_s);
    s.user = url.userName();
    if (s.user.isEmpty())
        return bad(u"the user name is missing"_s);
    s.password = url.password();
    const QUrlQuery query(url);
    for (const auto &item : query.queryItems(QUrl::FullyDecoded)) {
        if (item.first == u"sslmode"_s) {
            if (!sslModes.contains(item.second))
                return bad(
                    u"sslmode '%1' is unknown; use one of %2"_s.arg(item.second, sslModes.join(u", ")));
            s.sslMode = item.second;
        } else if (item.first == u"sslrootcert"_s) {
            s.sslRootCert = item.second;
        } else if (item.first == u"connect_timeout"_s) {
            bool ok = false;
            s.connectTimeoutSeconds = item.second.toInt(&ok);
            if (!ok || s.connectTimeoutSeconds < 1)
                return bad(u"connect_timeout must be a number of seconds"_s);
        } else if (item.first == u"host"_s) {
            if (!item.second.startsWith(u'/'))
                return bad(
                    u"the option host names the directory of the server's Unix-domain socket and must be "
                    u"an absolute path ('%1' is not)"_s.arg(item.second));
            s.socketDirectory = item.second;
        } else {
            return bad(
                u"the option '%1' is unknown (known: sslmode, sslrootcert, connect_timeout, host)"_s.arg(
                    item.first));
        }
    }
    return s;
}

Error describeConnectionError(const PgConnectionSettings &s, const QString &driverText)
{
    const QString where = s.displayUrl();
    const QString detail = driverText.simplified();
    auto has = [&detail](const char16_t *needle) {
        return detail.contains(QString::fromUtf16(needle), Qt::CaseInsensitive);
    };
    if (has(u"password authentication failed") || has(u"no password supplied") ||
        has(u"authentication failed"))
        return makeError(
            ErrorCode::NotPermitted,
            u"PostgreSQL store %1: the user name or password is wrong (user '%2')"_s.arg(where, s.user));
    if (has(u"does not exist") && has(u"database"))
        return makeError(ErrorCode::NotFound,
                         u"PostgreSQL store %1: the server has no database '%2'"_s.arg(where, s.database));
    if (has(u"role") && has(u"does not exist"))
        return makeError(
            ErrorCode::NotPermitted,
            u"PostgreSQL store %1: the user name or password is wrong (user '%2')"_s.arg(where, s.user));
    if (has(u"SSL") || has(u"certificate") || has(u"no encryption") || has(u"GSSAPI"))
        return makeError(
            ErrorCode::InvalidInput,
            u"PostgreSQL store %1: the TLS setting sslmode=%2 does not match the server: %3"_s.arg(
                where, s.sslMode, detail));
    if (has(u"could not connect") || has(u"Connection refused") || has(u"timeout expired") ||
        has(u"could not translate host name") || has(u"No route to host") || has(u"Network is unreachable") ||
        has(u"server closed the connection"))
        return makeError(
            ErrorCode::Storage,
            u"PostgreSQL store %1: the server at %2:%3 cannot be reached: %4"_s.arg(where, s.host)
                .arg(s.port)
                .arg(detail));
    return makeError(ErrorCode::Storage, u"PostgreSQL store %1 cannot be opened: %2"_s.arg(where, detail));
}

} // namespace cg
