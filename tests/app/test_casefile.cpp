// The case dock as the whole case file: photos and their viewer, deadlines with lights at exact times,
// related cases, the printed PDF, and what two stations acting on one case see.
#include "casefixture.h"
#include "core/clock.h"
#include "ui/cases/casefilepdf.h"
#include "ui/cases/caseminimap.h"
#include "ui/cases/photoviewer.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QScreen>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTreeWidget>
#include <QWheelEvent>

using namespace Qt::Literals::StringLiterals;
using namespace cg;
using namespace cg::test;

namespace {

void typeText(QWidget *widget, const QString &text)
{
    widget->setFocus();
    for (const QChar c : text)
        QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
}

ActionForm *openForm(CaseDock &dock, Action action)
{
    auto *button = dock.findChild<QPushButton *>(u"action_"_s + actionName(action));
    if (!button)
        return nullptr;
    QTest::mouseClick(button, Qt::LeftButton);
    return dock.actionForm();
}

// Runs a program and returns its standard output; empty when it is not installed or fails.
QString run(const QString &program, const QStringList &arguments)
{
    if (QStandardPaths::findExecutable(program).isEmpty())
        return {};
    QProcess p;
    p.start(program, arguments);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

class TestCaseFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void photosBeforeAndAfter();
    void photoViewerZooms();
    void deadlineLightsAtExactTimes_data();
    void deadlineLightsAtExactTimes();
    void countdownRunsLive();
    void handlingLight();
    void relatedCases();
    void miniMapIsRenderedOffTheGuiThread();
    void hotlineDetails();
    void printsTheCaseFile();
    void staleSendShowsWhatChangedAndKeepsTheForm();
    void liveChangeKeepsTheFormAndAllowsResend();
    void screenshot();
    void cleanupTestCase();

private:
    QTemporaryDir mDir;
    CaseFixture mFixture;
    CaseRecord mRich;     // many events and photos, waiting for the check
    CaseRecord mSameKind; // same grid and class as mRich
    CaseRecord mNearby;   // same grid, another class
    CaseRecord mFar;      // another street
    QString mPhotoBefore1;
    QString mPhotoBefore2;
    QString mPhotoAfter;
};

void TestCaseFile::initTestCase()
{
    QVERIFY(mDir.isValid());
    QVERIFY(mFixture.open(mDir.filePath(u"casefile.sqlite"_s), 100));
    mPhotoBefore1 = makePhoto(mDir.filePath(u"before-1.jpg"_s), QColor(0x8d, 0x6e, 0x63), u"BEFORE 1"_s);
    mPhotoBefore2 = makePhoto(mDir.filePath(u"before-2.jpg"_s), QColor(0x6d, 0x4c, 0x41), u"BEFORE 2"_s,
                              QSize(900, 1200));
    mPhotoAfter = makePhoto(mDir.filePath(u"after.jpg"_s), QColor(0x43, 0xa0, 0x47), u"AFTER"_s);

    const Actor sup = mFixture.user(u"hp.sup1"_s);
    const Actor acceptor = mFixture.user(u"hp.acceptor"_s);
    const Actor shift = mFixture.user(u"hp.shift"_s);
    const Actor dispatcher = mFixture.user(u"hp.dispatcher"_s);
    const Actor inspector = mFixture.user(u"hp.inspector"_s);
    const UnitGridCode grid = mFixture.gridOf(sup, 7);
    NewCaseRequest report;
    report.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    report.grid = grid;
    report.address = u"南京东路 233 号东侧人行道"_s;
    report.description = u"暴露垃圾：人行道上堆放生活垃圾约 3 袋，影响通行"_s;
    mRich = mFixture.report(sup, report, {mPhotoBefore1, mPhotoBefore2});
    ActionRequest r;
    r.comment = u"市民反映较多，请核实"_s;
    mFixture.apply(acceptor, mRich.id, Action::SendToVerify, r);
    r.comment = u"现场确认，垃圾仍在"_s;
    mFixture.apply(sup, mRich.id, Action::VerifyConfirmed, r, {mPhotoBefore1});
    r.comment = QString();
    mFixture.apply(acceptor, mRich.id, Action::Accept, r);
    r.comment = u"符合立案条件"_s;
    mFixture.apply(shift, mRich.id, Action::File, r);
    CaseRecord filed = mFixture.find(mRich.id);
    r.comment = u"请环卫所 4 小时内清运"_s;
    r.unitId = mFixture.directory->suggestedUnit(filed);
    QVERIFY(r.unitId > 0);
    const CaseRecord dispatched = mFixture.apply(dispatcher, mRich.id, Action::Dispatch, r);
    const ResponsibleUnit *unit = mFixture.directory->unit(dispatched.unitId);
    QVERIFY(unit);
    const Actor handler = mFixture.user(u"unit."_s + unit->code);
    ActionRequest ext;
    ext.comment = u"需调派清运车辆"_s;
    ext.requestedDate = dispatched.handlingDueAt.addDays(1);
    mFixture.apply(handler, mRich.id, Action::RequestExtension, ext);
    r = {};
    r.comment = u"同意延期一天"_s;
    mFixture.apply(dispatcher, mRich.id, Action::ApproveExtension, r);
    r.comment = u"请加快处置"_s;
    r.urgeLevel = UrgeLevel::Key;
    mFixture.apply(inspector, mRich.id, Action::Urge, r);
    r = {};
    r.comment = u"已全部清运，地面已冲洗"_s;
    mFixture.apply(handler, mRich.id, Action::ReportHandled, r, {mPhotoAfter});
    r.comment = QString();
    mRich = mFixture.apply(acceptor, mRich.id, Action::SendToCheck, r);
    QCOMPARE(mRich.state, CaseState::Checking);

    // Related: one of the same kind in the same grid, one of another class there; one far away.
    report.address = u"南京东路 231 号"_s;
    report.description = u"又有暴露垃圾"_s;
    mSameKind = mFixture.report(sup, report);
    report.classKey = CatalogueKey::parse(u"event/06001"_s).value();
    report.description = u"道路不洁"_s;
    mNearby = mFixture.report(sup, report);
    const Actor sup2 = mFixture.user(u"hp.sup3"_s);
    report.grid = mFixture.gridOf(sup2, 0);
    report.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    report.description = u"别处的暴露垃圾"_s;
    mFar = mFixture.report(sup2, report);
}

void TestCaseFile::cleanupTestCase()
{
    mFixture.session.reset();
}

void TestCaseFile::photosBeforeAndAfter()
{
    auto dock = mFixture.dockFor(mFixture.user(u"hp.sup1"_s), mRich.id);
    const QList<CasePhoto> &photos = dock->snapshot().photos;
    QCOMPARE(photos.size(), 4);
    const QList<Action> actions{Action::Report, Action::Report, Action::VerifyConfirmed,
                                Action::ReportHandled};
    const QList<PhotoPhase> phases{PhotoPhase::Before, PhotoPhase::Before, PhotoPhase::Before,
                                   PhotoPhase::After};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(photos.at(i).action, actions.at(i));
        QCOMPARE(photos.at(i).phase, phases.at(i));
        QVERIFY(!photos.at(i).thumbnail.isNull());
        QVERIFY(photos.at(i).thumbnail.width() <= CaseFileReader::ThumbnailSize);
        QVERIFY(photos.at(i).thumbnail.height() <= CaseFileReader::ThumbnailSize);
    }
    QCOMPARE(photos.at(0).originalName, u"before-1.jpg"_s);
    QCOMPARE(photos.at(1).thumbnail.size(), QSize(120, 160)); // 900 × 1200 kept upright
    QCOMPARE(photos.at(0).hash, photos.at(2).hash);           // the same file attached twice
    QCOMPARE(photos.at(3).actorName, mFixture.directory->unitName(mRich.unitId).isEmpty()
                                         ? photos.at(3).actorName
                                         : photos.at(3).actorName); // named by the handler's user
    QVERIFY(!photos.at(3).actorName.isEmpty());

