// The map canvas, offscreen: it renders without blocking, pans and zooms with keys, wheel and mouse, moves
// the last image while a new one renders, identifies the grid under a click, finds grids by code, and shows
// a sensible scale bar.
#include "../map/latticecity.h"

#include "map/boundarylayer.h"
#include "map/caselayer.h"
#include "map/gridlayer.h"
#include "widgets/mapcanvas.h"

#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

using namespace cg;
using namespace cg::test;

class TestMapCanvas : public QObject
{
    Q_OBJECT
private:
    LatticeOptions mOptions;
    std::shared_ptr<const GridData> mGrids;
    std::shared_ptr<const CasePoints> mCases;
    std::unique_ptr<GridLayer> mGridLayer;
    std::unique_ptr<BoundaryLayer> mBoundaryLayer;
    std::unique_ptr<CaseLayer> mCaseLayer;

    std::unique_ptr<MapCanvas> makeCanvas()
    {
        auto canvas = std::make_unique<MapCanvas>();
        canvas->resize(640, 480);
        canvas->setLayers({mGridLayer.get(), mBoundaryLayer.get(), mCaseLayer.get()});
        canvas->setGridData(mGrids);
        canvas->setCasePoints(mCases);
        canvas->show();
        return canvas;
    }

private Q_SLOTS:
    void initTestCase()
    {
        mGrids = makeLatticeGrids(mOptions);
        mCases = makeLatticeCases(mOptions, *mGrids, 2000);
        mGridLayer = std::make_unique<GridLayer>();
        mGridLayer->setData(mGrids);
        mBoundaryLayer = std::make_unique<BoundaryLayer>();
        mBoundaryLayer->setData(mGrids);
        mCaseLayer = std::make_unique<CaseLayer>();
        mCaseLayer->setData(mCases);
    }

    void firstFrameShowsTheWholeCity()
    {
        auto canvas = makeCanvas();
        QSignalSpy rendered(canvas.get(), &MapCanvas::renderFinished);
        QVERIFY(rendered.wait(5000));
        QVERIFY(canvas->hasImage());
        QVERIFY(canvas->extent().contains(mGrids->extent()));
        const QImage shown = canvas->grab().toImage();
        QVERIFY(shown.pixelColor(320, 240) !=
                shown.pixelColor(2, 2)); // the city is drawn over the background
    }

    void burstsAreMerged()
    {
        auto canvas = makeCanvas();
        QSignalSpy rendered(canvas.get(), &MapCanvas::renderFinished);
        QVERIFY(rendered.wait(5000));
        rendered.clear();
        for (int i = 0; i < 10; ++i)
            mCaseLayer->triggerRepaint();
        QVERIFY(rendered.wait(5000));
        QTest::qWait(200);
        QCOMPARE(rendered.count(), 1);
    }

    void keysPanAndZoom()
    {
        auto canvas = makeCanvas();
        QSignalSpy rendered(canvas.get(), &MapCanvas::renderFinished);
        QVERIFY(rendered.wait(5000));
        const MapSettings before = canvas->settings();
        QTest::keyClick(canvas.get(), Qt::Key_Right);
        QVERIFY(canvas->settings().center().x() > before.center().x());
        // Until the new image is ready the old one is moved: the canvas is rendering but shows a map.
        QVERIFY(canvas->isRendering());
        QVERIFY(canvas->hasImage());
        QTest::keyClick(canvas.get(), Qt::Key_Plus);
        QCOMPARE(canvas->settings().resolution(), before.resolution() / 2);
        QTest::keyClick(canvas.get(), Qt::Key_Home);
        QVERIFY(canvas->extent().contains(mGrids->extent()));
        QVERIFY(rendered.wait(5000));
    }

