#include "geo/gisexport.h"

#include "core/workflow.h"
#include "geo/gdalsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QXmlStreamWriter>

#include <ogr_spatialref.h>

using namespace Qt::Literals::StringLiterals;

namespace cg {

struct GeoPackageWriter::Private
{
    GdalDatasetPtr dataset;
    OGRLayer *layer = nullptr;
    QList<ExportField> fields;
    ExportGeometry geometry = ExportGeometry::Polygon;
    OGRSpatialReference srs;
};

GeoPackageWriter::GeoPackageWriter(QString path)
    : mPath(std::move(path))
    , d(std::make_unique<Private>())
{}

GeoPackageWriter::~GeoPackageWriter()
{
    (void)close();
}

Result<std::unique_ptr<GeoPackageWriter>> GeoPackageWriter::create(const QString &path)
{
    ensureGdal();
    GDALDriver *driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver)
        return makeError(ErrorCode::Io, u"GDAL has no GeoPackage driver"_s);
    if (QFile::exists(path) && !QFile::remove(path))
        return makeError(ErrorCode::Io, u"%1 exists and cannot be replaced"_s.arg(path));
    CPLErrorReset();
    GDALDataset *raw = driver->Create(path.toUtf8().constData(), 0, 0, 0, GDT_Unknown, nullptr);
    if (!raw)
        return makeError(ErrorCode::Io, u"%1 cannot be created: %2"_s.arg(path, lastGdalError()));
    std::unique_ptr<GeoPackageWriter> writer(new GeoPackageWriter(path));
    writer->d->dataset.reset(raw);
    writer->d->srs.importFromEPSG(4490);
    writer->d->srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return writer;
}

Status GeoPackageWriter::beginLayer(const QString &name, ExportGeometry geometry,
                                    const QList<ExportField> &fields)
{
    if (!d->dataset)
        return makeError(ErrorCode::Io, u"%1 is closed"_s.arg(mPath));
    if (auto s = finishLayer(); !s)
        return s;
    CPLErrorReset();
    const char *options[] = {"SPATIAL_INDEX=YES", nullptr};
    OGRLayer *layer = d->dataset->CreateLayer(
        name.toUtf8().constData(), &d->srs, geometry == ExportGeometry::Polygon ? wkbMultiPolygon : wkbPoint,
        const_cast<char **>(options));
    if (!layer)
        return makeError(ErrorCode::Io,
                         u"%1: layer %2 cannot be created: %3"_s.arg(mPath, name, lastGdalError()));
    for (const ExportField &f : fields) {
        const OGRFieldType type = f.type == ExportField::Type::Integer    ? OFTInteger64
                                  : f.type == ExportField::Type::Real     ? OFTReal
                                  : f.type == ExportField::Type::DateTime ? OFTDateTime
                                                                          : OFTString;
        OGRFieldDefn defn(f.name.toUtf8().constData(), type);
        if (layer->CreateField(&defn) != OGRERR_NONE)
            return makeError(ErrorCode::Io, u"%1: field %2 of layer %3 cannot be created: %4"_s.arg(
                                                mPath, f.name, name, lastGdalError()));
    }
    if (layer->StartTransaction() != OGRERR_NONE)
        return makeError(ErrorCode::Io, u"%1: %2"_s.arg(mPath, lastGdalError()));
    d->layer = layer;
    d->fields = fields;
    d->geometry = geometry;
    return {};
}

Status GeoPackageWriter::addFeature(const void *geometry, const QVariantList &values)
{
    if (!d->layer)
        return makeError(ErrorCode::InvalidInput, u"%1: no layer has been started"_s.arg(mPath));
    OGRFeature feature(d->layer->GetLayerDefn());
    for (qsizetype i = 0; i < d->fields.size() && i < values.size(); ++i) {
        const QVariant &v = values[i];
        if (v.isNull())
            continue;
        const int index = int(i);
        switch (d->fields[i].type) {
        case ExportField::Type::String:
            feature.SetField(index, v.toString().toUtf8().constData());
            break;
        case ExportField::Type::Integer:
            feature.SetField(index, GIntBig(v.toLongLong()));
            break;
        case ExportField::Type::Real:
            feature.SetField(index, v.toDouble());
            break;
        case ExportField::Type::DateTime: {
            const QDateTime t = v.toDateTime().toUTC();
            if (t.isValid())
                feature.SetField(index, t.date().year(), t.date().month(), t.date().day(), t.time().hour(),
                                 t.time().minute(), float(t.time().second()), 100);
            break;
        }
        }
    }
    feature.SetGeometryDirectly(static_cast<OGRGeometry *>(const_cast<void *>(geometry)));
    if (d->layer->CreateFeature(&feature) != OGRERR_NONE)
        return makeError(ErrorCode::Io, u"%1: a feature cannot be written: %2"_s.arg(mPath, lastGdalError()));
    return {};
}

