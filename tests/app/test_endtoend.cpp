// One case from report to close through the case dock, each step by the user whose role takes it, each with
// a fresh dock on the same store, by clicks and keys; and one case through self-disposal.
#include "casefixture.h"
#include "ui/cases/reportform.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>

using namespace Qt::Literals::StringLiterals;
using namespace cg;
using namespace cg::test;

namespace {

// Types `text` into `widget` key by key (QTest::keyClicks only knows Latin-1).
void typeText(QWidget *widget, const QString &text)
{
    widget->setFocus();
    for (const QChar c : text)
        QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
}

struct LoopStep
{
    QString login;
    Action action;
    QString comment;
};

} // namespace

class TestEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void reportToClose();
    void selfDisposal();
    void cleanupTestCase();

private:
    void act(CaseDock &dock, Action action, const QString &comment, const QStringList &photos = {});

    QTemporaryDir mDir;
    CaseFixture mFixture;
};

void TestEndToEnd::initTestCase()
{
    QVERIFY(mDir.isValid());
    QVERIFY(mFixture.open(mDir.filePath(u"e2e.sqlite"_s), 50));
}

void TestEndToEnd::cleanupTestCase()
{
    mFixture.session.reset();
}

// Clicks the dock's button of `action`, types the comment into its form, sends it and waits for the case
// service's answer.
void TestEndToEnd::act(CaseDock &dock, Action action, const QString &comment, const QStringList &photos)
{
    auto *button = dock.findChild<QPushButton *>(u"action_"_s + actionName(action));
    QVERIFY2(button,
             qPrintable(u"no button for %1 (role %2, state %3)"_s.arg(
                 actionName(action), roleName(dock.actor().role), stateName(dock.snapshot().record.state))));
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    ActionForm *form = nullptr;
    QTRY_VERIFY((form = dock.actionForm()) && form->isVisible());
    QCOMPARE(form->action(), action);
    if (!comment.isEmpty()) {
        auto *edit = form->findChild<QPlainTextEdit *>(u"comment"_s);
        QVERIFY(edit);
        typeText(edit, comment);
        QCOMPARE(edit->toPlainText(), comment);
    }
    form->addPhotoFiles(photos); // the file dialog is the platform's; the list is the form's
    QSignalSpy applied(&dock, &CaseDock::actionApplied);
    QSignalSpy refused(&dock, &CaseDock::actionRefused);
    auto *send = form->findChild<QPushButton *>(u"send"_s);
    QVERIFY(send && send->isEnabled());
    QTest::mouseClick(send, Qt::LeftButton);
    QVERIFY2(applied.wait(WaitMs),
             refused.isEmpty() ? "no answer" : qPrintable(refused.constFirst().at(1).toString()));
    QCOMPARE(applied.constFirst().at(1).value<Action>(), action);
    // The dock shows the case as it is now.
    const auto record = applied.constFirst().constFirst().value<CaseRecord>();
    QTRY_COMPARE_WITH_TIMEOUT(dock.snapshot().record.version, record.version, WaitMs);
    QCOMPARE(dock.findChild<QLabel *>(u"caseState"_s)->text(), stateLabel(record.state));
    QVERIFY(!dock.actionForm());
}

