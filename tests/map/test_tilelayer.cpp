// The basemap: tile arithmetic, an offline MBTiles file written by the test, and XYZ tiles from a server on
// the loopback interface (never the internet) through a disk cache that answers the second time.
#include "map/maprenderjob.h"
#include "map/mbtiles.h"
#include "map/tilelayer.h"

#include <QBuffer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace cg;

namespace {

QByteArray png(QColor colour)
{
    QImage image(256, 256, QImage::Format_ARGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

// A minimal HTTP server: answers every GET with a green PNG that may be cached for an hour.
class TileServer : public QTcpServer
{
public:
    int requests = 0;
    QStringList paths;
    TileServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    const QByteArray request = socket->readAll();
                    if (!request.contains("\r\n\r\n"))
                        return;
                    ++requests;
                    paths.append(QString::fromLatin1(request.split(' ').value(1)));
                    const QByteArray body = png(Qt::green);
                    socket->write(
                        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nCache-Control: max-age=3600\r\n"
                        "Content-Length: " +
                        QByteArray::number(body.size()) + "\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
};

MapSettings viewOfTile(const TileId &tile)
{
    MapSettings s;
    s.setOutputSize(QSize(256, 256));
    const QRectF e = TileLayer::tileExtent(tile);
    s.setExtent(e.adjusted(e.width() / 1000, e.height() / 1000, -e.width() / 1000, -e.height() / 1000));
    return s;
}

} // namespace

class TestTileLayer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void arithmetic()
    {
        // Zoom 0 is one 256-pixel tile for the world: 156543 m/px.
        QCOMPARE(TileLayer::zoomFor(156543.03), 0);
        QCOMPARE(TileLayer::zoomFor(156543.03 / 1024), 10);
        QCOMPARE(TileLayer::zoomFor(0.001, 0, 18), 18);
        const QRectF z1 = TileLayer::tileExtent({1, 1, 0}); // north-east quarter
        QVERIFY(std::abs(z1.left()) < 1e-6 && std::abs(z1.bottom() - WebMercator::HalfWorld) < 1e-6);
        TileLayer layer;
        layer.setUrlTemplate(QStringLiteral("http://tiles.invalid/{z}/{x}/{y}.png?tms={-y}"));
        QCOMPARE(layer.urlOf({3, 6, 2}).toString(), QStringLiteral("http://tiles.invalid/3/6/2.png?tms=5"));
    }

    void mbtilesOffline()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("base.mbtiles"));
        QVERIFY(MbTiles::create(path, QStringLiteral("test")).ok());
        QVERIFY(MbTiles::writeTile(path, 2, 3, 1, png(Qt::red)).ok());
        QVERIFY(MbTiles::writeTile(path, 1, 1, 0, png(Qt::blue)).ok());
        QCOMPARE(MbTiles::readTile(path, 2, 3, 1).value(), png(Qt::red));
        QCOMPARE(MbTiles::readTile(path, 2, 0, 0).errorCode(), ErrorCode::NotFound);
        QCOMPARE(MbTiles::readTile(dir.filePath(QStringLiteral("missing.mbtiles")), 0, 0, 0).errorCode(),
                 ErrorCode::Io);

        TileLayer layer;
        layer.setMbTiles(path);
        QSignalSpy loaded(&layer, &TileLayer::tileLoaded);
        // The parent first, so that the child's stand-in can be checked.
        const MapSettings parentView = viewOfTile({1, 1, 0});
        QVERIFY(layer.createRenderer(parentView) == nullptr); // nothing loaded yet: requests go out
        QVERIFY(loaded.wait(3000));
        QCOMPARE(MapRenderJob::renderNow(parentView, {&layer}).pixelColor(128, 128), QColor(Qt::blue));

        const MapSettings childView = viewOfTile({2, 3, 1});
        // Before the child arrives, the scaled parent stands in.
        QCOMPARE(MapRenderJob::renderNow(childView, {&layer}).pixelColor(128, 128), QColor(Qt::blue));
        QTRY_COMPARE(layer.loadedTileCount(), 2);
        QCOMPARE(MapRenderJob::renderNow(childView, {&layer}).pixelColor(128, 128), QColor(Qt::red));

        // A tile the file lacks is remembered as failed, not asked for again and again.
        QSignalSpy failed(&layer, &TileLayer::tileFailed);
        layer.createRenderer(viewOfTile({2, 0, 0}));
        QVERIFY(failed.wait(3000));
        layer.createRenderer(viewOfTile({2, 0, 0}));
        QCOMPARE(layer.pendingTileCount(), 0);
    }

    void xyzThroughTheDiskCache()
    {
        TileServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QTemporaryDir cache;
        const QString url = QStringLiteral("http://127.0.0.1:%1/{z}/{x}/{y}.png").arg(server.serverPort());
        const MapSettings view = viewOfTile({5, 26, 13});
        {
            QNetworkAccessManager network;
            TileLayer layer;
            layer.setUrlTemplate(url, cache.path(), &network);
            QSignalSpy loaded(&layer, &TileLayer::tileLoaded);
            layer.createRenderer(view);
            QVERIFY(loaded.wait(5000));
            QCOMPARE(server.requests, 1);
            QCOMPARE(server.paths.first(), QStringLiteral("/5/26/13.png"));
            QCOMPARE(MapRenderJob::renderNow(view, {&layer}).pixelColor(100, 100), QColor(Qt::green));
        }
        // A new layer and network manager over the same cache folder: served from disk.
        QNetworkAccessManager network;
        TileLayer layer;
        layer.setUrlTemplate(url, cache.path(), &network);
        QSignalSpy loaded(&layer, &TileLayer::tileLoaded);
        layer.createRenderer(view);
        QVERIFY(loaded.wait(5000));
        QCOMPARE(server.requests, 1);
    }
};

QTEST_MAIN(TestTileLayer)
#include "test_tilelayer.moc"