Status GeoPackageWriter::addPolygon(const Polygon &polygon, const QVariantList &values)
{
    auto *multi = new OGRMultiPolygon;
    auto *p = new OGRPolygon;
    auto ring = [](const QList<QPointF> &points) {
        auto *r = new OGRLinearRing;
        r->setNumPoints(int(points.size()));
        for (qsizetype i = 0; i < points.size(); ++i)
            r->setPoint(int(i), points[i].x(), points[i].y());
        return r;
    };
    p->addRingDirectly(ring(polygon.outer));
    for (const auto &hole : polygon.holes)
        p->addRingDirectly(ring(hole));
    multi->addGeometryDirectly(p);
    multi->assignSpatialReference(&d->srs);
    return addFeature(multi, values);
}

Status GeoPackageWriter::addPolygonWkb(const QByteArray &wkb, const QVariantList &values)
{
    OGRGeometry *g = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.constData(), &d->srs, &g, size_t(wkb.size())) != OGRERR_NONE ||
        !g)
        return makeError(ErrorCode::InvalidInput, u"%1: a polygon's WKB is not readable"_s.arg(mPath));
    if (wkbFlatten(g->getGeometryType()) == wkbPolygon)
        g = OGRGeometryFactory::forceToMultiPolygon(g);
    return addFeature(g, values);
}

Status GeoPackageWriter::addPoint(const QPointF &lonLat, const QVariantList &values)
{
    auto *p = new OGRPoint(lonLat.x(), lonLat.y());
    p->assignSpatialReference(&d->srs);
    return addFeature(p, values);
}

Status GeoPackageWriter::finishLayer()
{
    if (!d->layer)
        return {};
    OGRLayer *layer = d->layer;
    d->layer = nullptr;
    if (layer->CommitTransaction() != OGRERR_NONE)
        return makeError(ErrorCode::Io, u"%1: %2"_s.arg(mPath, lastGdalError()));
    return {};
}

Status GeoPackageWriter::close()
{
    if (!d || !d->dataset)
        return {};
    auto s = finishLayer();
    d->dataset.reset();
    return s;
}

