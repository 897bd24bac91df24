#pragma once

#include "map/griddata.h"
#include "map/maplayer.h"

namespace cg {

// Unit grid outlines. When a cell is narrower than MapStyle::AggregateBelowPixels the layer draws the covered
// area as one tint instead (never hundreds of thousands of one-pixel outlines).
class GridLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit GridLayer(QObject *parent = nullptr);

    void setData(std::shared_ptr<const GridData> data);
    const std::shared_ptr<const GridData> &data() const { return mData; }

    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) override;

private:
    std::shared_ptr<const GridData> mData;
};

} // namespace cg
