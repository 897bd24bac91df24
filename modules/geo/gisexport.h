#pragma once

#include "core/result.h"
#include "geo/geometry.h"

#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <array>

#include <memory>

namespace cg {

struct ExportField
{
    enum class Type { String, Integer, Real, DateTime };
    QString name;
    Type type = Type::String;
};

enum class ExportGeometry { Polygon, Point };

// Writes a GeoPackage (CGCS2000, EPSG:4490) layer by layer, each layer in one transaction. The writer and its
// GDAL dataset belong to the thread that created it.
class GeoPackageWriter
{
public:
    // Creates (or replaces) the file.
    static Result<std::unique_ptr<GeoPackageWriter>> create(const QString &path);
    ~GeoPackageWriter();
    GeoPackageWriter(const GeoPackageWriter &) = delete;
    GeoPackageWriter &operator=(const GeoPackageWriter &) = delete;

    const QString &path() const { return mPath; }
    // Starts a layer; the previous one, if any, is finished first.
    Status beginLayer(const QString &name, ExportGeometry geometry, const QList<ExportField> &fields);
    // `values` in the order of the layer's fields; null QVariants stay null.
    Status addPolygon(const Polygon &polygon, const QVariantList &values);
    Status addPolygonWkb(const QByteArray &wkb, const QVariantList &values);
    Status addPoint(const QPointF &lonLat, const QVariantList &values);
    Status finishLayer();
    // Finishes the layer and closes the file; also done by the destructor (errors then go unreported).
    Status close();

private:
    struct Private;
    explicit GeoPackageWriter(QString path);
    Status addFeature(const void *geometry, const QVariantList &values);

    QString mPath;
    std::unique_ptr<Private> d;
};

// A layer of a QGIS project and how to draw it.
struct QgisLayer
{
    enum class Style {
        GridOutline,   // unit grids: thin outlines, no fill
        Jurisdictions, // boundaries: thick outlines with labels from `labelField`
        CasesByState,  // points coloured by the "state" field, overdue ones (field "overdue" = 1) ringed red
        Components,    // small points coloured by the major class (field "major": 01..05)
        PointsOfInterest,    // a symbol by kind (field "kind", values in `categories`), labelled
        ResponsibilityGrids, // dark green outlines, labelled
    };
    QString name; // the layer's name in the GeoPackage
    ExportGeometry geometry = ExportGeometry::Polygon;
    Style style = Style::GridOutline;
    QString labelField;
    QStringList categories; // PointsOfInterest: the kinds present
};

// Colours and symbols shared by the exported QGIS styles and the map (r, g, b).
namespace GeoStyle {
// The component colour of major class `major` ("01".."05"; anything else grey).
std::array<int, 3> componentMajorColour(const QString &major);
// The QGIS marker of a point of interest's kind: circle, square, triangle, diamond, cross, star, pentagon.
QString poiShape(const QString &kind);
std::array<int, 3> poiColour(const QString &kind);
} // namespace GeoStyle

// Writes a QGIS 3 project (.qgs) that opens `gpkgPath` (referenced relative to the project) with styles.
Status writeQgisProject(const QString &qgsPath, const QString &gpkgPath, const QList<QgisLayer> &layers,
                        const QString &title);

} // namespace cg
