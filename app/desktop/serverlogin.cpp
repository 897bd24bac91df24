#include "serverlogin.h"

#include "store/sqlstore.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

PgConnectionSettings ServerLogin::connectionFor(PgConnectionSettings server, const QString &login,
                                                const QString &password)
{
    server.user = SqlStore::databaseRoleFor(login.trimmed());
    server.password = password;
    return server;
}

bool ServerLogin::isStationRole(const QString &user)
{
    return user.startsWith(u"cg_"_s) && user != u"cg_admin"_s;
}

ServerLogin::Problem ServerLogin::problemOf(const Error &error)
{
    const QString &m = error.message;
    switch (error.code) {
    case ErrorCode::NotPermitted:
        return Problem::WrongPassword;
    case ErrorCode::SchemaTooNew:
        return Problem::SchemaTooNew;
    case ErrorCode::NotOurStore:
        return Problem::NotCityGrid;
    case ErrorCode::NotFound:
        if (m.contains(u"belongs to no"_s))
            return Problem::NoUser;
        return Problem::NoDatabase;
    default:
        break;
    }
    // The texts of describeConnectionError() and of the store's migrations.
    if (m.contains(u"the TLS setting"_s))
        return Problem::Tls;
    if (m.contains(u"cannot be reached"_s))
        return Problem::Unreachable;
    if (m.startsWith(u"migration "_s))
        return Problem::SchemaTooOld;
    return Problem::Other;
}

QString ServerLogin::headline(Problem problem)
{
    switch (problem) {
    case Problem::None:
        return {};
    case Problem::WrongPassword:
        return tr("The login or the password is wrong.");
    case Problem::Tls:
        return tr("The TLS setting does not match the server: choose another TLS mode or CA file in the "
                  "connection settings.");
    case Problem::Unreachable:
        return tr("The server cannot be reached: check the host and port, or the network.");
    case Problem::NoDatabase:
        return tr("The server has no CityGrid store under that database name.");
    case Problem::SchemaTooNew:
        return tr("The store belongs to a newer version of CityGrid: update CityGrid on this station.");
    case Problem::SchemaTooOld:
        return tr("The store has an older schema version: its administrator must update it first "
                  "(citygrid-admin init).");
    case Problem::NotCityGrid:
        return tr("The database is not a CityGrid store.");
    case Problem::NoUser:
        return tr("The database user belongs to no active CityGrid user.");
    case Problem::Other:
        break;
    }
    return tr("The store cannot be opened.");
}

QString ServerLogin::explain(const Error &error)
{
    return headline(problemOf(error)) + u'\n' + error.message;
}

} // namespace cg
