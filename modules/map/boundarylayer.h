#pragma once

#include "map/griddata.h"
#include "map/maplayer.h"

namespace cg {

// District, street and community boundaries (derived from the unit grids, see GridData) with their names.
// What is drawn depends on the zoom: community lines and names only when a community is big enough on screen.
class BoundaryLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit BoundaryLayer(QObject *parent = nullptr);

    void setData(std::shared_ptr<const GridData> data);
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) override;

private:
    std::shared_ptr<const GridData> mData;
};

} // namespace cg
