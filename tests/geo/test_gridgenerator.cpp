// The unit grid generator: cells of ~10,000 m² clipped to a boundary, seamless, coded west→east,
// north→south by the 15-digit rule.
#include "geo/gridgenerator.h"

#include <QTest>

#include <random>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {
const QPointF origin(121.40, 31.20);

// A rectangle of w × h metres with its south-west corner at the lattice origin.
Polygon rectangle(double w, double h, QPointF sw = origin)
{
    const QPointF k = metresPerDegree(31.2);
    const double x1 = sw.x() + w / k.x(), y1 = sw.y() + h / k.y();
    Polygon p;
    p.outer = {sw, {x1, sw.y()}, {x1, y1}, {sw.x(), y1}, sw};
    return p;
}

// An irregular blob: a 24-gon with radii between 500 and 900 m around (121.45, 31.22).
Polygon blob()
{
    const QPointF k = metresPerDegree(31.2);
    Polygon p;
    for (int i = 0; i < 24; ++i) {
        const double a = i * 2 * M_PI / 24, r = 700 + 200 * std::sin(i * 2.3);
        p.outer.append(QPointF(121.45 + r * std::cos(a) / k.x(), 31.22 + r * std::sin(a) / k.y()));
    }
    p.outer.append(p.outer.first());
    return p;
}

GridOptions options(double jitter)
{
    GridOptions o;
    o.origin = origin;
    o.jitterMetres = jitter;
    o.seed = 42;
    return o;
}

// Sum of cell areas, and a sampling check: every sample point in the boundary lies in exactly one cell.
void checkSeamless(const GeneratedGrid &grid, const Polygon &boundary, int samples = 20000)
{
    const PolygonIndex index(grid.polygons);
    FlatPolygons outline;
    outline.add(boundary);
    const QRectF b = boundary.bounds();
    std::mt19937 random(3);
    std::uniform_real_distribution<double> ux(b.left(), b.right()), uy(b.top(), b.bottom());
    for (int k = 0; k < samples; ++k) {
        const double x = ux(random), y = uy(random);
        int owners = 0;
        for (std::uint32_t id : index.query(QRectF(QPointF(x, y), QPointF(x, y))))
            owners += index.polygons().contains(id, x, y) ? 1 : 0;
        const int expected = outline.contains(0, x, y) ? 1 : 0;
        QVERIFY2(owners == expected, qPrintable(u"(%1, %2) lies in %3 cells, expected %4"_s.arg(x, 0, 'f', 7)
                                                    .arg(y, 0, 'f', 7)
                                                    .arg(owners)
                                                    .arg(expected)));
    }
    double sum = 0;
    for (double a : grid.areaM2)
        sum += a;
    QVERIFY2(std::abs(sum - boundary.areaM2()) < 1e-6 * boundary.areaM2() + 1,
             qPrintable(u"cells cover %1 m², the boundary %2 m²"_s.arg(sum).arg(boundary.areaM2())));
}
} // namespace

class TestGridGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cutsAlignedRectangleIntoSquares();
    void cellsAreSeamless_data();
    void cellsAreSeamless();
    void numbersWestToEastNorthToSouth();
    void mergesSmallPieces();
    void neighbouringAreasShareVertices();
    void overflowsPastNineHundredNinetyNine();
    void blocksCodeLargeDistricts();
    void refusesBadInput_data();
    void refusesBadInput();
    void cancels();
};

void TestGridGenerator::cutsAlignedRectangleIntoSquares()
{
    auto grid = generateGrid({rectangle(1000, 800)}, options(0));
    QVERIFY2(grid.ok(), qPrintable(grid.errorMessage()));
    QCOMPARE(grid->size(), std::size_t(80));
    QCOMPARE(grid->mergedPieces, 0);
    for (double a : grid->areaM2)
        QVERIFY2(std::abs(a - 10000) < 1, qPrintable(QString::number(a)));
}

void TestGridGenerator::cellsAreSeamless_data()
{
    QTest::addColumn<Polygon>("boundary");
    QTest::addColumn<double>("jitter");
    QTest::addColumn<int>("minCells");
    QTest::addColumn<int>("maxCells");
    QTest::newRow("rectangle, 30 m jitter") << rectangle(1000, 800) << 30.0 << 80 << 82;
    QTest::newRow("offset rectangle, no jitter")
        << rectangle(1030, 777, origin + QPointF(0.00037, 0.00021)) << 0.0 << 80 << 90;
    QTest::newRow("blob, no jitter") << blob() << 0.0 << 140 << 175;
    QTest::newRow("blob, 30 m jitter") << blob() << 30.0 << 140 << 175;
}

void TestGridGenerator::cellsAreSeamless()
{
    QFETCH(Polygon, boundary);
    QFETCH(double, jitter);
    QFETCH(int, minCells);
    QFETCH(int, maxCells);
    auto grid = generateGrid({boundary}, options(jitter));
    QVERIFY2(grid.ok(), qPrintable(grid.errorMessage()));
    QVERIFY2(int(grid->size()) >= minCells && int(grid->size()) <= maxCells,
             qPrintable(QString::number(grid->size())));
    checkSeamless(*grid, boundary);
    // Cells are about 10,000 m²: merged edge cells stay under 1.6 cells, cut ones are not slivers.
    for (double a : grid->areaM2)
        QVERIFY2(a < 16000, qPrintable(QString::number(a)));
}

