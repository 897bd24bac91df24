// The action form: exactly the fields an action needs, and what it refuses to send.
#include "ui/cases/actionform.h"
#include "ui/cases/caseformat.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

using Field = ActionForm::Field;

class TestActionForm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fields_data();
    void fields();
    void requiredComment_data();
    void requiredComment();
    void dispatchPreselectsSuggestedUnit();
    void extensionDateMustBeLater();
    void parkDateMustLieAhead();
    void photosMustBeReadable();
    void requestCarriesVersionAndChoices();
    void refusesWhatTheWorkflowRefuses();
    void showsEachProblemNextToItsField();
    void conflictKeepsWhatWasTyped();

private:
    CaseRecord mCase;
    CaseDirectory mDirectory;
    qint64 mSuggested = 0;
};

void TestActionForm::initTestCase()
{
    auto catalogue = Catalogue::loadDefault();
    QVERIFY2(catalogue.ok(), qPrintable(catalogue.errorMessage()));
    // A class whose rule for area B names a unit type.
    const CatalogueClass *cls = nullptr;
    for (const CatalogueClass &c : catalogue->classes()) {
        if (!c.rule(AreaClass::B).unitType.isEmpty()) {
            cls = &c;
            break;
        }
    }
    QVERIFY(cls);
    const QString type = cls->rule(AreaClass::B).unitType;
    QString otherType;
    for (const UnitType &t : catalogue->unitTypes()) {
        if (t.code != type) {
            otherType = t.code;
            break;
        }
    }
    QVERIFY(!otherType.isEmpty());

    mCase.id = 42;
    mCase.number = u"202611290042"_s;
    mCase.version = 7;
    mCase.state = CaseState::Dispatched;
    mCase.classKey = cls->key;
    mCase.areaClass = AreaClass::B;
    mCase.community = *JurisdictionCode::parse(u"310104003001"_s);
    mCase.grid = *UnitGridCode::parse(u"310104003001001"_s);
    mCase.address = u"天平路 1 号"_s;
    mCase.handlingDueAt = QDateTime::currentDateTimeUtc().addSecs(2 * 3600);

    const JurisdictionCode xuhui = *JurisdictionCode::parse(u"310104"_s);
    const JurisdictionCode huangpu = *JurisdictionCode::parse(u"310101"_s);
    QList<ResponsibleUnit> units{
        {1, u"hp.a"_s, u"黄浦区 right type"_s, type, huangpu},    // right type, other district
        {2, u"xh.b"_s, u"徐汇区 other type"_s, otherType, xuhui}, // case's district, other type
        {3, u"xh.a"_s, u"徐汇区 right type"_s, type, xuhui},      // the one to suggest
    };
    mSuggested = 3;
    mDirectory.setCatalogue(*catalogue);
    mDirectory.setUnits(units);
    mDirectory.setJurisdictions({{xuhui, u"徐汇区"_s, AreaClass::B}, {huangpu, u"黄浦区"_s, AreaClass::A}});
    QCOMPARE(mDirectory.suggestedUnit(mCase), mSuggested);
}

void TestActionForm::fields_data()
{
    QTest::addColumn<Action>("action");
    QTest::addColumn<QList<Field>>("fields");
    QTest::newRow("accept") << Action::Accept << QList<Field>{Field::Comment};
    QTest::newRow("reject") << Action::Reject << QList<Field>{Field::Comment};
    QTest::newRow("dispatch") << Action::Dispatch << QList<Field>{Field::Comment, Field::Unit};
    QTest::newRow("request_extension")
        << Action::RequestExtension << QList<Field>{Field::Comment, Field::Date};
    QTest::newRow("request_park") << Action::RequestPark << QList<Field>{Field::Comment, Field::Date};
    QTest::newRow("close") << Action::Close << QList<Field>{Field::Comment, Field::ClosingType};
    QTest::newRow("urge") << Action::Urge << QList<Field>{Field::Comment, Field::UrgeLevel};
    QTest::newRow("report_handled") << Action::ReportHandled << QList<Field>{Field::Comment, Field::Photos};
    QTest::newRow("report_stage") << Action::ReportStage << QList<Field>{Field::Comment, Field::Photos};
    QTest::newRow("check_fail") << Action::CheckFail << QList<Field>{Field::Comment, Field::Photos};
    QTest::newRow("check_pass") << Action::CheckPass << QList<Field>{Field::Comment, Field::Photos};
    QTest::newRow("approve_extension") << Action::ApproveExtension << QList<Field>{Field::Comment};
}

