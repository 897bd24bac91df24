#pragma once

#include "map/casepoints.h"
#include "map/griddata.h"
#include "map/layerimagecache.h"
#include "map/mapsettings.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QTimer;

namespace cg {

class MapLayer;
class MapRenderJob;

// What a click on the map found: the unit grid there and the cases in it.
struct MapIdentifyResult
{
    int cell = -1;
    QString gridCode;
    QString community, street, district; // names
    QList<qint64> caseIds;               // cases located in the grid (those the map holds)
    int openCases = 0;
    bool isValid() const { return cell >= 0; }
};

// The map widget: shows the layers through MapRenderJob and never waits on rendering. Refresh requests are
// merged (a burst of layer changes gives one job); a new job cancels the old one without waiting; while
// panning or zooming the last image is moved and scaled until the new one is ready; a slow job shows its
// layers as they finish. Pan with the mouse or the arrow keys, zoom with the wheel, +/- or a box
// (Shift+drag), Home for the full extent; a click identifies the grid (and a case symbol near the pointer);
// hovering shows a map tip; a scale bar sits at the bottom left. Selection and hover are overlays painted
// over the image.
class MapCanvas : public QWidget
{
    Q_OBJECT
public:
    explicit MapCanvas(QWidget *parent = nullptr);
    ~MapCanvas() override;

    // Bottom to top. The canvas does not own them.
    void setLayers(const QList<MapLayer *> &layers);
    QList<MapLayer *> layers() const;
    // The data hit tests, identify, map tips and search use.
    void setGridData(std::shared_ptr<const GridData> grids);
    void setCasePoints(std::shared_ptr<const CasePoints> cases);
    const std::shared_ptr<const GridData> &gridData() const { return mGrids; }

    MapSettings settings() const;
    QRectF extent() const { return settings().extent(); }
    void setExtent(const QRectF &projected);
    void setCenter(const QPointF &projected);
    void zoomBy(double factor, const QPointF &pixel);
    void zoomToFullExtent();
    // Resolution limits (projected metres per pixel).
    void setResolutionRange(double finest, double coarsest);

    // Selection overlay.
    void selectGrid(int cell);
    void selectCase(qint64 caseId);
    int selectedGrid() const { return mSelectedCell; }
    qint64 selectedCase() const { return mSelectedCase; }
    // Search: a grid code (14/15 digits) → zoom to it and select it. False if the map has no such grid.
    bool showGrid(const QString &code);
    // Centre on a position (projected) and select the case; keeps the zoom unless it is far out.
    void showCase(qint64 caseId, const QPointF &projected);

    // Measure tool: while on, clicks add points of a line and the overlay shows its ground length; Escape
    // clears it, a double click ends it.
    void setMeasuring(bool on);
    bool isMeasuring() const { return mMeasuring; }
    double measuredLength() const; // metres along the points placed so far (great circle)
    static double groundDistance(const QPointF &a, const QPointF &b); // metres between two projected points

    MapIdentifyResult identify(const QPointF &pixel) const;
    QString mapTip(const QPointF &pixel) const;
    // Scale bar: the length in metres and pixels it would show.
    static std::pair<double, double> scaleBarLength(double groundMetresPerPixel, double maxPixels);

    void refresh(); // merged: one render per burst
    bool isRendering() const;
    bool hasImage() const { return !mImage.isNull(); }
    QImage image() const { return mImage; } // the last finished map (without overlays)
    qint64 lastRenderMs() const { return mLastRenderMs; }

Q_SIGNALS:
    void extentChanged();
    void renderFinished(qint64 milliseconds);
    void gridIdentified(const cg::MapIdentifyResult &result);
    void caseClicked(qint64 caseId);
    void measured(double metres); // the measured line changed

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;
    bool event(QEvent *event) override;

private:
    void startRender();
    void jobFinished();
    void viewChanged(); // the view moved: repaint now, render soon
    void setResolution(double resolution);
    void paintOverlays(QPainter &painter, const MapSettings &s);
    void paintScaleBar(QPainter &painter, const MapSettings &s);
    void paintMeasure(QPainter &painter, const MapSettings &s);
    qint64 caseNear(const QPointF &pixel, double radius) const;

    QList<QPointer<MapLayer>> mLayers;
    std::shared_ptr<const GridData> mGrids;
    std::shared_ptr<const CasePoints> mCases;
    QPointF mCenter;
    double mResolution = 10.0;
    double mFinest = 0.05, mCoarsest = 5000.0;
    bool mHasView = false;

    LayerImageCache mCache;
    MapRenderJob *mJob = nullptr;
    QTimer *mRefreshTimer;
    QImage mImage;
    MapSettings mImageSettings;
    qint64 mLastRenderMs = 0;

    enum class Drag { None, Pan, Box };
    Drag mDrag = Drag::None;
    QPoint mPressPos;
    QPoint mLastPos;
    QPointF mPressCenter;
    bool mMoved = false;

    int mHoverCell = -1;
    int mSelectedCell = -1;
    qint64 mSelectedCase = 0;
    QPointF mSelectedCasePos;

    bool mMeasuring = false;
    bool mMeasureDone = false;
    QList<QPointF> mMeasure; // projected
    QPointF mMeasureHover;   // projected; the next point if the user clicks
    bool mHasMeasureHover = false;
};

} // namespace cg
