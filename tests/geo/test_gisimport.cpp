// Reading GIS layers through GDAL: formats, encodings, coordinate systems, field detection and the
// validation report (repairs, gaps, overlaps, codes, duplicates, odd areas, wrong CRS, garbled names).
#include "geo/gisimport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {
const QString referenceDir = QStringLiteral(CG_SHARED_DIR "/data/reference");

// A square of `size` × `size` thousandths of a degree with its south-west corner at (x, y) thousandths from
// (121.47, 31.23), as GeoJSON coordinates.
QString square(double x, double y, double w, double h)
{
    auto p = [](double dx, double dy) {
        return u"[%1, %2]"_s.arg(121.47 + dx / 1000, 0, 'f', 7).arg(31.23 + dy / 1000, 0, 'f', 7);
    };
    return u"[[%1, %2, %3, %4, %1]]"_s.arg(p(x, y), p(x + w, y), p(x + w, y + h), p(x, y + h));
}

QString feature(const QString &code, const QString &name, const QString &rings, const QString &community = {})
{
    return uR"({"type": "Feature", "properties": {"code": "%1", "name": "%2"%3}, )"
           uR"("geometry": {"type": "Polygon", "coordinates": %4}})"_s.arg(
               code, name, community.isEmpty() ? QString() : u", \"community\": \"%1\""_s.arg(community),
               rings);
}

QString collection(const QStringList &features)
{
    return u"{\"type\": \"FeatureCollection\", \"features\": [\n"_s + features.join(u",\n"_s) + u"\n]}\n"_s;
}

bool write(const QString &path, const QByteArray &content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

QStringList issueLines(const GisImport &r)
{
    QStringList lines;
    for (const GisIssue &i : r.issues)
        lines.append(u"%1 %2 %3: %4"_s.arg(i.severity == GisIssue::Severity::Error ? u"E"_s : u"W"_s)
                         .arg(i.feature)
                         .arg(i.code, i.message));
    return lines;
}
} // namespace

class TestGisImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void districtShapefileNeedsItsCrs();
    void districtShapefileInGcj02MatchesTheWgs84GeoPackage();
    void geoPackageLayers_data();
    void geoPackageLayers();
    void reportsEveryProblemOfAGridLayer();
    void explicitFieldsWin();
    void csvPointsAndWkt_data();
    void csvPointsAndWkt();
    void gbkShapefiles_data();
    void gbkShapefiles();
    void refusesWhatItCannotRead_data();
    void refusesWhatItCannotRead();
    void wrongCrsIsAnError_data();
    void wrongCrsIsAnError();
    void cancels();
    void streamsComponentsInChunks();

private:
    QTemporaryDir mDir;
    QString mGrids;
};

void TestGisImport::initTestCase()
{
    QVERIFY(mDir.isValid());
    mGrids = mDir.filePath(u"grids.geojson"_s);
    // Community 310101002001: A B C in a row (C overlaps B by 0.1 × 1), D _ E above with F on top, leaving a
    // hole between B, D, E and F. Then a bow-tie, a bad code, a duplicate, a wrong parent and a tiny cell.
    const QStringList features{
        feature(u"310101002001001"_s, u"A"_s, square(0, 0, 1, 1)),
        feature(u"310101002001002"_s, u"B"_s, square(1, 0, 1, 1)),
        feature(u"310101002001003"_s, u"C"_s, square(1.9, 0, 1.1, 1)),
        feature(u"310101002001004"_s, u"D"_s, square(0, 1, 1, 1)),
        feature(u"310101002001005"_s, u"E"_s, square(2, 1, 1, 1)),
        feature(u"310101002001006"_s, u"F"_s, square(1, 1.2, 1, 0.8)),
        feature(
            u"310101002002001"_s, u"bow-tie"_s,
            u"[[[121.475, 31.23], [121.476, 31.231], [121.476, 31.23], [121.475, 31.231], [121.475, 31.23]]]"_s),
        feature(u"31010100201"_s, u"short code"_s, square(0, 3, 1, 1)),
        feature(u"310101002001001"_s, u"duplicate"_s, square(1, 3, 1, 1)),
        feature(u"310101002002002"_s, u"wrong parent"_s, square(5, 3, 1, 1), u"310101002009"_s),
        feature(u"310101002002003"_s, u"tiny"_s, square(7, 3, 0.1, 0.1)),
    };
    QVERIFY(write(mGrids, collection(features).toUtf8()));
}

