// The live map: the case layer follows the change feed with the changed cases only (never a reload of all
// cases), a change recolours or moves exactly one symbol, a burst of changes is one fetch and one redraw, and
// only the case layer's cached image goes stale.
#include "map/caselayer.h"
#include "map/gridlayer.h"
#include "map/livecases.h"
#include "map/maprenderjob.h"
#include "map/mapstyle.h"

#include "latticecity.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;
using namespace cg::test;

namespace {

JurisdictionCode code(const QString &text)
{
    return JurisdictionCode::parse(text).value();
}

// Cases and a change feed in memory; counts what the live map reads.
class FakeCases : public CaseRepository
{
public:
    QHash<qint64, CaseRecord> cases;
    QList<ChangeEntry> feed;
    int findCalls = 0;
    int pageCalls = 0;

    void change(const CaseRecord &record)
    {
        cases.insert(record.id, record);
        ChangeEntry e;
        e.id = feed.size() + 1;
        e.caseId = record.id;
        feed.append(e);
    }

    Result<CaseRecord> findCase(qint64 id) override
    {
        ++findCalls;
        if (!cases.contains(id))
            return makeError(ErrorCode::NotFound, u"no case %1"_s.arg(id));
        return cases.value(id);
    }
    Result<CaseRecord> findCaseByNumber(const QString &) override
    {
        return makeError(ErrorCode::NotFound, {});
    }
    Result<QList<CaseEvent>> events(qint64) override { return QList<CaseEvent>(); }
    Result<std::optional<CaseEvent>> findEventByRequestId(const QString &) override
    {
        return std::optional<CaseEvent>();
    }
    Result<CaseRecord> createCase(CaseRecord, CaseEvent) override
    {
        return makeError(ErrorCode::Storage, {});
    }
    Result<CaseRecord> updateCase(CaseRecord, int, CaseEvent) override
    {
        return makeError(ErrorCode::Storage, {});
    }
    Result<CasePage> casePage(const CaseQuery &) override
    {
        ++pageCalls;
        return CasePage();
    }
    Result<QHash<CaseState, int>> countByState(const CaseQuery &) override { return QHash<CaseState, int>(); }
    Result<QList<CaseRecord>> casesDueBefore(const QDateTime &, int) override { return QList<CaseRecord>(); }
    Result<QList<CaseRecord>> casesToResume(const QDateTime &, int) override { return QList<CaseRecord>(); }
    Result<QList<ChangeEntry>> changesSince(qint64 lastSeenId, int limit) override
    {
        QList<ChangeEntry> out;
        for (const ChangeEntry &e : std::as_const(feed)) {
            if (e.id > lastSeenId && out.size() < limit)
                out.append(e);
        }
        return out;
    }
};

CaseRecord record(qint64 id, CaseState state, double lon, double lat,
                  const QString &community = u"310101002001"_s)
{
    CaseRecord c;
    c.id = id;
    c.state = state;
    c.longitude = lon;
    c.latitude = lat;
    c.community = code(community);
    return c;
}

// The bounding box of the pixels that differ between two images.
QRect differingPixels(const QImage &a, const QImage &b)
{
    QRect box;
    for (int y = 0; y < a.height(); ++y) {
        const QRgb *p = reinterpret_cast<const QRgb *>(a.constScanLine(y));
        const QRgb *q = reinterpret_cast<const QRgb *>(b.constScanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            if (p[x] != q[x])
                box = box.united(QRect(x, y, 1, 1));
        }
    }
    return box;
}

QImage render(MapLayer &layer, const MapSettings &s)
{
    QImage image(s.outputSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    RenderContext context{s, std::make_shared<std::atomic_bool>(false)};
    if (auto r = layer.createRenderer(s))
        r->render(image, context);
    return image;
}

// A layer that counts the renderers it makes (a stand-in for the grid layer whose cache must survive).
class CountingLayer : public MapLayer
{
public:
    explicit CountingLayer(MapLayer *inner)
        : MapLayer(u"counted-"_s + inner->id())
        , mInner(inner)
    {}
    int renderers = 0;
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &s) override
    {
        ++renderers;
        return mInner->createRenderer(s);
    }

private:
    MapLayer *mInner;
};

} // namespace

class TestLiveCases : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheChangedCasesOnly();
    void withChangesRecoloursInPlaceAndMovesToTheTail();
    void aChangeRecoloursExactlyOneSymbol();
    void aMoveRedrawsTheOldAndNewPlaceOnly();
    void aBurstOfChangesIsOneFetchAndOneRedraw();
    void onlyTheCaseLayerIsDrawnAgain();
    void manyChangesRebuildTheIndex();
};

