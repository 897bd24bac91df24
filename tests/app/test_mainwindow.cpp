// The command centre window: role layouts (default, saved per role, reset), feature panels registered by
// name, run-time language switch, status bar, and the wall console's figures.
#include "desktopsettings.h"
#include "languageswitcher.h"
#include "mainwindow.h"
#include "taskstatuswidget.h"
#include "wallconsole.h"

#include "session/sessionthread.h"
#include "ui/cases/casedock.h"
#include "ui/cases/casequeuewidget.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

constexpr int DemoCases = 300;
constexpr int WaitMs = 60000;
const QStringList PanelNames{u"dispatchPanel"_s,   u"supervisionPanel"_s, u"inspectionPanel"_s,
                             u"statisticsPanel"_s, u"duplicatesPanel"_s,  u"evaluationPanel"_s};

template<typename T>
T waitFor(QFuture<T> future)
{
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), WaitMs);
    }();
    return future.result();
}

} // namespace

// A stand-in for a feature panel: what MainWindow::addPanel needs of one.
class FakePanel : public QLabel
{
    Q_OBJECT
public:
    using QLabel::QLabel;
Q_SIGNALS:
    void caseActivated(qint64 caseId);
};

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void defaultLayoutPerRole_data();
    void defaultLayoutPerRole();
    void layoutSavedPerRoleAndReset();
    void panelOpensCase();
    void statusBarShowsStoreUserAndTasks();
    void languageSwitchesAtRunTime();
    void wallConsoleFigures();
    void cleanupTestCase();

private:
    Actor user(const QString &login);
    std::unique_ptr<MainWindow> window(const QString &login, bool withPanels = true);
    int directCount(const QString &where, const QVariantList &values = {});

    QTemporaryDir mDir;
    std::unique_ptr<SessionThread> mSession;
    std::shared_ptr<const CaseDirectory> mDirectory;
    std::unique_ptr<DesktopSettings> mSettings;
    std::unique_ptr<SqliteStore> mDirect;
    std::unique_ptr<LanguageSwitcher> mLanguages;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(mDir.isValid());
    const QString path = mDir.filePath(u"window.sqlite"_s);
    mSession = std::make_unique<SessionThread>();
    DemoOptions demo;
    demo.cases = DemoCases;
    const Status opened = waitFor(mSession->open(path, true, demo));
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    mDirectory = std::make_shared<const CaseDirectory>(
        waitFor(mSession->run([](Session &s) { return CaseDirectory::load(s); })).value());
    mSettings = std::make_unique<DesktopSettings>(mDir.filePath(u"settings.ini"_s));
    mDirect = SqliteStore::open(path, SqliteStore::OpenMode::MustExist).value();
    // The .qm files lrelease built for citygrid.
    mLanguages = std::make_unique<LanguageSwitcher>(QStringLiteral(CG_BINARY_DIR "/translations"));
    QVERIFY(mLanguages->setLanguage(u"en"_s));
}

void TestMainWindow::cleanupTestCase()
{
    mLanguages.reset();
    mDirect.reset();
    mSession.reset();
}

Actor TestMainWindow::user(const QString &login)
{
    const Result<Actor> actor =
        waitFor(mSession->run([login](Session &s) { return s.store().findUser(login); }));
    if (!actor)
        qFatal("demo user %s is missing", qPrintable(login));
    return *actor;
}

int TestMainWindow::directCount(const QString &where, const QVariantList &values)
{
    QSqlQuery q(mDirect->database());
    q.prepare(u"SELECT count(*) FROM cases WHERE "_s + where);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec() || !q.next())
        qFatal("direct count failed");
    return q.value(0).toInt();
}

std::unique_ptr<MainWindow> TestMainWindow::window(const QString &login, bool withPanels)
{
    auto w =
        std::make_unique<MainWindow>(mSession.get(), user(login), mDirectory, u"window.sqlite"_s, *mSettings);
    w->resize(1600, 1000);
    if (withPanels) {
        for (const QString &name : PanelNames) {
            auto *panel = new FakePanel(name);
            w->addPanel(name, name, panel, Qt::RightDockWidgetArea);
        }
    }
    w->restoreLayout();
    w->resize(1600, 1000);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        qWarning("window not exposed");
    return w;
}

