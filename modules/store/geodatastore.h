#pragma once

#include "core/codes.h"
#include "core/inspection.h"
#include "core/result.h"
#include "geo/spatialindex.h"

#include <QByteArray>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <functional>

namespace cg {

class SqlStore;

// A component (部件): a public facility at a fixed point, located to its unit grid (DOMAIN.md §3).
struct ComponentRecord
{
    qint64 id = 0;
    QString code;      // 17 digits (GB/T 47678.5) or 16 (CJ/T 214)
    QString classCode; // as written in the id: 5 digits, or 4 for a classic id
    QString name;
    QString gridCode; // empty when it lies in no unit grid of the store
    qint64 unitId = 0;
    QString status = QStringLiteral("normal");
    double longitude = 0, latitude = 0; // CGCS2000
    QString attributes = QStringLiteral("{}");
};

// A point of interest: a metro station, school, hospital, market... (special areas, DOMAIN.md §2).
struct PointOfInterest
{
    qint64 id = 0;
    QString kind;
    QString name;
    double longitude = 0, latitude = 0; // CGCS2000
    QString attributes = QStringLiteral("{}");
};

// A responsibility grid (责任网格): the patrol area of one supervisor, a set of unit grids of one street.
// ResponsibilityGrid: core/inspection.h (one type for the inspection panel and the geodata tables).

// The geodata tables of migration 4 (components, points_of_interest, responsibility_grids and their cells)
// over a SqlStore's connection, on SQLite and PostgreSQL alike. It belongs to the store's thread. Writes are
// plain statements: group them with SqlStore::beginBatch()/commitBatch() so an import is one transaction.
class GeodataStore
{
public:
    explicit GeodataStore(SqlStore &store);

    // Bulk insert, many rows a statement; `progress(done, total)` every few thousand rows. A duplicate code
    // fails with an error naming it.
    Status addComponents(const QList<ComponentRecord> &components,
                         const std::function<void(qint64, qint64)> &progress = {});
    Status addPointsOfInterest(const QList<PointOfInterest> &points);
    // Inserts the grid and its cells; sets grid.id.
    Status addResponsibilityGrid(ResponsibilityGrid &grid);

    Result<qint64> componentCount();
    Result<qint64> pointOfInterestCount();
    Result<qint64> responsibilityGridCount();

    // Every component (inside `lonLatBox` unless it is null), streamed in id order.
    Status forEachComponent(const QRectF &lonLatBox, const std::function<void(const ComponentRecord &)> &row);
    Status forEachPointOfInterest(const std::function<void(const PointOfInterest &)> &row);
    Result<QList<ResponsibilityGrid>> responsibilityGrids(); // with their cells, by code
    Result<QList<ComponentRecord>> componentsInGrid(const QString &gridCode);

    // The gazetteer, for reports that give an address instead of coordinates (Open311 address_string, a
    // hotline ticket without location): the points of interest of exactly that name, else the communities
    // (居委会) of that name, each by the centre of its unit grid nearest the middle of all of them (always
    // inside a grid); CGCS2000 longitude/latitude. Several places: the name is ambiguous.
    Result<QList<QPointF>> placesNamed(const QString &name);

    // The store's current unit grids as a locator (point → unit grid → community → street → district).
    Result<UnitGridLocator> unitGridLocator(const std::function<void(qint64)> &progress = {});

private:
    Error failure(const QString &what, const QString &detail) const;
    SqlStore &mStore;
};

} // namespace cg