void TestActionForm::fields()
{
    QFETCH(Action, action);
    QFETCH(QList<Field>, fields);
    ActionForm form(action, mCase, mDirectory);
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    QCOMPARE(form.fields(), fields);

    const struct
    {
        Field field;
        const char16_t *objectName;
    } widgets[] = {{Field::Comment, u"comment"},     {Field::Unit, u"unit"},
                   {Field::Date, u"date"},           {Field::ClosingType, u"closingType"},
                   {Field::UrgeLevel, u"urgeLevel"}, {Field::Photos, u"photos"}};
    for (const auto &w : widgets) {
        auto *widget = form.findChild<QWidget *>(QString::fromUtf16(w.objectName));
        const bool expected = fields.contains(w.field);
        QVERIFY2(bool(widget) == expected, qPrintable(u"field %1"_s.arg(QString::fromUtf16(w.objectName))));
        if (widget)
            QVERIFY(widget->isVisibleTo(&form));
    }
    // The send button says what it does.
    auto *send = form.findChild<QPushButton *>(u"send"_s);
    QVERIFY(send);
    QCOMPARE(send->text(), actionLabel(action));
}

void TestActionForm::requiredComment_data()
{
    QTest::addColumn<Action>("action");
    QTest::addColumn<bool>("required");
    QTest::newRow("reject") << Action::Reject << true;
    QTest::newRow("decline_to_file") << Action::DeclineToFile << true;
    QTest::newRow("send_back") << Action::SendBack << true;
    QTest::newRow("request_return") << Action::RequestReturn << true;
    QTest::newRow("propose_void") << Action::ProposeVoid << true;
    QTest::newRow("refuse_self_disposal") << Action::RefuseSelfDisposal << true;
    QTest::newRow("check_fail") << Action::CheckFail << true;
    QTest::newRow("report_handled") << Action::ReportHandled << true;
    QTest::newRow("accept") << Action::Accept << false;
    QTest::newRow("file") << Action::File << false;
    QTest::newRow("urge") << Action::Urge << false;
    QTest::newRow("close") << Action::Close << false;
}

void TestActionForm::requiredComment()
{
    QFETCH(Action, action);
    QFETCH(bool, required);
    QCOMPARE(ActionForm::needsComment(action), required);

    ActionForm form(action, mCase, mDirectory);
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    auto *error = form.findChild<QLabel *>(u"error"_s);
    QVERIFY(error);
    QVERIFY(!error->isVisible());

    form.setComment(u"   "_s);
    form.accept();
    if (required) {
        QVERIFY(!form.validate().isEmpty());
        QVERIFY(form.isVisible()); // not sent
        QCOMPARE(form.result(), int(QDialog::Rejected));
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(), form.validate());

        form.setComment(u"现场核查后仍未整改"_s);
        QVERIFY(form.validate().isEmpty());
        form.accept();
    }
    QCOMPARE(form.result(), int(QDialog::Accepted));
    QVERIFY(!form.isVisible());
    QCOMPARE(form.request().comment, required ? u"现场核查后仍未整改"_s : QString());
}

void TestActionForm::dispatchPreselectsSuggestedUnit()
{
    CaseRecord filed = mCase;
    filed.state = CaseState::Filed;
    filed.handlingDueAt = {};
    ActionForm form(Action::Dispatch, filed, mDirectory);
    auto *unit = form.findChild<QComboBox *>(u"unit"_s);
    QVERIFY(unit);
    QCOMPARE(unit->count(), 3);
    QCOMPARE(unit->currentData().toLongLong(), mSuggested);
    // The case's own district comes first, the other district's unit last.
    QCOMPARE(unit->itemData(2).toLongLong(), qint64(1));
    QCOMPARE(form.request().unitId, mSuggested);
    QVERIFY(form.validate().isEmpty());

    // No unit chosen: refused before sending.
    unit->setCurrentIndex(-1);
    QVERIFY(!form.validate().isEmpty());
    form.setUnit(1);
    QVERIFY(form.validate().isEmpty());
    QCOMPARE(form.request().unitId, qint64(1));
}

