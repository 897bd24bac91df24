// citygrid-map-bench: the map engine's figures (issue 3), on generated irregular unit grids (a lattice whose
// shared vertices move up to 30 m, in communities, streets and districts) and clustered cases, at 1920×1080.
// Writes PNGs of the frames it times and prints the figures. Not a pass/fail test: run a Release build.
//   citygrid-map-bench [--cells 650000,800000] [--points 1000000] [--out DIR] [--repeat 5]
// On a real store (e.g. the 16 Shanghai districts cut by `citygrid-admin generate-grid`, docs/geodata.md):
// loading its unit grids (and components) off the GUI thread, memory, full-extent frames; with --screenshot,
// the map canvas itself (run it under xvfb-run to see what a station shows):
//   citygrid-map-bench --store shanghai.sqlite [--screenshot map.png]
#include "map/latticecity.h"

#include "map/boundarylayer.h"
#include "map/caselayer.h"
#include "map/choroplethlayer.h"
#include "map/geodatalayers.h"
#include "map/gridlayer.h"
#include "map/heatmaplayer.h"
#include "map/maprenderjob.h"
#include "widgets/mapcanvas.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QPainter>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cstring>
#include <ctime>

using namespace Qt::Literals::StringLiterals;
using namespace cg;
using namespace cg::test;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QString loadAverage()
{
    QFile f(u"/proc/loadavg"_s);
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).section(u' ', 0, 2) : QString();
}

double rssMb(const char *field = "VmRSS:")
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field))).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0;
}

// The best run of each figure, per figure: on a shared machine the best run is the engine's cost, the median
// also carries the neighbours' load (printed at the end).
QList<QPair<double, double>> &spread()
{
    static QList<QPair<double, double>> s;
    return s;
}

template<typename F>
double medianMs(int repeat, F f)
{
    QList<double> times;
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer t;
        t.start();
        f();
        times.append(t.nsecsElapsed() / 1e6);
    }
    std::sort(times.begin(), times.end());
    spread().append({times.first(), times[times.size() / 2]});
    return times[times.size() / 2];
}

