// citygrid-analysis-bench: the analysis figures (Release build).
//   gi*       Getis–Ord Gi* over 800,000 unit grids of 100 m (a 1,000 × 800 lattice): neighbourhoods within
//             150 m (the grid and the 8 around it) and Gi* itself; goal ≤ 1 s
//   analyses  on a store of 1,000,000 cases (SQLite; written straight into the cases table once, reused with
//             --store): hot spots, recurrence, hour-of-week, special areas, missed reports, forecast, each
//             over the 30 days of a month and over the 90 days of the store
#include "analysis/forecast.h"
#include "analysis/hotspots.h"
#include "analysis/hourofweek.h"
#include "analysis/missdetection.h"
#include "analysis/recurrence.h"
#include "analysis/specialareas.h"
#include "geo/geometry.h"
#include "store/geodatastore.h"
#include "store/sqlstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <ctime>
#include <random>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

int topK = 20;

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

QString fixed(double v, int decimals = 3)
{
    return QString::number(v, 'f', decimals);
}

void benchGiStar(int columns, int rows)
{
    GridCentres g;
    const std::size_t n = std::size_t(columns) * std::size_t(rows);
    g.codes.reserve(n);
    g.lon.reserve(n);
    g.lat.reserve(n);
    const QPointF m = metresPerDegree(31.2);
    std::mt19937 rng(7);
    std::vector<double> values(n);
    // Cases per grid: a background of Poisson(0.4) and a few dozen clusters.
    std::poisson_distribution<int> background(0.4);
    std::uniform_int_distribution<int> cx(0, columns - 1), cy(0, rows - 1);
    std::vector<std::pair<int, int>> centres(60);
    for (auto &c : centres)
        c = {cx(rng), cy(rng)};
    for (int y = 0; y < rows; ++y) {
        for (int x = 0; x < columns; ++x) {
            g.codes.push_back(310101001001000LL + qint64(g.codes.size()));
            g.lon.push_back(121.0 + (x * 100 + 50) / m.x());
            g.lat.push_back(30.9 + (y * 100 + 50) / m.y());
            double v = background(rng);
            for (const auto &[px, py] : centres) {
                const double d2 = double((x - px) * (x - px) + (y - py) * (y - py));
                if (d2 < 100)
                    v += 8.0 * std::exp(-d2 / 20.0);
            }
            values[g.codes.size() - 1] = std::round(v);
        }
    }
    QElapsedTimer t;
    t.start();
    const Neighbourhoods nb = neighbourhoodsWithin(g, 150);
    const double tNb = seconds(t);
    t.restart();
    auto gi = getisOrdGiStar(values, nb);
    const double tGi = seconds(t);
    int hot = 0;
    for (const GiStar &s : *gi)
        hot += s.hotSpot >= HotSpotClass::HotSpot90;
    out() << "gi*: " << n << " grids, " << nb.indices.size() << " neighbour links; neighbourhoods "
          << fixed(tNb) << " s, Gi* " << fixed(tGi) << " s, total " << fixed(tNb + tGi)
          << " s (goal <= 1 s); " << hot << " hot spots" << Qt::endl;
}