void TestActionForm::extensionDateMustBeLater()
{
    ActionForm form(Action::RequestExtension, mCase, mDirectory);
    form.setComment(u"需要采购材料"_s);
    // Preset: later than the current deadline.
    QVERIFY2(form.validate().isEmpty(), qPrintable(form.validate()));
    QVERIFY(form.request().requestedDate > mCase.handlingDueAt);

    form.setDate(mCase.handlingDueAt.addSecs(-3600));
    QVERIFY(!form.validate().isEmpty());
    const QDateTime wanted = mCase.handlingDueAt.addDays(3);
    form.setDate(wanted);
    QVERIFY(form.validate().isEmpty());
    // Minutes are what the form shows (Shanghai wall-clock time, UTC+8).
    QCOMPARE(form.request().requestedDate.toSecsSinceEpoch() / 60, wanted.toSecsSinceEpoch() / 60);
    auto *edit = form.findChild<QDateTimeEdit *>(u"date"_s);
    QVERIFY(edit);
    QCOMPARE(edit->dateTime().toString(u"yyyy-MM-dd HH:mm"_s), CaseFormat::dateTime(wanted));
}

void TestActionForm::parkDateMustLieAhead()
{
    ActionForm form(Action::RequestPark, mCase, mDirectory);
    form.setComment(u"道路施工期间暂停处置"_s);
    QVERIFY(form.validate().isEmpty());
    QVERIFY(form.request().requestedDate > QDateTime::currentDateTimeUtc());
    form.setDate(QDateTime::currentDateTimeUtc().addSecs(-2 * 3600)); // clamped to the minimum: now
    QVERIFY(!form.validate().isEmpty());
}

void TestActionForm::photosMustBeReadable()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString photo = dir.filePath(u"after.png"_s);
    QImage image(32, 24, QImage::Format_RGB32);
    image.fill(Qt::darkGreen);
    QVERIFY(image.save(photo));

    ActionForm form(Action::ReportHandled, mCase, mDirectory);
    form.setComment(u"已清理完毕"_s);
    form.addPhotoFiles({dir.filePath(u"missing.jpg"_s)});
    QVERIFY(!form.validate().isEmpty());

    ActionForm good(Action::ReportHandled, mCase, mDirectory);
    good.setComment(u"已清理完毕"_s);
    good.addPhotoFiles({photo, photo}); // the same file once
    QVERIFY(good.validate().isEmpty());
    QCOMPARE(good.photoFiles(), QStringList{photo});
    QCOMPARE(good.findChild<QListWidget *>(u"photos"_s)->count(), 1);
    QVERIFY(good.request().attachments.isEmpty()); // hashes are added when the files are stored
}

void TestActionForm::requestCarriesVersionAndChoices()
{
    CaseRecord passed = mCase;
    passed.state = CaseState::CheckPassed;
    ActionForm close(Action::Close, passed, mDirectory);
    auto *type = close.findChild<QComboBox *>(u"closingType"_s);
    QVERIFY(type);
    type->setCurrentIndex(type->findData(int(ClosingType::Overdue)));
    const ActionRequest request = close.request();
    QCOMPARE(request.caseId, passed.id);
    QCOMPARE(request.expectedVersion, passed.version);
    QCOMPARE(request.action, Action::Close);
    QCOMPARE(request.closingType, ClosingType::Overdue);
    QVERIFY(!request.requestId.isEmpty());
    QCOMPARE(close.request().requestId, request.requestId); // a retry is the same request

    ActionForm urge(Action::Urge, mCase, mDirectory);
    auto *level = urge.findChild<QComboBox *>(u"urgeLevel"_s);
    QVERIFY(level);
    QCOMPARE(level->count(), 3);
    level->setCurrentIndex(level->findData(int(UrgeLevel::Listed)));
    QCOMPARE(urge.request().urgeLevel, UrgeLevel::Listed);
}

