#include "mainwindow.h"

#include "desktopsettings.h"
#include "geo/geometry.h"
#include "map/boundarylayer.h"
#include "map/caselayer.h"
#include "map/choroplethlayer.h"
#include "map/gridlayer.h"
#include "map/heatmaplayer.h"
#include "map/tilelayer.h"
#include "session/sessionthread.h"
#include "ui/cases/casedock.h"
#include "ui/cases/caseformat.h"
#include "ui/cases/casequeuemodel.h"
#include "ui/cases/casequeuewidget.h"
#include "ui/cases/whenfinished.h"
#include "widgets/mapcanvas.h"

#include <QAction>
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
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr int CaseReloadDelayMs = 700; // store changes within this time reload the map's cases once
constexpr int CasePageSize = 5000;

// Store thread: every unit grid of the store, projected and indexed for the map.
Result<std::shared_ptr<const GridData>> readGrids(Session &session)
{
    auto jurisdictions = session.store().jurisdictions();
    if (!jurisdictions)
        return jurisdictions.error();
    GridData::Builder builder;
    for (const Jurisdiction &j : *jurisdictions)
        builder.setName(j.code.text(), j.name);
    for (const Jurisdiction &j : *jurisdictions) {
        if (j.code.level() != JurisdictionLevel::Community)
            continue;
        auto grids = session.store().grids(j.code);
        if (!grids)
            return grids.error();
        if (grids->isEmpty())
            continue;
        const int community = builder.addCommunity(j.code.text(), j.name);
        for (const UnitGrid &grid : *grids) {
            const auto polygon = polygonFromWkb(grid.wkb);
            if (!polygon || polygon->outer.size() < 4)
                continue; // the store validated them when they were written; a bad one is not drawn
            builder.addCell(grid.code.text().toLongLong(), community, polygon->outer.constData(),
                            int(polygon->outer.size()));
        }
    }
    return builder.build();
}

// Store thread: the cases the actor may see (every state: the heat map shows where problems recur).
Result<std::shared_ptr<const CasePoints>> readCases(Session &session, CaseQuery query)
{
    query.limit = CasePageSize;
    query.now = QDateTime::currentDateTimeUtc();
    CasePoints::Builder builder;
    for (;;) {
        auto page = session.store().casePage(query);
        if (!page)
            return page.error();
        for (const CaseRecord &c : page->rows) {
            if (c.longitude == 0 && c.latitude == 0)
                continue;
            CasePoints::Input in;
            in.id = c.id;
            in.grid = c.grid.isNull() ? 0 : c.grid.text().toLongLong();
            in.lon = c.longitude;
            in.lat = c.latitude;
            in.state = uint8_t(c.state);
            if (c.isOpen())
                in.flags |= CasePoints::Open;
            if (c.isStepOverdue(query.now) || c.isHandlingOverdue(query.now))
                in.flags |= CasePoints::Overdue;
            if (c.keySupervision)
                in.flags |= CasePoints::KeySupervision;
            builder.add(in);
        }
        if (!page->next)
            break;
        query.after = page->next;
    }
    return builder.build();
}

struct CaseLine
{
    qint64 id = 0;
    QString number;
    CaseState state = CaseState::None;
    QString className;
    QString address;
    bool overdue = false;
};

} // namespace

