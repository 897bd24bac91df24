// The analyses of cg_analysis on a hand-made city (analysisfixture.h) with exact expected values: Gi* hot
// spots, recurring problems, hour-of-week matrices, special areas (also around the 302 real Shanghai metro
// stations), missed reports per supervisor, weak links and the next-week forecast's hit rates.
#include "analysisfixture.h"

#include "analysis/forecast.h"
#include "analysis/hotspots.h"
#include "analysis/hourofweek.h"
#include "analysis/missdetection.h"
#include "analysis/recurrence.h"
#include "analysis/specialareas.h"
#include "analysis/weaklinks.h"

#include <QFile>
#include <QTest>

#include <cmath>

using namespace cg;
using namespace cg::test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString metroCsv = QStringLiteral(CG_SHARED_DIR "/data/reference/shanghai_metro_stations.csv");

TimeRange november()
{
    return {beijingTime(u"2026-11-01 00:00"_s), beijingTime(u"2026-12-01 00:00"_s)};
}

qint64 grid(int column, int row)
{
    return AnalysisCity::gridCode(column, row).toLongLong();
}

} // namespace

class TestAnalysis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void neighbourhoodsAreTheGridAndTheEightAround()
    {
        GridCentres g;
        for (int row = 0; row < 5; ++row) {
            for (int column = 0; column < 5; ++column) {
                const QPointF c = AnalysisCity::centre(column, row);
                g.codes.push_back(grid(column, row));
                g.lon.push_back(c.x());
                g.lat.push_back(c.y());
            }
        }
        const Neighbourhoods nb = neighbourhoodsWithin(g, 150);
        QCOMPARE(nb.size(), 25);
        auto of = [&](int i) {
            return std::vector<int>(nb.indices.begin() + nb.offsets[size_t(i)],
                                    nb.indices.begin() + nb.offsets[size_t(i) + 1]);
        };
        QCOMPARE(of(0), (std::vector<int>{0, 1, 5, 6}));
        QCOMPARE(of(12), (std::vector<int>{6, 7, 8, 11, 12, 13, 16, 17, 18}));
        QCOMPARE(of(4), (std::vector<int>{3, 4, 8, 9}));
        // 100 m: edges only (rook), diagonals at 141 m are out.
        const Neighbourhoods rook = neighbourhoodsWithin(g, 101);
        QCOMPARE(rook.offsets[13] - rook.offsets[12], 5);
    }

    void hotSpotsByGiStarOnTheStore()
    {
        AnalysisCity city;
        QVERIFY(city.open());
        // 10 cases in the centre grid (2, 2), 5 in each of the 8 around it, none elsewhere.
        for (int row = 1; row <= 3; ++row) {
            for (int column = 1; column <= 3; ++column) {
                const int n = row == 2 && column == 2 ? 10 : 5;
                for (int k = 0; k < n; ++k)
                    QVERIFY(city.addCase(column, row, AnalysisCity::at(column, row, k, 0),
                                         u"2026-11-10 09:00"_s));
            }
        }
        // Outside the period, rejected, or in another district: never counted.
        QVERIFY(city.addCase(0, 0, AnalysisCity::at(0, 0), u"2026-10-31 23:59"_s));
        QVERIFY(city.addCase(0, 0, AnalysisCity::at(0, 0), u"2026-11-10 09:00"_s, u"event/06010"_s,
                             CaseSource::Patrol, CaseState::Rejected));
        QVERIFY(city.addCase(10, 0, AnalysisCity::at(10, 0), u"2026-11-10 09:00"_s));
        AnalysisQueries q(*city.store);
        auto spots = hotSpots(q, november(), AnalysisFilter{u"310101"_s, {}, {}});
        QVERIFY2(spots, qPrintable(spots.errorMessage()));
        QCOMPARE(int(spots->size()), 25);
        // n = 25, mean 2, S = 2√2. Centre: Σ = 50 over 9 cells: (50 − 18) / (2√2 · √((225 − 81) / 24)) =
        // 8/√3.
        const GridHotSpot &centre = (*spots)[12];
        QCOMPARE(centre.grid, grid(2, 2));
        QCOMPARE(centre.cases, 10);
        QVERIFY(std::abs(centre.gi.z - 8.0 / std::sqrt(3.0)) < 1e-9);
        QCOMPARE(centre.gi.hotSpot, HotSpotClass::HotSpot99);
        QVERIFY(std::abs(centre.gi.p - std::erfc(8.0 / std::sqrt(3.0) / std::sqrt(2.0))) < 1e-12);
        // Corner (0, 0): Σ = 5 (from (1, 1)) over 4 cells: (5 − 8) / (2√2 · √((100 − 16) / 24)) = −3 / (2√7).
        const GridHotSpot &corner = (*spots)[0];
        QCOMPARE(corner.cases, 0);
        QVERIFY(std::abs(corner.gi.z + 3.0 / (2.0 * std::sqrt(7.0))) < 1e-9);
        QCOMPARE(corner.gi.hotSpot, HotSpotClass::NotSignificant);
        // Every grid counts, the far district's grid is outside the scope.
        auto all = hotSpots(q, november(), AnalysisFilter{});
        QVERIFY(all);
        QCOMPARE(int(all->size()), 26);
        QCOMPARE(all->back().grid, 310104003001001LL);
        QCOMPARE(all->back().cases, 1);
        // Bad filters say what is wrong.
        QCOMPARE(hotSpots(q, november(), AnalysisFilter{u"3101"_s, {}, {}}).errorMessage(),
                 u"analysis: scope '3101' is not a district, street or community code"_s);
        QCOMPARE(hotSpots(q, {november().end, november().begin}, {}).errorMessage(),
                 u"analysis: the period is empty or invalid"_s);
    }

    void recurringProblemsWithinRadiusAndDays()
    {
        AnalysisCity city;
        QVERIFY(city.open());
        // A chain at one corner of grid (1, 1): A, B 30 m east 3 days later, C 30 m further 5 days after B.
        const qint64 a = city.addCase(1, 1, AnalysisCity::at(1, 1, 0, 0), u"2026-11-01 08:00"_s);
        const qint64 b = city.addCase(1, 1, AnalysisCity::at(1, 1, 30, 0), u"2026-11-04 08:00"_s);
        const qint64 c = city.addCase(1, 1, AnalysisCity::at(1, 1, 60, 0), u"2026-11-09 08:00"_s);
        // D: 200 m away; E: A's place, another class; F: C's place, 11 days after C.
        const qint64 d = city.addCase(3, 1, AnalysisCity::at(3, 1), u"2026-11-02 08:00"_s);
        const qint64 e = city.addCase(1, 1, AnalysisCity::at(1, 1), u"2026-11-02 08:00"_s, u"event/09002"_s);
        const qint64 f = city.addCase(1, 1, AnalysisCity::at(1, 1, 60, 0), u"2026-11-20 08:00"_s);
        // Another pair of illegal stalls (09, 100 m / 7 days): 90 m apart, 6 days apart.
        const qint64 g =
            city.addCase(4, 4, AnalysisCity::at(4, 4, 0, 0), u"2026-11-10 20:00"_s, u"event/09002"_s);
        const qint64 h =
            city.addCase(4, 4, AnalysisCity::at(4, 4, 0, -90), u"2026-11-16 20:00"_s, u"event/09002"_s);
        QVERIFY(a && b && c && d && e && f && g && h);
        AnalysisQueries q(*city.store);
        const RecurrenceRules rules = RecurrenceRules::defaults();
        QCOMPARE(rules.rule(u"event"_s, u"06010"_s), (RecurrenceRule{50, 7}));
        QCOMPARE(rules.rule(u"event"_s, u"09002"_s), (RecurrenceRule{100, 7}));
        QCOMPARE(rules.rule(u"component"_s, u"01001"_s), (RecurrenceRule{20, 30}));
        QCOMPARE(rules.rule(u"event"_s, u"10001"_s), (RecurrenceRule{50, 14}));

        auto clusters = findRecurrences(q, november(), {}, rules, 2);
        QVERIFY2(clusters, qPrintable(clusters.errorMessage()));
        QCOMPARE(clusters->size(), 2);
        const RecurrenceCluster &first = clusters->at(0);
        QCOMPARE(first.classCode, u"06010"_s);
        QCOMPARE(first.size(), 3);
        QCOMPARE(first.cases[0].id, a);
        QCOMPARE(first.cases[1].id, b);
        QCOMPARE(first.cases[2].id, c);
        QCOMPARE(first.grid, grid(1, 1));
        QCOMPARE(first.firstMs, beijingTime(u"2026-11-01 08:00"_s).toMSecsSinceEpoch());
        QCOMPARE(first.lastMs, beijingTime(u"2026-11-09 08:00"_s).toMSecsSinceEpoch());
        QVERIFY(std::abs(first.lon - AnalysisCity::at(1, 1, 30, 0).x()) < 1e-9);
        const RecurrenceCluster &second = clusters->at(1);
        QCOMPARE(second.classCode, u"09002"_s);
        QCOMPARE(second.size(), 2);
        QCOMPARE(second.cases[0].id, g);
        QCOMPARE(second.cases[1].id, h);
        // At least 3 cases: only the chain.
        auto three = findRecurrences(q, november(), {}, rules, 3);
        QVERIFY(three);
        QCOMPARE(three->size(), 1);
        // Overrides: 20 m breaks the chain; 12 days brings F in.
        RecurrenceRules tight = rules;
        QVERIFY(tight.set(u"event/06010"_s, {20, 7}));
        auto none = findRecurrences(q, november(), AnalysisFilter{{}, {}, u"06"_s}, tight, 2);
        QVERIFY(none);
        QCOMPARE(none->size(), 0);
        RecurrenceRules longer = rules;
        QVERIFY(longer.set(u"event/06"_s, {50, 12}));
        auto withF = findRecurrences(q, november(), AnalysisFilter{{}, {}, u"06"_s}, longer, 2);
        QVERIFY(withF);
        QCOMPARE(withF->size(), 1);
        QCOMPARE(withF->at(0).size(), 4);
        QCOMPARE(withF->at(0).cases.back().id, f);
        // Bad rules are refused with the key named.
        QCOMPARE(
            tight.set(u"event/6"_s, {20, 7}).errorMessage(),
            u"recurrence rule 'event/6': the key must be kind/major or kind/class, e.g. event/06 or event/06010"_s);
        QCOMPARE(tight.set(u"event/06"_s, {20, 0}).errorMessage(),
                 u"recurrence rule 'event/06': 0 days is outside 1–366"_s);
    }

    void hourOfWeekMatrixPerClassAndArea()
    {
        // 1970-01-01 was a Thursday: 00:00 Beijing is hour 3 × 24 = 72.
        QCOMPARE(hourOfWeek(-8 * 3600 * 1000LL), 72);
        QCOMPARE(hourOfWeek(beijingTime(u"2026-11-23 00:05"_s).toMSecsSinceEpoch()), 0);
        QCOMPARE(hourOfWeek(beijingTime(u"2026-11-29 23:59"_s).toMSecsSinceEpoch()), 167);
        AnalysisCity city;
        QVERIFY(city.open());
        const QPointF p = AnalysisCity::at(0, 0);
        QVERIFY(city.addCase(0, 0, p, u"2026-11-23 00:05"_s));                        // Monday 00
        QVERIFY(city.addCase(0, 0, p, u"2026-11-23 09:30"_s));                        // Monday 09
        QVERIFY(city.addCase(0, 0, p, u"2026-11-16 09:10"_s));                        // Monday 09
        QVERIFY(city.addCase(0, 0, p, u"2026-11-25 14:00"_s));                        // Wednesday 14
        QVERIFY(city.addCase(0, 0, p, u"2026-11-29 23:10"_s, u"event/09002"_s));      // Sunday 23
        QVERIFY(city.addCase(10, 0, AnalysisCity::at(10, 0), u"2026-11-25 14:30"_s)); // another district
        AnalysisQueries q(*city.store);
        auto m = hourOfWeekMatrices(q, november(), AnalysisFilter{u"310101002"_s, {}, {}});
        QVERIFY2(m, qPrintable(m.errorMessage()));
        QCOMPARE(m->keys(), (QStringList{u"*"_s, u"event/06010"_s, u"event/09002"_s}));
        const HourOfWeekMatrix &garbage = m->value(u"event/06010"_s);
        HourOfWeekMatrix expected;
        expected.counts[0] = 1;
        expected.counts[9] = 2;
        expected.counts[2 * 24 + 14] = 1;
        QCOMPARE(garbage, expected);
        QCOMPARE(garbage.at(0, 9), 2);
        QCOMPARE(garbage.peak(), 9);
        QCOMPARE(garbage.dayTotal(0), 3);
        QCOMPARE(garbage.hourTotal(14), 1);
        QCOMPARE(m->value(u"event/09002"_s).at(6, 23), 1);
        QCOMPARE(m->value(u"*"_s).total(), 5);
        auto everywhere = hourOfWeekMatrices(q, november(), {});
        QVERIFY(everywhere);
        QCOMPARE(everywhere->value(u"*"_s).at(2, 14), 2);
    }

    void specialAreasCountCasesWithinTheRadius()
    {
        AnalysisCity city;
        QVERIFY(city.open());
        AnalysisQueries q(*city.store);
        QList<PointOfInterest> pois{
            {0, u"school"_s, u"格致中学"_s, AnalysisCity::centre(0, 0).x(), AnalysisCity::centre(0, 0).y()},
            {0, u"hospital"_s, u"仁济医院"_s, AnalysisCity::centre(4, 4).x(), AnalysisCity::centre(4, 4).y()},
            {0, u"market"_s, u"菜场"_s, AnalysisCity::centre(2, 4).x(), AnalysisCity::centre(2, 4).y()}};
        QVERIFY(GeodataStore(*city.store).addPointsOfInterest(pois));
        const qint64 c0 = city.addCase(0, 0, AnalysisCity::at(0, 0, 0, 0), u"2026-11-05 10:00"_s);
        const qint64 c99 =
            city.addCase(0, 0, AnalysisCity::at(0, 0, 99, 0), u"2026-11-05 11:00"_s, u"event/09002"_s);
        QVERIFY(city.addCase(1, 0, AnalysisCity::at(0, 0, 101, 0), u"2026-11-05 12:00"_s)); // outside
        const qint64 h = city.addCase(4, 4, AnalysisCity::at(4, 4, 0, 60), u"2026-11-06 12:00"_s);
        QVERIFY(
            city.addCase(4, 4, AnalysisCity::at(4, 4, 0, 60), u"2026-10-06 12:00"_s)); // before the period
        auto areas = specialAreas(q, {u"school"_s, u"hospital"_s}, 100, november(), {});
        QVERIFY2(areas, qPrintable(areas.errorMessage()));
        QCOMPARE(areas->size(), 2);
        QCOMPARE(areas->at(0).poi.name, u"格致中学"_s);
        QCOMPARE(areas->at(0).cases, 2);
        QCOMPARE(areas->at(0).caseIds, (QList<qint64>{c0, c99}));
        QCOMPARE(areas->at(0).byClass.value(u"event/06010"_s), 1);
        QCOMPARE(areas->at(0).byClass.value(u"event/09002"_s), 1);
        QVERIFY(areas->at(0).nearestMetres < 1e-6);
        QCOMPARE(areas->at(1).cases, 1);
        QCOMPARE(areas->at(1).caseIds, (QList<qint64>{h}));
        QVERIFY(std::abs(areas->at(1).nearestMetres - 60) < 0.5);
        // All kinds: the market has none and is listed last.
        auto all = specialAreas(q, {}, 100, november(), {});
        QVERIFY(all);
        QCOMPARE(all->size(), 3);
        QCOMPARE(all->at(2).poi.kind, u"market"_s);
        QCOMPARE(all->at(2).cases, 0);
        QCOMPARE(all->at(2).nearestMetres, -1.0);
        QCOMPARE(specialAreas(q, {}, 0, november(), {}).errorMessage(),
                 u"special areas: radius 0 m is outside 0–5000 m"_s);
    }

    void specialAreasAroundTheShanghaiMetro()
    {
        if (!QFile::exists(metroCsv))
            QSKIP(qPrintable(u"reference data %1 is absent (CG_SHARED_DIR)"_s.arg(metroCsv)));
        auto wgs = readPointsOfInterestCsv(metroCsv, u"metro"_s, u"name"_s, u"lon"_s, u"lat"_s, u"wgs84"_s);
        QVERIFY2(wgs, qPrintable(wgs.errorMessage()));
        QCOMPARE(wgs->size(), 302);
        QCOMPARE(wgs->at(0).name, u"上海体育馆"_s);
        QCOMPARE(wgs->at(0).longitude, 121.4323869);
        // The same stations read from their GCJ-02 and BD-09 columns land within a metre of the WGS-84 ones.
        auto gcj = readPointsOfInterestCsv(metroCsv, u"metro"_s, u"name"_s, u"gcj02_lon"_s, u"gcj02_lat"_s,
                                           u"gcj02"_s);
        auto bd =
            readPointsOfInterestCsv(metroCsv, u"metro"_s, u"name"_s, u"bd09_lon"_s, u"bd09_lat"_s, u"bd09"_s);
        QVERIFY(gcj && bd);
        double worst = 0;
        for (int i = 0; i < wgs->size(); ++i) {
            const QPointF w(wgs->at(i).longitude, wgs->at(i).latitude);
            worst = std::max({worst, distanceMetres(w, {gcj->at(i).longitude, gcj->at(i).latitude}),
                              distanceMetres(w, {bd->at(i).longitude, bd->at(i).latitude})});
        }
        QVERIFY2(worst < 5.0, qPrintable(QString::number(worst)));
        AnalysisCity city;
        QVERIFY(city.open());
        AnalysisQueries q(*city.store);
        QList<PointOfInterest> stations = *wgs;
        QVERIFY(GeodataStore(*city.store).addPointsOfInterest(stations));
        auto stored = q.pointsOfInterest({u"metro"_s});
        QVERIFY(stored);
        QCOMPARE(stored->size(), 302);
        // Cases 150 m north and 350 m south of 上海体育馆 (the fixture's grid codes are only labels here).
        const QPointF s(wgs->at(0).longitude, wgs->at(0).latitude);
        const QPointF d = AnalysisCity::degreesPerMetre();
        const qint64 near = city.addCase(0, 0, {s.x(), s.y() + 150 * d.y()}, u"2026-11-03 08:00"_s);
        QVERIFY(city.addCase(0, 0, {s.x(), s.y() - 350 * d.y()}, u"2026-11-03 08:00"_s));
        auto areas = specialAreas(q, {u"metro"_s}, 300, november(), {});
        QVERIFY2(areas, qPrintable(areas.errorMessage()));
        QCOMPARE(areas->size(), 302);
        QCOMPARE(areas->at(0).poi.name, u"上海体育馆"_s);
        QCOMPARE(areas->at(0).caseIds, (QList<qint64>{near}));
        QCOMPARE(areas->at(1).cases, 0);
        // A missing column is named.
        QCOMPARE(readPointsOfInterestCsv(metroCsv, u"metro"_s, u"name"_s, u"x"_s, u"lat"_s, u"wgs84"_s)
                     .errorMessage()
                     .contains(u"x"_s),
                 true);
    }

    void missedReportsPerSupervisor()
    {
        AnalysisCity city;
        QVERIFY(city.open());
        const QString when = u"2026-11-12 10:00"_s;
        auto add = [&](int column, const QString &cls, CaseSource source, CaseState state) {
            return city.addCase(column, 0, AnalysisCity::at(column, 0), when, cls, source, state) > 0;
        };
        // Grid 001 (sup1): garbage found twice by the hotline, never by patrol: 2 missed.
        QVERIFY(add(0, u"event/06010"_s, CaseSource::Hotline12345, CaseState::Dispatched));
        QVERIFY(add(0, u"event/06010"_s, CaseSource::Hotline12319, CaseState::Closed));
        // Grid 001: stalls reported by the public and by patrol: not missed.
        QVERIFY(add(0, u"event/09002"_s, CaseSource::Public, CaseState::Filed));
        QVERIFY(add(0, u"event/09002"_s, CaseSource::Patrol, CaseState::Reported));
        // Grid 002 (sup1): a video report filed (missed) and a hotline report never filed (not counted).
        QVERIFY(add(1, u"event/06010"_s, CaseSource::Video, CaseState::Handled));
        QVERIFY(add(1, u"event/06010"_s, CaseSource::Hotline12345, CaseState::Verifying));
        // Grid 004 (sup2): a public report filed: missed.
        QVERIFY(add(3, u"event/08001"_s, CaseSource::Public, CaseState::Filed));
        // Grid 005 (sup2): patrol only.
        QVERIFY(add(4, u"event/06010"_s, CaseSource::Patrol, CaseState::Closed));
        // The far grid has no supervisor.
        QVERIFY(city.addCase(10, 0, AnalysisCity::at(10, 0), when, u"event/06010"_s, CaseSource::Hotline12345,
                             CaseState::Filed));
        AnalysisQueries q(*city.store);
        auto misses = missedReports(q, november(), {});
        QVERIFY2(misses, qPrintable(misses.errorMessage()));
        QCOMPARE(misses->size(), 3);
        const SupervisorMisses &one = misses->at(0);
        QCOMPARE(one.login, u"sup1"_s);
        QCOMPARE(one.name, u"张一"_s);
        QCOMPARE(one.responsibilityCode, u"R1"_s);
        QCOMPARE(one.missed, 3);
        QCOMPARE(one.filedFromOthers, 4);
        QCOMPARE(one.patrolReports, 1);
        QCOMPARE(one.missShare().value(), 0.75);
        QCOMPARE(one.grids.size(), 2);
        QCOMPARE(one.grids[0].grid, grid(0, 0));
        QCOMPARE(one.grids[0].missed, 2);
        QCOMPARE(one.grids[0].missedClasses, QStringList{u"event/06010"_s});
        QCOMPARE(one.grids[1].grid, grid(1, 0));
        QCOMPARE(one.grids[1].missed, 1);
        // Ties on missed: by login, the grids without supervisor ("") first.
        QCOMPARE(misses->at(1).supervisorId, 0);
        QCOMPARE(misses->at(1).missed, 1);
        QCOMPARE(misses->at(2).login, u"sup2"_s);
        QCOMPARE(misses->at(2).missed, 1);
        QCOMPARE(misses->at(2).patrolReports, 1);
        QCOMPARE(misses->at(2).grids.size(), 1);
        QCOMPARE(misses->at(2).grids[0].grid, grid(3, 0));
    }

    void weakLinksAndTheirCauses()
    {
        IndicatorCounts c;
        c.handlingDue = 10;
        c.handled = 8;
        c.handledOnTime = 6;
        c.closingDue = 5;
        c.reworked = 1;
        c.overdueOpen = 2;
        const ScoreWeights w = ScoreWeights::defaults(ScoreKind::ResponsibleUnit);
        const QList<IndicatorLoss> lost = pointsLost(c, w);
        QCOMPARE(lost.size(), 5);
        QCOMPARE(lost[0].indicator, Indicator::OnTimeHandlingRate);
        QVERIFY(std::abs(lost[0].pointsLost - 8) < 1e-9);
        QCOMPARE(lost[1].indicator, Indicator::HandlingRate);
        QVERIFY(std::abs(lost[1].pointsLost - 6) < 1e-9);
        QCOMPARE(lost[2].indicator, Indicator::ReworkRate);
        QVERIFY(std::abs(lost[2].pointsLost - 4) < 1e-9);
        QCOMPARE(lost[3].indicator, Indicator::OverdueOpenRate);
        QCOMPARE(lost[4].pointsLost, 0.0);
        QCOMPARE(score(c, w).points.value(), 78.0);
        // Nothing due for closing: rework is left out and the rest scaled to 100 (weights / 0.8).
        IndicatorCounts open = c;
        open.closingDue = 0;
        open.reworked = 0;
        const QList<IndicatorLoss> scaled = pointsLost(open, w);
        QCOMPARE(scaled.size(), 4);
        QVERIFY(std::abs(scaled[0].pointsLost - 10) < 1e-9); // on-time handling: 25 × 0.4
        QVERIFY(std::abs(scaled[0].weight - 25) < 1e-9);

        auto row = [&](const QString &subject, const IndicatorCounts &counts) {
            EvaluationRow r;
            r.kind = SubjectKind::ResponsibleUnit;
            r.subject = subject;
            r.counts = counts;
            r.score = score(counts, w);
            return r;
        };
        IndicatorCounts perfect;
        perfect.handlingDue = 4;
        perfect.handled = 4;
        perfect.handledOnTime = 4;
        IndicatorCounts bad = c;
        bad.handledOnTime = 2; // loses 16 on on-time handling
        const QList<WeakLink> links = weakLinks(
            {row(u"good"_s, perfect), row(u"mid"_s, c), row(u"bad"_s, bad), row(u"idle"_s, {})}, w, 2, 2);
        QCOMPARE(links.size(), 2);
        QCOMPARE(links[0].row.subject, u"bad"_s);
        QCOMPARE(links[0].causes.size(), 2);
        QCOMPARE(links[0].causes[0].indicator, Indicator::OnTimeHandlingRate);
        QVERIFY(std::abs(links[0].causes[0].pointsLost - 16) < 1e-9);
        QCOMPARE(links[1].row.subject, u"mid"_s);
    }

    void forecastAgainstSameAsLastWeek()
    {
        // Two grids, five weeks: A alternates 6, 0, 6, 0, 6; B is steady at 3.
        WeeklyCounts weekly;
        weekly.grids = 2;
        weekly.weeks = 5;
        weekly.counts = {6, 0, 6, 0, 6, 3, 3, 3, 3, 3};
        const std::vector<qint64> codes{1, 2};
        ForecastOptions o;
        o.historyWeeks = 4;
        o.decay = 1.0; // a plain mean of the weeks there are
        o.neighbourWeight = 0;
        o.topK = 1;
        const Neighbourhoods none{{0, 0, 0}, {}};
        QCOMPARE(forecastScores(weekly, 3, none, o), (std::vector<double>{4.0, 3.0}));
        QCOMPARE(naiveScores(weekly, 3), (std::vector<double>{6.0, 3.0}));
        const ForecastBacktest bt = backtest(weekly, codes, 2, none, o);
        // Week 2: mean 3 vs 3 → A by code, A happened (hit); week 3: A 4 > 3, B happened (miss); week 4: 3 vs
        // 3 → A (hit). The naive forecast picks last week's top: B, A, B against A, B, A: never right.
        QCOMPARE(bt.weeks.size(), 3);
        QCOMPARE(bt.weeks[0].forecastHitRate, 1.0);
        QCOMPARE(bt.weeks[1].forecastHitRate, 0.0);
        QCOMPARE(bt.weeks[2].forecastHitRate, 1.0);
        QVERIFY(std::abs(bt.forecastHitRate - 2.0 / 3.0) < 1e-12);
        QCOMPARE(bt.naiveHitRate, 0.0);
        // Decay and neighbours: three cells in a row, the middle one neighbours both.
        WeeklyCounts row;
        row.grids = 3;
        row.weeks = 2;
        row.counts = {2, 4, 0, 0, 8, 0};
        const Neighbourhoods chain{{0, 2, 5, 7}, {0, 1, 0, 1, 2, 1, 2}};
        ForecastOptions n;
        n.historyWeeks = 2;
        n.decay = 0.5;
        n.neighbourWeight = 0.5;
        // Own: (1 · last + 0.5 · before) / 1.5 → A (4 + 1) / 1.5 = 10/3, B 0, C (0 + 4) / 1.5 = 8/3.
        const std::vector<double> s = forecastScores(row, 2, chain, n);
        QVERIFY(std::abs(s[0] - 10.0 / 3.0) < 1e-12);
        QVERIFY(std::abs(s[1] - 0.5 * (10.0 / 3.0 + 8.0 / 3.0) / 2.0) < 1e-12);
        QVERIFY(std::abs(s[2] - 8.0 / 3.0) < 1e-12);
        QCOMPARE(topCells(s, {1, 2, 3}, 2), (std::vector<int>{0, 2}));
        QCOMPARE(hitRate({0, 2}, {2, 1}), 0.5);
        QCOMPARE(hitRate({0}, {}), 0.0);
    }

    void forecastOnTheStore()
    {
        AnalysisCity city;
        QVERIFY(city.open());
        // Four weeks from Monday 2026-11-02: grid (0, 0) has 3 cases each week, grid (4, 4) one in week 4.
        const QDateTime monday = beijingTime(u"2026-11-02 00:00"_s);
        for (int week = 0; week < 4; ++week) {
            const QString day =
                monday.addDays(7 * week + 2).toOffsetFromUtc(8 * 3600).toString(u"yyyy-MM-dd"_s);
            for (int k = 0; k < 3; ++k)
                QVERIFY(city.addCase(0, 0, AnalysisCity::at(0, 0), day + u" 10:00"_s));
        }
        QVERIFY(city.addCase(4, 4, AnalysisCity::at(4, 4), u"2026-11-25 10:00"_s));
        AnalysisQueries q(*city.store);
        ForecastOptions o;
        o.historyWeeks = 2;
        o.backtestWeeks = 2;
        o.topK = 1;
        o.neighbourWeight = 0;
        auto f = forecastHotSpots(q, monday.addDays(28), {}, o);
        QVERIFY2(f, qPrintable(f.errorMessage()));
        QCOMPARE(f->top.size(), 1);
        QCOMPARE(f->top[0].grid, grid(0, 0));
        QCOMPARE(f->top[0].lastWeek, 3);
        QCOMPARE(f->backtest.weeks.size(), 2);
        QCOMPARE(f->backtest.forecastHitRate, 1.0);
        QCOMPARE(f->backtest.naiveHitRate, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestAnalysis)
#include "test_analysis.moc"
