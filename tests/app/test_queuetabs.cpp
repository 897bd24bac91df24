// The queue tabs and their live counts, the SQL filters and orders of the queue, bulk actions through the
// case service, and a live update that keeps the selection and the scroll position.
#include "session/sessionthread.h"
#include "ui/cases/bulkaction.h"
#include "ui/cases/casequeuemodel.h"
#include "ui/cases/casequeuewidget.h"
#include "ui/cases/queuetabmodel.h"
#include "ui/cases/queuetabs.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

constexpr int DemoCases = 400;
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

class TestQueueTabs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void taskStatesFollowTheWorkflowTable();
    void tabCountsEqualDirectCounts();
    void tabRowsMatchTheirCounts_data();
    void tabRowsMatchTheirCounts();
    void filtersRunInSql_data();
    void filtersRunInSql();
    void ordersPageEveryRowOnce_data();
    void ordersPageEveryRowOnce();
    void bulkDispatchMixed();
    void bulkUrgeMixedAndCancel();
    void liveUpdateKeepsSelectionAndScroll();
    void cleanupTestCase();

private:
    Actor user(const QString &login);
    void fetchAll(CaseQueueModel &model);
    int directCount(const QString &where, const QVariantList &values = {});
    CaseRecord apply(const Actor &actor, qint64 caseId, Action action, qint64 unit = 0);
    // A new case of hp.sup1 taken through accept and file: waits for dispatch.
    CaseRecord newFiledCase(const QString &description);

    QTemporaryDir mDir;
    std::unique_ptr<SessionThread> mSession;
    std::unique_ptr<SqliteStore> mDirect;
};

void TestQueueTabs::initTestCase()
{
    QVERIFY(mDir.isValid());
    const QString path = mDir.filePath(u"tabs.sqlite"_s);
    mSession = std::make_unique<SessionThread>();
    DemoOptions demo;
    demo.cases = DemoCases;
    const Status opened = waitFor(mSession->open(path, true, demo));
    QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
    auto direct = SqliteStore::open(path, SqliteStore::OpenMode::MustExist);
    QVERIFY2(direct.ok(), qPrintable(direct.errorMessage()));
    mDirect = std::move(direct).value();
    QCOMPARE(directCount(QString()), DemoCases);
}

void TestQueueTabs::cleanupTestCase()
{
    mDirect.reset();
    mSession.reset();
}

Actor TestQueueTabs::user(const QString &login)
{
    const Result<Actor> actor =
        waitFor(mSession->run([login](Session &s) { return s.store().findUser(login); }));
    if (!actor)
        qFatal("demo user %s is missing: %s", qPrintable(login), qPrintable(actor.errorMessage()));
    return *actor;
}

void TestQueueTabs::fetchAll(CaseQueueModel &model)
{
    QSignalSpy reloaded(&model, &CaseQueueModel::reloaded);
    model.reload();
    QVERIFY(reloaded.wait(WaitMs));
    QSignalSpy pages(&model, &CaseQueueModel::pageLoaded);
    while (model.canFetchMore({}) || model.isLoading()) {
        if (!model.isLoading())
            model.fetchMore({});
        QVERIFY(pages.wait(WaitMs));
    }
    QVERIFY(model.errorString().isEmpty());
}

int TestQueueTabs::directCount(const QString &where, const QVariantList &values)
{
    QSqlQuery q(mDirect->database());
    q.prepare(u"SELECT count(*) FROM cases"_s + (where.isEmpty() ? QString() : u" WHERE "_s + where));
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec() || !q.next())
        qFatal("direct count failed: %s", qPrintable(where));
    return q.value(0).toInt();
}

CaseRecord TestQueueTabs::apply(const Actor &actor, qint64 caseId, Action action, qint64 unit)
{
    const Result<CaseRecord> done = waitFor(mSession->run([=](Session &s) -> Result<CaseRecord> {
        auto record = s.store().findCase(caseId);
        if (!record)
            return record.error();
        ActionRequest r;
        r.caseId = caseId;
        r.expectedVersion = record->version;
        r.action = action;
        r.unitId = unit;
        return s.cases().apply(actor, r);
    }));
    if (!done)
        qFatal("%s failed: %s", qPrintable(actionName(action)), qPrintable(done.errorMessage()));
    return *done;
}

