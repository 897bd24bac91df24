// The evaluation dock: its model under QAbstractItemModelTester with hand-made rows, and the panel over a
// demo city (offscreen): the leader's district streets for this month, drill-down to communities, grids and
// the cases of a grid, caseActivated, and back up.
#include "session/sessionthread.h"
#include "ui/evaluation/evaluationmodel.h"
#include "ui/evaluation/evaluationpanel.h"

#include <QAbstractItemModelTester>
#include <QListWidget>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

constexpr int WaitMs = 120000;

template<typename T>
T waitFor(QFuture<T> future)
{
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), WaitMs);
    }();
    return future.result();
}

EvaluationRow row(const QString &subject, const QString &name, double points, int rank,
                  std::optional<double> change)
{
    EvaluationRow r;
    r.kind = SubjectKind::Street;
    r.subject = subject;
    r.name = name;
    r.counts.handlingDue = 4;
    r.counts.handled = 3;
    r.score.points = points;
    r.score.grade = gradeOf(points);
    r.score.leftOut = {Indicator::ReworkRate};
    r.rank = rank;
    r.change = change;
    if (change)
        r.previousRank = rank + 1;
    return r;
}

} // namespace

class TestEvaluationPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelShowsRanksGradesChangeAndRates();
    void panelDrillsDownToCases();
};

void TestEvaluationPanel::modelShowsRanksGradesChangeAndRates()
{
    EvaluationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(EvaluationModel::FirstRate));
    model.setRows({row(u"310101002"_s, u"南京东路街道"_s, 92.5, 1, 2.25),
                   row(u"310101013"_s, u"外滩街道"_s, 71, 2, -3),
                   row(u"310101015"_s, u"半淞园路街道"_s, 71, 2, std::nullopt)},
                  {Indicator::HandlingRate, Indicator::ReworkRate});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(EvaluationModel::FirstRate) + 2);
    auto text = [&](int r, int c) {
        return model.data(model.index(r, c)).toString();
    };
    QCOMPARE(text(0, EvaluationModel::Rank), u"1"_s);
    QCOMPARE(text(0, EvaluationModel::Name), u"南京东路街道"_s);
    QCOMPARE(text(0, EvaluationModel::Subject), u"310101002"_s);
    QCOMPARE(text(0, EvaluationModel::Points), u"92.50"_s);
    QCOMPARE(text(0, EvaluationModel::Grade), u"A"_s);
    QCOMPARE(text(0, EvaluationModel::Change), u"+2.25"_s);
    QCOMPARE(text(0, EvaluationModel::PreviousRank), u"2"_s);
    QCOMPARE(text(1, EvaluationModel::Grade), u"C"_s);
    QCOMPARE(text(1, EvaluationModel::Change), u"-3.00"_s);
    QCOMPARE(text(2, EvaluationModel::Rank), u"2"_s); // equal points, equal rank
    QCOMPARE(text(2, EvaluationModel::Change), u"-"_s);
    QCOMPARE(text(2, EvaluationModel::PreviousRank), u"-"_s);
    QCOMPARE(text(0, EvaluationModel::FirstRate), u"75.0%"_s);   // 3 of 4 handled
    QCOMPARE(text(0, EvaluationModel::FirstRate + 1), u"n/a"_s); // nothing due for closing
    QCOMPARE(model.headerData(EvaluationModel::FirstRate, Qt::Horizontal).toString(),
             indicatorLabel(Indicator::HandlingRate));
    QCOMPARE(model.data(model.index(1, 0), EvaluationModel::SubjectRole).toString(), u"310101013"_s);
    QCOMPARE(model.data(model.index(1, 0), EvaluationModel::PointsRole).toDouble(), 71.0);
    QVERIFY(model.data(model.index(0, EvaluationModel::Points), Qt::ToolTipRole)
                .toString()
                .contains(indicatorLabel(Indicator::ReworkRate)));
    QVERIFY(model.rowAt(3) == nullptr);
    model.setRows({}, {});
    QCOMPARE(model.rowCount(), 0);
}

void TestEvaluationPanel::panelDrillsDownToCases()
{
    QTemporaryDir dir;
    SessionThread session;
    DemoOptions demo;
    demo.cases = 400;
    const Status opened = waitFor(session.open(dir.filePath(u"demo.sqlite"_s), true, demo));
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    const Result<Actor> leader =
        waitFor(session.run([](Session &s) { return s.store().findUser(u"hp.leader"_s); }));
    QVERIFY(leader.ok());

    EvaluationPanel panel(&session, *leader);
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&panel, &EvaluationPanel::loaded);
    QSignalSpy activated(&panel, &EvaluationPanel::caseActivated);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, WaitMs);
    QCOMPARE(panel.query().kind, SubjectKind::Street);
    QCOMPARE(panel.query().scope.text(), u"310101"_s);
    QCOMPARE(panel.query().period,
             Period::containing(PeriodKind::Month, beijingDate(QDateTime::currentDateTimeUtc())));
    QVERIFY(panel.model()->rowCount() > 0);
    for (const EvaluationRow &r : panel.model()->rows())
        QVERIFY2(r.subject.startsWith(u"310101"_s) && r.subject.size() == 9, qPrintable(r.subject));

    // Street → its communities.
    const QString street = panel.model()->rows().first().subject;
    loaded.clear();
    panel.drillDown(0);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, WaitMs);
    QCOMPARE(panel.query().kind, SubjectKind::Community);
    QCOMPARE(panel.query().scope.text(), street);
    QVERIFY(panel.model()->rowCount() > 0);
    for (const EvaluationRow &r : panel.model()->rows())
        QVERIFY(r.subject.startsWith(street));

    // Community → its grids → the cases of the first grid.
    loaded.clear();
    panel.drillDown(0);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, WaitMs);
    QCOMPARE(panel.query().kind, SubjectKind::UnitGrid);
    QVERIFY(panel.model()->rowCount() > 0);
    const QString grid = panel.model()->rows().first().subject;
    loaded.clear();
    panel.drillDown(0);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, WaitMs);
    QVERIFY(panel.caseList()->count() > 0);
    const qint64 first = panel.caseList()->item(0)->data(Qt::UserRole).toLongLong();
    const Result<CaseRecord> c =
        waitFor(session.run([first](Session &s) { return s.store().findCase(first); }));
    QVERIFY(c.ok());
    QCOMPARE(c->grid.text(), grid);
    Q_EMIT panel.caseList()->itemActivated(panel.caseList()->item(0));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().toLongLong(), first);

    // Up: back to the street's communities, then to the district's streets, and no further.
    loaded.clear();
    panel.drillUp();
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, WaitMs);
    QCOMPARE(panel.query().kind, SubjectKind::Community);
    QCOMPARE(panel.query().scope.text(), street);
    loaded.clear();
    panel.drillUp();
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, WaitMs);
    QCOMPARE(panel.query().kind, SubjectKind::Street);
    QCOMPARE(panel.query().scope.text(), u"310101"_s);
    panel.drillUp(); // the leader's own district: no further
    QCOMPARE(panel.query().scope.text(), u"310101"_s);
}

QTEST_MAIN(TestEvaluationPanel)
#include "test_evaluationpanel.moc"
