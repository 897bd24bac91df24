#pragma once

#include "map/geodatamap.h"
#include "map/maplayer.h"

#include <QFuture>

namespace cg {

// Components (部件) by major class: a small dot per component, coloured like the exported QGIS style
// (GeoStyle::componentMajorColour, categories "01".."05"), when few enough are in view; otherwise counts per
// cell (MapPoints' 200 m … 51 km cells, the level chosen for ~60 px cells): a neutral disc sized by the count
// with the count as a label. Never millions of dots.
class ComponentLayer : public MapLayer
{
    Q_OBJECT
public:
    // More components than this in view are drawn as counts per cell.
    static constexpr int DotLimit = 30000;

    explicit ComponentLayer(QObject *parent = nullptr);
    void setData(std::shared_ptr<const MapPoints> data);
    // Data built in a worker thread (the store thread reads, MapPoints::Builder builds): set when ready.
    void setData(QFuture<std::shared_ptr<const MapPoints>> future);
    const std::shared_ptr<const MapPoints> &data() const { return mData; }
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) override;

Q_SIGNALS:
    void dataLoaded();

private:
    std::shared_ptr<const MapPoints> mData;
};

// Points of interest: a symbol by kind (GeoStyle::poiShape/poiColour: metro stations squares, schools
// triangles, hospitals crosses, markets diamonds...) with the name as a label when zoomed in.
class PoiLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit PoiLayer(QObject *parent = nullptr);
    void setData(std::shared_ptr<const MapPoints> data);
    void setData(QFuture<std::shared_ptr<const MapPoints>> future);
    const std::shared_ptr<const MapPoints> &data() const { return mData; }
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) override;

Q_SIGNALS:
    void dataLoaded();

private:
    std::shared_ptr<const MapPoints> mData;
};

// Responsibility grids (责任网格): dark green outlines and their names, once an area is large enough on
// screen to hold its label; nothing when they shrink to a few pixels.
class ResponsibilityLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit ResponsibilityLayer(QObject *parent = nullptr);
    void setData(std::shared_ptr<const MapAreas> data);
    void setData(QFuture<std::shared_ptr<const MapAreas>> future);
    const std::shared_ptr<const MapAreas> &data() const { return mData; }
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) override;

Q_SIGNALS:
    void dataLoaded();

private:
    std::shared_ptr<const MapAreas> mData;
};

} // namespace cg