MainWindow::MainWindow(SessionThread *session, const Actor &actor,
                       std::shared_ptr<const CaseDirectory> directory, const QString &storePath,
                       DesktopSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , mSession(session)
    , mActor(actor)
    , mDirectory(directory)
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
    , mClock(new QTimer(this))
    , mCaseReload(new QTimer(this))
    , mBasemap(new TileLayer(this))
    , mChoropleth(new ChoroplethLayer(this))
    , mGridLayer(new GridLayer(this))
    , mBoundaries(new BoundaryLayer(this))
    , mHeatmap(new HeatmapLayer(this))
    , mCaseLayer(new CaseLayer(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("CityGrid command centre"));

    mQueue->setActor(actor);
    mQueue->setDirectory(directory);
    mDock->setActor(actor);
    mDock->setDirectory(directory);

    // The map in the middle; its layers bottom to top.
    mBasemap->setName(tr("Basemap"));
    mBasemap->setVisible(false); // until a source is set
    mChoropleth->setName(tr("Open cases per grid"));
    mGridLayer->setName(tr("Unit grids"));
    mBoundaries->setName(tr("Districts, streets and communities"));
    mHeatmap->setName(tr("Heat map of cases"));
    mHeatmap->setVisible(false);
    mCaseLayer->setName(tr("Cases"));
    mMap->setLayers({mBasemap, mChoropleth, mGridLayer, mBoundaries, mHeatmap, mCaseLayer});
    setCentralWidget(mMap);

    mQueueDock->setObjectName(u"queueDock"_s);
    mQueueDock->setWindowTitle(tr("Case queue"));
    mQueueDock->setWidget(mQueue);
    addDockWidget(Qt::BottomDockWidgetArea, mQueueDock);
    addDockWidget(Qt::RightDockWidgetArea, mDock);

    mIdentifyDock->setObjectName(u"identifyDock"_s);
    mIdentifyDock->setWindowTitle(tr("Map: grid and its cases"));
    auto *identifyBox = new QWidget(mIdentifyDock);
    auto *identifyLayout = new QVBoxLayout(identifyBox);
    identifyLayout->setContentsMargins(6, 6, 6, 6);
    mIdentifyTitle->setWordWrap(true);
    mIdentifyTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mIdentifyTitle->setText(tr("Click a unit grid on the map to see its cases."));
    mIdentifyList->setHeaderLabels({tr("Case"), tr("State"), tr("Class"), tr("Address")});
    mIdentifyList->setRootIsDecorated(false);
    mIdentifyList->setUniformRowHeights(true);
    mIdentifyList->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    identifyLayout->addWidget(mIdentifyTitle);
    identifyLayout->addWidget(mIdentifyList, 1);
    mIdentifyDock->setWidget(identifyBox);
    addDockWidget(Qt::RightDockWidgetArea, mIdentifyDock);
    tabifyDockWidget(mDock, mIdentifyDock);
    mDock->raise();
    resizeDocks({mDock}, {480}, Qt::Horizontal);
    resizeDocks({mQueueDock}, {300}, Qt::Vertical);

    // Map tool bar: search and the usual views.
    QToolBar *mapBar = addToolBar(tr("Map"));
    mapBar->setObjectName(u"mapToolBar"_s);
    mSearch->setPlaceholderText(tr("Grid code, case number or place"));
    mSearch->setClearButtonEnabled(true);
    mSearch->setMaximumWidth(320);
    mapBar->addWidget(mSearch);
    connect(mSearch, &QLineEdit::returnPressed, this, &MainWindow::search);
    QAction *fullExtent = mapBar->addAction(tr("Whole area"));
    fullExtent->setToolTip(tr("Show every grid (Home)"));
    connect(fullExtent, &QAction::triggered, mMap, &MapCanvas::zoomToFullExtent);
    QAction *measure = mapBar->addAction(tr("Measure"));
    measure->setCheckable(true);
    measure->setToolTip(tr("Click points on the map to measure a distance; double-click ends, Esc clears"));
    connect(measure, &QAction::toggled, mMap, &MapCanvas::setMeasuring);

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *reload = viewMenu->addAction(tr("&Reload queue"));
    reload->setShortcut(QKeySequence::Refresh);
    connect(reload, &QAction::triggered, mQueue, &CaseQueueWidget::reload);
    viewMenu->addSeparator();
    QAction *toggleQueue = mQueueDock->toggleViewAction();
    toggleQueue->setText(tr("Case &queue"));
    viewMenu->addAction(toggleQueue);
    QAction *toggleDock = mDock->toggleViewAction();
    toggleDock->setText(tr("Case &dock"));
    viewMenu->addAction(toggleDock);
    viewMenu->addAction(mIdentifyDock->toggleViewAction());
    QMenu *layersMenu = menuBar()->addMenu(tr("&Map"));
    for (MapLayer *layer : mMap->layers()) {
        QAction *toggle = layersMenu->addAction(layer->name());
        toggle->setCheckable(true);
        toggle->setChecked(layer->isVisible());
        toggle->setEnabled(layer != mBasemap);
        connect(toggle, &QAction::toggled, layer, &MapLayer::setVisible);
        if (layer == mBasemap)
            connect(mBasemap, &MapLayer::repaintRequested, toggle, [this, toggle] {
                toggle->setEnabled(true);
                toggle->setChecked(mBasemap->isVisible());
            });
    }
    QAction *closed = layersMenu->addAction(tr("Show closed cases"));
    closed->setCheckable(true);
    connect(closed, &QAction::toggled, mCaseLayer, &CaseLayer::setShowClosed);
    layersMenu->addSeparator();
    for (const auto &[view, label] : {std::pair{u"city"_s, tr("City view")},
                                      {u"district"_s, tr("District view")},
                                      {u"street"_s, tr("Street view")}}) {
        QAction *a = layersMenu->addAction(label);
        connect(a, &QAction::triggered, this, [this, view] { setMapView(view); });
    }

    mStoreLabel->setText(tr("Store: %1").arg(QDir::toNativeSeparators(storePath)));
    mStoreLabel->setToolTip(QDir::toNativeSeparators(storePath));
    QString place = actor.unitId > 0 ? directory->unitName(actor.unitId)
                                     : directory->jurisdictionName(actor.jurisdiction);
    mUserLabel->setText(place.isEmpty() ? tr("%1 · %2").arg(actor.name, roleLabel(actor.role))
                                        : tr("%1 · %2 · %3").arg(actor.name, roleLabel(actor.role), place));
    mMapLabel->setText(tr("Map: loading grids…"));
    statusBar()->addPermanentWidget(mStoreLabel, 1);
    statusBar()->addPermanentWidget(mMapLabel);
    statusBar()->addPermanentWidget(mUserLabel);
    statusBar()->addPermanentWidget(mClockLabel);

    connect(mQueue, &CaseQueueWidget::currentCaseChanged, mDock, &CaseDock::showCase);
    connect(mQueue, &CaseQueueWidget::currentCaseChanged, this, &MainWindow::onQueueCaseChanged);
    connect(mQueue, &CaseQueueWidget::loadFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("The queue cannot be loaded: %1").arg(message), 15000);
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

    // The map's cases follow the store; a burst of changes reloads them once, and only the case layers
    // redraw.
    mCaseReload->setSingleShot(true);
    mCaseReload->setInterval(CaseReloadDelayMs);
    connect(mCaseReload, &QTimer::timeout, this, &MainWindow::loadCases);
    connect(mSession, &SessionThread::storeChanged, mCaseReload, qOverload<>(&QTimer::start));

    mClock->setInterval(1000);
    connect(mClock, &QTimer::timeout, this, &MainWindow::updateClock);
    mClock->start();
    updateClock();

    loadGrids();
    loadCases();
}

void MainWindow::loadGrids()
{
    whenFinished(mSession->run([](Session &session) { return readGrids(session); }), this,
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
    if (mCasesLoading) {
        mCasesReloadPending = true;
        return;
    }
    mCasesLoading = true;
    const CaseQuery query = CaseQueueModel::scopeQuery(mActor);
    whenFinished(mSession->run([query](Session &session) { return readCases(session, query); }), this,
                 [this](Result<std::shared_ptr<const CasePoints>> cases) {
                     mCasesLoading = false;
                     if (cases) {
                         mCases = *cases;
                         mCaseLayer->setData(mCases);
                         mHeatmap->setData(mCases);
                         mChoropleth->setCases(mCases);
                         mMap->setCasePoints(mCases);
                     } else {
                         statusBar()->showMessage(
                             tr("The map cannot load the cases: %1").arg(cases.errorMessage()), 15000);
                     }
                     const bool first = !mCasesLoaded;
                     mCasesLoaded = true;
                     if (first && mGridsLoaded)
                         Q_EMIT mapDataLoaded();
                     if (mCasesReloadPending) {
                         mCasesReloadPending = false;
                         loadCases();
                     }
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
        resize(1500, 900);
    restoreState(mSettings.windowState());
    mQueue->restoreViewState(mSettings.queueViewState());
}

void MainWindow::saveLayout()
{
    mSettings.setWindowGeometry(saveGeometry());
    mSettings.setWindowState(saveState());
    mSettings.setQueueViewState(mQueue->viewState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace cg
