#include "map/tilelayer.h"

#include "map/mapsettings.h"
#include "map/mbtiles.h"

#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QNetworkDiskCache>
#include <QNetworkReply>
#include <QPainter>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr int TilePixels = 256;
constexpr int MaxCachedTiles = 2048;

class TileRenderer : public LayerRenderer
{
public:
    struct Piece
    {
        QImage image;
        QRectF source; // part of the image (pixels)
        QRectF extent; // projected
    };
    explicit TileRenderer(QList<Piece> pieces)
        : mPieces(std::move(pieces))
    {}

    void render(QImage &image, const RenderContext &context) override
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
        const MapSettings &s = context.settings;
        for (const Piece &p : mPieces) {
            if (context.isCancelled())
                return;
            const QPointF a = s.toPixel(QPointF(p.extent.left(), p.extent.bottom()));
            const QPointF b = s.toPixel(QPointF(p.extent.right(), p.extent.top()));
            // Whole pixels avoid hairline seams between neighbouring tiles.
            const QRectF target(QPointF(std::floor(a.x()), std::floor(a.y())),
                                QPointF(std::ceil(b.x()), std::ceil(b.y())));
            painter.drawImage(target, p.image, p.source);
        }
    }

private:
    QList<Piece> mPieces;
};

} // namespace

TileLayer::TileLayer(QObject *parent)
    : MapLayer(u"basemap"_s, parent)
{}

TileLayer::~TileLayer() = default;

void TileLayer::clearTiles()
{
    mTiles.clear();
    mPending.clear();
    mFailed.clear();
    ++mGeneration;
}

void TileLayer::setUrlTemplate(const QString &urlTemplate, const QString &diskCacheFolder,
                               QNetworkAccessManager *network)
{
    clearTiles();
    mSource = Source::Xyz;
    mUrlTemplate = urlTemplate;
    if (mOwnsNetwork)
        delete mNetwork;
    mOwnsNetwork = network == nullptr;
    mNetwork = network ? network : new QNetworkAccessManager(this);
    if (!diskCacheFolder.isEmpty()) {
        auto *cache = new QNetworkDiskCache(mNetwork);
        cache->setCacheDirectory(diskCacheFolder);
        cache->setMaximumCacheSize(512ll * 1024 * 1024);
        mNetwork->setCache(cache);
    }
    triggerRepaint();
}

void TileLayer::setMbTiles(const QString &path)
{
    clearTiles();
    mSource = Source::MbTiles;
    mMbTilesPath = path;
    triggerRepaint();
}

void TileLayer::setZoomRange(int minZoom, int maxZoom)
{
    mMinZoom = minZoom;
    mMaxZoom = maxZoom;
    triggerRepaint();
}

int TileLayer::zoomFor(double metresPerPixel, int minZoom, int maxZoom)
{
    const double z = std::log2(2.0 * WebMercator::HalfWorld / (TilePixels * metresPerPixel));
    return std::clamp(int(std::lround(z)), minZoom, maxZoom);
}

QRectF TileLayer::tileExtent(const TileId &tile)
{
    const double size = 2.0 * WebMercator::HalfWorld / double(1 << tile.z);
    const double x0 = -WebMercator::HalfWorld + tile.x * size;
    const double yTop = WebMercator::HalfWorld - tile.y * size;
    return QRectF(x0, yTop - size, size, size);
}

QUrl TileLayer::urlOf(const TileId &tile) const
{
    QString url = mUrlTemplate;
    url.replace(u"{z}"_s, QString::number(tile.z));
    url.replace(u"{x}"_s, QString::number(tile.x));
    url.replace(u"{y}"_s, QString::number(tile.y));
    url.replace(u"{-y}"_s, QString::number((1 << tile.z) - 1 - tile.y));
    return QUrl(url);
}

