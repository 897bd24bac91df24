// The geodata layers against control images in tests/map/expected/ (same tolerance as test_maprender):
// components as dots by major class when zoomed in and as counts per cell when zoomed out (never a dot per
// component), points of interest by kind, responsibility grids as outlines. Labels are checked as values.
//
// To regenerate the control images after a deliberate change of the drawing, run
//     CG_UPDATE_CONTROL_IMAGES=1 build/<dir>/tests/map_test_geodatarender
// then look at every PNG it wrote before committing them.
#include "controlimage.h"
#include "latticecity.h"

#include "map/geodatalayers.h"

#include <QDir>
#include <QGuiApplication>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::Literals::StringLiterals;
using namespace cg;
using namespace cg::test;

namespace {

struct Rendered
{
    QImage image;
    QList<MapLabel> labels;
    int drawnPixels = 0;
};

Rendered renderLayer(MapLayer &layer, const MapSettings &settings)
{
    Rendered r;
    QImage alone;
    r.image = renderOnWhite(layer, settings, &r.labels, &alone);
    for (int y = 0; y < alone.height(); ++y)
        for (int x = 0; x < alone.width(); ++x)
            r.drawnPixels += qAlpha(alone.pixel(x, y)) > 0;
    return r;
}

} // namespace

class TestGeodataRender : public QObject
{
    Q_OBJECT
private:
    LatticeOptions mOptions;
    QRectF mExtent;
    std::shared_ptr<const MapPoints> mComponents;
    std::shared_ptr<const MapPoints> mPois;
    std::shared_ptr<const MapAreas> mAreas;

    MapSettings view(const QString &zoom) const
    {
        MapSettings s;
        s.setOutputSize(QSize(480, 360));
        if (zoom == u"city"_s) {
            s.setExtent(mExtent.adjusted(-100, -100, 100, 100));
        } else {
            s.setCenter(mExtent.center());
            s.setResolution(2.5);
        }
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // 4 km × 3 km; 60,000 components over 5 major classes (bins along streets, lamps, trees...).
        std::mt19937 random(11);
        std::uniform_real_distribution<double> ux(0, mOptions.columns * mOptions.cellMetres),
            uy(0, mOptions.rows * mOptions.cellMetres);
        MapPoints::Builder components;
        for (const char *major : {"01", "02", "03", "04", "05"})
            components.addCategory(QString::fromLatin1(major));
        for (int i = 0; i < 60000; ++i) {
            // Along a street every 100 m (x or y on the lattice lines), 70 % of them.
            double x = ux(random), y = uy(random);
            if (i % 10 < 7) {
                if (i % 2)
                    x = std::round(x / 100) * 100 + 4;
                else
                    y = std::round(y / 100) * 100 + 4;
            }
            const QPointF ll = latticeLonLat(mOptions, x, y);
            components.add(ll.x(), ll.y(), uint8_t(i % 5));
        }
        mComponents = components.build(true);
        MapPoints::Builder pois;
        const QString kinds[] = {u"metro"_s, u"school"_s, u"hospital"_s, u"market"_s, u"estate"_s, u"park"_s};
        for (int i = 0; i < 18; ++i) {
            const QPointF ll = latticeLonLat(mOptions, 300 + (i % 6) * 600, 400 + (i / 6) * 1000);
            pois.add(ll.x(), ll.y(), uint8_t(pois.category(kinds[i % 6])),
                     u"%1 %2"_s.arg(kinds[i % 6]).arg(i));
        }
        mPois = pois.build(false);
        // Responsibility grids: blocks of 8 × 6 unit grids (straight lines here; the real ones follow the
        // cells).
        MapAreas::Builder areas;
        for (int by = 0; by < 5; ++by) {
            for (int bx = 0; bx < 5; ++bx) {
                const double x0 = bx * 800, y0 = by * 600;
                areas.add(u"R%1%2"_s.arg(by).arg(bx), u"责任网格 %1-%2"_s.arg(by + 1).arg(bx + 1),
                          {latticeLonLat(mOptions, x0, y0), latticeLonLat(mOptions, x0 + 800, y0),
                           latticeLonLat(mOptions, x0 + 800, y0 + 600),
                           latticeLonLat(mOptions, x0, y0 + 600)});
            }
        }
        mAreas = areas.build();
        mExtent = mComponents->extent();
    }

