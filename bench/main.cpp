// citygrid-bench: the figures the engine is held to. Run a Release build: ./build.sh bench [--cases N]
//   actions  committed case actions per second through CaseService (WAL, synchronous=FULL: durable)
//   queue    a 200-row queue page at any depth of N cases (keyset pagination)
//   deadline deadline computations per second
//   demo     generating the demo city
#include "session/demo.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

Actor login(Session &s, const QString &name)
{
    Actor a = s.store().findUser(name).value();
    a.station = u"bench"_s;
    return a;
}

int benchActions(const QString &dir, int count)
{
    auto session = Session::open(dir + u"/actions.sqlite"_s);
    if (!session) {
        out() << session.errorMessage() << Qt::endl;
        return 1;
    }
    Session &s = **session;
    DemoOptions city;
    city.cases = 0;
    if (auto made = generateDemoCity(s, city); !made) {
        out() << made.errorMessage() << Qt::endl;
        return 1;
    }
    const Actor sup = login(s, u"hp.sup1"_s), acceptor = login(s, u"hp.acceptor"_s),
                shift = login(s, u"hp.shift"_s);
    const Actor inspector = login(s, u"hp.inspector"_s);
    QList<CaseRecord> cases;
    QElapsedTimer t;
    t.start();
    int actions = 0;
    // Each case: report, accept, file, then urges: every call is one committed transaction.
    for (int i = 0; actions < count; ++i) {
        NewCaseRequest r;
        r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
        r.grid = UnitGridCode::parse(u"310101002001%1"_s.arg(1 + i % 36, 3, 10, QChar(u'0'))).value();
        r.description = u"bench"_s;
        auto c = s.cases().report(sup, r);
        ++actions;
        for (auto [who, action] : {std::pair{acceptor, Action::Accept}, std::pair{shift, Action::File},
                                   std::pair{inspector, Action::Urge}, std::pair{inspector, Action::Urge}}) {
            if (!c)
                break;
            ActionRequest a;
            a.caseId = c->id;
            a.expectedVersion = c->version;
            a.action = action;
            c = s.cases().apply(who, a);
            ++actions;
        }
        if (!c) {
            out() << c.errorMessage() << Qt::endl;
            return 1;
        }
    }
    const double secs = t.nsecsElapsed() / 1e9;
    out() << "actions   " << actions << " committed case actions through CaseService in "
          << QString::number(secs, 'f', 2) << " s: " << QString::number(actions / secs, 'f', 0)
          << " actions/s (WAL, synchronous=FULL, one transaction each)" << Qt::endl;
    return 0;
}

int benchQueue(const QString &path, int count)
{
    auto session = Session::open(path);
    if (!session) {
        out() << session.errorMessage() << Qt::endl;
        return 1;
    }
    Session &s = **session;
    QElapsedTimer t;
    if (s.store().isEmpty()) {
        DemoOptions city;
        city.cases = 0;
        if (auto made = generateDemoCity(s, city); !made)
            return 1;
    }
    const int existing = s.store().countByState(CaseQuery{}).value().value(CaseState::Reported);
    if (existing < count) {
        // Bulk-load through the store's own write path (case, first event, feed row), in batches.
        t.start();
        const Actor sup = login(s, u"hp.sup1"_s);
        const auto key = CatalogueKey::parse(u"event/06010"_s).value();
        const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-365);
        const QList<CaseState> states{CaseState::Reported, CaseState::Filed, CaseState::Dispatched,
                                      CaseState::Closed};
        if (!s.store().beginBatch())
            return 1;
        for (int i = existing; i < count; ++i) {
            CaseRecord c;
            c.state = states[i % states.size()];
            c.step = stepOf(c.state);
            c.reportedAt = start.addSecs(qint64(i) * 31);
            c.updatedAt = c.reportedAt;
            c.stepDueAt = c.reportedAt.addSecs(3600 * (i % 7 == 0 ? 1 : 48));
            c.classKey = key;
            c.grid = UnitGridCode::parse(u"310101002001%1"_s.arg(1 + i % 36, 3, 10, QChar(u'0'))).value();
            c.community = c.grid.community();
            c.description = u"bulk case %1"_s.arg(i);
            CaseEvent e;
            e.action = Action::Report;
            e.toState = CaseState::Reported;
            e.actorId = sup.userId;
            e.role = Role::Supervisor;
            e.at = c.reportedAt;
            if (auto r = s.store().createCase(c, e); !r) {
                out() << r.errorMessage() << Qt::endl;
                return 1;
            }
            if ((i + 1) % 50000 == 0) {
                if (!s.store().commitBatch() || !s.store().beginBatch())
                    return 1;
                QTextStream(stderr) << "\rloading " << (i + 1) << "/" << count << Qt::flush;
            }
        }
        if (!s.store().commitBatch())
            return 1;
        QTextStream(stderr) << "\n";
        out() << "queue     loaded " << (count - existing) << " cases in " << t.elapsed() / 1000.0 << " s"
              << Qt::endl;
    }
    auto time = [&](const CaseQuery &q, int depth) {
        // The cursor of the row at `depth` (set-up, not timed), then the timed page after it.
        CaseQuery page = q;
        if (depth > 0) {
            QSqlQuery seek(s.store().database());
            seek.exec(
                u"SELECT reported_at, id FROM cases ORDER BY reported_at DESC, id DESC LIMIT 1 OFFSET %1"_s
                    .arg(depth));
            seek.next();
            page.after = CaseQuery::Cursor{seek.value(0).toLongLong(), seek.value(1).toLongLong()};
        }
        QList<double> runs;
        int rows = 0;
        for (int i = 0; i < 7; ++i) {
            QElapsedTimer pt;
            pt.start();
            auto r = s.store().casePage(page);
            runs.append(pt.nsecsElapsed() / 1e6);
            rows = r ? int(r->rows.size()) : -1;
        }
        return std::pair{median(runs), rows};
    };
    CaseQuery all;
    all.limit = 200;
    CaseQuery dispatched = all;
    dispatched.states = {CaseState::Dispatched};
    CaseQuery overdue = all;
    overdue.overdueOnly = true;
    overdue.now = QDateTime::currentDateTimeUtc();
    CaseQuery district = all;
    district.scope = JurisdictionCode::parse(u"310101"_s).value();
    for (int depth : {0, count / 10, count / 2, count - 300}) {
        const auto [ms, rows] = time(all, depth);
        const auto [msState, rowsState] = time(dispatched, depth);
        const auto [msDistrict, rowsDistrict] = time(district, depth);
        out() << "queue     depth " << QString::number(depth).rightJustified(8) << ": 200-row page "
              << QString::number(ms, 'f', 2) << " ms (" << rows << " rows); state=dispatched "
              << QString::number(msState, 'f', 2) << " ms (" << rowsState << "); district scope "
              << QString::number(msDistrict, 'f', 2) << " ms (" << rowsDistrict << ")" << Qt::endl;
    }
    const auto [msOverdue, rowsOverdue] = time(overdue, 0);
    out() << "queue     overdue first page " << QString::number(msOverdue, 'f', 2) << " ms (" << rowsOverdue
          << " rows)" << Qt::endl;
    QElapsedTimer ct;
    ct.start();
    auto counts = s.store().countByState(all);
    out() << "queue     counts per state over " << count << " cases: " << ct.elapsed() << " ms" << Qt::endl;
    return counts ? 0 : 1;
}

