// The live map on the canvas: a burst of 100 case changes (100 store signals) is fetched once, applied to
// the case layer once and drawn in one frame; the grid layer's cached image is reused, not drawn again.
#include "../map/latticecity.h"

#include "map/caselayer.h"
#include "map/gridlayer.h"
#include "map/livecases.h"
#include "widgets/mapcanvas.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

using namespace cg;
using namespace cg::test;

namespace {

// The grid layer, counting the renderers the canvas asks for, and as slow as 800,000 grids (60 ms a frame):
// the canvas then renders layer by layer with its per-layer cache (quick views it draws whole, directly).
class CountingGridLayer : public GridLayer
{
public:
    int renderers = 0;
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &s) override
    {
        ++renderers;
        class Heavy : public LayerRenderer
        {
        public:
            explicit Heavy(std::unique_ptr<LayerRenderer> inner)
                : mInner(std::move(inner))
            {}
            void render(QImage &image, const RenderContext &context) override
            {
                QThread::msleep(60);
                if (mInner)
                    mInner->render(image, context);
            }

        private:
            std::unique_ptr<LayerRenderer> mInner;
        };
        return std::make_unique<Heavy>(GridLayer::createRenderer(s));
    }
};

} // namespace

class TestLiveMap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aBurstOfChangesIsOneFrame()
    {
        LatticeOptions o;
        const auto grids = makeLatticeGrids(o);
        const auto cases = makeLatticeCases(o, *grids, 2000);
        CountingGridLayer gridLayer;
        gridLayer.setData(grids);
        CaseLayer caseLayer;
        // The store's side: 100 cases handled, in the feed as ids 1..100 (built in a worker thread).
        std::vector<CasePoints::Input> handled;
        for (int k = 0; k < 100; ++k) {
            const int i = k * 20;
            CasePoints::Input in;
            in.id = cases->id(i);
            in.grid = cases->grid(i);
            const QPointF ll = WebMercator::toLonLat(cases->position(i));
            in.lon = ll.x();
            in.lat = ll.y();
            in.state = uint8_t(CaseState::Handled);
            in.flags = CasePoints::Open;
            handled.push_back(in);
        }
        std::atomic_int fetches{0};
        LiveCases live(&caseLayer, [&](qint64 after) {
            ++fetches;
            return QtConcurrent::run([after, handled]() -> Result<CaseChanges> {
                CaseChanges c;
                c.lastChangeId = 100;
                c.feedEntries = after < 100 ? 100 : 0;
                if (after < 100)
                    c.upserts = handled;
                return c;
            });
        });
        live.setMergeInterval(30);
        live.setBaseline(cases, 0);

        MapCanvas canvas;
        canvas.resize(640, 480);
        canvas.setLayers({&gridLayer, &caseLayer});
        canvas.setGridData(grids);
        canvas.show();
        QSignalSpy rendered(&canvas, &MapCanvas::renderFinished);
        QVERIFY(rendered.wait(5000));
        QTRY_VERIFY(!canvas.isRendering());
        const int gridRenderers = gridLayer.renderers;
        const QImage before = canvas.image();
        rendered.clear();

        QSignalSpy changed(&live, &LiveCases::casesChanged);
        for (int k = 0; k < 100; ++k)
            live.storeChanged();
        QTRY_COMPARE(changed.size(), 1);
        QVERIFY(rendered.wait(5000));
        QTRY_VERIFY(!canvas.isRendering());
        // Give a second frame every chance to appear: there must be none.
        QTest::qWait(300);
        QCOMPARE(rendered.size(), 1);
        QCOMPARE(fetches.load(), 1);
        QCOMPARE(gridLayer.renderers, gridRenderers); // the grid layer came from the cache
        QCOMPARE(live.lastChangeId(), 100);
        QVERIFY(canvas.image() != before);
        const int slot = caseLayer.data()->indexOfId(handled.front().id);
        QCOMPARE(caseLayer.data()->state(slot), uint8_t(CaseState::Handled));
    }
};

QTEST_MAIN(TestLiveMap)
#include "test_livemap.moc"