    void componentCellsAddUp()
    {
        for (int level = 0; level < MapPoints::LevelCount; ++level) {
            qint64 total = 0;
            for (const MapPoints::Cell &c : mComponents->cells(level))
                total += c.count;
            QCOMPARE(total, qint64(60000));
        }
        // Cells of 200 projected metres over the extent (4 km × 3 km on the ground, 1.17 × that projected).
        const QRectF e = mComponents->extent();
        const size_t columns = size_t(std::ceil(e.width() / 200)) + 1,
                     rows = size_t(std::ceil(e.height() / 200)) + 1;
        QVERIFY2(mComponents->cells(0).size() <= columns * rows &&
                     mComponents->cells(0).size() >= columns * rows / 2,
                 qPrintable(u"%1 cells"_s.arg(mComponents->cells(0).size())));
        QVERIFY(mComponents->cells(4).size() <= 2);
    }

    void components_data()
    {
        QTest::addColumn<QString>("zoom");
        QTest::newRow("city") << u"city"_s;
        QTest::newRow("street") << u"street"_s;
    }
    void components()
    {
        QFETCH(QString, zoom);
        ComponentLayer layer;
        layer.setData(mComponents);
        const MapSettings s = view(zoom);
        const Rendered r = renderLayer(layer, s);
        if (zoom == u"city"_s) {
            // 60,000 in view: counts per cell, each labelled, and the labels add up to every component.
            QVERIFY(mComponents->countIn(s.extent(), 100000) > size_t(ComponentLayer::DotLimit));
            QVERIFY(!r.labels.isEmpty());
            qint64 total = 0;
            for (const MapLabel &l : r.labels)
                total += l.text.toLongLong();
            QCOMPARE(total, qint64(60000));
        } else {
            QVERIFY(r.labels.isEmpty()); // dots carry no labels
            QVERIFY(r.drawnPixels > 2000);
        }
        checkAgainstControl(u"components-"_s + zoom, r.image);
    }

    void pointsOfInterest()
    {
        PoiLayer layer;
        layer.setData(mPois);
        const Rendered r = renderLayer(layer, view(u"city"_s));
        QCOMPARE(r.labels.size(), 18);
        QCOMPARE(r.labels.first().priority, 15);
        QStringList names;
        for (const MapLabel &l : r.labels)
            names.append(l.text);
        QVERIFY(names.contains(u"hospital 2"_s));
        checkAgainstControl(u"pois-city"_s, r.image);
    }

    void responsibilityGrids_data()
    {
        QTest::addColumn<QString>("zoom");
        QTest::newRow("city") << u"city"_s;
        QTest::newRow("street") << u"street"_s;
    }
    void responsibilityGrids()
    {
        QFETCH(QString, zoom);
        ResponsibilityLayer layer;
        layer.setData(mAreas);
        const Rendered r = renderLayer(layer, view(zoom));
        if (zoom == u"city"_s) {
            QCOMPARE(r.labels.size(), 25);
            QVERIFY(std::any_of(r.labels.begin(), r.labels.end(),
                                [](const MapLabel &l) { return l.text == u"责任网格 3-4"_s; }));
        }
        checkAgainstControl(u"responsibility-"_s + zoom, r.image);
    }

    void dataArrivesFromAWorkerThread()
    {
        ComponentLayer layer;
        QSignalSpy loaded(&layer, &ComponentLayer::dataLoaded);
        QSignalSpy repaint(&layer, &MapLayer::repaintRequested);
        const LatticeOptions o = mOptions;
        QThread *builtIn = nullptr;
        layer.setData(QtConcurrent::run([o, &builtIn] {
            builtIn = QThread::currentThread();
            MapPoints::Builder b;
            b.addCategory(u"01"_s);
            for (int i = 0; i < 1000; ++i) {
                const QPointF ll = latticeLonLat(o, i * 3.0, i * 2.0);
                b.add(ll.x(), ll.y(), 0);
            }
            return b.build(true);
        }));
        QVERIFY(loaded.wait(10000));
        QVERIFY(builtIn && builtIn != QThread::currentThread()); // built in the pool, set in the GUI thread
        QCOMPARE(layer.data()->size(), size_t(1000));
        QCOMPARE(repaint.size(), 1);
    }
};

QTEST_MAIN(TestGeodataRender)
#include "test_geodatarender.moc"
