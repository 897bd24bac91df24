// GeoPackage export checked with ogrinfo (layers, feature counts, CRS), read back by the importer, and the
// QGIS project that references it.
#include "geo/gisexport.h"
#include "geo/gisimport.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {
Polygon cell(double x, double y)
{
    Polygon p;
    const double s = 0.001;
    p.outer = {{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}};
    return p;
}

QString ogrinfo(const QStringList &arguments)
{
    QProcess p;
    p.start(u"ogrinfo"_s, arguments);
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return u"ogrinfo failed: "_s + QString::fromUtf8(p.readAllStandardError());
    return QString::fromUtf8(p.readAllStandardOutput());
}
} // namespace

class TestGisExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void ogrinfoSeesLayersCountsAndCrs_data();
    void ogrinfoSeesLayersCountsAndCrs();
    void importerReadsGridsBack();
    void qgisProjectReferencesTheLayers();
    void refusesAnUnwritablePath();

private:
    QTemporaryDir mDir;
    QString mGpkg;
};

void TestGisExport::initTestCase()
{
    QVERIFY(mDir.isValid());
    mGpkg = mDir.filePath(u"export.gpkg"_s);
    auto w = GeoPackageWriter::create(mGpkg);
    QVERIFY2(w.ok(), qPrintable(w.errorMessage()));
    GeoPackageWriter &writer = **w;
    QVERIFY(writer
                .beginLayer(u"grids"_s, ExportGeometry::Polygon,
                            {{u"code"_s}, {u"community"_s}, {u"area_m2"_s, ExportField::Type::Real}})
                .ok());
    for (int i = 0; i < 3; ++i) {
        const Polygon p = cell(121.47 + i * 0.001, 31.23);
        const QString code = u"31010100200100"_s + QString::number(i + 1);
        QVERIFY(writer.addPolygon(p, {code, u"310101002001"_s, p.areaM2()}).ok());
    }
    QVERIFY(writer
                .beginLayer(u"cases"_s, ExportGeometry::Point,
                            {{u"number"_s},
                             {u"state"_s},
                             {u"class"_s},
                             {u"overdue"_s, ExportField::Type::Integer},
                             {u"reported_at"_s, ExportField::Type::DateTime}})
                .ok());
    const QDateTime t(QDate(2026, 11, 23), QTime(9, 30), Qt::UTC);
    const char *states[] = {"reported", "dispatched", "closed", "dispatched"};
    for (int i = 0; i < 4; ++i)
        QVERIFY(writer
                    .addPoint(QPointF(121.4705 + i * 0.0005, 31.2305),
                              {u"2026112300000%1"_s.arg(i + 1), QString::fromLatin1(states[i]),
                               u"event/06010"_s, i == 3 ? 1 : 0, t.addSecs(i * 60)})
                    .ok());
    QVERIFY(writer.beginLayer(u"components"_s, ExportGeometry::Point, {{u"id"_s}, {u"class"_s}}).ok());
    QVERIFY(writer.addPoint(QPointF(121.471, 31.2302), {u"31010101001000001"_s, u"component/01001"_s}).ok());
    QVERIFY(writer.close().ok());
}

void TestGisExport::ogrinfoSeesLayersCountsAndCrs_data()
{
    QTest::addColumn<QString>("layer");
    QTest::addColumn<QString>("geometry");
    QTest::addColumn<int>("count");
    QTest::newRow("grids") << u"grids"_s << u"Multi Polygon"_s << 3;
    QTest::newRow("cases") << u"cases"_s << u"Point"_s << 4;
    QTest::newRow("components") << u"components"_s << u"Point"_s << 1;
}

void TestGisExport::ogrinfoSeesLayersCountsAndCrs()
{
    QFETCH(QString, layer);
    QFETCH(QString, geometry);
    QFETCH(int, count);
    if (QStandardPaths::findExecutable(u"ogrinfo"_s).isEmpty())
        QSKIP("ogrinfo (gdal-bin) is not installed");
    const QString all = ogrinfo({u"-ro"_s, u"-q"_s, mGpkg});
    QVERIFY2(all.contains(u"1: grids (Multi Polygon)"_s) && all.contains(u"2: cases (Point)"_s) &&
                 all.contains(u"3: components (Point)"_s),
             qPrintable(all));
    const QString info = ogrinfo({u"-ro"_s, u"-so"_s, mGpkg, layer});
    QVERIFY2(info.contains(u"Geometry: "_s + geometry + u'\n'), qPrintable(info));
    QVERIFY2(info.contains(u"Feature Count: %1\n"_s.arg(count)), qPrintable(info));
    QVERIFY2(info.contains(u"ID[\"EPSG\",4490]"_s), qPrintable(info));
    if (layer == u"cases"_s) {
        QVERIFY(info.contains(u"state: String"_s));
        QVERIFY(info.contains(u"reported_at: DateTime"_s));
        const QString rows = ogrinfo({u"-ro"_s, u"-q"_s, mGpkg, layer, u"-where"_s, u"overdue = 1"_s});
        QVERIFY2(rows.contains(u"number (String) = 20261123000004"_s) &&
                     rows.contains(u"reported_at (DateTime) = 2026/11/23 09:33:00+00"_s) &&
                     rows.contains(u"POINT (121.472 31.2305)"_s),
                 qPrintable(rows));
    }
}

