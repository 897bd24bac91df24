#pragma once

#include "map/maplayer.h"

#include <QList>
#include <QPointF>

namespace cg {

// A special area (重点区域) on the map: a circle of `radiusMetres` around a point of interest.
struct SpecialAreaRing
{
    QPointF lonLat;
    QString kind; // metro, school, hospital, market, ...
    QString name;
    int cases = -1; // cases inside, shown in the label when >= 0
};

// Special areas as rings of N metres (true ground distance: the radius is scaled by Web Mercator's
// 1/cos(latitude)), coloured by kind with the Okabe–Ito palette (colour-blind safe), a light fill, and the
// point itself as a dot. Names (and case counts) are labels.
class SpecialAreaLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit SpecialAreaLayer(QObject *parent = nullptr);

    void setRings(QList<SpecialAreaRing> rings, double radiusMetres);
    double radiusMetres() const { return mRadius; }
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) override;

    static QColor colour(const QString &kind);

    // Internal: what a renderer draws.
    struct Projected
    {
        QPointF xy;
        double radius; // projected metres
        QColor colour;
        QString label;
    };

private:
    std::shared_ptr<const QList<Projected>> mRings;
    double mRadius = 0;
};

} // namespace cg
