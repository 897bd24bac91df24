// MapSettings and the Web Mercator math: round trips, pixel transforms, zoom about a point, scale.
#include "map/mapsettings.h"

#include <QTest>

using namespace cg;

class TestMapSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mercator_data()
    {
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("y");
        // EPSG:3857 reference values (New York's 40.7128° is the textbook 4970071.58 m, here mirrored south).
        QTest::newRow("origin") << 0.0 << 0.0 << 0.0 << 0.0;
        QTest::newRow("people's square") << 121.4737 << 31.2304 << 13522390.43 << 3662707.26;
        QTest::newRow("west, south") << -74.0060 << -40.7128 << -8238310.24 << -4970071.58;
    }
    void mercator()
    {
        QFETCH(double, lon);
        QFETCH(double, lat);
        QFETCH(double, x);
        QFETCH(double, y);
        const QPointF p = WebMercator::fromLonLat(lon, lat);
        QVERIFY2(std::abs(p.x() - x) < 0.05, qPrintable(QString::number(p.x(), 'f', 3)));
        QVERIFY2(std::abs(p.y() - y) < 0.05, qPrintable(QString::number(p.y(), 'f', 3)));
        const QPointF back = WebMercator::toLonLat(p);
        QVERIFY(std::abs(back.x() - lon) < 1e-9);
        QVERIFY(std::abs(back.y() - lat) < 1e-9);
    }

    void pixelsAndMap()
    {
        MapSettings s(QPointF(1000, 2000), 2.0, QSize(400, 300));
        QCOMPARE(s.extent(), QRectF(600, 1700, 800, 600));
        QCOMPARE(s.toPixel(QPointF(1000, 2000)), QPointF(200, 150));
        QCOMPARE(s.toPixel(QPointF(600, 2300)), QPointF(0, 0)); // north-west corner
        QCOMPARE(s.toMap(QPointF(400, 300)), QPointF(1400, 1700));
        QCOMPARE(s.mapToPixel().map(QPointF(1400, 1700)), QPointF(400, 300));
    }

    void zoomKeepsTheAnchor()
    {
        MapSettings s(QPointF(0, 0), 10.0, QSize(800, 600));
        const QPointF pixel(100, 500);
        const QPointF before = s.toMap(pixel);
        s.zoomAt(pixel, 4.0);
        QCOMPARE(s.resolution(), 2.5);
        const QPointF after = s.toMap(pixel);
        QVERIFY(std::abs(after.x() - before.x()) < 1e-6 && std::abs(after.y() - before.y()) < 1e-6);
    }

    void oldImageTransform()
    {
        // A point keeps its place on the map when the old image is moved and scaled to a new view.
        const MapSettings old(QPointF(0, 0), 10.0, QSize(800, 600));
        MapSettings now = old;
        now.zoomAt(QPointF(300, 200), 2.0);
        now.setCenter(now.center() + QPointF(123, -45));
        const QPointF map(555, -777);
        const QPointF moved = now.pixelTransformFrom(old).map(old.toPixel(map));
        const QPointF expected = now.toPixel(map);
        QVERIFY(std::abs(moved.x() - expected.x()) < 1e-6 && std::abs(moved.y() - expected.y()) < 1e-6);
    }

    void extentAndScale()
    {
        MapSettings s;
        s.setOutputSize(QSize(1000, 500));
        s.setExtent(QRectF(0, 0, 2000, 2000)); // taller than the output: height decides
        QCOMPARE(s.resolution(), 4.0);
        QCOMPARE(s.center(), QPointF(1000, 1000));
        // At the equator a projected metre is a ground metre: 1 m/px at 96 dpi is 1:3780.
        MapSettings e(QPointF(0, 0), 1.0, QSize(10, 10));
        QVERIFY(std::abs(e.scale() - 3779.5) < 1.0);
        // In Shanghai the ground resolution is cos(31.23°) of the projected one.
        MapSettings sh(WebMercator::fromLonLat(121.47, 31.23), 1.0, QSize(10, 10));
        QVERIFY(std::abs(sh.groundResolution() - 0.8550) < 0.001);
    }
};

QTEST_GUILESS_MAIN(TestMapSettings)
#include "test_mapsettings.moc"
