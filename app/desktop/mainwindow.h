#pragma once

#include "core/casetypes.h"
#include "map/casepoints.h"
#include "map/griddata.h"
#include "ui/cases/casedirectory.h"

#include <QMainWindow>

#include <memory>

class QDockWidget;
class QLabel;
class QLineEdit;
class QTimer;
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
class MapCanvas;
struct MapIdentifyResult;
class SessionThread;
class TileLayer;

// The command centre's window: the map in the middle; the case queue docked below it, the case dock and the
// map's identify results on the right; a status bar with the store, the user and the clock. Selecting a case
// in the queue centres the map on it; clicking a grid on the map lists its cases; clicking a case symbol
// opens it.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(SessionThread *session, const Actor &actor, std::shared_ptr<const CaseDirectory> directory,
               const QString &storePath, DesktopSettings &settings, QWidget *parent = nullptr);

    CaseQueueWidget *queue() const { return mQueue; }
    CaseDock *caseDock() const { return mDock; }
    MapCanvas *map() const { return mMap; }

    // Basemap: an XYZ URL template (http://host/{z}/{x}/{y}.png) or an .mbtiles file; empty: none.
    void setBasemap(const QString &source);
    // The map's grids and cases have arrived and the map has drawn them.
    bool isMapReady() const;
    // For the screenshot mode and the View menu: "city" (everything), "district" or "street" around the
    // selected case (or the centre).
    void setMapView(const QString &view);

    void restoreLayout();
    void saveLayout();

Q_SIGNALS:
    void mapDataLoaded();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void updateClock();
    void loadGrids();
    void loadCases();
    void onQueueCaseChanged(qint64 caseId);
    void onGridIdentified(const MapIdentifyResult &result);
    void onMapCaseClicked(qint64 caseId);
    void search();
    void showSearchMessage(const QString &text);

    SessionThread *mSession;
    Actor mActor;
    std::shared_ptr<const CaseDirectory> mDirectory;
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
    QTimer *mClock;
    QTimer *mCaseReload;

    TileLayer *mBasemap;
    ChoroplethLayer *mChoropleth;
    GridLayer *mGridLayer;
    BoundaryLayer *mBoundaries;
    HeatmapLayer *mHeatmap;
    CaseLayer *mCaseLayer;
    std::shared_ptr<const GridData> mGrids;
    std::shared_ptr<const CasePoints> mCases;
    bool mGridsLoaded = false;
    bool mCasesLoaded = false;
    bool mCasesLoading = false;
    bool mCasesReloadPending = false;
    int mIdentifySerial = 0;
    bool mCaseClicked = false;
};

} // namespace cg
