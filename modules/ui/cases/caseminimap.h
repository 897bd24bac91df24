#pragma once

#include "map/mapsettings.h"
#include "ui/cases/casefile.h"

#include <QPointer>
#include <QWidget>

namespace cg {

class CaseLayer;
class GridLayer;
class MapLayer;
class MapRenderJob;

// The location of a case: the unit grids around it with the case's grid outlined and the case's symbol,
// related cases as the map's case symbols. Rendered by a MapRenderJob in the thread pool, never on the GUI
// thread; a new size or case cancels the job still running.
class CaseMiniMap : public QWidget
{
    Q_OBJECT
public:
    static constexpr double ViewMetres = 320; // ground metres across the width

    explicit CaseMiniMap(QWidget *parent = nullptr);
    ~CaseMiniMap() override;

    void setData(const CaseMapData &mapData, CaseState state);
    void clear();
    // The last finished rendering (null before the first).
    QImage image() const { return mImage; }
    bool isRendering() const;
    QSize sizeHint() const override { return {320, 220}; }
    // The view of the current data at `size` (invalid when there is nothing to show).
    MapSettings settingsFor(const QSize &size) const;

    // Renders `data` without a widget and waits: for the printed case file (any thread).
    static QImage renderImage(const CaseMapData &mapData, CaseState state, const QSize &size);

Q_SIGNALS:
    void rendered();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void render();

    CaseMapData mData;
    CaseState mState = CaseState::None;
    GridLayer *mGridLayer;
    CaseLayer *mCaseLayer;
    MapLayer *mFocusLayer;
    QPointer<MapRenderJob> mJob;
    QImage mImage;
    QSize mImageSize;
};

} // namespace cg