CaseRecord TestQueueTabs::newFiledCase(const QString &description)
{
    const Actor sup = user(u"hp.sup1"_s);
    const Result<CaseRecord> like = waitFor(mSession->run([](Session &s) -> Result<CaseRecord> {
        CaseQuery q;
        q.scope = JurisdictionCode::parse(u"310101002"_s).value(); // hp.sup1's street
        q.limit = 1;
        auto page = s.store().casePage(q);
        if (!page)
            return page.error();
        return page->rows.value(0);
    }));
    NewCaseRequest request;
    request.action = Action::Report;
    request.source = CaseSource::Patrol;
    request.classKey = like->classKey;
    request.grid = like->grid;
    request.longitude = like->longitude;
    request.latitude = like->latitude;
    request.address = like->address;
    request.description = description;
    const Result<CaseRecord> created =
        waitFor(mSession->run([sup, request](Session &s) { return s.cases().report(sup, request); }));
    if (!created)
        qFatal("report failed: %s", qPrintable(created.errorMessage()));
    apply(user(u"hp.acceptor"_s), created->id, Action::Accept);
    return apply(user(u"hp.shift"_s), created->id, Action::File);
}

void TestQueueTabs::taskStatesFollowTheWorkflowTable()
{
    bool extensions = false;
    QCOMPARE(QueueTabs::taskStates(Role::Dispatcher, &extensions),
             (QList<CaseState>{CaseState::Filed, CaseState::ReturnRequested, CaseState::ParkRequested,
                               CaseState::Parked}));
    QVERIFY(extensions);
    QCOMPARE(QueueTabs::taskStates(Role::ShiftLeader, &extensions),
             (QList<CaseState>{CaseState::Accepted, CaseState::VoidRequested, CaseState::CheckPassed}));
    QVERIFY(!extensions);
    QCOMPARE(QueueTabs::taskStates(Role::Supervisor, &extensions),
             (QList<CaseState>{CaseState::Verifying, CaseState::Checking}));
    // An inspector has no step of his own: his tasks are what is late.
    CaseQuery q;
    QueueTabs::apply(QueueTab::MyTasks, Role::Inspector, q, QDateTime::currentDateTimeUtc());
    QVERIFY(q.states.isEmpty());
    QVERIFY(q.overdueOnly);
    // The requests tab lists the extension requests of dispatched cases too.
    QueueTabs::apply(QueueTab::Requests, Role::Dispatcher, q, QDateTime::currentDateTimeUtc());
    QVERIFY(q.orExtensionPending);
    QCOMPARE(q.states, (QList<CaseState>{CaseState::ReturnRequested, CaseState::VoidRequested,
                                         CaseState::ParkRequested}));
    QCOMPARE(QueueTabs::name(QueueTab::KeySupervision), u"key_supervision"_s);
}