// A store of `cases` cases over `days` days ending at `end`, on 20,000 grids of 100 m (200 × 100) in
// 40 communities, 8 streets, 2 districts, with one responsibility grid (and supervisor) per community and 300
// points of interest.
bool fillStore(SqlStore &store, int cases, int days, const QDateTime &end)
{
    const int columns = 200, rows = 100;
    const QPointF m = metresPerDegree(31.2);
    auto code = [](const QString &c) {
        return JurisdictionCode::parse(c).value();
    };
    store.addJurisdiction({code(u"310000"_s), u"上海市"_s, AreaClass::B}).ok();
    for (int d = 0; d < 2; ++d) {
        const QString district = u"3101%1"_s.arg(d + 1, 2, 10, QLatin1Char('0'));
        store.addJurisdiction({code(district), u"区%1"_s.arg(d + 1), AreaClass::B}).ok();
        for (int s = 0; s < 4; ++s) {
            const QString street = district + u"%1"_s.arg(s + 1, 3, 10, QLatin1Char('0'));
            store.addJurisdiction({code(street), u"街道%1"_s.arg(street), AreaClass::B}).ok();
            for (int c = 0; c < 5; ++c)
                store
                    .addJurisdiction(
                        {code(street + u"%1"_s.arg(c + 1, 3, 10, QLatin1Char('0'))), u"社区"_s, AreaClass::B})
                    .ok();
        }
    }
    // Community k holds columns [k % 8 × 25, +25) × rows [k / 8 × 20, +20): 500 grids.
    auto communityOf = [](int x, int y) {
        const int k = (y / 20) * 8 + x / 25;
        const int district = k / 20, street = (k % 20) / 5, community = k % 5;
        return u"3101%1%2%3"_s.arg(district + 1, 2, 10, QLatin1Char('0'))
            .arg(street + 1, 3, 10, QLatin1Char('0'))
            .arg(community + 1, 3, 10, QLatin1Char('0'));
    };
    QHash<QString, int> serials;
    std::vector<QString> gridCodes(std::size_t(columns) * rows);
    if (!store.beginBatch())
        return false;
    for (int y = 0; y < rows; ++y) {
        for (int x = 0; x < columns; ++x) {
            const QString community = communityOf(x, y);
            const int serial = ++serials[community];
            const double x0 = 121.4 + x * 100 / m.x(), y0 = 31.1 + y * 100 / m.y();
            const double x1 = x0 + 100 / m.x(), y1 = y0 + 100 / m.y();
            Polygon cell;
            cell.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
            UnitGrid g;
            g.code = UnitGridCode::make(code(community), serial).value();
            g.community = code(community);
            g.areaM2 = 10000;
            g.minX = x0;
            g.minY = y0;
            g.maxX = x1;
            g.maxY = y1;
            g.wkb = toWkb(cell).value();
            if (!store.addGrid(g))
                return false;
            gridCodes[std::size_t(y) * columns + std::size_t(x)] = g.code.text();
        }
    }
    QSqlQuery q(store.database());
    int k = 0;
    for (auto it = serials.cbegin(); it != serials.cend(); ++it, ++k) {
        UserRecord u;
        u.login = u"sup%1"_s.arg(k);
        u.name = u.login;
        u.role = Role::Supervisor;
        u.jurisdiction = code(it.key().left(9));
        if (!store.addUser(u))
            return false;
        q.prepare(
            u"INSERT INTO responsibility_grids (code, name, street_code, supervisor_id, min_x, min_y, max_x, "
            "max_y, geometry) VALUES (?, ?, ?, ?, 0, 0, 0, 0, ?)"_s);
        q.addBindValue(QString(u"R"_s + it.key()));
        q.addBindValue(it.key());
        q.addBindValue(it.key().left(9));
        q.addBindValue(u.id);
        q.addBindValue(QByteArray("\x01", 1));
        if (!q.exec())
            return false;
    }
    q.prepare(u"INSERT INTO responsibility_grid_cells (grid_code, responsibility_code) VALUES (?, ?)"_s);
    for (const QString &g : gridCodes) {
        q.addBindValue(g);
        q.addBindValue(QString(u"R"_s + g.left(12)));
        if (!q.exec())
            return false;
    }
    QList<PointOfInterest> pois;
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> px(0, columns * 100.0), py(0, rows * 100.0);
    const char16_t *kinds[] = {u"metro", u"school", u"hospital", u"market"};
    for (int i = 0; i < 300; ++i)
        pois.append(PointOfInterest{0, QString::fromUtf16(kinds[i % 4]), u"P%1"_s.arg(i),
                                    121.4 + px(rng) / m.x(), 31.1 + py(rng) / m.y()});
    if (!GeodataStore(store).addPointsOfInterest(pois))
        return false;
    // Cases: 70 % around 200 places (recurring at a corner), 30 % anywhere; 12 classes; sources mixed.
    const QStringList classes{u"06010"_s, u"06011"_s, u"06020"_s, u"07001"_s, u"08001"_s, u"09002"_s,
                              u"09003"_s, u"10001"_s, u"06030"_s, u"06040"_s, u"09010"_s, u"08010"_s};
    const QStringList sources{u"patrol"_s,        u"patrol"_s, u"patrol"_s,
                              u"hotline_12345"_s, u"public"_s, u"video"_s};
    const QStringList states{u"closed"_s, u"closed"_s,   u"dispatched"_s,
                             u"filed"_s,  u"reported"_s, u"handled"_s};
    std::vector<QPointF> places(200);
    for (auto &p : places)
        p = {px(rng), py(rng)};
    std::uniform_int_distribution<int> pick(0, 199), cls(0, int(classes.size()) - 1),
        src(0, int(sources.size()) - 1), st(0, int(states.size()) - 1);
    std::normal_distribution<double> spread(0, 120);
    std::uniform_real_distribution<double> u01(0, 1);
    const qint64 endMs = end.toMSecsSinceEpoch(), spanMs = qint64(days) * 86400000;
    q.prepare(
        u"INSERT INTO cases (version, state, step, source, class_kind, class_code, area_class, priority, "
        "key_supervision, hard_case, grid_code, community_code, street_code, district_code, owning_tier, "
        "longitude, latitude, reported_at, updated_at) VALUES (1, ?, 'none', ?, 'event', ?, 'B', 'normal', "
        "0, 0, ?, ?, ?, ?, 'district', ?, ?, ?, ?)"_s);
    for (int i = 0; i < cases; ++i) {
        double x, y;
        if (u01(rng) < 0.7) {
            const QPointF c = places[std::size_t(pick(rng))];
            x = std::clamp(c.x() + spread(rng), 0.0, columns * 100.0 - 1);
            y = std::clamp(c.y() + spread(rng), 0.0, rows * 100.0 - 1);
        } else {
            x = px(rng);
            y = py(rng);
        }
        const QString &grid = gridCodes[std::size_t(int(y / 100)) * columns + std::size_t(int(x / 100))];
        const qint64 at = endMs - qint64(u01(rng) * double(spanMs));
        q.addBindValue(states[st(rng)]);
        q.addBindValue(sources[src(rng)]);
        q.addBindValue(classes[cls(rng)]);
        q.addBindValue(grid);
        q.addBindValue(grid.left(12));
        q.addBindValue(grid.left(9));
        q.addBindValue(grid.left(6));
        q.addBindValue(121.4 + x / m.x());
        q.addBindValue(31.1 + y / m.y());
        q.addBindValue(at);
        q.addBindValue(at);
        if (!q.exec()) {
            out() << q.lastError().text() << Qt::endl;
            return false;
        }
    }
    return store.commitBatch().ok();
}

