#include "geocommands.h"

#include "geo/gisexport.h"
#include "geo/gisimport.h"
#include "geo/gridgenerator.h"
#include "geo/spatialindex.h"
#include "session/session.h"
#include "store/geodatastore.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QSet>
#include <QTextStream>

#include <ctime>

using namespace Qt::Literals::StringLiterals;

namespace cg::admin {

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const QString &message, int code = 1)
{
    out().flush();
    err() << "citygrid-admin: " << message << Qt::endl;
    return code;
}

QString seconds(const QElapsedTimer &t)
{
    return QString::number(double(t.elapsed()) / 1000.0, 'f', 2);
}

// "\r<what>: done/total" on the terminal, at most every 1 %.
std::function<void(int, int)> progressPrinter(const QString &what)
{
    auto last = std::make_shared<int>(-1);
    return [what, last](int done, int total) {
        const int percent = total > 0 ? int(qint64(done) * 100 / total) : 0;
        if (percent == *last && done != total)
            return;
        *last = percent;
        err() << "\r" << what << ": " << done << "/" << total << " (" << percent << " %)" << Qt::flush;
        if (done == total)
            err() << Qt::endl;
    };
}

Result<GisImportOptions> importOptions(const QCommandLineParser &p, GisLayerKind kind)
{
    GisImportOptions o;
    o.kind = kind;
    o.layer = p.value(u"layer"_s);
    o.encoding = p.value(u"encoding"_s);
    o.fields.code = p.value(u"code-field"_s);
    o.fields.name = p.value(u"name-field"_s);
    o.fields.parentCode = p.value(u"parent-field"_s);
    o.repairInvalid = !p.isSet(u"no-repair"_s);
    o.poiKind = p.value(u"poi-kind"_s);
    if (p.isSet(u"crs"_s)) {
        auto crs = Crs::fromString(p.value(u"crs"_s));
        if (!crs)
            return crs.error();
        o.crs = *crs;
    }
    if (p.isSet(u"extent"_s)) {
        const QStringList parts = p.value(u"extent"_s).split(u',');
        QList<double> v;
        for (const QString &part : parts) {
            bool ok = false;
            v.append(part.trimmed().toDouble(&ok));
            if (!ok)
                v.clear();
        }
        if (v.size() != 4 || v[0] >= v[2] || v[1] >= v[3])
            return makeError(
                ErrorCode::InvalidInput,
                u"--extent '%1' must be minLon,minLat,maxLon,maxLat (CGCS2000)"_s.arg(p.value(u"extent"_s)));
        o.expectedExtent = QRectF(QPointF(v[0], v[1]), QPointF(v[2], v[3]));
    }
    return o;
}

// Adds `code` and the levels above it that the store lacks (named by `names`, else by their code).
Status ensureJurisdiction(SqlStore &store, QSet<QString> &known, const JurisdictionCode &code,
                          const QHash<QString, QString> &names, AreaClass area, int &added)
{
    if (code.isNull() || known.contains(code.text()))
        return {};
    if (auto s = ensureJurisdiction(store, known, code.parent(), names, area, added); !s)
        return s;
    if (auto s = store.addJurisdiction({code, names.value(code.text(), code.text()), area}); !s)
        return s;
    known.insert(code.text());
    ++added;
    return {};
}

// The store's jurisdictions: their codes, and the area class each passes down to the grids below it.
Result<QSet<QString>> storeJurisdictions(SqlStore &store, QHash<QString, AreaClass> *areaClasses = nullptr)
{
    auto list = store.jurisdictions();
    if (!list)
        return list.error();
    QSet<QString> codes;
    for (const Jurisdiction &j : std::as_const(*list)) {
        codes.insert(j.code.text());
        if (areaClasses)
            areaClasses->insert(j.code.text(), j.areaClass);
    }
    return codes;
}

// A grid's area class: its community's, else the nearest ancestor's that the store knows, else B.
AreaClass areaClassFor(const QHash<QString, AreaClass> &classes, JurisdictionCode code)
{
    for (; !code.isNull(); code = code.parent()) {
        if (const auto it = classes.constFind(code.text()); it != classes.constEnd())
            return *it;
    }
    return AreaClass::B;
}

