#include "mainwindow.h"

#include "connectiondialog.h"
#include "desktopsettings.h"
#include "languageswitcher.h"
#include "map/boundarylayer.h"
#include "map/caselayer.h"
#include "map/choroplethlayer.h"
#include "map/geodatalayers.h"
#include "map/gridlayer.h"
#include "map/heatmaplayer.h"
#include "map/livecases.h"
#include "map/tilelayer.h"
#include "mapdata.h"
#include "session/sessionthread.h"
#include "session/whenfinished.h"
#include "taskstatuswidget.h"
#include "ui/cases/casedock.h"
#include "ui/cases/caseformat.h"
#include "ui/cases/casequeuemodel.h"
#include "ui/cases/casequeuewidget.h"
#include "ui/cases/queuetabmodel.h"
#include "wallconsole.h"
#include "widgets/mapcanvas.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMetaMethod>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <limits>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr int PingIntervalMs = 5000; // how often the status bar asks the store whether it answers

struct CaseLine
{
    qint64 id = 0;
    QString number;
    CaseState state = CaseState::None;
    QString className;
    QString address;
    bool overdue = false;
};

// Where a dock goes in a role's default arrangement.
struct Placement
{
    const char *name;
    Qt::DockWidgetArea area;
    const char *tabifyWith = nullptr; // a dock placed before, to share its place as a tab
    bool raise = false;               // the tab in front
};

// The default arrangement of each role: docks not named here are hidden (View ▸ Panels shows them).
QList<Placement> defaultPlacements(Role role)
{
    using P = Placement;
    const P queue{"queueDock", Qt::BottomDockWidgetArea, nullptr, true};
    const P caseDock{"caseDock", Qt::RightDockWidgetArea, nullptr, true};
    const P identify{"identifyDock", Qt::RightDockWidgetArea, "caseDock"};
    switch (role) {
    case Role::Acceptor: // registers reports, sends verify and check tasks, spots duplicates
        return {queue, caseDock, identify, P{"duplicatesPanel", Qt::RightDockWidgetArea, "caseDock"},
                P{"supervisionPanel", Qt::BottomDockWidgetArea, "queueDock"}};
    case Role::ShiftLeader: // files, closes, approves voiding; watches the day's figures
        return {queue, caseDock, identify, P{"duplicatesPanel", Qt::RightDockWidgetArea, "caseDock"},
                P{"statisticsPanel", Qt::BottomDockWidgetArea, "queueDock"}};
    case Role::Dispatcher: // the dispatch panel beside the map, the queues below
        return {P{"dispatchPanel", Qt::LeftDockWidgetArea, nullptr, true}, queue, caseDock, identify};
    case Role::Supervisor: // the supervisor desk: tasks of the responsibility grid first
        return {P{"supervisionPanel", Qt::LeftDockWidgetArea, nullptr, true}, queue, caseDock, identify};
    case Role::Inspector: // urging: overdue lists and the evaluation of who is late
        return {P{"inspectionPanel", Qt::LeftDockWidgetArea, nullptr, true}, queue, caseDock, identify,
                P{"evaluationPanel", Qt::BottomDockWidgetArea, "queueDock"}};
    case Role::Leader: // statistics and rankings; the queues behind them
        return {P{"statisticsPanel", Qt::LeftDockWidgetArea, nullptr, true}, queue,
                P{"evaluationPanel", Qt::BottomDockWidgetArea, "queueDock", true}, caseDock, identify};
    case Role::UnitHandler:
    case Role::Administrator:
    case Role::System:
        break;
    }
    return {queue, caseDock, identify};
}

} // namespace

