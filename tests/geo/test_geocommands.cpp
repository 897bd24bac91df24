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
    void importsComponents();
    void importsPointsOfInterestFromAGbkShapefile();
    void importsResponsibilityGrids();
    void exportsAGeoPackageAndAProject();
    void shanghaiDistrictsAndHuangpuGrids();
    void wrongCrsGuessIsRefused();
    void usageErrors_data();
    void usageErrors();

private:
    QTemporaryDir mDir;
    QString mStore;
    QString mDistricts;
    int mResponsibilityCells = 0;
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
    QVERIFY2(e.out.startsWith(u"wrote 0 grid(s), 0 case(s), 0 component(s), 0 point(s) of interest and 0 "
                              u"responsibility grid(s) to "_s),
             qPrintable(e.out));
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

void TestGeoCommands::importsComponents()
{
    // Refused: a malformed id, a component of Xuhui (310104) standing in Huangpu, a duplicate; nothing is
    // written.
    const QString bad = mDir.filePath(u"bad-components.csv"_s);
    QVERIFY(write(bad, "code,name,status,lon,lat\n"
                       "31010101001000001,上水井盖,damaged,121.452,31.202\n"
                       "310101010010000011,路灯,normal,121.453,31.203\n"
                       "31010401001000009,路灯,normal,121.454,31.203\n"
                       "31010101001000001,上水井盖,normal,121.455,31.203\n"));
    const Run refused = run({u"--store"_s, mStore, u"import"_s, u"--kind"_s, u"components"_s, u"--file"_s,
                             bad, u"--crs"_s, u"EPSG:4490"_s, u"--code-field"_s, u"code"_s});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.out.contains(
                 u"feature 2 (310101010010000011): component id 310101010010000011 has 18 characters"_s),
             qPrintable(refused.out));
    QVERIFY2(refused.out.contains(u"feature 3 (31010401001000009): component of county 310104 lies in unit "
                                  u"grid 310101301001"_s),
             qPrintable(refused.out));
    QVERIFY2(refused.out.contains(u"feature 4 (31010101001000001): duplicate code: feature 1 has it too"_s),
             qPrintable(refused.out));
    QVERIFY2(refused.err.endsWith(u"refused: 3 error(s); nothing was imported\n"_s), qPrintable(refused.err));

    // Accepted: located to their unit grids, written in one transaction with the rate.
    const QString good = mDir.filePath(u"components.csv"_s);
    QVERIFY(write(good, "code,name,status,lon,lat,owner\n"
                        "31010101001000001,上水井盖,damaged,121.452,31.202,上海市排水公司\n"
                        "31010102001000002,公交站亭,,121.455,31.205,巴士一公司\n"
                        "31010404002000001,古树名木,normal,121.465,31.203,徐汇绿化局\n"));
    const Run r = run({u"--store"_s, mStore, u"import"_s, u"--kind"_s, u"components"_s, u"--file"_s, good,
                       u"--crs"_s, u"EPSG:4490"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    static const QRegularExpression done(
        u"\nimported 3 components \\(3 located to their unit grid\\) from "
        u".+components.csv into .+geo.sqlite in [0-9.]+ s \\(writing [0-9.]+ s, "
        u"\\d+ rows/s; CPU [0-9.]+ s, \\d+ rows per CPU second\\)\n$"_s);
    QVERIFY2(done.match(r.out).hasMatch(), qPrintable(r.out));
    // The same file again: every code is in the store already; the transaction is rolled back.
    const Run again = run({u"--store"_s, mStore, u"import"_s, u"--kind"_s, u"components"_s, u"--file"_s, good,
                           u"--crs"_s, u"EPSG:4490"_s});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(
        again.err.contains(u"component 31010101001000001 is already in the store; nothing was imported"_s),
        qPrintable(again.err));
}

void TestGeoCommands::importsPointsOfInterestFromAGbkShapefile()
{
    if (QStandardPaths::findExecutable(u"ogr2ogr"_s).isEmpty())
        QSKIP("ogr2ogr (gdal-bin) is not installed");
    // A shapefile with a GBK .dbf and no .cpg, as older Chinese GIS software writes them.
    const QString csv = mDir.filePath(u"pois.csv"_s);
    QVERIFY(write(csv, "kind,name,lon,lat\n"
                       "school,格致中学,121.4531,31.2041\n"
                       "metro,南京东路站,121.4602,31.2063\n"));
    const QString shp = mDir.filePath(u"pois.shp"_s);
    QProcess convert;
    convert.start(u"ogr2ogr"_s,
                  {u"-f"_s, u"ESRI Shapefile"_s, u"-lco"_s, u"ENCODING=CP936"_s, u"-a_srs"_s, u"EPSG:4490"_s,
                   u"-oo"_s, u"X_POSSIBLE_NAMES=lon"_s, u"-oo"_s, u"Y_POSSIBLE_NAMES=lat"_s, shp, csv});
    QVERIFY(convert.waitForFinished(30000));
    QCOMPARE(convert.exitCode(), 0);
    QFile::remove(mDir.filePath(u"pois.cpg"_s));
    const Run garbled = run({u"--store"_s, mStore, u"import"_s, u"--kind"_s, u"pois"_s, u"--file"_s, shp});
    QCOMPARE(garbled.exitCode, 1);
    QVERIFY2(garbled.out.contains(u"is garbled: the attribute encoding is wrong"_s), qPrintable(garbled.out));
    const Run r = run({u"--store"_s, mStore, u"import"_s, u"--kind"_s, u"pois"_s, u"--file"_s, shp,
                       u"--encoding"_s, u"GB18030"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(u"\nimported 2 points of interest from "_s), qPrintable(r.out));
}

void TestGeoCommands::importsResponsibilityGrids()
{
    // Huangpu's 1.2 km cut in two halves (west, east) of street 310101301; a third area lies in no unit grid.
    const double dx = 1200 / 95330.0, dy = 1000 / 110860.0, mid = 121.45 + dx / 2;
    auto box = [](double x0, double x1, double y0, double y1) {
        return u"[[[%1, %3], [%2, %3], [%2, %4], [%1, %4], [%1, %3]]]"_s.arg(x0, 0, 'f', 7)
            .arg(x1, 0, 'f', 7)
            .arg(y0, 0, 'f', 7)
            .arg(y1, 0, 'f', 7);
    };
    auto feature = [&](const QString &code, const QString &name, const QString &extra, const QString &rings) {
        return uR"({"type": "Feature", "properties": {"code": "%1", "name": "%2", "street": "310101301"%3}, )"
               uR"("geometry": {"type": "Polygon", "coordinates": %4}})"_s.arg(code, name, extra, rings);
    };
    auto collection = [](const QStringList &features) {
        return (u"{\"type\": \"FeatureCollection\", \"features\": [\n"_s + features.join(u",\n"_s) +
                u"\n]}\n"_s)
            .toUtf8();
    };
    const QString west =
        feature(u"310101301R01"_s, u"黄浦 西片"_s, {}, box(121.449, mid, 31.199, 31.2 + dy + 0.001));
    const QString east =
        feature(u"310101301R02"_s, u"黄浦 东片"_s, {}, box(mid, 121.45 + dx, 31.199, 31.2 + dy + 0.001));
    const QString bad = mDir.filePath(u"bad-areas.geojson"_s);
    QVERIFY(
        write(bad, collection({west, feature(u"310101301R03"_s, u"空"_s, u", \"supervisor\": \"nobody\""_s,
                                             box(121.40, 121.41, 31.10, 31.11))})));
    const Run refused =
        run({u"--store"_s, mStore, u"import"_s, u"--kind"_s, u"responsibility-grids"_s, u"--file"_s, bad});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(
        refused.out.contains(u"feature 1 (310101301R03): supervisor 'nobody' is not a user of the store"_s),
        qPrintable(refused.out));
    QVERIFY2(refused.out.contains(
                 u"feature 1 (310101301R03): holds no unit grid of the store; import the unit grids first"_s),
             qPrintable(refused.out));
    QVERIFY2(refused.out.contains(u"unit grid(s) of street 310101301 lie in no responsibility grid"_s),
             qPrintable(refused.out));
    const QString good = mDir.filePath(u"areas.geojson"_s);
    QVERIFY(write(good, collection({west, east})));
    const Run r =
        run({u"--store"_s, mStore, u"import"_s, u"--kind"_s, u"responsibility-grids"_s, u"--file"_s, good});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    static const QRegularExpression done(
        u"\nimported 2 responsibility grids \\((\\d+) unit grids\\) from "_s);
    const auto m = done.match(r.out);
    QVERIFY2(m.hasMatch(), qPrintable(r.out));
    QVERIFY2(!r.out.contains(u"lie in no responsibility grid"_s), qPrintable(r.out));
    mResponsibilityCells = m.captured(1).toInt();
    // Every unit grid of Huangpu: about 120.
    QVERIFY2(mResponsibilityCells >= 115 && mResponsibilityCells <= 125, qPrintable(r.out));
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
        u"^wrote (\\d+) grid\\(s\\), 0 case\\(s\\), 3 component\\(s\\), 2 point\\(s\\) of interest and 2 "
        u"responsibility grid\\(s\\) to .+city.gpkg "
        u"\\(CGCS2000, EPSG:4490\\) and the QGIS project .+city.qgs in [0-9.]+ s\n$"_s);
    const auto m = wrote.match(r.out);
    QVERIFY2(m.hasMatch(), qPrintable(r.out));
    const QString grids = ogrinfo({u"-ro"_s, u"-so"_s, gpkg, u"grids"_s});
    QVERIFY2(grids.contains(u"Feature Count: %1\n"_s.arg(m.captured(1))), qPrintable(grids));
    QVERIFY(grids.contains(u"ID[\"EPSG\",4490]"_s));
    QVERIFY(ogrinfo({u"-ro"_s, u"-so"_s, gpkg, u"cases"_s}).contains(u"Feature Count: 0\n"_s));
    // The components with their grids, the points of interest and the responsibility grids, read back.
    const QString components = ogrinfo({u"-ro"_s, u"-al"_s, u"-q"_s, gpkg, u"components"_s});
    QCOMPARE(components.count(u"OGRFeature(components)"_s), 3);
    QVERIFY2(components.contains(
                 u"  id (String) = 31010101001000001\n  class (String) = 01001\n  major (String) = "
                 u"01\n  name (String) = 上水井盖\n  grid (String) = 310101301001"_s),
             qPrintable(components));
    QVERIFY2(components.contains(u"  state (String) = damaged\n"_s), qPrintable(components));
    QVERIFY2(components.contains(u"POINT (121.452 31.202)"_s), qPrintable(components));
    const QString pois = ogrinfo({u"-ro"_s, u"-al"_s, u"-q"_s, gpkg, u"points_of_interest"_s});
    QCOMPARE(pois.count(u"OGRFeature(points_of_interest)"_s), 2);
    QVERIFY2(pois.contains(u"  kind (String) = school\n  name (String) = 格致中学\n"_s), qPrintable(pois));
    const QString areas = ogrinfo({u"-ro"_s, u"-al"_s, u"-q"_s, gpkg, u"responsibility_grids"_s});
    QCOMPARE(areas.count(u"OGRFeature(responsibility_grids)"_s), 2);
    QVERIFY2(
        areas.contains(u"  code (String) = 310101301R01\n  name (String) = 黄浦 西片\n  street (String) = "
                       u"310101301\n"_s),
        qPrintable(areas));
    static const QRegularExpression cellCounts(u"unit_grids \\(Integer(?:64)?\\) = (\\d+)"_s);
    int cells = 0;
    for (auto it = cellCounts.globalMatch(areas); it.hasNext();)
        cells += it.next().captured(1).toInt();
    QCOMPARE(cells, mResponsibilityCells);
    QVERIFY(ogrinfo({u"-ro"_s, u"-so"_s, gpkg, u"responsibility_grids"_s}).contains(u"ID[\"EPSG\",4490]"_s));
    QFile qgs(mDir.filePath(u"out/city.qgs"_s));
    QVERIFY(qgs.open(QIODevice::ReadOnly));
    const QByteArray project = qgs.readAll();
    for (const char *layer : {"grids", "cases", "components", "points_of_interest", "responsibility_grids"})
        QVERIFY2(project.contains(
                     QByteArray(QByteArray("<datasource>./city.gpkg|layername=") + layer + "</datasource>")),
                 layer);
    QVERIFY(project.contains(R"(<renderer-v2 type="categorizedSymbol" attr="major">)"));
    QVERIFY(project.contains(R"(<renderer-v2 type="categorizedSymbol" attr="kind">)"));
    QVERIFY(project.contains(R"(<category value="metro" symbol="0" label="metro" render="true"/>)"));
    QVERIFY(project.contains(R"(<Option name="name" value="triangle" type="QString"/>)"));
    QVERIFY(project.contains(R"(<text-style fieldName="name")"));
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
    QTest::newRow("unknown kind") << QStringList{u"import"_s, u"--file"_s, u"x.gpkg"_s, u"--kind"_s,
                                                 u"roads"_s}
                                  << u"citygrid-admin: unknown layer kind 'roads'; expected jurisdictions, "
                                     u"grids, points, components, pois "
                                     u"or responsibility-grids\n"_s;
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
