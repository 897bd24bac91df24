// Another station, as a separate process, for the PostgreSQL tests:
//   cg_pg_worker dispatch STORE CASE_ID VERSION UNIT_ID START_MS
//       waits until START_MS (epoch ms, so that two workers act at the same moment), dispatches the case as
//       the district dispatcher, prints "WON <version>" or "CONFLICT <code> <message>", then re-reads the
//       case and prints "SEEN <state> <version>".
//   cg_pg_worker open STORE START_MS
//       opens (and if need be creates) the store at START_MS and prints "OPEN <schema version>".
//   cg_pg_worker watch STORE
//       opens the store in a SessionThread (as citygrid does), prints "READY", then "CHANGED <epoch ms>" on
//       every storeChanged; stops when stdin closes.
#include "session/sessionthread.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSocketNotifier>
#include <QTextStream>
#include <QThread>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

int dispatch(const QStringList &args)
{
    auto opened = Session::open(args.at(2), SqlStore::OpenMode::MustExist);
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.errorMessage()));
        return 1;
    }
    Session &session = **opened;
    Actor dispatcher = session.store().findUser(u"dispatcher"_s).value();
    dispatcher.station = u"worker-%1"_s.arg(QCoreApplication::applicationPid());
    ActionRequest r;
    r.caseId = args.at(3).toLongLong();
    r.expectedVersion = args.at(4).toInt();
    r.action = Action::Dispatch;
    r.unitId = args.at(5).toLongLong();
    r.comment = dispatcher.station;
    const qint64 startAt = args.at(6).toLongLong();
    while (QDateTime::currentMSecsSinceEpoch() < startAt)
        QThread::usleep(200);
    auto done = session.cases().apply(dispatcher, r);
    QTextStream out(stdout);
    if (done)
        out << "WON " << done->version << Qt::endl;
    else
        out << "CONFLICT " << int(done.errorCode()) << ' ' << done.errorMessage() << Qt::endl;
    auto now = session.store().findCase(r.caseId);
    if (!now) {
        std::fprintf(stderr, "%s\n", qPrintable(now.errorMessage()));
        return 1;
    }
    out << "SEEN " << stateName(now->state) << ' ' << now->version << Qt::endl;
    return 0;
}

int openAt(const QStringList &args)
{
    const qint64 startAt = args.at(3).toLongLong();
    while (QDateTime::currentMSecsSinceEpoch() < startAt)
        QThread::usleep(200);
    auto store = SqlStore::open(args.at(2));
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorMessage()));
        return 1;
    }
    QTextStream(stdout) << "OPEN " << (*store)->schemaVersion() << Qt::endl;
    return 0;
}

int watch(QCoreApplication &app, const QStringList &args)
{
    SessionThread thread;
    QTextStream out(stdout);
    QObject::connect(&thread, &SessionThread::storeChanged, &app,
                     [&out] { out << "CHANGED " << QDateTime::currentMSecsSinceEpoch() << Qt::endl; });
    auto opened = thread.open(args.at(2), false);
    opened.waitForFinished();
    if (!opened.result()) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.result().errorMessage()));
        return 1;
    }
    out << "READY" << Qt::endl;
    QSocketNotifier input(0, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&app, &input] {
        char buffer[256];
        if (::fread(buffer, 1, 1, stdin) == 0) {
            input.setEnabled(false);
            app.quit();
        }
    });
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 7 && args.at(1) == u"dispatch"_s)
        return dispatch(args);
    if (args.size() == 4 && args.at(1) == u"open"_s)
        return openAt(args);
    if (args.size() == 3 && args.at(1) == u"watch"_s)
        return watch(app, args);
    std::fprintf(stderr, "usage: cg_pg_worker dispatch STORE CASE VERSION UNIT START_MS | open STORE "
                         "START_MS | watch STORE\n");
    return 2;
}
