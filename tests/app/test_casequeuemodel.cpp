// The case queue model: paging through the store thread, filters in SQL, counts per state, live refresh.
#include "session/sessionthread.h"
#include "ui/cases/caseformat.h"
#include "ui/cases/casequeuemodel.h"
#include "ui/cases/casequeuewidget.h"
#include "ui/cases/statecountmodel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

constexpr int DemoCases = 300;
constexpr int WaitMs = 60000;

template<typename T>
T waitFor(QFuture<T> future)
{
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), WaitMs);
    }();
    return future.result();
}

} // namespace

class TestCaseQueueModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pagingGivesEveryRowOnce();
    void filterByState_data();
    void filterByState();
    void filterByOverdueStep();
    void searchRunsInSql();
    void countsEqualDirectCounts_data();
    void countsEqualDirectCounts();
    void refreshAfterWriteKeepsSelection();
    void liveRefreshKeepsSelectedCase();
    void stateListAndComboAgree();
    void cleanupTestCase();

private:
    Actor user(const QString &login);
    // Loads every page of the model.
    void fetchAll(CaseQueueModel &model);
    // Direct counts per state from the store file, with an optional extra WHERE clause.
    QHash<QString, int> directCounts(const QString &where = {}, const QVariantList &values = {});
    CaseRecord reportCase(const Actor &actor, const CaseRecord &like, const QString &description);

    QTemporaryDir mDir;
    QString mStorePath;
    std::unique_ptr<SessionThread> mSession;
    std::unique_ptr<SqliteStore> mDirect; // a second connection, read only by this test
};

void TestCaseQueueModel::initTestCase()
{
    QVERIFY(mDir.isValid());
    mStorePath = mDir.filePath(u"queue.sqlite"_s);
    mSession = std::make_unique<SessionThread>();
    DemoOptions demo;
    demo.cases = DemoCases;
    const Status opened = waitFor(mSession->open(mStorePath, true, demo));
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    auto direct = SqliteStore::open(mStorePath, SqliteStore::OpenMode::MustExist);
    QVERIFY2(direct.ok(), qPrintable(direct.errorMessage()));
    mDirect = std::move(direct).value();
    QCOMPARE(directCounts().value(u"*"_s), DemoCases);
}

void TestCaseQueueModel::cleanupTestCase()
{
    mDirect.reset();
    mSession.reset();
}

Actor TestCaseQueueModel::user(const QString &login)
{
    const Result<Actor> actor =
        waitFor(mSession->run([login](Session &s) { return s.store().findUser(login); }));
    if (!actor)
        qFatal("demo user %s is missing: %s", qPrintable(login), qPrintable(actor.errorMessage()));
    return *actor;
}

void TestCaseQueueModel::fetchAll(CaseQueueModel &model)
{
    QSignalSpy reloaded(&model, &CaseQueueModel::reloaded);
    model.reload();
    QVERIFY(reloaded.wait(WaitMs));
    QSignalSpy pages(&model, &CaseQueueModel::pageLoaded);
    // Views (and QAbstractItemModelTester) call fetchMore too: wait out a page in flight before asking again.
    while (model.canFetchMore({}) || model.isLoading()) {
        const int before = model.rowCount();
        if (!model.isLoading()) {
            model.fetchMore({});
            QVERIFY(model.isLoading());
            QVERIFY(!model.canFetchMore({})); // one page at a time
        }
        QVERIFY(pages.wait(WaitMs));
        QVERIFY(model.rowCount() > before);
    }
    QVERIFY(model.errorString().isEmpty());
}

QHash<QString, int> TestCaseQueueModel::directCounts(const QString &where, const QVariantList &values)
{
    QSqlQuery q(mDirect->database());
    q.prepare(u"SELECT state, count(*) FROM cases"_s + (where.isEmpty() ? QString() : u" WHERE "_s + where) +
              u" GROUP BY state"_s);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        qFatal("direct count failed");
    QHash<QString, int> counts;
    int total = 0;
    while (q.next()) {
        counts.insert(q.value(0).toString(), q.value(1).toInt());
        total += q.value(1).toInt();
    }
    counts.insert(u"*"_s, total);
    return counts;
}