// Components, streamed: a city has millions, so they are read, located in bulk over the store's unit grids
// and written chunk by chunk inside one transaction, and the transaction is rolled back when the file turns
// out to have errors: the memory is one chunk, not the file, and nothing is written on refusal.
int importComponents(const QCommandLineParser &p, SqlStore &store, GisImportOptions options,
                     const QElapsedTimer &timer)
{
    const QString file = p.value(u"file"_s);
    const bool dryRun = p.isSet(u"dry-run"_s);
    GeodataStore geodata(store);
    QElapsedTimer loading;
    loading.start();
    auto locator = geodata.unitGridLocator();
    if (!locator)
        return fail(locator.errorMessage());
    err() << "unit grids of the store: " << locator->codes().size() << " loaded and indexed in "
          << seconds(loading) << " s" << Qt::endl;
    if (!dryRun) {
        if (auto s = store.beginBatch(); !s)
            return fail(s.errorMessage());
    }
    qint64 total = 0, located = 0, outside = 0, written = 0;
    double writeSeconds = 0, writeCpu = 0;
    Status writeFailure;
    options.sink = [&](QList<GisFeature> &chunk, GisImport &report) -> Status {
        const qsizetype n = chunk.size();
        std::vector<double> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
        std::vector<std::int64_t> hit(static_cast<std::size_t>(n));
        for (qsizetype i = 0; i < n; ++i) {
            x[std::size_t(i)] = chunk[i].point.x();
            y[std::size_t(i)] = chunk[i].point.y();
        }
        locator->index().locateMany(x.data(), y.data(), std::size_t(n), hit.data());
        QList<ComponentRecord> rows;
        rows.reserve(n);
        for (qsizetype i = 0; i < n; ++i) {
            const GisFeature &f = chunk[i];
            ComponentRecord c;
            c.code = f.code;
            c.classCode = f.kind;
            c.name = f.name;
            c.status = f.status;
            c.longitude = f.point.x();
            c.latitude = f.point.y();
            c.attributes = f.attributes;
            if (const std::int64_t g = hit[std::size_t(i)]; g >= 0) {
                const UnitGridCode &grid = locator->codes()[std::size_t(g)];
                c.gridCode = grid.text();
                ++located;
                const QString district = grid.text().left(6);
                if (!f.code.isEmpty() && f.code.left(6) != district)
                    report.issues.append(
                        {GisIssue::Severity::Error, f.fid, f.code,
                         u"component of county %1 lies in unit grid %2 of district %3: is the id or the "
                         u"coordinate system right?"_s.arg(f.code.left(6), grid.text(), district),
                         0});
            } else if (++outside <= 10) {
                report.issues.append({GisIssue::Severity::Warning, f.fid, f.code,
                                      u"lies at %1, %2 in no unit grid of the store; written without a grid"_s
                                          .arg(f.point.x(), 0, 'f', 6)
                                          .arg(f.point.y(), 0, 'f', 6),
                                      0});
            }
            rows.append(std::move(c));
        }
        total += n;
        // Once the file has an error it will be refused: reading goes on (to report everything), writing
        // stops.
        if (dryRun || !writeFailure || report.errorCount() > 0)
            return {};
        QElapsedTimer t;
        t.start();
        const std::clock_t cpu = std::clock();
        writeFailure = geodata.addComponents(rows);
        writeSeconds += double(t.nsecsElapsed()) / 1e9;
        writeCpu += double(std::clock() - cpu) / CLOCKS_PER_SEC;
        if (writeFailure)
            written += n;
        err() << "\rwritten: " << written << " component(s)" << Qt::flush;
        return {};
    };
    auto read = readGisLayer(file, options, progressPrinter(u"reading"_s));
    if (written > 0)
        err() << Qt::endl;
    auto rollback = [&] {
        if (!dryRun)
            store.rollbackBatch();
    };
    if (!read) {
        rollback();
        return fail(u"%1; nothing was imported"_s.arg(read.errorMessage()));
    }
    GisImport &imported = *read;
    if (outside > 10)
        imported.issues.append({GisIssue::Severity::Warning,
                                -1,
                                {},
                                u"%1 more component(s) lie in no unit grid of the store"_s.arg(outside - 10),
                                0});
    out() << imported.reportText();
    out().flush();
    if (imported.refused()) {
        rollback();
        return fail(u"%1 refused: %2 error(s); nothing was imported"_s.arg(file).arg(imported.errorCount()));
    }
    if (!writeFailure) {
        rollback();
        return fail(u"%1; nothing was imported"_s.arg(writeFailure.errorMessage()));
    }
    if (dryRun) {
        out() << "dry run: " << total << " components would be imported (" << located
              << " located to their unit grid)" << Qt::endl;
        return 0;
    }
    QElapsedTimer commit;
    commit.start();
    if (auto s = store.commitBatch(); !s)
        return fail(u"%1; nothing was imported"_s.arg(s.errorMessage()));
    writeSeconds = std::max(1e-6, writeSeconds + double(commit.nsecsElapsed()) / 1e9);
    writeCpu = std::max(1e-6, writeCpu);
    out() << "imported " << total << " components (" << located << " located to their unit grid) from "
          << file << " into " << store.path() << " in " << seconds(timer) << " s (writing "
          << QString::number(writeSeconds, 'f', 2) << " s, " << qint64(double(total) / writeSeconds)
          << " rows/s; CPU " << QString::number(writeCpu, 'f', 2) << " s, "
          << qint64(double(total) / writeCpu) << " rows per CPU second)" << Qt::endl;
    return 0;
}

