// citygrid-desktop-bench: the desktop's figures with a large store (run under xvfb-run, Release build):
//   first page  time from asking a queue (tab) to its first page shown, with N cases in the store
//   scroll      scrolling a queue down page by page to a depth of --depth rows: time per page, longest
//               block of the GUI thread
//   feed        another station writes --rate changes/s for --seconds while the queue (scrolled to depth)
//               and its tab counts follow the change feed: longest GUI-thread block, refreshes applied
// The GUI thread's longest block is measured by a 2 ms timer probe (the largest gap between its ticks, less
// the interval). The store is generated once (demo city + N bulk-inserted cases in one district) and reused.
#include "session/sessionthread.h"
#include "ui/cases/casequeuemodel.h"
#include "ui/cases/casequeuewidget.h"
#include "ui/cases/queuetabmodel.h"
#include "ui/cases/statecountmodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <atomic>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

// The longest time the GUI thread did not get back to its event loop, from a timer that should tick every
// 2 ms.
class LagProbe : public QObject
{
public:
    LagProbe()
    {
        mTimer.setInterval(2);
        mTimer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&mTimer, &QTimer::timeout, this, [this] {
            const qint64 now = mClock.nsecsElapsed();
            if (mLast > 0)
                mWorst = std::max(mWorst, now - mLast);
            mLast = now;
        });
        mClock.start();
        mTimer.start();
    }
    void reset()
    {
        mWorst = 0;
        mLast = mClock.nsecsElapsed();
    }
    double worstMs() const { return std::max<double>(0, double(mWorst) / 1e6 - 2.0); }

private:
    QTimer mTimer;
    QElapsedTimer mClock;
    qint64 mLast = 0;
    qint64 mWorst = 0;
};

