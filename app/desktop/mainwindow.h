#pragma once

#include "core/casetypes.h"
#include "map/casepoints.h"
#include "map/griddata.h"
#include "ui/cases/casedirectory.h"

#include <QMainWindow>

#include <memory>

class QActionGroup;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QTimer;
class QToolBar;
class QTreeWidget;

namespace cg {

class BoundaryLayer;
class CaseDock;
class CaseLayer;
class CaseQueueWidget;
class ChoroplethLayer;
class DesktopSettings;
class GridLayer;
class HeatmapLayer;
class LiveCases;
class ComponentLayer;
class PoiLayer;
class ResponsibilityLayer;
class MapCanvas;
struct MapIdentifyResult;
class SessionThread;
class TaskStatusWidget;
class TileLayer;
class WallConsole;

// The command centre's window: the map in the middle; docks around it: the case queues, the case dock, the
// map's identify results and the feature panels (dispatch, supervision, inspection, statistics, duplicates,
// evaluation), arranged per role (each role has a default arrangement; a person's changes are saved per role;
// View ▸ Reset layout brings the default back); menus, a tool bar and shortcuts for the frequent actions; a
// status bar with the store and its connection, the user and role, background tasks and the clock. Every text
// follows a run-time language change.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(SessionThread *session, const Actor &actor, std::shared_ptr<const CaseDirectory> directory,
               const QString &storePath, DesktopSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    CaseQueueWidget *queue() const { return mQueue; }
    CaseDock *caseDock() const { return mDock; }
    MapCanvas *map() const { return mMap; }
    TaskStatusWidget *tasks() const { return mTasks; }
    const Actor &actor() const { return mActor; }

    // A feature panel as a dock named `objectName` (the role layouts place docks by these names:
    // dispatchPanel, supervisionPanel, inspectionPanel, statisticsPanel, duplicatesPanel, evaluationPanel).
    // A panel's caseActivated(qint64) signal opens the case in the case dock. The window owns the panel.
    void addPanel(const QString &objectName, const QString &title, QWidget *panel, Qt::DockWidgetArea area);
    QDockWidget *dock(const QString &objectName) const; // fixed docks and panels
    QStringList panelNames() const;

    // The names of the role layouts: "acceptor", "shift_leader", "dispatcher", "supervisor", "inspector",
    // "leader", ...; the key of the saved arrangement.
    static QString layoutName(Role role);

    // Basemap: an XYZ URL template (http://host/{z}/{x}/{y}.png) or an .mbtiles file; empty: none.
    void setBasemap(const QString &source);
    // The map's grids and cases have arrived and the map has drawn them.
    bool isMapReady() const;
    // For the screenshot mode and the View menu: "city" (everything), "district" or "street" around the
    // selected case (or the centre).
    void setMapView(const QString &view);

    void restoreLayout(); // window geometry, then the role's saved arrangement (or its default)
    void saveLayout();    // the role's arrangement
    void resetLayout();   // forgets the role's saved arrangement and applies its default
    void applyDefaultLayout();

    // A second connection to the store for the queue counts (see CaseQueueWidget::setCountSession).
    void setCountSession(SessionThread *session);

    // The wall console of this window's session and user (View ▸ Wall console).
    WallConsole *openWallConsole();

public Q_SLOTS:
    void openCase(qint64 caseId); // in the case dock (panels' caseActivated)

Q_SIGNALS:
    void mapDataLoaded();
    // File ▸ Connect to another store…: the person chose a store; the application switches to it.
    void storeSwitchRequested(const QString &location);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createMenus();
    void retranslateUi();
    void updateStoreLabel();
    void updateClock();
    void pingStore();
    void loadGrids();
    void loadCases();
    void onQueueCaseChanged(qint64 caseId);
    void onGridIdentified(const MapIdentifyResult &result);
    void onMapCaseClicked(qint64 caseId);
    void search();
    void showSearchMessage(const QString &text);
    void connectToStore();
    QList<QDockWidget *> allDocks() const;
    void sizeDocks(); // the default sizes, in text widths and heights

    SessionThread *mSession;
    Actor mActor;
    std::shared_ptr<const CaseDirectory> mDirectory;
    QString mStorePath;
    DesktopSettings &mSettings;
    MapCanvas *mMap;
    CaseQueueWidget *mQueue;
    QDockWidget *mQueueDock;
    CaseDock *mDock;
    QDockWidget *mIdentifyDock;
    QLabel *mIdentifyTitle;
    QTreeWidget *mIdentifyList;
    QLineEdit *mSearch;
    QLabel *mStoreLabel;
    QLabel *mUserLabel;
    QLabel *mMapLabel;
    QLabel *mClockLabel;
    TaskStatusWidget *mTasks;
    QTimer *mClock;
    QTimer *mPing;
    QList<QDockWidget *> mPanels;
    QHash<QDockWidget *, QString> mPanelTitles; // the title given to addPanel, when the panel has none

    // Menus and actions (texts set in retranslateUi()).
    QToolBar *mMainBar = nullptr;
    QToolBar *mMapBar = nullptr;
    QMenu *mFileMenu = nullptr;
    QMenu *mCasesMenu = nullptr;
    QMenu *mQueuesMenu = nullptr;
    QMenu *mViewMenu = nullptr;
    QMenu *mPanelsMenu = nullptr;
    QMenu *mLanguageMenu = nullptr;
    QMenu *mMapMenu = nullptr;
    QMenu *mHelpMenu = nullptr;
    QAction *mConnectAction = nullptr;
    QAction *mQuitAction = nullptr;
    QAction *mReloadAction = nullptr;
    QAction *mFindCaseAction = nullptr;
    QAction *mMapSearchAction = nullptr;
    QAction *mOpenCaseAction = nullptr;
    QAction *mBulkDispatchAction = nullptr;
    QAction *mBulkUrgeAction = nullptr;
    QAction *mNextTabAction = nullptr;
    QAction *mPreviousTabAction = nullptr;
    QList<QAction *> mTabActions;
    QAction *mResetLayoutAction = nullptr;
    QAction *mWallAction = nullptr;
    QAction *mFullExtentAction = nullptr;
    QAction *mMeasureAction = nullptr;
    QAction *mShowClosedAction = nullptr;
    QAction *mShortcutsAction = nullptr;
    QList<QAction *> mLayerActions;
    QList<QAction *> mMapViewActions;
    QActionGroup *mLanguageGroup = nullptr;

    TileLayer *mBasemap;
    ChoroplethLayer *mChoropleth;
    GridLayer *mGridLayer;
    BoundaryLayer *mBoundaries;
    HeatmapLayer *mHeatmap;
    CaseLayer *mCaseLayer;
    LiveCases *mLiveCases = nullptr;
    ComponentLayer *mComponents;
    PoiLayer *mPois;
    ResponsibilityLayer *mResponsibility;
    std::shared_ptr<const GridData> mGrids;
    std::shared_ptr<const CasePoints> mCases;
    bool mGridsLoaded = false;
    bool mCasesLoaded = false;
    int mIdentifySerial = 0;
    bool mCaseClicked = false;
    bool mSizeDocksOnShow = true;
    // The store's connection as the status bar shows it.
    enum class Link { Live, Waiting, Reconnecting };
    Link mLink = Link::Live;
    QString mLinkError;
    int mPingSerial = 0;
    int mPingAnswered = 0;
    QList<QAction *> mDockActions;
};

} // namespace cg