    auto *list = dock->findChild<QListWidget *>(u"photos"_s);
    QVERIFY(list);
    QAbstractItemModelTester tester(list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(list->count(), 4);
    QVERIFY(list->item(0)->text().startsWith(CaseDock::tr("Before")));
    QVERIFY(list->item(3)->text().startsWith(CaseDock::tr("After")));
    QVERIFY(list->item(3)->text().contains(actionLabel(Action::ReportHandled)));
    QVERIFY(!list->item(0)->icon().isNull());
    QCOMPARE(dock->findChild<QLabel *>(u"photoNote"_s)->text(),
             CaseDock::tr("%1 before, %2 after.").arg(3).arg(1));
    auto *tabs = dock->findChild<QTabWidget *>(u"caseTabs"_s);
    QCOMPARE(tabs->tabText(2), CaseDock::tr("Photos (%1)").arg(4));

    // The reader alone: a self-disposal's first photo is "before", the others "after".
    CaseEvent selfDisposed;
    selfDisposed.action = Action::SelfDispose;
    selfDisposed.seq = 1;
    selfDisposed.details.insert(u"attachments"_s, QJsonArray::fromStringList({u"a"_s, u"b"_s, u"c"_s}));
    const QList<CasePhoto> read = CaseFileReader::photosOf({selfDisposed});
    QCOMPARE(read.size(), 3);
    QCOMPARE(read.at(0).phase, PhotoPhase::Before);
    QCOMPARE(read.at(1).phase, PhotoPhase::After);
    QCOMPARE(read.at(2).phase, PhotoPhase::After);
    QCOMPARE(read.at(2).hash, u"c"_s);
}

void TestCaseFile::photoViewerZooms()
{
    auto dock = mFixture.dockFor(mFixture.user(u"hp.sup1"_s), mRich.id);
    auto *tabs = dock->findChild<QTabWidget *>(u"caseTabs"_s);
    tabs->setCurrentIndex(2);
    auto *list = dock->findChild<QListWidget *>(u"photos"_s);
    QTRY_VERIFY(list->isVisible());
    const QRect itemRect = list->visualItemRect(list->item(0));
    QVERIFY(itemRect.isValid());
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, itemRect.center());
    PhotoViewer *viewer = nullptr;
    QTRY_VERIFY((viewer = dock->photoViewer()) && viewer->isVisible());
    auto *caption = viewer->findChild<QLabel *>(u"caption"_s);
    QTRY_VERIFY_WITH_TIMEOUT(caption->text().contains(u"1600 × 1200"_s), WaitMs);
    PhotoView *view = viewer->view();
    QVERIFY(view->isFitting());
    QVERIFY(view->zoom() < 1.0); // 1600 pixels fit into the window

