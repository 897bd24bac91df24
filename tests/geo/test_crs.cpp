// Coordinate systems: EPSG through PROJ, Shanghai 2000, and the GCJ-02 / BD-09 offsets on real stations.
#include "core/csv.h"
#include "geo/crs.h"

#include <QDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>
#include <vector>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {
const QString referenceDir = QStringLiteral(CG_SHARED_DIR "/data/reference");
}

class TestCrs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void projectsKnownPoints_data();
    void projectsKnownPoints();
    void roundTrips_data();
    void roundTrips();
    void parsesNames_data();
    void parsesNames();
    void refusesUnknownDefinitions();
    void stationsWithinHalfAMetre_data();
    void stationsWithinHalfAMetre();
    void inverseOffsetsUnderOneCentimetre();
    void outsideChinaHasNoOffset();
    void usableFromManyThreads();
};

void TestCrs::projectsKnownPoints_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("y");
    // People's Square (121.4737 E, 31.2304 N); expected values from gdaltransform (GDAL 3.6 / PROJ 9.1).
    QTest::newRow("EPSG:4549 GK CM 120") << u"EPSG:4549"_s << 640412.315036627 << 3457455.48858212;
    QTest::newRow("EPSG:3857 Web Mercator") << u"EPSG:3857"_s << 13522390.4287749 << 3662707.2570504;
    QTest::newRow("Shanghai 2000") << u"shanghai2000"_s << 500881.81259634 << 3456519.14173435;
    QTest::newRow("EPSG:4326 is CGCS2000 here") << u"EPSG:4326"_s << 121.4737 << 31.2304;
}

void TestCrs::projectsKnownPoints()
{
    QFETCH(QString, target);
    QFETCH(double, x);
    QFETCH(double, y);
    auto crs = Crs::fromString(target);
    QVERIFY2(crs.ok(), qPrintable(crs.errorMessage()));
    auto t = CrsTransform::create(Crs::cgcs2000(), *crs);
    QVERIFY(t.ok());
    auto p = t->transform(QPointF(121.4737, 31.2304));
    QVERIFY(p.ok());
    QVERIFY2(std::abs(p->x() - x) < 1e-3 && std::abs(p->y() - y) < 1e-3,
             qPrintable(u"got %1, %2"_s.arg(p->x(), 0, 'f', 6).arg(p->y(), 0, 'f', 6)));
}

void TestCrs::roundTrips_data()
{
    QTest::addColumn<QString>("crs");
    for (const char *name : {"EPSG:4549", "EPSG:3857", "shanghai2000", "gcj02", "bd09", "EPSG:4326"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestCrs::roundTrips()
{
    QFETCH(QString, crs);
    auto t = CrsTransform::create(Crs::cgcs2000(), Crs::fromString(crs).value());
    QVERIFY(t.ok());
    std::vector<double> xs, ys;
    for (double lon = 120.86; lon < 122.2; lon += 0.1) {
        for (double lat = 30.7; lat < 31.86; lat += 0.1) {
            xs.push_back(lon);
            ys.push_back(lat);
        }
    }
    std::vector<double> x = xs, y = ys;
    QVERIFY(t->transform(x.data(), y.data(), x.size()).ok());
    QVERIFY(t->inverse().transform(x.data(), y.data(), x.size()).ok());
    for (std::size_t i = 0; i < xs.size(); ++i)
        QVERIFY2(distanceMetres({xs[i], ys[i]}, {x[i], y[i]}) < 0.001, qPrintable(QString::number(i)));
}

void TestCrs::parsesNames_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("name");
    QTest::newRow("gcj02") << u"GCJ-02"_s << int(Crs::Kind::Gcj02) << u"GCJ-02"_s;
    QTest::newRow("bd09") << u"bd09"_s << int(Crs::Kind::Bd09) << u"BD-09"_s;
    QTest::newRow("4490") << u"4490"_s << int(Crs::Kind::Geographic) << u"EPSG:4490"_s;
    QTest::newRow("wgs84") << u"WGS84"_s << int(Crs::Kind::Geographic) << u"EPSG:4326"_s;
    QTest::newRow("epsg:4549") << u"epsg:4549"_s << int(Crs::Kind::Proj) << u"EPSG:4549"_s;
    QTest::newRow("shanghai 2000") << u"Shanghai 2000"_s << int(Crs::Kind::Proj) << u"Shanghai 2000"_s;
}

void TestCrs::parsesNames()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    QFETCH(QString, name);
    auto crs = Crs::fromString(text);
    QVERIFY2(crs.ok(), qPrintable(crs.errorMessage()));
    QCOMPARE(int(crs->kind()), kind);
    QCOMPARE(crs->name(), name);
}

void TestCrs::refusesUnknownDefinitions()
{
    auto crs = Crs::fromString(u"EPSG:999999"_s);
    QVERIFY(!crs.ok());
    QVERIFY2(crs.errorMessage().startsWith(u"PROJ does not understand the coordinate system 'EPSG:999999'"_s),
             qPrintable(crs.errorMessage()));
    QVERIFY(!Crs::fromString(u"  "_s).ok());
}

void TestCrs::stationsWithinHalfAMetre_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    const char *systems[] = {"wgs84", "gcj02", "bd09"};
    for (const char *a : systems) {
        for (const char *b : systems) {
            if (QByteArray(a) != QByteArray(b))
                QTest::addRow("%s -> %s", a, b) << QString::fromLatin1(a) << QString::fromLatin1(b);
        }
    }
}

