// Evaluation periods (parsing, boundaries in Beijing time, the previous period, labels), subject kinds,
// ranking and the change against the previous period, and the major events' area and limits.
#include "core/evaluationquery.h"
#include "core/majorevent.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

class TestEvaluationQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesEveryForm_data();
    void parsesEveryForm();
    void badPeriodsAreNamed_data();
    void badPeriodsAreNamed();
    void boundariesAreBeijingMidnights();
    void previousPeriods();
    void isoWeeksAcrossTheYear();
    void subjectKinds();
    void rankingSharesRanksAndLeavesUnscoredLast();
    void changeAgainstThePreviousPeriod();
    void majorEventCoversItsAreaAndPeriod();
    void majorEventTightensLimits();
    void majorEventValidation();
};

void TestEvaluationQuery::parsesEveryForm_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QDate>("first");
    QTest::addColumn<QDate>("last");
    QTest::addColumn<QString>("label");
    QTest::newRow("month") << u"2026-10"_s << int(PeriodKind::Month) << QDate(2026, 10, 1)
                           << QDate(2026, 10, 31) << u"2026-10"_s;
    QTest::newRow("february leap") << u"2028-02"_s << int(PeriodKind::Month) << QDate(2028, 2, 1)
                                   << QDate(2028, 2, 29) << u"2028-02"_s;
    QTest::newRow("week") << u"2026-W43"_s << int(PeriodKind::Week) << QDate(2026, 10, 19)
                          << QDate(2026, 10, 25) << u"2026-W43"_s;
    QTest::newRow("week lower case, one digit")
        << u"2026-w3"_s << int(PeriodKind::Week) << QDate(2026, 1, 12) << QDate(2026, 1, 18) << u"2026-W03"_s;
    QTest::newRow("quarter") << u"2026-Q4"_s << int(PeriodKind::Quarter) << QDate(2026, 10, 1)
                             << QDate(2026, 12, 31) << u"2026-Q4"_s;
    QTest::newRow("quarter 1") << u"2026-q1"_s << int(PeriodKind::Quarter) << QDate(2026, 1, 1)
                               << QDate(2026, 3, 31) << u"2026-Q1"_s;
    QTest::newRow("day") << u"2026-10-31"_s << int(PeriodKind::Day) << QDate(2026, 10, 31)
                         << QDate(2026, 10, 31) << u"2026-10-31"_s;
    QTest::newRow("range") << u" 2026-10-01..2026-10-15 "_s << int(PeriodKind::Custom) << QDate(2026, 10, 1)
                           << QDate(2026, 10, 15) << u"2026-10-01..2026-10-15"_s;
    QTest::newRow("one-day range") << u"2026-10-01..2026-10-01"_s << int(PeriodKind::Custom)
                                   << QDate(2026, 10, 1) << QDate(2026, 10, 1) << u"2026-10-01..2026-10-01"_s;
}

void TestEvaluationQuery::parsesEveryForm()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    QFETCH(QDate, first);
    QFETCH(QDate, last);
    QFETCH(QString, label);
    auto p = Period::parse(text);
    QVERIFY2(p.ok(), qPrintable(p.errorMessage()));
    QCOMPARE(int(p->kind()), kind);
    QCOMPARE(p->first(), first);
    QCOMPARE(p->last(), last);
    QCOMPARE(p->label(), label);
    QCOMPARE(Period::parse(p->label()).value(), *p); // the label parses back
    QCOMPARE(p->dayCount(), first.daysTo(last) + 1);
}

void TestEvaluationQuery::badPeriodsAreNamed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << u" "_s
                           << u"the period is empty; write e.g. 2026-10, 2026-W43, 2026-Q4, 2026-10-31 or "
                              u"2026-10-01..2026-10-15"_s;
    QTest::newRow("month 13") << u"2026-13"_s << u"period '2026-13': month 13 is not between 01 and 12"_s;
    QTest::newRow("week 54") << u"2026-W54"_s << u"period '2026-W54': 2026 has ISO weeks 1 to 53, not 54"_s;
    QTest::newRow("week 53 of a 52-week year")
        << u"2025-W53"_s << u"period '2025-W53': 2025 has ISO weeks 1 to 52, not 53"_s;
    QTest::newRow("quarter 5") << u"2026-Q5"_s << u"period '2026-Q5': quarter 5 is not between 1 and 4"_s;
    QTest::newRow("31 November") << u"2026-11-31"_s
                                 << u"period '2026-11-31': 2026-11-31 is not a day of the calendar"_s;
    QTest::newRow("backwards") << u"2026-10-15..2026-10-01"_s
                               << u"period '2026-10-15..2026-10-01' ends before it begins"_s;
    QTest::newRow("bad range end")
        << u"2026-10-01..2026-10"_s
        << u"period '2026-10-01..2026-10': '2026-10' is not a day written as YYYY-MM-DD"_s;
    QTest::newRow("words") << u"last month"_s
                           << u"period 'last month' is not understood; write a month (2026-10), an ISO week "
                              u"(2026-W43), a quarter (2026-Q4), a day (2026-10-31) or a range "
                              u"(2026-10-01..2026-10-15)"_s;
}

