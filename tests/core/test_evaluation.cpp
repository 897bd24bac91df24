#include "core/evaluation.h"
#include "core/hotspot.h"

#include <QTest>

#include <cmath>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

class TestEvaluation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void supervisorScoreByHand();
    void unitScoreByHand();
    void termsWithNothingDueAreLeftOut();
    void nothingDueIsNoScore();
    void rates_data();
    void rates();
    void grades_data();
    void grades();
    void weightErrors();
    void giStarByHand();
    void giStarErrors();
    void giStarLargeIsFast();
};

void TestEvaluation::supervisorScoreByHand()
{
    IndicatorCounts c;
    c.reports = 20;
    c.reportsFiled = 16; // effective 0.8
    c.filedInGrids = 25;
    c.filedFromOthers = 5; // missed 0.2
    c.verifyDue = 10;
    c.verifyOnTime = 9; // 0.9
    c.checkDue = 8;
    c.checkOnTime = 6; // 0.75
    // 40 × 0.8 + 20 × (1 − 0.2) + 20 × 0.9 + 20 × 0.75 = 32 + 16 + 18 + 15 = 81
    const Score s = score(c, ScoreWeights::defaults(ScoreKind::Supervisor));
    QCOMPARE(s.points.value(), 81.0);
    QCOMPARE(s.grade, QChar(u'B'));
    QVERIFY(s.leftOut.isEmpty());
}

static IndicatorCounts unitCounts()
{
    IndicatorCounts c;
    c.handlingDue = 50;
    c.handled = 45;       // 0.9
    c.handledOnTime = 40; // 0.8
    c.closingDue = 40;
    c.reworked = 4;    // 0.1
    c.overdueOpen = 5; // 0.1
    c.extended = 10;   // 0.2
    return c;
}

void TestEvaluation::unitScoreByHand()
{
    // 30 × 0.9 + 20 × 0.8 + 20 × (1 − 0.1) + 20 × (1 − 0.1) + 10 × (1 − 0.2) = 27 + 16 + 18 + 18 + 8 = 87
    const Score s = score(unitCounts(), ScoreWeights::defaults(ScoreKind::ResponsibleUnit));
    QCOMPARE(s.points.value(), 87.0);
    QCOMPARE(s.grade, QChar(u'B'));
    // An area is scored by the same formula on the cases located in it.
    QCOMPARE(score(unitCounts(), ScoreWeights::defaults(ScoreKind::Area)).points.value(), 87.0);
}

void TestEvaluation::termsWithNothingDueAreLeftOut()
{
    IndicatorCounts c = unitCounts();
    c.closingDue = 0; // nothing due for closing: the rework term is left out and the rest rescaled
    c.reworked = 0;
    // (27 + 16 + 18 + 8) / 80 × 100 = 86.25
    const Score s = score(c, ScoreWeights::defaults(ScoreKind::ResponsibleUnit));
    QCOMPARE(s.points.value(), 86.25);
    QCOMPARE(s.leftOut, QList<Indicator>{Indicator::ReworkRate});
}

void TestEvaluation::nothingDueIsNoScore()
{
    const Score s = score(IndicatorCounts{}, ScoreWeights::defaults(ScoreKind::Supervisor));
    QVERIFY(!s.points.has_value());
    QVERIFY(s.grade.isNull());
    QCOMPARE(s.leftOut.size(), 4);
}

void TestEvaluation::rates_data()
{
    QTest::addColumn<QString>("indicator");
    QTest::addColumn<double>("expected"); // -1: not applicable
    QTest::newRow("effective report") << u"effective_report_rate"_s << 0.8;
    QTest::newRow("miss") << u"miss_rate"_s << 0.2;
    QTest::newRow("accurate filing") << u"accurate_filing_rate"_s << 0.75;
    QTest::newRow("accurate dispatch") << u"accurate_dispatch_rate"_s << 0.9;
    QTest::newRow("on-time closing") << u"on_time_closing_rate"_s << 0.5;
    QTest::newRow("nothing due") << u"on_time_accept_rate"_s << -1.0;
}

void TestEvaluation::rates()
{
    QFETCH(QString, indicator);
    QFETCH(double, expected);
    IndicatorCounts c;
    c.reports = 10;
    c.reportsFiled = 8;
    c.filedInGrids = 10;
    c.filedFromOthers = 2;
    c.filed = 4;
    c.filedLaterVoided = 1;
    c.dispatchDue = 10;
    c.dispatchedWrongUnit = 1;
    c.closingDue = 4;
    c.closedOnTime = 2;
    const auto r = rate(c, parseIndicator(indicator).value());
    if (expected < 0)
        QVERIFY(!r.has_value());
    else
        QCOMPARE(r.value(), expected);
    QCOMPARE(indicatorName(parseIndicator(indicator).value()), indicator);
}

void TestEvaluation::grades_data()
{
    QTest::addColumn<double>("points");
    QTest::addColumn<QString>("grade");
    QTest::newRow("100") << 100.0 << u"A"_s;
    QTest::newRow("90") << 90.0 << u"A"_s;
    QTest::newRow("89.99") << 89.99 << u"B"_s;
    QTest::newRow("75") << 75.0 << u"B"_s;
    QTest::newRow("74.99") << 74.99 << u"C"_s;
    QTest::newRow("60") << 60.0 << u"C"_s;
    QTest::newRow("59.99") << 59.99 << u"D"_s;
    QTest::newRow("40") << 40.0 << u"D"_s;
    QTest::newRow("39.99") << 39.99 << u"E"_s;
    QTest::newRow("0") << 0.0 << u"E"_s;
}