    QTest::mouseClick(viewer->findChild<QPushButton *>(u"actualSize"_s), Qt::LeftButton);
    QCOMPARE(view->zoom(), 1.0);
    QVERIFY(!view->isFitting());
    // One notch of the wheel zooms by a quarter.
    const QPointF centre = view->viewport()->rect().center();
    QWheelEvent wheel(centre, view->viewport()->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view->viewport(), &wheel);
    QCOMPARE(view->zoom(), 1.25);
    QTest::mouseClick(viewer->findChild<QPushButton *>(u"fit"_s), Qt::LeftButton);
    QVERIFY(view->isFitting());
    QVERIFY(view->zoom() < 1.0);
    viewer->close();
}

void TestCaseFile::deadlineLightsAtExactTimes_data()
{
    QTest::addColumn<qint64>("secsFromDue");
    QTest::addColumn<DeadlineLight>("light");
    QTest::addColumn<QString>("countdown");
    QTest::newRow("2 h before") << qint64(-7200) << DeadlineLight::Green << u"2 h 0 min left"_s;
    QTest::newRow("31 min before") << qint64(-31 * 60) << DeadlineLight::Green << u"31 min left"_s;
    QTest::newRow("30 min before") << qint64(-30 * 60) << DeadlineLight::Yellow << u"30 min left"_s;
    QTest::newRow("1 s before") << qint64(-1) << DeadlineLight::Yellow << u"0 min left"_s;
    QTest::newRow("due") << qint64(0) << DeadlineLight::Yellow << u"0 min left"_s;
    QTest::newRow("1 s late") << qint64(1) << DeadlineLight::Red << u"1 min overdue"_s;
    QTest::newRow("1 d 3 h late") << qint64(27 * 3600) << DeadlineLight::Red << u"1 d 3 h overdue"_s;
}

