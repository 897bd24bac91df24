#pragma once

#include "core/codes.h"
#include "geo/crs.h"
#include "geo/geometry.h"

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

namespace cg {

// What a GIS layer holds; it decides which codes are expected and which checks run.
enum class GisLayerKind {
    Jurisdictions,       // districts, streets or communities: code 6/9/12 digits, polygons
    UnitGrids,           // unit grids: code 14/15 digits (community + serial), polygons
    Points,              // any points: optional code, checked only
    Components,          // components (部件): 16/17-digit id required, class from the id, points
    PointsOfInterest,    // points of interest: kind (field, --poi-kind or the layer name) and name, points
    ResponsibilityGrids, // responsibility grids (责任网格): code, name, street code (parent), one polygon
                         // each
};

// Whether features of `kind` are points (else polygons).
bool isPointKind(GisLayerKind kind);

QString gisLayerKindName(GisLayerKind kind);
// "jurisdictions", "grids", "points", "components", "pois", "responsibility-grids"
Result<GisLayerKind> parseGisLayerKind(const QString &text);

// Which attribute holds what. Empty entries are detected from the field names and values.
struct FieldMapping
{
    QString code;
    QString name;
    QString parentCode;
    QString kind;       // points of interest: the kind; components: the class (when not read from the id)
    QString status;     // components: the state (intact, damaged, ...)
    QString supervisor; // responsibility grids: the supervisor's login
};

struct GisFeature;
struct GisImport;

struct GisImportOptions
{
    GisLayerKind kind = GisLayerKind::UnitGrids;
    QString layer;             // GeoPackage layer; empty: the only (or first) layer
    FieldMapping fields;       // explicit field names win over detection
    std::optional<Crs> crs;    // the source CRS when the file has none (a .shp without .prj) or lies
    QString encoding;          // attribute encoding when the file does not say (e.g. "GB18030" for a .dbf)
    bool repairInvalid = true; // repair invalid polygons (listed as warnings) or refuse them
    // Cells outside [1/3, 3] × 10,000 m² are listed as warnings.
    double expectedCellM2 = 10000;
    // Overlaps between unit grids larger than this are errors; gaps larger than this are warnings.
    double toleranceM2 = 1.0;
    // When set (lon/lat), features outside it are errors: a wrong CRS guess puts data far away.
    QRectF expectedExtent;
    // Points of interest: the kind when no field gives it (else the layer name without a "poi_" prefix).
    QString poiKind;
    // Streaming (point kinds): the features are handed to `sink` in chunks of `sinkChunk` as they are read
    // and not kept in GisImport::features, so a file of millions of components fits in memory. The sink may
    // add issues to the report; an error it returns stops the read. Duplicate codes are still found (at the
    // end, across chunks).
    std::function<Status(QList<GisFeature> &chunk, GisImport &report)> sink;
    int sinkChunk = 100000;
};

struct GisIssue
{
    enum class Severity { Warning, Error };
    Severity severity = Severity::Error;
    qint64 feature = -1; // the feature's id in the file, -1 for the layer as a whole
    QString code;        // the feature's code, if it has one
    QString message;
    double areaM2 = 0; // gaps and overlaps: their area
};

// One feature, geometry in CGCS2000 lon/lat.
struct GisFeature
{
    qint64 fid = -1;
    QString code;
    QString name;
    QString parentCode;
    QString kind;            // points of interest: the kind; components: the class code (from the id)
    QString status;          // components: the state, "normal" when the file has none
    QString supervisor;      // responsibility grids: the supervisor's login, if given
    QString attributes;      // points: the other fields as a JSON object (compact)
    QList<Polygon> polygons; // kinds Jurisdictions and UnitGrids (a multipolygon may have several)
    QPointF point;           // kind Points
    double areaM2 = 0;
};

struct GisImport
{
    QString file;
    QString layer;
    QString driver;      // GDAL's driver name: "GPKG", "ESRI Shapefile", "GeoJSON", "CSV"
    QString sourceCrs;   // as detected or given
    QString encoding;    // as detected or given
    FieldMapping fields; // as used
    int featuresRead = 0;
    int repaired = 0;
    QList<GisFeature> features;
    QList<GisIssue> issues;

    int errorCount() const;
    int warningCount() const;
    // Nothing may be written when this is true.
    bool refused() const { return errorCount() > 0; }
    // A report a person can act on: one line per issue, "file feature N (code): message".
    QString reportText() const;
};

// The layer names of a GIS file (one for a Shapefile, GeoJSON or CSV).
Result<QStringList> gisLayers(const QString &path);

// Reads and checks a layer. Fails (an error value) when the file cannot be read at all: missing, unknown
// format, no such layer, no coordinate system and none given, no code field. Everything else is listed in
// the returned report; a report with errors means "refuse". `progress(done, total)` counts features.
Result<GisImport> readGisLayer(const QString &path, const GisImportOptions &options,
                               const std::function<void(int, int)> &progress = {},
                               const std::atomic_bool *cancel = nullptr);

// The checks readGisLayer runs on unit grids, usable on grids from anywhere: gaps and overlaps between the
// cells of each community (with areas), codes inconsistent with their community, duplicates, odd areas.
QList<GisIssue> checkUnitGrids(const QList<GisFeature> &grids, double expectedCellM2, double toleranceM2);

} // namespace cg
