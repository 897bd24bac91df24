// GeodataStore: the migration-4 tables (components, points of interest, responsibility grids and their
// cells) written in bulk inside one batch and read back, on SQLite and (CG_TEST_STORE=postgresql, the CTest
// fixture's server) on PostgreSQL; a failing write inside the batch leaves nothing behind.
#include "store/geodatastore.h"

#include "geo/geometry.h"
#include "store/sqlstore.h"
#include "support/pgtest.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

JurisdictionCode code(const QString &text)
{
    return JurisdictionCode::parse(text).value();
}

Polygon square(double x, double y, double side)
{
    Polygon p;
    p.outer = {{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}};
    return p;
}

ComponentRecord component(int serial, double lon, double lat, const QString &grid = {})
{
    ComponentRecord c;
    c.code = u"31010101001%1"_s.arg(serial, 6, 10, QLatin1Char('0'));
    c.classCode = u"01001"_s;
    c.name = u"上水井盖 %1"_s.arg(serial);
    c.gridCode = grid;
    c.longitude = lon;
    c.latitude = lat;
    c.attributes = u"{\"owner\":\"排水公司\"}"_s;
    return c;
}

} // namespace

class TestGeodataStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;
    std::unique_ptr<SqlStore> mStore;
    QString mPgUrl;

