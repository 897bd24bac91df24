// Applies a deterministic sequence of case actions to a store and prints "ACK <n>" after each commit.
// The crash test kills it with SIGKILL at random points and restarts it; every operation carries a request
// id, so a restarted worker skips what is already durable and applies the rest exactly once.
#include "session/demo.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3) {
        std::fprintf(stderr, "usage: cg_crash_worker STORE OPERATIONS\n");
        return 2;
    }
    const int operations = args.at(2).toInt();
    auto opened = Session::open(args.at(1));
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.errorMessage()));
        return 1;
    }
    Session &session = **opened;
    if (session.store().isEmpty()) {
        DemoOptions city;
        city.cases = 0;
        if (auto made = generateDemoCity(session, city); !made) {
            std::fprintf(stderr, "%s\n", qPrintable(made.errorMessage()));
            return 1;
        }
    }
    qint64 sanitation = 0;
    for (const ResponsibleUnit &u : session.store().units().value()) {
        if (u.code == u"hp.sanitation"_s)
            sanitation = u.id;
    }
    auto actor = [&](const QString &login) {
        Actor a = session.store().findUser(login).value();
        a.station = u"crash-worker"_s;
        return a;
    };
    const Actor reporter = actor(u"hp.sup1"_s);
    const Actor acceptor = actor(u"hp.acceptor"_s);
    const Actor shift = actor(u"hp.shift"_s);
    const Actor dispatcher = actor(u"hp.dispatcher"_s);

    QTextStream out(stdout);
    // Operation n: n % 4 == 0 reports case n / 4; 1, 2, 3 accept, file and dispatch it.
    for (int n = 0; n < operations; ++n) {
        const QString requestId = u"op-%1"_s.arg(n);
        Result<CaseRecord> done = makeError(ErrorCode::InvalidInput, QString());
        if (n % 4 == 0) {
            NewCaseRequest r;
            r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
            r.grid =
                UnitGridCode::parse(u"310101002001%1"_s.arg(1 + (n / 4) % 36, 3, 10, QChar(u'0'))).value();
            r.description = u"crash test case %1"_s.arg(n / 4);
            r.requestId = requestId;
            done = session.cases().report(reporter, r);
        } else {
            auto reported = session.store().findEventByRequestId(u"op-%1"_s.arg(n - n % 4));
            if (!reported || !reported->has_value()) {
                std::fprintf(stderr, "operation %d: its case was never reported\n", n);
                return 1;
            }
            auto current = session.store().findCase((*reported)->caseId).value();
            ActionRequest r;
            r.caseId = current.id;
            r.expectedVersion = current.version;
            r.requestId = requestId;
            r.action = n % 4 == 1 ? Action::Accept : n % 4 == 2 ? Action::File : Action::Dispatch;
            r.unitId = sanitation;
            done = session.cases().apply(n % 4 == 1 ? acceptor : n % 4 == 2 ? shift : dispatcher, r);
        }
        if (!done) {
            std::fprintf(stderr, "operation %d: %s\n", n, qPrintable(done.errorMessage()));
            return 1;
        }
        out << "ACK " << n << Qt::endl; // flushed: acknowledged only once committed
    }
    return 0;
}