void TestQueueTabs::tabCountsEqualDirectCounts()
{
    const Actor dispatcher = user(u"hp.dispatcher"_s);
    QueueTabModel tabs(mSession.get());
    QAbstractItemModelTester tester(&tabs, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tabs.setActor(dispatcher);
    QSignalSpy refreshed(&tabs, &QueueTabModel::refreshed);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    tabs.setFilter({});
    QVERIFY(refreshed.wait(WaitMs));
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(tabs.rowCount(), QueueTabCount);

    const QString d = u"district_code = '310101'"_s;
    const QString open = u"state NOT IN ('rejected', 'closed', 'voided')"_s;
    QCOMPARE(tabs.count(QueueTab::All), directCount(d));
    QCOMPARE(tabs.count(QueueTab::ToAccept),
             directCount(d + u" AND state IN ('reported', 'self_disposed')"_s));
    QCOMPARE(tabs.count(QueueTab::ToVerify), directCount(d + u" AND state = 'verifying'"_s));
    QCOMPARE(tabs.count(QueueTab::ToFile), directCount(d + u" AND state = 'accepted'"_s));
    QCOMPARE(tabs.count(QueueTab::ToDispatch), directCount(d + u" AND state = 'filed'"_s));
    QCOMPARE(tabs.count(QueueTab::InHandling), directCount(d + u" AND state IN ('dispatched', 'parked')"_s));
    QCOMPARE(tabs.count(QueueTab::Requests),
             directCount(d + u" AND (state IN ('return_requested', 'void_requested', 'park_requested') "
                             u"OR extension_pending = 1)"_s));
    QCOMPARE(tabs.count(QueueTab::ToCheck),
             directCount(d + u" AND state IN ('handled', 'checking', 'check_failed')"_s));
    QCOMPARE(tabs.count(QueueTab::ToClose), directCount(d + u" AND state = 'check_passed'"_s));
    QCOMPARE(tabs.count(QueueTab::KeySupervision),
             directCount(d + u" AND key_supervision = 1 AND "_s + open));
    QCOMPARE(tabs.count(QueueTab::HardCases), directCount(d + u" AND hard_case = 1 AND "_s + open));
    QCOMPARE(tabs.count(QueueTab::MyTasks),
             directCount(d + u" AND (state IN ('filed', 'return_requested', 'park_requested', 'parked') "
                             u"OR extension_pending = 1)"_s));
    // Time-dependent tabs: between the counts at the start and at the end of the question.
    const QString late = d + u" AND step <> 'none' AND step_due_at < ?"_s;
    const int lateBefore = directCount(late, {before}), lateAfter = directCount(late, {after});
    QVERIFY(lateBefore > 0);
    QVERIFY(tabs.count(QueueTab::Overdue) >= lateBefore && tabs.count(QueueTab::Overdue) <= lateAfter);
    const qint64 window = qint64(NearDueMinutes) * 60 * 1000;
    const QString near = d + u" AND step <> 'none' AND step_due_at >= ? AND step_due_at < ?"_s;
    const int nearBefore = directCount(near, {after, before + window});
    const int nearAfter = directCount(near, {before, after + window});
    QVERIFY(tabs.count(QueueTab::NearDue) >= nearBefore && tabs.count(QueueTab::NearDue) <= nearAfter);
    QCOMPARE(tabs.index(int(QueueTab::ToDispatch)).data(QueueTabModel::CountRole).toInt(),
             tabs.count(QueueTab::ToDispatch));
    QCOMPARE(tabs.index(int(QueueTab::All)).data().toString(),
             u"%1 (%2)"_s.arg(QueueTabs::label(QueueTab::All)).arg(tabs.count(QueueTab::All)));

    // Live: a new filed case counts in "to dispatch" and "my tasks" after the next refresh.
    const int toDispatch = tabs.count(QueueTab::ToDispatch);
    const int mine = tabs.count(QueueTab::MyTasks);
    newFiledCase(u"tab counts: live"_s);
    QSignalSpy changed(&tabs, &QueueTabModel::countsChanged);
    tabs.refresh();
    QVERIFY(changed.wait(WaitMs));
    QCOMPARE(tabs.count(QueueTab::ToDispatch), toDispatch + 1);
    QCOMPARE(tabs.count(QueueTab::MyTasks), mine + 1);
}

void TestQueueTabs::tabRowsMatchTheirCounts_data()
{
    QTest::addColumn<QueueTab>("tab");
    QTest::addColumn<QString>("login");
    for (QueueTab tab : {QueueTab::ToAccept, QueueTab::InHandling, QueueTab::Requests, QueueTab::ToCheck,
                         QueueTab::KeySupervision, QueueTab::HardCases, QueueTab::MyTasks})
        QTest::newRow(qPrintable(QueueTabs::name(tab))) << tab << u"city.inspector"_s;
    QTest::newRow("my_tasks of a dispatcher") << QueueTab::MyTasks << u"hp.dispatcher"_s;
    QTest::newRow("my_tasks of an acceptor") << QueueTab::MyTasks << u"hp.acceptor"_s;
}

void TestQueueTabs::tabRowsMatchTheirCounts()
{
    QFETCH(QueueTab, tab);
    QFETCH(QString, login);
    const Actor actor = user(login);
    QueueTabModel tabs(mSession.get());
    tabs.setActor(actor);
    QSignalSpy refreshed(&tabs, &QueueTabModel::refreshed);
    tabs.setFilter({});
    QVERIFY(refreshed.wait(WaitMs));

    CaseQueueModel model(mSession.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setActor(actor);
    model.setPageSize(37);
    CaseFilter filter;
    filter.tab = tab;
    model.setFilter(filter);
    fetchAll(model);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(model.rowCount(), tabs.count(tab));
    bool extensions = false;
    const QList<CaseState> states = QueueTabs::states(tab, actor.role, &extensions);
    for (int row = 0; row < model.rowCount(); ++row) {
        const CaseRecord &c = model.caseAt(row);
        if (!states.isEmpty())
            QVERIFY(states.contains(c.state) || (extensions && c.extensionPending));
        if (tab == QueueTab::KeySupervision)
            QVERIFY(c.keySupervision);
        if (tab == QueueTab::HardCases)
            QVERIFY(c.hardCase);
    }
}

void TestQueueTabs::filtersRunInSql_data()
{
    QTest::addColumn<QString>("field");
    QTest::newRow("class") << u"class"_s;
    QTest::newRow("street") << u"street"_s;
    QTest::newRow("unit") << u"unit"_s;
    QTest::newRow("source") << u"source"_s;
    QTest::newRow("priority") << u"priority"_s;
    QTest::newRow("period") << u"period"_s;
    QTest::newRow("class and state") << u"class+state"_s;
}

void TestQueueTabs::filtersRunInSql()
{
    QFETCH(QString, field);
    const Actor city = user(u"city.inspector"_s);
    // Values to filter by, taken from a case of the store.
    QSqlQuery pick(mDirect->database());
    QVERIFY(pick.exec(u"SELECT class_kind || '/' || class_code, street_code, source, priority, reported_at "
                      u"FROM cases WHERE unit_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET 7"_s));
    QVERIFY(pick.next());
    QSqlQuery unitPick(mDirect->database());
    QVERIFY(unitPick.exec(u"SELECT unit_id, count(*) FROM cases WHERE unit_id IS NOT NULL GROUP BY unit_id "
                          u"ORDER BY 2 DESC LIMIT 1"_s));
    QVERIFY(unitPick.next());

    CaseFilter filter;
    QString where;
    QVariantList values;
    if (field.startsWith(u"class")) {
        filter.classKey = CatalogueKey::parse(pick.value(0).toString()).value();
        where = u"class_kind || '/' || class_code = ?"_s;
        values = {pick.value(0)};
        if (field.endsWith(u"+state")) {
            filter.state = CaseState::Closed;
            where += u" AND state = 'closed'"_s;
        }
    } else if (field == u"street") {
        filter.place = JurisdictionCode::parse(pick.value(1).toString()).value();
        where = u"street_code = ?"_s;
        values = {pick.value(1)};
    } else if (field == u"unit") {
        filter.unitId = unitPick.value(0).toLongLong();
        where = u"unit_id = ?"_s;
        values = {unitPick.value(0)};
    } else if (field == u"source") {
        filter.source = parseSource(pick.value(2).toString()).value();
        where = u"source = ?"_s;
        values = {pick.value(2)};
    } else if (field == u"priority") {
        filter.priority = parsePriority(pick.value(3).toString()).value();
        where = u"priority = ?"_s;
        values = {pick.value(3)};
    } else if (field == u"period") {
        const QDateTime from = QDateTime::fromMSecsSinceEpoch(pick.value(4).toLongLong(), Qt::UTC);
        filter.reportedFrom = from.addDays(-2);
        filter.reportedBefore = from.addDays(3);
        where = u"reported_at >= ? AND reported_at < ?"_s;
        values = {filter.reportedFrom.toMSecsSinceEpoch(), filter.reportedBefore.toMSecsSinceEpoch()};
    }
    const int expected = directCount(where, values);
    QVERIFY2(expected > 0, qPrintable(field));
    QVERIFY2(expected < directCount(QString()), "a filter that keeps every case proves nothing");

    CaseQueueModel model(mSession.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setActor(city);
    model.setPageSize(41);
    model.setFilter(filter);
    fetchAll(model);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(model.rowCount(), expected);
    for (int row = 0; row < model.rowCount(); ++row) {
        const CaseRecord &c = model.caseAt(row);
        if (filter.classKey)
            QCOMPARE(c.classKey, *filter.classKey);
        if (!filter.place.isNull())
            QCOMPARE(c.street(), filter.place);
        if (filter.unitId)
            QCOMPARE(c.unitId, filter.unitId);
        if (filter.source)
            QCOMPARE(c.source, *filter.source);
        if (filter.priority)
            QCOMPARE(c.priority, *filter.priority);
        if (filter.reportedFrom.isValid())
            QVERIFY(c.reportedAt >= filter.reportedFrom && c.reportedAt < filter.reportedBefore);
    }

    // The counts per tab take the same filters.
    QueueTabModel tabs(mSession.get());
    tabs.setActor(city);
    QSignalSpy refreshed(&tabs, &QueueTabModel::refreshed);
    CaseFilter counted = filter;
    counted.state.reset();
    tabs.setFilter(counted);
    QVERIFY(refreshed.wait(WaitMs));
    if (!filter.state)
        QCOMPARE(tabs.count(QueueTab::All), expected);
}

void TestQueueTabs::ordersPageEveryRowOnce_data()
{
    QTest::addColumn<int>("order");
    QTest::newRow("oldest first") << int(CaseQuery::Order::Oldest);
    QTest::newRow("due first") << int(CaseQuery::Order::DueFirst);
}

void TestQueueTabs::ordersPageEveryRowOnce()
{
    QFETCH(int, order);
    CaseQueueModel model(mSession.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setActor(user(u"city.inspector"_s));
    model.setPageSize(29);
    CaseFilter filter;
    filter.order = CaseQuery::Order(order);
    model.setFilter(filter);
    fetchAll(model);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(model.rowCount(), directCount(QString()));
    QSet<qint64> ids;
    constexpr qint64 NoDue = std::numeric_limits<qint64>::max();
    auto due = [](const CaseRecord &c) {
        return c.stepDueAt.isValid() ? c.stepDueAt.toMSecsSinceEpoch() : NoDue;
    };
    for (int row = 0; row < model.rowCount(); ++row) {
        const CaseRecord &c = model.caseAt(row);
        QVERIFY(!ids.contains(c.id));
        ids.insert(c.id);
        if (row == 0)
            continue;
        const CaseRecord &p = model.caseAt(row - 1);
        if (filter.order == CaseQuery::Order::Oldest)
            QVERIFY(p.reportedAt < c.reportedAt || (p.reportedAt == c.reportedAt && p.id < c.id));
        else
            QVERIFY(due(p) < due(c) || (due(p) == due(c) && p.id < c.id));
    }
}

void TestQueueTabs::bulkDispatchMixed()
{
    // Three filed cases can be dispatched; a closed one and a dispatched one are refused, each with the
    // workflow's reason; one request per case.
    QList<qint64> ids;
    QList<CaseRecord> filed;
    for (int i = 0; i < 3; ++i) {
        filed.append(newFiledCase(u"bulk dispatch %1"_s.arg(i)));
        ids.append(filed.constLast().id);
    }
    QSqlQuery q(mDirect->database());
    QVERIFY(q.exec(
        u"SELECT id, number FROM cases WHERE district_code = '310101' AND state = 'closed' LIMIT 1"_s));
    QVERIFY(q.next());
    const qint64 closed = q.value(0).toLongLong();
    const QString closedNumber = q.value(1).toString();
    QVERIFY(
        q.exec(u"SELECT id FROM cases WHERE district_code = '310101' AND state = 'dispatched' LIMIT 1"_s));
    QVERIFY(q.next());
    const qint64 dispatched = q.value(0).toLongLong();
    ids.insert(1, closed);
    ids.append(dispatched);
    QVERIFY(q.exec(u"SELECT count(*) FROM case_events"_s) && q.next());
    const int eventsBefore = q.value(0).toInt();

    const Actor dispatcher = user(u"hp.dispatcher"_s);
    QVERIFY(BulkActionRunner::roleMayTake(Role::Dispatcher, Action::Dispatch));
    QVERIFY(!BulkActionRunner::roleMayTake(Role::Acceptor, Action::Dispatch));
    QVERIFY(BulkActionRunner::roleMayTake(Role::Inspector, Action::Urge));
    QVERIFY(!BulkActionRunner::isBulkAction(Action::Close));
    auto directory = std::make_shared<const CaseDirectory>(
        waitFor(mSession->run([](Session &s) { return CaseDirectory::load(s); })).value());
    BulkActionRunner runner(mSession.get(), dispatcher, directory);
    QSignalSpy progress(&runner, &BulkActionRunner::progress);
    QSignalSpy finished(&runner, &BulkActionRunner::finished);
    QSignalSpy storeChanged(mSession.get(), &SessionThread::storeChanged);
    ActionRequest request;
    request.action = Action::Dispatch; // unit 0: each case's suggested unit
    runner.start(request, ids);
    QVERIFY(runner.isRunning());
    QVERIFY(finished.wait(WaitMs));
    const BulkSummary summary = runner.summary();
    QCOMPARE(summary.total, 5);
    QCOMPARE(summary.outcomes.size(), 5);
    QCOMPARE(summary.doneCount(), 3);
    QCOMPARE(summary.refusedCount(), 2);
    QVERIFY(!summary.cancelled);
    QCOMPARE(progress.count(), 6); // 0 of 5, then one per case
    QCOMPARE(progress.constLast().at(0).toInt(), 5);
    QCOMPARE(summary.outcomes.at(1).caseId, closed);
    QCOMPARE(summary.outcomes.at(1).number, closedNumber);
    QVERIFY(!summary.outcomes.at(1).done);
    QVERIFY2(!summary.outcomes.at(1).message.isEmpty(), "a refusal names its reason");
    QVERIFY(!summary.outcomes.at(4).done);
    QVERIFY(summary.text().contains(closedNumber));
    for (const CaseRecord &c : filed) {
        QVERIFY(q.exec(u"SELECT state, unit_id FROM cases WHERE id = %1"_s.arg(c.id)) && q.next());
        QCOMPARE(q.value(0).toString(), u"dispatched"_s);
        QCOMPARE(q.value(1).toLongLong(), directory->suggestedUnit(c));
    }
    QVERIFY(q.exec(u"SELECT count(*) FROM case_events"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), eventsBefore + 3); // one event per dispatched case, none for refusals
    QTRY_VERIFY_WITH_TIMEOUT(storeChanged.count() > 0, WaitMs);
}

void TestQueueTabs::bulkUrgeMixedAndCancel()
{
    const Actor inspector = user(u"city.inspector"_s);
    QSqlQuery q(mDirect->database());
    QList<qint64> ids;
    QVERIFY(q.exec(u"SELECT id FROM cases WHERE state = 'dispatched' ORDER BY id LIMIT 4"_s));
    while (q.next())
        ids.append(q.value(0).toLongLong());
    QVERIFY(q.exec(u"SELECT id FROM cases WHERE state = 'rejected' LIMIT 1"_s) && q.next());
    ids.insert(2, q.value(0).toLongLong());
    QCOMPARE(ids.size(), 5);

    // Through the widget: the selected rows, one request per case.
    CaseQueueWidget widget(mSession.get());
    widget.setActor(inspector);
    QSignalSpy reloaded(widget.model(), &CaseQueueModel::reloaded);
    widget.reload();
    QVERIFY(reloaded.wait(WaitMs));
    QSignalSpy pages(widget.model(), &CaseQueueModel::pageLoaded);
    while (widget.model()->canFetchMore({}) || widget.model()->isLoading()) {
        if (!widget.model()->isLoading())
            widget.model()->fetchMore({});
        QVERIFY(pages.wait(WaitMs));
    }
    QItemSelection selection;
    for (qint64 id : ids) {
        const int row = widget.model()->rowOfCase(id);
        QVERIFY(row >= 0);
        selection.select(widget.model()->index(row, 0),
                         widget.model()->index(row, CaseQueueModel::ColumnCount - 1));
    }
    widget.view()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    QCOMPARE(widget.selectedCaseIds().size(), 5);
    QVERIFY(widget.canBulk(Action::Urge));
    QVERIFY(!widget.canBulk(Action::Dispatch));
    QSignalSpy started(&widget, &CaseQueueWidget::bulkStarted);
    QSignalSpy finished(widget.bulkRunner(), &BulkActionRunner::finished);
    ActionRequest urge;
    urge.action = Action::Urge;
    urge.urgeLevel = UrgeLevel::Key;
    urge.comment = u"bulk urge test"_s;
    widget.runBulkAction(urge);
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.constFirst().at(1).toInt(), 5);
    QVERIFY(finished.wait(WaitMs));
    const BulkSummary summary = widget.bulkRunner()->summary();
    QCOMPARE(summary.doneCount(), 4);
    QCOMPARE(summary.refusedCount(), 1);
    for (const BulkOutcome &o : summary.outcomes) // in row order
        QCOMPARE(o.done, o.caseId != ids.at(2));
    QVERIFY(q.exec(u"SELECT count(*) FROM cases WHERE id IN (%1, %2, %3, %4) AND last_urge_level = 'key'"_s
                       .arg(ids[0])
                       .arg(ids[1])
                       .arg(ids[3])
                       .arg(ids[4])) &&
            q.next());
    QCOMPARE(q.value(0).toInt(), 4);

    // Cancel after the first case: the rest are not tried.
    BulkActionRunner runner(mSession.get(), inspector, {});
    QSignalSpy done(&runner, &BulkActionRunner::finished);
    connect(&runner, &BulkActionRunner::progress, &runner, [&runner](int n) {
        if (n == 1)
            runner.cancel();
    });
    runner.start(urge, ids);
    QVERIFY(done.wait(WaitMs));
    QVERIFY(runner.summary().cancelled);
    QCOMPARE(runner.summary().outcomes.size(), 1);
    QVERIFY(runner.summary().text().contains(u"4"_s));
}

void TestQueueTabs::liveUpdateKeepsSelectionAndScroll()
{
    // A change from the feed (another station urges a case the person is not looking at) refreshes the queue
    // in place: the selected case stays selected, at the same row, and the view does not scroll.
    const Actor city = user(u"city.inspector"_s);
    CaseQueueWidget widget(mSession.get());
    widget.resize(1200, 500);
    widget.setActor(city);
    widget.model()->setPageSize(60);
    widget.show();
    QSignalSpy reloaded(widget.model(), &CaseQueueModel::reloaded);
    widget.reload();
    QVERIFY(reloaded.wait(WaitMs));
    QSignalSpy pages(widget.model(), &CaseQueueModel::pageLoaded);
    while (widget.model()->rowCount() < 180) {
        if (!widget.model()->isLoading())
            widget.model()->fetchMore({});
        QVERIFY(pages.wait(WaitMs));
    }
    widget.selectRow(150);
    const qint64 selected = widget.currentCaseId();
    QScrollBar *bar = widget.view()->verticalScrollBar();
    bar->setValue(bar->maximum() / 2);
    const int scroll = bar->value();
    QVERIFY(scroll > 0);
    const int rows = widget.model()->rowCount();

    int other = -1;
    for (int row = 0; row < rows; ++row) {
        if (widget.model()->caseAt(row).isOpen() && row != 150) {
            other = row;
            break;
        }
    }
    QVERIFY(other >= 0);
    const qint64 otherId = widget.model()->caseId(other);
    const int urgesBefore = widget.model()->caseAt(other).urgeCount;
    QSignalSpy refreshed(widget.model(), &CaseQueueModel::refreshed);
    apply(city, otherId, Action::Urge);
    mSession->notifyLocalChange(); // the change notice of the feed
    QTRY_COMPARE_WITH_TIMEOUT(widget.model()->caseAt(other).urgeCount, urgesBefore + 1, WaitMs);
    // The refresh keeps every loaded row (the view may also have fetched the next page by itself meanwhile).
    QVERIFY(widget.model()->rowCount() >= rows);
    QCOMPARE(widget.currentCaseId(), selected);
    QCOMPARE(widget.view()->selectionModel()->currentIndex().row(), 150);
    QCOMPARE(widget.selectedCaseIds(), QList<qint64>{selected});
    QCOMPARE(bar->value(), scroll);
}

QTEST_MAIN(TestQueueTabs)
#include "test_queuetabs.moc"
