#pragma once

#include "map/maplayer.h"

#include <QHash>
#include <QSet>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace cg {

struct TileId
{
    int z = 0, x = 0, y = 0; // XYZ: row 0 at the north
    friend bool operator==(const TileId &a, const TileId &b)
    {
        return a.z == b.z && a.x == b.x && a.y == b.y;
    }
};
inline size_t qHash(const TileId &t, size_t seed = 0)
{
    return qHashMulti(seed, t.z, t.x, t.y);
}

// The basemap: 256-pixel Web Mercator tiles from an XYZ URL template (an intranet Tianditu or OSM-style
// server, "http://host/{z}/{x}/{y}.png") through a QNetworkAccessManager with a disk cache, or from an
// offline MBTiles file read in the thread pool. Tiles load asynchronously on the GUI side; a renderer draws
// the tiles already loaded and, for missing ones, a scaled part of a loaded parent tile (as Marble does)
// until they come.
class TileLayer : public MapLayer
{
    Q_OBJECT
public:
    explicit TileLayer(QObject *parent = nullptr);
    ~TileLayer() override;

    // XYZ source. `diskCacheFolder` empty: no disk cache. The layer creates its own network manager unless
    // one is given (tests pass one that only reaches a local server).
    void setUrlTemplate(const QString &urlTemplate, const QString &diskCacheFolder = {},
                        QNetworkAccessManager *network = nullptr);
    // Offline source.
    void setMbTiles(const QString &path);
    void setZoomRange(int minZoom, int maxZoom);

    static int zoomFor(double metresPerPixel, int minZoom = 0, int maxZoom = 22);
    static QRectF tileExtent(const TileId &tile); // projected
    QUrl urlOf(const TileId &tile) const;

    int loadedTileCount() const { return int(mTiles.size()); }
    int pendingTileCount() const { return int(mPending.size()); }
    int failedTileCount() const { return int(mFailed.size()); }

    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) override;

Q_SIGNALS:
    void tileLoaded(const cg::TileId &tile);
    void tileFailed(const cg::TileId &tile, const QString &message);

private:
    void request(const TileId &tile);
    void arrived(const TileId &tile, const QByteArray &bytes, const QString &error);
    void clearTiles();

    enum class Source { None, Xyz, MbTiles };
    Source mSource = Source::None;
    QString mUrlTemplate;
    QString mMbTilesPath;
    QNetworkAccessManager *mNetwork = nullptr;
    bool mOwnsNetwork = false;
    int mMinZoom = 0, mMaxZoom = 18;
    QHash<TileId, QImage> mTiles;
    QSet<TileId> mPending;
    QSet<TileId> mFailed;
    quint64 mGeneration = 0; // bumps when the source changes: late answers of the old source are dropped
};

} // namespace cg