// CPU time of this thread (SQLite runs in it): steadier than wall time on a machine shared with builds.
double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

template<typename F>
void timed(const QString &what, F f)
{
    QElapsedTimer t;
    t.start();
    const double cpu = cpuSeconds();
    const QString result = f();
    out() << "  " << what.leftJustified(34) << fixed(seconds(t)) << " s wall, " << fixed(cpuSeconds() - cpu)
          << " s CPU  " << result << Qt::endl;
}

void benchAnalyses(SqlStore &store, const QDateTime &end)
{
    AnalysisQueries q(store);
    for (int days : {30, 90}) {
        const TimeRange range{end.addDays(-days), end};
        out() << "analyses over " << days << " days:" << Qt::endl;
        timed(u"hot spots (Gi*, 20,000 grids)"_s, [&] {
            auto r = hotSpots(q, range, {});
            if (!r)
                return r.errorMessage();
            int hot = 0;
            for (const GridHotSpot &s : *r)
                hot += s.gi.hotSpot >= HotSpotClass::HotSpot90;
            return u"%1 hot spots"_s.arg(hot);
        });
        timed(u"recurrence (default R, T)"_s, [&] {
            auto r = findRecurrences(q, range, {}, RecurrenceRules::defaults(), 3);
            return r ? u"%1 clusters"_s.arg(r->size()) : r.errorMessage();
        });
        timed(u"hour of week (per class)"_s, [&] {
            auto r = hourOfWeekMatrices(q, range, {});
            return r ? u"%1 cases"_s.arg(r->value(u"*"_s).total()) : r.errorMessage();
        });
        timed(u"hour of week (one street)"_s, [&] {
            auto r = hourOfWeekMatrices(q, range, AnalysisFilter{u"310101001"_s, {}, {}});
            return r ? u"%1 cases"_s.arg(r->value(u"*"_s).total()) : r.errorMessage();
        });
        timed(u"special areas (300 POIs, 300 m)"_s, [&] {
            auto r = specialAreas(q, {}, 300, range, {});
            int n = 0;
            if (r) {
                for (const auto &a : *r)
                    n += a.cases;
            }
            return r ? u"%1 case-POI pairs"_s.arg(n) : r.errorMessage();
        });
        timed(u"missed reports"_s, [&] {
            auto r = missedReports(q, range, {});
            int n = 0;
            if (r) {
                for (const auto &s : *r)
                    n += s.missed;
            }
            return r ? u"%1 missed"_s.arg(n) : r.errorMessage();
        });
    }
    timed(u"forecast (4 + 8 weeks, top %1)"_s.arg(topK), [&] {
        ForecastOptions o;
        o.backtestWeeks = 8;
        o.topK = topK;
        auto r = forecastHotSpots(q, end, {}, o);
        return r ? u"hit rate %1 vs naive %2"_s.arg(r->backtest.forecastHitRate, 0, 'f', 3)
                       .arg(r->backtest.naiveHitRate, 0, 'f', 3)
                 : r.errorMessage();
    });
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(u"CityGrid analysis figures"_s);
    p.addHelpOption();
    p.addOptions(
        {{u"cases"_s, u"Cases in the generated store (default 1000000)."_s, u"n"_s},
         {u"store"_s, u"Reuse (or create) this SQLite store instead of a temporary one."_s, u"file"_s},
         {u"skip-gi"_s, u"Leave out the 800,000-grid Gi* figure."_s},
         {u"end"_s,
          u"The end of the analysed span, a Beijing date (default 2026-11-01, where a generated store's "
          u"cases end); "
          "the forecast is for the week from it."_s,
          u"date"_s},
         {u"top"_s, u"Forecast: k of the top-k hit rate (default 20)."_s, u"k"_s}});
    p.process(app);
    if (!p.isSet(u"skip-gi"_s))
        benchGiStar(1000, 800);
    const int cases = p.isSet(u"cases"_s) ? p.value(u"cases"_s).toInt() : 1000000;
    QTemporaryDir dir;
    const QString path = p.isSet(u"store"_s) ? p.value(u"store"_s) : dir.filePath(u"bench.sqlite"_s);
    const bool existed = QFile::exists(path);
    auto store = SqlStore::open(path);
    if (!store) {
        out() << store.errorMessage() << Qt::endl;
        return 1;
    }
    const QDate endDay =
        p.isSet(u"end"_s) ? QDate::fromString(p.value(u"end"_s), Qt::ISODate) : QDate(2026, 11, 1);
    if (!endDay.isValid()) {
        out() << "--end " << p.value(u"end"_s) << " is not a date (YYYY-MM-DD)" << Qt::endl;
        return 2;
    }
    const QDateTime end(endDay, QTime(0, 0), Qt::OffsetFromUTC, 8 * 3600);
    topK = p.isSet(u"top"_s) ? p.value(u"top"_s).toInt() : 20;
    if (!existed) {
        QElapsedTimer t;
        t.start();
        if (!fillStore(**store, cases, 90, end)) {
            out() << "could not fill the store" << Qt::endl;
            return 1;
        }
        out() << "store: " << cases << " cases on 20,000 grids written in " << fixed(seconds(t), 1) << " s"
              << Qt::endl;
    }
    benchAnalyses(**store, end);
    return 0;
}
