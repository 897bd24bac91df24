// citygrid-pg-bench: the shared store's figures on a real PostgreSQL server (issue 5). Figures, not tests.
//   citygrid-pg-bench --url postgresql://owner:pw@host:port/db [--stations 10] [--rate 50] [--seconds 20]
//                     [--writers 1,4] [--cases 10000000]
//   sync     an action on station A visible on station B: B is one of --stations other processes, each
//            LISTENing and reading the change feed when notified; p50/p99 at --rate actions/s
//   writers  committed case actions per second from --writers concurrent connections (CaseService), and the
//            p50/p99 latency of one action (the service's reads and the store's write, committed)
//   queue    a 200-row queue page at depths of --cases cases (loaded server-side with generate_series)
// The database must be empty (or a previous bench store); the bench fills it with the demo city's directory.
#include "session/demo.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QMutex>
#include <QProcess>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <atomic>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min<qsizetype>(v.size() - 1, qsizetype(p * double(v.size())))];
}

Actor login(Session &s, const QString &name)
{
    Actor a = s.store().findUser(name).value();
    a.station = u"pg-bench"_s;
    return a;
}

// Station B: on every notification reads the new feed rows and prints "<feed id> <epoch ms>" per row.
int listen(const QString &url)
{
    auto session = Session::open(url, SqlStore::OpenMode::MustExist);
    if (!session) {
        QTextStream(stderr) << session.errorMessage() << Qt::endl;
        return 1;
    }
    SqlStore &store = (*session)->store();
    qint64 last = store.lastChangeId().value();
    QObject context;
    QTextStream stream(stdout);
    store.subscribeToChanges(&context, [&] {
        auto news = store.changesSince(last, 1000);
        if (!news)
            return;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const ChangeEntry &e : std::as_const(*news)) {
            stream << e.id << ' ' << now << '\n';
            last = e.id;
        }
        stream.flush();
    });
    stream << "READY" << Qt::endl;
    return QCoreApplication::exec();
}

// Reports a case and takes it through accept, file and dispatch: four committed actions.
// `latency` (if given) is told how long each committed action took, in milliseconds.
int walkCase(Session &s, const Actor &sup, const Actor &acceptor, const Actor &shift, const Actor &dispatcher,
             qint64 unit, int n, const std::function<void(qint64 feedId)> &committed = {},
             const std::function<void(double ms)> &latency = {})
{
    QElapsedTimer clock;
    clock.start();
    NewCaseRequest r;
    r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    r.grid = UnitGridCode::parse(u"310101002001%1"_s.arg(1 + n % 36, 3, 10, QChar(u'0'))).value();
    r.description = u"pg bench %1"_s.arg(n);
    auto c = s.cases().report(sup, r);
    int done = 0;
    auto note = [&] {
        ++done;
        if (latency)
            latency(double(clock.nsecsElapsed()) / 1e6);
        if (committed)
            committed(s.store().lastChangeId().value());
    };
    if (!c)
        return done;
    note();
    for (auto [actor, action] : {std::pair{acceptor, Action::Accept}, std::pair{shift, Action::File},
                                 std::pair{dispatcher, Action::Dispatch}}) {
        ActionRequest a;
        a.caseId = c->id;
        a.expectedVersion = c->version;
        a.action = action;
        a.unitId = unit;
        clock.restart();
        c = s.cases().apply(actor, a);
        if (!c)
            return done;
        note();
    }
    return done;
}

qint64 sanitationUnit(Session &s)
{
    for (const ResponsibleUnit &u : s.store().units().value()) {
        if (u.code == u"hp.sanitation"_s)
            return u.id;
    }
    return 0;
}

