#include "map/maplayer.h"

namespace cg {

MapLayer::MapLayer(QString id, QObject *parent)
    : QObject(parent)
    , mId(std::move(id))
{}

void MapLayer::setVisible(bool visible)
{
    if (mVisible == visible)
        return;
    mVisible = visible;
    Q_EMIT repaintRequested();
}

void MapLayer::setOpacity(double opacity)
{
    if (mOpacity == opacity)
        return;
    mOpacity = opacity;
    Q_EMIT repaintRequested();
}

void MapLayer::triggerRepaint()
{
    ++mRevision;
    Q_EMIT repaintRequested();
}

} // namespace cg
