#pragma once

#include "map/casepoints.h"
#include "map/maplayer.h"

namespace cg {

// Hot spots: case density as a smooth colour field (binned at a quarter of the output resolution, box-blurred
// three times, which is close to a Gaussian kernel). Reads all cases, open or closed: where problems recur.
class HeatmapLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit HeatmapLayer(QObject *parent = nullptr);

    void setData(std::shared_ptr<const CasePoints> data);
    void setOpenOnly(bool openOnly);
    // Kernel radius in output pixels.
    void setRadius(int pixels);

    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) override;
    bool rendersInBands() const override { return false; }

private:
    std::shared_ptr<const CasePoints> mData;
    bool mOpenOnly = false;
    int mRadius = 24;
};

} // namespace cg
