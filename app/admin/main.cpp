// citygrid-admin: create a store, fill the demo city, act on cases, verify the audit chain, export.
#include "session/demo.h"
#include "session/session.h"

#include "evalcommands.h"
#include "geocommands.h"
#include "reportcommands.h"
#include "storecommands.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const QString &message, int code = 1)
{
    err() << "citygrid-admin: " << message << Qt::endl;
    return code;
}

QString local(const QDateTime &t)
{
    return t.isValid() ? t.toOffsetFromUtc(8 * 3600).toString(u"yyyy-MM-dd HH:mm"_s) : u"-"_s;
}

const char *usageText = R"(citygrid-admin [--store FILE|postgresql://URL] <command> [options]

Commands:
  init                          create the store (or migrate it to this version)
  demo [--cases N] [--days D] [--seed S]
                                fill an empty store with the demo city
  users                         list users (login, role, jurisdiction or unit)
  case list [--state S] [--overdue] [--scope CODE] [--limit N]
  case show NUMBER              the case and its timeline of events
  case report --as LOGIN --class KIND/CODE --grid CODE --description TEXT
              [--source S] [--lon X --lat Y] [--address TEXT] [--request-id ID]
  case ACTION NUMBER --as LOGIN [--comment TEXT] [--unit CODE] [--date YYYY-MM-DDTHH:MM]
              [--closing-type T] [--urge-level L] [--version V] [--request-id ID]
                                ACTION is a workflow action: accept, file, dispatch, report_handled, ...
  audit verify                  check every case's event chain; exit 1 naming any edited or deleted event
  export csv --out FILE [--state S]
                                cases as CSV (UTF-8)

The store defaults to the desktop's embedded store.)";

Result<QDateTime> parseLocalDate(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid())
        return makeError(ErrorCode::InvalidInput,
                         u"date '%1' is not of the form YYYY-MM-DDTHH:MM (Beijing time)"_s.arg(text));
    if (t.timeSpec() == Qt::LocalTime)
        t = QDateTime(t.date(), t.time(), Qt::OffsetFromUTC, 8 * 3600);
    return t.toUTC();
}

QString csvField(QString v)
{
    if (v.contains(u',') || v.contains(u'"') || v.contains(u'\n')) {
        v.replace(u"\""_s, u"\"\""_s);
        return u'"' + v + u'"';
    }
    return v;
}

void printCase(Session &session, const CaseRecord &c)
{
    const CatalogueClass *cls = session.catalogue().find(c.classKey);
    out() << "case " << c.number << " (id " << c.id << ", version " << c.version << ")\n"
          << "  state      " << stateName(c.state) << ", step " << stepName(c.step) << " due "
          << local(c.stepDueAt) << (c.isStepOverdue(session.clock().now()) ? " OVERDUE" : "") << "\n"
          << "  class      " << c.classKey.toString() << " " << (cls ? cls->name : QString()) << "\n"
          << "  grid       " << c.grid.text() << ", area class " << areaClassName(c.areaClass) << ", tier "
          << levelName(c.owningTier) << "\n"
          << "  source     " << sourceName(c.source)
          << (c.hotlineTicket.isEmpty() ? QString() : u" "_s + c.hotlineTicket) << "\n"
          << "  reported   " << local(c.reportedAt) << "\n"
          << "  handling   " << (c.handlingLimit.isNull() ? u"-"_s : c.handlingLimit.toString()) << ", due "
          << local(c.handlingDueAt) << ", unit " << c.unitId << "\n"
          << "  text       " << c.description << "\n";
}