void TestLiveCases::readsTheChangedCasesOnly()
{
    FakeCases repo;
    for (qint64 id = 1; id <= 1000; ++id)
        repo.cases.insert(id, record(id, CaseState::Dispatched, 121.47 + id * 1e-5, 31.23));
    // Case 7 changes three times, case 8 moves to another district, case 9 loses its position.
    repo.change(record(7, CaseState::Handled, 121.471, 31.231));
    repo.change(record(8, CaseState::Dispatched, 121.472, 31.232, u"310104001001"_s));
    repo.change(record(7, CaseState::Checking, 121.471, 31.231));
    repo.change(record(9, CaseState::Filed, 0, 0));
    repo.change(record(7, CaseState::Closed, 121.471, 31.231));
    CaseQuery scope;
    scope.scope = code(u"310101"_s);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto changes = readCaseChanges(repo, 0, scope, now);
    QVERIFY2(changes, qPrintable(changes.errorMessage()));
    QCOMPARE(repo.findCalls, 3); // one read per changed case, not per feed entry, never all 1000
    QCOMPARE(repo.pageCalls, 0);
    QCOMPARE(changes->feedEntries, 5);
    QCOMPARE(changes->lastChangeId, 5);
    QCOMPARE(changes->more, false);
    QCOMPARE(changes->upserts.size(), size_t(1));
    QCOMPARE(changes->upserts[0].id, 7);
    QCOMPARE(changes->upserts[0].state, uint8_t(CaseState::Closed));
    QCOMPARE(changes->upserts[0].flags, uint8_t(0)); // closed: not open
    QCOMPARE(changes->removed, (std::vector<qint64>{8, 9}));
    // Nothing new after the last id; a limit of 2 says there is more.
    auto none = readCaseChanges(repo, 5, scope, now);
    QVERIFY(none && none->upserts.empty() && none->removed.empty() && none->lastChangeId == 5);
    auto first = readCaseChanges(repo, 0, scope, now, 2);
    QVERIFY(first && first->more && first->lastChangeId == 2);
}

void TestLiveCases::withChangesRecoloursInPlaceAndMovesToTheTail()
{
    CasePoints::Builder b;
    for (int i = 0; i < 100; ++i)
        b.add({i + 1, 310101002001001, 121.47 + i * 1e-4, 31.23, uint8_t(CaseState::Dispatched),
               CasePoints::Open});
    const auto before = b.build();
    QCOMPARE(before->openInGrid(310101002001001), 100);
    // Case 5 recoloured in place (handled, still open), case 6 moved and closed, case 7 removed, case 500
    // new.
    const QPointF p5 = before->position(before->indexOfId(5));
    const auto after = before->withChanges(
        {{5, 310101002001001, 121.47 + 4e-4, 31.23, uint8_t(CaseState::Handled), CasePoints::Open},
         {6, 310101002001002, 121.48, 31.24, uint8_t(CaseState::Closed), 0},
         {500, 310101002001002, 121.475, 31.235, uint8_t(CaseState::Reported), CasePoints::Open}},
        {7});
    QCOMPARE(before->state(before->indexOfId(5)), uint8_t(CaseState::Dispatched)); // the old one is untouched
    QCOMPARE(after->count(), size_t(100));
    QCOMPARE(after->size(), size_t(102)); // two new slots (6 moved, 500 new), two removed (6's old, 7)
    QCOMPARE(after->unindexedCount(), size_t(2));
    QCOMPARE(after->indexOfId(5), before->indexOfId(5));
    QCOMPARE(after->state(after->indexOfId(5)), uint8_t(CaseState::Handled));
    QCOMPARE(after->position(after->indexOfId(5)), p5);
    QCOMPARE(after->indexOfId(7), -1);
    QCOMPARE(after->openCount(), 99); // 100 - 6 (closed) - 7 (removed) + 500 (new)
    QCOMPARE(after->openInGrid(310101002001001), 98);
    QCOMPARE(after->openInGrid(310101002001002), 1);
    // The moved case is found at its new place, not at its old one; the removed one nowhere.
    const QPointF at6 = WebMercator::fromLonLat(121.48, 31.24);
    QList<qint64> found;
    after->forEachIn(QRectF(at6 - QPointF(5, 5), QSizeF(10, 10)), [&](int i) { found.append(after->id(i)); });
    QCOMPARE(found, QList<qint64>{6});
    found.clear();
    after->forEachIn(after->extent().adjusted(-10, -10, 10, 10), [&](int i) { found.append(after->id(i)); });
    QCOMPARE(found.size(), 100);
    QVERIFY(!found.contains(7));
    QCOMPARE(found.count(6), 1);
}

