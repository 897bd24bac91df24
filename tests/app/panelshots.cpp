// Saves a screenshot of each feature panel over a demo city: app_panelshots <folder> [store] [cases].
// Run it on a display (xvfb-run -a app_panelshots shots) and look at the pictures.
#include "session/sessionthread.h"
#include "ui/dispatch/dispatchpanel.h"
#include "ui/inspection/inspectionpanel.h"
#include "ui/statistics/statisticspanel.h"
#include "ui/supervision/supervisionpanel.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

template<typename T>
T wait(QFuture<T> future)
{
    QFutureWatcher<T> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(future);
    if (!future.isFinished())
        loop.exec();
    return future.result();
}

// Waits for `loaded` unless `spy` saw it already, lets the view settle, and saves the panel.
bool shoot(QWidget &panel, QSignalSpy &spy, const QString &path)
{
    if (spy.isEmpty() && !spy.wait(120000))
        return false;
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 700)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    return panel.grab().save(path);
}

void present(QWidget &panel)
{
    panel.resize(1100, 760);
    panel.show();
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: app_panelshots <folder> [store] [cases]\n");
        return 2;
    }
    const QDir out(args.at(1));
    QDir().mkpath(out.path());
    QTemporaryDir temp;
    const QString store = args.size() > 2 ? args.at(2) : temp.filePath(u"demo.sqlite"_s);
    DemoOptions demo;
    demo.cases = args.size() > 3 ? args.at(3).toInt() : 3000;
    SessionThread session;
    const Status opened = wait(session.open(store, true, demo));
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.errorMessage()));
        return 1;
    }
    const auto actor = [&](const QString &login) {
        auto a = wait(session.run([login](Session &s) { return s.store().findUser(login); }));
        if (!a)
            qFatal("%s", qPrintable(a.errorMessage()));
        return *a;
    };
    bool ok = true;
    {
        DispatchPanel panel(&session, actor(u"hp.dispatcher"_s));
        QSignalSpy advice(&panel, &DispatchPanel::adviceLoaded);
        present(panel);
        ok &= shoot(panel, advice, out.filePath(u"dispatch.png"_s));
    }
    {
        SupervisionPanel panel(&session, actor(u"hp.inspector"_s));
        QSignalSpy loaded(&panel, &SupervisionPanel::loaded);
        present(panel);
        ok &= shoot(panel, loaded, out.filePath(u"supervision.png"_s));
        panel.setCurrentTab(SupervisionPanel::HardCaseTab);
        ok &= panel.grab().save(out.filePath(u"supervision-hard.png"_s));
        panel.setCurrentTab(SupervisionPanel::EscalationTab);
        ok &= panel.grab().save(out.filePath(u"supervision-escalations.png"_s));
    }
    {
        InspectionPanel panel(&session, actor(u"hp.acceptor"_s));
        QSignalSpy loaded(&panel, &InspectionPanel::loaded);
        present(panel);
        ok &= shoot(panel, loaded, out.filePath(u"inspection.png"_s));
    }
    {
        StatisticsPanel panel(&session, actor(u"hp.leader"_s));
        QSignalSpy loaded(&panel, &StatisticsPanel::loaded);
        present(panel);
        ok &= shoot(panel, loaded, out.filePath(u"statistics.png"_s));
        ok &= panel.exportChart(StatisticsPanel::DailyChart, out.filePath(u"chart-daily.png"_s)).ok();
        ok &= panel.exportChart(StatisticsPanel::UnitChart, out.filePath(u"chart-units.png"_s)).ok();
    }
    std::printf("%s\n", ok ? "saved" : "failed");
    return ok ? 0 : 1;
}