void TestGisImport::districtShapefileNeedsItsCrs()
{
    const QString path = referenceDir + u"/shanghai_district_gcj02.shp"_s;
    if (!QFile::exists(path))
        QSKIP(qPrintable(u"reference data %1 is absent (CG_SHARED_DIR)"_s.arg(path)));
    GisImportOptions o;
    o.kind = GisLayerKind::Jurisdictions;
    auto r = readGisLayer(path, o);
    QVERIFY(!r.ok());
    QCOMPARE(r.errorMessage(),
             u"%1 has no coordinate system (no .prj); give it (gcj02 for AMap or Tencent data, "
             u"bd09 for Baidu, EPSG:4490 for CGCS2000, shanghai2000, ...)"_s.arg(path));
}

void TestGisImport::districtShapefileInGcj02MatchesTheWgs84GeoPackage()
{
    const QString shp = referenceDir + u"/shanghai_district_gcj02.shp"_s;
    const QString gpkg = referenceDir + u"/shanghai.gpkg"_s;
    if (!QFile::exists(shp) || !QFile::exists(gpkg))
        QSKIP(qPrintable(u"reference data in %1 is absent (CG_SHARED_DIR)"_s.arg(referenceDir)));
    GisImportOptions o;
    o.kind = GisLayerKind::Jurisdictions;
    o.crs = Crs::gcj02();
    auto fromShp = readGisLayer(shp, o);
    QVERIFY2(fromShp.ok(), qPrintable(fromShp.errorMessage()));
    QVERIFY2(!fromShp->refused(), qPrintable(fromShp->reportText()));
    QCOMPARE(fromShp->features.size(), 16);
    QCOMPARE(fromShp->fields.code, u"adcode"_s);
    QCOMPARE(fromShp->fields.name, u"name"_s);
    QCOMPARE(fromShp->encoding, u"UTF-8 (.cpg)"_s);
    QCOMPARE(fromShp->sourceCrs, u"GCJ-02 (given)"_s);
    o.layer = u"district"_s;
    o.crs.reset();
    auto fromGpkg = readGisLayer(gpkg, o);
    QVERIFY2(fromGpkg.ok() && !fromGpkg->refused(), qPrintable(fromGpkg.errorMessage()));
    QCOMPARE(fromGpkg->sourceCrs, u"EPSG:4326"_s);
    QHash<QString, const GisFeature *> wgs;
    for (const GisFeature &f : fromGpkg->features)
        wgs.insert(f.code, &f);
    // Converted from GCJ-02, each district lands on its WGS-84 twin: same name, area within 0.5 %, box within
    // 60 m.
    for (const GisFeature &f : fromShp->features) {
        const GisFeature *twin = wgs.value(f.code);
        QVERIFY2(twin, qPrintable(f.code));
        QCOMPARE(f.name, twin->name);
        QVERIFY2(std::abs(f.areaM2 / twin->areaM2 - 1) < 0.005, qPrintable(f.code));
        QRectF a, b;
        for (const Polygon &p : f.polygons)
            a = a.isNull() ? p.bounds() : a.united(p.bounds());
        for (const Polygon &p : twin->polygons)
            b = b.isNull() ? p.bounds() : b.united(p.bounds());
        const double d = std::max(distanceMetres(a.topLeft(), b.topLeft()),
                                  distanceMetres(a.bottomRight(), b.bottomRight()));
        QVERIFY2(d < 60, qPrintable(u"%1: boxes differ by %2 m"_s.arg(f.code).arg(d)));
    }
}

