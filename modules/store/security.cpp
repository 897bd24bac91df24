// Passwords, database roles and the access audit of SqlStore (ARCHITECTURE.md, "Stores"; issue 5 §6).
#include "store/sqlstore.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSqlQuery>

#include <sodium.h>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

// SQL string literal: PostgreSQL's CREATE ROLE ... PASSWORD takes no bound parameters.
QString literal(const QString &text)
{
    QString t = text;
    t.replace(u"'"_s, u"''"_s);
    return u'\'' + t + u'\'';
}

} // namespace

QString SqlStore::databaseRoleFor(const QString &login)
{
    QString role = login.toLower();
    role.replace(QRegularExpression(u"[^a-z0-9_]"_s), u"_"_s);
    return QString(u"cg_"_s + role).left(63); // PostgreSQL's identifier limit
}

Status SqlStore::setPassword(const QString &login, const QString &password)
{
    if (sodium_init() < 0)
        return makeError(ErrorCode::Storage, u"libsodium cannot be initialised"_s);
    if (password.size() < 8)
        return makeError(ErrorCode::InvalidInput,
                         u"the password of '%1' must have at least 8 characters"_s.arg(login));
    const QByteArray utf8 = password.toUtf8();
    char hash[crypto_pwhash_STRBYTES];
    // Interactive limits: about 0.1 s and 64 MiB per check, which is what a login can afford.
    if (crypto_pwhash_str(hash, utf8.constData(), quint64(utf8.size()), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return makeError(ErrorCode::Storage,
                         u"the password hash of '%1' cannot be computed (out of memory)"_s.arg(login));
    const QString role = databaseRoleFor(login);
    if (auto s = savepoint(); !s)
        return s;
    auto fail = [this](const Error &e) -> Status {
        rollbackToSavepoint();
        return e;
    };
    auto updated =
        execWrite(u"UPDATE users SET password_hash = ?, db_role = ? WHERE login = ?"_s,
                  {QString::fromLatin1(hash),
                   isPostgres() ? QVariant(role) : QVariant(QMetaType(QMetaType::QString)), login});
    if (!updated)
        return fail(updated.error());
    if (updated->rowsAffected == 0)
        return fail(makeError(ErrorCode::NotFound, u"user '%1' does not exist"_s.arg(login)));
    if (isPostgres()) {
        auto exists = exec(u"SELECT 1 FROM pg_roles WHERE rolname = ?"_s, {role});
        if (!exists)
            return fail(exists.error());
        const QString verb = exists->next() ? u"ALTER"_s : u"CREATE"_s;
        // The role name is ours (databaseRoleFor); the password is quoted as a literal.
        for (const QString &sql : {u"%1 ROLE %2 LOGIN PASSWORD %3"_s.arg(verb, role, literal(password)),
                                   u"GRANT citygrid_station TO %1"_s.arg(role)}) {
            auto r = exec(sql);
            if (!r)
                return fail(makeError(r.errorCode(), r.errorMessage().replace(password, u"***"_s)));
        }
    }
    return release();
}

Result<Actor> SqlStore::verifyLogin(const QString &login, const QString &password)
{
    const Error refused = makeError(ErrorCode::NotPermitted, u"the login name or password is wrong"_s);
    if (sodium_init() < 0)
        return makeError(ErrorCode::Storage, u"libsodium cannot be initialised"_s);
    auto q = exec(u"SELECT password_hash FROM users WHERE login = ? AND active = 1"_s, {login});
    if (!q)
        return q.error();
    const QByteArray hash = q->next() ? q->value(0).toString().toLatin1() : QByteArray();
    const QByteArray utf8 = password.toUtf8();
    if (hash.isEmpty() ||
        crypto_pwhash_str_verify(hash.constData(), utf8.constData(), quint64(utf8.size())) != 0) {
        (void)recordAccess(u"login_refused"_s, login,
                           hash.isEmpty() ? u"unknown login or no password"_s : u"wrong password"_s);
        return refused;
    }
    auto actor = findUser(login);
    if (!actor)
        return actor.error();
    if (auto s = recordAccess(u"login"_s, login, QString()); !s)
        return s.error();
    return actor;
}

Result<QString> SqlStore::connectedLogin()
{
    if (!isPostgres())
        return QString();
    auto q = exec(u"SELECT login, active FROM users WHERE db_role = session_user"_s);
    if (!q)
        return q.error();
    if (q->next()) {
        if (q->value(1).toInt() != 1)
            return makeError(
                ErrorCode::NotFound,
                u"database user %1 belongs to no active CityGrid user (login '%2' is disabled)"_s.arg(
                    mPgSettings.user, q->value(0).toString()));
        return q->value(0).toString();
    }
    // A direct member of the stations' group (a superuser "has" every role, but is no station).
    auto station = exec(u"SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                        u"JOIN pg_roles r ON r.oid = m.member WHERE g.rolname = 'citygrid_station' "
                        u"AND r.rolname = session_user)"_s);
    if (station && station->next() && station->value(0).toBool())
        return makeError(ErrorCode::NotFound,
                         u"database user %1 of store %2 belongs to no active CityGrid user"_s.arg(
                             mPgSettings.user, mPath));
    return QString();
}

Status SqlStore::recordAccess(const QString &kind, const QString &login, const QString &detail)
{
    PendingAccess entry{kind, login, detail.isNull() ? u""_s : detail, QDateTime::currentMSecsSinceEpoch()};
    if (mSavepointDepth > 0 || mInBatch) {
        // Written when the transaction has ended (flushPendingAudit), whichever way it ends.
        mPendingAccess.append(entry);
        return {};
    }
    return writeAccess(entry);
}

Status SqlStore::writeAccess(const PendingAccess &entry)
{
    const QVariant login =
        entry.login.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(entry.login);
    if (isPostgres()) {
        // Through the SECURITY DEFINER function: stations may append to the audit, not read or change it.
        // A role outside citygrid_station (the owner) writes the same way.
        auto r = exec(u"SELECT cg_audit(?, ?, ?)"_s, {entry.kind, login, entry.detail});
        if (!r)
            return r.error();
        return {};
    }
    auto r = execWrite(u"INSERT INTO access_audit(at, db_user, login, kind, detail) VALUES (?, ?, ?, ?, ?)"_s,
                       {entry.atMs, u"local"_s, entry.login, entry.kind, entry.detail});
    if (!r)
        return r.error();
    return {};
}

void SqlStore::flushPendingAudit()
{
    if (mSavepointDepth > 0 || mInBatch || mPendingAccess.isEmpty())
        return;
    const QList<PendingAccess> pending = std::exchange(mPendingAccess, {});
    for (const PendingAccess &entry : pending) {
        if (auto s = writeAccess(entry); !s)
            qWarning("access audit entry '%s' of '%s' cannot be written: %s", qPrintable(entry.kind),
                     qPrintable(entry.login), qPrintable(s.errorMessage()));
    }
}

} // namespace cg
