// GridData: the packed index finds the right cell, codes map to cells, the boundaries derived from the cells
// are the lines between communities, streets and districts.
#include "latticecity.h"

#include <QTest>

using namespace cg;
using namespace cg::test;

class TestGridData : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hitTestsMatchBruteForce()
    {
        LatticeOptions o;
        const auto grids = makeLatticeGrids(o);
        QCOMPARE(int(grids->size()), o.columns * o.rows);
        std::mt19937 random(3);
        std::uniform_real_distribution<double> ux(0, o.columns * o.cellMetres), uy(0, o.rows * o.cellMetres);
        for (int i = 0; i < 2000; ++i) {
            const QPointF p = WebMercator::fromLonLat(latticeLonLat(o, ux(random), uy(random)));
            const int cell = grids->cellAt(p);
            QVERIFY(cell >= 0);
            QVERIFY(grids->ring(cell).containsPoint(p, Qt::OddEvenFill));
            int containing = 0; // seamless and without overlaps: exactly one cell holds the point
            for (int c = 0; c < int(grids->size()); ++c)
                containing += grids->ring(c).containsPoint(p, Qt::OddEvenFill);
            QCOMPARE(containing, 1);
        }
        QCOMPARE(grids->cellAt(WebMercator::fromLonLat(120.0, 30.0)), -1);
    }

    void codes()
    {
        LatticeOptions o;
        const auto grids = makeLatticeGrids(o);
        for (int c = 0; c < int(grids->size()); c += 37)
            QCOMPARE(grids->cellOfCode(grids->code(c)), c);
        QCOMPARE(grids->cellOfCode(310101001001999), -1);
        // The north-west cell of the first community is serial 001.
        const int first = grids->cellOfCode(310101001001001);
        QVERIFY(first >= 0);
        QVERIFY(grids->cellBounds(first).left() < grids->extent().left() + 200);
    }

    void boundariesOfAPlainLattice()
    {
        // 12 × 6 cells, communities of 3 × 3, streets of 2 × 2 communities, one district per 2 × 2 streets:
        // without jitter every line can be counted.
        LatticeOptions o;
        o.columns = 12;
        o.rows = 6;
        o.jitterMetres = 0;
        o.communityCells = 3;
        o.streetCommunities = 2;
        o.districtStreets = 2;
        const auto grids = makeLatticeGrids(o);
        const BoundaryLines &lines = grids->boundaries();
        int byLevel[3] = {0, 0, 0};
        for (size_t i = 0; i < lines.size(); ++i)
            ++byLevel[lines.level[i]];
        // Outer line 2 × (12 + 6) = 36 edges, plus the district line at x = 12 cells? No: 12 columns = 2
        // streets of 6 = one district wide; so the outer line only.
        QCOMPARE(byLevel[MapRegion::District], 36);
        // Street line between the two streets (x = 6 cells): 6 edges.
        QCOMPARE(byLevel[MapRegion::Street], 6);
        // Community lines: x = 3 and x = 9 (6 edges each) and y = 3 (12 edges).
        QCOMPARE(byLevel[MapRegion::Community], 24);

        int districts = 0, streets = 0, communities = 0;
        for (const MapRegion &r : grids->regions()) {
            districts += r.level == MapRegion::District;
            streets += r.level == MapRegion::Street;
            communities += r.level == MapRegion::Community;
            QVERIFY2(grids->cellAt(r.anchor) >= 0, qPrintable(r.code)); // labels sit inside their region
        }
        QCOMPARE(districts, 1);
        QCOMPARE(streets, 2);
        QCOMPARE(communities, 8);
        QCOMPARE(grids->region(QStringLiteral("310101001"))->cells, 36);
    }

    void jitteredBoundariesStayExact()
    {
        // Shared vertices move, but every interior edge still has a partner: the same counts.
        LatticeOptions o;
        o.columns = 12;
        o.rows = 6;
        o.jitterMetres = 30;
        o.communityCells = 3;
        o.streetCommunities = 2;
        o.districtStreets = 2;
        const auto grids = makeLatticeGrids(o);
        QCOMPARE(int(grids->boundaries().size()), 36 + 6 + 24);
    }
};

QTEST_GUILESS_MAIN(TestGridData)
#include "test_griddata.moc"