int benchDeadlines()
{
    const WorkCalendar calendar = WorkCalendar::loadDefault().value();
    const QList<TimeLimit> limits{{4, TimeUnit::WorkingHours},
                                  {5, TimeUnit::WorkingDays},
                                  {2, TimeUnit::NaturalHours},
                                  {30, TimeUnit::WorkingMinutes}};
    const QDateTime start = QDateTime(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC);
    const int n = 4000000;
    qint64 checksum = 0;
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < n; ++i) {
        const QDateTime s = start.addSecs(qint64(i % 200000) * 317);
        checksum ^= calendar.deadline(s, limits[i % limits.size()]).toMSecsSinceEpoch();
    }
    const double secs = t.nsecsElapsed() / 1e9;
    out() << "deadline  " << n << " deadlines (4 wh, 5 wd, 2 nh, 30 wm mixed over 2025-2026) in "
          << QString::number(secs, 'f', 3) << " s: " << QString::number(n / secs / 1e6, 'f', 2)
          << " million/s"
          << " (checksum " << checksum << ")" << Qt::endl;
    return 0;
}

int benchDemo(const QString &dir, int cases)
{
    auto session = Session::open(dir + u"/demo.sqlite"_s);
    if (!session)
        return 1;
    QElapsedTimer t;
    t.start();
    DemoOptions options;
    options.cases = cases;
    auto summary = generateDemoCity(**session, options);
    if (!summary)
        return 1;
    out() << "demo      " << summary->cases << " cases, " << summary->events << " events, " << summary->grids
          << " grids in " << t.elapsed() / 1000.0 << " s" << Qt::endl;
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(u"CityGrid benchmarks: actions, queue, deadline, demo (default: all)."_s);
    p.addHelpOption();
    p.addOptions({{u"cases"_s, u"Cases for the queue benchmark (default 1000000)."_s, u"n"_s},
                  {u"actions"_s, u"Actions for the actions benchmark (default 10000)."_s, u"n"_s},
                  {u"queue-store"_s, u"Keep the queue benchmark's store here to reuse it."_s, u"file"_s}});
    p.addPositionalArgument(u"which"_s, u"actions, queue, deadline, demo"_s);
    p.process(app);
    QStringList which = p.positionalArguments();
    if (which.isEmpty())
        which = {u"deadline"_s, u"actions"_s, u"demo"_s, u"queue"_s};
    QTemporaryDir dir;
    const int cases = p.isSet(u"cases"_s) ? p.value(u"cases"_s).toInt() : 1000000;
    const int actions = p.isSet(u"actions"_s) ? p.value(u"actions"_s).toInt() : 10000;
    int rc = 0;
    for (const QString &w : which) {
        if (w == u"deadline"_s)
            rc |= benchDeadlines();
        else if (w == u"actions"_s)
            rc |= benchActions(dir.path(), actions);
        else if (w == u"demo"_s)
            rc |= benchDemo(dir.path(), 20000);
        else if (w == u"queue"_s)
            rc |= benchQueue(p.isSet(u"queue-store"_s) ? p.value(u"queue-store"_s)
                                                       : dir.filePath(u"queue.sqlite"_s),
                             cases);
        else {
            out() << "unknown benchmark " << w << Qt::endl;
            rc = 2;
        }
    }
    return rc;
}