void TestGisImport::geoPackageLayers_data()
{
    QTest::addColumn<QString>("layer");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("firstName");
    QTest::newRow("district") << u"district"_s << int(GisLayerKind::Jurisdictions) << 16 << u"黄浦区"_s;
    QTest::newRow("poi_metro") << u"poi_metro"_s << int(GisLayerKind::Points) << 302 << u"上海体育馆"_s;
    QTest::newRow("poi_metro as points of interest")
        << u"poi_metro"_s << int(GisLayerKind::PointsOfInterest) << 302 << u"上海体育馆"_s;
}

void TestGisImport::geoPackageLayers()
{
    QFETCH(QString, layer);
    QFETCH(int, kind);
    QFETCH(int, count);
    QFETCH(QString, firstName);
    const QString gpkg = referenceDir + u"/shanghai.gpkg"_s;
    if (!QFile::exists(gpkg))
        QSKIP(qPrintable(u"reference data %1 is absent (CG_SHARED_DIR)"_s.arg(gpkg)));
    QCOMPARE(gisLayers(gpkg).value(), QStringList({u"poi_metro"_s, u"district"_s}));
    GisImportOptions o;
    o.kind = GisLayerKind(kind);
    auto none = readGisLayer(gpkg, o);
    QVERIFY(!none.ok());
    QCOMPARE(none.errorMessage(), u"%1 has 2 layers (poi_metro, district): say which one"_s.arg(gpkg));
    o.layer = layer;
    auto r = readGisLayer(gpkg, o);
    QVERIFY2(r.ok() && !r->refused(), qPrintable(r.ok() ? r->reportText() : r.errorMessage()));
    QCOMPARE(r->features.size(), count);
    QCOMPARE(r->features.first().name, firstName);
    if (isPointKind(o.kind)) // 上海体育馆 at its WGS-84 position
        QVERIFY(distanceMetres(r->features.first().point, QPointF(121.4323869, 31.1843359)) < 0.01);
    if (o.kind == GisLayerKind::PointsOfInterest) {
        // The kind from the layer's name; the other fields kept as JSON.
        QCOMPARE(r->features.first().kind, u"metro"_s);
        QVERIFY2(r->features.first().attributes.contains(u"\"name_en\":\"ShanghaiIndoorStadium\""_s),
                 qPrintable(r->features.first().attributes));
        QVERIFY(!r->features.first().attributes.contains(u"\"name\":"_s));
    }
}

void TestGisImport::reportsEveryProblemOfAGridLayer()
{
    GisImportOptions o;
    int calls = 0;
    auto r = readGisLayer(mGrids, o, [&calls](int, int) { ++calls; });
    QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    QVERIFY(calls >= 1);
    QCOMPARE(r->featuresRead, 11);
    QCOMPARE(r->fields.code, u"code"_s);
    QCOMPARE(r->fields.parentCode, u"community"_s);
    QVERIFY(r->refused());
    QCOMPARE(r->repaired, 1);
    const QStringList lines = issueLines(*r);
    QVERIFY2(lines.size() == 8, qPrintable(lines.join(u'\n')));
    QVERIFY2(lines[0].startsWith(u"W 6 310101002002001: invalid geometry (Self-intersection"_s),
             qPrintable(lines[0]));
    QVERIFY(lines[0].endsWith(u") repaired"_s));
    // Repaired, the bow-tie is two triangles: not one unit grid.
    QCOMPARE(lines[1], u"E 6 310101002002001: has 2 separate parts; a unit grid is one closed polygon"_s);
    QCOMPARE(lines[2], u"E 7 31010100201: grid code 31010100201 has 11 characters; expected 14 or 15 digits "
                       u"(community code + serial)"_s);
    QCOMPARE(lines[3], u"E 8 310101002001001: duplicate code: feature 0 has it too"_s);
    QCOMPARE(lines[4],
             u"E 9 310101002002002: community code 310101002009 is inconsistent with the grid code: "
             u"310101002002002 belongs to community 310101002002"_s);
    QCOMPARE(lines[5], u"W 10 310101002002003: area 106 m² is far from 10000 m²"_s);
    // B and C overlap by a tenth of a cell; the hole between B, D, E and F is a fifth of one.
    QCOMPARE(lines[6], u"E 1 310101002001002: overlaps unit grid 310101002001003 (feature 2) by 1056.3 m²"_s);
    QCOMPARE(lines[7],
             u"W -1 310101002001: gap of 2112.7 m² between the unit grids of community 310101002001 "
             u"near (121.471500, 31.231100)"_s);
    QVERIFY(std::abs(r->issues[6].areaM2 - 0.1 * r->features[0].areaM2) < 0.5);
    QVERIFY(std::abs(r->issues[7].areaM2 - 0.2 * r->features[0].areaM2) < 0.5);
    const QString report = r->reportText();
    QVERIFY2(
        report.endsWith(
            u"grids.geojson layer grids: 5 error(s), 3 warning(s), 1 repaired; REFUSED: nothing imported\n"_s),
        qPrintable(report));
}