CaseRecord TestCaseQueueModel::reportCase(const Actor &actor, const CaseRecord &like,
                                          const QString &description)
{
    NewCaseRequest request;
    request.action = Action::Report;
    request.source = CaseSource::Patrol;
    request.classKey = like.classKey;
    request.grid = like.grid;
    request.longitude = like.longitude;
    request.latitude = like.latitude;
    request.address = like.address;
    request.description = description;
    const Result<CaseRecord> created =
        waitFor(mSession->run([actor, request](Session &s) { return s.cases().report(actor, request); }));
    if (!created)
        qFatal("report failed: %s", qPrintable(created.errorMessage()));
    return *created;
}

void TestCaseQueueModel::pagingGivesEveryRowOnce()
{
    CaseQueueModel model(mSession.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setActor(user(u"city.inspector"_s)); // the city sees every case
    model.setPageSize(64);
    fetchAll(model);
    if (QTest::currentTestFailed())
        return;

    QCOMPARE(model.rowCount(), DemoCases);
    QSet<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row) {
        const qint64 id = model.index(row, 0).data(CaseQueueModel::CaseIdRole).toLongLong();
        QVERIFY2(!ids.contains(id), qPrintable(u"case %1 appears twice"_s.arg(id)));
        ids.insert(id);
        if (row > 0) { // newest first
            const CaseRecord &previous = model.caseAt(row - 1);
            const CaseRecord &current = model.caseAt(row);
            QVERIFY(previous.reportedAt > current.reportedAt ||
                    (previous.reportedAt == current.reportedAt && previous.id > current.id));
        }
    }
    QCOMPARE(ids.size(), DemoCases);
    QVERIFY(!model.canFetchMore({}));
}

void TestCaseQueueModel::filterByState_data()
{
    QTest::addColumn<CaseState>("state");
    QTest::newRow("closed") << CaseState::Closed;
    QTest::newRow("dispatched") << CaseState::Dispatched;
    QTest::newRow("rejected") << CaseState::Rejected;
    QTest::newRow("filed (maybe none)") << CaseState::Filed;
}

void TestCaseQueueModel::filterByState()
{
    QFETCH(CaseState, state);
    CaseQueueModel model(mSession.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setActor(user(u"city.inspector"_s));
    model.setPageSize(50);
    CaseFilter filter;
    filter.state = state;
    model.setFilter(filter);
    fetchAll(model);
    if (QTest::currentTestFailed())
        return;

    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.caseAt(row).state, state);
    QCOMPARE(model.rowCount(), directCounts().value(stateName(state)));
}

void TestCaseQueueModel::filterByOverdueStep()
{
    const Actor actor = user(u"city.inspector"_s);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QHash<QString, int> late =
        directCounts(u"step <> 'none' AND step_due_at < ?"_s, {now.toMSecsSinceEpoch()});
    QVERIFY2(late.value(u"*"_s) > 0, "the demo city should have late cases");

    CaseQueueModel model(mSession.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setActor(actor);
    CaseFilter filter;
    filter.overdueOnly = true;
    model.setFilter(filter);
    fetchAll(model);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(model.rowCount() >= late.value(u"*"_s)); // cases may turn late while the test runs
    for (int row = 0; row < model.rowCount(); ++row) {
        const CaseRecord &c = model.caseAt(row);
        QVERIFY(c.step != Step::None);
        QVERIFY(c.stepDueAt < QDateTime::currentDateTimeUtc());
        QCOMPARE(model.index(row, CaseQueueModel::StepColumn).data(CaseQueueModel::DeadlineLightRole).toInt(),
                 int(DeadlineLight::Red));
    }

    // One given step: only cases late in that step.
    const Step step = model.caseAt(0).step;
    filter.overdueOnly = false;
    filter.overdueStep = step;
    model.setFilter(filter);
    fetchAll(model);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(model.rowCount() > 0);
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(model.caseAt(row).step, step);
        QVERIFY(model.caseAt(row).stepDueAt < QDateTime::currentDateTimeUtc());
    }
}

