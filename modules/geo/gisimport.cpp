#include "geo/gisimport.h"

#include "geo/gdalsupport.h"
#include "geo/geoscontext.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cpl_string.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace cg {

QString gisLayerKindName(GisLayerKind kind)
{
    switch (kind) {
    case GisLayerKind::Jurisdictions:
        return u"jurisdictions"_s;
    case GisLayerKind::UnitGrids:
        return u"grids"_s;
    case GisLayerKind::Points:
        return u"points"_s;
    case GisLayerKind::Components:
        return u"components"_s;
    case GisLayerKind::PointsOfInterest:
        return u"points of interest"_s;
    case GisLayerKind::ResponsibilityGrids:
        return u"responsibility grids"_s;
    }
    return {};
}

bool isPointKind(GisLayerKind kind)
{
    return kind == GisLayerKind::Points || kind == GisLayerKind::Components ||
           kind == GisLayerKind::PointsOfInterest;
}

Result<GisLayerKind> parseGisLayerKind(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"jurisdictions"_s || t == u"districts"_s || t == u"streets"_s || t == u"communities"_s)
        return GisLayerKind::Jurisdictions;
    if (t == u"grids"_s || t == u"unit-grids"_s || t == u"unit_grids"_s)
        return GisLayerKind::UnitGrids;
    if (t == u"points"_s)
        return GisLayerKind::Points;
    if (t == u"components"_s || t == u"component"_s)
        return GisLayerKind::Components;
    if (t == u"pois"_s || t == u"poi"_s || t == u"points-of-interest"_s)
        return GisLayerKind::PointsOfInterest;
    if (t == u"responsibility-grids"_s || t == u"responsibility_grids"_s || t == u"responsibility"_s)
        return GisLayerKind::ResponsibilityGrids;
    return makeError(ErrorCode::InvalidInput,
                     u"unknown layer kind '%1'; expected jurisdictions, grids, points, components, pois or "
                     u"responsibility-grids"_s.arg(text));
}

int GisImport::errorCount() const
{
    return int(std::count_if(issues.begin(), issues.end(),
                             [](const GisIssue &i) { return i.severity == GisIssue::Severity::Error; }));
}

int GisImport::warningCount() const
{
    return int(issues.size()) - errorCount();
}

QString GisImport::reportText() const
{
    QString text;
    const QString name = QFileInfo(file).fileName() + (layer.isEmpty() ? QString() : u" layer "_s + layer);
    text +=
        u"%1: %2 feature(s) read (%3, %4, encoding %5; fields code=%6 name=%7 parent=%8)\n"_s.arg(name)
            .arg(featuresRead)
            .arg(driver, sourceCrs, encoding.isEmpty() ? u"-"_s : encoding,
                 fields.code.isEmpty() ? u"-"_s : fields.code, fields.name.isEmpty() ? u"-"_s : fields.name,
                 fields.parentCode.isEmpty() ? u"-"_s : fields.parentCode);
    for (const GisIssue &i : issues) {
        text += u"%1 %2"_s.arg(i.severity == GisIssue::Severity::Error ? u"error:  "_s : u"warning:"_s, name);
        if (i.feature >= 0)
            text += u" feature %1"_s.arg(i.feature);
        if (!i.code.isEmpty())
            text += u" (%1)"_s.arg(i.code);
        text += u": "_s + i.message + u'\n';
    }
    text += u"%1: %2 error(s), %3 warning(s), %4 repaired; %5\n"_s.arg(name)
                .arg(errorCount())
                .arg(warningCount())
                .arg(repaired)
                .arg(refused() ? u"REFUSED: nothing imported"_s : u"accepted"_s);
    return text;
}