namespace {

QString stateColour(CaseState state)
{
    switch (state) {
    case CaseState::Reported:
    case CaseState::Verifying:
    case CaseState::Accepted:
        return u"255,190,0,255"_s; // waiting for filing: amber
    case CaseState::Filed:
    case CaseState::Dispatched:
    case CaseState::ReturnRequested:
    case CaseState::ParkRequested:
    case CaseState::VoidRequested:
        return u"30,120,230,255"_s; // in the hands of the centre or a unit: blue
    case CaseState::Parked:
        return u"150,150,150,255"_s;
    case CaseState::Handled:
    case CaseState::Checking:
    case CaseState::CheckFailed:
        return u"140,60,200,255"_s; // to be checked: purple
    case CaseState::CheckPassed:
    case CaseState::SelfDisposed:
        return u"60,180,90,255"_s;
    case CaseState::Closed:
        return u"40,110,60,255"_s;
    case CaseState::Rejected:
    case CaseState::Voided:
    case CaseState::None:
        break;
    }
    return u"110,110,110,255"_s;
}

void option(QXmlStreamWriter &x, const QString &name, const QString &value)
{
    x.writeStartElement(u"Option"_s);
    x.writeAttribute(u"name"_s, name);
    x.writeAttribute(u"value"_s, value);
    x.writeAttribute(u"type"_s, u"QString"_s);
    x.writeEndElement();
}

void symbol(QXmlStreamWriter &x, const QString &name, ExportGeometry geometry, const QString &fill,
            const QString &outline, const QString &width, const QString &size = u"2"_s,
            const QString &shape = u"circle"_s)
{
    x.writeStartElement(u"symbol"_s);
    x.writeAttribute(u"name"_s, name);
    x.writeAttribute(u"type"_s, geometry == ExportGeometry::Polygon ? u"fill"_s : u"marker"_s);
    x.writeAttribute(u"alpha"_s, u"1"_s);
    x.writeAttribute(u"clip_to_extent"_s, u"1"_s);
    x.writeAttribute(u"force_rhr"_s, u"0"_s);
    x.writeStartElement(u"layer"_s);
    x.writeAttribute(u"class"_s, geometry == ExportGeometry::Polygon ? u"SimpleFill"_s : u"SimpleMarker"_s);
    x.writeAttribute(u"enabled"_s, u"1"_s);
    x.writeAttribute(u"locked"_s, u"0"_s);
    x.writeAttribute(u"pass"_s, u"0"_s);
    x.writeStartElement(u"Option"_s);
    x.writeAttribute(u"type"_s, u"Map"_s);
    option(x, u"color"_s, fill);
    option(x, u"style"_s, fill.endsWith(u",0"_s) ? u"no"_s : u"solid"_s);
    option(x, u"outline_color"_s, outline);
    option(x, u"outline_width"_s, width);
    option(x, u"outline_width_unit"_s, u"MM"_s);
    option(x, u"outline_style"_s, u"solid"_s);
    if (geometry == ExportGeometry::Point) {
        option(x, u"name"_s, shape);
        option(x, u"size"_s, size);
        option(x, u"size_unit"_s, u"MM"_s);
    }
    x.writeEndElement(); // Option
    x.writeEndElement(); // layer
    x.writeEndElement(); // symbol
}

void srs(QXmlStreamWriter &x)
{
    x.writeStartElement(u"spatialrefsys"_s);
    x.writeTextElement(u"wkt"_s, {});
    x.writeTextElement(u"proj4"_s, u"+proj=longlat +ellps=GRS80 +no_defs"_s);
    x.writeTextElement(u"srid"_s, u"4490"_s);
    x.writeTextElement(u"authid"_s, u"EPSG:4490"_s);
    x.writeTextElement(u"description"_s, u"China Geodetic Coordinate System 2000"_s);
    x.writeTextElement(u"projectionacronym"_s, u"longlat"_s);
    x.writeTextElement(u"ellipsoidacronym"_s, u"EPSG:1024"_s);
    x.writeTextElement(u"geographicflag"_s, u"true"_s);
    x.writeEndElement();
}

} // namespace

namespace GeoStyle {

std::array<int, 3> componentMajorColour(const QString &major)
{
    if (major == u"01"_s)
        return {31, 119, 180}; // public facilities: blue
    if (major == u"02"_s)
        return {230, 120, 20}; // roads and traffic: orange
    if (major == u"03"_s)
        return {150, 90, 190}; // city appearance and environment: purple
    if (major == u"04"_s)
        return {44, 150, 44}; // landscaping: green
    if (major == u"05"_s)
        return {140, 86, 75}; // housing and land: brown
    return {120, 120, 120};
}

QString poiShape(const QString &kind)
{
    const QString k = kind.toLower();
    if (k.contains(u"metro"_s) || k.contains(u"subway"_s) || k.contains(u"station"_s))
        return u"square"_s;
    if (k.contains(u"school"_s))
        return u"triangle"_s;
    if (k.contains(u"hospital"_s))
        return u"cross"_s;
    if (k.contains(u"market"_s))
        return u"diamond"_s;
    if (k.contains(u"estate"_s) || k.contains(u"residential"_s))
        return u"pentagon"_s;
    return u"star"_s;
}

std::array<int, 3> poiColour(const QString &kind)
{
    const QString shape = poiShape(kind);
    if (shape == u"square"_s)
        return {200, 30, 60};
    if (shape == u"triangle"_s)
        return {30, 120, 200};
    if (shape == u"cross"_s)
        return {220, 40, 40};
    if (shape == u"diamond"_s)
        return {230, 150, 20};
    if (shape == u"pentagon"_s)
        return {90, 120, 60};
    return {110, 60, 160};
}

} // namespace GeoStyle

