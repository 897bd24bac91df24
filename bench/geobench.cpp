// citygrid-geo-bench: the geodata figures of issue 3 (Release build):
//   generation  irregular unit grids (lattice with shared vertices moved up to 30 m) of 650,000 and 800,000
//               cells: time and memory of the flat arrays
//   index       packed grid index build over those cells
//   lookup      1,000,000 random points → unit grid on one thread (and GEOS STRtree for comparison)
//   transform   1,000,000 points GCJ-02 → CGCS2000 and CGCS2000 → Shanghai 2000
#include "geo/crs.h"
#include "geo/gridgenerator.h"
#include "geo/spatialindex.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#define USE_UNSTABLE_GEOS_CPP_API 0
#include <geos_c.h>

#include <ctime>
#include <random>
#include <vector>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

// CPU time of this thread: steadier than wall time on a machine shared with other builds.
double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

double rssMb()
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0;
}

// A rectangle of about `cells` lattice cells, 1.25 : 1 wide, near Shanghai.
Polygon area(int cells)
{
    const QPointF k = metresPerDegree(31.2);
    const double rows = std::sqrt(cells / 1.25), columns = cells / rows;
    const QPointF sw(120.9, 30.7);
    const double x1 = sw.x() + columns * 100 / k.x(), y1 = sw.y() + rows * 100 / k.y();
    Polygon p;
    p.outer = {sw, {x1, sw.y()}, {x1, y1}, {sw.x(), y1}, sw};
    return p;
}

struct GeosStrtree
{
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSSTRtree *tree = nullptr;
    std::vector<GEOSGeometry *> geometries;
    std::vector<const GEOSPreparedGeometry *> prepared;
    ~GeosStrtree()
    {
        if (tree)
            GEOSSTRtree_destroy_r(h, tree);
        for (auto *p : prepared)
            GEOSPreparedGeom_destroy_r(h, p);
        for (auto *g : geometries)
            GEOSGeom_destroy_r(h, g);
        GEOS_finish_r(h);
    }
};

void benchGeos(const FlatPolygons &polygons, const std::vector<double> &px, const std::vector<double> &py,
               const std::vector<std::int64_t> &ours)
{
    GeosStrtree g;
    QElapsedTimer t;
    t.start();
    g.tree = GEOSSTRtree_create_r(g.h, 10);
    g.geometries.reserve(polygons.size());
    g.prepared.reserve(polygons.size());
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        const Polygon p = polygons.polygon(i);
        GEOSCoordSequence *seq = GEOSCoordSeq_create_r(g.h, unsigned(p.outer.size()), 2);
        for (qsizetype k = 0; k < p.outer.size(); ++k)
            GEOSCoordSeq_setXY_r(g.h, seq, unsigned(k), p.outer[k].x(), p.outer[k].y());
        GEOSGeometry *poly = GEOSGeom_createPolygon_r(g.h, GEOSGeom_createLinearRing_r(g.h, seq), nullptr, 0);
        g.geometries.push_back(poly);
        g.prepared.push_back(GEOSPrepare_r(g.h, poly));
        GEOSSTRtree_insert_r(g.h, g.tree, poly, reinterpret_cast<void *>(i));
    }
    {
        // GEOS 3.11 builds the tree on the first query.
        GEOSGeometry *probe = GEOSGeom_createPointFromXY_r(g.h, 0, 0);
        GEOSSTRtree_query_r(
            g.h, g.tree, probe, [](void *, void *) {}, nullptr);
        GEOSGeom_destroy_r(g.h, probe);
    }
    const double build = double(t.nsecsElapsed()) / 1e9;
    struct Query
    {
        GeosStrtree *g;
        const GEOSGeometry *point;
        std::int64_t found;
    };
    t.restart();
    int agree = 0;
    for (std::size_t k = 0; k < px.size(); ++k) {
        GEOSGeometry *point = GEOSGeom_createPointFromXY_r(g.h, px[k], py[k]);
        Query q{&g, point, -1};
        GEOSSTRtree_query_r(
            g.h, g.tree, point,
            [](void *item, void *data) {
                auto *qq = static_cast<Query *>(data);
                const auto i = reinterpret_cast<std::size_t>(item);
                if (qq->found < 0 && GEOSPreparedContains_r(qq->g->h, qq->g->prepared[i], qq->point) == 1)
                    qq->found = std::int64_t(i);
            },
            &q);
        GEOSGeom_destroy_r(g.h, point);
        agree += q.found == ours[k] ? 1 : 0;
    }
    const double lookup = double(t.nsecsElapsed()) / 1e9;
    out() << "  GEOS STRtree (prepared polygons): build " << build << " s, " << px.size() << " lookups "
          << lookup << " s (" << lookup * 1e9 / double(px.size()) << " ns each); same answer for " << agree
          << " points" << Qt::endl;
}