void TileLayer::request(const TileId &tile)
{
    if (mPending.contains(tile) || mFailed.contains(tile))
        return;
    mPending.insert(tile);
    const quint64 generation = mGeneration;
    if (mSource == Source::Xyz) {
        QNetworkRequest req(urlOf(tile));
        req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferCache);
        req.setHeader(QNetworkRequest::UserAgentHeader, u"CityGrid/0.1"_s);
        QNetworkReply *reply = mNetwork->get(req);
        connect(reply, &QNetworkReply::finished, this, [this, reply, tile, generation] {
            reply->deleteLater();
            if (generation != mGeneration)
                return;
            if (reply->error() != QNetworkReply::NoError)
                arrived(tile, {}, reply->errorString());
            else
                arrived(tile, reply->readAll(), {});
        });
    } else if (mSource == Source::MbTiles) {
        auto *watcher = new QFutureWatcher<Result<QByteArray>>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, tile, generation] {
            watcher->deleteLater();
            if (generation != mGeneration || watcher->future().resultCount() == 0)
                return;
            const Result<QByteArray> bytes = watcher->result();
            arrived(tile, bytes ? *bytes : QByteArray(), bytes.errorMessage());
        });
        watcher->setFuture(QtConcurrent::run(&MbTiles::readTile, mMbTilesPath, tile.z, tile.x, tile.y));
    }
}

void TileLayer::arrived(const TileId &tile, const QByteArray &bytes, const QString &error)
{
    mPending.remove(tile);
    QImage image;
    if (error.isEmpty() && !image.loadFromData(bytes)) {
        mFailed.insert(tile);
        Q_EMIT tileFailed(tile, tr("tile %1/%2/%3 is not an image").arg(tile.z).arg(tile.x).arg(tile.y));
        return;
    }
    if (!error.isEmpty()) {
        mFailed.insert(tile);
        Q_EMIT tileFailed(tile, error);
        return;
    }
    if (mTiles.size() >= MaxCachedTiles)
        mTiles.clear(); // crude, but tiles of the current view come back from the disk cache at once
    mTiles.insert(tile, image.convertToFormat(QImage::Format_ARGB32_Premultiplied));
    Q_EMIT tileLoaded(tile);
    triggerRepaint();
}

std::unique_ptr<LayerRenderer> TileLayer::createRenderer(const MapSettings &settings)
{
    if (mSource == Source::None)
        return nullptr;
    const int z = zoomFor(settings.resolution() / settings.devicePixelRatio(), mMinZoom, mMaxZoom);
    const double size = 2.0 * WebMercator::HalfWorld / double(1 << z);
    const QRectF view = settings.extent();
    const int n = 1 << z;
    const int x0 = std::max(0, int(std::floor((view.left() + WebMercator::HalfWorld) / size)));
    const int x1 = std::min(n - 1, int(std::floor((view.right() + WebMercator::HalfWorld) / size)));
    const int y0 = std::max(0, int(std::floor((WebMercator::HalfWorld - view.bottom()) / size)));
    const int y1 = std::min(n - 1, int(std::floor((WebMercator::HalfWorld - view.top()) / size)));
    QList<TileRenderer::Piece> pieces;
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) {
            const TileId tile{z, x, y};
            auto it = mTiles.constFind(tile);
            if (it != mTiles.constEnd()) {
                pieces.append({*it, QRectF(QPointF(0, 0), QSizeF(it->size())), tileExtent(tile)});
                continue;
            }
            request(tile);
            // A stand-in: the part of the nearest loaded ancestor that covers this tile.
            for (int up = 1; up <= std::min(z, 6); ++up) {
                const TileId parent{z - up, x >> up, y >> up};
                auto p = mTiles.constFind(parent);
                if (p == mTiles.constEnd())
                    continue;
                const double part = double(p->width()) / double(1 << up);
                const QRectF source((x - (parent.x << up)) * part, (y - (parent.y << up)) * part, part, part);
                pieces.append({*p, source, tileExtent(tile)});
                break;
            }
        }
    }
    if (pieces.isEmpty())
        return nullptr;
    return std::make_unique<TileRenderer>(std::move(pieces));
}

} // namespace cg
