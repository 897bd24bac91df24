#pragma once

#include "core/result.h"
#include "store/pgconnection.h"

#include <QCoreApplication>

namespace cg {

// Logging in to a shared PostgreSQL store from the desktop: the CityGrid login and its password become a
// connection as the login's own database role (cg_<login>), so that row-level security limits the station to
// that login's jurisdiction or unit; a failed connection is told in words that say which setting is wrong.
class ServerLogin
{
    Q_DECLARE_TR_FUNCTIONS(cg::ServerLogin)
public:
    // Why a connection to a server failed, as far as the station can tell.
    enum class Problem {
        None,
        WrongPassword, // the server refused the login's role or its password
        Tls,           // the TLS mode (or CA file) does not match the server
        Unreachable,   // no server answers at that host and port
        NoDatabase,    // the server has no such database, or it holds no CityGrid store yet
        SchemaTooNew,  // the store was written by a newer CityGrid
        SchemaTooOld,  // the store needs a migration only its administrator can run
        NotCityGrid,   // the database belongs to another program
        NoUser,        // the database role belongs to no active CityGrid user
        Other,
    };

    // The server's settings with the user replaced by the login's database role and the password set.
    static PgConnectionSettings connectionFor(PgConnectionSettings server, const QString &login,
                                              const QString &password);
    // The CityGrid login whose database role is `user` (cg_hp_dispatcher -> none: roles are not reversible,
    // so this only says whether `user` looks like a station role).
    static bool isStationRole(const QString &user);
    static Problem problemOf(const Error &error);
    // One translated sentence naming the problem, e.g. "The login or the password is wrong."
    static QString headline(Problem problem);
    // The headline and the store's own message (which names the server, database and user).
    static QString explain(const Error &error);
};

} // namespace cg