void TestGisImport::explicitFieldsWin()
{
    GisImportOptions o;
    o.fields.code = u"CODE"_s;
    o.fields.name = u"name"_s;
    o.fields.parentCode = u"nothere"_s;
    auto r = readGisLayer(mGrids, o);
    QVERIFY(!r.ok());
    QCOMPARE(
        r.errorMessage(),
        u"%1 has no field 'nothere' for the parent code; its fields: code, name, community"_s.arg(mGrids));
}

void TestGisImport::csvPointsAndWkt_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("crs");
    QTest::addColumn<QString>("firstCode");
    QTest::addColumn<double>("area");
    QTest::newRow("components lon/lat GCJ-02")
        << QByteArray("id,name,lon,lat\n31010101001000001,井盖,121.43701,31.1824584\n"
                      "31010101001000002,路灯,121.4303027,31.154091\n")
        << int(GisLayerKind::Points) << u"gcj02"_s << u"31010101001000001"_s << 0.0;
    QTest::newRow("grids as WKT") << QByteArray(
                                         "code,wkt\n310101002001001,\"POLYGON((121.47 31.23,121.471 31.23,"
                                         "121.471 31.231,121.47 31.231,121.47 31.23))\"\n")
                                  << int(GisLayerKind::UnitGrids) << u"EPSG:4490"_s << u"310101002001001"_s
                                  << 10000.0;
}

void TestGisImport::csvPointsAndWkt()
{
    QFETCH(QByteArray, csv);
    QFETCH(int, kind);
    QFETCH(QString, crs);
    QFETCH(QString, firstCode);
    QFETCH(double, area);
    const QString path = mDir.filePath(
        u"%1.csv"_s.arg(QString::fromUtf8(QTest::currentDataTag())).replace(u' ', u'_').replace(u'/', u'_'));
    QVERIFY(write(path, csv));
    GisImportOptions o;
    o.kind = GisLayerKind(kind);
    o.crs = Crs::fromString(crs).value();
    if (o.kind == GisLayerKind::Points)
        o.fields.code = u"id"_s;
    auto r = readGisLayer(path, o);
    QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    QVERIFY2(!r->refused(), qPrintable(r->reportText()));
    QCOMPARE(r->driver, u"CSV"_s);
    QCOMPARE(r->features.first().code, firstCode);
    if (o.kind == GisLayerKind::Points) // 上海体育馆's GCJ-02 position comes back to its WGS-84 one
        QVERIFY(distanceMetres(r->features.first().point, QPointF(121.4323869, 31.1843359)) < 0.5);
    else
        QVERIFY2(std::abs(r->features.first().areaM2 - 10000) < 700,
                 qPrintable(QString::number(r->features.first().areaM2)));
    Q_UNUSED(area);
}

void TestGisImport::gbkShapefiles_data()
{
    QTest::addColumn<bool>("keepCpg");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<bool>("garbled");
    QTest::newRow("GBK with .cpg") << true << QString() << false;
    QTest::newRow("GBK without .cpg, not told") << false << QString() << true;
    QTest::newRow("GBK without .cpg, told GB18030") << false << u"GB18030"_s << false;
}