void TestCaseQueueModel::searchRunsInSql()
{
    CaseQueueModel model(mSession.get());
    model.setActor(user(u"city.inspector"_s));
    fetchAll(model);
    if (QTest::currentTestFailed())
        return;
    const QString number = model.caseAt(17).number;
    CaseFilter filter;
    filter.search = number;
    model.setFilter(filter);
    fetchAll(model);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.caseAt(0).number, number);
}

void TestCaseQueueModel::countsEqualDirectCounts_data()
{
    QTest::addColumn<QString>("login");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QVariantList>("values");
    QTest::newRow("city") << u"city.inspector"_s << QString() << QVariantList();
    QTest::newRow("district 310101") << u"hp.dispatcher"_s << u"district_code = ?"_s
                                     << QVariantList{u"310101"_s};
    QTest::newRow("district 310106") << u"ja.acceptor"_s << u"district_code = ?"_s
                                     << QVariantList{u"310106"_s};
}

void TestCaseQueueModel::countsEqualDirectCounts()
{
    QFETCH(QString, login);
    QFETCH(QString, where);
    QFETCH(QVariantList, values);
    StateCountModel counts(mSession.get());
    QAbstractItemModelTester tester(&counts, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&counts, &StateCountModel::countsChanged);
    counts.setQuery(CaseQueueModel::scopeQuery(user(login)));
    QVERIFY(changed.wait(WaitMs));

    const QHash<QString, int> direct = directCounts(where, values);
    QVERIFY(direct.value(u"*"_s) > 0);
    QCOMPARE(counts.total(), direct.value(u"*"_s));
    QCOMPARE(counts.index(0, StateCountModel::CountColumn).data().toInt(), direct.value(u"*"_s));
    for (int s = int(CaseState::Reported); s < CaseStateCount; ++s) {
        const CaseState state = CaseState(s);
        QCOMPARE(counts.count(state), direct.value(stateName(state)));
        const int row = counts.rowOf(state);
        QCOMPARE(counts.stateAt(row), std::optional<CaseState>(state));
        QCOMPARE(counts.index(row, StateCountModel::CountColumn).data(StateCountModel::CountRole).toInt(),
                 direct.value(stateName(state)));
    }
}