void TestMainWindow::defaultLayoutPerRole_data()
{
    QTest::addColumn<QString>("login");
    QTest::addColumn<QString>("layout");
    QTest::addColumn<QString>("leftPanel"); // the panel on the left, empty for none
    QTest::addColumn<QStringList>("shown"); // panels shown (maybe as tabs)
    QTest::newRow("acceptor") << u"hp.acceptor"_s << u"acceptor"_s << QString()
                              << QStringList{u"duplicatesPanel"_s, u"supervisionPanel"_s};
    QTest::newRow("shift leader") << u"hp.shift"_s << u"shift_leader"_s << QString()
                                  << QStringList{u"duplicatesPanel"_s, u"statisticsPanel"_s};
    QTest::newRow("dispatcher") << u"hp.dispatcher"_s << u"dispatcher"_s << u"dispatchPanel"_s
                                << QStringList{u"dispatchPanel"_s};
    QTest::newRow("supervisor desk") << u"hp.sup1"_s << u"supervisor"_s << u"supervisionPanel"_s
                                     << QStringList{u"supervisionPanel"_s};
    QTest::newRow("inspector") << u"hp.inspector"_s << u"inspector"_s << u"inspectionPanel"_s
                               << QStringList{u"inspectionPanel"_s, u"evaluationPanel"_s};
    QTest::newRow("leader") << u"hp.leader"_s << u"leader"_s << u"statisticsPanel"_s
                            << QStringList{u"statisticsPanel"_s, u"evaluationPanel"_s};
}

void TestMainWindow::defaultLayoutPerRole()
{
    QFETCH(QString, login);
    QFETCH(QString, layout);
    QFETCH(QString, leftPanel);
    QFETCH(QStringList, shown);
    mSettings->clearRoleLayout(layout);
    auto w = window(login);
    QCOMPARE(MainWindow::layoutName(w->actor().role), layout);
    QCOMPARE(w->panelNames(), PanelNames);
    QCOMPARE(w->dockWidgetArea(w->dock(u"queueDock"_s)), Qt::BottomDockWidgetArea);
    QCOMPARE(w->dockWidgetArea(w->caseDock()), Qt::RightDockWidgetArea);
    QVERIFY(!w->dock(u"queueDock"_s)->isHidden());
    QVERIFY(!w->caseDock()->isHidden());
    for (const QString &name : PanelNames) {
        QDockWidget *d = w->dock(name);
        QVERIFY(d);
        QCOMPARE(d->isHidden(), !shown.contains(name));
        if (name == leftPanel) {
            QCOMPARE(w->dockWidgetArea(d), Qt::LeftDockWidgetArea);
            QVERIFY(d->isVisible());              // not behind another tab
            QVERIFY(d->width() > w->width() / 8); // sized in text widths, not squeezed
        }
    }
}

void TestMainWindow::layoutSavedPerRoleAndReset()
{
    mSettings->clearRoleLayout(u"dispatcher"_s);
    mSettings->clearRoleLayout(u"acceptor"_s);
    {
        auto w = window(u"hp.dispatcher"_s);
        QDockWidget *queue = w->dock(u"queueDock"_s);
        w->addDockWidget(Qt::TopDockWidgetArea, queue);
        w->dock(u"statisticsPanel"_s)->show();
        w->close(); // saves the dispatcher's arrangement
    }
    QVERIFY(!mSettings->roleLayout(u"dispatcher"_s).isEmpty());
    QVERIFY(mSettings->roleLayout(u"acceptor"_s).isEmpty());
    {
        // Another role keeps its own default.
        auto w = window(u"hp.acceptor"_s);
        QCOMPARE(w->dockWidgetArea(w->dock(u"queueDock"_s)), Qt::BottomDockWidgetArea);
        QVERIFY(w->dock(u"statisticsPanel"_s)->isHidden());
    }
    {
        // The dispatcher's arrangement comes back, panels added before and after the restore alike.
        auto w = window(u"hp.dispatcher"_s);
        QCOMPARE(w->dockWidgetArea(w->dock(u"queueDock"_s)), Qt::TopDockWidgetArea);
        QVERIFY(!w->dock(u"statisticsPanel"_s)->isHidden());
        auto *late = new FakePanel(u"late"_s);
        w->addPanel(u"statisticsPanel2"_s, u"late"_s, late, Qt::LeftDockWidgetArea);
        QCOMPARE(w->dockWidgetArea(w->dock(u"queueDock"_s)), Qt::TopDockWidgetArea);

        // View ▸ Reset layout: the default again, and the saved one is gone.
        auto *reset = w->findChild<QAction *>(u"actionResetLayout"_s);
        QVERIFY(reset);
        reset->trigger();
        QVERIFY(mSettings->roleLayout(u"dispatcher"_s).isEmpty());
        QCOMPARE(w->dockWidgetArea(w->dock(u"queueDock"_s)), Qt::BottomDockWidgetArea);
        QVERIFY(w->dock(u"statisticsPanel"_s)->isHidden());
        QCOMPARE(w->dockWidgetArea(w->dock(u"dispatchPanel"_s)), Qt::LeftDockWidgetArea);
        QVERIFY(!w->dock(u"dispatchPanel"_s)->isHidden());
    }
}