void benchCells(int cells, int points, bool geos)
{
    out() << "== " << cells << " cells (lattice of 100 m, shared vertices moved up to 30 m)" << Qt::endl;
    GridOptions o;
    o.jitterMetres = 30;
    o.blockCells = 30;
    o.origin = QPointF(120.9, 30.7);
    const double before = rssMb();
    QElapsedTimer t;
    t.start();
    auto grid = generateGrid({area(cells)}, o);
    const double generation = double(t.nsecsElapsed()) / 1e9;
    if (!grid) {
        out() << "  generation failed: " << grid.errorMessage() << Qt::endl;
        return;
    }
    const double afterGeneration = rssMb();
    out() << "  generation: " << grid->size() << " cells in " << generation << " s; flat arrays "
          << grid->polygons.memoryBytes() / 1048576.0 << " MB (" << grid->polygons.vertexCount()
          << " vertices); RSS +" << afterGeneration - before << " MB" << Qt::endl;

    if (auto blocks = assignBlockCodes(*grid, JurisdictionCode::parse(u"310115"_s).value()); !blocks) {
        out() << "  codes failed: " << blocks.errorMessage() << Qt::endl;
        return;
    }
    t.restart();
    const UnitGridLocator locator(std::move(grid->polygons), std::move(grid->codes));
    const PolygonIndex &index = locator.index();
    const double build = double(t.nsecsElapsed()) / 1e9;
    out() << "  index build: " << build << " s; index + polygons " << index.memoryBytes() / 1048576.0 << " MB"
          << Qt::endl;
    // The first lookup after the build (cold caches): what a single locate costs on its own.
    {
        const auto box = index.polygons().extent();
        t.restart();
        const auto first = locator.locate(QPointF((box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2));
        out() << "  first lookup point → grid → community → street → district: "
              << double(t.nsecsElapsed()) / 1e3 << " µs (" << (first ? first->grid.text() : u"outside"_s)
              << ")" << Qt::endl;
    }

    const auto e = index.polygons().extent();
    std::mt19937 random(1);
    std::uniform_real_distribution<double> ux(e.minX, e.maxX), uy(e.minY, e.maxY);
    std::vector<double> px(static_cast<std::size_t>(points)), py(static_cast<std::size_t>(points));
    for (int k = 0; k < points; ++k) {
        px[std::size_t(k)] = ux(random);
        py[std::size_t(k)] = uy(random);
    }
    std::vector<std::int64_t> found(static_cast<std::size_t>(points));
    t.restart();
    double cpu = cpuSeconds();
    for (int k = 0; k < points; ++k)
        found[std::size_t(k)] = index.locate(px[std::size_t(k)], py[std::size_t(k)]);
    const double lookup = double(t.nsecsElapsed()) / 1e9;
    const double lookupCpu = cpuSeconds() - cpu;
    const auto hits = std::count_if(found.begin(), found.end(), [](std::int64_t i) { return i >= 0; });
    out() << "  " << points << " random points → unit grid, one thread, one by one: " << lookup << " s ("
          << lookup * 1e9 / points << " ns each, CPU " << lookupCpu << " s; " << hits << " inside a cell)"
          << Qt::endl;
    std::vector<std::int64_t> bulk(static_cast<std::size_t>(points));
    t.restart();
    cpu = cpuSeconds();
    index.locateMany(px.data(), py.data(), px.size(), bulk.data());
    const double many = double(t.nsecsElapsed()) / 1e9;
    const double manyCpu = cpuSeconds() - cpu;
    out() << "  " << points << " random points → unit grid, one thread, in bulk (locateMany): " << many
          << " s (" << many * 1e9 / points << " ns each, CPU " << manyCpu << " s; "
          << (bulk == found ? "same answers" : "DIFFERENT answers") << ")" << Qt::endl;
    // The whole path a case takes (grid → community → street → district codes), one point at a time.
    t.restart();
    cpu = cpuSeconds();
    int located = 0;
    for (int k = 0; k < points; ++k)
        located += locator.locate(QPointF(px[std::size_t(k)], py[std::size_t(k)])).has_value();
    const double full = double(t.nsecsElapsed()) / 1e9;
    out() << "  " << points << " random points → grid → community → street → district, one by one: " << full
          << " s (CPU " << cpuSeconds() - cpu << " s; " << located << " located)" << Qt::endl;
    if (geos)
        benchGeos(index.polygons(), px, py, found);
}

void benchTransforms(int points)
{
    std::vector<double> x(static_cast<std::size_t>(points)), y(static_cast<std::size_t>(points));
    std::mt19937 random(2);
    std::uniform_real_distribution<double> ux(120.9, 122.1), uy(30.7, 31.8);
    for (int k = 0; k < points; ++k) {
        x[std::size_t(k)] = ux(random);
        y[std::size_t(k)] = uy(random);
    }
    QElapsedTimer t;
    t.start();
    const auto gcj = CrsTransform::create(Crs::gcj02(), Crs::cgcs2000()).value();
    (void)gcj.transform(x.data(), y.data(), x.size());
    const double a = double(t.nsecsElapsed()) / 1e9;
    t.restart();
    const auto sh = CrsTransform::create(Crs::cgcs2000(), Crs::shanghai2000()).value();
    (void)sh.transform(x.data(), y.data(), x.size());
    const double b = double(t.nsecsElapsed()) / 1e9;
    out() << "== transforms of " << points << " points: GCJ-02 → CGCS2000 (iterative inverse) " << a
          << " s; CGCS2000 → Shanghai 2000 (PROJ) " << b << " s" << Qt::endl;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(
        u"Geodata figures: grid generation, spatial index, point lookups, transforms."_s);
    p.addHelpOption();
    p.addOptions({{u"cells"_s, u"Cell counts, comma-separated (default 650000,800000)."_s, u"n,n"_s},
                  {u"points"_s, u"Random points to locate (default 1000000)."_s, u"n"_s},
                  {u"no-geos"_s, u"Skip the GEOS STRtree comparison."_s}});
    p.process(app);
    const int points = p.isSet(u"points"_s) ? p.value(u"points"_s).toInt() : 1000000;
    const QStringList counts =
        (p.isSet(u"cells"_s) ? p.value(u"cells"_s) : u"650000,800000"_s).split(u',', Qt::SkipEmptyParts);
    for (const QString &c : counts)
        benchCells(c.toInt(), points, !p.isSet(u"no-geos"_s));
    benchTransforms(points);
    return 0;
}