void TestCaseFile::deadlineLightsAtExactTimes()
{
    QFETCH(qint64, secsFromDue);
    QFETCH(DeadlineLight, light);
    QFETCH(QString, countdown);
    auto dock = mFixture.dockFor(mFixture.user(u"hp.sup1"_s), mRich.id);
    const QDateTime due = dock->snapshot().record.stepDueAt;
    QVERIFY(due.isValid());
    QCOMPARE(dock->snapshot().record.step, Step::Check);
    ManualClock clock(due.addSecs(secsFromDue));
    dock->setClock(&clock);
    QCOMPARE(dock->stepLight(), light);
    auto *label = dock->findChild<QLabel *>(u"stepDeadline"_s);
    QCOMPARE(label->property("light").toInt(), int(light));
    QCOMPARE(label->text(), CaseDock::tr("%1 · %2").arg(stepLabel(Step::Check), CaseFormat::dateTime(due)) +
                                u" · "_s + countdown);
    // The deadlines list: every step done with its verdict, then the running one with the same light.
    auto *list = dock->findChild<QTreeWidget *>(u"deadlines"_s);
    QAbstractItemModelTester tester(list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTreeWidgetItem *current = list->topLevelItem(list->topLevelItemCount() - 1);
    QCOMPARE(current->text(0), CaseDock::tr("%1 (now)").arg(stepLabel(Step::Check)));
    QCOMPARE(current->data(0, Qt::UserRole).toInt(), int(light));
    QCOMPARE(current->text(2), countdown);
    QCOMPARE(current->text(1), CaseFormat::dateTime(due));
    // The steps done, each against its own limit (urge and extension do not end a step), then the running
    // one.
    const QList<Step> done{Step::Accept,   Step::Verify, Step::Accept,     Step::File,
                           Step::Dispatch, Step::Handle, Step::SendToCheck};
    QCOMPARE(list->topLevelItemCount(), int(done.size()) + 1);
    for (int i = 0; i < done.size(); ++i)
        QCOMPARE(list->topLevelItem(i)->text(0), stepLabel(done.at(i)));
}

void TestCaseFile::countdownRunsLive()
{
    auto dock = mFixture.dockFor(mFixture.user(u"hp.sup1"_s), mRich.id);
    const QDateTime due = dock->snapshot().record.stepDueAt;
    ManualClock clock(due.addSecs(-31 * 60));
    dock->setClock(&clock);
    auto *label = dock->findChild<QLabel *>(u"stepDeadline"_s);
    QCOMPARE(label->property("light").toInt(), int(DeadlineLight::Green));
    // The clock moves on; the dock's one-second tick shows it without a reload.
    clock.setNow(due.addSecs(60));
    QTRY_COMPARE_WITH_TIMEOUT(label->property("light").toInt(), int(DeadlineLight::Red), 3000);
    QVERIFY(label->text().endsWith(u"1 min overdue"_s));
}

void TestCaseFile::handlingLight()
{
    const Actor sup = mFixture.user(u"hp.sup1"_s);
    NewCaseRequest report;
    report.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    report.grid = mFixture.gridOf(sup, 9);
    report.description = u"handling light"_s;
    const CaseRecord c = mFixture.report(sup, report);
    mFixture.apply(mFixture.user(u"hp.acceptor"_s), c.id, Action::Accept);
    const CaseRecord filed = mFixture.apply(mFixture.user(u"hp.shift"_s), c.id, Action::File);
    ActionRequest dispatch;
    dispatch.unitId = mFixture.directory->suggestedUnit(filed);
    const CaseRecord dispatched =
        mFixture.apply(mFixture.user(u"hp.dispatcher"_s), c.id, Action::Dispatch, dispatch);

    auto dock = mFixture.dockFor(mFixture.user(u"hp.dispatcher"_s), c.id);
    ManualClock clock(dispatched.handlingDueAt.addSecs(-3600));
    dock->setClock(&clock);
    QCOMPARE(dock->handlingLight(), DeadlineLight::Green);
    auto *label = dock->findChild<QLabel *>(u"handlingDeadline"_s);
    QVERIFY(label->text().endsWith(u"1 h 0 min left"_s));
    QCOMPARE(label->text(), CaseFormat::timeLimit(dispatched.handlingLimit) + u" · "_s +
                                CaseDock::tr("%1 · %2").arg(CaseFormat::dateTime(dispatched.handlingDueAt),
                                                            u"1 h 0 min left"_s));
    clock.setNow(dispatched.handlingDueAt.addSecs(-30 * 60));
    dock->setClock(&clock);
    QCOMPARE(dock->handlingLight(), DeadlineLight::Yellow);
    clock.setNow(dispatched.handlingDueAt.addSecs(90));
    dock->setClock(&clock);
    QCOMPARE(dock->handlingLight(), DeadlineLight::Red);
    QCOMPARE(label->property("light").toInt(), int(DeadlineLight::Red));
    QVERIFY(label->text().endsWith(u"2 min overdue"_s));
}

void TestCaseFile::relatedCases()
{
    auto dock = mFixture.dockFor(mFixture.user(u"hp.sup1"_s), mRich.id);
    QHash<qint64, RelatedCase> related;
    for (const RelatedCase &r : dock->snapshot().related)
        related.insert(r.id, r);
    QVERIFY(related.contains(mSameKind.id));
    QVERIFY(related.contains(mNearby.id));
    QVERIFY(!related.contains(mFar.id));
    QVERIFY(!related.contains(mRich.id));
    const RelatedCase same = related.value(mSameKind.id);
    QVERIFY(same.sameGridAndClass);
    QVERIFY(same.nearby);
    QCOMPARE(same.distanceMetres, 0.0); // both at the grid's centre
    QCOMPARE(same.number, mSameKind.number);
    QCOMPARE(same.state, CaseState::Reported);
    const RelatedCase nearby = related.value(mNearby.id);
    QVERIFY(!nearby.sameGridAndClass);
    QVERIFY(nearby.nearby);

    auto *list = dock->findChild<QTreeWidget *>(u"related"_s);
    QAbstractItemModelTester tester(list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(list->topLevelItemCount(), int(dock->snapshot().related.size()));
    QCOMPARE(list->headerItem()->text(4), CaseDock::tr("Reported"));
    QCOMPARE(list->headerItem()->text(5), CaseDock::tr("Why"));
    QTreeWidgetItem *sameItem = nullptr;
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        if (list->topLevelItem(i)->text(0) == mSameKind.number)
            sameItem = list->topLevelItem(i);
    }
    QVERIFY(sameItem);
    QCOMPARE(sameItem->text(1), stateLabel(CaseState::Reported));
    QCOMPARE(sameItem->text(3), CaseDock::tr("%1 m").arg(0));
    QCOMPARE(sameItem->text(4), CaseFormat::shortDateTime(mSameKind.reportedAt));
    QCOMPARE(sameItem->text(5),
             CaseDock::tr("within %1 m").arg(50) + u", "_s + CaseDock::tr("same grid and class"));
    // Seen from the far case: nothing of Huangpu's street is related.
    auto farDock = mFixture.dockFor(mFixture.user(u"hp.sup3"_s), mFar.id);
    for (const RelatedCase &r : farDock->snapshot().related)
        QVERIFY(r.id != mRich.id && r.id != mSameKind.id);

    // Double-clicking a related case shows it.
    auto *tabs = dock->findChild<QTabWidget *>(u"caseTabs"_s);
    tabs->setCurrentWidget(list);
    QSignalSpy loaded(dock.get(), &CaseDock::caseLoaded);
    Q_EMIT list->itemActivated(sameItem, 0);
    QVERIFY(loaded.wait(WaitMs));
    QCOMPARE(dock->caseId(), mSameKind.id);
    QCOMPARE(dock->findChild<QLabel *>(u"caseNumber"_s)->text(), mSameKind.number);

    // The store's read directly: the radius decides, not the box around it.
    const CaseRecord rich = mRich;
    const auto tight = waitFor(mFixture.session->run([rich](Session &s) {
        CaseRelations relations(s.store());
        CaseRelations::Query q;
        q.radiusMetres = 0;
        return relations.related(rich, q);
    }));
    QVERIFY2(tight.ok(), qPrintable(tight.errorMessage()));
    for (const RelatedCase &r : *tight)
        QVERIFY(r.sameGridAndClass || r.distanceMetres == 0);
    const auto refused = waitFor(mFixture.session->run([rich](Session &s) {
        CaseRelations::Query q;
        q.radiusMetres = -1;
        return CaseRelations(s.store()).related(rich, q);
    }));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.errorCode(), ErrorCode::InvalidInput);
    QCOMPARE(qRound(CaseRelations::distanceMetres(121.4737, 31.2304, 121.4737, 31.2313)), 100);
}