void TestMainWindow::panelOpensCase()
{
    auto w = window(u"hp.dispatcher"_s);
    auto *panel = qobject_cast<FakePanel *>(w->dock(u"dispatchPanel"_s)->widget());
    QVERIFY(panel);
    QSqlQuery q(mDirect->database());
    QVERIFY(q.exec(u"SELECT id FROM cases WHERE district_code = '310101' ORDER BY id LIMIT 1"_s) && q.next());
    const qint64 id = q.value(0).toLongLong();
    QSignalSpy loaded(w->caseDock(), &CaseDock::caseLoaded);
    Q_EMIT panel->caseActivated(id);
    QCOMPARE(w->caseDock()->caseId(), id);
    QVERIFY(loaded.wait(WaitMs));
    QVERIFY(w->caseDock()->isVisible());
}

void TestMainWindow::statusBarShowsStoreUserAndTasks()
{
    auto w = window(u"hp.dispatcher"_s);
    auto *store = w->findChild<QLabel *>(u"storeStatus"_s);
    auto *userLabel = w->findChild<QLabel *>(u"userStatus"_s);
    auto *clock = w->findChild<QLabel *>(u"clock"_s);
    QVERIFY(store && userLabel && clock);
    QCOMPARE(store->text(), u"Store: window.sqlite · live"_s);
    QVERIFY(userLabel->text().contains(roleLabel(Role::Dispatcher)));
    QVERIFY(!clock->text().isEmpty());

    // A background task: progress and cancel in the status bar.
    TaskStatusWidget *tasks = w->tasks();
    QVERIFY(tasks->isHidden());
    bool cancelled = false;
    const int task = tasks->begin(u"export"_s, [&cancelled] { cancelled = true; });
    tasks->setProgress(task, 3, 10);
    QVERIFY(!tasks->isHidden());
    QCOMPARE(tasks->currentTitle(), u"export"_s);
    tasks->cancelCurrent();
    QVERIFY(cancelled);
    tasks->finish(task);
    QVERIFY(tasks->isHidden());
    QCOMPARE(tasks->runningCount(), 0);
}

void TestMainWindow::languageSwitchesAtRunTime()
{
    auto w = window(u"hp.dispatcher"_s);
    auto *combo = w->queue()->findChild<QComboBox *>(u"stateFilter"_s);
    QVERIFY(combo);
    QMenu *file = w->menuBar()->actions().constFirst()->menu();
    QCOMPARE(file->title(), u"&File"_s);
    QCOMPARE(combo->itemText(0), u"All states"_s);
    QCOMPARE(w->dock(u"identifyDock"_s)->windowTitle(), u"Map: grid and its cases"_s);

    // View ▸ Language ▸ 中文: every text of the window changes at once.
    auto *chinese = w->findChild<QAction *>(u"actionLanguage_zh_CN"_s);
    QVERIFY(chinese && chinese->isEnabled());
    chinese->trigger();
    QCOMPARE(mLanguages->language(), u"zh_CN"_s);
    QCOMPARE(mSettings->language(), u"zh_CN"_s);
    QTRY_COMPARE(file->title(), u"文件(&F)"_s); // QEvent::LanguageChange is posted
    QCOMPARE(combo->itemText(0), u"全部状态"_s);
    QCOMPARE(w->dock(u"identifyDock"_s)->windowTitle(), u"地图：网格及其案件"_s);
    QCOMPARE(w->queue()->model()->headerData(0, Qt::Horizontal).toString(), u"案件编号"_s);
    QVERIFY(chinese->isChecked());

    auto *english = w->findChild<QAction *>(u"actionLanguage_en"_s);
    english->trigger();
    QTRY_COMPARE(file->title(), u"&File"_s);
    QCOMPARE(combo->itemText(0), u"All states"_s);
    QCOMPARE(w->queue()->model()->headerData(0, Qt::Horizontal).toString(), u"Case number"_s);
}