void TestEvaluationQuery::badPeriodsAreNamed()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    auto p = Period::parse(text);
    QVERIFY(!p.ok());
    QCOMPARE(p.errorCode(), ErrorCode::InvalidInput);
    QCOMPARE(p.errorMessage(), message);
}

void TestEvaluationQuery::boundariesAreBeijingMidnights()
{
    const Period october = Period::month(2026, 10);
    // 1 October 00:00 in Beijing is 30 September 16:00 UTC; the period ends at 1 November 00:00 Beijing.
    QCOMPARE(october.begin(), QDateTime(QDate(2026, 9, 30), QTime(16, 0), Qt::UTC));
    QCOMPARE(october.end(), QDateTime(QDate(2026, 10, 31), QTime(16, 0), Qt::UTC));
    QCOMPARE(beijingDate(QDateTime(QDate(2026, 10, 31), QTime(15, 59, 59), Qt::UTC)), QDate(2026, 10, 31));
    QCOMPARE(beijingDate(QDateTime(QDate(2026, 10, 31), QTime(16, 0), Qt::UTC)), QDate(2026, 11, 1));
    QCOMPARE(beijingMidnight(QDate(2026, 11, 1)), QDateTime(QDate(2026, 10, 31), QTime(16, 0), Qt::UTC));
    QVERIFY(october.contains(QDate(2026, 10, 31)));
    QVERIFY(!october.contains(QDate(2026, 11, 1)));
    QCOMPARE(Period::containing(PeriodKind::Quarter, QDate(2026, 11, 29)), Period::quarter(2026, 4));
    QCOMPARE(Period::containing(PeriodKind::Week, QDate(2026, 11, 29)).first(), QDate(2026, 11, 23));
    QVERIFY(!Period::month(2026, 13).isValid());
    QVERIFY(!Period::custom(QDate(2026, 10, 2), QDate(2026, 10, 1)).ok());
}

void TestEvaluationQuery::previousPeriods()
{
    QCOMPARE(Period::parse(u"2026-03"_s)->previous().label(), u"2026-02"_s);
    QCOMPARE(Period::parse(u"2026-01"_s)->previous().label(), u"2025-12"_s);
    QCOMPARE(Period::parse(u"2026-Q1"_s)->previous().label(), u"2025-Q4"_s);
    QCOMPARE(Period::parse(u"2026-W01"_s)->previous().label(), u"2025-W52"_s);
    QCOMPARE(Period::parse(u"2026-03-01"_s)->previous().label(), u"2026-02-28"_s);
    QCOMPARE(Period::parse(u"2026-10-01..2026-10-15"_s)->previous().label(), u"2026-09-16..2026-09-30"_s);
}

void TestEvaluationQuery::isoWeeksAcrossTheYear()
{
    // 2026-W53: 2026 starts on a Thursday, so it has 53 ISO weeks; W53 ends on Sunday 3 January 2027.
    auto w53 = Period::parse(u"2026-W53"_s);
    QVERIFY2(w53.ok(), qPrintable(w53.errorMessage()));
    QCOMPARE(w53->first(), QDate(2026, 12, 28));
    QCOMPARE(w53->last(), QDate(2027, 1, 3));
    // 1 January 2027 lies in ISO week 53 of 2026.
    QCOMPARE(Period::week(QDate(2027, 1, 1)).label(), u"2026-W53"_s);
    QCOMPARE(Period::parse(u"2027-W01"_s)->first(), QDate(2027, 1, 4));
}