void TestActionForm::refusesWhatTheWorkflowRefuses()
{
    // A unit handler's form to report handling on a case that is no longer dispatched.
    CaseFacts facts;
    facts.state = CaseState::Handled;
    ActionForm form(Action::ReportHandled, mCase, mDirectory);
    form.setComment(u"已处理"_s);
    form.setWorkflow(facts, Role::UnitHandler);
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    const auto refusal = decide(facts, Action::ReportHandled, Role::UnitHandler);
    QVERIFY(!refusal);
    QCOMPARE(form.workflowProblem(), ActionForm::tr("\"%1\" is not possible now: %2")
                                         .arg(actionLabel(Action::ReportHandled), refusal.errorMessage()));
    QCOMPARE(form.validate(), form.workflowProblem());
    auto *workflow = form.findChild<QLabel *>(u"workflowError"_s);
    QVERIFY(workflow && workflow->isVisible());
    QCOMPARE(workflow->text(), form.workflowProblem());
    QVERIFY(!form.findChild<QPushButton *>(u"send"_s)->isEnabled());
    form.accept();
    QVERIFY(form.isVisible());

    // The wrong role for a legal action: refused as well.
    facts.state = CaseState::Dispatched;
    form.setWorkflow(facts, Role::Dispatcher);
    QVERIFY(!form.workflowProblem().isEmpty());
    form.setWorkflow(facts, Role::UnitHandler);
    QVERIFY(form.workflowProblem().isEmpty());
    QVERIFY(form.findChild<QPushButton *>(u"send"_s)->isEnabled());
    QVERIFY(!workflow->isVisible());
}

void TestActionForm::showsEachProblemNextToItsField()
{
    ActionForm form(Action::RequestExtension, mCase, mDirectory);
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    form.setDate(mCase.handlingDueAt.addSecs(-60));
    form.accept();
    const auto problems = form.fieldProblems();
    QCOMPARE(problems.size(), 2);
    auto *commentError = form.findChild<QLabel *>(u"error_comment"_s);
    auto *dateError = form.findChild<QLabel *>(u"error_date"_s);
    QVERIFY(commentError && commentError->isVisible());
    QVERIFY(dateError && dateError->isVisible());
    QCOMPARE(commentError->text(),
             ActionForm::tr("Give the reason for \"%1\".").arg(actionLabel(Action::RequestExtension)));
    QCOMPARE(dateError->text(),
             ActionForm::tr("The new due date must be later than the current deadline, %1.")
                 .arg(CaseFormat::dateTime(mCase.handlingDueAt)));
    // Typing the reason clears its message at once; the date's stays.
    form.setComment(u"需要采购材料"_s);
    QVERIFY(!commentError->isVisible());
    QVERIFY(dateError->isVisible());
    QCOMPARE(form.validate(), dateError->text());
}

void TestActionForm::conflictKeepsWhatWasTyped()
{
    CaseRecord filed = mCase;
    filed.state = CaseState::Filed;
    filed.handlingDueAt = {};
    CaseFacts facts;
    facts.state = CaseState::Filed;
    ActionForm form(Action::Dispatch, filed, mDirectory);
    form.setWorkflow(facts, Role::Dispatcher);
    form.setComment(u"请徐汇区市容所处置"_s);
    form.setUnit(1);
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    const QString requestId = form.request().requestId;

    // Someone urged the case meanwhile: dispatching is still possible, on the new version.
    CaseRecord urged = filed;
    urged.version = filed.version + 1;
    urged.urgeCount = 1;
    form.setConflict(urged, facts, u"Case 202611290042 was changed meanwhile: Urge."_s);
    auto *conflict = form.findChild<QLabel *>(u"conflict"_s);
    QVERIFY(conflict->isVisible());
    QVERIFY(conflict->text().startsWith(u"Case 202611290042 was changed meanwhile: Urge."_s));
    QCOMPARE(form.comment(), u"请徐汇区市容所处置"_s);
    QCOMPARE(form.request().unitId, qint64(1));
    QCOMPARE(form.request().expectedVersion, urged.version);
    QCOMPARE(form.request().requestId, requestId);
    auto *send = form.findChild<QPushButton *>(u"send"_s);
    QVERIFY(send->isEnabled());
    QCOMPARE(send->text(), ActionForm::tr("Send again"));

    // Another dispatcher was faster: no longer possible, but nothing typed is lost.
    CaseRecord dispatched = urged;
    dispatched.version = urged.version + 1;
    dispatched.state = CaseState::Dispatched;
    facts.state = CaseState::Dispatched;
    form.setConflict(dispatched, facts, u"Dispatched by someone else."_s);
    QVERIFY(!send->isEnabled());
    QVERIFY(form.findChild<QLabel *>(u"workflowError"_s)->isVisible());
    QCOMPARE(form.comment(), u"请徐汇区市容所处置"_s);
    form.accept();
    QVERIFY(form.isVisible());
}

QTEST_MAIN(TestActionForm)
#include "test_actionform.moc"
