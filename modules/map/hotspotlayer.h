#pragma once

#include "core/hotspot.h"
#include "map/griddata.h"
#include "map/maplayer.h"

#include <vector>

namespace cg {

// Unit grids filled by their Getis–Ord Gi* class: a diverging blue–red ramp (ColorBrewer RdBu, safe for the
// common colour-vision deficiencies and in grey print), darker for higher confidence; grids that are not
// significant stay unfilled. At far zoom it fills each cell's pixel box, the most significant cell on top.
class HotSpotLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit HotSpotLayer(QObject *parent = nullptr);

    void setGrids(std::shared_ptr<const GridData> grids);
    // Classes by grid code (as numbers); grids not listed are not significant.
    void setHotSpots(const std::vector<std::pair<qint64, HotSpotClass>> &classes);

    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) override;

    // The fill of a class (premultiplied ARGB); 0 for NotSignificant.
    static QRgb colour(HotSpotClass c);

private:
    void rebuild();
    std::shared_ptr<const GridData> mGrids;
    std::vector<std::pair<qint64, HotSpotClass>> mClasses;
    std::shared_ptr<const std::vector<uint8_t>> mPerCell; // HotSpotClass per cell
};

} // namespace cg