// CPU time of the calling thread: what one layer costs, whatever the neighbours' load.
template<typename F>
double cpuMs(int repeat, F f)
{
    QList<double> times;
    for (int i = 0; i < repeat; ++i) {
        timespec a{}, b{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
        f();
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
        times.append((b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

double bestMs(double median)
{
    for (const auto &[best, med] : spread()) {
        if (med == median)
            return best;
    }
    return -1; // not a timed series
}

QImage onBackground(const QImage &map)
{
    QImage image(map.size(), QImage::Format_RGB32);
    image.fill(QColor(0xf4, 0xf2, 0xee));
    QPainter(&image).drawImage(0, 0, map);
    return image;
}

void figure(const QString &what, double value, const QString &unit, const QString &target = {})
{
    out() << u"  %1 %2 %3"_s.arg(what, -50).arg(value, 9, 'f', value < 10 ? 2 : 1).arg(unit, -3);
    if (const double best = unit == u"ms" ? bestMs(value) : -1; best >= 0) {
        out() << u"  best %1"_s.arg(best, 7, 'f', best < 10 ? 2 : 1);
    }
    if (!target.isEmpty())
        out() << u"   (target %1)"_s.arg(target);
    out() << Qt::endl;
}

int run(int cells, int points, const QString &dir, int repeat)
{
    const QSize size(1920, 1080);
    LatticeOptions o;
    o.columns = int(std::sqrt(cells * 1.3));
    o.rows = (cells + o.columns - 1) / o.columns;
    o.communityCells = 12; // ~144 cells a community
    o.streetCommunities = 4;
    o.districtStreets = 3;
    o.lon0 = 121.0;
    o.lat0 = 30.85;
    out() << Qt::endl
          << u"== %1 unit grids (%2 × %3 lattice of 100 m, vertices moved up to 30 m), %4 cases, %5×%6 =="_s
                 .arg(o.columns * o.rows)
                 .arg(o.columns)
                 .arg(o.rows)
                 .arg(points)
                 .arg(size.width())
                 .arg(size.height())
          << Qt::endl;
    const double rss0 = rssMb();
    QElapsedTimer t;
    t.start();
    const auto grids = makeLatticeGrids(o);
    const double buildGrids = t.elapsed();
    t.restart();
    const auto cases = makeLatticeCases(o, *grids, points, 300);
    const double buildCases = t.elapsed();
    const double rssData = rssMb();

    // Point → unit grid through the packed index, one thread.
    std::mt19937 random(11);
    std::uniform_real_distribution<double> ux(0, o.columns * o.cellMetres), uy(0, o.rows * o.cellMetres);
    std::vector<QPointF> probes;
    probes.reserve(size_t(points));
    for (int i = 0; i < points; ++i)
        probes.push_back(WebMercator::fromLonLat(latticeLonLat(o, ux(random), uy(random))));
    t.restart();
    int found = 0;
    for (const QPointF &p : probes)
        found += grids->cellAt(p) >= 0;
    const double lookupMs = t.nsecsElapsed() / 1e6;
    std::vector<QPointF>().swap(probes);

    GridLayer gridLayer;
    gridLayer.setData(grids);
    ChoroplethLayer choropleth;
    choropleth.setGrids(grids);
    choropleth.setCases(cases);
    BoundaryLayer boundaries;
    boundaries.setData(grids);
    CaseLayer caseLayer;
    caseLayer.setData(cases);
    HeatmapLayer heat;
    heat.setData(cases);
    const QList<MapLayer *> map = {&choropleth, &gridLayer, &boundaries, &caseLayer};

    MapSettings full;
    full.setOutputSize(size);
    full.setExtent(grids->extent());
    MapSettings window = full;
    window.setResolution(2000.0 / size.width() / WebMercator::groundScale(31.2)); // 2 km of ground across
    MapSettings district = full;
    district.setResolution(12000.0 / size.width() / WebMercator::groundScale(31.2)); // 12 km across

    QImage image;
    const double fullMs = medianMs(repeat, [&] { image = MapRenderJob::renderNow(full, map); });
    const double fullDirectMs =
        medianMs(repeat, [&] { image = MapRenderJob::renderNow(full, map, MapRenderJob::Mode::Direct); });
    onBackground(image).save(dir + u"/map-%1-full.png"_s.arg(cells));
    const double heatMs = medianMs(repeat, [&] { image = MapRenderJob::renderNow(full, {&heat}); });
    onBackground(image).save(dir + u"/map-%1-heat.png"_s.arg(cells));
    const double windowLayersMs = medianMs(repeat * 4, [&] { image = MapRenderJob::renderNow(window, map); });
    const double windowMs = medianMs(
        repeat * 4, [&] { image = MapRenderJob::renderNow(window, map, MapRenderJob::Mode::Direct); });
    onBackground(image).save(dir + u"/map-%1-2km.png"_s.arg(cells));
    const double districtMs = medianMs(repeat, [&] { image = MapRenderJob::renderNow(district, map); });
    const double districtDirectMs =
        medianMs(repeat, [&] { image = MapRenderJob::renderNow(district, map, MapRenderJob::Mode::Direct); });
    onBackground(image).save(dir + u"/map-%1-12km.png"_s.arg(cells));

    // Per layer, one thread each (the job runs them side by side).
    auto layerTimes = [&](const MapSettings &view) {
        QList<QPair<QString, double>> times;
        for (MapLayer *layer : map) {
            times.append({layer->id(), cpuMs(repeat, [&] {
                              RenderContext c{view, nullptr};
                              QImage img(size, QImage::Format_ARGB32_Premultiplied);
                              img.fill(Qt::transparent);
                              if (auto r = layer->createRenderer(view))
                                  r->render(img, c);
                          })});
        }
        return times;
    };
    const QList<QPair<QString, double>> perLayer = layerTimes(full);
    const QList<QPair<QString, double>> perLayerWindow = layerTimes(window);

    // Pan and zoom: what the canvas paints per frame while the new image renders (the last image moved and
    // scaled), and the renders that follow a pan step and a zoom step at the 12 km view.
    const QImage last = MapRenderJob::renderNow(district, map);
    QImage screen(size, QImage::Format_RGB32);
    MapSettings panned = district;
    const double transformMs = medianMs(repeat * 4, [&] {
        panned.setCenter(panned.center() + QPointF(37 * panned.resolution(), -11 * panned.resolution()));
        panned.zoomAt(QPointF(800, 400), 1.05);
        QPainter p(&screen);
        p.fillRect(screen.rect(), Qt::white);
        p.setRenderHint(QPainter::SmoothPixmapTransform, true);
        p.setTransform(panned.pixelTransformFrom(district));
        p.drawImage(0, 0, last);
    });
    MapSettings step = district;
    const double panRenderMs = medianMs(repeat, [&] {
        step.setCenter(step.center() + QPointF(300 * step.resolution(), 0));
        MapRenderJob::renderNow(step, map);
    });
    MapSettings zoom = district;
    const double zoomRenderMs = medianMs(repeat, [&] {
        zoom.zoomAt(QPointF(960, 540), 1.25);
        MapRenderJob::renderNow(zoom, map);
    });

    // A million cases at full extent, closed ones too.
    CaseLayer allCases;
    allCases.setData(cases);
    allCases.setShowClosed(true);
    const double pointsMs = medianMs(repeat, [&] { image = MapRenderJob::renderNow(full, {&allCases}); });
    onBackground(image).save(dir + u"/map-%1-points.png"_s.arg(cells));

    int segments = int(grids->boundaries().size());
    out() << u"  data: %1 cells, %2 vertices, %3 boundary segments, %4 regions; %5 cases (%6 open)"_s
                 .arg(grids->size())
                 .arg(grids->ringEnd(int(grids->size()) - 1))
                 .arg(segments)
                 .arg(grids->regions().size())
                 .arg(cases->size())
                 .arg(cases->openCount())
          << Qt::endl;
    out() << u"  load average of the machine: %1"_s.arg(loadAverage()) << Qt::endl;
    figure(u"build grids (generate + project + index + dissolve)"_s, buildGrids, u"ms"_s);
    figure(u"build cases (generate + locate + index)"_s, buildCases, u"ms"_s);
    figure(u"point → unit grid, one thread, per lookup"_s, lookupMs * 1000.0 / points, u"µs"_s,
           u"1.2 µs (GEOS STRtree)"_s);
    figure(u"point → unit grid, one thread, all points"_s, lookupMs, u"ms"_s, u"≤ 300 ms"_s);
    figure(u"full-extent first frame (4 layers, labels)"_s, fullMs, u"ms"_s, u"≤ 100 ms"_s);
    figure(u"full-extent frame, direct"_s, fullDirectMs, u"ms"_s);
    for (const auto &[id, ms] : perLayer)
        figure(u"  layer '%1' alone (thread CPU time)"_s.arg(id), ms, u"ms"_s);
    figure(u"full-extent heat map of all cases"_s, heatMs, u"ms"_s);
    figure(u"2 km window (direct: one image, parallel bands)"_s, windowMs, u"ms"_s, u"≤ 4 ms"_s);
    figure(u"2 km window (layer by layer, cached, composed)"_s, windowLayersMs, u"ms"_s);
    for (const auto &[id, ms] : perLayerWindow)
        figure(u"  layer '%1' alone (thread CPU time)"_s.arg(id), ms, u"ms"_s);
    figure(u"12 km window (district), layer by layer"_s, districtMs, u"ms"_s);
    figure(u"12 km window (district), direct"_s, districtDirectMs, u"ms"_s);
    figure(u"pan/zoom frame (last image moved + scaled)"_s, transformMs, u"ms"_s, u"≤ 16 ms"_s);
    figure(u"new render after a pan step (12 km)"_s, panRenderMs, u"ms"_s);
    figure(u"new render after a zoom step (12 km → 9.6)"_s, zoomRenderMs, u"ms"_s);
    figure(u"1,000,000 points at full extent"_s, pointsMs, u"ms"_s, u"≤ 100 ms"_s);
    figure(u"memory: grid data (arrays + index + lines)"_s, grids->memoryBytes() / 1048576.0, u"MB"_s);
    figure(u"memory: case data"_s, cases->memoryBytes() / 1048576.0, u"MB"_s);
    figure(u"memory: process RSS growth for both"_s, rssData - rss0, u"MB"_s, u"≤ 400 MB"_s);
    figure(u"memory: process RSS now / peak"_s, rssMb(), u"MB"_s);
    figure(u"  peak"_s, rssMb("VmHWM:"), u"MB"_s);
    if (found != points)
        out() << u"  note: %1 probes fell outside every cell (lattice edge)"_s.arg(points - found)
              << Qt::endl;
    return 0;
}

// A little-endian ISO WKB polygon's outer ring (what the store writes for a unit grid).
bool outerRing(const QByteArray &wkb, std::vector<QPointF> &ring)
{
    const char *p = wkb.constData();
    if (wkb.size() < 13 || p[0] != 1)
        return false;
    quint32 type = 0, rings = 0, points = 0;
    std::memcpy(&type, p + 1, 4);
    std::memcpy(&rings, p + 5, 4);
    if (type != 3 || rings < 1)
        return false;
    std::memcpy(&points, p + 9, 4);
    if (qsizetype(13 + points * 16) > wkb.size())
        return false;
    ring.resize(points);
    for (quint32 k = 0; k < points; ++k) {
        double xy[2];
        std::memcpy(xy, p + 13 + k * 16, 16);
        ring[k] = QPointF(xy[0], xy[1]);
    }
    return true;
}

struct StoreMap
{
    std::shared_ptr<const GridData> grids;
    std::shared_ptr<const MapPoints> components;
    double gridSeconds = 0, componentSeconds = 0;
    QString error;
};

// A worker thread's own connection: what the desktop's store thread does for the map.
StoreMap loadStore(const QString &path)
{
    StoreMap m;
    const QString name = u"bench-%1"_s.arg(quintptr(QThread::currentThreadId()));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (!db.open()) {
            m.error = db.lastError().text();
            return m;
        }
        QElapsedTimer t;
        t.start();
        QHash<QString, QString> names;
        QSqlQuery j(db);
        j.exec(u"SELECT code, name FROM jurisdictions"_s);
        while (j.next())
            names.insert(j.value(0).toString(), j.value(1).toString());
        GridData::Builder builder;
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(u"SELECT code, community_code, geometry FROM unit_grids WHERE valid_to IS NULL "
                    u"ORDER BY community_code, code"_s)) {
            m.error = q.lastError().text();
            return m;
        }
        QString community;
        int communityIndex = -1;
        std::vector<QPointF> ring;
        while (q.next()) {
            const QString c = q.value(1).toString();
            if (c != community) {
                community = c;
                communityIndex = builder.addCommunity(c, names.value(c));
            }
            if (outerRing(q.value(2).toByteArray(), ring))
                builder.addCell(q.value(0).toString().toLongLong(), communityIndex, ring.data(),
                                int(ring.size()));
        }
        for (auto it = names.constBegin(); it != names.constEnd(); ++it)
            builder.setName(it.key(), it.value());
        m.grids = builder.build();
        m.gridSeconds = t.nsecsElapsed() / 1e9;
        t.restart();
        MapPoints::Builder points;
        for (const char *major : {"01", "02", "03", "04", "05"})
            points.addCategory(QString::fromLatin1(major));
        QSqlQuery c(db);
        c.setForwardOnly(true);
        if (c.exec(u"SELECT longitude, latitude, substr(class_code, 1, 2) FROM components"_s)) {
            while (c.next())
                points.add(c.value(0).toDouble(), c.value(1).toDouble(),
                           uint8_t(std::clamp(c.value(2).toString().toInt() - 1, 0, 4)));
        }
        m.components = points.build(true);
        m.componentSeconds = t.nsecsElapsed() / 1e9;
    }
    QSqlDatabase::removeDatabase(name);
    return m;
}

int runStore(const QString &path, const QString &dir, int repeat, const QString &screenshot)
{
    const QSize size(1920, 1080);
    out() << Qt::endl
          << u"== store %1, %2×%3 =="_s.arg(path).arg(size.width()).arg(size.height()) << Qt::endl;
    out() << u"  load average of the machine: %1"_s.arg(loadAverage()) << Qt::endl;
    const double rss0 = rssMb();
    // Load in the pool while the GUI thread keeps a 10 ms timer: its longest gap is what a user would feel.
    QElapsedTimer total;
    total.start();
    QFuture<StoreMap> loading = QtConcurrent::run(loadStore, path);
    QElapsedTimer gap;
    gap.start();
    qint64 longestGap = 0;
    int ticks = 0;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        longestGap = std::max(longestGap, gap.restart());
        ++ticks;
    });
    tick.start(10);
    while (!loading.isFinished())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    tick.stop();
    const StoreMap m = loading.result();
    if (!m.error.isEmpty()) {
        out() << u"  cannot read %1: %2"_s.arg(path, m.error) << Qt::endl;
        return 1;
    }
    const double loadSeconds = total.nsecsElapsed() / 1e9;
    out() << u"  %1 unit grids, %2 vertices, %3 regions; %4 components"_s.arg(m.grids->size())
                 .arg(m.grids->ringEnd(int(m.grids->size()) - 1))
                 .arg(m.grids->regions().size())
                 .arg(m.components->size())
          << Qt::endl;
    figure(u"unit grids read and built, worker thread"_s, m.gridSeconds, u"s"_s);
    figure(u"components read and built (counts per cell), worker"_s, m.componentSeconds, u"s"_s);
    figure(u"load in all (wall)"_s, loadSeconds, u"s"_s);
    figure(u"GUI thread: longest gap between 10 ms ticks"_s, double(longestGap), u"ms"_s, u"< 50 ms"_s);
    figure(u"grid data in memory"_s, m.grids->memoryBytes() / 1048576.0, u"MB"_s);
    figure(u"component data in memory"_s, m.components->memoryBytes() / 1048576.0, u"MB"_s);
    figure(u"RSS after loading (+ since start)"_s, rssMb() - rss0, u"MB"_s);
    figure(u"peak RSS of the process"_s, rssMb("VmHWM:"), u"MB"_s);

    GridLayer gridLayer;
    gridLayer.setData(m.grids);
    BoundaryLayer boundaries;
    boundaries.setData(m.grids);
    ComponentLayer components;
    components.setData(m.components);
    const QList<MapLayer *> map = {&gridLayer, &boundaries, &components};
    MapSettings full;
    full.setOutputSize(size);
    full.setExtent(m.grids->extent());
    MapSettings huangpu = full;
    if (const MapRegion *r = m.grids->region(u"310101"_s))
        huangpu.setExtent(r->bounds);
    MapSettings street = full;
    street.setCenter(huangpu.center());
    street.setResolution(2000.0 / size.width() / WebMercator::groundScale(31.2));
    QImage image;
    const double fullMs = medianMs(repeat, [&] { image = MapRenderJob::renderNow(full, map); });
    onBackground(image).save(dir + u"/shanghai-full.png"_s);
    figure(u"full extent frame (grids, boundaries, components)"_s, fullMs, u"ms"_s);
    const double gridsOnlyMs = medianMs(repeat, [&] { image = MapRenderJob::renderNow(full, {&gridLayer}); });
    figure(u"full extent, unit grid layer alone"_s, gridsOnlyMs, u"ms"_s);
    const double districtMs = medianMs(repeat, [&] { image = MapRenderJob::renderNow(huangpu, map); });
    onBackground(image).save(dir + u"/shanghai-huangpu.png"_s);
    figure(u"Huangpu district frame"_s, districtMs, u"ms"_s);
    const double streetMs = medianMs(repeat, [&] { image = MapRenderJob::renderNow(street, map); });
    onBackground(image).save(dir + u"/shanghai-2km.png"_s);
    figure(u"2 km window frame"_s, streetMs, u"ms"_s);

    if (!screenshot.isEmpty()) {
        MapCanvas canvas;
        canvas.resize(1600, 1000);
        canvas.setLayers(map);
        canvas.setGridData(m.grids);
        canvas.show();
        int renders = 0;
        QObject::connect(&canvas, &MapCanvas::renderFinished, [&] { ++renders; });
        auto waitForFrame = [&] {
            QElapsedTimer waited;
            waited.start();
            const int before = renders;
            while (waited.elapsed() < 60000 && (renders == before || canvas.isRendering()))
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
            QCoreApplication::processEvents();
        };
        canvas.zoomToFullExtent();
        waitForFrame();
        const QImage shot = canvas.grab().toImage();
        shot.save(screenshot);
        out() << u"  screenshot of the map canvas (%1×%2, platform %3, last render %4 ms): %5"_s
                     .arg(shot.width())
                     .arg(shot.height())
                     .arg(QGuiApplication::platformName())
                     .arg(canvas.lastRenderMs())
                     .arg(screenshot)
              << Qt::endl;
        canvas.setExtent(huangpu.extent());
        waitForFrame();
        const QString zoomed = QFileInfo(screenshot).path() + u'/' +
                               QFileInfo(screenshot).completeBaseName() + u"-huangpu.png"_s;
        canvas.grab().toImage().save(zoomed);
        out() << u"  and zoomed to Huangpu: %1"_s.arg(zoomed) << Qt::endl;
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"cells"_s, u"Comma-separated grid sizes."_s, u"N,..."_s, u"650000,800000"_s});
    parser.addOption({u"points"_s, u"Number of cases."_s, u"N"_s, u"1000000"_s});
    parser.addOption(
        {u"out"_s, u"Folder for the PNGs."_s, u"DIR"_s, QDir::tempPath() + u"/citygrid-map-bench"_s});
    parser.addOption({u"repeat"_s, u"Runs per figure (the median is printed)."_s, u"N"_s, u"5"_s});
    parser.addOption(
        {u"store"_s, u"An SQLite store whose unit grids and components to load and draw."_s, u"FILE"_s});
    parser.addOption({u"screenshot"_s, u"With --store: save the map canvas to this PNG."_s, u"FILE"_s});
    parser.process(app);
    const QString dir = parser.value(u"out"_s);
    QDir().mkpath(dir);
    if (parser.isSet(u"store"_s))
        return runStore(parser.value(u"store"_s), dir, parser.value(u"repeat"_s).toInt(),
                        parser.value(u"screenshot"_s));
    out() << u"figures: median of the runs, and the best run (the machine may be shared: see the load)"_s
          << Qt::endl;
    out() << u"citygrid-map-bench: %1 threads in the pool; PNGs in %2"_s
                 .arg(QThreadPool::globalInstance()->maxThreadCount())
                 .arg(dir)
          << Qt::endl;
    for (const QString &n : parser.value(u"cells"_s).split(u',', Qt::SkipEmptyParts)) {
        if (int rc =
                run(n.toInt(), parser.value(u"points"_s).toInt(), dir, parser.value(u"repeat"_s).toInt()))
            return rc;
    }
    return 0;
}