namespace {

struct OgrFeatureDeleter
{
    void operator()(OGRFeature *f) const { OGRFeature::DestroyFeature(f); }
};
using OgrFeaturePtr = std::unique_ptr<OGRFeature, OgrFeatureDeleter>;

const QStringList codeNames{u"code"_s,     u"adcode"_s,   u"grid_code"_s, u"gridcode"_s, u"wgbm"_s,
                            u"bm"_s,       u"dm"_s,       u"xzqdm"_s,     u"xzqhdm"_s,   u"编码"_s,
                            u"代码"_s,     u"网格编码"_s, u"wgdm"_s,      u"objcode"_s,  u"bjbm"_s,
                            u"部件编码"_s, u"id_code"_s};
const QStringList kindNames{u"kind"_s, u"type"_s, u"category"_s, u"poi_kind"_s,
                            u"lx"_s,   u"类型"_s, u"类别"_s,     u"fl"_s};
const QStringList statusNames{u"status"_s, u"state"_s, u"zt"_s, u"状态"_s, u"部件状态"_s};
const QStringList supervisorNames{u"supervisor"_s, u"login"_s, u"jdy"_s, u"监督员"_s};
const QStringList responsibilityCodeNames{u"code"_s, u"zrwg"_s, u"zrwgbm"_s, u"责任网格编码"_s, u"编码"_s};
const QStringList streetNames{u"street"_s, u"street_code"_s, u"jddm"_s,    u"jdbm"_s,
                              u"parent"_s, u"parent_code"_s, u"所属街道"_s};
const QStringList nameNames{u"name"_s, u"mc"_s, u"xzqmc"_s, u"名称"_s, u"wgmc"_s, u"objname"_s, u"bjmc"_s};
const QStringList parentNames{u"parent"_s,    u"parent_code"_s,    u"parentcode"_s, u"pcode"_s,
                              u"p_code"_s,    u"sjdm"_s,           u"sjbm"_s,       u"上级编码"_s,
                              u"上级代码"_s,  u"community_code"_s, u"sqdm"_s,       u"sqbm"_s,
                              u"community"_s, u"所属社区"_s};

bool codeShapeFits(GisLayerKind kind, const QString &value)
{
    const qsizetype n = value.size();
    if (!isDigits(value, n) || n == 0)
        return false;
    switch (kind) {
    case GisLayerKind::Jurisdictions:
        return n == 6 || n == 9 || n == 12;
    case GisLayerKind::UnitGrids:
        return n == 14 || n == 15;
    case GisLayerKind::Points:
    case GisLayerKind::Components:
        return n == 16 || n == 17;
    case GisLayerKind::PointsOfInterest:
    case GisLayerKind::ResponsibilityGrids:
        return false;
    }
    return false;
}

// Names decoded with the wrong code page: U+FFFD, or Latin-1 letters where a Chinese name was meant.
bool looksGarbled(const QString &text)
{
    bool latin1 = false, cjk = false;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u == 0xFFFD)
            return true;
        if (u >= 0x80 && u <= 0xFF)
            latin1 = true;
        if (u >= 0x3000)
            cjk = true;
    }
    return latin1 && !cjk;
}

Result<Crs> crsOf(const OGRSpatialReference *srs)
{
    OGRSpatialReference copy(*srs);
    copy.AutoIdentifyEPSG();
    const char *authority = copy.GetAuthorityName(nullptr);
    const char *code = copy.GetAuthorityCode(nullptr);
    if (authority && code && QByteArray(authority).compare("EPSG", Qt::CaseInsensitive) == 0)
        return Crs::fromString(u"EPSG:"_s + QString::fromLatin1(code));
    if (copy.IsGeographic()) {
        // A .prj written by old ESRI tools names the datum only: WGS 84 and CGCS2000 are the hub.
        const char *datum = copy.GetAttrValue("DATUM");
        const QByteArray d = QByteArray(datum ? datum : "").toUpper();
        if (d.contains("WGS") && d.contains("84"))
            return Crs::wgs84();
        if (d.contains("CGCS") || d.contains("CHINA_2000") || d.contains("CHINA 2000"))
            return Crs::cgcs2000();
    }
    char *wkt = nullptr;
    const char *options[] = {"FORMAT=WKT2_2019", nullptr};
    if (copy.exportToWkt(&wkt, options) != OGRERR_NONE || !wkt)
        return makeError(ErrorCode::InvalidInput, u"the file's coordinate system cannot be read"_s);
    const QString text = QString::fromUtf8(wkt);
    CPLFree(wkt);
    return Crs::fromString(text);
}

double geosAreaM2(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    double area = 0;
    for (const Polygon &p : polygonsFromGeos(h, g))
        area += p.areaM2();
    return area;
}

QString pointText(const QPointF &p)
{
    return u"(%1, %2)"_s.arg(p.x(), 0, 'f', 6).arg(p.y(), 0, 'f', 6);
}

} // namespace