void TestCaseQueueModel::refreshAfterWriteKeepsSelection()
{
    const Actor acceptor = user(u"hp.acceptor"_s);
    CaseQueueModel model(mSession.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setActor(acceptor);
    fetchAll(model);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(model.rowCount() > 0);
    const CaseRecord like = model.caseAt(0);

    CaseFilter filter;
    filter.state = CaseState::Reported;
    model.setFilter(filter);
    fetchAll(model);
    if (QTest::currentTestFailed())
        return;
    const int before = model.rowCount();

    const CaseRecord first = reportCase(acceptor, like, u"queue test: first new case"_s);
    const CaseRecord second = reportCase(acceptor, like, u"queue test: second new case"_s);
    QSignalSpy refreshed(&model, &CaseQueueModel::refreshed);
    model.refresh();
    QVERIFY(refreshed.wait(WaitMs));
    QCOMPARE(model.rowCount(), before + 2);
    QCOMPARE(model.caseId(0), second.id); // newest first
    QCOMPARE(model.caseId(1), first.id);

    // Select the first new case, then take the second out of the "reported" queue.
    QItemSelectionModel selection(&model);
    selection.setCurrentIndex(model.index(1, 0),
                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    ActionRequest accept;
    accept.caseId = second.id;
    accept.expectedVersion = second.version;
    accept.action = Action::Accept;
    const Result<CaseRecord> accepted =
        waitFor(mSession->run([acceptor, accept](Session &s) { return s.cases().apply(acceptor, accept); }));
    QVERIFY2(accepted.ok(), qPrintable(accepted.errorMessage()));

    model.refresh();
    QVERIFY(refreshed.wait(WaitMs));
    QCOMPARE(model.rowCount(), before + 1);
    QCOMPARE(model.rowOfCase(second.id), -1);
    QVERIFY(selection.currentIndex().isValid());
    QCOMPARE(selection.currentIndex().row(), 0);
    QCOMPARE(selection.currentIndex().data(CaseQueueModel::CaseIdRole).toLongLong(), first.id);
    QCOMPARE(selection.selectedRows().size(), 1);
    QCOMPARE(selection.selectedRows().constFirst().data(CaseQueueModel::CaseIdRole).toLongLong(), first.id);
}

void TestCaseQueueModel::liveRefreshKeepsSelectedCase()
{
    // The real path: a write, the session thread's change notice, the widget's refresh.
    const Actor acceptor = user(u"hp.acceptor"_s);
    CaseQueueWidget widget(mSession.get());
    widget.resize(1200, 600);
    widget.setActor(acceptor);
    QSignalSpy reloaded(widget.model(), &CaseQueueModel::reloaded);
    widget.reload();
    QVERIFY(reloaded.wait(WaitMs));
    QVERIFY(widget.model()->rowCount() > 5);
    QTRY_VERIFY_WITH_TIMEOUT(widget.counts()->hasCounts(), WaitMs);
    const int totalBefore = widget.counts()->total();

    widget.selectRow(3);
    const qint64 selected = widget.currentCaseId();
    QVERIFY(selected > 0);
    QSignalSpy currentChanged(&widget, &CaseQueueWidget::currentCaseChanged);
    const int scroll = widget.view()->verticalScrollBar() ? widget.view()->verticalScrollBar()->value() : 0;

    const CaseRecord created = reportCase(acceptor, widget.model()->caseAt(0), u"queue test: live refresh"_s);
    mSession->notifyLocalChange();
    // Change notices of earlier writes may refresh first; wait for the one that brings the new case.
    QTRY_COMPARE_WITH_TIMEOUT(widget.model()->rowOfCase(created.id), 0, WaitMs);
    QCOMPARE(widget.currentCaseId(), selected);
    QCOMPARE(widget.model()->rowOfCase(selected), 4); // one new case above it
    QCOMPARE(widget.view()->selectionModel()->currentIndex().row(), 4);
    QCOMPARE(currentChanged.count(), 0);
    QCOMPARE(widget.view()->verticalScrollBar()->value(), scroll);
    QTRY_COMPARE_WITH_TIMEOUT(widget.counts()->total(), totalBefore + 1, WaitMs);
}

void TestCaseQueueModel::stateListAndComboAgree()
{
    CaseQueueWidget widget(mSession.get());
    widget.setActor(user(u"city.inspector"_s));
    QSignalSpy reloaded(widget.model(), &CaseQueueModel::reloaded);
    widget.reload();
    QVERIFY(reloaded.wait(WaitMs));
    auto *combo = widget.findChild<QComboBox *>(u"stateFilter"_s);
    auto *list = widget.findChild<QTreeView *>(u"stateCounts"_s);
    QVERIFY(combo && list);
    QCOMPARE(list->currentIndex().row(), 0); // "all states"

    // The combo filters the queue (in SQL) and moves the list.
    combo->setCurrentIndex(combo->findData(int(CaseState::Closed)));
    QVERIFY(reloaded.wait(WaitMs));
    QCOMPARE(widget.model()->filter().state, std::optional<CaseState>(CaseState::Closed));
    QCOMPARE(list->currentIndex().row(), widget.counts()->rowOf(CaseState::Closed));
    QCOMPARE(widget.model()->caseAt(0).state, CaseState::Closed);

    // A row of the list sets the combo and the filter.
    list->setCurrentIndex(widget.counts()->index(widget.counts()->rowOf(CaseState::Dispatched), 0));
    QCOMPARE(combo->currentData().toInt(), int(CaseState::Dispatched));
    QVERIFY(reloaded.wait(WaitMs));
    QCOMPARE(widget.model()->filter().state, std::optional<CaseState>(CaseState::Dispatched));
    for (int row = 0; row < widget.model()->rowCount(); ++row)
        QCOMPARE(widget.model()->caseAt(row).state, CaseState::Dispatched);
}

QTEST_MAIN(TestCaseQueueModel)
#include "test_casequeuemodel.moc"