// A component, point of interest or responsibility grid file: checked against the store (unit grids,
// streets, supervisors), then written in one transaction, or refused with the report and nothing written.
int importGeodata(const QCommandLineParser &p, GisLayerKind kind, SqlStore &store, GisImport &imported,
                  const QSet<QString> &known, const QElapsedTimer &timer)
{
    const QString file = p.value(u"file"_s);
    GeodataStore geodata(store);
    const bool dryRun = p.isSet(u"dry-run"_s);
    // Components and responsibility grids are placed over the store's unit grids.
    auto needLocator = [&]() -> Result<UnitGridLocator> {
        QElapsedTimer t;
        t.start();
        auto locator = geodata.unitGridLocator();
        if (locator)
            err() << "unit grids of the store: " << locator->codes().size() << " loaded and indexed in "
                  << seconds(t) << " s" << Qt::endl;
        return locator;
    };
    auto refuse = [&]() {
        out() << imported.reportText();
        out().flush();
        return fail(u"%1 refused: %2 error(s); nothing was imported"_s.arg(file).arg(imported.errorCount()));
    };
    auto addIssue = [&](GisIssue::Severity severity, const GisFeature &f, const QString &message) {
        imported.issues.append({severity, f.fid, f.code, message, 0});
    };
    auto write = [&](const std::function<Status()> &work, const QString &what, qint64 rows) -> int {
        out() << imported.reportText();
        out().flush();
        if (dryRun) {
            out() << "dry run: " << rows << " " << what << " would be imported" << Qt::endl;
            return 0;
        }
        QElapsedTimer t;
        t.start();
        const std::clock_t cpuStart = std::clock();
        if (auto s = store.beginBatch(); !s)
            return fail(s.errorMessage());
        if (auto s = work(); !s) {
            store.rollbackBatch();
            return fail(u"%1; nothing was imported"_s.arg(s.errorMessage()));
        }
        if (auto s = store.commitBatch(); !s)
            return fail(u"%1; nothing was imported"_s.arg(s.errorMessage()));
        const double writeSeconds = std::max(1e-6, double(t.nsecsElapsed()) / 1e9);
        const double writeCpu = std::max(1e-6, double(std::clock() - cpuStart) / CLOCKS_PER_SEC);
        out() << "imported " << rows << " " << what << " from " << file << " into " << store.path() << " in "
              << seconds(timer) << " s (writing " << QString::number(writeSeconds, 'f', 2) << " s, "
              << qint64(double(rows) / writeSeconds) << " rows/s; CPU " << QString::number(writeCpu, 'f', 2)
              << " s, " << qint64(double(rows) / writeCpu) << " rows per CPU second)" << Qt::endl;
        return 0;
    };

    if (kind == GisLayerKind::PointsOfInterest) {
        if (imported.refused())
            return refuse();
        QList<PointOfInterest> rows;
        rows.reserve(imported.features.size());
        for (const GisFeature &f : std::as_const(imported.features))
            rows.append({0, f.kind, f.name, f.point.x(), f.point.y(), f.attributes});
        return write([&]() { return geodata.addPointsOfInterest(rows); }, u"points of interest"_s,
                     rows.size());
    }

    // Responsibility grids: streets and supervisors from the store, cells by the unit grids' centres.
    auto users = store.users();
    if (!users)
        return fail(users.errorMessage());
    QHash<QString, UserRecord> byLogin;
    for (const UserRecord &u : std::as_const(*users))
        byLogin.insert(u.login, u);
    QList<ResponsibilityGrid> grids;
    FlatPolygons areas;
    for (const GisFeature &f : std::as_const(imported.features)) {
        ResponsibilityGrid g;
        g.code = f.code;
        g.name = f.name;
        if (auto street = JurisdictionCode::parse(f.parentCode); street) {
            g.street = *street;
            if (!known.contains(street->text()))
                addIssue(
                    GisIssue::Severity::Error, f,
                    u"street %1 is not in the store; import the jurisdictions first"_s.arg(f.parentCode));
        }
        if (!f.supervisor.isEmpty()) {
            const auto it = byLogin.constFind(f.supervisor);
            if (it == byLogin.constEnd())
                addIssue(GisIssue::Severity::Error, f,
                         u"supervisor '%1' is not a user of the store"_s.arg(f.supervisor));
            else if (it->role != Role::Supervisor)
                addIssue(GisIssue::Severity::Error, f,
                         u"user '%1' is not a grid supervisor and cannot patrol a responsibility grid"_s.arg(
                             f.supervisor));
            else
                g.supervisorId = it->id;
        }
        if (!f.polygons.isEmpty()) {
            const Polygon &polygon = f.polygons.first();
            const QRectF box = polygon.bounds();
            g.minX = box.left();
            g.minY = box.top();
            g.maxX = box.right();
            g.maxY = box.bottom();
            if (auto wkb = toWkb(polygon); wkb)
                g.wkb = *wkb;
            else
                addIssue(GisIssue::Severity::Error, f, wkb.errorMessage());
            areas.add(polygon);
        } else {
            areas.add(Polygon{});
        }
        grids.append(g);
    }
    auto locator = needLocator();
    if (!locator)
        return fail(locator.errorMessage());
    const PolygonIndex areaIndex(std::move(areas));
    const FlatPolygons &cells = locator->index().polygons();
    QSet<QString> streets;
    for (const ResponsibilityGrid &g : std::as_const(grids))
        streets.insert(g.street.text());
    QHash<QString, int> uncovered;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        // The centre of the cell's outer ring (its vertex mean): inside for the near-convex unit grids.
        const std::uint32_t b = cells.ringStart(cells.polygonRingStart(i)),
                            e = cells.ringStart(cells.polygonRingStart(i) + 1);
        double cx = 0, cy = 0;
        for (std::uint32_t v = b; v + 1 < e; ++v) {
            cx += cells.xy()[2 * v];
            cy += cells.xy()[2 * v + 1];
        }
        const double count = std::max<double>(1, double(e - b) - 1);
        const UnitGridCode &code = locator->codes()[i];
        const QString street = code.community().parent().text();
        const std::int64_t owner = areaIndex.locate(cx / count, cy / count);
        if (owner < 0) {
            if (streets.contains(street))
                ++uncovered[street];
            continue;
        }
        ResponsibilityGrid &g = grids[qsizetype(owner)];
        if (street != g.street.text())
            addIssue(GisIssue::Severity::Error, imported.features[qsizetype(owner)],
                     u"holds unit grid %1 of street %2, but lies in street %3"_s.arg(code.text(), street,
                                                                                     g.street.text()));
        g.cells.append(code.text());
    }
    for (qsizetype i = 0; i < grids.size(); ++i) {
        if (grids[i].cells.isEmpty())
            addIssue(GisIssue::Severity::Error, imported.features[i],
                     u"holds no unit grid of the store; import the unit grids first"_s);
    }
    QStringList streetList = uncovered.keys();
    std::sort(streetList.begin(), streetList.end());
    for (const QString &street : std::as_const(streetList))
        imported.issues.append(
            {GisIssue::Severity::Warning, -1, street,
             u"%1 unit grid(s) of street %2 lie in no responsibility grid"_s.arg(uncovered[street])
                 .arg(street),
             0});
    if (imported.refused())
        return refuse();
    qint64 cellCount = 0;
    for (const ResponsibilityGrid &g : std::as_const(grids))
        cellCount += g.cells.size();
    return write(
        [&]() -> Status {
            for (ResponsibilityGrid &g : grids) {
                if (auto s = geodata.addResponsibilityGrid(g); !s)
                    return s;
            }
            return {};
        },
        u"responsibility grids (%1 unit grids)"_s.arg(cellCount), grids.size());
}

