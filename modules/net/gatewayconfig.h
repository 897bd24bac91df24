#pragma once

#include "core/result.h"

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrl>

namespace cg {

// What a client system may do with its API key.
enum class ClientKind {
    Hotline,  // a 12345 / 12319 hotline platform: posts tickets and feedback, receives callbacks
    Open311,  // a public Open311 client (app, web form)
    Operator, // our own stations: record first contact, read the outbox
};

QString clientKindName(ClientKind kind);
Result<ClientKind> parseClientKind(const QString &text);

struct ApiClient
{
    QString name;
    QString apiKey;
    ClientKind kind = ClientKind::Open311;
    QString hotline;  // "12345" or "12319" for a hotline client
    QUrl callbackUrl; // where a hotline client receives results
    // The hotline's shared secret: every callback carries X-CityGrid-Signature, the HMAC-SHA256 of
    // "<X-CityGrid-Timestamp>.<body>" with it (docs/hotline-api.md). Empty: callbacks are not signed.
    QString callbackSecret = {};
    // The client's own rate limit (a hotline's bursts); 0: the gateway's default.
    double requestsPerSecond = 0;
    double burst = 0;
};

// A supervisor's phone login for the field API.
struct FieldAccount
{
    QString login;
    QString passwordSha256; // hex SHA-256 of the password
};

// The gateway's settings: a JSON file (see docs/hotline-api.md) overridden by command-line options.
struct GatewayConfig
{
    QString storePath;
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 listenPort = 8080;
    QString tlsCertificatePath; // PEM; TLS is on when both are set
    QString tlsKeyPath;

    qint64 maxBodyBytes = 8 * 1024 * 1024; // photos arrive as multipart bodies
    qint64 maxHeaderBytes = 16 * 1024;
    int idleTimeoutMs = 30 * 1000;
    double requestsPerSecond = 200; // per API key (or per address without one); token bucket
    double burst = 400;

    int outboxInitialRetryMs = 2000;
    int outboxMaxRetryMs = 5 * 60 * 1000;
    int outboxTimeoutMs = 15 * 1000;

    int groupCommitMax = 256; // most writes committed in one store transaction
    // Store connections that write, each with its own group commit: 0 takes the engine's default
    // (DefaultPostgresWriters on PostgreSQL); an SQLite store always has one writer. Two PostgreSQL
    // connections did best on a 2-vCPU machine shared with the server (docs/hotline-api.md); more pay where
    // the server has its own CPUs.
    int storeWriters = 0;
    static constexpr int DefaultPostgresWriters = 2;
    static constexpr int MaxStoreWriters = 16;
    int fieldTokenHours = 12;
    // The class a hotline case gets when the suggester finds nothing in its text; the acceptor reclassifies
    // it.
    QString hotlineFallbackClass = QStringLiteral("event/06036");
    QString open311Jurisdiction = QStringLiteral("shanghai.citygrid");

    QList<ApiClient> clients;
    QList<FieldAccount> fieldAccounts;

    static Result<GatewayConfig> fromJson(const QByteArray &json, const QString &source);
    static Result<GatewayConfig> fromFile(const QString &path);
    // "127.0.0.1:8080", "[::1]:8080", ":8080" (all interfaces) or "8080".
    Status setListen(const QString &text);

    const ApiClient *clientByKey(const QString &apiKey) const; // constant-time comparison per key
    const ApiClient *hotlineClient(const QString &hotline) const;
};

} // namespace cg
