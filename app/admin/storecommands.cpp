#include "storecommands.h"

#include "store/storecopy.h"

#include <QTextStream>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace cg::admin {

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

int fail(const QString &message, int code = 1)
{
    QTextStream(stderr) << "citygrid-admin: " << message << Qt::endl;
    return code;
}

} // namespace

void addStoreOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {u"from"_s, u"migrate: the SQLite store to copy."_s, u"file"_s},
        {u"to"_s, u"migrate: the PostgreSQL store to copy into (postgresql://user:password@host:port/db)."_s,
         u"url"_s},
        {u"password"_s, u"password: the new password (at least 8 characters)."_s, u"password"_s},
    });
}

QString storeUsage()
{
    return u"  migrate --from FILE --to URL  copy an SQLite store into a new PostgreSQL store, then compare\n"
           u"                                the row counts of every table and verify the audit chains\n"
           u"  password LOGIN --password P   set a login's password (Argon2id); on PostgreSQL also its\n"
           u"                                database role cg_<login>, limited to its jurisdiction"_s;
}

bool isStoreCommand(const QStringList &arguments)
{
    return !arguments.isEmpty() && (arguments.first() == u"migrate"_s || arguments.first() == u"password"_s);
}

int runStoreCommand(const QStringList &arguments, const QCommandLineParser &parser, const QString &storePath)
{
    if (arguments.first() == u"password"_s) {
        if (arguments.size() != 2 || !parser.isSet(u"password"_s))
            return fail(u"usage: citygrid-admin [--store FILE|URL] password LOGIN --password P"_s, 2);
        auto store = SqlStore::open(storePath, SqlStore::OpenMode::MustExist);
        if (!store)
            return fail(store.errorMessage());
        if (auto s = (*store)->setPassword(arguments.at(1), parser.value(u"password"_s)); !s)
            return fail(s.errorMessage());
        out() << "password of " << arguments.at(1) << " set in " << (*store)->path();
        if ((*store)->isPostgres())
            out() << " (database role " << SqlStore::databaseRoleFor(arguments.at(1)) << ")";
        out() << Qt::endl;
        return 0;
    }
    if (!parser.isSet(u"from"_s) || !parser.isSet(u"to"_s))
        return fail(u"usage: citygrid-admin migrate --from FILE --to postgresql://..."_s, 2);
    if (!isPostgresUrl(parser.value(u"to"_s)))
        return fail(u"--to must be a postgresql:// URL, not '%1'"_s.arg(parser.value(u"to"_s)), 2);
    auto from = SqlStore::open(parser.value(u"from"_s), SqlStore::OpenMode::MustExist);
    if (!from)
        return fail(from.errorMessage());
    auto to = SqlStore::open(parser.value(u"to"_s), SqlStore::OpenMode::CreateIfMissing);
    if (!to)
        return fail(to.errorMessage());
    auto copied = copyStore(**from, **to, [](const QString &table, qint64 rows) {
        QTextStream(stderr) << "\r" << table << ": " << rows << Qt::flush;
    });
    QTextStream(stderr) << "\r" << Qt::flush;
    if (!copied)
        return fail(copied.errorMessage());
    out() << "copied " << (*from)->path() << " into " << (*to)->path() << ":" << Qt::endl;
    for (const auto &[table, rows] : std::as_const(copied->rowsByTable))
        out() << "  " << table.leftJustified(20) << rows << Qt::endl;
    out() << "row counts equal in both stores; audit chains verified: " << copied->audit.casesChecked
          << " case(s), " << copied->audit.eventsChecked << " event(s)" << Qt::endl;
    return 0;
}

} // namespace cg::admin