int runImport(const QCommandLineParser &p, const QString &storePath)
{
    if (!p.isSet(u"file"_s))
        return fail(u"say which file to import with --file FILE (GeoPackage, Shapefile, GeoJSON or CSV)"_s,
                    2);
    auto kind = parseGisLayerKind(p.isSet(u"kind"_s) ? p.value(u"kind"_s) : u"grids"_s);
    if (!kind)
        return fail(kind.errorMessage(), 2);
    auto options = importOptions(p, *kind);
    if (!options)
        return fail(options.errorMessage(), 2);
    auto session = Session::open(storePath, SqlStore::OpenMode::MustExist);
    if (!session)
        return fail(session.errorMessage());
    SqlStore &store = (*session)->store();
    QElapsedTimer timer;
    timer.start();
    if (*kind == GisLayerKind::Components)
        return importComponents(p, store, *options, timer);
    auto read = readGisLayer(p.value(u"file"_s), *options, progressPrinter(u"reading"_s));
    if (!read)
        return fail(read.errorMessage());
    GisImport &imported = *read;

    // What the store must already hold: the parents of what comes in.
    QHash<QString, AreaClass> areaClasses;
    auto known = storeJurisdictions(store, &areaClasses);
    if (!known)
        return fail(known.errorMessage());
    const bool createParents = p.isSet(u"create-parents"_s);
    QSet<QString> incoming;
    for (const GisFeature &f : std::as_const(imported.features))
        incoming.insert(f.code);
    QSet<QString> missingReported;
    for (const GisFeature &f : std::as_const(imported.features)) {
        JurisdictionCode parent;
        if (*kind == GisLayerKind::UnitGrids) {
            if (auto code = UnitGridCode::parse(f.code))
                parent = code->community();
        } else if (*kind == GisLayerKind::Jurisdictions) {
            if (auto code = JurisdictionCode::parse(f.code))
                parent = code->parent();
        }
        if (parent.isNull() || known->contains(parent.text()) || incoming.contains(parent.text()) ||
            createParents || missingReported.contains(parent.text()))
            continue;
        missingReported.insert(parent.text());
        imported.issues.append({GisIssue::Severity::Error, f.fid, f.code,
                                u"%1 %2 is not in the store; import it first, or pass --create-parents"_s.arg(
                                    levelName(parent.level()), parent.text())});
    }
    if (*kind == GisLayerKind::Components || *kind == GisLayerKind::PointsOfInterest ||
        *kind == GisLayerKind::ResponsibilityGrids)
        return importGeodata(p, *kind, store, imported, *known, timer);
    out() << imported.reportText();
    out().flush();
    if (imported.refused())
        return fail(u"%1 refused: %2 error(s); nothing was imported"_s.arg(p.value(u"file"_s))
                        .arg(imported.errorCount()));
    if (*kind == GisLayerKind::Points) {
        out() << "points checked: " << imported.features.size()
              << " point(s) are valid; nothing was written (import them with --kind components or pois)"
              << Qt::endl;
        return 0;
    }
    if (p.isSet(u"dry-run"_s)) {
        out() << "dry run: " << imported.features.size() << " feature(s) would be imported" << Qt::endl;
        return 0;
    }
    if (auto s = store.beginBatch(); !s)
        return fail(s.errorMessage());
    int added = 0, parentsAdded = 0;
    auto write = [&]() -> Status {
        QHash<QString, QString> names;
        for (const GisFeature &f : std::as_const(imported.features))
            names.insert(f.code, f.name);
        // Parents first: a file of streets and districts may list them in any order.
        QList<GisFeature> ordered = imported.features;
        std::stable_sort(ordered.begin(), ordered.end(), [](const GisFeature &a, const GisFeature &b) {
            return a.code.size() < b.code.size();
        });
        for (const GisFeature &f : std::as_const(ordered)) {
            if (*kind == GisLayerKind::Jurisdictions) {
                const JurisdictionCode code = JurisdictionCode::parse(f.code).value();
                if (known->contains(code.text()))
                    return makeError(
                        ErrorCode::Duplicate,
                        u"feature %1: jurisdiction %2 is already in the store"_s.arg(f.fid).arg(f.code));
                int before = added;
                if (auto s =
                        ensureJurisdiction(store, *known, code.parent(), names, AreaClass::B, parentsAdded);
                    !s)
                    return s;
                if (auto s = ensureJurisdiction(store, *known, code, names, AreaClass::B, added); !s)
                    return s;
                Q_UNUSED(before);
            } else {
                UnitGrid grid;
                grid.code = UnitGridCode::parse(f.code).value();
                grid.community = grid.code.community();
                if (auto s =
                        ensureJurisdiction(store, *known, grid.community, names, AreaClass::B, parentsAdded);
                    !s)
                    return s;
                auto wkb = toWkb(f.polygons.first());
                if (!wkb)
                    return makeError(wkb.errorCode(), u"feature %1: %2"_s.arg(f.fid).arg(wkb.errorMessage()));
                const QRectF box = f.polygons.first().bounds();
                grid.areaM2 = f.areaM2;
                grid.areaClass = areaClassFor(areaClasses, grid.community);
                grid.minX = box.left();
                grid.minY = box.top();
                grid.maxX = box.right();
                grid.maxY = box.bottom();
                grid.wkb = *wkb;
                if (auto s = store.addGrid(grid); !s)
                    return makeError(s.errorCode(),
                                     u"feature %1 (%2): %3"_s.arg(f.fid).arg(f.code, s.errorMessage()));
                ++added;
            }
        }
        return store.commitBatch();
    };
    if (auto s = write(); !s) {
        store.rollbackBatch();
        return fail(u"%1; nothing was imported"_s.arg(s.errorMessage()));
    }
    out() << "imported " << added << " " << gisLayerKindName(*kind) << " from " << p.value(u"file"_s)
          << " into " << store.path();
    if (parentsAdded)
        out() << " (and " << parentsAdded << " missing parent jurisdiction(s), named by their codes)";
    out() << " in " << seconds(timer) << " s" << Qt::endl;
    return 0;
}

