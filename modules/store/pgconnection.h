#pragma once

#include "core/result.h"

#include <QString>

namespace cg {

// Where and how to reach a PostgreSQL store, read from a URL:
//   postgresql://user:password@host:port/database?sslmode=verify-full&sslrootcert=/path/ca.pem
//   postgresql://user@localhost:5432/database?host=/var/run/postgresql (the server's socket on this machine)
struct PgConnectionSettings
{
    QString host;
    int port = 5432;
    QString database;
    QString user;
    QString password;
    QString sslMode = QStringLiteral("prefer"); // disable, allow, prefer, require, verify-ca, verify-full
    QString sslRootCert;                        // CA file for verify-ca / verify-full
    int connectTimeoutSeconds = 5;
    // ?host=/var/run/postgresql: the directory of the server's Unix-domain socket on this machine, used
    // instead of host and port's TCP (a program beside its database; libpq uses no TLS there).
    QString socketDirectory;

    // Where libpq connects: the socket directory if there is one, else the host.
    QString connectHost() const { return socketDirectory.isEmpty() ? host : socketDirectory; }

    // The URL without the password: what messages, titles and logs show.
    QString displayUrl() const;
    // The full URL, password included (to hand to another process of the same user).
    QString url() const;
    // QPSQL connect options (libpq keywords) for the TLS mode and timeouts.
    QString connectOptions() const;
};

// Whether a store location names a PostgreSQL server rather than an SQLite file.
bool isPostgresUrl(const QString &location);

// Parses and checks a postgresql:// URL; the error names what is wrong with it.
Result<PgConnectionSettings> parsePostgresUrl(const QString &url);

// Turns a failed connection's driver text into a message naming the cause: the server cannot be reached,
// the password or user is wrong, the TLS setting does not match the server, the database does not exist.
Error describeConnectionError(const PgConnectionSettings &settings, const QString &driverText);

} // namespace cg
