// The probable-duplicates panel: its model under QAbstractItemModelTester, read in the store thread; merge
// and separate from the panel; buttons only for acceptors; double-click opens the report.

#include "session/sessionthread.h"
#include "support/testworld.h"
#include "ui/duplicates/duplicatesmodel.h"
#include "ui/duplicates/duplicatespanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace cg;
using namespace cg::test;
using namespace Qt::Literals::StringLiterals;

namespace {

Result<CaseRecord> reportAt(TestWorld &w, double latitudeOffset)
{
    NewCaseRequest r;
    r.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    r.grid = UnitGridCode::parse(u"310101002001001"_s).value();
    r.description = u"路边有成堆垃圾"_s;
    r.longitude = 121.4705;
    r.latitude = 31.2304 + latitudeOffset;
    return w.service().report(w.actor(u"sup"_s), r);
}

} // namespace

class TestDuplicatesPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        mWorld = std::make_unique<TestWorld>();
        QVERIFY(mWorld->open());
        auto main = reportAt(*mWorld, 0);
        auto a = reportAt(*mWorld, 0.0001);   // about 11 m north
        auto b = reportAt(*mWorld, -0.0002);  // about 22 m south
        auto far = reportAt(*mWorld, 0.0008); // about 89 m: no duplicate
        QVERIFY(main.ok() && a.ok() && b.ok() && far.ok());
        mMain = *main;
        mA = *a;
        mB = *b;
        mActors = mWorld->actors;
        mWorld->session.reset(); // the panel's session thread opens the store itself
        mSession = std::make_unique<SessionThread>();
        auto opened = mSession->open(mWorld->path(), false);
        QTRY_VERIFY_WITH_TIMEOUT(opened.isFinished(), 20000);
        QVERIFY2(opened.result().ok(), qPrintable(opened.result().errorMessage()));
    }

    void cleanup()
    {
        mSession.reset();
        mWorld.reset();
    }

    void modelListsPendingLinksNewestFirst()
    {
        DuplicatesModel model(mSession.get(), mActors.value(u"acceptor"_s));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reloaded(&model, &DuplicatesModel::reloaded);
        model.reload();
        QVERIFY(reloaded.wait(10000));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(DuplicatesModel::ColumnCount));
        QCOMPARE(model.data(model.index(0, DuplicatesModel::ReportColumn)).toString(), mB.number);
        QCOMPARE(model.data(model.index(0, DuplicatesModel::ReportColumn), DuplicatesModel::CaseIdRole)
                     .toLongLong(),
                 mB.id);
        QCOMPARE(model.data(model.index(0, DuplicatesModel::MainColumn), DuplicatesModel::MainCaseIdRole)
                     .toLongLong(),
                 mMain.id);
        QCOMPARE(model.data(model.index(0, DuplicatesModel::MainColumn)).toString(),
                 u"%1 (Reported)"_s.arg(mMain.number));
        QCOMPARE(model.data(model.index(1, DuplicatesModel::ReportColumn)).toString(), mA.number);
        QCOMPARE(model.data(model.index(1, DuplicatesModel::DistanceColumn)).toString(), u"11.1 m"_s);
        QCOMPARE(model.data(model.index(0, DuplicatesModel::DistanceColumn)).toString(), u"22.2 m"_s);
        QCOMPARE(model.data(model.index(0, DuplicatesModel::ClassColumn)).toString(), u"event/06010"_s);
        QCOMPARE(model.data(model.index(0, DuplicatesModel::DetectedColumn)).toString(),
                 u"2026-11-23 09:00"_s);
        QCOMPARE(model.data(model.index(0, DuplicatesModel::StateColumn)).toString(), u"Pending"_s);
        QCOMPARE(
            model.data(model.index(0, DuplicatesModel::StateColumn), DuplicatesModel::StateRole).toString(),
            u"pending"_s);
        QCOMPARE(model.headerData(DuplicatesModel::MainColumn, Qt::Horizontal).toString(), u"Main case"_s);

        // Merge the first row: it leaves the pending list, shows under merged.
        QSignalSpy decided(&model, &DuplicatesModel::decided);
        model.merge(0);
        QVERIFY(decided.wait(10000));
        QCOMPARE(decided.at(0).at(0).toLongLong(), mB.id);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 10000);
        QCOMPARE(model.data(model.index(0, DuplicatesModel::ReportColumn)).toString(), mA.number);
        model.setStateFilter(DuplicateState::Merged);
        QVERIFY(reloaded.wait(10000));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, DuplicatesModel::StateColumn)).toString(), u"Merged"_s);
        auto state = mSession->run([id = mB.id](Session &s) { return s.store().findCase(id); });
        QTRY_VERIFY_WITH_TIMEOUT(state.isFinished(), 10000);
        QCOMPARE(state.result()->state, CaseState::Rejected);

        // Every state: both links.
        model.setStateFilter(std::nullopt);
        QVERIFY(reloaded.wait(10000));
        QCOMPARE(model.rowCount(), 2);
    }

    void refusalsComeBackAsMessages()
    {
        DuplicatesModel model(mSession.get(), mActors.value(u"sup"_s));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reloaded(&model, &DuplicatesModel::reloaded);
        model.reload();
        QVERIFY(reloaded.wait(10000));
        QCOMPARE(model.rowCount(), 2); // a supervisor of the street sees them
        QSignalSpy failed(&model, &DuplicatesModel::actionFailed);
        model.separate(0);
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.at(0).at(0).toString(),
                 u"only an acceptor may separate a probable duplicate (you are supervisor)"_s);
    }

    void panelButtonsAndActivation()
    {
        DuplicatesPanel panel(mSession.get(), mActors.value(u"acceptor"_s));
        QCOMPARE(panel.objectName(), u"duplicatesPanel"_s);
        auto *merge = panel.findChild<QPushButton *>(u"duplicatesMerge"_s);
        auto *separate = panel.findChild<QPushButton *>(u"duplicatesSeparate"_s);
        QVERIFY(merge && separate);
        QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 2, 10000);
        QVERIFY(!merge->isEnabled()); // nothing selected
        panel.view()->selectRow(1);
        QVERIFY(merge->isEnabled() && separate->isEnabled());

        QSignalSpy activated(&panel, &DuplicatesPanel::caseActivated);
        Q_EMIT panel.view()->doubleClicked(panel.model()->index(1, 0));
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).toLongLong(), mA.id);

        separate->click();
        QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 1, 10000);
        QCOMPARE(panel.findChild<QLabel *>(u"duplicatesStatus"_s)->text(), u"Kept as a case of its own."_s);
        QCOMPARE(panel.model()->entryAt(0).link.caseId, mB.id);

        DuplicatesPanel readOnly(mSession.get(), mActors.value(u"sup"_s));
        QTRY_COMPARE_WITH_TIMEOUT(readOnly.model()->rowCount(), 1, 10000);
        readOnly.view()->selectRow(0);
        QVERIFY(!readOnly.findChild<QPushButton *>(u"duplicatesMerge"_s)->isEnabled());
    }

private:
    std::unique_ptr<TestWorld> mWorld;
    std::unique_ptr<SessionThread> mSession;
    QHash<QString, Actor> mActors;
    CaseRecord mMain, mA, mB;
};

QTEST_MAIN(TestDuplicatesPanel)
#include "test_duplicatespanel.moc"