int runExport(const QCommandLineParser &p, const QString &storePath)
{
    if (!p.isSet(u"out"_s))
        return fail(u"say where to write with --out FILE.gpkg"_s, 2);
    auto session = Session::open(storePath, SqlStore::OpenMode::MustExist);
    if (!session)
        return fail(session.errorMessage());
    SqlStore &store = (*session)->store();
    const QString path = p.value(u"out"_s);
    QElapsedTimer timer;
    timer.start();
    auto writer = GeoPackageWriter::create(path);
    if (!writer)
        return fail(writer.errorMessage());
    GeoPackageWriter &w = **writer;
    auto jurisdictions = store.jurisdictions();
    if (!jurisdictions)
        return fail(jurisdictions.errorMessage());
    QHash<QString, QString> names;
    for (const Jurisdiction &j : std::as_const(*jurisdictions))
        names.insert(j.code.text(), j.name);
    if (auto s = w.beginLayer(u"grids"_s, ExportGeometry::Polygon,
                              {{u"code"_s},
                               {u"community"_s},
                               {u"community_name"_s},
                               {u"street"_s},
                               {u"district"_s},
                               {u"area_m2"_s, ExportField::Type::Real},
                               {u"area_class"_s}});
        !s)
        return fail(s.errorMessage());
    int grids = 0;
    for (const Jurisdiction &j : std::as_const(*jurisdictions)) {
        if (j.code.level() != JurisdictionLevel::Community)
            continue;
        auto list = store.grids(j.code);
        if (!list)
            return fail(list.errorMessage());
        for (const UnitGrid &g : std::as_const(*list)) {
            if (auto s = w.addPolygonWkb(
                    g.wkb, {g.code.text(), g.community.text(), j.name, g.community.parent().text(),
                            g.community.parent().parent().text(), g.areaM2, areaClassName(g.areaClass)});
                !s)
                return fail(s.errorMessage());
            ++grids;
        }
    }
    if (auto s = w.beginLayer(u"cases"_s, ExportGeometry::Point,
                              {{u"number"_s},
                               {u"state"_s},
                               {u"step"_s},
                               {u"class"_s},
                               {u"class_name"_s},
                               {u"grid"_s},
                               {u"community"_s},
                               {u"source"_s},
                               {u"priority"_s},
                               {u"key_supervision"_s, ExportField::Type::Integer},
                               {u"overdue"_s, ExportField::Type::Integer},
                               {u"reported_at"_s, ExportField::Type::DateTime},
                               {u"step_due_at"_s, ExportField::Type::DateTime},
                               {u"handling_due_at"_s, ExportField::Type::DateTime},
                               {u"closed_at"_s, ExportField::Type::DateTime},
                               {u"address"_s}});
        !s)
        return fail(s.errorMessage());
    CaseQuery q;
    q.limit = 5000;
    const QDateTime now = (*session)->clock().now();
    int cases = 0;
    for (;;) {
        auto page = store.casePage(q);
        if (!page)
            return fail(page.errorMessage());
        for (const CaseRecord &c : std::as_const(page->rows)) {
            if (c.longitude == 0 && c.latitude == 0)
                continue; // a case without a position has no place on a map
            const CatalogueClass *cls = (*session)->catalogue().find(c.classKey);
            if (auto s = w.addPoint(QPointF(c.longitude, c.latitude),
                                    {c.number, stateName(c.state), stepName(c.step), c.classKey.toString(),
                                     cls ? cls->name : QString(), c.grid.text(), c.community.text(),
                                     sourceName(c.source), priorityName(c.priority), c.keySupervision ? 1 : 0,
                                     c.isStepOverdue(now) ? 1 : 0, c.reportedAt, c.stepDueAt, c.handlingDueAt,
                                     c.closedAt, c.address});
                !s)
                return fail(s.errorMessage());
            ++cases;
        }
        if (!page->next)
            break;
        q.after = page->next;
    }
    // Components (GB/T 47678.5 attributes), points of interest and responsibility grids.
    GeodataStore geodata(store);
    if (auto s = w.beginLayer(u"components"_s, ExportGeometry::Point,
                              {{u"id"_s},
                               {u"class"_s},
                               {u"major"_s},
                               {u"name"_s},
                               {u"grid"_s},
                               {u"state"_s},
                               {u"attributes"_s}});
        !s)
        return fail(s.errorMessage());
    qint64 components = 0;
    Status written;
    if (auto s = geodata.forEachComponent({},
                                          [&](const ComponentRecord &c) {
                                              if (!written)
                                                  return;
                                              written =
                                                  w.addPoint(QPointF(c.longitude, c.latitude),
                                                             {c.code, c.classCode, c.classCode.left(2),
                                                              c.name, c.gridCode, c.status, c.attributes});
                                              ++components;
                                          });
        !s)
        return fail(s.errorMessage());
    if (!written)
        return fail(written.errorMessage());
    if (auto s = w.beginLayer(u"points_of_interest"_s, ExportGeometry::Point,
                              {{u"kind"_s}, {u"name"_s}, {u"attributes"_s}});
        !s)
        return fail(s.errorMessage());
    qint64 pois = 0;
    QStringList poiKinds;
    if (auto s = geodata.forEachPointOfInterest([&](const PointOfInterest &poi) {
            if (!written)
                return;
            if (!poiKinds.contains(poi.kind))
                poiKinds.append(poi.kind);
            written = w.addPoint(QPointF(poi.longitude, poi.latitude), {poi.kind, poi.name, poi.attributes});
            ++pois;
        });
        !s)
        return fail(s.errorMessage());
    if (!written)
        return fail(written.errorMessage());
    std::sort(poiKinds.begin(), poiKinds.end());
    auto responsibility = geodata.responsibilityGrids();
    if (!responsibility)
        return fail(responsibility.errorMessage());
    QHash<qint64, QString> logins;
    if (auto users = store.users(); users) {
        for (const UserRecord &u : std::as_const(*users))
            logins.insert(u.id, u.login);
    }
    if (auto s = w.beginLayer(u"responsibility_grids"_s, ExportGeometry::Polygon,
                              {{u"code"_s},
                               {u"name"_s},
                               {u"street"_s},
                               {u"supervisor"_s},
                               {u"unit_grids"_s, ExportField::Type::Integer}});
        !s)
        return fail(s.errorMessage());
    for (const ResponsibilityGrid &g : std::as_const(*responsibility)) {
        if (auto s = w.addPolygonWkb(g.wkb, {g.code, g.name, g.street.text(), logins.value(g.supervisorId),
                                             qint64(g.cells.size())});
            !s)
            return fail(s.errorMessage());
    }
    if (auto s = w.close(); !s)
        return fail(s.errorMessage());
    const QString qgs = p.isSet(u"qgs"_s) ? p.value(u"qgs"_s)
                                          : QFileInfo(path).absolutePath() + u'/' +
                                                QFileInfo(path).completeBaseName() + u".qgs"_s;
    if (auto s =
            writeQgisProject(qgs, path,
                             {{u"grids"_s, ExportGeometry::Polygon, QgisLayer::Style::GridOutline, {}, {}},
                              {u"responsibility_grids"_s,
                               ExportGeometry::Polygon,
                               QgisLayer::Style::ResponsibilityGrids,
                               u"name"_s,
                               {}},
                              {u"components"_s, ExportGeometry::Point, QgisLayer::Style::Components, {}, {}},
                              {u"points_of_interest"_s, ExportGeometry::Point,
                               QgisLayer::Style::PointsOfInterest, u"name"_s, poiKinds},
                              {u"cases"_s, ExportGeometry::Point, QgisLayer::Style::CasesByState, {}, {}}},
                             u"CityGrid"_s);
        !s)
        return fail(s.errorMessage());
    out() << "wrote " << grids << " grid(s), " << cases << " case(s), " << components << " component(s), "
          << pois << " point(s) of interest and " << responsibility->size() << " responsibility grid(s) to "
          << path << " (CGCS2000, EPSG:4490) and the QGIS project " << qgs << " in " << seconds(timer) << " s"
          << Qt::endl;
    return 0;
}