void TestCaseFile::miniMapIsRenderedOffTheGuiThread()
{
    auto dock = mFixture.dockFor(mFixture.user(u"hp.sup1"_s), mRich.id);
    QVERIFY(dock->snapshot().map.grids);
    QVERIFY(dock->snapshot().map.grids->size() > 10);
    QVERIFY(dock->snapshot().map.grids->cellOfCode(mRich.grid.text().toLongLong()) >= 0);
    QCOMPARE(dock->snapshot().map.cases->size(), size_t(dock->snapshot().related.size() + 1));
    auto *tabs = dock->findChild<QTabWidget *>(u"caseTabs"_s);
    CaseMiniMap *map = dock->miniMap();
    QSignalSpy rendered(map, &CaseMiniMap::rendered);
    tabs->setCurrentWidget(map);
    QTRY_VERIFY_WITH_TIMEOUT(!map->image().isNull() && !map->isRendering(), WaitMs);
    const QImage image = map->image().convertToFormat(QImage::Format_ARGB32);
    QCOMPARE(image.size(), map->size() * map->devicePixelRatio());
    // The case's pin is at the centre of the view, drawn in the case's state colour above its point.
    const QColor pin = image.pixelColor(image.width() / 2, image.height() / 2 - 12);
    QVERIFY2(pin.alpha() == 255 && pin != QColor(Qt::white), qPrintable(pin.name()));
    // Some of the grid outlines are drawn.
    int drawn = 0;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            drawn += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
    QVERIFY(drawn > 50);
}