Status writeQgisProject(const QString &qgsPath, const QString &gpkgPath, const QList<QgisLayer> &layers,
                        const QString &title)
{
    QFile file(qgsPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return makeError(ErrorCode::Io, u"%1 cannot be written: %2"_s.arg(qgsPath, file.errorString()));
    const QString source =
        QFileInfo(qgsPath).absoluteDir().relativeFilePath(QFileInfo(gpkgPath).absoluteFilePath());
    const QString relative = source.startsWith(u"."_s) ? source : u"./"_s + source;
    QXmlStreamWriter x(&file);
    x.setAutoFormatting(true);
    x.writeStartDocument();
    x.writeDTD(u"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"_s);
    x.writeStartElement(u"qgis"_s);
    x.writeAttribute(u"projectname"_s, title);
    x.writeAttribute(u"version"_s, u"3.22.0-Białowieża"_s);
    x.writeTextElement(u"title"_s, title);
    x.writeStartElement(u"projectCrs"_s);
    srs(x);
    x.writeEndElement();
    auto layerId = [](const QgisLayer &l) -> QString {
        return u"citygrid_"_s + l.name;
    };
    // The layer tree lists the first layer on top: points over polygons.
    x.writeStartElement(u"layer-tree-group"_s);
    for (auto it = layers.crbegin(); it != layers.crend(); ++it) {
        x.writeStartElement(u"layer-tree-layer"_s);
        x.writeAttribute(u"id"_s, layerId(*it));
        x.writeAttribute(u"name"_s, it->name);
        x.writeAttribute(u"source"_s, relative + u"|layername="_s + it->name);
        x.writeAttribute(u"providerKey"_s, u"ogr"_s);
        x.writeAttribute(u"checked"_s, u"Qt::Checked"_s);
        x.writeAttribute(u"expanded"_s, u"1"_s);
        x.writeEndElement();
    }
    x.writeEndElement();
    x.writeStartElement(u"projectlayers"_s);
    for (const QgisLayer &l : layers) {
        x.writeStartElement(u"maplayer"_s);
        x.writeAttribute(u"type"_s, u"vector"_s);
        x.writeAttribute(u"geometry"_s, l.geometry == ExportGeometry::Polygon ? u"Polygon"_s : u"Point"_s);
        x.writeAttribute(u"hasScaleBasedVisibilityFlag"_s,
                         l.style == QgisLayer::Style::GridOutline || l.style == QgisLayer::Style::Components
                             ? u"1"_s
                             : u"0"_s);
        // Unit grid outlines only when zoomed in past 1:50,000: 800,000 outlines at city scale are a grey
        // blur.
        x.writeAttribute(u"maxScale"_s, u"0"_s);
        x.writeAttribute(u"minScale"_s, l.style == QgisLayer::Style::GridOutline  ? u"50000"_s
                                        : l.style == QgisLayer::Style::Components ? u"25000"_s
                                                                                  : u"100000000"_s);
        x.writeTextElement(u"id"_s, layerId(l));
        x.writeTextElement(u"datasource"_s, relative + u"|layername="_s + l.name);
        x.writeTextElement(u"layername"_s, l.name);
        x.writeStartElement(u"srs"_s);
        srs(x);
        x.writeEndElement();
        x.writeStartElement(u"provider"_s);
        x.writeAttribute(u"encoding"_s, u"UTF-8"_s);
        x.writeCharacters(u"ogr"_s);
        x.writeEndElement();
        x.writeStartElement(u"renderer-v2"_s);
        switch (l.style) {
        case QgisLayer::Style::GridOutline:
        case QgisLayer::Style::Jurisdictions:
        case QgisLayer::Style::ResponsibilityGrids: {
            x.writeAttribute(u"type"_s, u"singleSymbol"_s);
            x.writeStartElement(u"symbols"_s);
            if (l.style == QgisLayer::Style::GridOutline)
                symbol(x, u"0"_s, l.geometry, u"0,0,0,0"_s, u"60,90,160,255"_s, u"0.1"_s);
            else if (l.style == QgisLayer::Style::Jurisdictions)
                symbol(x, u"0"_s, l.geometry, u"0,0,0,0"_s, u"200,40,40,255"_s, u"0.6"_s);
            else
                symbol(x, u"0"_s, l.geometry, u"0,0,0,0"_s, u"20,110,60,255"_s, u"0.5"_s);
            x.writeEndElement();
            break;
        }
        case QgisLayer::Style::Components:
        case QgisLayer::Style::PointsOfInterest: {
            const bool components = l.style == QgisLayer::Style::Components;
            const QStringList values =
                components ? QStringList{u"01"_s, u"02"_s, u"03"_s, u"04"_s, u"05"_s} : l.categories;
            x.writeAttribute(u"type"_s, u"categorizedSymbol"_s);
            x.writeAttribute(u"attr"_s, components ? u"major"_s : u"kind"_s);
            x.writeStartElement(u"categories"_s);
            for (qsizetype i = 0; i < values.size(); ++i) {
                x.writeStartElement(u"category"_s);
                x.writeAttribute(u"value"_s, values[i]);
                x.writeAttribute(u"symbol"_s, QString::number(i));
                x.writeAttribute(u"label"_s, values[i]);
                x.writeAttribute(u"render"_s, u"true"_s);
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeStartElement(u"symbols"_s);
            for (qsizetype i = 0; i < values.size(); ++i) {
                const auto c =
                    components ? GeoStyle::componentMajorColour(values[i]) : GeoStyle::poiColour(values[i]);
                const QString colour = u"%1,%2,%3,255"_s.arg(c[0]).arg(c[1]).arg(c[2]);
                if (components)
                    symbol(x, QString::number(i), l.geometry, colour, u"60,60,60,255"_s, u"0"_s, u"1.2"_s);
                else
                    symbol(x, QString::number(i), l.geometry, colour, u"255,255,255,255"_s, u"0.3"_s,
                           u"3.2"_s, GeoStyle::poiShape(values[i]));
            }
            x.writeEndElement();
            break;
        }
        case QgisLayer::Style::CasesByState: {
            x.writeAttribute(u"type"_s, u"categorizedSymbol"_s);
            x.writeAttribute(u"attr"_s, u"state"_s);
            x.writeStartElement(u"categories"_s);
            for (int s = 1; s < CaseStateCount; ++s) {
                x.writeStartElement(u"category"_s);
                x.writeAttribute(u"value"_s, stateName(CaseState(s)));
                x.writeAttribute(u"symbol"_s, QString::number(s));
                x.writeAttribute(u"label"_s, stateName(CaseState(s)));
                x.writeAttribute(u"render"_s, u"true"_s);
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeStartElement(u"symbols"_s);
            for (int s = 1; s < CaseStateCount; ++s)
                symbol(x, QString::number(s), l.geometry, stateColour(CaseState(s)), u"255,255,255,255"_s,
                       u"0.2"_s);
            x.writeEndElement();
            break;
        }
        }
        x.writeEndElement(); // renderer-v2
        if (!l.labelField.isEmpty()) {
            x.writeStartElement(u"labeling"_s);
            x.writeAttribute(u"type"_s, u"simple"_s);
            x.writeStartElement(u"settings"_s);
            x.writeStartElement(u"text-style"_s);
            x.writeAttribute(u"fieldName"_s, l.labelField);
            x.writeAttribute(u"fontSize"_s, u"10"_s);
            x.writeAttribute(u"textColor"_s, u"200,40,40,255"_s);
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndElement();
        }
        x.writeEndElement(); // maplayer
    }
    x.writeEndElement(); // projectlayers
    x.writeStartElement(u"properties"_s);
    x.writeStartElement(u"Paths"_s);
    x.writeStartElement(u"Absolute"_s);
    x.writeAttribute(u"type"_s, u"bool"_s);
    x.writeCharacters(u"false"_s);
    x.writeEndElement();
    x.writeEndElement();
    x.writeEndElement();
    x.writeEndElement(); // qgis
    x.writeEndDocument();
    file.close();
    if (file.error() != QFile::NoError)
        return makeError(ErrorCode::Io, u"%1 cannot be written: %2"_s.arg(qgsPath, file.errorString()));
    return {};
}

} // namespace cg