template<typename T>
T waitFor(QFuture<T> future)
{
    while (!future.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    return future.result();
}

bool waitSignal(QSignalSpy &spy, int ms = 600000)
{
    return spy.count() > 0 || spy.wait(ms);
}

// Store thread: N cases in Huangpu (310101), copies of a demo case with spread times and states.
Status bulkLoad(Session &s, qint64 wanted)
{
    QSqlQuery q(s.store().database());
    if (!q.exec(u"SELECT count(*) FROM cases"_s) || !q.next())
        return makeError(ErrorCode::Storage, q.lastError().text());
    const qint64 have = q.value(0).toLongLong();
    if (have >= wanted)
        return {};
    const qint64 add = wanted - have;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString sql = uR"(
        WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < %1)
        INSERT INTO cases (number, version, state, step, step_due_at, source, class_kind, class_code, area_class,
            priority, key_supervision, hard_case, grid_code, community_code, street_code, district_code, owning_tier,
            longitude, latitude, address, description, unit_id, reported_at, updated_at, event_count,
            last_event_hash)
        SELECT 'BENCH' || (%2 + n), 1,
            CASE n % 8 WHEN 0 THEN 'reported' WHEN 1 THEN 'filed' WHEN 2 THEN 'dispatched' WHEN 3 THEN 'handled'
                       ELSE 'closed' END,
            CASE n % 8 WHEN 0 THEN 'accept' WHEN 1 THEN 'dispatch' WHEN 2 THEN 'handle' WHEN 3 THEN 'send_to_check'
                       ELSE 'none' END,
            CASE WHEN n % 8 < 4 THEN %3 - n * 60000 + 86400000 * (n % 3) ELSE NULL END,
            t.source, t.class_kind, t.class_code, t.area_class, t.priority, n % 50 = 0, 0, t.grid_code,
            t.community_code, t.street_code, t.district_code, t.owning_tier, t.longitude, t.latitude,
            t.address, 'bench case ' || n, CASE WHEN n % 8 = 2 THEN t.unit_id ELSE NULL END,
            %3 - n * 60000, %3 - n * 60000, 0, ''
        FROM g, (SELECT * FROM cases WHERE district_code = '310101' AND unit_id IS NOT NULL LIMIT 1) AS t)"_s
                            .arg(add)
                            .arg(have)
                            .arg(now);
    if (!q.exec(sql))
        return makeError(ErrorCode::Storage, q.lastError().text());
    q.exec(u"ANALYZE"_s);
    return {};
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(u"CityGrid desktop figures: queue pages, scrolling and live updates."_s);
    p.addHelpOption();
    p.addOptions({{u"store"_s, u"The SQLite store (made once, then reused)."_s, u"file"_s,
                   QDir::temp().filePath(u"citygrid-desktop-bench.sqlite"_s)},
                  {u"cases"_s, u"Cases in the store."_s, u"n"_s, u"1000000"_s},
                  {u"depth"_s, u"Rows to scroll down to."_s, u"n"_s, u"20000"_s},
                  {u"rate"_s, u"Changes per second from another station."_s, u"n"_s, u"100"_s},
                  {u"seconds"_s, u"Duration of the feed phase."_s, u"s"_s, u"10"_s}});
    p.process(app);
    const QString path = p.value(u"store"_s);
    const qint64 cases = p.value(u"cases"_s).toLongLong();
    const int depth = p.value(u"depth"_s).toInt();
    const int rate = p.value(u"rate"_s).toInt();
    const int seconds = p.value(u"seconds"_s).toInt();

    SessionThread session;
    DemoOptions demo;
    demo.cases = 200;
    QElapsedTimer t;
    t.start();
    if (Status s = waitFor(session.open(path, true, demo)); !s) {
        out() << "cannot open " << path << ": " << s.errorMessage() << Qt::endl;
        return 1;
    }
    if (Status s = waitFor(session.run([cases](Session &ss) { return bulkLoad(ss, cases); })); !s) {
        out() << "bulk load failed: " << s.errorMessage() << Qt::endl;
        return 1;
    }
    const qint64 total = waitFor(session.run([](Session &ss) {
        QSqlQuery q(ss.store().database());
        q.exec(u"SELECT count(*) FROM cases"_s);
        q.next();
        return q.value(0).toLongLong();
    }));
    out() << "store: " << total << " cases (ready in " << t.elapsed() / 1000.0 << " s)" << Qt::endl;
    const Actor dispatcher =
        waitFor(session.run([](Session &ss) { return ss.store().findUser(u"hp.dispatcher"_s); })).value();

    SessionThread counting; // the counts' own connection, as the desktop has it
    if (Status s = waitFor(counting.open(path, false)); !s) {
        out() << "cannot open a second connection: " << s.errorMessage() << Qt::endl;
        return 1;
    }
    LagProbe probe;
    CaseQueueWidget widget(&session);
    widget.setCountSession(&counting);
    widget.resize(1500, 900);
    widget.setActor(dispatcher);
    widget.show();
    QCoreApplication::processEvents();

    // First page of each queue.
    for (QueueTab tab : {QueueTab::All, QueueTab::InHandling, QueueTab::ToDispatch, QueueTab::MyTasks,
                         QueueTab::Overdue, QueueTab::KeySupervision}) {
        QSignalSpy reloaded(widget.model(), &CaseQueueModel::reloaded);
        probe.reset();
        t.restart();
        if (tab == QueueTab::All)
            widget.reload();
        else
            widget.setCurrentTab(tab);
        waitSignal(reloaded);
        QCoreApplication::processEvents(); // the rows painted
        const double ms = double(t.nsecsElapsed()) / 1e6;
        out() << "first page: " << QueueTabs::name(tab) << ": " << widget.model()->rowCount() << " rows in "
              << ms << " ms (GUI thread longest block " << probe.worstMs() << " ms)" << Qt::endl;
    }
    {
        QSignalSpy counted(widget.tabCounts(), &QueueTabModel::refreshed);
        t.restart();
        widget.tabCounts()->refresh();
        waitSignal(counted);
        out() << "tab counts (14 queues, store thread): " << t.elapsed()
              << " ms; all = " << widget.tabCounts()->count(QueueTab::All) << Qt::endl;
    }

    // Scrolling: the view asks for more rows when it reaches the end (fetchMore), page after page.
    widget.setCurrentTab(QueueTab::All);
    {
        QSignalSpy reloaded(widget.model(), &CaseQueueModel::reloaded);
        waitSignal(reloaded, 600000);
    }
    QTableView *view = widget.view();
    probe.reset();
    t.restart();
    QList<double> pageTimes;
    while (widget.model()->rowCount() < depth && widget.model()->canFetchMore({})) {
        QElapsedTimer pt;
        pt.start();
        view->scrollToBottom();
        QSignalSpy page(widget.model(), &CaseQueueModel::pageLoaded);
        if (!widget.model()->isLoading())
            widget.model()->fetchMore({});
        waitSignal(page);
        QCoreApplication::processEvents();
        pageTimes.append(double(pt.nsecsElapsed()) / 1e6);
    }
    std::sort(pageTimes.begin(), pageTimes.end());
    out() << "scroll: " << widget.model()->rowCount() << " rows in " << t.elapsed() << " ms; per page median "
          << pageTimes.value(pageTimes.size() / 2) << " ms, max "
          << (pageTimes.isEmpty() ? 0 : pageTimes.last()) << " ms; GUI thread longest block "
          << probe.worstMs() << " ms" << Qt::endl;

    // The feed: another station urges open cases at `rate` per second.
    const int selectedRow = widget.model()->rowCount() / 2;
    widget.selectRow(selectedRow);
    const qint64 selected = widget.currentCaseId();
    const int scroll = view->verticalScrollBar()->value();
    std::atomic<bool> stop{false};
    std::atomic<int> written{0};
    QThread *writer = QThread::create([&] {
        auto other = Session::open(path, SqlStore::OpenMode::MustExist);
        if (!other)
            return;
        Session &s = **other;
        Actor inspector = s.store().findUser(u"hp.inspector"_s).value();
        CaseQuery open;
        open.scope = JurisdictionCode::parse(u"310101"_s).value();
        open.states = {CaseState::Dispatched, CaseState::Filed};
        open.limit = 2000;
        QList<CaseRecord> targets = s.store().casePage(open).value().rows;
        QElapsedTimer clock;
        clock.start();
        int i = 0;
        while (!stop) {
            const qint64 due = qint64(i) * 1000 / rate;
            if (clock.elapsed() < due) {
                QThread::msleep(1);
                continue;
            }
            const CaseRecord target = s.store().findCase(targets.at(i % targets.size()).id).value();
            ActionRequest r;
            r.caseId = target.id;
            r.expectedVersion = target.version;
            r.action = Action::Urge;
            if (s.cases().apply(inspector, r))
                ++written;
            ++i;
        }
    });
    int refreshes = 0;
    QObject::connect(widget.model(), &CaseQueueModel::refreshed, &widget, [&refreshes] { ++refreshes; });
    probe.reset();
    writer->start();
    QElapsedTimer feed;
    feed.start();
    while (feed.elapsed() < seconds * 1000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    stop = true;
    writer->wait();
    delete writer;
    out() << "feed: " << written.load() << " changes in " << seconds << " s (" << written.load() / seconds
          << "/s) with " << widget.model()->rowCount() << " rows loaded: " << refreshes
          << " queue refreshes; GUI thread longest block " << probe.worstMs() << " ms; selection "
          << (widget.currentCaseId() == selected ? "kept" : "LOST") << ", scroll "
          << (view->verticalScrollBar()->value() == scroll ? "kept" : "MOVED") << Qt::endl;
    return 0;
}