void TestCrs::stationsWithinHalfAMetre()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    const QString path = referenceDir + u"/shanghai_metro_stations.csv"_s;
    if (!QFile::exists(path))
        QSKIP(qPrintable(u"reference data %1 is absent (CG_SHARED_DIR)"_s.arg(path)));
    auto table = CsvTable::readFile(path);
    QVERIFY2(table.ok(), qPrintable(table.errorMessage()));
    QCOMPARE(table->records().size(), 302);
    const auto columns = [](const QString &crs) {
        return crs == u"wgs84"_s   ? std::pair(u"lon"_s, u"lat"_s)
               : crs == u"gcj02"_s ? std::pair(u"gcj02_lon"_s, u"gcj02_lat"_s)
                                   : std::pair(u"bd09_lon"_s, u"bd09_lat"_s);
    };
    auto t = CrsTransform::create(Crs::fromString(from).value(), Crs::fromString(to).value());
    QVERIFY(t.ok());
    double worst = 0;
    QString worstName;
    for (const CsvRecord &r : table->records()) {
        const auto [fx, fy] = columns(from);
        const auto [tx, ty] = columns(to);
        const QPointF source(table->value(r, fx).toDouble(), table->value(r, fy).toDouble());
        const QPointF expected(table->value(r, tx).toDouble(), table->value(r, ty).toDouble());
        auto got = t->transform(source);
        QVERIFY(got.ok());
        const double d = distanceMetres(*got, expected);
        if (d > worst) {
            worst = d;
            worstName = table->value(r, u"name"_s);
        }
    }
    QVERIFY2(worst < 0.5, qPrintable(u"worst station %1 is %2 m off"_s.arg(worstName).arg(worst)));
}

void TestCrs::inverseOffsetsUnderOneCentimetre()
{
    for (double lon = 120.8; lon < 122.3; lon += 0.05) {
        for (double lat = 30.6; lat < 31.9; lat += 0.05) {
            const QPointF p(lon, lat);
            QVERIFY(distanceMetres(chinaoffset::gcj02ToWgs84(chinaoffset::wgs84ToGcj02(p)), p) < 0.01);
            QVERIFY(distanceMetres(chinaoffset::bd09ToGcj02(chinaoffset::gcj02ToBd09(p)), p) < 0.01);
        }
    }
    // The offsets themselves are the size DOMAIN.md §7 warns about.
    const QPointF square(121.4737, 31.2304);
    const double gcj = distanceMetres(square, chinaoffset::wgs84ToGcj02(square));
    const double bd = distanceMetres(square, chinaoffset::gcj02ToBd09(chinaoffset::wgs84ToGcj02(square)));
    QVERIFY2(gcj > 400 && gcj < 700, qPrintable(QString::number(gcj)));
    QVERIFY2(bd > 900 && bd < 1400, qPrintable(QString::number(bd)));
}

void TestCrs::outsideChinaHasNoOffset()
{
    const QPointF paris(2.35, 48.85);
    QCOMPARE(chinaoffset::wgs84ToGcj02(paris), paris);
    QCOMPARE(chinaoffset::gcj02ToWgs84(paris), paris);
}

void TestCrs::usableFromManyThreads()
{
    const CrsTransform t = CrsTransform::create(Crs::gcj02(), Crs::shanghai2000()).value();
    const QPointF expected = t.transform(QPointF(121.48, 31.22)).value();
    std::atomic_int bad = 0;
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&, t] {
            for (int k = 0; k < 2000; ++k) {
                auto p = t.transform(QPointF(121.48, 31.22));
                if (!p || *p != expected)
                    ++bad;
            }
        });
    }
    for (auto &thread : threads)
        thread.join();
    QCOMPARE(bad.load(), 0);
}

QTEST_GUILESS_MAIN(TestCrs)
#include "test_crs.moc"