Result<QStringList> gisLayers(const QString &path)
{
    ensureGdal();
    GdalDatasetPtr ds(GDALDataset::Open(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds)
        return makeError(ErrorCode::InvalidInput, u"%1 is not a GIS file GDAL can read: %2"_s.arg(
                                                      path, lastGdalError(u"unknown format"_s)));
    QStringList names;
    for (int i = 0; i < ds->GetLayerCount(); ++i)
        names.append(QString::fromUtf8(ds->GetLayer(i)->GetName()));
    return names;
}

Result<GisImport> readGisLayer(const QString &path, const GisImportOptions &options,
                               const std::function<void(int, int)> &progress, const std::atomic_bool *cancel)
{
    ensureGdal();
    const QFileInfo info(path);
    if (!info.exists())
        return makeError(ErrorCode::Io, u"%1 does not exist"_s.arg(path));
    const QString suffix = info.suffix().toLower();
    CPLStringList openOptions;
    if (suffix == u"csv"_s) {
        openOptions.SetNameValue("X_POSSIBLE_NAMES", "lon,lng,longitude,x,经度");
        openOptions.SetNameValue("Y_POSSIBLE_NAMES", "lat,latitude,y,纬度");
        openOptions.SetNameValue("GEOM_POSSIBLE_NAMES", "wkt,geometry,geom,the_geom");
        openOptions.SetNameValue("KEEP_GEOM_COLUMNS", "NO");
    }
    GisImport result;
    result.file = path;
    const bool shapefile = suffix == u"shp"_s || suffix == u"dbf"_s;
    if (shapefile) {
        const QString cpg = info.path() + u'/' + info.completeBaseName() + u".cpg"_s;
        if (!options.encoding.isEmpty()) {
            openOptions.SetNameValue("ENCODING", options.encoding.toUtf8().constData());
            result.encoding = options.encoding;
        } else if (QFile cpgFile(cpg); cpgFile.open(QIODevice::ReadOnly)) {
            result.encoding = QString::fromLatin1(cpgFile.readAll()).trimmed() + u" (.cpg)"_s;
        } else {
            result.encoding = u"none given (no .cpg)"_s;
        }
    } else {
        result.encoding = options.encoding.isEmpty() ? u"UTF-8"_s : options.encoding;
    }
    CPLErrorReset();
    GdalDatasetPtr ds(GDALDataset::Open(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                        openOptions.List()));
    if (!ds)
        return makeError(
            ErrorCode::InvalidInput,
            u"%1 is not a GIS file CityGrid can read (GeoPackage, Shapefile, GeoJSON, CSV): %2"_s.arg(
                path, lastGdalError(u"unknown format"_s)));
    result.driver = QString::fromUtf8(ds->GetDriver()->GetDescription());
    OGRLayer *layer = nullptr;
    if (!options.layer.isEmpty()) {
        layer = ds->GetLayerByName(options.layer.toUtf8().constData());
        if (!layer) {
            QStringList names;
            for (int i = 0; i < ds->GetLayerCount(); ++i)
                names.append(QString::fromUtf8(ds->GetLayer(i)->GetName()));
            return makeError(ErrorCode::InvalidInput, u"%1 has no layer '%2'; its layers: %3"_s.arg(
                                                          path, options.layer, names.join(u", "_s)));
        }
    } else if (ds->GetLayerCount() == 1) {
        layer = ds->GetLayer(0);
    } else {
        QStringList names;
        for (int i = 0; i < ds->GetLayerCount(); ++i)
            names.append(QString::fromUtf8(ds->GetLayer(i)->GetName()));
        return makeError(ErrorCode::InvalidInput, ds->GetLayerCount() == 0
                                                      ? u"%1 has no vector layers"_s.arg(path)
                                                      : u"%1 has %2 layers (%3): say which one"_s.arg(path)
                                                            .arg(names.size())
                                                            .arg(names.join(u", "_s)));
    }
    result.layer = QString::fromUtf8(layer->GetName());

    // Coordinate system: given, or the file's.
    Crs source;
    const OGRSpatialReference *srs = layer->GetSpatialRef();
    if (options.crs) {
        source = *options.crs;
        result.sourceCrs = source.name() + u" (given)"_s;
        if (srs) {
            auto fileCrs = crsOf(srs);
            if (fileCrs && !(*fileCrs == source))
                result.issues.append(
                    {GisIssue::Severity::Warning,
                     -1,
                     {},
                     u"the file says its coordinates are %1; reading them as %2 as told"_s.arg(
                         fileCrs->name(), source.name())});
        }
    } else if (srs) {
        auto fileCrs = crsOf(srs);
        if (!fileCrs)
            return makeError(ErrorCode::InvalidInput, u"%1: %2"_s.arg(path, fileCrs.errorMessage()));
        source = *fileCrs;
        result.sourceCrs = source.name();
    } else {
        return makeError(
            ErrorCode::InvalidInput,
            u"%1 has no coordinate system%2; give it (gcj02 for AMap or Tencent data, bd09 for Baidu, "
            u"EPSG:4490 for CGCS2000, shanghai2000, ...)"_s.arg(path,
                                                                shapefile ? u" (no .prj)"_s : QString()));
    }
    auto transform = CrsTransform::create(source, Crs::cgcs2000());
    if (!transform)
        return transform.error();

    // Fields: explicit, else by name, else (code) by the shape of the values.
    OGRFeatureDefn *defn = layer->GetLayerDefn();
    QStringList fieldNames;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        fieldNames.append(QString::fromUtf8(defn->GetFieldDefn(i)->GetNameRef()));
    auto findField = [&](const QString &explicitName, const QStringList &candidates,
                         const QString &what) -> Result<int> {
        if (!explicitName.isEmpty()) {
            for (int i = 0; i < fieldNames.size(); ++i) {
                if (fieldNames[i].compare(explicitName, Qt::CaseInsensitive) == 0)
                    return i;
            }
            return makeError(ErrorCode::InvalidInput,
                             u"%1 has no field '%2' for the %3; its fields: %4"_s.arg(
                                 path, explicitName, what, fieldNames.join(u", "_s)));
        }
        for (const QString &candidate : candidates) {
            for (int i = 0; i < fieldNames.size(); ++i) {
                if (fieldNames[i].compare(candidate, Qt::CaseInsensitive) == 0)
                    return i;
            }
        }
        return -1;
    };
    // Points carry component ids (16/17 digits) or nothing: an "adcode" there is the district, not an id.
    const bool pointKind = isPointKind(options.kind);
    const bool responsibility = options.kind == GisLayerKind::ResponsibilityGrids;
    auto codeField = findField(
        options.fields.code,
        options.kind == GisLayerKind::Points || options.kind == GisLayerKind::Components ? QStringList()
        : options.kind == GisLayerKind::PointsOfInterest                                 ? QStringList()
        : responsibility ? responsibilityCodeNames
                         : codeNames,
        u"code"_s);
    auto nameField = findField(options.fields.name, nameNames, u"name"_s);
    auto parentField =
        findField(options.fields.parentCode, responsibility ? streetNames : parentNames, u"parent code"_s);
    auto kindField =
        findField({}, options.kind == GisLayerKind::PointsOfInterest ? kindNames : QStringList(), u"kind"_s);
    auto statusField =
        findField({}, options.kind == GisLayerKind::Components ? statusNames : QStringList(), u"status"_s);
    auto supervisorField = findField({}, responsibility ? supervisorNames : QStringList(), u"supervisor"_s);
    for (auto *r : {&codeField, &nameField, &parentField, &kindField, &statusField, &supervisorField}) {
        if (!*r)
            return r->error();
    }
    if (*codeField < 0) {
        // The first field whose values look like codes of this kind.
        QList<int> hits(fieldNames.size(), 0);
        int sampled = 0;
        layer->ResetReading();
        for (OgrFeaturePtr f(layer->GetNextFeature()); f && sampled < 200;
             f.reset(layer->GetNextFeature()), ++sampled) {
            for (int i = 0; i < fieldNames.size(); ++i) {
                if (codeShapeFits(options.kind, QString::fromUtf8(f->GetFieldAsString(i)).trimmed()))
                    ++hits[i];
            }
        }
        for (int i = 0; i < fieldNames.size(); ++i) {
            if (sampled > 0 && hits[i] * 10 >= sampled * 9) {
                *codeField = i;
                break;
            }
        }
    }
    if (*codeField < 0 && options.kind != GisLayerKind::Points &&
        options.kind != GisLayerKind::PointsOfInterest)
        return makeError(ErrorCode::InvalidInput,
                         u"%1: no field looks like a %2 code (fields: %3); name it with --code-field"_s.arg(
                             path,
                             options.kind == GisLayerKind::UnitGrids    ? u"unit grid"_s
                             : options.kind == GisLayerKind::Components ? u"component"_s
                             : responsibility                           ? u"responsibility grid"_s
                                                                        : u"jurisdiction"_s,
                             fieldNames.join(u", "_s)));
    if (options.kind == GisLayerKind::PointsOfInterest && *kindField < 0 && options.poiKind.isEmpty() &&
        !result.layer.startsWith(u"poi_"_s, Qt::CaseInsensitive))
        return makeError(
            ErrorCode::InvalidInput,
            u"%1: no field gives the kind of the points of interest (fields: %2); give it with "
            u"--poi-kind (e.g. metro, school, hospital, market)"_s.arg(path, fieldNames.join(u", "_s)));
    result.fields.kind = *kindField >= 0 ? fieldNames[*kindField] : QString();
    result.fields.status = *statusField >= 0 ? fieldNames[*statusField] : QString();
    result.fields.supervisor = *supervisorField >= 0 ? fieldNames[*supervisorField] : QString();
    // Points keep their other fields as JSON (the attributes column).
    QList<int> otherFields;
    if (pointKind) {
        for (int i = 0; i < fieldNames.size(); ++i) {
            if (i != *codeField && i != *nameField && i != *kindField && i != *statusField)
                otherFields.append(i);
        }
    }
    const QString defaultPoiKind = !options.poiKind.isEmpty() ? options.poiKind
                                   : result.layer.startsWith(u"poi_"_s, Qt::CaseInsensitive)
                                       ? result.layer.mid(4).toLower()
                                       : QString();
    if (*parentField == *codeField)
        *parentField = -1;
    result.fields.code = *codeField >= 0 ? fieldNames[*codeField] : QString();
    result.fields.name = *nameField >= 0 ? fieldNames[*nameField] : QString();
    result.fields.parentCode = *parentField >= 0 ? fieldNames[*parentField] : QString();

    GEOSContextHandle_t h = geosContext();
    std::unique_ptr<GEOSWKBReader, GeosWkbReaderDeleter> reader(GEOSWKBReader_create_r(h),
                                                                GeosWkbReaderDeleter{h});
    const int total = int(layer->GetFeatureCount(TRUE));
    QHash<QString, qint64> seen;
    const bool streaming = bool(options.sink) && pointKind;
    // Streaming: numeric codes as (number, feature) pairs, sorted at the end (16 bytes a feature).
    std::vector<std::pair<qint64, qint64>> numericCodes;
    auto flush = [&](bool last) -> Status {
        if (!streaming || (!last && result.features.size() < std::max(1, options.sinkChunk)))
            return {};
        if (result.features.isEmpty())
            return {};
        Status s = options.sink(result.features, result);
        result.features.clear();
        return s;
    };
    QRectF allowed = options.expectedExtent;
    if (!allowed.isNull()) // "far outside": a kilometre of slack for honest edge effects
        allowed.adjust(-0.01, -0.01, 0.01, 0.01);
    bool garbledReported = false;
    int garbled = 0;
    layer->ResetReading();
    for (OgrFeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        if (cancel && cancel->load())
            return makeError(ErrorCode::Cancelled, u"the import of %1 was cancelled"_s.arg(path));
        ++result.featuresRead;
        if (progress && (result.featuresRead % 500 == 0 || result.featuresRead == total))
            progress(result.featuresRead, total);
        GisFeature feature;
        feature.fid = f->GetFID();
        auto field = [&](int i) {
            return i >= 0 ? QString::fromUtf8(f->GetFieldAsString(i)).trimmed() : QString();
        };
        feature.code = field(*codeField);
        feature.name = field(*nameField);
        feature.parentCode = field(*parentField);
        if (options.kind == GisLayerKind::PointsOfInterest) {
            feature.kind = field(*kindField);
            if (feature.kind.isEmpty())
                feature.kind = defaultPoiKind;
        }
        if (options.kind == GisLayerKind::Components) {
            feature.status = field(*statusField);
            if (feature.status.isEmpty())
                feature.status = u"normal"_s;
        }
        if (responsibility)
            feature.supervisor = field(*supervisorField);
        if (!otherFields.isEmpty()) {
            QJsonObject attributes;
            for (int i : otherFields) {
                if (!f->IsFieldSetAndNotNull(i))
                    continue;
                const OGRFieldType type = defn->GetFieldDefn(i)->GetType();
                if (type == OFTInteger || type == OFTInteger64)
                    attributes.insert(fieldNames[i], double(f->GetFieldAsInteger64(i)));
                else if (type == OFTReal)
                    attributes.insert(fieldNames[i], f->GetFieldAsDouble(i));
                else
                    attributes.insert(fieldNames[i], field(i));
            }
            feature.attributes = QString::fromUtf8(QJsonDocument(attributes).toJson(QJsonDocument::Compact));
        }
        auto issue = [&](GisIssue::Severity severity, const QString &message, double area = 0) {
            result.issues.append({severity, feature.fid, feature.code, message, area});
        };
        const auto error = [&](const QString &message) {
            issue(GisIssue::Severity::Error, message);
        };

        if (looksGarbled(feature.name) || feature.name.contains(QChar(0xFFFD))) {
            ++garbled;
            if (!garbledReported)
                error(u"name '%1' is garbled: the attribute encoding is wrong (%2); give it, e.g. --encoding "
                      u"GB18030 for a Chinese .dbf without .cpg"_s.arg(feature.name, result.encoding));
            garbledReported = true;
        }
        // Codes.
        if (options.kind == GisLayerKind::Jurisdictions) {
            auto code = JurisdictionCode::parse(feature.code);
            if (!code)
                error(code.errorMessage());
            else if (!feature.parentCode.isEmpty() && feature.parentCode != code->parent().text())
                error(u"parent code %1 is inconsistent with the code: %2's parent is %3"_s.arg(
                    feature.parentCode, feature.code, code->parent().text()));
        } else if (options.kind == GisLayerKind::UnitGrids) {
            auto code = UnitGridCode::parse(feature.code);
            if (!code)
                error(code.errorMessage());
            else if (!feature.parentCode.isEmpty()) {
                auto parent = JurisdictionCode::parse(feature.parentCode);
                if (!parent || !code->checkBelongsTo(*parent))
                    error(
                        u"community code %1 is inconsistent with the grid code: %2 belongs to community %3"_s
                            .arg(feature.parentCode, feature.code, code->community().text()));
            }
        } else if (options.kind == GisLayerKind::Components) {
            auto code = ComponentId::parse(feature.code);
            if (!code)
                error(code.errorMessage());
            else
                feature.kind = code->classCode();
        } else if (options.kind == GisLayerKind::PointsOfInterest) {
            if (feature.name.isEmpty())
                error(u"a point of interest needs a name"_s);
            if (feature.kind.isEmpty())
                error(u"has no kind; give it with --poi-kind"_s);
        } else if (responsibility) {
            if (feature.code.isEmpty())
                error(u"a responsibility grid needs a code"_s);
            if (feature.name.isEmpty())
                error(u"a responsibility grid needs a name"_s);
            // The street: the parent field, else the first 9 digits of a numeric code.
            if (feature.parentCode.isEmpty() && feature.code.size() > 9 && isDigits(feature.code.left(9), 9))
                feature.parentCode = feature.code.left(9);
            auto street = JurisdictionCode::parse(feature.parentCode);
            if (!street || street->level() != JurisdictionLevel::Street)
                error(
                    u"street code '%1' is not a street (9 digits); a responsibility grid lies in one street"_s
                        .arg(feature.parentCode));
        }
        bool numeric = false;
        const qint64 number = streaming && feature.code.size() <= 18 && !feature.code.startsWith(u'0')
                                  ? feature.code.toLongLong(&numeric)
                                  : 0;
        if (numeric) {
            numericCodes.emplace_back(number, feature.fid);
        } else if (!feature.code.isEmpty()) {
            if (const auto it = seen.constFind(feature.code); it != seen.constEnd())
                error(u"duplicate code: feature %1 has it too"_s.arg(*it));
            else
                seen.insert(feature.code, feature.fid);
        }

        // Geometry.
        OGRGeometry *g = f->GetGeometryRef();
        if (!g || g->IsEmpty()) {
            error(u"has no geometry"_s);
            result.features.append(std::move(feature));
            if (auto s = flush(false); !s)
                return s.error();
            continue;
        }
        const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
        if (pointKind) {
            const OGRPoint *p = type == wkbPoint ? g->toPoint()
                                : type == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() > 0
                                    ? g->toMultiPoint()->getGeometryRef(0)
                                    : nullptr;
            if (!p) {
                error(u"is a %1, expected a point"_s.arg(QString::fromUtf8(g->getGeometryName())));
                continue;
            }
            auto ll = transform->transform(QPointF(p->getX(), p->getY()));
            if (!ll) {
                error(ll.errorMessage());
                continue;
            }
            feature.point = *ll;
            if (chinaoffset::outOfChina(*ll) || (!allowed.isNull() && !allowed.contains(*ll)))
                error(u"lies at %1, %2: is the coordinate system right? (read as %3)"_s.arg(
                    pointText(*ll),
                    chinaoffset::outOfChina(*ll) ? u"outside China"_s : u"outside the expected area"_s,
                    source.name()));
            result.features.append(std::move(feature));
            if (auto s = flush(false); !s)
                return s.error();
            continue;
        }
        if (type != wkbPolygon && type != wkbMultiPolygon && type != wkbCurvePolygon &&
            type != wkbMultiSurface) {
            error(u"is a %1, expected polygons"_s.arg(QString::fromUtf8(g->getGeometryName())));
            continue;
        }
        std::unique_ptr<OGRGeometry> linear(g->getLinearGeometry());
        linear->flattenTo2D();
        std::vector<unsigned char> wkb(std::size_t(linear->WkbSize()));
        linear->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        GeosGeometryPtr geos(GEOSWKBReader_read_r(h, reader.get(), wkb.data(), wkb.size()),
                             GeosGeometryDeleter{h});
        if (!geos) {
            error(u"has a geometry GEOS cannot read"_s);
            continue;
        }
        if (GEOSisValid_r(h, geos.get()) != 1) {
            char *why = GEOSisValidReason_r(h, geos.get());
            const QString reason = QString::fromUtf8(why ? why : "invalid");
            GEOSFree_r(h, why);
            GeosGeometryPtr fixed(options.repairInvalid ? GEOSMakeValid_r(h, geos.get()) : nullptr,
                                  GeosGeometryDeleter{h});
            if (!fixed || polygonsFromGeos(h, fixed.get()).isEmpty()) {
                error(u"invalid geometry (%1)%2"_s.arg(
                    reason, options.repairInvalid ? u" that cannot be repaired"_s : u"; repair is off"_s));
                continue;
            }
            issue(GisIssue::Severity::Warning, u"invalid geometry (%1) repaired"_s.arg(reason));
            ++result.repaired;
            geos = std::move(fixed);
        }
        feature.polygons = polygonsFromGeos(h, geos.get());
        if (options.kind == GisLayerKind::UnitGrids && feature.polygons.size() > 1)
            error(u"has %1 separate parts; a unit grid is one closed polygon"_s.arg(feature.polygons.size()));
        if (responsibility && feature.polygons.size() > 1)
            error(u"has %1 separate parts; a responsibility grid is one area of adjacent unit grids"_s.arg(
                feature.polygons.size()));
        bool transformed = true;
        for (Polygon &p : feature.polygons) {
            auto ring = [&](QList<QPointF> &points) {
                std::vector<double> x, y;
                for (const QPointF &q : points) {
                    x.push_back(q.x());
                    y.push_back(q.y());
                }
                if (auto s = transform->transform(x.data(), y.data(), x.size()); !s) {
                    transformed = false;
                    return;
                }
                for (qsizetype k = 0; k < points.size(); ++k)
                    points[k] = QPointF(x[std::size_t(k)], y[std::size_t(k)]);
            };
            ring(p.outer);
            for (auto &hole : p.holes)
                ring(hole);
        }
        if (!transformed) {
            error(u"cannot be transformed from %1 to CGCS2000"_s.arg(source.name()));
            continue;
        }
        QRectF box;
        for (const Polygon &p : feature.polygons) {
            box = box.isNull() ? p.bounds() : box.united(p.bounds());
            feature.areaM2 += p.areaM2();
        }
        const bool outside = chinaoffset::outOfChina(box.center());
        if (outside || (!allowed.isNull() && !allowed.contains(box)))
            error(u"lies at %1, %2: is the coordinate system right? (read as %3)"_s.arg(
                pointText(box.center()), outside ? u"outside China"_s : u"far outside the expected area"_s,
                source.name()));
        result.features.append(std::move(feature));
    }
    if (auto s = flush(true); !s)
        return s.error();
    if (!numericCodes.empty()) {
        std::sort(numericCodes.begin(), numericCodes.end());
        for (std::size_t k = 1; k < numericCodes.size(); ++k) {
            if (numericCodes[k].first != numericCodes[k - 1].first)
                continue;
            std::size_t first = k - 1;
            while (first > 0 && numericCodes[first - 1].first == numericCodes[k].first)
                --first;
            const QString code = QString::number(numericCodes[k].first);
            result.issues.append({GisIssue::Severity::Error, numericCodes[k].second, code,
                                  u"duplicate code: feature %1 has it too"_s.arg(numericCodes[first].second),
                                  0});
        }
    }
    if (garbled > 1)
        result.issues.append({GisIssue::Severity::Error,
                              -1,
                              {},
                              u"%1 feature names are garbled in all; the encoding is wrong"_s.arg(garbled)});
    if (options.kind == GisLayerKind::UnitGrids)
        result.issues.append(checkUnitGrids(result.features, options.expectedCellM2, options.toleranceM2));
    return result;
}

QList<GisIssue> checkUnitGrids(const QList<GisFeature> &grids, double expectedCellM2, double toleranceM2)
{
    QList<GisIssue> issues;
    QHash<QString, QList<int>> byCommunity;
    for (int i = 0; i < grids.size(); ++i) {
        const GisFeature &g = grids[i];
        if (g.polygons.isEmpty())
            continue;
        if (g.areaM2 < expectedCellM2 / 3 || g.areaM2 > expectedCellM2 * 3)
            issues.append(
                {GisIssue::Severity::Warning, g.fid, g.code,
                 u"area %1 m² is far from %2 m²"_s.arg(g.areaM2, 0, 'f', 0).arg(expectedCellM2, 0, 'f', 0)});
        auto code = UnitGridCode::parse(g.code);
        byCommunity[code ? code->community().text() : QString()].append(i);
    }
    GEOSContextHandle_t h = geosContext();
    QStringList communities = byCommunity.keys();
    std::sort(communities.begin(), communities.end());
    for (const QString &community : communities) {
        const QList<int> &members = byCommunity[community];
        std::vector<GeosGeometryPtr> geometries;
        std::vector<QRectF> boxes;
        for (int i : members) {
            geometries.push_back(toGeos(h, grids[i].polygons));
            QRectF box;
            for (const Polygon &p : grids[i].polygons)
                box = box.isNull() ? p.bounds() : box.united(p.bounds());
            boxes.push_back(box);
        }
        // The union of the community's cells: its holes are the gaps, and if it covers less than the cells do
        // together, some of them overlap.
        std::vector<GEOSGeometry *> parts;
        for (auto &g : geometries)
            parts.push_back(GEOSGeom_clone_r(h, g.get()));
        GeosGeometryPtr collection(
            GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(), unsigned(parts.size())),
            GeosGeometryDeleter{h});
        GeosGeometryPtr merged(GEOSUnaryUnion_r(h, collection.get()), GeosGeometryDeleter{h});
        // Both areas in square degrees, scaled once: the same arithmetic on both sides of the comparison.
        double sum = 0, covered = 0, cellArea = 0;
        for (auto &g : geometries) {
            if (GEOSArea_r(h, g.get(), &cellArea))
                sum += cellArea;
        }
        if (merged)
            GEOSArea_r(h, merged.get(), &covered);
        const QPointF scale = metresPerDegree(boxes.empty() ? 31.0 : boxes.front().center().y());
        const bool overlapping = !merged || (sum - covered) * scale.x() * scale.y() > toleranceM2;
        // Overlaps (only looked for pair by pair when the areas say there are some): pairs whose boxes meet,
        // sorted by west edge (a sweep).
        std::vector<int> order(members.size());
        for (std::size_t k = 0; k < order.size(); ++k)
            order[k] = int(k);
        std::sort(order.begin(), order.end(),
                  [&](int a, int b) { return boxes[a].left() < boxes[b].left(); });
        for (std::size_t a = 0; overlapping && a < order.size(); ++a) {
            for (std::size_t b = a + 1; b < order.size() && boxes[order[b]].left() <= boxes[order[a]].right();
                 ++b) {
                const int i = order[a], j = order[b];
                if (!boxes[i].intersects(boxes[j]))
                    continue;
                GeosGeometryPtr common(GEOSIntersection_r(h, geometries[i].get(), geometries[j].get()),
                                       GeosGeometryDeleter{h});
                if (!common)
                    continue;
                const double area = geosAreaM2(h, common.get());
                if (area > toleranceM2) {
                    const GisFeature &fi = grids[members[std::min(i, j)]],
                                     &fj = grids[members[std::max(i, j)]];
                    issues.append(
                        {GisIssue::Severity::Error, fi.fid, fi.code,
                         u"overlaps unit grid %1 (feature %2) by %3 m²"_s.arg(fj.code).arg(fj.fid).arg(
                             area, 0, 'f', 1),
                         area});
                }
            }
        }
        if (!merged)
            continue;
        for (const Polygon &p : polygonsFromGeos(h, merged.get())) {
            for (const auto &hole : p.holes) {
                Polygon gap;
                gap.outer = hole;
                const double area = gap.areaM2();
                if (area > toleranceM2)
                    issues.append(
                        {GisIssue::Severity::Warning, -1, community,
                         u"gap of %1 m² between the unit grids of community %2 near %3"_s.arg(area, 0, 'f', 1)
                             .arg(community, pointText(gap.bounds().center())),
                         area});
            }
        }
    }
    return issues;
}

} // namespace cg