void TestEndToEnd::reportToClose()
{
    const Actor supervisor = mFixture.user(u"hp.sup1"_s);
    const UnitGridCode grid = mFixture.gridOf(supervisor, 3);
    const auto garbage = CatalogueKey::parse(u"event/06010"_s).value();
    const QString before = makePhoto(mDir.filePath(u"before.jpg"_s), QColor(0x8d, 0x6e, 0x63), u"BEFORE"_s);
    const QString after = makePhoto(mDir.filePath(u"after.jpg"_s), QColor(0x43, 0xa0, 0x47), u"AFTER"_s);

    // 1. The supervisor reports from the dock's report form.
    qint64 caseId = 0;
    {
        auto dock = mFixture.dockFor(supervisor);
        auto *reportButton = dock->findChild<QPushButton *>(u"newReport"_s);
        QVERIFY(reportButton && reportButton->isVisible());
        QTest::mouseClick(reportButton, Qt::LeftButton);
        ReportForm *form = nullptr;
        QTRY_VERIFY((form = dock->reportForm()) && form->isVisible());
        // Sent empty: refused, with the reason next to each field.
        QTest::mouseClick(form->findChild<QPushButton *>(u"send"_s), Qt::LeftButton);
        QVERIFY(form->isVisible());
        QVERIFY(form->findChild<QLabel *>(u"error_class"_s)->isVisible());
        QCOMPARE(form->findChild<QLabel *>(u"error_grid"_s)->text(),
                 ReportForm::tr("Enter the unit grid code."));
        QCOMPARE(form->findChild<QLabel *>(u"error_description"_s)->text(),
                 ReportForm::tr("Describe the problem."));

        form->setClass(garbage);
        auto *gridEdit = form->findChild<QLineEdit *>(u"grid"_s);
        QTest::keyClicks(gridEdit, u"3101"_s); // too short
        QTest::mouseClick(form->findChild<QPushButton *>(u"send"_s), Qt::LeftButton);
        QVERIFY(form->findChild<QLabel *>(u"error_grid"_s)->isVisible());
        QVERIFY(form->findChild<QLabel *>(u"error_grid"_s)->text().contains(u"3101"_s));
        gridEdit->clear();
        QTest::keyClicks(gridEdit, grid.text());
        typeText(form->findChild<QLineEdit *>(u"address"_s), u"南京东路 100 号门前"_s);
        typeText(form->findChild<QPlainTextEdit *>(u"description"_s), u"暴露垃圾一堆，约 2 平方米"_s);
        form->addBeforePhotos({before});
        QVERIFY2(form->validate().isEmpty(), qPrintable(form->validate()));
        QSignalSpy reported(dock.get(), &CaseDock::caseReported);
        QSignalSpy loaded(dock.get(), &CaseDock::caseLoaded);
        QTest::mouseClick(form->findChild<QPushButton *>(u"send"_s), Qt::LeftButton);
        QVERIFY(reported.wait(WaitMs));
        const auto record = reported.constFirst().constFirst().value<CaseRecord>();
        QCOMPARE(record.state, CaseState::Reported);
        QCOMPARE(record.grid, grid);
        QCOMPARE(record.description, u"暴露垃圾一堆，约 2 平方米"_s);
        QVERIFY(record.longitude != 0 && record.latitude != 0); // the grid's centre
        caseId = record.id;
        QVERIFY(loaded.wait(WaitMs) || dock->caseId() == caseId);
        QTRY_COMPARE_WITH_TIMEOUT(dock->caseId(), caseId, WaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(dock->isLoaded(), WaitMs);
        QCOMPARE(dock->snapshot().photos.size(), 1);
    }

    // 2. Each step by the role the workflow names, in a fresh dock logged in as that user.
    const QList<LoopStep> steps{
        {u"hp.acceptor"_s, Action::SendToVerify, u"请到现场核实"_s},
        {u"hp.sup1"_s, Action::VerifyConfirmed, u"现场确认属实"_s},
        {u"hp.acceptor"_s, Action::Accept, u"受理"_s},
        {u"hp.shift"_s, Action::File, u"符合立案条件"_s},
        {u"hp.dispatcher"_s, Action::Dispatch, u"请环卫处置"_s},
        {u"<unit>"_s, Action::ReportHandled, u"已清运完毕"_s},
        {u"hp.acceptor"_s, Action::SendToCheck, QString()},
        {u"hp.sup1"_s, Action::CheckPass, u"核查已整改"_s},
        {u"hp.shift"_s, Action::Close, u"结案"_s},
    };
    QStringList logins{supervisor.login};
    for (const LoopStep &step : steps) {
        QString login = step.login;
        if (login == u"<unit>") {
            const ResponsibleUnit *unit = mFixture.directory->unit(mFixture.find(caseId).unitId);
            QVERIFY(unit);
            login = u"unit."_s + unit->code;
        }
        const Actor actor = mFixture.user(login);
        auto dock = mFixture.dockFor(actor, caseId);
        const QStringList photos = step.action == Action::ReportHandled || step.action == Action::CheckPass
                                       ? QStringList{after}
                                       : QStringList{};
        act(*dock, step.action, step.comment, photos);
        if (QTest::currentTestFailed())
            return;
        logins.append(login);
    }

    // The store holds the whole loop: who did what, in which role, with the words typed.
    const CaseRecord closed = mFixture.find(caseId);
    QCOMPARE(closed.state, CaseState::Closed);
    QCOMPARE(closed.closingType, ClosingType::Normal);
    QVERIFY(closed.unitId > 0);
    const QList<CaseEvent> events = mFixture.events(caseId);
    QCOMPARE(events.size(), steps.size() + 1);
    QCOMPARE(events.first().action, Action::Report);
    QCOMPARE(events.first().role, Role::Supervisor);
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const CaseEvent &e = events.at(i + 1);
        QCOMPARE(e.action, steps.at(i).action);
        QCOMPARE(e.actorName, mFixture.user(logins.at(i + 1)).name);
        QCOMPARE(e.comment, steps.at(i).comment);
    }
    QCOMPARE(events.at(6).role, Role::UnitHandler);
    QCOMPARE(events.at(9).role, Role::ShiftLeader);

    // The shift leader's dock of the closed case: the whole file, and nothing left to do.
    auto dock = mFixture.dockFor(mFixture.user(u"hp.shift"_s), caseId);
    QVERIFY(dock->actionButtons().isEmpty() ||
            !dock->actionButtons().first()->objectName().startsWith(u"action_close"_s));
    QCOMPARE(dock->snapshot().photos.size(), 3); // before; after (handled); after (checked)
    for (const LoopStep &step : steps) {
        if (!step.comment.isEmpty())
            QVERIFY2(dock->timelineHtml().contains(step.comment), qPrintable(step.comment));
    }
}