void benchSync(const QString &url, int stations, int rate, int seconds)
{
    QList<QProcess *> listeners;
    for (int i = 0; i < stations; ++i) {
        auto *p = new QProcess;
        p->start(QCoreApplication::applicationFilePath(), {u"--listen"_s, url});
        p->waitForReadyRead(30000);
        p->readLine();
        listeners.append(p);
    }
    auto session = Session::open(url, SqlStore::OpenMode::MustExist).value();
    Session &s = *session;
    const Actor sup = login(s, u"hp.sup1"_s), acceptor = login(s, u"hp.acceptor"_s),
                shift = login(s, u"hp.shift"_s), dispatcher = login(s, u"hp.dispatcher"_s);
    const qint64 unit = sanitationUnit(s);
    QHash<qint64, qint64> committedAt; // feed id -> epoch ms
    QElapsedTimer t;
    t.start();
    int actions = 0;
    const qint64 interval = 1000 / std::max(1, rate);
    for (int n = 0; t.elapsed() < seconds * 1000; ++n) {
        // 4 actions per case, paced to `rate` actions/s.
        actions += walkCase(s, sup, acceptor, shift, dispatcher, unit, n, [&](qint64 feedId) {
            committedAt.insert(feedId, QDateTime::currentMSecsSinceEpoch());
            const qint64 due = qint64(committedAt.size()) * interval;
            while (t.elapsed() < due)
                QThread::usleep(200);
        });
    }
    QThread::msleep(1000);
    QList<double> latencies;
    for (QProcess *p : std::as_const(listeners)) {
        p->closeWriteChannel();
        p->kill();
        p->waitForFinished(5000);
        for (const QByteArray &line : p->readAllStandardOutput().split('\n')) {
            const QList<QByteArray> parts = line.trimmed().split(' ');
            if (parts.size() != 2)
                continue;
            const qint64 at = committedAt.value(parts[0].toLongLong(), -1);
            if (at >= 0)
                latencies.append(double(parts[1].toLongLong() - at));
        }
        delete p;
    }
    out() << "sync: " << actions << " actions at " << rate << "/s for " << seconds << " s, " << stations
          << " stations (processes); visible on B after p50 " << percentile(latencies, 0.5) << " ms, p99 "
          << percentile(latencies, 0.99) << " ms, max " << percentile(latencies, 1.0) << " ms ("
          << latencies.size() << " observations)" << Qt::endl;
}

void benchWriters(const QString &url, int writers, int seconds)
{
    std::atomic_int total{0};
    std::atomic_bool stop{false};
    QMutex latenciesLock;
    QList<double> latencies;
    QList<QThread *> threads;
    for (int w = 0; w < writers; ++w) {
        threads.append(QThread::create([&, w] {
            auto session = Session::open(url, SqlStore::OpenMode::MustExist);
            if (!session)
                return;
            Session &s = **session;
            const Actor sup = login(s, u"hp.sup1"_s), acceptor = login(s, u"hp.acceptor"_s),
                        shift = login(s, u"hp.shift"_s), dispatcher = login(s, u"hp.dispatcher"_s);
            const qint64 unit = sanitationUnit(s);
            QList<double> mine;
            for (int n = w * 1000000; !stop; ++n)
                total += walkCase(s, sup, acceptor, shift, dispatcher, unit, n, {},
                                  [&mine](double ms) { mine.append(ms); });
            QMutexLocker locked(&latenciesLock);
            latencies.append(mine);
        }));
    }
    QElapsedTimer t;
    t.start();
    for (QThread *th : std::as_const(threads))
        th->start();
    QThread::sleep(seconds);
    stop = true;
    for (QThread *th : std::as_const(threads)) {
        th->wait();
        delete th;
    }
    out() << "writers: " << writers << " connections committed " << total.load() << " case actions in "
          << t.elapsed() / 1000.0 << " s = " << int(total.load() * 1000.0 / double(t.elapsed()))
          << " actions/s; action latency p50 " << percentile(latencies, 0.5) << " ms, p99 "
          << percentile(latencies, 0.99) << " ms" << Qt::endl;
}