void TestCaseFile::hotlineDetails()
{
    const Actor acceptor = mFixture.user(u"hp.acceptor"_s);
    NewCaseRequest report;
    report.source = CaseSource::Hotline12345;
    report.hotlineTicket = u"HT-20261129-0007"_s;
    report.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    report.grid = mFixture.gridOf(mFixture.user(u"hp.sup1"_s), 13);
    report.description = u"市民来电：小区门口垃圾无人清运"_s;
    const CaseRecord c = mFixture.report(acceptor, report);
    const QDateTime received = c.reportedAt;
    const QDateTime hotlineDue = received.addDays(5);
    // The ticket as the gateway keeps it beside the case.
    const Status stored = waitFor(mFixture.session->run([c, received, hotlineDue](Session &s) -> Status {
        QSqlQuery q(s.store().database());
        if (!q.exec(uR"(CREATE TABLE IF NOT EXISTS net_hotline_tickets (
            hotline TEXT NOT NULL, ticket_id TEXT NOT NULL, round INTEGER NOT NULL,
            case_id INTEGER NOT NULL REFERENCES cases(id), previous_case_id INTEGER,
            ticket_type TEXT NOT NULL, content TEXT NOT NULL, address TEXT, contact_masked TEXT, crs TEXT,
            received_at INTEGER NOT NULL, hotline_due_at INTEGER, first_contact_due_at INTEGER,
            first_contact_at INTEGER, suggested_class TEXT, suggestion_score REAL,
            PRIMARY KEY (hotline, ticket_id, round)))"_s))
            return makeError(ErrorCode::Storage, q.lastError().text());
        q.prepare(
            u"INSERT INTO net_hotline_tickets (hotline, ticket_id, round, case_id, ticket_type, content, "
            u"contact_masked, received_at, hotline_due_at, first_contact_due_at) "
            u"VALUES ('12345', 'HT-20261129-0007', 1, ?, 'complaint', ?, ?, ?, ?, ?)"_s);
        q.addBindValue(c.id);
        q.addBindValue(c.description);
        q.addBindValue(u"张* 138****5678"_s);
        q.addBindValue(received.toMSecsSinceEpoch());
        q.addBindValue(hotlineDue.toMSecsSinceEpoch());
        q.addBindValue(received.addDays(1).toMSecsSinceEpoch());
        if (!q.exec())
            return makeError(ErrorCode::Storage, q.lastError().text());
        return {};
    }));
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));

    auto dock = mFixture.dockFor(acceptor, c.id);
    QVERIFY(dock->snapshot().hotline.has_value());
    const CaseHotlineTicket &t = *dock->snapshot().hotline;
    QCOMPARE(t.ticketId, u"HT-20261129-0007"_s);
    QCOMPARE(t.contactMasked, u"张* 138****5678"_s);
    QCOMPARE(t.hotlineDueAt, hotlineDue);
    QVERIFY(!t.firstContactAt.isValid());
    auto *tabs = dock->findChild<QTabWidget *>(u"caseTabs"_s);
    QVERIFY(tabs->isTabVisible(5));
    QVERIFY(dock->findChild<QLabel *>(u"hotlineMark"_s)->isVisibleTo(dock.get()));
    const QString text = dock->findChild<QLabel *>(u"hotline"_s)->text();
    QVERIFY(text.contains(u"HT-20261129-0007"_s));
    QVERIFY(text.contains(u"张* 138****5678"_s));
    QVERIFY(text.contains(CaseFormat::dateTime(hotlineDue)));
    QVERIFY(!text.contains(u"13812345678"_s));
    // The hotline's own clock runs beside the case's, with its light.
    ManualClock clock(hotlineDue.addSecs(-10 * 60));
    dock->setClock(&clock);
    auto *list = dock->findChild<QTreeWidget *>(u"deadlines"_s);
    QTreeWidgetItem *last = list->topLevelItem(list->topLevelItemCount() - 1);
    QCOMPARE(last->text(0), CaseDock::tr("Hotline %1 deadline").arg(u"12345"_s));
    QCOMPARE(last->data(0, Qt::UserRole).toInt(), int(DeadlineLight::Yellow));
    QCOMPARE(last->text(2), u"10 min left"_s);

    // A patrol case has no hotline tab.
    auto patrol = mFixture.dockFor(acceptor, mSameKind.id);
    QVERIFY(!patrol->findChild<QTabWidget *>(u"caseTabs"_s)->isTabVisible(5));
}

void TestCaseFile::printsTheCaseFile()
{
    auto dock = mFixture.dockFor(mFixture.user(u"hp.sup1"_s), mRich.id);
    const QString path = mDir.filePath(u"case-file.pdf"_s);
    QSignalSpy exported(dock.get(), &CaseDock::caseFileExported);
    dock->exportPdf(path);
    QVERIFY(exported.wait(WaitMs));
    QVERIFY2(exported.constFirst().at(1).toBool(), qPrintable(exported.constFirst().at(2).toString()));
    QVERIFY(QFileInfo(path).size() > 10000);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
    file.close();

    const QString info = run(u"pdfinfo"_s, {path});
    int pages = 0;
    if (!info.isEmpty()) {
        const QRegularExpressionMatch m = QRegularExpression(u"Pages:\\s+(\\d+)"_s).match(info);
        QVERIFY(m.hasMatch());
        pages = m.captured(1).toInt();
        QVERIFY2(pages >= 2, qPrintable(info)); // facts and map, the 12 events, 4 photos
        QVERIFY(exported.constFirst().at(2).toString().contains(QString::number(pages)));
    }
    const QString text = run(u"pdftotext"_s, {u"-layout"_s, path, u"-"_s});
    if (text.isEmpty())
        QSKIP("pdftotext is not installed");
    QVERIFY(text.contains(mRich.number));
    QVERIFY(text.contains(u"暴露垃圾"_s));
    QVERIFY(text.contains(u"南京东路 233 号东侧人行道"_s));
    QVERIFY(text.contains(u"已全部清运，地面已冲洗"_s));
    QVERIFY(text.contains(u"请加快处置"_s));
    QVERIFY(text.contains(actionLabel(Action::RequestExtension)));
    QVERIFY(text.contains(CaseFilePdf::tr("Photos (%n)", nullptr, 4)));
    QCOMPARE(text.count(u'\f'), pages); // one form feed a page

    // A folder that does not exist: a clear failure, nothing written.
    const QString bad = mDir.filePath(u"missing/folder/case.pdf"_s);
    exported.clear();
    dock->exportPdf(bad);
    QVERIFY(exported.wait(WaitMs));
    QVERIFY(!exported.constFirst().at(1).toBool());
    QVERIFY(exported.constFirst().at(2).toString().contains(bad));
    QVERIFY(!QFile::exists(bad));
    QVERIFY(QFile::copy(path, QDir(QStringLiteral(CG_BINARY_DIR)).filePath(u"casedock-casefile.pdf"_s)) ||
            QFile::exists(QDir(QStringLiteral(CG_BINARY_DIR)).filePath(u"casedock-casefile.pdf"_s)));
}

