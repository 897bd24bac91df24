// Point → polygon on irregular polygons (concave, holes, shared edges) and point → grid → jurisdictions.
#include "geo/spatialindex.h"

#include <QTest>

#include <random>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {
Polygon ring(std::initializer_list<QPointF> points)
{
    Polygon p;
    p.outer = QList<QPointF>(points);
    p.outer.append(p.outer.first());
    return p;
}

// 0: an L (concave); 1: a square with a square hole; 2: a triangle sharing the L's east edge;
// 3: the island inside 1's hole.
FlatPolygons shapes()
{
    FlatPolygons f;
    f.add(ring({{0, 0}, {4, 0}, {4, 1}, {1, 1}, {1, 4}, {0, 4}}));
    Polygon holed = ring({{10, 0}, {14, 0}, {14, 4}, {10, 4}});
    holed.holes.append(ring({{11, 1}, {13, 1}, {13, 3}, {11, 3}}).outer);
    f.add(holed);
    f.add(ring({{4, 0}, {6, 0}, {4, 1}}));
    f.add(ring({{11.5, 1.5}, {12.5, 1.5}, {12.5, 2.5}, {11.5, 2.5}}));
    return f;
}
} // namespace

class TestSpatialIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void locatesPoints_data();
    void locatesPoints();
    void queriesRectangles();
    void locatesEveryPointOfATilingOnce();
    void locatesGridsAndJurisdictions();
    void emptyIndexFindsNothing();
};

void TestSpatialIndex::locatesPoints_data()
{
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("y");
    QTest::addColumn<int>("expected");
    QTest::newRow("in the L's foot") << 3.0 << 0.5 << 0;
    QTest::newRow("in the L's stem") << 0.5 << 3.5 << 0;
    QTest::newRow("in the L's notch (outside)") << 2.0 << 2.0 << -1;
    QTest::newRow("in the holed square's ring") << 10.5 << 2.0 << 1;
    QTest::newRow("in the hole, beside the island") << 11.2 << 2.0 << -1;
    QTest::newRow("on the island in the hole") << 12.0 << 2.0 << 3;
    QTest::newRow("in the triangle") << 4.5 << 0.2 << 2;
    QTest::newRow("on the shared edge x = 4: the east side owns it") << 4.0 << 0.5 << 2;
    QTest::newRow("west of everything") << -1.0 << 1.0 << -1;
    QTest::newRow("far away") << 100.0 << 100.0 << -1;
}

void TestSpatialIndex::locatesPoints()
{
    QFETCH(double, x);
    QFETCH(double, y);
    QFETCH(int, expected);
    const PolygonIndex index(shapes());
    QCOMPARE(index.locate(x, y), std::int64_t(expected));
}

void TestSpatialIndex::queriesRectangles()
{
    const PolygonIndex index(shapes());
    QCOMPARE(index.query(QRectF(QPointF(3.5, 0.2), QPointF(4.5, 0.4))), (std::vector<std::uint32_t>{0, 2}));
    QCOMPARE(index.query(QRectF(QPointF(11.9, 1.9), QPointF(12.1, 2.1))), (std::vector<std::uint32_t>{1, 3}));
    QCOMPARE(index.query(QRectF(QPointF(7, 0), QPointF(9, 4))), (std::vector<std::uint32_t>{}));
    QCOMPARE(index.query(QRectF(QPointF(-10, -10), QPointF(20, 20))).size(), std::size_t(4));
}

void TestSpatialIndex::locatesEveryPointOfATilingOnce()
{
    // A 50 × 40 tiling of skewed quads sharing vertices: every point inside belongs to exactly one.
    constexpr int nx = 50, ny = 40;
    auto vertex = [](int i, int j) {
        return QPointF(i + 0.3 * std::sin(i * 1.7 + j * 0.9), j + 0.3 * std::cos(i * 0.7 - j * 1.3));
    };
    FlatPolygons f;
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i)
            f.add(ring({vertex(i, j), vertex(i + 1, j), vertex(i + 1, j + 1), vertex(i, j + 1)}));
    const PolygonIndex index(std::move(f));
    std::mt19937 random(7);
    std::uniform_real_distribution<double> ux(1, nx - 1), uy(1, ny - 1);
    for (int k = 0; k < 20000; ++k) {
        const double x = ux(random), y = uy(random);
        int owners = 0;
        for (std::uint32_t id : index.query(QRectF(QPointF(x, y), QPointF(x, y))))
            owners += index.polygons().contains(id, x, y) ? 1 : 0;
        QVERIFY2(owners == 1, qPrintable(u"(%1, %2) is in %3 polygons"_s.arg(x).arg(y).arg(owners)));
        QVERIFY(index.locate(x, y) >= 0);
    }
    // Shared vertices exactly: each belongs to one polygon too.
    for (int j = 1; j < ny; ++j) {
        for (int i = 1; i < nx; ++i) {
            const QPointF v = vertex(i, j);
            int owners = 0;
            for (std::uint32_t id : index.query(QRectF(v, v)))
                owners += index.polygons().contains(id, v.x(), v.y()) ? 1 : 0;
            QCOMPARE(owners, 1);
        }
    }
}

void TestSpatialIndex::locatesGridsAndJurisdictions()
{
    FlatPolygons f;
    f.add(ring({{121.470, 31.230}, {121.471, 31.230}, {121.471, 31.231}, {121.470, 31.231}}));
    f.add(ring({{121.471, 31.230}, {121.472, 31.2302}, {121.4718, 31.231}, {121.471, 31.231}}));
    const UnitGridLocator locator(std::move(f), {UnitGridCode::parse(u"310101002001001"_s).value(),
                                                 UnitGridCode::parse(u"310101002001002"_s).value()});
    const auto l = locator.locate(QPointF(121.4715, 31.2305));
    QVERIFY(l.has_value());
    QCOMPARE(l->grid.text(), u"310101002001002"_s);
    QCOMPARE(l->community.text(), u"310101002001"_s);
    QCOMPARE(l->street.text(), u"310101002"_s);
    QCOMPARE(l->district.text(), u"310101"_s);
    QVERIFY(!locator.locate(QPointF(121.48, 31.2305)).has_value());
}

void TestSpatialIndex::emptyIndexFindsNothing()
{
    const PolygonIndex index{FlatPolygons()};
    QCOMPARE(index.locate(0, 0), std::int64_t(-1));
    QVERIFY(index.query(QRectF(0, 0, 1, 1)).empty());
}

QTEST_GUILESS_MAIN(TestSpatialIndex)
#include "test_spatialindex.moc"