void TestEvaluationQuery::subjectKinds()
{
    for (int i = 0; i < SubjectKindCount; ++i) {
        const auto kind = SubjectKind(i);
        QCOMPARE(parseSubjectKind(subjectKindName(kind)).value(), kind);
    }
    QCOMPARE(parseSubjectKind(u"unit"_s).value(), SubjectKind::ResponsibleUnit);
    QCOMPARE(parseSubjectKind(u"Shift-Leader"_s).value(), SubjectKind::ShiftLeader);
    QCOMPARE(parseSubjectKind(u"city"_s).errorMessage(),
             u"subject kind 'city' is unknown; use one of supervisor, acceptor, shift_leader, dispatcher, "
             u"responsible_unit, unit_grid, responsibility_grid, community, street, district"_s);
    QCOMPARE(scoreKindOf(SubjectKind::Street), ScoreKind::Area);
    QCOMPARE(scoreKindOf(SubjectKind::Dispatcher), ScoreKind::Dispatcher);
    QVERIFY(isAreaKind(SubjectKind::ResponsibilityGrid));
    QVERIFY(!isAreaKind(SubjectKind::ResponsibleUnit));
    QCOMPARE(parseScoreKind(u"area"_s).value(), ScoreKind::Area);
    QCOMPARE(scoreKindName(ScoreKind::ShiftLeader), u"shift_leader"_s);
    QVERIFY(!parseScoreKind(u"street"_s).ok());
    // Every score kind has default weights adding up to 100.
    for (ScoreKind k : {ScoreKind::Supervisor, ScoreKind::Acceptor, ScoreKind::ShiftLeader,
                        ScoreKind::Dispatcher, ScoreKind::ResponsibleUnit, ScoreKind::Area})
        QVERIFY(ScoreWeights::make(ScoreWeights::defaults(k).terms()).ok());
}

namespace {

EvaluationRow row(const QString &subject, std::optional<double> points)
{
    EvaluationRow r;
    r.subject = subject;
    r.score.points = points;
    if (points)
        r.score.grade = gradeOf(*points);
    return r;
}

} // namespace

void TestEvaluationQuery::rankingSharesRanksAndLeavesUnscoredLast()
{
    QList<EvaluationRow> rows{row(u"d"_s, 70), row(u"a"_s, std::nullopt), row(u"b"_s, 90), row(u"c"_s, 90),
                              row(u"e"_s, 95.5)};
    rankRows(rows);
    QStringList order;
    QList<int> ranks;
    for (const auto &r : rows) {
        order.append(r.subject);
        ranks.append(r.rank);
    }
    QCOMPARE(order, (QStringList{u"e"_s, u"b"_s, u"c"_s, u"d"_s, u"a"_s}));
    QCOMPARE(ranks, (QList<int>{1, 2, 2, 4, 0}));
}

void TestEvaluationQuery::changeAgainstThePreviousPeriod()
{
    QList<EvaluationRow> before{row(u"a"_s, 80), row(u"b"_s, 70.25), row(u"c"_s, std::nullopt)};
    rankRows(before);
    QList<EvaluationRow> now{row(u"a"_s, 75), row(u"b"_s, 90), row(u"c"_s, 60), row(u"new"_s, 50)};
    rankRows(now);
    applyPrevious(now, before);
    QCOMPARE(now[0].subject, u"b"_s);
    QCOMPARE(now[0].previousRank.value(), 2);
    QCOMPARE(now[0].change.value(), 19.75);
    QCOMPARE(now[0].rankChange().value(), 1);
    QCOMPARE(now[1].subject, u"a"_s);
    QCOMPARE(now[1].change.value(), -5.0);
    QCOMPARE(now[1].rankChange().value(), -1);
    QCOMPARE(now[2].subject, u"c"_s);
    QVERIFY(!now[2].previousRank); // not ranked before: no score
    QVERIFY(!now[2].change);
    QCOMPARE(now[3].subject, u"new"_s);
    QVERIFY(!now[3].previousPoints);
}

