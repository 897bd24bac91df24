#pragma once

#include "map/casepoints.h"
#include "map/maplayer.h"

namespace cg {

// Cases as symbols: colour by state group, red when the current step is overdue, a diamond with a dark rim
// for key supervision (重点监管). With more than MapStyle::SymbolLimit cases in view it plots one dot per
// case straight into the image (a million cases in a few milliseconds), overdue and key cases drawn last.
class CaseLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit CaseLayer(QObject *parent = nullptr);

    void setData(std::shared_ptr<const CasePoints> data);
    const std::shared_ptr<const CasePoints> &data() const { return mData; }
    void setShowClosed(bool show);
    bool showClosed() const { return mShowClosed; }

    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) override;

private:
    std::shared_ptr<const CasePoints> mData;
    bool mShowClosed = false;
};

} // namespace cg