void TestEndToEnd::selfDisposal()
{
    const Actor supervisor = mFixture.user(u"hp.sup1"_s);
    const UnitGridCode grid = mFixture.gridOf(supervisor, 5);
    const CatalogueClass *cls = nullptr;
    for (const CatalogueClass &c : mFixture.directory->catalogue().classes()) {
        if (c.selfDisposalAllowed) {
            cls = &c;
            break;
        }
    }
    QVERIFY(cls);
    const QString before =
        makePhoto(mDir.filePath(u"sd-before.jpg"_s), QColor(0x79, 0x55, 0x48), u"BEFORE"_s);
    const QString after = makePhoto(mDir.filePath(u"sd-after.jpg"_s), QColor(0x2e, 0x7d, 0x32), u"AFTER"_s);

    auto dock = mFixture.dockFor(supervisor);
    auto *button = dock->findChild<QPushButton *>(u"newSelfDisposal"_s);
    QVERIFY(button && button->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    ReportForm *form = nullptr;
    QTRY_VERIFY((form = dock->reportForm()) && form->isVisible());
    QVERIFY(form->isSelfDisposal());
    form->setClass(cls->key);
    QTest::keyClicks(form->findChild<QLineEdit *>(u"grid"_s), grid.text());
    typeText(form->findChild<QPlainTextEdit *>(u"description"_s), u"小广告已当场清除"_s);
    form->addBeforePhotos({before});
    // Without the photo after, the form refuses, saying so next to the field.
    QTest::mouseClick(form->findChild<QPushButton *>(u"send"_s), Qt::LeftButton);
    QVERIFY(form->isVisible());
    auto *afterError = form->findChild<QLabel *>(u"error_afterPhotos"_s);
    QVERIFY(afterError && afterError->isVisible());
    QCOMPARE(afterError->text(), ReportForm::tr("Add a photo after it was fixed."));
    form->addAfterPhotos({after});
    QSignalSpy reported(dock.get(), &CaseDock::caseReported);
    QTest::mouseClick(form->findChild<QPushButton *>(u"send"_s), Qt::LeftButton);
    QVERIFY(reported.wait(WaitMs));
    const auto record = reported.constFirst().constFirst().value<CaseRecord>();
    QCOMPARE(record.state, CaseState::SelfDisposed);
    QTRY_VERIFY_WITH_TIMEOUT(dock->isLoaded() && dock->caseId() == record.id, WaitMs);
    QCOMPARE(dock->snapshot().photos.size(), 2);
    QCOMPARE(dock->snapshot().photos.at(0).phase, PhotoPhase::Before);
    QCOMPARE(dock->snapshot().photos.at(1).phase, PhotoPhase::After);

    // The acceptor reviews and approves it in a dock of their own.
    auto acceptorDock = mFixture.dockFor(mFixture.user(u"hp.acceptor"_s), record.id);
    act(*acceptorDock, Action::ApproveSelfDisposal, u"照片清楚，同意"_s);
    if (QTest::currentTestFailed())
        return;
    const CaseRecord closed = mFixture.find(record.id);
    QCOMPARE(closed.state, CaseState::Closed);
    QCOMPARE(closed.closingType, ClosingType::SelfDisposal);
    QCOMPARE(mFixture.events(record.id).size(), 2);
}

QTEST_MAIN(TestEndToEnd)
#include "test_endtoend.moc"