void TestEvaluationQuery::majorEventCoversItsAreaAndPeriod()
{
    MajorEvent e;
    e.name = u"进博会"_s;
    e.startsAt = QDateTime(QDate(2026, 11, 4), QTime(16, 0), Qt::UTC);
    e.endsAt = QDateTime(QDate(2026, 11, 11), QTime(16, 0), Qt::UTC);
    e.areas = {JurisdictionCode::parse(u"310101002"_s).value()};
    e.grids = {UnitGridCode::parse(u"310104003001001"_s).value()};
    e.polygon = parsePolygon(u"121.30 31.19, 121.32 31.19, 121.32 31.21, 121.30 31.21"_s).value();
    e.limitFactor = 0.5;
    QVERIFY(e.validate().ok());
    const QDateTime during(QDate(2026, 11, 6), QTime(2, 0), Qt::UTC);
    const auto community = JurisdictionCode::parse(u"310101002001"_s).value();
    const auto grid = UnitGridCode::parse(u"310101002001001"_s).value();
    const auto xuhuiGrid = UnitGridCode::parse(u"310104003001001"_s).value();
    const auto xuhuiCommunity = JurisdictionCode::parse(u"310104003001"_s).value();
    const auto otherGrid = UnitGridCode::parse(u"310104003001002"_s).value();
    QVERIFY(e.covers(during, grid, community, 0, 0));                     // by jurisdiction
    QVERIFY(e.covers(during, xuhuiGrid, xuhuiCommunity, 0, 0));           // by unit grid
    QVERIFY(e.covers(during, otherGrid, xuhuiCommunity, 121.31, 31.20));  // inside the polygon
    QVERIFY(!e.covers(during, otherGrid, xuhuiCommunity, 121.33, 31.20)); // outside everything
    QVERIFY(!e.covers(e.endsAt, grid, community, 0, 0));                  // the end is excluded
    QVERIFY(e.covers(e.startsAt, grid, community, 0, 0));                 // the start included
    e.endedAt = QDateTime(QDate(2026, 11, 5), QTime(16, 0), Qt::UTC);     // ended early
    QVERIFY(!e.covers(during, grid, community, 0, 0));
    QCOMPARE(polygonText(parsePolygon(u"1 2, 3 4, 5 6"_s).value()), u"1 2, 3 4, 5 6"_s);
    QCOMPARE(parsePolygon(u"1 2, 3"_s).errorMessage(),
             u"polygon point 2 ('3') is not 'longitude latitude' in degrees"_s);
}

void TestEvaluationQuery::majorEventTightensLimits()
{
    MajorEvent e;
    e.limitFactor = 0.5;
    QCOMPARE(e.tighten({4, TimeUnit::WorkingHours}), (TimeLimit{2, TimeUnit::WorkingHours}));
    QCOMPARE(e.tighten({1, TimeUnit::WorkingHours}), (TimeLimit{1, TimeUnit::WorkingHours})); // at least 1
    QCOMPARE(e.tighten({5, TimeUnit::WorkingDays}), (TimeLimit{2, TimeUnit::WorkingDays}));
    e.handlingLimit = {2, TimeUnit::WorkingHours};
    QCOMPARE(e.tighten({5, TimeUnit::WorkingDays}), (TimeLimit{2, TimeUnit::WorkingHours})); // shorter
    QCOMPARE(e.tighten({2, TimeUnit::WorkingHours}),
             (TimeLimit{1, TimeUnit::WorkingHours})); // factor shorter
    e.limitFactor.reset();
    QCOMPARE(e.tighten({30, TimeUnit::Minutes}), (TimeLimit{30, TimeUnit::Minutes})); // already tighter
}

void TestEvaluationQuery::majorEventValidation()
{
    MajorEvent e;
    QCOMPARE(e.validate().errorMessage(), u"a major event needs a name"_s);
    e.name = u"马拉松"_s;
    e.startsAt = QDateTime(QDate(2026, 11, 29), QTime(0, 0), Qt::UTC);
    e.endsAt = e.startsAt.addDays(-1);
    QCOMPARE(e.validate().errorMessage(),
             u"major event '马拉松' ends (2026-11-28T00:00:00Z) before it starts (2026-11-29T00:00:00Z)"_s);
    e.endsAt = e.startsAt.addDays(1);
    QCOMPARE(e.validate().errorMessage(),
             u"major event '马拉松' needs a key area: jurisdiction codes, unit grids or a polygon"_s);
    e.areas = {JurisdictionCode::parse(u"310101"_s).value()};
    QCOMPARE(e.validate().errorMessage(),
             u"major event '马拉松' needs tighter limits: a factor or an explicit handling limit"_s);
    e.limitFactor = 1.5;
    QCOMPARE(e.validate().errorMessage(),
             u"the limit factor of major event '马拉松' is 1.5; it must lie between 0 "
             u"and 1 (e.g. 0.5 halves every limit)"_s);
    e.limitFactor = 0.5;
    QVERIFY(e.validate().ok());
}

QTEST_GUILESS_MAIN(TestEvaluationQuery)
#include "test_evaluationquery.moc"