void TestMainWindow::wallConsoleFigures()
{
    const Actor dispatcher = user(u"hp.dispatcher"_s);
    WallConsole wall(mSession.get(), dispatcher, mDirectory);
    wall.resize(1920, 1080);
    QSignalSpy ready(&wall, &WallConsole::ready);
    wall.show();
    QVERIFY(ready.wait(WaitMs));
    QVERIFY(wall.isReady());
    const WallFigures f = wall.figures(); // a copy: the console updates its own
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime today =
        QDateTime(now.toOffsetFromUtc(8 * 3600).date(), QTime(0, 0), Qt::OffsetFromUTC, 8 * 3600).toUTC();
    QCOMPARE(f.reportedToday,
             directCount(u"district_code = '310101' AND reported_at >= ?"_s, {today.toMSecsSinceEpoch()}));
    QVERIFY(f.overdueNow >= directCount(u"district_code = '310101' AND step <> 'none' AND step_due_at < ?"_s,
                                        {now.addSecs(-120).toMSecsSinceEpoch()}));
    QCOMPARE(f.closedToday, directCount(u"district_code = '310101' AND state = 'closed' AND closed_at >= ?"_s,
                                        {today.toMSecsSinceEpoch()}));
    // The open cases per street add up to the district's open cases (its streets are all listed: < 8).
    int streets = 0;
    for (const auto &[name, n] : f.byStreet)
        streets += n;
    QCOMPARE(streets,
             directCount(u"district_code = '310101' AND state NOT IN ('rejected', 'closed', 'voided')"_s));
    QVERIFY(!f.hotClasses.isEmpty());
    QVERIFY(f.hotClasses.constFirst().second >= f.hotClasses.constLast().second);
    // Live: a case filed and dispatched now counts once each (read on from the change feed).
    const int filed = f.filedToday, dispatched = f.dispatchedToday;
    QSqlQuery q(mDirect->database());
    QVERIFY(q.exec(u"SELECT id, unit_id FROM cases WHERE district_code = '310101' AND state = 'dispatched' "
                   u"LIMIT 1"_s) &&
            q.next());
    const qint64 unit = q.value(1).toLongLong();
    QVERIFY(q.exec(u"SELECT id FROM cases WHERE street_code = '310101002' LIMIT 1"_s) && q.next());
    const qint64 likeId = q.value(0).toLongLong();
    const Actor sup = user(u"hp.sup1"_s);
    const Result<CaseRecord> created = waitFor(mSession->run([sup, likeId](Session &s) -> Result<CaseRecord> {
        auto like = s.store().findCase(likeId);
        if (!like)
            return like.error();
        NewCaseRequest r;
        r.classKey = like->classKey;
        r.grid = like->grid;
        r.longitude = like->longitude;
        r.latitude = like->latitude;
        r.address = like->address;
        r.description = u"wall console test"_s;
        return s.cases().report(sup, r);
    }));
    QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
    const qint64 id = created->id;
    for (const auto &[login, action] : {std::pair{u"hp.acceptor"_s, Action::Accept},
                                        {u"hp.shift"_s, Action::File},
                                        {u"hp.dispatcher"_s, Action::Dispatch}}) {
        const Actor actor = user(login);
        const Result<CaseRecord> done = waitFor(mSession->run([=](Session &s) -> Result<CaseRecord> {
            auto record = s.store().findCase(id);
            if (!record)
                return record.error();
            ActionRequest r;
            r.caseId = id;
            r.expectedVersion = record->version;
            r.action = action;
            r.unitId = unit;
            return s.cases().apply(actor, r);
        }));
        QVERIFY2(done.ok(), qPrintable(done.errorMessage()));
    }
    mSession->notifyLocalChange();
    QTRY_COMPARE_WITH_TIMEOUT(wall.figures().dispatchedToday, dispatched + 1, WaitMs);
    QCOMPARE(wall.figures().filedToday, filed + 1);
    QCOMPARE(wall.figures().reportedToday, f.reportedToday + 1);

    QCOMPARE(wall.panelCount(), 3);
    wall.showPanel(2);
    // Nothing to edit on the wall.
    QVERIFY(wall.findChildren<QAbstractButton *>().isEmpty());
    QVERIFY(wall.findChildren<QLineEdit *>().isEmpty());
    // Fonts follow the screen: on 2160 lines, the counters are twice as tall as on 1080.
    auto *counter = wall.findChild<QLabel *>(u"wallCounter0"_s);
    QVERIFY(counter);
    wall.resize(3840, 2160);
    const int big = counter->font().pixelSize();
    QCOMPARE(wall.height(), 2160);
    QCOMPARE(big, 162);
    wall.resize(1920, 1080);
    QCOMPARE(counter->font().pixelSize() * 2, big);
}

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