int listCases(Session &session, const QCommandLineParser &p)
{
    CaseQuery q;
    q.now = session.clock().now();
    if (p.isSet(u"state"_s)) {
        auto s = parseState(p.value(u"state"_s));
        if (!s)
            return fail(s.errorMessage(), 2);
        q.states = {*s};
    }
    q.overdueOnly = p.isSet(u"overdue"_s);
    if (p.isSet(u"scope"_s)) {
        auto scope = JurisdictionCode::parse(p.value(u"scope"_s));
        if (!scope)
            return fail(scope.errorMessage(), 2);
        q.scope = *scope;
    }
    q.limit = p.value(u"limit"_s).isEmpty() ? 50 : p.value(u"limit"_s).toInt();
    auto page = session.store().casePage(q);
    if (!page)
        return fail(page.errorMessage());
    for (const CaseRecord &c : std::as_const(page->rows)) {
        out() << c.number << "  " << stateName(c.state).leftJustified(16) << " " << c.classKey.toString()
              << "  " << c.grid.text() << "  " << local(c.reportedAt)
              << (c.isStepOverdue(q.now) ? "  OVERDUE" : "") << "\n";
    }
    out() << page->rows.size() << " case(s)" << (page->next ? " (more follow; raise --limit)" : "")
          << Qt::endl;
    return 0;
}

int showCase(Session &session, const QString &number)
{
    auto c = session.store().findCaseByNumber(number);
    if (!c)
        return fail(c.errorMessage());
    printCase(session, *c);
    auto events = session.store().events(c->id);
    if (!events)
        return fail(events.errorMessage());
    out() << "  timeline\n";
    for (const CaseEvent &e : std::as_const(*events)) {
        out() << "    #" << e.seq << " " << local(e.at) << "  " << actionName(e.action) << " by "
              << e.actorName << " (" << roleName(e.role) << ")  " << stateName(e.fromState) << " -> "
              << stateName(e.toState)
              << (e.step != Step::None ? (e.onTime ? u"  on time"_s : u"  LATE"_s) : QString())
              << (e.comment.isEmpty() ? QString() : u"  \u201c"_s + e.comment + u"\u201d"_s) << "\n";
    }
    out().flush();
    return 0;
}

Result<Actor> actorFrom(Session &session, const QCommandLineParser &p)
{
    if (!p.isSet(u"as"_s))
        return makeError(ErrorCode::InvalidInput,
                         u"say who acts with --as LOGIN (see 'citygrid-admin users')"_s);
    auto actor = session.store().findUser(p.value(u"as"_s));
    if (!actor)
        return actor.error();
    actor->station = u"citygrid-admin"_s;
    return actor;
}

int reportCase(Session &session, const QCommandLineParser &p)
{
    auto actor = actorFrom(session, p);
    if (!actor)
        return fail(actor.errorMessage(), 2);
    NewCaseRequest r;
    auto key = CatalogueKey::parse(p.value(u"class"_s));
    if (!key)
        return fail(key.errorMessage(), 2);
    r.classKey = *key;
    auto grid = UnitGridCode::parse(p.value(u"grid"_s));
    if (!grid)
        return fail(grid.errorMessage(), 2);
    r.grid = *grid;
    r.description = p.value(u"description"_s);
    r.address = p.value(u"address"_s);
    r.longitude = p.value(u"lon"_s).toDouble();
    r.latitude = p.value(u"lat"_s).toDouble();
    r.requestId = p.value(u"request-id"_s);
    if (p.isSet(u"source"_s)) {
        auto source = parseSource(p.value(u"source"_s));
        if (!source)
            return fail(source.errorMessage(), 2);
        r.source = *source;
    }
    auto created = session.cases().report(*actor, r);
    if (!created)
        return fail(created.errorMessage());
    out() << "reported case " << created->number << " (state " << stateName(created->state) << ")"
          << Qt::endl;
    return 0;
}

