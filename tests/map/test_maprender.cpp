// Render tests: each layer of a synthetic city drawn at three zoom levels and compared with control images
// in tests/map/expected/ with a tolerance (a pixel differs when a channel is off by more than 48; up to 1 %
// of the pixels may differ: antialiasing and font-free rendering vary a little between Qt builds and CPUs).
// Labels are left out (fonts differ between machines); the label pass is tested on its own.
//
// To regenerate the control images after a deliberate change of the drawing, run
//     CG_UPDATE_CONTROL_IMAGES=1 build/<dir>/tests/map_test_maprender
// then look at every PNG under tests/map/expected/ before committing them.
#include "controlimage.h"
#include "latticecity.h"

#include "map/boundarylayer.h"
#include "map/caselayer.h"
#include "map/choroplethlayer.h"
#include "map/gridlayer.h"
#include "map/heatmaplayer.h"
#include "map/maprenderjob.h"

#include <QDir>
#include <QGuiApplication>
#include <QPainter>
#include <QTest>

using namespace cg;
using namespace cg::test;

class TestMapRender : public QObject
{
    Q_OBJECT
private:
    LatticeOptions mOptions;
    std::shared_ptr<const GridData> mGrids;
    std::shared_ptr<const CasePoints> mCases;

    MapSettings view(const QString &zoom) const
    {
        MapSettings s;
        s.setOutputSize(QSize(480, 360));
        const QRectF e = mGrids->extent();
        if (zoom == QLatin1String("city")) {
            s.setExtent(e.adjusted(-100, -100, 100, 100));
            s.setResolution(s.resolution() * 6); // cells of ~2 px: the aggregated forms
        } else if (zoom == QLatin1String("district")) {
            s.setExtent(e.adjusted(-100, -100, 100, 100));
        } else {
            s.setCenter(e.center());
            s.setResolution(2.5);
        }
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        mGrids = makeLatticeGrids(mOptions);
        mCases = makeLatticeCases(mOptions, *mGrids, 3000);
    }

    void layers_data()
    {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QString>("zoom");
        for (const char *layer : {"grids", "choropleth", "boundaries", "cases", "heatmap"}) {
            for (const char *zoom : {"city", "district", "street"})
                QTest::addRow("%s-%s", layer, zoom)
                    << QString::fromLatin1(layer) << QString::fromLatin1(zoom);
        }
    }
    void layers()
    {
        QFETCH(QString, layer);
        QFETCH(QString, zoom);
        std::unique_ptr<MapLayer> l;
        if (layer == QLatin1String("grids")) {
            auto g = std::make_unique<GridLayer>();
            g->setData(mGrids);
            l = std::move(g);
        } else if (layer == QLatin1String("choropleth")) {
            auto c = std::make_unique<ChoroplethLayer>();
            c->setGrids(mGrids);
            c->setCases(mCases);
            l = std::move(c);
        } else if (layer == QLatin1String("boundaries")) {
            auto b = std::make_unique<BoundaryLayer>();
            b->setData(mGrids);
            l = std::move(b);
        } else if (layer == QLatin1String("cases")) {
            auto c = std::make_unique<CaseLayer>();
            c->setData(mCases);
            l = std::move(c);
        } else {
            auto h = std::make_unique<HeatmapLayer>();
            h->setData(mCases);
            l = std::move(h);
        }
        checkAgainstControl(layer + QLatin1Char('-') + zoom, renderOnWhite(*l, view(zoom)));
    }

    void labelsAreBoundaryNamesWithoutOverlap()
    {
        BoundaryLayer layer;
        layer.setData(mGrids);
        const MapSettings s = view(QStringLiteral("district"));
        auto renderer = layer.createRenderer(s);
        QImage image(s.outputSize(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        renderer->render(image, RenderContext{s, nullptr});
        const QList<MapLabel> labels = renderer->labels();
        QStringList texts;
        for (const MapLabel &l : labels)
            texts.append(l.text);
        QVERIFY2(texts.contains(QStringLiteral("D01")), qPrintable(texts.join(u',')));
        QVERIFY(texts.contains(QStringLiteral("S01-001")));
        // Placement drops overlapping labels: drawing twice the same label draws it once.
        QImage once(s.outputSize(), QImage::Format_ARGB32_Premultiplied), twice = once;
        once.fill(Qt::transparent);
        twice.fill(Qt::transparent);
        {
            QPainter p(&once);
            MapRenderJob::drawLabels(p, {labels.first()}, s.outputSize());
        }
        {
            QPainter p(&twice);
            MapRenderJob::drawLabels(p, {labels.first(), labels.first()}, s.outputSize());
        }
        QCOMPARE(once, twice);
    }

    void directModeDrawsTheSameMap()
    {
        // Direct mode cuts the view into bands rendered side by side; the seams must not show.
        GridLayer grids;
        grids.setData(mGrids);
        ChoroplethLayer choropleth;
        choropleth.setGrids(mGrids);
        choropleth.setCases(mCases);
        BoundaryLayer boundaries;
        boundaries.setData(mGrids);
        CaseLayer cases;
        cases.setData(mCases);
        for (const char *zoom : {"city", "district", "street"}) {
            const MapSettings s = view(QString::fromLatin1(zoom));
            const QList<MapLayer *> layers = {&choropleth, &grids, &boundaries, &cases};
            const QImage perLayer = MapRenderJob::renderNow(s, layers, MapRenderJob::Mode::PerLayer);
            const QImage direct = MapRenderJob::renderNow(s, layers, MapRenderJob::Mode::Direct);
            const double share = differingShare(perLayer, direct, 48);
            QVERIFY2(share < 0.0005,
                     qPrintable(QStringLiteral("%1: %2 %").arg(QLatin1String(zoom)).arg(share * 100)));
        }
    }

    void composedMap()
    {
        GridLayer grids;
        grids.setData(mGrids);
        ChoroplethLayer choropleth;
        choropleth.setGrids(mGrids);
        choropleth.setCases(mCases);
        BoundaryLayer boundaries;
        boundaries.setData(mGrids);
        CaseLayer cases;
        cases.setData(mCases);
        const QImage image = MapRenderJob::renderNow(view(QStringLiteral("district")),
                                                     {&choropleth, &grids, &boundaries, &cases});
        QCOMPARE(image.size(), QSize(480, 360));
        // Something was drawn, in more than one colour.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY(colours.size() > 20);
    }
};

QTEST_MAIN(TestMapRender)
#include "test_maprender.moc"