void TestLiveCases::aChangeRecoloursExactlyOneSymbol()
{
    CasePoints::Builder b;
    for (int i = 0; i < 40; ++i)
        b.add({i + 1, 0, 121.47 + (i % 8) * 4e-4, 31.23 + (i / 8) * 4e-4, uint8_t(CaseState::Dispatched),
               CasePoints::Open});
    CaseLayer layer;
    layer.setData(b.build());
    MapSettings s;
    s.setOutputSize(QSize(400, 300));
    s.setCenter(WebMercator::fromLonLat(121.4714, 31.2308));
    s.setResolution(1.0);
    const QImage before = render(layer, s);
    const int slot = layer.data()->indexOfId(12);
    const QPointF pixel = s.toPixel(layer.data()->position(slot));
    const auto changed =
        layer.data()->withChanges({{12, 0, 121.47 + 3 * 4e-4, 31.23 + 4e-4, uint8_t(CaseState::Dispatched),
                                    uint8_t(CasePoints::Open | CasePoints::Overdue)}},
                                  {});
    layer.setData(changed);
    const QImage after = render(layer, s);
    const QRect diff = differingPixels(before, after);
    QVERIFY(!diff.isEmpty());
    // Only the one symbol (radius 6 px + rim) changed colour, around case 12's pixel.
    QVERIFY2(QRectF(pixel - QPointF(12, 12), QSizeF(24, 24)).contains(QRectF(diff)),
             qPrintable(u"%1,%2 %3x%4 around %5,%6"_s.arg(diff.x())
                            .arg(diff.y())
                            .arg(diff.width())
                            .arg(diff.height())
                            .arg(pixel.x())
                            .arg(pixel.y())));
    const QRgb centre = after.pixel(pixel.toPoint());
    const QColor red = MapStyle::overdueColour();
    QVERIFY2(qAbs(qRed(centre) - red.red()) < 8 && qAbs(qGreen(centre) - red.green()) < 8,
             qPrintable(QColor(centre).name()));
}

void TestLiveCases::aMoveRedrawsTheOldAndNewPlaceOnly()
{
    CasePoints::Builder b;
    for (int i = 0; i < 40; ++i)
        b.add({i + 1, 0, 121.47 + (i % 8) * 4e-4, 31.23 + (i / 8) * 4e-4, uint8_t(CaseState::Dispatched),
               CasePoints::Open});
    CaseLayer layer;
    layer.setData(b.build());
    MapSettings s;
    s.setOutputSize(QSize(400, 300));
    s.setCenter(WebMercator::fromLonLat(121.4714, 31.2308));
    s.setResolution(1.0);
    const QImage before = render(layer, s);
    const QPointF from = s.toPixel(layer.data()->position(layer.data()->indexOfId(1)));
    const QPointF to = s.toPixel(WebMercator::fromLonLat(121.4702, 31.2302));
    layer.setData(layer.data()->withChanges(
        {{1, 0, 121.4702, 31.2302, uint8_t(CaseState::Dispatched), CasePoints::Open}}, {}));
    const QImage after = render(layer, s);
    // Every differing pixel is near the old or the new place.
    const QRectF a(from - QPointF(12, 12), QSizeF(24, 24)), c(to - QPointF(12, 12), QSizeF(24, 24));
    int differing = 0;
    for (int y = 0; y < before.height(); ++y) {
        for (int x = 0; x < before.width(); ++x) {
            if (before.pixel(x, y) == after.pixel(x, y))
                continue;
            ++differing;
            QVERIFY2(a.contains(QPointF(x, y)) || c.contains(QPointF(x, y)),
                     qPrintable(u"pixel %1,%2 changed"_s.arg(x).arg(y)));
        }
    }
    QVERIFY(differing > 50);
    QCOMPARE(qAlpha(after.pixel(from.toPoint())), 0); // the old place is empty now
    QVERIFY(qAlpha(after.pixel(to.toPoint())) > 200);
}