int actOnCase(Session &session, const QString &actionText, const QString &number, const QCommandLineParser &p)
{
    auto action = parseAction(actionText);
    if (!action)
        return fail(action.errorMessage(), 2);
    auto actor = actorFrom(session, p);
    if (!actor)
        return fail(actor.errorMessage(), 2);
    auto c = session.store().findCaseByNumber(number);
    if (!c)
        return fail(c.errorMessage());
    ActionRequest r;
    r.caseId = c->id;
    r.expectedVersion = p.isSet(u"version"_s) ? p.value(u"version"_s).toInt() : c->version;
    r.action = *action;
    r.comment = p.value(u"comment"_s);
    r.requestId = p.value(u"request-id"_s);
    if (p.isSet(u"unit"_s)) {
        auto units = session.store().units();
        if (!units)
            return fail(units.errorMessage());
        for (const ResponsibleUnit &u : std::as_const(*units)) {
            if (u.code == p.value(u"unit"_s))
                r.unitId = u.id;
        }
        if (r.unitId == 0)
            return fail(u"responsible unit '%1' does not exist"_s.arg(p.value(u"unit"_s)), 2);
    }
    if (p.isSet(u"date"_s)) {
        auto date = parseLocalDate(p.value(u"date"_s));
        if (!date)
            return fail(date.errorMessage(), 2);
        r.requestedDate = *date;
    }
    if (p.isSet(u"closing-type"_s)) {
        auto t = parseClosingType(p.value(u"closing-type"_s));
        if (!t)
            return fail(t.errorMessage(), 2);
        r.closingType = *t;
    }
    if (p.isSet(u"urge-level"_s)) {
        auto l = parseUrgeLevel(p.value(u"urge-level"_s));
        if (!l)
            return fail(l.errorMessage(), 2);
        r.urgeLevel = *l;
    }
    auto done = session.cases().apply(*actor, r);
    if (!done)
        return fail(done.errorMessage());
    out() << "case " << done->number << ": " << actionName(*action) << " -> " << stateName(done->state)
          << " (version " << done->version << ")";
    if (done->stepDueAt.isValid())
        out() << ", step " << stepName(done->step) << " due " << local(done->stepDueAt);
    out() << Qt::endl;
    return 0;
}