void TestEvaluation::grades()
{
    QFETCH(double, points);
    QFETCH(QString, grade);
    QCOMPARE(QString(gradeOf(points)), grade);
}

void TestEvaluation::weightErrors()
{
    QCOMPARE(
        ScoreWeights::make({{Indicator::HandlingRate, 60}, {Indicator::ReworkRate, 30, true}}).errorMessage(),
        u"the weights add up to 90; they must add up to 100"_s);
    QCOMPARE(
        ScoreWeights::make({{Indicator::HandlingRate, 100}, {Indicator::ReworkRate, 0, true}}).errorMessage(),
        u"the weight of rework_rate must be greater than 0, not 0"_s);
    QCOMPARE(
        ScoreWeights::make({{Indicator::HandlingRate, 50}, {Indicator::HandlingRate, 50}}).errorMessage(),
        u"handling_rate is weighted twice"_s);
    auto custom = ScoreWeights::make({{Indicator::HandlingRate, 50}, {Indicator::OnTimeHandlingRate, 50}});
    QVERIFY(custom.ok());
    QCOMPARE(score(unitCounts(), *custom).points.value(), 85.0); // 50 × 0.9 + 50 × 0.8
}

void TestEvaluation::giStarByHand()
{
    // Five cells in a row with values 1, 2, 10, 9, 1; each cell's neighbours are itself and the cells beside
    // it. n = 5, X̄ = 23 / 5 = 4.6, S = √(187 / 5 − 4.6²) = √16.24 = 4.0298883... Cell 2: Σ wx = 2 + 10 + 9 =
    // 21, Σ w = 3: (21 − 4.6 × 3) / (S √((5 × 3 − 3²) / 4)) = 7.2 / 4.9355... = 1.458794 Cell 0: Σ wx = 1 + 2
    // = 3, Σ w = 2: (3 − 9.2) / (S √((10 − 4) / 4)) = −6.2 / 4.9355... = −1.256183
    Neighbourhoods nb;
    nb.offsets = {0, 1, 3, 5, 7, 8};
    nb.indices = {1, 0, 2, 1, 3, 2, 4, 3}; // self left out: it is added
    auto gi = getisOrdGiStar({1, 2, 10, 9, 1}, nb);
    QVERIFY2(gi.ok(), qPrintable(gi.errorMessage()));
    const double expected[] = {-1.256183392633317, -0.16208817969462136, 1.4587936172515943,
                               1.2561833926333175, 0.16208817969462172};
    for (int i = 0; i < 5; ++i)
        QVERIFY2(std::abs((*gi)[size_t(i)].z - expected[i]) < 1e-9,
                 qPrintable(QString::number((*gi)[size_t(i)].z)));
    QVERIFY(std::abs((*gi)[2].p - 0.14462191989348072) < 1e-9);
    QCOMPARE((*gi)[2].hotSpot, HotSpotClass::NotSignificant);
    QCOMPARE(classify(1.7), HotSpotClass::HotSpot90);
    QCOMPARE(classify(-2.0), HotSpotClass::ColdSpot95);
    QCOMPARE(classify(2.6), HotSpotClass::HotSpot99);
}

void TestEvaluation::giStarErrors()
{
    Neighbourhoods nb;
    nb.offsets = {0, 1, 2, 3};
    nb.indices = {1, 7, 0};
    QCOMPARE(getisOrdGiStar({1, 2, 3}, nb).errorMessage(), u"Gi*: cell 1 has neighbour 7, outside 0–2"_s);
    nb.indices = {1, 0, 0};
    QCOMPARE(getisOrdGiStar({4, 4, 4}, nb).errorMessage(),
             u"Gi*: all 3 values are equal; there is no spot to find"_s);
    QCOMPARE(getisOrdGiStar({1, 2}, nb).errorMessage(), u"Gi*: 2 values but neighbourhoods for 3 cells"_s);
}

void TestEvaluation::giStarLargeIsFast()
{
    // A 300 × 300 lattice with rook neighbours and one hot block: the block's centre is a 99 % hot spot.
    const int side = 300;
    std::vector<double> values(size_t(side * side), 1.0);
    Neighbourhoods nb;
    nb.offsets.push_back(0);
    for (int r = 0; r < side; ++r) {
        for (int c = 0; c < side; ++c) {
            if (r > 0)
                nb.indices.push_back((r - 1) * side + c);
            if (c > 0)
                nb.indices.push_back(r * side + c - 1);
            if (c + 1 < side)
                nb.indices.push_back(r * side + c + 1);
            if (r + 1 < side)
                nb.indices.push_back((r + 1) * side + c);
            nb.offsets.push_back(int(nb.indices.size()));
            if (std::abs(r - 150) <= 2 && std::abs(c - 150) <= 2)
                values[size_t(r * side + c)] = 12;
        }
    }
    auto gi = getisOrdGiStar(values, nb);
    QVERIFY(gi.ok());
    QCOMPARE((*gi)[size_t(150 * side + 150)].hotSpot, HotSpotClass::HotSpot99);
    QCOMPARE((*gi)[0].hotSpot, HotSpotClass::NotSignificant);
}

QTEST_GUILESS_MAIN(TestEvaluation)
#include "test_evaluation.moc"