void TestGisExport::importerReadsGridsBack()
{
    GisImportOptions o;
    o.layer = u"grids"_s;
    auto r = readGisLayer(mGpkg, o);
    QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    QVERIFY2(!r->refused(), qPrintable(r->reportText()));
    QCOMPARE(r->sourceCrs, u"EPSG:4490"_s);
    QCOMPARE(r->fields.parentCode, u"community"_s);
    QCOMPARE(r->features.size(), 3);
    QCOMPARE(r->features[2].code, u"310101002001003"_s);
    QCOMPARE(r->features[2].polygons.first().outer, cell(121.472, 31.23).outer);
}

void TestGisExport::qgisProjectReferencesTheLayers()
{
    const QString qgs = mDir.filePath(u"export.qgs"_s);
    QVERIFY(writeQgisProject(qgs, mGpkg,
                             {{u"grids"_s, ExportGeometry::Polygon, QgisLayer::Style::GridOutline, {}, {}},
                              {u"cases"_s, ExportGeometry::Point, QgisLayer::Style::CasesByState, {}, {}},
                              {u"components"_s, ExportGeometry::Point, QgisLayer::Style::Components, {}, {}},
                              {u"points_of_interest"_s,
                               ExportGeometry::Point,
                               QgisLayer::Style::PointsOfInterest,
                               u"name"_s,
                               {u"metro"_s, u"school"_s}},
                              {u"responsibility_grids"_s,
                               ExportGeometry::Polygon,
                               QgisLayer::Style::ResponsibilityGrids,
                               u"name"_s,
                               {}}},
                             u"CityGrid export"_s)
                .ok());
    QFile f(qgs);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QXmlStreamReader x(&f);
    QStringList sources, renderers, categories, labels, markers;
    while (!x.atEnd()) {
        x.readNext();
        if (x.isStartElement() && x.name() == u"datasource"_s)
            sources.append(x.readElementText());
        else if (x.isStartElement() && x.name() == u"renderer-v2"_s)
            renderers.append(x.attributes().value(u"type"_s).toString());
        else if (x.isStartElement() && x.name() == u"category"_s)
            categories.append(x.attributes().value(u"value"_s).toString());
        else if (x.isStartElement() && x.name() == u"text-style"_s)
            labels.append(x.attributes().value(u"fieldName"_s).toString());
        else if (x.isStartElement() && x.name() == u"Option"_s &&
                 x.attributes().value(u"name"_s) == u"name"_s)
            markers.append(x.attributes().value(u"value"_s).toString());
    }
    QVERIFY2(!x.hasError(), qPrintable(x.errorString()));
    QCOMPARE(sources, QStringList({u"./export.gpkg|layername=grids"_s, u"./export.gpkg|layername=cases"_s,
                                   u"./export.gpkg|layername=components"_s,
                                   u"./export.gpkg|layername=points_of_interest"_s,
                                   u"./export.gpkg|layername=responsibility_grids"_s}));
    QCOMPARE(renderers, QStringList({u"singleSymbol"_s, u"categorizedSymbol"_s, u"categorizedSymbol"_s,
                                     u"categorizedSymbol"_s, u"singleSymbol"_s}));
    QVERIFY(categories.contains(u"dispatched"_s) && categories.contains(u"closed"_s));
    // Components by major class 01..05, points of interest by kind (metro squares, schools triangles).
    QVERIFY(categories.contains(u"01"_s) && categories.contains(u"05"_s));
    QVERIFY(categories.contains(u"metro"_s) && categories.contains(u"school"_s));
    QVERIFY(markers.contains(u"square"_s) && markers.contains(u"triangle"_s));
    QCOMPARE(labels, QStringList({u"name"_s, u"name"_s}));
}

void TestGisExport::refusesAnUnwritablePath()
{
    auto w = GeoPackageWriter::create(u"/nonexistent-folder/x.gpkg"_s);
    QVERIFY(!w.ok());
    QVERIFY2(w.errorMessage().startsWith(u"/nonexistent-folder/x.gpkg cannot be created"_s),
             qPrintable(w.errorMessage()));
}

QTEST_GUILESS_MAIN(TestGisExport)
#include "test_gisexport.moc"