void TestGisImport::gbkShapefiles()
{
    QFETCH(bool, keepCpg);
    QFETCH(QString, encoding);
    QFETCH(bool, garbled);
    if (QStandardPaths::findExecutable(u"ogr2ogr"_s).isEmpty())
        QSKIP("ogr2ogr (gdal-bin) is not installed");
    const QString dir = mDir.filePath(
        u"gbk-%1"_s.arg(QString::fromUtf8(QTest::currentDataTag())).replace(u' ', u'_').remove(u','));
    QVERIFY(QDir().mkpath(dir));
    const QString json = dir + u"/in.geojson"_s;
    QVERIFY(write(
        json,
        collection({feature(u"310101002"_s, u"南京东路街道"_s, square(0, 0, 5, 5), u"310101"_s)}).toUtf8()));
    QProcess ogr;
    ogr.start(u"ogr2ogr"_s,
              {u"-f"_s, u"ESRI Shapefile"_s, dir + u"/streets.shp"_s, json, u"-lco"_s, u"ENCODING=GBK"_s});
    QVERIFY(ogr.waitForFinished(30000) && ogr.exitCode() == 0);
    QVERIFY(QFile::exists(dir + u"/streets.cpg"_s));
    if (!keepCpg)
        QVERIFY(QFile::remove(dir + u"/streets.cpg"_s));
    GisImportOptions o;
    o.kind = GisLayerKind::Jurisdictions;
    o.encoding = encoding;
    auto r = readGisLayer(dir + u"/streets.shp"_s, o);
    QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    QCOMPARE(r->sourceCrs, u"EPSG:4326"_s); // ogr2ogr wrote a .prj
    QCOMPARE(r->refused(), garbled);
    if (garbled) {
        QCOMPARE(r->issues.size(), 1);
        QVERIFY2(r->issues.first().message.contains(
                     u"is garbled: the attribute encoding is wrong (none given (no .cpg)); "
                     u"give it, e.g. --encoding GB18030"_s),
                 qPrintable(r->issues.first().message));
    } else {
        QCOMPARE(r->features.first().name, u"南京东路街道"_s);
        QCOMPARE(r->features.first().parentCode, u"310101"_s);
    }
}

void TestGisImport::refusesWhatItCannotRead_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown format")
        << u"notes.txt"_s << QByteArray("just some words\n")
        << u"{path} is not a GIS file CityGrid can read (GeoPackage, Shapefile, GeoJSON, CSV)"_s;
    QTest::newRow("broken GeoJSON")
        << u"broken.geojson"_s << QByteArray("{\"type\": \"FeatureCollection\", \"featu")
        << u"{path} is not a GIS file CityGrid can read (GeoPackage, Shapefile, GeoJSON, CSV)"_s;
    QTest::newRow("missing") << u"missing.gpkg"_s << QByteArray() << u"{path} does not exist"_s;
    QTest::newRow("no code field")
        << u"nocode.geojson"_s
        << collection(
               {uR"({"type": "Feature", "properties": {"label": "x"}, "geometry": {"type": "Polygon", "coordinates": )"_s +
                square(0, 0, 1, 1) + u"}}"_s})
               .toUtf8()
        << u"{path}: no field looks like a unit grid code (fields: label); name it with --code-field"_s;
}

void TestGisImport::refusesWhatItCannotRead()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const QString path = mDir.filePath(name);
    if (!content.isEmpty())
        QVERIFY(write(path, content));
    auto r = readGisLayer(path, GisImportOptions());
    QVERIFY(!r.ok());
    QVERIFY2(r.errorMessage().startsWith(message.replace(u"{path}"_s, path)), qPrintable(r.errorMessage()));
}