void benchQueue(const QString &url, qint64 cases)
{
    auto session = Session::open(url, SqlStore::OpenMode::MustExist).value();
    SqlStore &store = session->store();
    QSqlQuery q(store.database());
    q.exec(u"SELECT count(*) FROM cases"_s);
    q.next();
    const qint64 existing = q.value(0).toLongLong();
    if (existing < cases) {
        QElapsedTimer load;
        load.start();
        // Server-side, spread over two years of month partitions, in realistic proportions of states.
        const QString sql =
            uR"(INSERT INTO cases (id, number, version, state, step, step_due_at, source, class_kind,
            class_code, area_class, priority, key_supervision, hard_case, grid_code, community_code, street_code,
            district_code, owning_tier, longitude, latitude, address, description, reported_at, updated_at,
            event_count, last_event_hash)
            SELECT nextval('cases_id_seq'), 'B' || g, 1,
                   (ARRAY['closed','closed','closed','closed','dispatched','reported','filed','handled'])[1 + g % 8],
                   'none', NULL, 'patrol', 'event', '06010', 'A', 'normal', 0, 0,
                   '310101002001001', '310101002001', '310101002', '310101', 'district', 121.47, 31.23,
                   'bench address ' || g, 'bench case', r, r, 0, ''
            FROM generate_series(1, %1) AS g,
                 LATERAL (SELECT 1735660800000 + (g * 63072000000 / %1) AS r) AS t)"_s.arg(cases - existing);
        if (!q.exec(sql)) {
            out() << "queue: loading failed: " << q.lastError().text() << Qt::endl;
            return;
        }
        q.exec(u"ANALYZE cases"_s);
        out() << "queue: loaded " << (cases - existing) << " cases server-side in " << load.elapsed() / 1000.0
              << " s" << Qt::endl;
    }
    q.exec(u"SELECT count(*) FROM cases"_s);
    q.next();
    const qint64 total = q.value(0).toLongLong();
    for (const bool filtered : {false, true}) {
        for (double depth : {0.0, 0.1, 0.5, 0.9, 0.999}) {
            CaseQuery page;
            page.limit = 200;
            if (filtered)
                page.states = {CaseState::Dispatched, CaseState::Reported};
            if (depth > 0) {
                QSqlQuery seek(store.database());
                seek.exec(
                    u"SELECT reported_at, id FROM cases ORDER BY reported_at DESC, id DESC OFFSET %1 LIMIT 1"_s
                        .arg(qint64(depth * double(total))));
                if (seek.next())
                    page.after = CaseQuery::Cursor{seek.value(0).toLongLong(), seek.value(1).toLongLong()};
            }
            QList<double> times;
            int rows = 0;
            for (int i = 0; i < 7; ++i) {
                QElapsedTimer t;
                t.start();
                auto r = store.casePage(page);
                times.append(double(t.nsecsElapsed()) / 1e6);
                rows = r ? int(r->rows.size()) : -1;
            }
            out() << "queue: " << total << " cases, depth " << depth * 100 << " %"
                  << (filtered ? ", states dispatched+reported" : "") << ": 200-row page in "
                  << percentile(times, 0.5) << " ms (median of 7, " << rows << " rows)" << Qt::endl;
        }
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(u"CityGrid's PostgreSQL figures (issue 5)."_s);
    p.addHelpOption();
    p.addOptions(
        {{u"url"_s, u"The PostgreSQL store (owner login)."_s, u"url"_s},
         {u"listen"_s, u"(internal) run as a listening station."_s, u"url"_s},
         {u"stations"_s, u"sync: listening stations (processes)."_s, u"n"_s, u"10"_s},
         {u"rate"_s, u"sync: actions per second."_s, u"n"_s, u"50"_s},
         {u"seconds"_s, u"sync and writers: duration."_s, u"s"_s, u"20"_s},
         {u"writers"_s, u"writers: concurrent connections (a list runs each, e.g. 1,4)."_s, u"n"_s, u"1,4"_s},
         {u"cases"_s, u"queue: cases in the store."_s, u"n"_s, u"10000000"_s},
         {u"only"_s, u"run only sync, writers or queue."_s, u"part"_s}});
    p.process(app);
    if (p.isSet(u"listen"_s))
        return listen(p.value(u"listen"_s));
    const QString url = p.value(u"url"_s);
    if (!isPostgresUrl(url)) {
        out() << "citygrid-pg-bench needs --url postgresql://owner:password@host:port/database" << Qt::endl;
        return 2;
    }
    {
        auto session = Session::open(url);
        if (!session) {
            out() << session.errorMessage() << Qt::endl;
            return 1;
        }
        if ((*session)->store().isEmpty()) {
            DemoOptions city;
            city.cases = 0;
            if (auto made = generateDemoCity(**session, city); !made) {
                out() << made.errorMessage() << Qt::endl;
                return 1;
            }
        }
    }
    const QString only = p.value(u"only"_s);
    if (only.isEmpty() || only == u"sync"_s)
        benchSync(url, p.value(u"stations"_s).toInt(), p.value(u"rate"_s).toInt(),
                  p.value(u"seconds"_s).toInt());
    if (only.isEmpty() || only == u"writers"_s) {
        for (const QString &writers : p.value(u"writers"_s).split(u',', Qt::SkipEmptyParts))
            benchWriters(url, writers.toInt(), p.value(u"seconds"_s).toInt());
    }
    if (only.isEmpty() || only == u"queue"_s)
        benchQueue(url, p.value(u"cases"_s).toLongLong());
    return 0;
}