void TestGridGenerator::numbersWestToEastNorthToSouth()
{
    auto grid = generateGrid({rectangle(300, 200)}, options(20));
    QVERIFY(grid.ok());
    QCOMPARE(grid->size(), std::size_t(6));
    QVERIFY(assignCodes(*grid, JurisdictionCode::parse(u"310101002001"_s).value()).ok());
    QStringList codes;
    for (const auto &c : grid->codes)
        codes.append(c.text());
    QCOMPARE(codes, QStringList({u"310101002001001"_s, u"310101002001002"_s, u"310101002001003"_s,
                                 u"310101002001004"_s, u"310101002001005"_s, u"310101002001006"_s}));
    // 001 is the north-west cell, 003 the north-east, 004 the south-west.
    const auto centre = [&](int k) {
        return grid->polygons.polygon(std::size_t(k)).bounds().center();
    };
    QVERIFY(centre(0).y() > centre(3).y());
    QVERIFY(centre(0).x() < centre(1).x() && centre(1).x() < centre(2).x());
    QVERIFY(std::abs(centre(0).x() - centre(3).x()) < 0.0005);
}

void TestGridGenerator::mergesSmallPieces()
{
    // 1,020 m wide: the last 20 m strip of each row joins its western neighbour.
    auto grid = generateGrid({rectangle(1020, 300)}, options(0));
    QVERIFY(grid.ok());
    QCOMPARE(grid->size(), std::size_t(30));
    QCOMPARE(grid->mergedPieces, 3);
    int wide = 0;
    for (double a : grid->areaM2)
        wide += std::abs(a - 12000) < 1 ? 1 : 0;
    QCOMPARE(wide, 3);
    GridOptions keep = options(0);
    keep.mergeBelowFraction = 0;
    QCOMPARE(generateGrid({rectangle(1020, 300)}, keep)->size(), std::size_t(33));
}

void TestGridGenerator::neighbouringAreasShareVertices()
{
    // Two rectangles side by side, generated separately: together they tile their union.
    const Polygon west = rectangle(500, 500), east = rectangle(500, 500, rectangle(500, 500).outer[1]);
    auto a = generateGrid({west}, options(30));
    auto b = generateGrid({east}, options(30));
    QVERIFY(a.ok() && b.ok());
    FlatPolygons both = a->polygons;
    for (std::size_t k = 0; k < b->size(); ++k)
        both.add(b->polygons.polygon(k));
    GeneratedGrid joined;
    joined.polygons = both;
    joined.areaM2 = a->areaM2;
    joined.areaM2.insert(joined.areaM2.end(), b->areaM2.begin(), b->areaM2.end());
    Polygon union_ = west;
    union_.outer = {west.outer[0], east.outer[1], east.outer[2], west.outer[3], west.outer[0]};
    checkSeamless(joined, union_);
}

void TestGridGenerator::overflowsPastNineHundredNinetyNine()
{
    auto grid = generateGrid({rectangle(3200, 3200)}, options(0));
    QVERIFY(grid.ok());
    QCOMPARE(grid->size(), std::size_t(1024));
    const auto s = assignCodes(*grid, JurisdictionCode::parse(u"310101002001"_s).value());
    QVERIFY(!s.ok());
    QCOMPARE(s.errorMessage(), u"community 310101002001 has used all 999 serials of its 15-digit grid codes; "
                               u"split the community or use 15-digit codes"_s);
    QVERIFY(grid->codes.empty());
}

void TestGridGenerator::blocksCodeLargeDistricts()
{
    GridOptions o = options(10);
    o.blockCells = 10;
    auto grid = generateGrid({rectangle(2500, 1500)}, o);
    QVERIFY(grid.ok());
    QCOMPARE(grid->size(), std::size_t(375));
    auto communities = assignBlockCodes(*grid, JurisdictionCode::parse(u"310115"_s).value());
    QVERIFY2(communities.ok(), qPrintable(communities.errorMessage()));
    QCOMPARE(communities->size(), 6); // 3 × 2 blocks of 10 × 10 cells (the last ones partial)
    QCOMPARE(communities->first().text(), u"310115301001"_s);
    QCOMPARE(grid->codes.front().text(), u"310115301001001"_s);
    QSet<QString> unique;
    for (const auto &c : grid->codes)
        unique.insert(c.text());
    QCOMPARE(unique.size(), 375);
}

void TestGridGenerator::refusesBadInput_data()
{
    QTest::addColumn<QList<Polygon>>("area");
    QTest::addColumn<double>("cell");
    QTest::addColumn<double>("jitter");
    QTest::addColumn<QString>("message");
    QTest::newRow("no area") << QList<Polygon>() << 100.0 << 0.0
                             << u"the area to cut into unit grids is empty"_s;
    QTest::newRow("tiny cells") << QList<Polygon>{rectangle(100, 100)} << 0.5 << 0.0
                                << u"cell size 0.5 m is too small; unit grids are about 100 m"_s;
    QTest::newRow("too much jitter") << QList<Polygon>{rectangle(100, 100)} << 100.0 << 50.0
                                     << u"jitter 50 m must be between 0 and 40 % of the cell (40 m)"_s;
}

void TestGridGenerator::refusesBadInput()
{
    QFETCH(QList<Polygon>, area);
    QFETCH(double, cell);
    QFETCH(double, jitter);
    QFETCH(QString, message);
    GridOptions o = options(jitter);
    o.cellMetres = cell;
    auto grid = generateGrid(area, o);
    QVERIFY(!grid.ok());
    QCOMPARE(grid.errorMessage(), message);
}

void TestGridGenerator::cancels()
{
    std::atomic_bool cancel = true;
    auto grid = generateGrid({rectangle(1000, 1000)}, options(0), {}, &cancel);
    QVERIFY(!grid.ok());
    QCOMPARE(grid.errorCode(), ErrorCode::Cancelled);
}

QTEST_GUILESS_MAIN(TestGridGenerator)
#include "test_gridgenerator.moc"
