#pragma once

#include "map/casepoints.h"
#include "map/griddata.h"
#include "map/maplayer.h"

#include <mutex>
#include <vector>

namespace cg {

// Unit grids filled by their number of open cases. Depends on the cases: a changed case repaints this layer
// and the case layers, never the grid outlines, boundaries or basemap. At far zoom it fills each cell's pixel
// box.
class ChoroplethLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit ChoroplethLayer(QObject *parent = nullptr);

    void setGrids(std::shared_ptr<const GridData> grids);
    void setCases(std::shared_ptr<const CasePoints> cases);

    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) override;

    // Open cases per cell index, computed once per (grids, cases) pair by the first renderer that needs them.
    struct Counts
    {
        std::once_flag once;
        std::vector<uint16_t> perCell;
        std::vector<uint32_t> loaded; // cells with open cases, for far views (fewer than all cells)
    };

private:
    std::shared_ptr<const GridData> mGrids;
    std::shared_ptr<const CasePoints> mCases;
    std::shared_ptr<Counts> mCounts;
};

} // namespace cg
