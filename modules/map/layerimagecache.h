#pragma once

#include "map/maplayer.h"

#include <QHash>

namespace cg {

// The last image of each layer with the settings and layer revision it was drawn for. A render job takes an
// image from here instead of rendering the layer again; a layer's change (new revision) makes only its own
// entry stale. GUI thread only.
class LayerImageCache
{
public:
    struct Entry
    {
        quint64 revision = 0;
        MapSettings settings;
        QImage image;
        QList<MapLabel> labels;
    };

    const Entry *find(const MapLayer &layer, const MapSettings &settings) const
    {
        auto it = mEntries.constFind(layer.id());
        if (it == mEntries.constEnd() || it->revision != layer.revision() || !(it->settings == settings))
            return nullptr;
        return &*it;
    }
    void insert(const QString &layerId, Entry entry) { mEntries.insert(layerId, std::move(entry)); }
    void remove(const QString &layerId) { mEntries.remove(layerId); }
    void clear() { mEntries.clear(); }
    bool contains(const QString &layerId) const { return mEntries.contains(layerId); }

private:
    QHash<QString, Entry> mEntries;
};

} // namespace cg