int runGenerate(const QCommandLineParser &p, const QString &storePath)
{
    if (!p.isSet(u"boundary"_s))
        return fail(u"say which boundaries to cut with --boundary FILE (districts, streets or communities)"_s,
                    2);
    auto options = importOptions(p, GisLayerKind::Jurisdictions);
    if (!options)
        return fail(options.errorMessage(), 2);
    QElapsedTimer total;
    total.start();
    auto read = readGisLayer(p.value(u"boundary"_s), *options);
    if (!read)
        return fail(read.errorMessage());
    if (read->refused()) {
        out() << read->reportText();
        return fail(u"%1 refused: %2 error(s)"_s.arg(p.value(u"boundary"_s)).arg(read->errorCount()));
    }
    const QStringList only = p.value(u"codes"_s).split(u',', Qt::SkipEmptyParts);
    GridOptions grid;
    grid.cellMetres = p.isSet(u"cell"_s) ? p.value(u"cell"_s).toDouble() : 100;
    grid.jitterMetres = p.isSet(u"jitter"_s) ? p.value(u"jitter"_s).toDouble() : 0;
    grid.seed = p.isSet(u"seed"_s) ? p.value(u"seed"_s).toUInt() : 1;
    grid.blockCells = p.isSet(u"block"_s) ? p.value(u"block"_s).toInt() : 30;
    // One lattice for the whole file, sized at its middle latitude, so neighbouring areas share vertices.
    QRectF extent;
    for (const GisFeature &f : std::as_const(read->features))
        for (const Polygon &poly : f.polygons)
            extent = extent.isNull() ? poly.bounds() : extent.united(poly.bounds());
    grid.referenceLatitude = std::round(extent.center().y() * 10) / 10;
    grid.origin = QPointF(std::floor(extent.left()), std::floor(extent.top()));

    const bool toFile = p.isSet(u"out"_s);
    std::unique_ptr<GeoPackageWriter> writer;
    std::unique_ptr<Session> session;
    QSet<QString> known;
    QHash<QString, AreaClass> areaClasses;
    if (toFile) {
        auto w = GeoPackageWriter::create(p.value(u"out"_s));
        if (!w)
            return fail(w.errorMessage());
        writer = std::move(w).value();
        if (auto s =
                writer->beginLayer(u"grids"_s, ExportGeometry::Polygon,
                                   {{u"code"_s}, {u"community"_s}, {u"area_m2"_s, ExportField::Type::Real}});
            !s)
            return fail(s.errorMessage());
    } else {
        auto s = Session::open(storePath, SqlStore::OpenMode::MustExist);
        if (!s)
            return fail(s.errorMessage());
        session = std::move(s).value();
        auto codes = storeJurisdictions(session->store(), &areaClasses);
        if (!codes)
            return fail(codes.errorMessage());
        known = *codes;
        if (auto b = session->store().beginBatch(); !b)
            return fail(b.errorMessage());
    }
    auto abort = [&](const QString &message) {
        if (session)
            session->store().rollbackBatch();
        return fail(message + (session ? u"; nothing was written"_s : QString()));
    };
    qint64 cells = 0, full = 0, clipped = 0, merged = 0, communities = 0;
    double generationSeconds = 0;
    for (const GisFeature &f : std::as_const(read->features)) {
        if (!only.isEmpty() && !only.contains(f.code))
            continue;
        const JurisdictionCode area = JurisdictionCode::parse(f.code).value();
        QElapsedTimer t;
        t.start();
        auto generated = generateGrid(f.polygons, grid, progressPrinter(u"%1 %2 rows"_s.arg(f.code, f.name)));
        if (!generated)
            return abort(u"%1 %2: %3"_s.arg(f.code, f.name, generated.errorMessage()));
        QList<JurisdictionCode> used;
        if (area.level() == JurisdictionLevel::Community) {
            if (auto s = assignCodes(*generated, area); !s)
                return abort(u"%1 %2: %3"_s.arg(f.code, f.name, s.errorMessage()));
            used = {area};
        } else {
            auto blocks = assignBlockCodes(*generated, area);
            if (!blocks)
                return abort(u"%1 %2: %3"_s.arg(f.code, f.name, blocks.errorMessage()));
            used = *blocks;
        }
        generationSeconds += double(t.nsecsElapsed()) / 1e9;
        int addedParents = 0;
        for (std::size_t i = 0; i < generated->size(); ++i) {
            const Polygon cell = generated->polygons.polygon(i);
            const UnitGridCode &code = generated->codes[i];
            if (writer) {
                if (auto s = writer->addPolygon(cell,
                                                {code.text(), code.community().text(), generated->areaM2[i]});
                    !s)
                    return abort(s.errorMessage());
                continue;
            }
            QHash<QString, QString> names{{f.code, f.name}};
            const JurisdictionCode community = code.community();
            if (!known.contains(community.text())) {
                names.insert(community.text(), u"%1 网格块 %2"_s.arg(f.name, community.text().right(6)));
                names.insert(community.parent().text(),
                             u"%1 网格块街道 %2"_s.arg(f.name, community.parent().text().right(3)));
                if (auto s = ensureJurisdiction(session->store(), known, community, names,
                                                areaClassFor(areaClasses, community), addedParents);
                    !s)
                    return abort(s.errorMessage());
            }
            auto wkb = toWkb(cell);
            if (!wkb)
                return abort(wkb.errorMessage());
            const QRectF box = cell.bounds();
            UnitGrid g;
            g.code = code;
            g.community = community;
            g.areaM2 = generated->areaM2[i];
            g.areaClass = areaClassFor(areaClasses, community);
            g.minX = box.left();
            g.minY = box.top();
            g.maxX = box.right();
            g.maxY = box.bottom();
            g.wkb = *wkb;
            if (auto s = session->store().addGrid(g); !s)
                return abort(u"%1: %2"_s.arg(code.text(), s.errorMessage()));
        }
        cells += qint64(generated->size());
        full += generated->fullCells;
        clipped += generated->clippedCells;
        merged += generated->mergedPieces;
        communities += used.size();
        out() << f.code << " " << f.name << ": " << generated->size() << " cells (" << generated->fullCells
              << " whole, " << generated->clippedCells << " clipped, " << generated->mergedPieces
              << " small pieces merged) in " << used.size() << " communit" << (used.size() == 1 ? "y" : "ies")
              << ", " << QString::number(double(t.nsecsElapsed()) / 1e9, 'f', 2) << " s" << Qt::endl;
    }
    if (writer) {
        if (auto s = writer->close(); !s)
            return fail(s.errorMessage());
    } else if (auto s = session->store().commitBatch(); !s) {
        return abort(s.errorMessage());
    }
    out() << "generated " << cells << " unit grid(s) (" << full << " whole, " << clipped << " clipped, "
          << merged << " pieces merged) in " << communities << " communities; cutting "
          << QString::number(generationSeconds, 'f', 2) << " s, all " << seconds(total) << " s; written to "
          << (writer ? p.value(u"out"_s) : storePath) << Qt::endl;
    return 0;
}

} // namespace

