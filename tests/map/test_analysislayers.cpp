// Render tests of the analysis layers (Gi* hot spots, recurring problems, special-area rings) on the
// synthetic lattice city, against control images in tests/map/expected/ with the tolerance of
// test_maprender.cpp (a pixel differs when a channel is off by more than 48; up to 1 % may differ). Labels
// are left out.
//
// To regenerate the control images after a deliberate change of the drawing, run
//     CG_UPDATE_CONTROL_IMAGES=1 build/<dir>/tests/map_test_analysislayers
// then look at every analysis-*.png under tests/map/expected/ before committing them.
#include "controlimage.h"
#include "latticecity.h"

#include "map/hotspotlayer.h"
#include "map/recurrencelayer.h"
#include "map/specialarealayer.h"

#include <QDir>
#include <QPainter>
#include <QTest>

using namespace cg;
using namespace cg::test;

class TestAnalysisLayers : public QObject
{
    Q_OBJECT
private:
    LatticeOptions mOptions;
    std::shared_ptr<const GridData> mGrids;

    MapSettings view(const QString &zoom) const
    {
        MapSettings s;
        s.setOutputSize(QSize(480, 360));
        const QRectF e = mGrids->extent();
        if (zoom == QLatin1String("city")) {
            s.setExtent(e.adjusted(-100, -100, 100, 100));
            s.setResolution(s.resolution() * 6);
        } else if (zoom == QLatin1String("district")) {
            s.setExtent(e.adjusted(-100, -100, 100, 100));
        } else {
            s.setCenter(e.center());
            s.setResolution(2.5);
        }
        return s;
    }

    // A hot spot around one point and a cold one around another, in rings of falling confidence.
    std::vector<std::pair<qint64, HotSpotClass>> classes() const
    {
        const QRectF e = mGrids->extent();
        const QPointF hot = e.center() + QPointF(-500, 200), cold = e.center() + QPointF(1100, -600);
        std::vector<std::pair<qint64, HotSpotClass>> out;
        for (size_t cell = 0; cell < mGrids->size(); ++cell) {
            const QPointF c = mGrids->centre(int(cell));
            const double h = QLineF(c, hot).length(), k = QLineF(c, cold).length();
            HotSpotClass cls = HotSpotClass::NotSignificant;
            if (h < 200)
                cls = HotSpotClass::HotSpot99;
            else if (h < 350)
                cls = HotSpotClass::HotSpot95;
            else if (h < 500)
                cls = HotSpotClass::HotSpot90;
            else if (k < 150)
                cls = HotSpotClass::ColdSpot99;
            else if (k < 300)
                cls = HotSpotClass::ColdSpot95;
            else if (k < 450)
                cls = HotSpotClass::ColdSpot90;
            if (cls != HotSpotClass::NotSignificant)
                out.emplace_back(mGrids->code(int(cell)), cls);
        }
        return out;
    }

    QPointF lonLatAt(double east, double north) const { return latticeLonLat(mOptions, east, north); }

private Q_SLOTS:
    void initTestCase() { mGrids = makeLatticeGrids(mOptions); }

    void colours()
    {
        // RdBu: the strongest classes are the darkest; not significant is not drawn.
        QCOMPARE(HotSpotLayer::colour(HotSpotClass::NotSignificant), QRgb(0));
        QVERIFY(std::abs(qRed(qUnpremultiply(HotSpotLayer::colour(HotSpotClass::HotSpot99))) - 0xb2) <= 1);
        QVERIFY(std::abs(qBlue(qUnpremultiply(HotSpotLayer::colour(HotSpotClass::ColdSpot99))) - 0xac) <= 1);
        QCOMPARE(qAlpha(HotSpotLayer::colour(HotSpotClass::HotSpot90)), 217);
        QCOMPARE(SpecialAreaLayer::colour(QStringLiteral("metro")), QColor(0x00, 0x72, 0xb2));
        QCOMPARE(RecurrenceLayer::radiusFor(2), 8.0);
        QCOMPARE(RecurrenceLayer::radiusFor(8), 16.0);
        QCOMPARE(RecurrenceLayer::radiusFor(100), 24.0);
    }

