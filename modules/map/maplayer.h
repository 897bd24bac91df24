#pragma once

#include "map/mapsettings.h"

#include <QColor>
#include <QImage>
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace cg {

// A label a layer wants placed; the render job places them all at the end, highest priority first, and drops
// those that would overlap one already placed.
struct MapLabel
{
    QString text;
    QPointF position; // output pixels, the label's centre
    int priority = 0; // higher first
    int pointSize = 9;
    bool bold = false;
    QColor colour = QColor(40, 40, 40);
};

// What a renderer gets in its worker thread.
struct RenderContext
{
    MapSettings settings;
    std::shared_ptr<std::atomic_bool> cancelled;
    bool isCancelled() const { return cancelled && cancelled->load(std::memory_order_relaxed); }
};

// Renders one layer for one MapSettings, in a thread of the pool. It holds copies (or shared immutable data)
// of everything it needs, taken on the GUI thread by MapLayer::createRenderer(), so the layer can change
// meanwhile.
class LayerRenderer
{
public:
    virtual ~LayerRenderer() = default;
    // Draws into `image` (transparent, ARGB32 premultiplied, the output size). Checks the context's cancel
    // flag now and then and returns early when set.
    virtual void render(QImage &image, const RenderContext &context) = 0;
    // Labels found while rendering (pixels of the output).
    virtual QList<MapLabel> labels() const { return {}; }
};

// A layer of the map: lives on the GUI thread, owns (shared) data, makes renderers. Its revision counts
// changes; a cached image of the layer is valid while the revision and the map settings are unchanged.
class MapLayer : public QObject
{
    Q_OBJECT
public:
    explicit MapLayer(QString id, QObject *parent = nullptr);

    const QString &id() const { return mId; }
    QString name() const { return mName; }
    void setName(const QString &name) { mName = name; }
    bool isVisible() const { return mVisible; }
    void setVisible(bool visible);
    double opacity() const { return mOpacity; }
    void setOpacity(double opacity);
    quint64 revision() const { return mRevision; }

    // GUI thread: a renderer with copies of what it needs for `settings`; nullptr when nothing is to be
    // drawn.
    virtual std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) = 0;

    // False when a part of the view cannot be drawn on its own (a heat map normalised over the whole view):
    // direct rendering then draws the view in one piece.
    virtual bool rendersInBands() const { return true; }

    // The layer's content changed: bumps the revision (its cached images are stale) and asks for a redraw.
    void triggerRepaint();

Q_SIGNALS:
    void repaintRequested();

private:
    QString mId;
    QString mName;
    bool mVisible = true;
    double mOpacity = 1.0;
    quint64 mRevision = 1;
};

} // namespace cg