MainWindow::MainWindow(SessionThread *session, const Actor &actor,
                       std::shared_ptr<const CaseDirectory> directory, const QString &storePath,
                       DesktopSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , mSession(session)
    , mActor(actor)
    , mDirectory(directory)
    , mStorePath(storePath)
    , mSettings(settings)
    , mMap(new MapCanvas(this))
    , mQueue(new CaseQueueWidget(session, this))
    , mQueueDock(new QDockWidget(this))
    , mDock(new CaseDock(session, this))
    , mIdentifyDock(new QDockWidget(this))
    , mIdentifyTitle(new QLabel(this))
    , mIdentifyList(new QTreeWidget(this))
    , mSearch(new QLineEdit(this))
    , mStoreLabel(new QLabel(this))
    , mUserLabel(new QLabel(this))
    , mMapLabel(new QLabel(this))
    , mClockLabel(new QLabel(this))
    , mTasks(new TaskStatusWidget(this))
    , mClock(new QTimer(this))
    , mPing(new QTimer(this))
    , mBasemap(new TileLayer(this))
    , mChoropleth(new ChoroplethLayer(this))
    , mGridLayer(new GridLayer(this))
    , mBoundaries(new BoundaryLayer(this))
    , mHeatmap(new HeatmapLayer(this))
    , mCaseLayer(new CaseLayer(this))
    , mComponents(new ComponentLayer(this))
    , mPois(new PoiLayer(this))
    , mResponsibility(new ResponsibilityLayer(this))
{
    setObjectName(u"mainWindow"_s);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks |
                   QMainWindow::AllowNestedDocks);

    mQueue->setActor(actor);
    mQueue->setDirectory(directory);
    mDock->setActor(actor);
    mDock->setDirectory(directory);

    // The map in the middle; its layers bottom to top.
    mBasemap->setVisible(false); // until a source is set
    mHeatmap->setVisible(false);
    mComponents->setVisible(false); // a click away in the Map menu: many dots are context, not work
    mMap->setLayers({mBasemap, mChoropleth, mGridLayer, mResponsibility, mBoundaries, mComponents, mHeatmap,
                     mPois, mCaseLayer});
    setCentralWidget(mMap);

    mQueueDock->setObjectName(u"queueDock"_s);
    mQueueDock->setWidget(mQueue);
    addDockWidget(Qt::BottomDockWidgetArea, mQueueDock);
    addDockWidget(Qt::RightDockWidgetArea, mDock);

    mIdentifyDock->setObjectName(u"identifyDock"_s);
    auto *identifyBox = new QWidget(mIdentifyDock);
    auto *identifyLayout = new QVBoxLayout(identifyBox);
    mIdentifyTitle->setWordWrap(true);
    mIdentifyTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mIdentifyList->setRootIsDecorated(false);
    mIdentifyList->setUniformRowHeights(true);
    mIdentifyList->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    identifyLayout->addWidget(mIdentifyTitle);
    identifyLayout->addWidget(mIdentifyList, 1);
    mIdentifyDock->setWidget(identifyBox);
    addDockWidget(Qt::RightDockWidgetArea, mIdentifyDock);

    mSearch->setObjectName(u"mapSearch"_s);
    mSearch->setClearButtonEnabled(true);
    mSearch->setMaximumWidth(mSearch->fontMetrics().averageCharWidth() * 40);
    connect(mSearch, &QLineEdit::returnPressed, this, &MainWindow::search);

    createActions();
    createMenus();

    mStoreLabel->setObjectName(u"storeStatus"_s);
    mUserLabel->setObjectName(u"userStatus"_s);
    mClockLabel->setObjectName(u"clock"_s);
    statusBar()->addPermanentWidget(mStoreLabel, 1);
    statusBar()->addPermanentWidget(mTasks);
    statusBar()->addPermanentWidget(mMapLabel);
    statusBar()->addPermanentWidget(mUserLabel);
    statusBar()->addPermanentWidget(mClockLabel);

    connect(mQueue, &CaseQueueWidget::currentCaseChanged, mDock, &CaseDock::showCase);
    connect(mQueue, &CaseQueueWidget::currentCaseChanged, this, &MainWindow::onQueueCaseChanged);
    connect(mQueue, &CaseQueueWidget::caseActivated, this, &MainWindow::openCase);
    connect(mQueue, &CaseQueueWidget::loadFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("The queue cannot be loaded: %1").arg(message), 15000);
    });
    connect(mQueue, &CaseQueueWidget::bulkStarted, this, [this](Action action, int cases) {
        BulkActionRunner *runner = mQueue->bulkRunner();
        const int task = mTasks->begin(tr("%1: %n case(s)", nullptr, cases).arg(actionLabel(action)),
                                       [runner] { runner->cancel(); });
        auto progress =
            connect(runner, &BulkActionRunner::progress, mTasks,
                    [this, task](int done, int total) { mTasks->setProgress(task, done, total); });
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = connect(runner, &BulkActionRunner::finished, this,
                              [this, task, progress, connection](const BulkSummary &summary) {
                                  disconnect(progress);
                                  disconnect(*connection);
                                  mTasks->finish(task);
                                  statusBar()->showMessage(summary.text().section(u'\n', 0, 0), 15000);
                              });
    });
    connect(mDock, &CaseDock::actionApplied, this, [this](const CaseRecord &record, Action action) {
        statusBar()->showMessage(tr("Case %1: \"%2\" done; it is now %3.")
                                     .arg(record.number, actionLabel(action), stateLabel(record.state)),
                                 8000);
    });
    connect(mMap, &MapCanvas::gridIdentified, this, &MainWindow::onGridIdentified);
    connect(mMap, &MapCanvas::caseClicked, this, &MainWindow::onMapCaseClicked);
    connect(mMap, &MapCanvas::renderFinished, this, [this](qint64 ms) {
        if (mGridsLoaded)
            mMapLabel->setText(tr("Map: %1 grids, %2 cases · 1:%3 · %4 ms")
                                   .arg(mGrids ? mGrids->size() : 0)
                                   .arg(mCases ? mCases->size() : 0)
                                   .arg(qRound(mMap->settings().scale()))
                                   .arg(ms));
    });
    connect(mIdentifyList, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!item)
            return;
        const qint64 id = item->data(0, Qt::UserRole).toLongLong();
        mDock->showCase(id);
        mDock->raise();
        if (mCases) {
            if (const int i = mCases->indexOfId(id); i >= 0)
                mMap->selectCase(id);
        }
    });

    // The map's cases follow the store's change feed: a burst of changes reads the changed cases once, and
    // only the case layers redraw.
    mLiveCases = new LiveCases(
        mCaseLayer,
        [this, scope = CaseQueueModel::scopeQuery(mActor)](qint64 after) {
            return mSession->run([after, scope](Session &current) {
                return readCaseChanges(current.store(), after, scope, current.clock().now());
            });
        },
        this);
    connect(mSession, &SessionThread::storeChanged, mLiveCases, &LiveCases::storeChanged);
    connect(mLiveCases, &LiveCases::casesChanged, this, [this](std::shared_ptr<const CasePoints> cases) {
        mCases = std::move(cases);
        mHeatmap->setData(mCases);
        mChoropleth->setCases(mCases);
        mMap->setCasePoints(mCases);
    });
    connect(mSession, &SessionThread::storeChanged, this, [this] {
        if (mLink != Link::Live) {
            mLink = Link::Live;
            updateStoreLabel();
        }
    });

    mClock->setInterval(1000);
    connect(mClock, &QTimer::timeout, this, &MainWindow::updateClock);
    mClock->start();
    mPing->setInterval(PingIntervalMs);
    connect(mPing, &QTimer::timeout, this, &MainWindow::pingStore);
    mPing->start();

    retranslateUi();
    applyDefaultLayout();
    loadGrids();
    loadCases();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    auto make = [this](const char *name, const QKeySequence &shortcut = {}) {
        auto *a = new QAction(this);
        a->setObjectName(QString::fromLatin1(name));
        if (!shortcut.isEmpty())
            a->setShortcut(shortcut);
        return a;
    };
    mConnectAction = make("actionConnect", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(mConnectAction, &QAction::triggered, this, &MainWindow::connectToStore);
    mQuitAction = make("actionQuit", QKeySequence::Quit);
    connect(mQuitAction, &QAction::triggered, this, &QWidget::close);
    mReloadAction = make("actionReload", QKeySequence::Refresh);
    mReloadAction->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    connect(mReloadAction, &QAction::triggered, mQueue, &CaseQueueWidget::reload);
    mFindCaseAction = make("actionFindCase", QKeySequence::Find);
    connect(mFindCaseAction, &QAction::triggered, this, [this] {
        mQueueDock->show();
        mQueueDock->raise();
        if (auto *search = mQueue->findChild<QLineEdit *>(u"search"_s)) {
            search->setFocus(Qt::ShortcutFocusReason);
            search->selectAll();
        }
    });
    mMapSearchAction = make("actionMapSearch", QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(mMapSearchAction, &QAction::triggered, this, [this] {
        mSearch->setFocus(Qt::ShortcutFocusReason);
        mSearch->selectAll();
    });
    mOpenCaseAction = make("actionOpenCase", QKeySequence(Qt::CTRL | Qt::Key_Return));
    connect(mOpenCaseAction, &QAction::triggered, this, [this] { openCase(mQueue->currentCaseId()); });
    mBulkDispatchAction = make("actionBulkDispatch", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    mBulkDispatchAction->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    connect(mBulkDispatchAction, &QAction::triggered, mQueue, &CaseQueueWidget::bulkDispatch);
    mBulkUrgeAction = make("actionBulkUrge", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    mBulkUrgeAction->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    connect(mBulkUrgeAction, &QAction::triggered, mQueue, &CaseQueueWidget::bulkUrge);
    mBulkDispatchAction->setVisible(BulkActionRunner::roleMayTake(mActor.role, Action::Dispatch));
    mBulkUrgeAction->setVisible(BulkActionRunner::roleMayTake(mActor.role, Action::Urge));
    mNextTabAction = make("actionNextQueue", QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    connect(mNextTabAction, &QAction::triggered, this,
            [this] { mQueue->setCurrentTab(QueueTab((int(mQueue->currentTab()) + 1) % QueueTabCount)); });
    mPreviousTabAction = make("actionPreviousQueue", QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    connect(mPreviousTabAction, &QAction::triggered, this, [this] {
        mQueue->setCurrentTab(QueueTab((int(mQueue->currentTab()) + QueueTabCount - 1) % QueueTabCount));
    });
    for (int t = 0; t < QueueTabCount; ++t) {
        // Ctrl+1 … Ctrl+9 for the first nine queues, Ctrl+0 for "my tasks".
        QKeySequence key;
        if (t < 9)
            key = QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + t));
        else if (QueueTab(t) == QueueTab::MyTasks)
            key = QKeySequence(Qt::CTRL | Qt::Key_0);
        QAction *a = make("actionQueue", key);
        a->setObjectName(u"actionQueue_"_s + QueueTabs::name(QueueTab(t)));
        connect(a, &QAction::triggered, this, [this, t] {
            mQueueDock->show();
            mQueueDock->raise();
            mQueue->setCurrentTab(QueueTab(t));
        });
        mTabActions.append(a);
    }
    mResetLayoutAction = make("actionResetLayout");
    connect(mResetLayoutAction, &QAction::triggered, this, &MainWindow::resetLayout);
    mWallAction = make("actionWallConsole", QKeySequence(Qt::Key_F11));
    mWallAction->setIcon(style()->standardIcon(QStyle::SP_DesktopIcon));
    connect(mWallAction, &QAction::triggered, this, &MainWindow::openWallConsole);
    mFullExtentAction = make("actionWholeArea", QKeySequence(Qt::CTRL | Qt::Key_Home));
    connect(mFullExtentAction, &QAction::triggered, mMap, &MapCanvas::zoomToFullExtent);
    mMeasureAction = make("actionMeasure", QKeySequence(Qt::CTRL | Qt::Key_M));
    mMeasureAction->setCheckable(true);
    connect(mMeasureAction, &QAction::toggled, mMap, &MapCanvas::setMeasuring);
    mShowClosedAction = make("actionShowClosed");
    mShowClosedAction->setCheckable(true);
    connect(mShowClosedAction, &QAction::toggled, mCaseLayer, &CaseLayer::setShowClosed);
    mShortcutsAction = make("actionShortcuts", QKeySequence::HelpContents);
    connect(mShortcutsAction, &QAction::triggered, this, [this] {
        QStringList lines;
        for (QAction *a : findChildren<QAction *>()) {
            if (!a->shortcut().isEmpty() && !a->text().isEmpty())
                lines.append(u"<tr><td><b>%1</b></td><td>%2</td></tr>"_s.arg(
                    a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(),
                    a->text().remove(u'&').toHtmlEscaped()));
        }
        lines.sort();
        QMessageBox::information(this, tr("Keyboard shortcuts"),
                                 u"<table>"_s + lines.join(QString()) + u"</table>"_s);
    });
    for (MapLayer *layer : mMap->layers()) {
        QAction *toggle = new QAction(this);
        toggle->setCheckable(true);
        toggle->setChecked(layer->isVisible());
        toggle->setEnabled(layer != mBasemap);
        connect(toggle, &QAction::toggled, layer, &MapLayer::setVisible);
        if (layer == mBasemap)
            connect(mBasemap, &MapLayer::repaintRequested, toggle, [this, toggle] {
                toggle->setEnabled(true);
                toggle->setChecked(mBasemap->isVisible());
            });
        mLayerActions.append(toggle);
    }
    for (const QString &view : {u"city"_s, u"district"_s, u"street"_s}) {
        QAction *a = new QAction(this);
        connect(a, &QAction::triggered, this, [this, view] { setMapView(view); });
        mMapViewActions.append(a);
    }
    mLanguageGroup = new QActionGroup(this);
    for (const QString &language : LanguageSwitcher::languages()) {
        QAction *a = mLanguageGroup->addAction(LanguageSwitcher::nativeName(language));
        a->setObjectName(u"actionLanguage_"_s + language);
        a->setData(language);
        a->setCheckable(true);
        LanguageSwitcher *switcher = LanguageSwitcher::instance();
        a->setChecked(switcher && switcher->language() == language);
        a->setEnabled(switcher != nullptr);
        connect(a, &QAction::triggered, this, [this, language] {
            LanguageSwitcher *s = LanguageSwitcher::instance();
            if (!s)
                return;
            if (!s->setLanguage(language)) {
                statusBar()->showMessage(tr("The %1 translation is missing from this build.")
                                             .arg(LanguageSwitcher::nativeName(language)),
                                         10000);
                return;
            }
            mSettings.setLanguage(language);
        });
    }
}

void MainWindow::createMenus()
{
    mFileMenu = menuBar()->addMenu(QString());
    mFileMenu->addAction(mConnectAction);
    mFileMenu->addSeparator();
    mFileMenu->addAction(mQuitAction);

    mCasesMenu = menuBar()->addMenu(QString());
    mCasesMenu->addAction(mFindCaseAction);
    mCasesMenu->addAction(mOpenCaseAction);
    mCasesMenu->addAction(mReloadAction);
    mCasesMenu->addSeparator();
    mCasesMenu->addAction(mBulkDispatchAction);
    mCasesMenu->addAction(mBulkUrgeAction);
    mCasesMenu->addSeparator();
    mQueuesMenu = mCasesMenu->addMenu(QString());
    mQueuesMenu->addAction(mNextTabAction);
    mQueuesMenu->addAction(mPreviousTabAction);
    mQueuesMenu->addSeparator();
    mQueuesMenu->addActions(mTabActions);

    mViewMenu = menuBar()->addMenu(QString());
    mPanelsMenu = mViewMenu->addMenu(QString());
    for (QDockWidget *d : {mQueueDock, static_cast<QDockWidget *>(mDock), mIdentifyDock})
        mPanelsMenu->addAction(d->toggleViewAction());
    mPanelsMenu->addSeparator();
    mViewMenu->addAction(mResetLayoutAction);
    mViewMenu->addSeparator();
    mLanguageMenu = mViewMenu->addMenu(QString());
    mLanguageMenu->addActions(mLanguageGroup->actions());
    mViewMenu->addSeparator();
    mViewMenu->addAction(mWallAction);

    mMapMenu = menuBar()->addMenu(QString());
    mMapMenu->addAction(mFullExtentAction);
    mMapMenu->addAction(mMapSearchAction);
    mMapMenu->addAction(mMeasureAction);
    mMapMenu->addSeparator();
    mMapMenu->addActions(mLayerActions);
    mMapMenu->addAction(mShowClosedAction);
    mMapMenu->addSeparator();
    mMapMenu->addActions(mMapViewActions);

    mHelpMenu = menuBar()->addMenu(QString());
    mHelpMenu->addAction(mShortcutsAction);

    mMainBar = addToolBar(QString());
    mMainBar->setObjectName(u"mainToolBar"_s);
    mMainBar->addAction(mReloadAction);
    mMainBar->addAction(mBulkDispatchAction);
    mMainBar->addAction(mBulkUrgeAction);
    mMainBar->addSeparator();
    mMainBar->addAction(mWallAction);
    mMainBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    mMapBar = addToolBar(QString());
    mMapBar->setObjectName(u"mapToolBar"_s);
    mMapBar->addWidget(mSearch);
    mMapBar->addAction(mFullExtentAction);
    mMapBar->addAction(mMeasureAction);
    mPanelsMenu->addAction(mMainBar->toggleViewAction());
    mPanelsMenu->addAction(mMapBar->toggleViewAction());
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("CityGrid command centre"));
    mBasemap->setName(tr("Basemap"));
    mChoropleth->setName(tr("Open cases per grid"));
    mGridLayer->setName(tr("Unit grids"));
    mBoundaries->setName(tr("Districts, streets and communities"));
    mHeatmap->setName(tr("Heat map of cases"));
    mCaseLayer->setName(tr("Cases"));
    mComponents->setName(tr("Components"));
    mPois->setName(tr("Points of interest"));
    mResponsibility->setName(tr("Responsibility grids"));
    const QList<MapLayer *> layers = mMap->layers();
    for (qsizetype i = 0; i < layers.size() && i < mLayerActions.size(); ++i)
        mLayerActions[i]->setText(layers.at(i)->name());

    mQueueDock->setWindowTitle(tr("Case queues"));
    mIdentifyDock->setWindowTitle(tr("Map: grid and its cases"));
    if (mIdentifyList->topLevelItemCount() == 0)
        mIdentifyTitle->setText(tr("Click a unit grid on the map to see its cases."));
    mIdentifyList->setHeaderLabels({tr("Case"), tr("State"), tr("Class"), tr("Address")});
    mSearch->setPlaceholderText(tr("Grid code, case number or place"));
    for (QDockWidget *panel : std::as_const(mPanels)) {
        const QString own = panel->widget() ? panel->widget()->windowTitle() : QString();
        panel->setWindowTitle(own.isEmpty() ? mPanelTitles.value(panel) : own);
    }

    mFileMenu->setTitle(tr("&File"));
    mConnectAction->setText(tr("&Connect to another store…"));
    mConnectAction->setToolTip(tr("Open a shared PostgreSQL store and log in there"));
    mQuitAction->setText(tr("&Quit"));
    mCasesMenu->setTitle(tr("&Cases"));
    mFindCaseAction->setText(tr("&Search the queue"));
    mOpenCaseAction->setText(tr("&Open the selected case"));
    mReloadAction->setText(tr("&Reload queue"));
    mBulkDispatchAction->setText(tr("&Dispatch selected cases…"));
    mBulkUrgeAction->setText(tr("&Urge selected cases…"));
    mQueuesMenu->setTitle(tr("&Queues"));
    mNextTabAction->setText(tr("&Next queue"));
    mPreviousTabAction->setText(tr("&Previous queue"));
    for (int t = 0; t < mTabActions.size(); ++t)
        mTabActions[t]->setText(QueueTabs::label(QueueTab(t)));
    mViewMenu->setTitle(tr("&View"));
    mPanelsMenu->setTitle(tr("&Panels"));
    mResetLayoutAction->setText(tr("&Reset layout"));
    mResetLayoutAction->setToolTip(tr("Arrange the panels as the default for your role"));
    mLanguageMenu->setTitle(tr("&Language"));
    mWallAction->setText(tr("&Wall console"));
    mWallAction->setToolTip(tr("The full-screen overview for the wall: map, counters and lists (F11)"));
    mMapMenu->setTitle(tr("&Map"));
    mFullExtentAction->setText(tr("Whole area"));
    mFullExtentAction->setToolTip(tr("Show every grid"));
    mMapSearchAction->setText(tr("Find on the map"));
    mMeasureAction->setText(tr("Measure"));
    mMeasureAction->setToolTip(
        tr("Click points on the map to measure a distance; double-click ends, Esc clears"));
    mShowClosedAction->setText(tr("Show closed cases"));
    mMapViewActions[0]->setText(tr("City view"));
    mMapViewActions[1]->setText(tr("District view"));
    mMapViewActions[2]->setText(tr("Street view"));
    mHelpMenu->setTitle(tr("&Help"));
    mShortcutsAction->setText(tr("&Keyboard shortcuts"));
    mMainBar->setWindowTitle(tr("Main tool bar"));
    mMapBar->setWindowTitle(tr("Map tool bar"));
    if (LanguageSwitcher *switcher = LanguageSwitcher::instance()) {
        for (QAction *a : mLanguageGroup->actions())
            a->setChecked(a->data().toString() == switcher->language());
    }

    const QString place = mActor.unitId > 0 ? mDirectory->unitName(mActor.unitId)
                                            : mDirectory->jurisdictionName(mActor.jurisdiction);
    mUserLabel->setText(place.isEmpty() ? tr("%1 · %2").arg(mActor.name, roleLabel(mActor.role))
                                        : tr("%1 · %2 · %3").arg(mActor.name, roleLabel(mActor.role), place));
    if (!mGridsLoaded)
        mMapLabel->setText(tr("Map: loading grids…"));
    updateStoreLabel();
    updateClock();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange && mFileMenu)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::updateStoreLabel()
{
    QString link;
    switch (mLink) {
    case Link::Live:
        link = tr("live");
        break;
    case Link::Waiting:
        link = tr("not answering");
        break;
    case Link::Reconnecting:
        link = tr("reconnecting…");
        break;
    }
    mStoreLabel->setText(tr("Store: %1 · %2").arg(mStorePath, link));
    mStoreLabel->setToolTip(mLinkError.isEmpty() ? mStorePath : mStorePath + u'\n' + mLinkError);
    QPalette p = mStoreLabel->palette();
    p.setColor(QPalette::WindowText,
               mLink == Link::Live ? palette().color(QPalette::WindowText) : QColor(0xb7, 0x1c, 0x1c));
    mStoreLabel->setPalette(p);
}

void MainWindow::pingStore()
{
    // A question the store answers at once; no answer by the next ping means the connection is in trouble.
    if (mPingAnswered < mPingSerial && mLink == Link::Live) {
        mLink = Link::Waiting;
        updateStoreLabel();
    }
    const int serial = ++mPingSerial;
    whenFinished(mSession->run([](Session &session) {
        return session.store().changesSince(std::numeric_limits<qint64>::max() - 1, 1);
    }),
                 this, [this, serial](const Result<QList<ChangeEntry>> &answer) {
                     mPingAnswered = std::max(mPingAnswered, serial);
                     const Link link = answer ? Link::Live : Link::Reconnecting;
                     mLinkError = answer ? QString() : answer.errorMessage();
                     if (link != mLink) {
                         mLink = link;
                         updateStoreLabel();
                     }
                 });
}

void MainWindow::addPanel(const QString &objectName, const QString &title, QWidget *panel,
                          Qt::DockWidgetArea area)
{
    auto *d = new QDockWidget(this);
    d->setObjectName(objectName);
    const QString own = panel->windowTitle();
    d->setWindowTitle(own.isEmpty() ? title : own);
    d->setWidget(panel);
    mPanels.append(d);
    mPanelTitles.insert(d, title);
    mPanelsMenu->insertAction(mPanelsMenu->actions().value(3), d->toggleViewAction());

    // caseActivated(qint64) opens the case; panels are plain QWidgets to this window.
    const QMetaObject *meta = panel->metaObject();
    const int signal = meta->indexOfSignal("caseActivated(qint64)");
    if (signal >= 0) {
        const int slot = metaObject()->indexOfSlot("openCase(qint64)");
        connect(panel, meta->method(signal), this, metaObject()->method(slot));
    }

    // Where the role's default puts it, else where the caller asked; then the person's saved arrangement.
    const QList<Placement> placements = defaultPlacements(mActor.role);
    const auto it = std::find_if(placements.cbegin(), placements.cend(),
                                 [&](const Placement &p) { return objectName == QLatin1StringView(p.name); });
    if (it == placements.cend()) {
        addDockWidget(area, d);
        d->hide();
    } else {
        addDockWidget(it->area, d);
        if (it->tabifyWith) {
            if (QDockWidget *with = dock(QString::fromLatin1(it->tabifyWith)); with && with != d)
                tabifyDockWidget(with, d);
        }
        if (it->raise)
            d->raise();
    }
    const QByteArray saved = mSettings.roleLayout(layoutName(mActor.role));
    if (!saved.isEmpty())
        restoreState(saved);
}

QDockWidget *MainWindow::dock(const QString &objectName) const
{
    for (QDockWidget *d : allDocks()) {
        if (d->objectName() == objectName)
            return d;
    }
    return nullptr;
}

QStringList MainWindow::panelNames() const
{
    QStringList names;
    for (QDockWidget *d : mPanels)
        names.append(d->objectName());
    return names;
}

QList<QDockWidget *> MainWindow::allDocks() const
{
    QList<QDockWidget *> docks{mQueueDock, mDock, mIdentifyDock};
    docks.append(mPanels);
    return docks;
}

QString MainWindow::layoutName(Role role)
{
    switch (role) {
    case Role::Acceptor:
        return u"acceptor"_s;
    case Role::ShiftLeader:
        return u"shift_leader"_s;
    case Role::Dispatcher:
        return u"dispatcher"_s;
    case Role::Supervisor:
        return u"supervisor"_s;
    case Role::Inspector:
        return u"inspector"_s;
    case Role::Leader:
        return u"leader"_s;
    default:
        return roleName(role);
    }
}

void MainWindow::applyDefaultLayout()
{
    const QList<Placement> placements = defaultPlacements(mActor.role);
    QSet<QDockWidget *> placed;
    for (QDockWidget *d : allDocks())
        removeDockWidget(d);
    QList<QDockWidget *> raised;
    for (const Placement &p : placements) {
        QDockWidget *d = dock(QString::fromLatin1(p.name));
        if (!d)
            continue; // a panel this build does not have
        addDockWidget(p.area, d);
        d->setFloating(false);
        d->show();
        placed.insert(d);
        if (p.tabifyWith) {
            if (QDockWidget *with = dock(QString::fromLatin1(p.tabifyWith)); with && placed.contains(with))
                tabifyDockWidget(with, d);
        }
        if (p.raise)
            raised.append(d);
    }
    for (QDockWidget *d : allDocks()) {
        if (placed.contains(d))
            continue;
        addDockWidget(Qt::RightDockWidgetArea, d);
        d->hide();
    }
    for (QDockWidget *d : std::as_const(raised))
        d->raise();
    sizeDocks();
    mMainBar->show();
    mMapBar->show();
}

void MainWindow::sizeDocks()
{
    // Sizes in text widths and heights, so that they scale with the screen's font.
    const int em = fontMetrics().averageCharWidth();
    const int line = fontMetrics().height();
    QList<QDockWidget *> sideDocks;
    QList<int> widths;
    for (QDockWidget *d : allDocks()) {
        if (d->isHidden() || d->isFloating())
            continue;
        const Qt::DockWidgetArea area = dockWidgetArea(d);
        if (area == Qt::LeftDockWidgetArea || area == Qt::RightDockWidgetArea) {
            sideDocks.append(d);
            widths.append(area == Qt::RightDockWidgetArea ? 62 * em : 56 * em);
        }
    }
    resizeDocks(sideDocks, widths, Qt::Horizontal);
    resizeDocks({mQueueDock}, {20 * line}, Qt::Vertical);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    // Dock sizes only hold once the window has its size; a saved arrangement brings its own.
    if (std::exchange(mSizeDocksOnShow, false) && mSettings.roleLayout(layoutName(mActor.role)).isEmpty())
        QTimer::singleShot(0, this, &MainWindow::sizeDocks);
}

void MainWindow::openCase(qint64 caseId)
{
    if (caseId <= 0)
        return;
    if (!mQueue->selectCase(caseId))
        mDock->showCase(caseId);
    mDock->show();
    mDock->raise();
}

void MainWindow::connectToStore()
{
    PgConnectionSettings previous;
    if (auto url = parsePostgresUrl(mStorePath); url)
        previous = *url;
    ConnectionDialog dialog(previous, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    Q_EMIT storeSwitchRequested(dialog.url());
}

void MainWindow::setCountSession(SessionThread *session)
{
    mQueue->setCountSession(session);
}

WallConsole *MainWindow::openWallConsole()
{
    auto *wall = new WallConsole(mSession, mActor, mDirectory);
    wall->setAttribute(Qt::WA_DeleteOnClose);
    connect(this, &QObject::destroyed, wall, &QWidget::close);
    wall->showOnScreen(screen());
    return wall;
}

void MainWindow::loadGrids()
{
    mComponents->setData(mSession->run([](Session &session) { return MapData::readComponents(session); }));
    mPois->setData(mSession->run([](Session &session) { return MapData::readPointsOfInterest(session); }));
    mResponsibility->setData(
        mSession->run([](Session &session) { return MapData::readResponsibilityGrids(session); }));
    whenFinished(mSession->run([](Session &session) { return MapData::readGrids(session); }), this,
                 [this](Result<std::shared_ptr<const GridData>> grids) {
                     if (!grids) {
                         mMapLabel->setText(tr("Map: no grids (%1)").arg(grids.errorMessage()));
                         mGridsLoaded = true;
                         Q_EMIT mapDataLoaded();
                         return;
                     }
                     mGrids = *grids;
                     mGridLayer->setData(mGrids);
                     mBoundaries->setData(mGrids);
                     mChoropleth->setGrids(mGrids);
                     mMap->setGridData(mGrids);
                     mGridsLoaded = true;
                     mMapLabel->setText(tr("Map: %1 grids").arg(mGrids->size()));
                     if (mCasesLoaded)
                         Q_EMIT mapDataLoaded();
                 });
}

void MainWindow::loadCases()
{
    const CaseQuery query = CaseQueueModel::scopeQuery(mActor);
    // The feed id is read before the cases, so a change committed in between is applied again, not missed.
    whenFinished(mSession->run([query](Session &session) -> Result<std::pair<qint64, MapCases>> {
        auto lastChange = session.store().lastChangeId();
        if (!lastChange)
            return lastChange.error();
        auto cases = MapData::readCases(session, query);
        if (!cases)
            return cases.error();
        return std::pair{*lastChange, *cases};
    }),
                 this, [this](Result<std::pair<qint64, MapCases>> loaded) {
                     if (loaded) {
                         mCases = loaded->second;
                         mLiveCases->setBaseline(mCases, loaded->first);
                         mHeatmap->setData(mCases);
                         mChoropleth->setCases(mCases);
                         mMap->setCasePoints(mCases);
                     } else {
                         statusBar()->showMessage(
                             tr("The map cannot load the cases: %1").arg(loaded.errorMessage()), 15000);
                     }
                     const bool first = !mCasesLoaded;
                     mCasesLoaded = true;
                     if (first && mGridsLoaded)
                         Q_EMIT mapDataLoaded();
                 });
}

bool MainWindow::isMapReady() const
{
    return mGridsLoaded && mCasesLoaded && !mMap->isRendering() && mMap->hasImage() &&
           (!mBasemap->isVisible() || mBasemap->pendingTileCount() == 0);
}

void MainWindow::setBasemap(const QString &source)
{
    if (source.isEmpty())
        return;
    if (source.endsWith(u".mbtiles"_s, Qt::CaseInsensitive)) {
        mBasemap->setMbTiles(source);
    } else {
        const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + u"/tiles"_s;
        mBasemap->setUrlTemplate(source, cache);
    }
    mBasemap->setVisible(true);
}

void MainWindow::setMapView(const QString &view)
{
    if (view == u"city" || !mGrids || mGrids->isEmpty()) {
        mMap->zoomToFullExtent();
        return;
    }
    // The district or street of the selected case (else of the map's centre), with a margin.
    QPointF at = mMap->settings().center();
    if (mMap->selectedCase() != 0 && mCases) {
        if (const int i = mCases->indexOfId(mMap->selectedCase()); i >= 0)
            at = mCases->position(i);
    }
    int cell = mGrids->cellAt(at);
    if (cell < 0)
        cell = mMap->selectedGrid();
    if (cell < 0) {
        mMap->zoomToFullExtent();
        return;
    }
    const int community = mGrids->community(cell);
    const MapRegion *region =
        view == u"district" ? mGrids->districtOf(community) : mGrids->streetOf(community);
    if (!region)
        region = &mGrids->communityRegion(community);
    const QRectF b = region->bounds;
    mMap->setExtent(b.adjusted(-b.width() * 0.05, -b.height() * 0.05, b.width() * 0.05, b.height() * 0.05));
}

void MainWindow::onQueueCaseChanged(qint64 caseId)
{
    if (caseId == 0) {
        mMap->selectCase(0);
        return;
    }
    const int row = mQueue->model()->rowOfCase(caseId);
    if (row < 0)
        return;
    const CaseRecord &record = mQueue->model()->caseAt(row);
    if (record.longitude == 0 && record.latitude == 0)
        return;
    mMap->showCase(caseId, WebMercator::fromLonLat(record.longitude, record.latitude));
}

void MainWindow::onMapCaseClicked(qint64 caseId)
{
    mCaseClicked = true;             // the grid's identify that follows stays behind the case dock
    if (!mQueue->selectCase(caseId)) // not among the loaded rows of the queue: open it in the dock directly
        mDock->showCase(caseId);
    mDock->raise();
}

void MainWindow::onGridIdentified(const MapIdentifyResult &result)
{
    const bool caseClicked = std::exchange(mCaseClicked, false);
    mIdentifyList->clear();
    if (!result.isValid()) {
        mIdentifyTitle->setText(tr("No unit grid here."));
        return;
    }
    QStringList place;
    for (const QString &p : {result.district, result.street, result.community}) {
        if (!p.isEmpty())
            place.append(p);
    }
    mIdentifyTitle->setText(tr("<b>Unit grid %1</b><br>%2<br>%3 cases here, %4 open")
                                .arg(result.gridCode, place.join(u" / "_s).toHtmlEscaped())
                                .arg(result.caseIds.size())
                                .arg(result.openCases));
    if (!caseClicked)
        mIdentifyDock->raise();
    const int serial = ++mIdentifySerial;
    const QList<qint64> ids = result.caseIds.mid(0, 200);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto directory = mDirectory;
    whenFinished(mSession->run([ids, now, directory](Session &session) -> Result<QList<CaseLine>> {
        QList<CaseLine> lines;
        for (qint64 id : ids) {
            auto c = session.store().findCase(id);
            if (!c)
                continue;
            lines.append({c->id, c->number, c->state, directory->className(c->classKey), c->address,
                          c->isStepOverdue(now)});
        }
        // Open cases first, newest first.
        std::stable_sort(lines.begin(), lines.end(), [](const CaseLine &a, const CaseLine &b) {
            return isOpen(a.state) != isOpen(b.state) ? isOpen(a.state) : a.id > b.id;
        });
        return lines;
    }),
                 this, [this, serial](const Result<QList<CaseLine>> &lines) {
                     if (serial != mIdentifySerial || !lines)
                         return;
                     for (const CaseLine &line : *lines) {
                         auto *item = new QTreeWidgetItem(mIdentifyList, {line.number, stateLabel(line.state),
                                                                          line.className, line.address});
                         item->setData(0, Qt::UserRole, line.id);
                         if (line.overdue)
                             item->setForeground(1, QColor(0xd6, 0x27, 0x28));
                         if (!isOpen(line.state))
                             for (int c = 0; c < 4; ++c)
                                 item->setForeground(c, QColor(0x80, 0x80, 0x80));
                     }
                 });
}

void MainWindow::showSearchMessage(const QString &text)
{
    statusBar()->showMessage(text, 8000);
}

void MainWindow::search()
{
    const QString text = mSearch->text().trimmed();
    if (text.isEmpty())
        return;
    static const QRegularExpression digits(u"^\\d+$"_s);
    if (digits.match(text).hasMatch() && (text.size() == 14 || text.size() == 15)) {
        if (mMap->showGrid(text)) {
            const MapIdentifyResult r =
                mMap->identify(mMap->settings().toPixel(mGrids->centre(mMap->selectedGrid())));
            onGridIdentified(r);
        } else {
            showSearchMessage(tr("No unit grid %1 on the map.").arg(text));
        }
        return;
    }
    // A place: a district, street or community name.
    if (mGrids) {
        for (const MapRegion &r : mGrids->regions()) {
            if (r.name == text || (text.size() >= 2 && r.name.startsWith(text))) {
                mMap->setExtent(r.bounds.adjusted(-r.bounds.width() * 0.1, -r.bounds.height() * 0.1,
                                                  r.bounds.width() * 0.1, r.bounds.height() * 0.1));
                return;
            }
        }
    }
    // A case number: asked of the store.
    whenFinished(mSession->run([text](Session &session) { return session.store().findCaseByNumber(text); }),
                 this, [this, text](Result<CaseRecord> found) {
                     if (!found) {
                         showSearchMessage(
                             tr("Nothing called \"%1\": not a grid code, place or case number.").arg(text));
                         return;
                     }
                     if (!mQueue->selectCase(found->id)) {
                         mDock->showCase(found->id);
                         if (found->longitude != 0 || found->latitude != 0)
                             mMap->showCase(found->id,
                                            WebMercator::fromLonLat(found->longitude, found->latitude));
                     }
                     mDock->raise();
                 });
}

void MainWindow::updateClock()
{
    mClockLabel->setText(tr("%1 (UTC+8)").arg(CaseFormat::clock(QDateTime::currentDateTimeUtc())));
}

void MainWindow::restoreLayout()
{
    if (!restoreGeometry(mSettings.windowGeometry()))
        resize(fontMetrics().averageCharWidth() * 220, fontMetrics().height() * 56);
    const QByteArray saved = mSettings.roleLayout(layoutName(mActor.role));
    if (saved.isEmpty() || !restoreState(saved))
        applyDefaultLayout();
    mQueue->restoreViewState(mSettings.queueViewState());
}

void MainWindow::saveLayout()
{
    mSettings.setWindowGeometry(saveGeometry());
    mSettings.setRoleLayout(layoutName(mActor.role), saveState());
    mSettings.setQueueViewState(mQueue->viewState());
}

void MainWindow::resetLayout()
{
    mSettings.clearRoleLayout(layoutName(mActor.role));
    applyDefaultLayout();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace cg