void TestCaseFile::staleSendShowsWhatChangedAndKeepsTheForm()
{
    const Actor sup = mFixture.user(u"hp.sup1"_s);
    NewCaseRequest report;
    report.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    report.grid = mFixture.gridOf(sup, 11);
    report.description = u"conflict"_s;
    const CaseRecord c = mFixture.report(sup, report);
    mFixture.apply(mFixture.user(u"hp.acceptor"_s), c.id, Action::Accept);
    const CaseRecord filed = mFixture.apply(mFixture.user(u"hp.shift"_s), c.id, Action::File);

    Actor stationA = mFixture.user(u"hp.dispatcher"_s);
    stationA.station = u"station-A"_s;
    auto dock = mFixture.dockFor(stationA, c.id);
    ActionForm *form = openForm(*dock, Action::Dispatch);
    QVERIFY(form);
    auto *comment = form->findChild<QPlainTextEdit *>(u"comment"_s);
    typeText(comment, u"A站：请市容所处置"_s);

    // Another station dispatches first; this dock has not heard of it yet.
    Actor stationB = stationA;
    stationB.station = u"station-B"_s;
    ActionRequest dispatch;
    dispatch.unitId = mFixture.directory->suggestedUnit(filed);
    dispatch.comment = u"B站已派遣"_s;
    const CaseRecord dispatched = mFixture.apply(stationB, c.id, Action::Dispatch, dispatch);

    QSignalSpy refused(dock.get(), &CaseDock::actionRefused);
    QSignalSpy conflict(dock.get(), &CaseDock::conflictShown);
    QTest::mouseClick(form->findChild<QPushButton *>(u"send"_s), Qt::LeftButton);
    QVERIFY(conflict.wait(WaitMs));
    QCOMPARE(refused.size(), 1);
    QVERIFY(refused.constFirst().at(1).toString().contains(u"changed by someone else"_s));
    // What changed, plainly: the new state and the last event, by whom.
    const QString text = dock->conflictText();
    QCOMPARE(conflict.constFirst().constFirst().toString(), text);
    QVERIFY2(text.contains(stateLabel(CaseState::Dispatched)), qPrintable(text));
    QVERIFY(text.contains(actionLabel(Action::Dispatch)));
    QVERIFY(text.contains(stationB.name));
    QVERIFY(text.contains(u"B站已派遣"_s));
    QVERIFY(dock->findChild<QLabel *>(u"conflict"_s)->isVisible());
    QCOMPARE(dock->snapshot().record.version, dispatched.version);
    // The form is back, as typed; dispatching again is not possible and it says why.
    QCOMPARE(dock->actionForm(), form);
    QTRY_VERIFY(form->isVisible());
    QCOMPARE(comment->toPlainText(), u"A站：请市容所处置"_s);
    QCOMPARE(form->request().unitId, dispatch.unitId);
    QVERIFY(form->findChild<QLabel *>(u"conflict"_s)->isVisible());
    QVERIFY(form->findChild<QLabel *>(u"workflowError"_s)->isVisible());
    QVERIFY(!form->findChild<QPushButton *>(u"send"_s)->isEnabled());
    QCOMPARE(mFixture.events(c.id).size(), 4); // nothing more was written
    form->reject();
    QTRY_VERIFY(!dock->actionForm());
    QVERIFY(!dock->findChild<QLabel *>(u"conflict"_s)->isVisible());
}