    void hotSpots_data()
    {
        QTest::addColumn<QString>("zoom");
        for (const char *zoom : {"city", "district", "street"})
            QTest::addRow("%s", zoom) << QString::fromLatin1(zoom);
    }
    void hotSpots()
    {
        QFETCH(QString, zoom);
        HotSpotLayer layer;
        QVERIFY(!layer.createRenderer(view(zoom)));
        layer.setGrids(mGrids);
        layer.setHotSpots(classes());
        checkAgainstControl(QStringLiteral("analysis-hotspots-") + zoom, renderOnWhite(layer, view(zoom)));
    }

    void recurrenceMarkers()
    {
        RecurrenceLayer layer;
        layer.setMarkers({{lonLatAt(1200, 1500), 2, QStringLiteral("A")},
                          {lonLatAt(1500, 1700), 5, QStringLiteral("B")},
                          {lonLatAt(2200, 1300), 12, QStringLiteral("C")},
                          {lonLatAt(2600, 2200), 40, QStringLiteral("D")}});
        const MapSettings s = view(QStringLiteral("district"));
        checkAgainstControl(QStringLiteral("analysis-recurrence-district"), renderOnWhite(layer, s));
        // Every marker in view asks for its count as a label.
        auto renderer = layer.createRenderer(s);
        QImage image(s.outputSize(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        renderer->render(image, RenderContext{s, nullptr});
        QStringList texts;
        for (const MapLabel &l : renderer->labels())
            texts.append(l.text);
        QCOMPARE(texts, (QStringList{QStringLiteral("40 D"), QStringLiteral("12 C"), QStringLiteral("5 B"),
                                     QStringLiteral("2 A")}));
    }

    void specialAreaRings_data()
    {
        QTest::addColumn<QString>("zoom");
        for (const char *zoom : {"district", "street"})
            QTest::addRow("%s", zoom) << QString::fromLatin1(zoom);
    }
    void specialAreaRings()
    {
        QFETCH(QString, zoom);
        SpecialAreaLayer layer;
        layer.setRings({{lonLatAt(1800, 1500), QStringLiteral("metro"), QStringLiteral("M1"), 7},
                        {lonLatAt(2300, 1450), QStringLiteral("school"), QStringLiteral("S1"), -1},
                        {lonLatAt(1500, 1150), QStringLiteral("hospital"), QStringLiteral("H1"), 0},
                        {lonLatAt(2100, 1900), QStringLiteral("market"), QStringLiteral("K1"), 3}},
                       200);
        QCOMPARE(layer.radiusMetres(), 200.0);
        const MapSettings s = view(zoom);
        checkAgainstControl(QStringLiteral("analysis-specialareas-") + zoom, renderOnWhite(layer, s));
    }

    void ringRadiusIsGroundMetres()
    {
        // A 200 m ring at 2.5 projected metres per pixel spans 200 / cos(lat) / 2.5 pixels in radius.
        SpecialAreaLayer layer;
        const QPointF centre = mGrids->extent().center();
        const QPointF lonLat = WebMercator::toLonLat(centre);
        layer.setRings({{lonLat, QStringLiteral("metro"), QStringLiteral("M"), -1}}, 200);
        MapSettings s;
        s.setOutputSize(QSize(400, 400));
        s.setCenter(centre);
        s.setResolution(2.5);
        const QImage image = renderOnWhite(layer, s);
        const double expected = 200.0 / WebMercator::groundScale(lonLat.y()) / 2.5;
        // Walk east from the centre to the ring's stroke (the outermost blue pixel).
        int edge = 0;
        for (int x = 200; x < 400; ++x) {
            const QRgb p = image.pixel(x, 200);
            if (qBlue(p) > qRed(p) + 60)
                edge = x - 200;
        }
        QVERIFY2(std::abs(edge - expected) <= 2.0,
                 qPrintable(QStringLiteral("%1 vs %2").arg(edge).arg(expected)));
    }
};

QTEST_MAIN(TestAnalysisLayers)
#include "test_analysislayers.moc"
