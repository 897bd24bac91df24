// citygrid-admin import / generate-grid / export gpkg, end to end: the built program on temporary stores.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {
const QString adminProgram = QStringLiteral(CG_BINARY_DIR "/bin/citygrid-admin");
const QString referenceDir = QStringLiteral(CG_SHARED_DIR "/data/reference");

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QStringList &arguments)
{
    QProcess p;
    p.start(adminProgram, arguments);
    Run r;
    if (!p.waitForFinished(120000)) {
        r.err = u"citygrid-admin did not finish"_s;
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString ogrinfo(const QStringList &arguments)
{
    QProcess p;
    p.start(u"ogrinfo"_s, arguments);
    p.waitForFinished(30000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

// Two districts side by side, 1.2 km × 1 km each, as GeoJSON in CGCS2000 (no "crs" member: WGS-84 lon/lat).
QByteArray districts()
{
    const double dx = 1200 / 95330.0, dy = 1000 / 110860.0;
    auto box = [&](double x0) {
        return u"[[[%1, 31.2], [%2, 31.2], [%2, %3], [%1, %3], [%1, 31.2]]]"_s.arg(x0, 0, 'f', 7)
            .arg(x0 + dx, 0, 'f', 7)
            .arg(31.2 + dy, 0, 'f', 7);
    };
    return (uR"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"adcode": "310101", "name": "黄浦区"}, "geometry": {"type": "Polygon", "coordinates": %1}},
{"type": "Feature", "properties": {"adcode": "310104", "name": "徐汇区"}, "geometry": {"type": "Polygon", "coordinates": %2}}
]})"_s.arg(box(121.45), box(121.45 + dx)))
        .toUtf8();
}

bool write(const QString &path, const QByteArray &content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}
} // namespace

class TestGeoCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void importsJurisdictions();
    void refusesAGridFileAndWritesNothing();
    void generatesGridsIntoTheStore();
    void exportsAGeoPackageAndAProject();
    void shanghaiDistrictsAndHuangpuGrids();
    void wrongCrsGuessIsRefused();
    void usageErrors_data();
    void usageErrors();

private:
    QTemporaryDir mDir;
    QString mStore;
    QString mDistricts;
};

void TestGeoCommands::initTestCase()
{
    QVERIFY(QFile::exists(adminProgram));
    mStore = mDir.filePath(u"geo.sqlite"_s);
    mDistricts = mDir.filePath(u"districts.geojson"_s);
    QVERIFY(write(mDistricts, districts()));
    QCOMPARE(run({u"--store"_s, mStore, u"init"_s}).exitCode, 0);
}

void TestGeoCommands::importsJurisdictions()
{
    const Run missing =
        run({u"--store"_s, mStore, u"import"_s, u"--kind"_s, u"jurisdictions"_s, u"--file"_s, mDistricts});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(
        missing.out.contains(u"feature 0 (310101): city 310000 is not in the store; import it first, or pass "
                             u"--create-parents\n"_s),
        qPrintable(missing.out));
    QVERIFY2(missing.err.endsWith(
                 u"citygrid-admin: %1 refused: 1 error(s); nothing was imported\n"_s.arg(mDistricts)),
             qPrintable(missing.err));
    const Run r = run({u"--store"_s, mStore, u"import"_s, u"--kind"_s, u"jurisdictions"_s, u"--file"_s,
                       mDistricts, u"--create-parents"_s});
    QCOMPARE(r.exitCode, 0);
    static const QRegularExpression done(
        u"\nimported 2 jurisdictions from .+districts.geojson into .+geo.sqlite "
        u"\\(and 1 missing parent jurisdiction\\(s\\), named by their codes\\) in [0-9.]+ s\n$"_s);
    QVERIFY2(done.match(r.out).hasMatch(), qPrintable(r.out));
}