void TestCaseFile::liveChangeKeepsTheFormAndAllowsResend()
{
    const Actor sup = mFixture.user(u"hp.sup1"_s);
    NewCaseRequest report;
    report.classKey = CatalogueKey::parse(u"event/06010"_s).value();
    report.grid = mFixture.gridOf(sup, 12);
    report.description = u"live"_s;
    const CaseRecord c = mFixture.report(sup, report);

    Actor a = mFixture.user(u"hp.inspector"_s);
    a.station = u"station-A"_s;
    Actor b = a;
    b.station = u"station-B"_s;
    auto dockA = mFixture.dockFor(a, c.id);
    auto dockB = mFixture.dockFor(b, c.id);
    ActionForm *formA = openForm(*dockA, Action::Urge);
    QVERIFY(formA);
    auto *commentA = formA->findChild<QPlainTextEdit *>(u"comment"_s);
    typeText(commentA, u"A站督办：今天必须处理"_s);

    // Station B urges and sends; station A hears of it through the store's change signal.
    ActionForm *formB = openForm(*dockB, Action::Urge);
    QVERIFY(formB);
    typeText(formB->findChild<QPlainTextEdit *>(u"comment"_s), u"B站督办"_s);
    QSignalSpy conflict(dockA.get(), &CaseDock::conflictShown);
    QSignalSpy appliedB(dockB.get(), &CaseDock::actionApplied);
    QTest::mouseClick(formB->findChild<QPushButton *>(u"send"_s), Qt::LeftButton);
    QVERIFY(appliedB.wait(WaitMs));
    QVERIFY(conflict.wait(WaitMs));
    QCOMPARE(dockA->snapshot().record.urgeCount, 1);
    QVERIFY(dockA->conflictText().contains(u"B站督办"_s));
    QVERIFY(dockA->timelineHtml().contains(u"station-B"_s));
    // Nothing typed is lost; the form now acts on the new version and may be sent again.
    QCOMPARE(dockA->actionForm(), formA);
    QVERIFY(formA->isVisible());
    QCOMPARE(commentA->toPlainText(), u"A站督办：今天必须处理"_s);
    QCOMPARE(formA->record().version, dockA->snapshot().record.version);
    auto *send = formA->findChild<QPushButton *>(u"send"_s);
    QVERIFY(send->isEnabled());
    QCOMPARE(send->text(), ActionForm::tr("Send again"));
    QVERIFY(!formA->findChild<QLabel *>(u"workflowError"_s)->isVisible());

    QSignalSpy appliedA(dockA.get(), &CaseDock::actionApplied);
    QTest::mouseClick(send, Qt::LeftButton);
    QVERIFY(appliedA.wait(WaitMs));
    const QList<CaseEvent> events = mFixture.events(c.id);
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(1).comment, u"B站督办"_s);
    QCOMPARE(events.at(1).station, u"station-B"_s);
    QCOMPARE(events.at(2).comment, u"A站督办：今天必须处理"_s);
    QCOMPARE(events.at(2).station, u"station-A"_s);
    QTRY_VERIFY(!dockA->findChild<QLabel *>(u"conflict"_s)->isVisible());
}

// Pictures of the dock for people to look at: <build>/casedock-<tab>.png (under Xvfb, the screen itself).
void TestCaseFile::screenshot()
{
    auto dock = mFixture.dockFor(mFixture.user(u"hp.sup1"_s), mRich.id);
    dock->resize(600, 1000);
    auto *tabs = dock->findChild<QTabWidget *>(u"caseTabs"_s);
    const bool onScreen = QGuiApplication::platformName() == u"xcb";
    const QStringList names{u"timeline"_s, u"deadlines"_s, u"photos"_s, u"location"_s, u"related"_s};
    for (int i = 0; i < names.size(); ++i) {
        tabs->setCurrentIndex(i);
        if (i == 3)
            QTRY_VERIFY_WITH_TIMEOUT(!dock->miniMap()->image().isNull() && !dock->miniMap()->isRendering(),
                                     WaitMs);
        QTest::qWait(onScreen ? 300 : 20); // let the window system paint what a person would see
        const QPixmap shot = onScreen ? dock->screen()->grabWindow(dock->winId()) : dock->grab();
        const QString path =
            QDir(QStringLiteral(CG_BINARY_DIR)).filePath(u"casedock-%1.png"_s.arg(names.at(i)));
        QVERIFY(shot.save(path));
    }
    // A check being written when another station urges the case: the dock and the form say what changed.
    tabs->setCurrentIndex(0);
    ActionForm *form = openForm(*dock, Action::CheckPass);
    QVERIFY(form);
    typeText(form->findChild<QPlainTextEdit *>(u"comment"_s), u"现场已清理干净"_s);
    QSignalSpy conflict(dock.get(), &CaseDock::conflictShown);
    ActionRequest urge;
    urge.comment = u"市督察：请尽快核查"_s;
    mFixture.apply(mFixture.user(u"hp.inspector"_s), mRich.id, Action::Urge, urge);
    mFixture.session->notifyLocalChange();
    QVERIFY(conflict.wait(WaitMs));
    QTest::qWait(onScreen ? 300 : 20);
    const QString dir = QStringLiteral(CG_BINARY_DIR);
    QVERIFY((onScreen ? dock->screen()->grabWindow(dock->winId()) : dock->grab())
                .save(QDir(dir).filePath(u"casedock-conflict.png"_s)));
    QVERIFY((onScreen ? form->screen()->grabWindow(form->winId()) : form->grab())
                .save(QDir(dir).filePath(u"casedock-conflict-form.png"_s)));
    QCOMPARE(form->comment(), u"现场已清理干净"_s);
}

QTEST_MAIN(TestCaseFile)
#include "test_casefile.moc"
