#pragma once

#include "map/maplayer.h"

#include <QList>
#include <QPointF>

namespace cg {

// One recurring problem on the map: where (the mean position of its cases), how many cases, what.
struct RecurrenceMarker
{
    QPointF lonLat;
    int cases = 0;
    QString label; // e.g. the class name, shown beside the count
};

// Recurring problems as circled counts: a ring whose area grows with the number of cases, the count inside
// (a label), dark purple on white so it reads over the hot-spot fills and in grey print.
class RecurrenceLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit RecurrenceLayer(QObject *parent = nullptr);

    void setMarkers(QList<RecurrenceMarker> markers);
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) override;

    // Radius in logical pixels of a marker for `cases` (8 px for 2 cases, growing with √cases, at most 24).
    static double radiusFor(int cases);

    // Internal: what a renderer draws.
    struct Projected
    {
        QPointF xy; // Web Mercator
        int cases;
        QString label;
    };

private:
    std::shared_ptr<const QList<Projected>> mMarkers;
};

} // namespace cg