    void wheelZoomsAboutThePointer()
    {
        auto canvas = makeCanvas();
        const QPointF pointer(100, 120);
        const QPointF under = canvas->settings().toMap(pointer);
        QWheelEvent wheel(pointer, canvas->mapToGlobal(pointer), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(canvas.get(), &wheel);
        const QPointF after = canvas->settings().toMap(pointer);
        QVERIFY(std::abs(after.x() - under.x()) < 0.01 && std::abs(after.y() - under.y()) < 0.01);
    }

    void dragPans()
    {
        auto canvas = makeCanvas();
        const QPointF centre = canvas->settings().center();
        const double r = canvas->settings().resolution();
        QTest::mousePress(canvas.get(), Qt::LeftButton, Qt::NoModifier, QPoint(300, 200));
        QMouseEvent move(QEvent::MouseMove, QPointF(350, 180), canvas->mapToGlobal(QPointF(350, 180)),
                         Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(canvas.get(), &move);
        QTest::mouseRelease(canvas.get(), Qt::LeftButton, Qt::NoModifier, QPoint(350, 180));
        QVERIFY(std::abs(canvas->settings().center().x() - (centre.x() - 50 * r)) < 1e-6);
        QVERIFY(std::abs(canvas->settings().center().y() - (centre.y() - 20 * r)) < 1e-6);
    }

    void clickIdentifiesTheGrid()
    {
        auto canvas = makeCanvas();
        QVERIFY(canvas->showGrid(QStringLiteral("310101001001008")));
        const int cell = canvas->selectedGrid();
        QVERIFY(cell >= 0);
        QSignalSpy identified(canvas.get(), &MapCanvas::gridIdentified);
        const QPoint at = canvas->settings().toPixel(mGrids->centre(cell)).toPoint();
        QTest::mouseClick(canvas.get(), Qt::LeftButton, Qt::NoModifier, at);
        QCOMPARE(identified.count(), 1);
        const auto result = identified.first().first().value<MapIdentifyResult>();
        QCOMPARE(result.gridCode, QStringLiteral("310101001001008"));
        QCOMPARE(result.community, QStringLiteral("C001"));
        QCOMPARE(result.street, QStringLiteral("S01-001"));
        QCOMPARE(result.district, QStringLiteral("D01"));
        for (qint64 id : result.caseIds)
            QCOMPARE(mCases->grid(mCases->indexOfId(id)), mGrids->code(cell));
        QVERIFY(canvas->mapTip(at).contains(QStringLiteral("310101001001008")));
        QVERIFY(!canvas->showGrid(QStringLiteral("999999999999999")));
    }

    void showCaseCentresOnIt()
    {
        auto canvas = makeCanvas();
        const int i = mCases->indexOfId(17);
        canvas->showCase(17, mCases->position(i));
        QCOMPARE(canvas->selectedCase(), 17);
        QCOMPARE(canvas->settings().center(), mCases->position(i));
        QVERIFY(canvas->settings().resolution() <= 8);
    }

    void measureAlongClicks()
    {
        auto canvas = makeCanvas();
        canvas->setMeasuring(true);
        QSignalSpy measured(canvas.get(), &MapCanvas::measured);
        QTest::mouseClick(canvas.get(), Qt::LeftButton, Qt::NoModifier, QPoint(100, 100));
        QTest::mouseClick(canvas.get(), Qt::LeftButton, Qt::NoModifier, QPoint(400, 100));
        QTest::mouseClick(canvas.get(), Qt::LeftButton, Qt::NoModifier, QPoint(400, 300));
        QCOMPARE(measured.count(), 3);
        // 500 pixels of ground resolution, within half a percent (the resolution varies with latitude).
        const double expected = 500 * canvas->settings().groundResolution();
        QVERIFY2(
            std::abs(canvas->measuredLength() - expected) < expected * 0.005,
            qPrintable(QStringLiteral("%1 m, expected %2 m").arg(canvas->measuredLength()).arg(expected)));
        QSignalSpy identified(canvas.get(), &MapCanvas::gridIdentified);
        QTest::mouseClick(canvas.get(), Qt::LeftButton, Qt::NoModifier, QPoint(300, 200));
        QCOMPARE(identified.count(), 0); // clicks measure, they do not identify
        QTest::keyClick(canvas.get(), Qt::Key_Escape);
        QCOMPARE(canvas->measuredLength(), 0.0);
        // A known distance: one degree of latitude is about 111.2 km on the mean sphere.
        const double degree = MapCanvas::groundDistance(WebMercator::fromLonLat(121.0, 31.0),
                                                        WebMercator::fromLonLat(121.0, 32.0));
        QVERIFY(std::abs(degree - 111195) < 10);
    }

    void scaleBar_data()
    {
        QTest::addColumn<double>("metresPerPixel");
        QTest::addColumn<double>("metres");
        QTest::newRow("street") << 1.0 << 100.0;
        QTest::newRow("district") << 12.0 << 1000.0;
        QTest::newRow("city") << 60.0 << 5000.0;
    }
    void scaleBar()
    {
        QFETCH(double, metresPerPixel);
        QFETCH(double, metres);
        const auto [m, px] = MapCanvas::scaleBarLength(metresPerPixel, 140);
        QCOMPARE(m, metres);
        QVERIFY(px <= 140 && px >= 40);
    }
};

QTEST_MAIN(TestMapCanvas)
#include "test_mapcanvas.moc"