private Q_SLOTS:
    void initTestCase()
    {
        QString location = mDir.filePath(u"geodata.sqlite"_s);
        if (test::testsRunOnPostgres()) {
            auto url = test::createPgTestDatabase(true);
            QVERIFY2(url, qPrintable(url.errorMessage()));
            location = mPgUrl = *url;
        }
        auto store = SqlStore::open(location);
        QVERIFY2(store, qPrintable(store.errorMessage()));
        mStore = std::move(store).value();
        QCOMPARE(mStore->isPostgres(), test::testsRunOnPostgres());
        // Huangpu, a street, a community and four unit grids of 0.001° in a row.
        for (const auto &[c, n] : {std::pair{u"310000"_s, u"上海市"_s},
                                   {u"310101"_s, u"黄浦区"_s},
                                   {u"310101002"_s, u"南京东路街道"_s},
                                   {u"310101002001"_s, u"社区一"_s}})
            QVERIFY(mStore->addJurisdiction({code(c), n, AreaClass::A}));
        for (int i = 0; i < 4; ++i) {
            UnitGrid g;
            g.code = UnitGridCode::parse(u"310101002001%1"_s.arg(i + 1, 3, 10, QLatin1Char('0'))).value();
            g.community = code(u"310101002001"_s);
            const Polygon p = square(121.47 + i * 0.001, 31.23, 0.001);
            g.wkb = toWkb(p).value();
            const QRectF box = p.bounds();
            g.minX = box.left();
            g.minY = box.top();
            g.maxX = box.right();
            g.maxY = box.bottom();
            g.areaM2 = p.areaM2();
            QVERIFY(mStore->addGrid(g));
        }
    }

    void cleanupTestCase()
    {
        mStore.reset();
        if (!mPgUrl.isEmpty())
            test::dropPgTestDatabase(mPgUrl);
    }

    void componentsInBulkAndBack()
    {
        GeodataStore geodata(*mStore);
        QList<ComponentRecord> rows;
        // 250 components (two full statements and a tail), in reverse code order.
        for (int i = 250; i >= 1; --i)
            rows.append(component(i, 121.4705 + (i % 4) * 0.001, 31.2305,
                                  u"310101002001%1"_s.arg(i % 4 + 1, 3, 10, QLatin1Char('0'))));
        rows[0].gridCode.clear(); // one outside every grid
        rows[0].status = u"damaged"_s;
        QList<std::pair<qint64, qint64>> progress;
        QVERIFY(mStore->beginBatch());
        const Status s = geodata.addComponents(rows, [&](qint64 done, qint64 total) {
            progress.append({done, total});
        });
        QVERIFY2(s, qPrintable(s.errorMessage()));
        QVERIFY(mStore->commitBatch());
        QCOMPARE(progress.last(), (std::pair<qint64, qint64>(250, 250)));
        QCOMPARE(geodata.componentCount().value(), 250);
        // Read back: all, by box, by grid.
        QList<ComponentRecord> all;
        QVERIFY(geodata.forEachComponent({}, [&](const ComponentRecord &c) { all.append(c); }));
        QCOMPARE(all.size(), 250);
        const auto first = std::find_if(all.begin(), all.end(), [](const ComponentRecord &c) {
            return c.code == u"31010101001000250"_s;
        });
        QVERIFY(first != all.end());
        QCOMPARE(first->gridCode, QString());
        QCOMPARE(first->status, u"damaged"_s);
        QCOMPARE(first->classCode, u"01001"_s);
        QCOMPARE(first->name, u"上水井盖 250"_s);
        QCOMPARE(first->attributes, u"{\"owner\":\"排水公司\"}"_s);
        QCOMPARE(first->unitId, 0);
        QCOMPARE(first->longitude, 121.4705 + 2 * 0.001);
        int inFirstGrid = 0;
        QVERIFY(geodata.forEachComponent(QRectF(QPointF(121.47, 31.23), QPointF(121.471, 31.231)),
                                         [&](const ComponentRecord &c) {
                                             QCOMPARE(c.gridCode, u"310101002001001"_s);
                                             ++inFirstGrid;
                                         }));
        QCOMPARE(inFirstGrid, 62); // i % 4 == 0 for i in 1..250
        auto inGrid = geodata.componentsInGrid(u"310101002001002"_s);
        QVERIFY(inGrid);
        QCOMPARE(inGrid->size(), 63);
        QCOMPARE(inGrid->first().code, u"31010101001000001"_s);
    }

    void aDuplicateRollsTheBatchBack()
    {
        GeodataStore geodata(*mStore);
        QList<ComponentRecord> rows{component(900, 121.4705, 31.2305), component(7, 121.4705, 31.2305)};
        QVERIFY(mStore->beginBatch());
        const Status s = geodata.addComponents(rows);
        QVERIFY(!s);
        QCOMPARE(s.errorCode(), ErrorCode::Duplicate);
        QVERIFY2(s.errorMessage().contains(u"already in the store"_s), qPrintable(s.errorMessage()));
        if (!mStore->isPostgres())
            QCOMPARE(s.errorMessage(), u"component 31010101001000007 is already in the store"_s);
        mStore->rollbackBatch();
        QCOMPARE(geodata.componentCount().value(), 250); // 900 is not there either
        QList<ComponentRecord> twice{component(901, 121.47, 31.23), component(901, 121.47, 31.23)};
        QVERIFY(mStore->beginBatch());
        const Status d = geodata.addComponents(twice);
        mStore->rollbackBatch();
        QCOMPARE(d.errorCode(), ErrorCode::Duplicate);
        QVERIFY2(d.errorMessage().contains(u"31010101001000901"_s), qPrintable(d.errorMessage()));
        QCOMPARE(geodata.componentCount().value(), 250);
    }

    void pointsOfInterestAndResponsibilityGrids()
    {
        GeodataStore geodata(*mStore);
        QVERIFY(mStore->beginBatch());
        QVERIFY(geodata.addPointsOfInterest(
            {{0, u"metro"_s, u"南京东路站"_s, 121.4785, 31.2383, u"{\"lines\":\"2;10\"}"_s},
             {0, u"school"_s, u"格致中学"_s, 121.4789, 31.2358, {}}}));
        ResponsibilityGrid west;
        west.code = u"310101002R01"_s;
        west.name = u"南京东路 1 号责任网格"_s;
        west.street = code(u"310101002"_s);
        const Polygon p = square(121.47, 31.23, 0.002);
        west.wkb = toWkb(p).value();
        west.minX = 121.47;
        west.minY = 31.23;
        west.maxX = 121.472;
        west.maxY = 31.232;
        west.cells = {u"310101002001001"_s, u"310101002001002"_s};
        QVERIFY(geodata.addResponsibilityGrid(west));
        QVERIFY(west.id > 0);
        QVERIFY(mStore->commitBatch());
        QCOMPARE(geodata.pointOfInterestCount().value(), 2);
        QList<PointOfInterest> pois;
        QVERIFY(geodata.forEachPointOfInterest([&](const PointOfInterest &poi) { pois.append(poi); }));
        QCOMPARE(pois.size(), 2);
        QCOMPARE(pois[0].kind, u"metro"_s);
        QCOMPARE(pois[0].name, u"南京东路站"_s);
        QCOMPARE(pois[0].attributes, u"{\"lines\":\"2;10\"}"_s);
        QCOMPARE(pois[1].attributes, u"{}"_s);
        auto grids = geodata.responsibilityGrids();
        QVERIFY(grids);
        QCOMPARE(grids->size(), 1);
        QCOMPARE(grids->first().name, west.name);
        QCOMPARE(grids->first().street.text(), u"310101002"_s);
        QCOMPARE(grids->first().cells, west.cells);
        QCOMPARE(polygonFromWkb(grids->first().wkb).value().outer, p.outer);
        // A unit grid belongs to one responsibility grid: the second claim fails and is rolled back.
        ResponsibilityGrid east = west;
        east.code = u"310101002R02"_s;
        east.cells = {u"310101002001003"_s, u"310101002001002"_s};
        QVERIFY(mStore->beginBatch());
        const Status s = geodata.addResponsibilityGrid(east);
        mStore->rollbackBatch();
        QCOMPARE(s.errorCode(), ErrorCode::Duplicate);
        QCOMPARE(s.errorMessage(),
                 u"unit grid 310101002001002 of responsibility grid 310101002R02 already belongs "
                 u"to another responsibility grid"_s);
        QCOMPARE(geodata.responsibilityGridCount().value(), 1);
    }

    void locatorOverTheStoresGrids()
    {
        GeodataStore geodata(*mStore);
        auto locator = geodata.unitGridLocator();
        QVERIFY2(locator, qPrintable(locator.errorMessage()));
        QCOMPARE(locator->codes().size(), size_t(4));
        const auto at = locator->locate(QPointF(121.4725, 31.2305));
        QVERIFY(at);
        QCOMPARE(at->grid.text(), u"310101002001003"_s);
        QCOMPARE(at->community.text(), u"310101002001"_s);
        QCOMPARE(at->street.text(), u"310101002"_s);
        QCOMPARE(at->district.text(), u"310101"_s);
        QVERIFY(!locator->locate(QPointF(121.48, 31.2305)));
    }
};

QTEST_GUILESS_MAIN(TestGeodataStore)
#include "test_geodatastore.moc"