void TestLiveCases::aBurstOfChangesIsOneFetchAndOneRedraw()
{
    FakeCases repo;
    CasePoints::Builder b;
    for (qint64 id = 1; id <= 200; ++id) {
        const CaseRecord c = record(id, CaseState::Dispatched, 121.47 + id * 1e-5, 31.23);
        repo.cases.insert(id, c);
        b.add(caseMapInput(c, QDateTime::currentDateTimeUtc()));
    }
    CaseLayer layer;
    CaseQuery scope;
    scope.scope = code(u"310101"_s);
    int fetches = 0;
    LiveCases live(&layer, [&](qint64 after) {
        ++fetches;
        return QtFuture::makeReadyFuture(
            readCaseChanges(repo, after, scope, QDateTime::currentDateTimeUtc()));
    });
    live.setMergeInterval(20);
    live.setBaseline(b.build(), 0);
    const quint64 revision = layer.revision();
    QSignalSpy repaints(&layer, &MapLayer::repaintRequested);
    QSignalSpy changed(&live, &LiveCases::casesChanged);
    // 100 changes to 100 cases, each followed by the store's signal.
    for (qint64 id = 1; id <= 100; ++id) {
        repo.change(record(id, CaseState::Handled, 121.47 + id * 1e-5, 31.23));
        live.storeChanged();
    }
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(fetches, 1);
    QCOMPARE(repaints.size(), 1);
    QCOMPARE(layer.revision(), revision + 1);
    QCOMPARE(repo.findCalls, 100);
    QCOMPARE(live.lastChangeId(), 100);
    QCOMPARE(changed.at(0).at(1).value<QList<qint64>>().size(), 100);
    const auto &cases = *layer.data();
    QCOMPARE(cases.count(), size_t(200));
    QCOMPARE(cases.state(cases.indexOfId(100)), uint8_t(CaseState::Handled));
    QCOMPARE(cases.state(cases.indexOfId(101)), uint8_t(CaseState::Dispatched));
    // A signal with nothing new in the feed fetches once more and draws nothing.
    live.storeChanged();
    QTRY_COMPARE(fetches, 2);
    QTRY_VERIFY(!live.isFetching());
    QCOMPARE(repaints.size(), 1);
}

void TestLiveCases::onlyTheCaseLayerIsDrawnAgain()
{
    LatticeOptions o;
    o.columns = 40;
    o.rows = 30;
    const auto grids = makeLatticeGrids(o);
    GridLayer gridLayer;
    gridLayer.setData(grids);
    CountingLayer counted(&gridLayer);
    CaseLayer caseLayer;
    caseLayer.setData(makeLatticeCases(o, *grids, 500));
    MapSettings s;
    s.setOutputSize(QSize(320, 240));
    s.setExtent(grids->extent());
    LayerImageCache cache;
    auto renderOnce = [&] {
        MapRenderJob job(s, {&counted, &caseLayer}, &cache);
        QSignalSpy finished(&job, &MapRenderJob::finished);
        job.start();
        QVERIFY(finished.wait(10000) || !job.isActive());
    };
    renderOnce();
    QCOMPARE(counted.renderers, 1);
    QVERIFY(cache.find(counted, s) && cache.find(caseLayer, s));
    const int id = int(caseLayer.data()->id(0));
    caseLayer.setData(
        caseLayer.data()->withChanges({{id, 0, 121.47, 31.23, uint8_t(CaseState::Closed), 0}}, {}));
    QVERIFY(cache.find(counted, s));    // the grid layer's image is still valid
    QVERIFY(!cache.find(caseLayer, s)); // the case layer's is stale
    renderOnce();
    QCOMPARE(counted.renderers, 1); // served from the cache
    QVERIFY(cache.find(caseLayer, s));
}

void TestLiveCases::manyChangesRebuildTheIndex()
{
    CasePoints::Builder b;
    for (int i = 0; i < 20000; ++i)
        b.add({i + 1, 0, 121.4 + (i % 200) * 1e-3, 31.2 + (i / 200) * 1e-3, uint8_t(CaseState::Filed),
               CasePoints::Open});
    auto cases = b.build();
    std::vector<CasePoints::Input> moved;
    for (int i = 0; i < 5000; ++i)
        moved.push_back({i + 1, 0, 121.4 + (i % 200) * 1e-3 + 5e-4, 31.2 + (i / 200) * 1e-3,
                         uint8_t(CaseState::Filed), CasePoints::Open});
    const auto after = cases->withChanges(moved, {});
    QCOMPARE(after->count(), size_t(20000));
    QCOMPARE(after->size(), size_t(20000)); // rebuilt: no removed slots, everything indexed
    QCOMPARE(after->unindexedCount(), size_t(0));
    int found = 0;
    after->forEachIn(after->extent().adjusted(-1, -1, 1, 1), [&](int) { ++found; });
    QCOMPARE(found, 20000);
}

QTEST_GUILESS_MAIN(TestLiveCases)
#include "test_livecases.moc"