int exportCsv(Session &session, const QCommandLineParser &p)
{
    if (!p.isSet(u"out"_s))
        return fail(u"say where to write with --out FILE"_s, 2);
    QFile file(p.value(u"out"_s));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(u"%1 cannot be written: %2"_s.arg(file.fileName(), file.errorString()));
    QTextStream csv(&file);
    csv << "number,state,step,step_due_at,class,class_name,grid,community,source,priority,key_supervision,"
           "reported_at,handling_due_at,closed_at,unit_id,extension_count,rework_count,urge_count,"
           "description\n";
    CaseQuery q;
    if (p.isSet(u"state"_s)) {
        auto s = parseState(p.value(u"state"_s));
        if (!s)
            return fail(s.errorMessage(), 2);
        q.states = {*s};
    }
    q.limit = 5000;
    int rows = 0;
    for (;;) {
        auto page = session.store().casePage(q);
        if (!page)
            return fail(page.errorMessage());
        for (const CaseRecord &c : std::as_const(page->rows)) {
            const CatalogueClass *cls = session.catalogue().find(c.classKey);
            const QStringList fields{c.number,
                                     stateName(c.state),
                                     stepName(c.step),
                                     local(c.stepDueAt),
                                     c.classKey.toString(),
                                     cls ? cls->name : QString(),
                                     c.grid.text(),
                                     c.community.text(),
                                     sourceName(c.source),
                                     priorityName(c.priority),
                                     c.keySupervision ? u"1"_s : u"0"_s,
                                     local(c.reportedAt),
                                     local(c.handlingDueAt),
                                     local(c.closedAt),
                                     QString::number(c.unitId),
                                     QString::number(c.extensionCount),
                                     QString::number(c.reworkCount),
                                     QString::number(c.urgeCount),
                                     c.description};
            QStringList escaped;
            for (const QString &f : fields)
                escaped.append(csvField(f));
            csv << escaped.join(u',') << "\n";
            ++rows;
        }
        if (!page->next)
            break;
        q.after = page->next;
    }
    csv.flush();
    if (file.error() != QFile::NoError)
        return fail(u"%1 cannot be written: %2"_s.arg(file.fileName(), file.errorString()));
    out() << "wrote " << rows << " case(s) to " << file.fileName() << Qt::endl;
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    const std::unique_ptr<QCoreApplication> application = admin::createApplication(argc, argv);
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(u"CityGrid"_s);
    QCoreApplication::setOrganizationName(u"CityGrid"_s);

    QCommandLineParser p;
    p.setApplicationDescription(QString::fromUtf8(usageText) + u"\n\nGeodata commands:\n"_s +
                                admin::geoUsage() + u"\n\nStore commands:\n"_s + admin::storeUsage() +
                                u"\n\nReport:\n"_s + admin::reportUsage() + u"\n\nEvaluation commands:\n"_s +
                                admin::evalUsage());
    p.addHelpOption();
    p.addOptions({
        {u"store"_s, u"The store file or postgresql:// URL (default: the desktop's embedded store)."_s,
         u"file"_s},
        {u"cases"_s, u"demo: number of cases (default 20000)."_s, u"n"_s},
        {u"days"_s, u"demo: days of history (default 90)."_s, u"d"_s},
        {u"seed"_s, u"demo: random seed."_s, u"s"_s},
        {u"state"_s, u"case list/export: only this state."_s, u"state"_s},
        {u"overdue"_s, u"case list: only cases whose current step is late."_s},
        {u"scope"_s, u"case list: only cases under this jurisdiction code."_s, u"code"_s},
        {u"limit"_s, u"case list: at most this many rows (default 50)."_s, u"n"_s},
        {u"as"_s, u"The login that acts."_s, u"login"_s},
        {u"comment"_s, u"Comment, reason or result."_s, u"text"_s},
        {u"unit"_s, u"dispatch: the responsible unit's code."_s, u"code"_s},
        {u"date"_s, u"Extension: new due date; park: resume date (Beijing time)."_s, u"datetime"_s},
        {u"closing-type"_s, u"close: normal, overdue, error or special."_s, u"type"_s},
        {u"urge-level"_s, u"urge: ordinary, key or listed."_s, u"level"_s},
        {u"version"_s, u"The case version you read (default: the current one)."_s, u"n"_s},
        {u"request-id"_s, u"An idempotency key: a retried request is applied once."_s, u"id"_s},
        {u"class"_s, u"report: catalogue key, e.g. event/06010."_s, u"key"_s},
        {u"grid"_s, u"report: unit grid code."_s, u"code"_s},
        {u"description"_s, u"report: what is wrong."_s, u"text"_s},
        {u"source"_s, u"report: patrol, hotline_12345, hotline_12319, video, ..."_s, u"source"_s},
        {u"address"_s, u"report: address."_s, u"text"_s},
        {u"lon"_s, u"report: longitude (CGCS2000)."_s, u"deg"_s},
        {u"lat"_s, u"report: latitude (CGCS2000)."_s, u"deg"_s},
        {u"out"_s, u"export: output file."_s, u"file"_s},
    });
    p.addPositionalArgument(u"command"_s, u"init, demo, users, case, audit, export"_s);
    admin::addGeoOptions(p);
    admin::addStoreOptions(p);
    admin::addEvalOptions(p);
    admin::addReportOptions(p);
    p.process(app);
    const QStringList args = p.positionalArguments();
    if (args.isEmpty()) {
        out() << p.helpText() << Qt::endl;
        return 2;
    }
    const QString command = args.first();
    const QString storePath = p.isSet(u"store"_s) ? p.value(u"store"_s) : Session::defaultStorePath();
    if (admin::isGeoCommand(args))
        return admin::runGeoCommand(args, p, storePath);
    if (admin::isStoreCommand(args))
        return admin::runStoreCommand(args, p, storePath);
    if (admin::isEvalCommand(args))
        return admin::runEvalCommand(args, p, storePath);
    if (admin::isReportCommand(args))
        return admin::runReportCommand(args, p, storePath);
    const auto mode = command == u"init"_s || command == u"demo"_s ? SqliteStore::OpenMode::CreateIfMissing
                                                                   : SqliteStore::OpenMode::MustExist;
    static const QStringList known{u"init"_s, u"demo"_s, u"users"_s, u"case"_s, u"audit"_s, u"export"_s};
    if (!known.contains(command))
        return fail(u"unknown command '%1'; see --help"_s.arg(command), 2);
    auto session = Session::open(storePath, mode);
    if (!session)
        return fail(session.errorMessage());
    Session &s = **session;

    if (command == u"init"_s) {
        out() << "store " << s.store().path() << " is ready (schema version " << s.store().schemaVersion()
              << ")" << Qt::endl;
        return 0;
    }
    if (command == u"demo"_s) {
        DemoOptions options;
        if (p.isSet(u"cases"_s))
            options.cases = p.value(u"cases"_s).toInt();
        if (p.isSet(u"days"_s))
            options.days = p.value(u"days"_s).toInt();
        if (p.isSet(u"seed"_s))
            options.seed = p.value(u"seed"_s).toUInt();
        QElapsedTimer timer;
        timer.start();
        auto summary = generateDemoCity(s, options, [](int done, int total) {
            err() << "\rdemo city: " << done << "/" << total << " cases" << Qt::flush;
        });
        err() << Qt::endl;
        if (!summary)
            return fail(summary.errorMessage());
        out() << "demo city in " << s.store().path() << ": " << summary->districts << " districts, "
              << summary->streets << " streets, " << summary->communities << " communities, "
              << summary->grids << " unit grids, " << summary->units << " units, " << summary->users
              << " users, " << summary->cases << " cases, " << summary->events << " events in "
              << timer.elapsed() / 1000.0 << " s" << Qt::endl;
        for (int st = 0; st < CaseStateCount; ++st) {
            if (const int n = summary->casesByState.value(CaseState(st)))
                out() << "  " << stateName(CaseState(st)).leftJustified(18) << n << "\n";
        }
        out().flush();
        return 0;
    }
    if (command == u"users"_s) {
        auto users = s.store().users();
        if (!users)
            return fail(users.errorMessage());
        for (const UserRecord &u : std::as_const(*users))
            out() << u.login.leftJustified(30) << u' ' << roleName(u.role).leftJustified(15) << u' '
                  << (u.unitId ? u"unit %1"_s.arg(u.unitId) : u.jurisdiction.text()) << "  " << u.name
                  << "\n";
        out().flush();
        return 0;
    }
    if (command == u"audit"_s) {
        if (args.value(1) != u"verify"_s)
            return fail(u"usage: citygrid-admin audit verify"_s, 2);
        const AuditReport report = s.store().verifyAudit();
        for (const QString &problem : report.problems)
            out() << problem << "\n";
        out() << "audit: " << report.casesChecked << " case(s), " << report.eventsChecked
              << " event(s) checked; "
              << (report.ok() ? u"the chain is intact"_s : u"%1 problem(s)"_s.arg(report.problems.size()))
              << Qt::endl;
        return report.ok() ? 0 : 1;
    }
    if (command == u"export"_s) {
        if (args.value(1) != u"csv"_s)
            return fail(u"usage: citygrid-admin export csv --out FILE"_s, 2);
        return exportCsv(s, p);
    }
    // case ...
    const QString sub = args.value(1);
    if (sub == u"list"_s)
        return listCases(s, p);
    if (sub == u"show"_s) {
        if (args.size() < 3)
            return fail(u"usage: citygrid-admin case show NUMBER"_s, 2);
        return showCase(s, args.at(2));
    }
    if (sub == u"report"_s)
        return reportCase(s, p);
    if (sub.isEmpty() || args.size() < 3)
        return fail(u"usage: citygrid-admin case list|show|report|ACTION NUMBER ...; see --help"_s, 2);
    return actOnCase(s, sub, args.at(2), p);
}