void TestGeoCommands::refusesAGridFileAndWritesNothing()
{
    // Two overlapping cells of community 310101002001: refused, nothing written (the store has no grids
    // after).
    const QString grids = mDir.filePath(u"bad-grids.csv"_s);
    QVERIFY(write(
        grids,
        "code,wkt\n"
        "310101002001001,\"POLYGON((121.45 31.2,121.451 31.2,121.451 31.201,121.45 31.201,121.45 31.2))\"\n"
        "310101002001002,\"POLYGON((121.4505 31.2,121.4515 31.2,121.4515 31.201,121.4505 31.201,121.4505 "
        "31.2))\"\n"));
    const Run r = run({u"--store"_s, mStore, u"import"_s, u"--file"_s, grids, u"--crs"_s, u"EPSG:4490"_s,
                       u"--create-parents"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(
                 u"error:   bad-grids.csv layer bad-grids feature 1 (310101002001001): overlaps unit grid "
                 u"310101002001002 (feature 2) by 5"_s),
             qPrintable(r.out));
    QVERIFY(r.err.endsWith(u"refused: 1 error(s); nothing was imported\n"_s));
    const QString gpkg = mDir.filePath(u"empty.gpkg"_s);
    const Run e = run({u"--store"_s, mStore, u"export"_s, u"gpkg"_s, u"--out"_s, gpkg});
    QCOMPARE(e.exitCode, 0);
    QVERIFY2(e.out.startsWith(u"wrote 0 grid(s), 0 case(s) and 0 component(s) to "_s), qPrintable(e.out));
}

void TestGeoCommands::generatesGridsIntoTheStore()
{
    const Run r =
        run({u"--store"_s, mStore, u"generate-grid"_s, u"--boundary"_s, mDistricts, u"--jitter"_s, u"20"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    static const QRegularExpression district(
        u"^(310101 黄浦区|310104 徐汇区): (\\d+) cells \\((\\d+) whole, (\\d+) clipped, "
        u"(\\d+) small pieces merged\\) in 1 community, [0-9.]+ s$"_s);
    int cells = 0;
    for (int i = 0; i < 2; ++i) {
        const auto m = district.match(lines[i]);
        QVERIFY2(m.hasMatch(), qPrintable(lines[i]));
        // 1.2 km × 1 km: about 120 cells of 10,000 m² each.
        QVERIFY2(m.captured(2).toInt() >= 115 && m.captured(2).toInt() <= 125, qPrintable(lines[i]));
        cells += m.captured(2).toInt();
    }
    QVERIFY2(lines[2].startsWith(u"generated %1 unit grid(s) ("_s.arg(cells)), qPrintable(lines[2]));
    QVERIFY2(lines[2].contains(u" in 2 communities; cutting "_s), qPrintable(lines[2]));
    // Again: the codes exist, the whole run is refused and nothing changes.
    const Run again = run({u"--store"_s, mStore, u"generate-grid"_s, u"--boundary"_s, mDistricts});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(u"310101301001001: "_s) && again.err.endsWith(u"; nothing was written\n"_s),
             qPrintable(again.err));
}

void TestGeoCommands::exportsAGeoPackageAndAProject()
{
    if (QStandardPaths::findExecutable(u"ogrinfo"_s).isEmpty())
        QSKIP("ogrinfo (gdal-bin) is not installed");
    const QString gpkg = mDir.filePath(u"out/city.gpkg"_s);
    QVERIFY(QDir().mkpath(mDir.filePath(u"out"_s)));
    const Run r = run({u"--store"_s, mStore, u"export"_s, u"gpkg"_s, u"--out"_s, gpkg});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    static const QRegularExpression wrote(
        u"^wrote (\\d+) grid\\(s\\), 0 case\\(s\\) and 0 component\\(s\\) to .+city.gpkg "
        u"\\(CGCS2000, EPSG:4490\\) and the QGIS project .+city.qgs in [0-9.]+ s\n$"_s);
    const auto m = wrote.match(r.out);
    QVERIFY2(m.hasMatch(), qPrintable(r.out));
    const QString grids = ogrinfo({u"-ro"_s, u"-so"_s, gpkg, u"grids"_s});
    QVERIFY2(grids.contains(u"Feature Count: %1\n"_s.arg(m.captured(1))), qPrintable(grids));
    QVERIFY(grids.contains(u"ID[\"EPSG\",4490]"_s));
    QVERIFY(ogrinfo({u"-ro"_s, u"-so"_s, gpkg, u"cases"_s}).contains(u"Feature Count: 0\n"_s));
    QVERIFY(ogrinfo({u"-ro"_s, u"-so"_s, gpkg, u"components"_s}).contains(u"Feature Count: 0\n"_s));
    QFile qgs(mDir.filePath(u"out/city.qgs"_s));
    QVERIFY(qgs.open(QIODevice::ReadOnly));
    const QByteArray project = qgs.readAll();
    QVERIFY(project.contains("<datasource>./city.gpkg|layername=grids</datasource>"));
    QVERIFY(project.contains("<datasource>./city.gpkg|layername=cases</datasource>"));
}

void TestGeoCommands::shanghaiDistrictsAndHuangpuGrids()
{
    const QString shp = referenceDir + u"/shanghai_district_gcj02.shp"_s;
    if (!QFile::exists(shp))
        QSKIP(qPrintable(u"reference data %1 is absent (CG_SHARED_DIR)"_s.arg(shp)));
    const QString store = mDir.filePath(u"shanghai.sqlite"_s);
    QCOMPARE(run({u"--store"_s, store, u"init"_s}).exitCode, 0);
    const Run noCrs =
        run({u"--store"_s, store, u"import"_s, u"--kind"_s, u"jurisdictions"_s, u"--file"_s, shp});
    QCOMPARE(noCrs.exitCode, 1);
    QVERIFY(noCrs.err.contains(u"has no coordinate system (no .prj)"_s));
    const Run r = run({u"--store"_s, store, u"import"_s, u"--kind"_s, u"jurisdictions"_s, u"--file"_s, shp,
                       u"--crs"_s, u"gcj02"_s, u"--create-parents"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(
        r.out.contains(
            u"shanghai_district_gcj02.shp layer shanghai_district_gcj02: 16 feature(s) read (ESRI Shapefile, "
            u"GCJ-02 (given), encoding UTF-8 (.cpg); fields code=adcode name=name parent=-)\n"_s),
        qPrintable(r.out));
    QVERIFY(r.out.contains(u"\nimported 16 jurisdictions from "_s));
    const Run g = run({u"--store"_s, store, u"generate-grid"_s, u"--boundary"_s, shp, u"--crs"_s, u"gcj02"_s,
                       u"--codes"_s, u"310101"_s, u"--jitter"_s, u"30"_s});
    QVERIFY2(g.exitCode == 0, qPrintable(g.err));
    // Huangpu is 20.5 km² on this boundary: 2,076 cells of about 10,000 m² in 6 blocks of 30 × 30 cells.
    QVERIFY2(
        g.out.startsWith(
            u"310101 黄浦区: 2076 cells (1834 whole, 242 clipped, 98 small pieces merged) in 6 communities, "_s),
        qPrintable(g.out));
}

void TestGeoCommands::wrongCrsGuessIsRefused()
{
    // Districts 1.2 km wide at 121.45 E; told they must lie in Pudong (east of 121.6 E): refused, named.
    const Run r = run({u"--store"_s, mStore, u"import"_s, u"--kind"_s, u"jurisdictions"_s, u"--file"_s,
                       mDistricts, u"--extent"_s, u"121.6,31.0,121.9,31.4"_s, u"--dry-run"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(
        r.out.contains(u"error:   districts.geojson layer districts feature 0 (310101): lies at (121.456294, "
                       u"31.204510), far outside the expected area: is the coordinate system right? (read as "
                       u"EPSG:4326)\n"_s),
        qPrintable(r.out));
}

void TestGeoCommands::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("import without file")
        << QStringList{u"import"_s}
        << u"citygrid-admin: say which file to import with --file FILE (GeoPackage, "
           u"Shapefile, GeoJSON or CSV)\n"_s;
    QTest::newRow("unknown kind")
        << QStringList{u"import"_s, u"--file"_s, u"x.gpkg"_s, u"--kind"_s, u"roads"_s}
        << u"citygrid-admin: unknown layer kind 'roads'; expected jurisdictions, grids or points\n"_s;
    QTest::newRow("bad crs") << QStringList{u"import"_s, u"--file"_s, u"x.gpkg"_s, u"--crs"_s, u"EPSG:1"_s}
                             << u"citygrid-admin: PROJ does not understand the coordinate system 'EPSG:1'"_s;
    QTest::newRow("bad extent")
        << QStringList{u"import"_s, u"--file"_s, u"x.gpkg"_s, u"--extent"_s, u"121,31,120"_s}
        << u"citygrid-admin: --extent '121,31,120' must be minLon,minLat,maxLon,maxLat (CGCS2000)\n"_s;
    QTest::newRow("generate without boundary")
        << QStringList{u"generate-grid"_s}
        << u"citygrid-admin: say which boundaries to cut with --boundary FILE (districts, streets or communities)\n"_s;
    QTest::newRow("export gpkg without out")
        << QStringList{u"export"_s, u"gpkg"_s}
        << u"citygrid-admin: say where to write with --out FILE.gpkg\n"_s;
}

void TestGeoCommands::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const Run r = run(QStringList{u"--store"_s, mStore} + arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(error), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestGeoCommands)
#include "test_geocommands.moc"