void addGeoOptions(QCommandLineParser &p)
{
    p.addOptions({
        {u"file"_s, u"import: the GIS file (GeoPackage, Shapefile, GeoJSON, CSV)."_s, u"file"_s},
        {u"kind"_s,
         u"import: jurisdictions, grids (default), components, pois, responsibility-grids or points (check "
         u"only)."_s,
         u"kind"_s},
        {u"layer"_s, u"import/generate-grid: the layer of a GeoPackage."_s, u"name"_s},
        {u"crs"_s,
         u"import/generate-grid: the source CRS when the file has none (gcj02, bd09, EPSG:4490, ...)."_s,
         u"crs"_s},
        {u"encoding"_s, u"import/generate-grid: attribute encoding of a .dbf without .cpg (e.g. GB18030)."_s,
         u"name"_s},
        {u"code-field"_s, u"import/generate-grid: the field holding codes."_s, u"field"_s},
        {u"name-field"_s, u"import/generate-grid: the field holding names."_s, u"field"_s},
        {u"parent-field"_s, u"import: the field holding the parent's code."_s, u"field"_s},
        {u"extent"_s,
         u"import: features outside minLon,minLat,maxLon,maxLat are errors (a wrong CRS guess)."_s, u"box"_s},
        {u"poi-kind"_s, u"import --kind pois: the kind when no field gives it (metro, school, ...)."_s,
         u"kind"_s},
        {u"no-repair"_s, u"import: refuse invalid polygons instead of repairing them."_s},
        {u"create-parents"_s, u"import: add missing parent jurisdictions, named by their codes."_s},
        {u"dry-run"_s, u"import: check and report, write nothing."_s},
        {u"boundary"_s, u"generate-grid: the boundaries to cut (districts, streets or communities)."_s,
         u"file"_s},
        {u"codes"_s, u"generate-grid: only these codes (comma-separated)."_s, u"codes"_s},
        {u"cell"_s, u"generate-grid: cell side in metres (default 100)."_s, u"m"_s},
        {u"jitter"_s, u"generate-grid: move shared vertices up to this far (default 0)."_s, u"m"_s},
        {u"block"_s, u"generate-grid: cells per side of a generated community (default 30)."_s, u"n"_s},
        {u"qgs"_s, u"export gpkg: the QGIS project to write (default beside the GeoPackage)."_s, u"file"_s},
    });
}