void TestGisImport::wrongCrsIsAnError_data()
{
    QTest::addColumn<QString>("crs");
    QTest::addColumn<QRectF>("extent");
    QTest::addColumn<QString>("message");
    // The file's degrees read as Gauss–Krüger metres land in the Gulf of Guinea.
    QTest::newRow("degrees read as EPSG:4549")
        << u"EPSG:4549"_s << QRectF()
        << u"lies at (115.514136, 0.000282), outside China: is the coordinate system right? (read as EPSG:4549)"_s;
    // Read as Shanghai 2000 metres: near (121.46, 0), outside China too.
    QTest::newRow("degrees read as Shanghai 2000")
        << u"shanghai2000"_s << QRectF()
        << u"outside China: is the coordinate system right? (read as Shanghai 2000)"_s;
    // Right CRS, but the grids are expected in Pudong: far outside the expected area.
    QTest::newRow("outside the jurisdiction")
        << u"EPSG:4490"_s << QRectF(QPointF(121.6, 31.1), QPointF(121.9, 31.3))
        << u"far outside the expected area: is the coordinate system right? (read as EPSG:4490)"_s;
}

void TestGisImport::wrongCrsIsAnError()
{
    QFETCH(QString, crs);
    QFETCH(QRectF, extent);
    QFETCH(QString, message);
    const QString path = mDir.filePath(u"one.geojson"_s);
    QVERIFY(write(path, collection({feature(u"310101002001001"_s, u"A"_s, square(0, 0, 1, 1))}).toUtf8()));
    GisImportOptions o;
    o.crs = Crs::fromString(crs).value();
    o.expectedExtent = extent;
    auto r = readGisLayer(path, o);
    QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    QVERIFY(r->refused());
    bool found = false;
    for (const GisIssue &i : r->issues)
        found = found || (i.severity == GisIssue::Severity::Error && i.message.contains(message));
    QVERIFY2(found, qPrintable(r->reportText()));
}

void TestGisImport::cancels()
{
    std::atomic_bool cancel = true;
    auto r = readGisLayer(mGrids, GisImportOptions(), {}, &cancel);
    QVERIFY(!r.ok());
    QCOMPARE(r.errorCode(), ErrorCode::Cancelled);
}

void TestGisImport::streamsComponentsInChunks()
{
    // Five components, the first and last with the same id: handed over two at a time, none kept, and the
    // duplicate found across chunks.
    QTemporaryDir dir;
    const QString csv = dir.filePath(u"components.csv"_s);
    QVERIFY(write(csv, "code,name,state,lon,lat,owner\n"
                       "31010101001000001,井盖,damaged,121.47,31.23,排水\n"
                       "31010101001000002,井盖,,121.471,31.23,排水\n"
                       "31010102001000001,路灯,,121.472,31.23,路灯所\n"
                       "31010102001000002,路灯,,121.473,31.23,路灯所\n"
                       "31010101001000001,井盖,,121.474,31.23,排水\n"));
    GisImportOptions o;
    o.kind = GisLayerKind::Components;
    o.crs = Crs::cgcs2000();
    o.sinkChunk = 2;
    QList<int> chunks;
    QList<GisFeature> seen;
    o.sink = [&](QList<GisFeature> &chunk, GisImport &) -> Status {
        chunks.append(int(chunk.size()));
        seen.append(chunk);
        return {};
    };
    auto r = readGisLayer(csv, o);
    QVERIFY2(r, qPrintable(r.errorMessage()));
    QCOMPARE(chunks, QList<int>({2, 2, 1}));
    QVERIFY(r->features.isEmpty());
    QCOMPARE(r->featuresRead, 5);
    QCOMPARE(seen[0].kind, u"01001"_s); // the class from the id
    QCOMPARE(seen[0].status, u"damaged"_s);
    QCOMPARE(seen[1].status, u"normal"_s);
    QCOMPARE(seen[2].attributes, u"{\"owner\":\"路灯所\"}"_s);
    QCOMPARE(issueLines(*r), QStringList({u"E 5 31010101001000001: duplicate code: feature 1 has it too"_s}));
    // An error from the sink stops the read.
    o.sink = [](QList<GisFeature> &, GisImport &) -> Status {
        return makeError(ErrorCode::Storage, u"disk full"_s);
    };
    auto stopped = readGisLayer(csv, o);
    QVERIFY(!stopped);
    QCOMPARE(stopped.errorMessage(), u"disk full"_s);
}

QTEST_GUILESS_MAIN(TestGisImport)
#include "test_gisimport.moc"