QString geoUsage()
{
    return uR"(  import --file FILE [--kind jurisdictions|grids|components|pois|responsibility-grids|points] [--layer L] [--crs CRS] [--encoding E]
         [--code-field F] [--name-field F] [--parent-field F] [--extent minLon,minLat,maxLon,maxLat]
         [--poi-kind K] [--no-repair] [--create-parents] [--dry-run]
                                check a GIS layer and import it in one transaction, or refuse it with a report
  generate-grid --boundary FILE [--layer L] [--crs CRS] [--codes C,C] [--cell M] [--jitter M] [--block N]
         [--seed S] [--out FILE.gpkg]
                                cut boundaries into unit grids of ~10,000 m² (into the store, or a GeoPackage)
  export gpkg --out FILE.gpkg [--qgs FILE.qgs]
                                grids, cases and components as a GeoPackage with a QGIS project)"_s;
}

bool isGeoCommand(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    return command == u"import"_s || command == u"generate-grid"_s ||
           (command == u"export"_s && arguments.value(1) == u"gpkg"_s);
}

int runGeoCommand(const QStringList &arguments, const QCommandLineParser &parser, const QString &storePath)
{
    const QString command = arguments.value(0);
    if (command == u"import"_s)
        return runImport(parser, storePath);
    if (command == u"generate-grid"_s)
        return runGenerate(parser, storePath);
    return runExport(parser, storePath);
}

} // namespace cg::admin
