#include "ui/cases/actionform.h"

#include "ui/cases/caseformat.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QUuid>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace cg {

QList<ActionForm::Field> ActionForm::fieldsFor(Action action)
{
    QList<Field> fields{Field::Comment};
    switch (action) {
    case Action::Dispatch:
        fields.append(Field::Unit);
        break;
    case Action::RequestExtension:
    case Action::RequestPark:
        fields.append(Field::Date);
        break;
    case Action::Close:
        fields.append(Field::ClosingType);
        break;
    case Action::Urge:
        fields.append(Field::UrgeLevel);
        break;
    case Action::ReportHandled:
    case Action::ReportStage:
    case Action::VerifyConfirmed:
    case Action::VerifyNotFound:
    case Action::CheckPass:
    case Action::CheckFail:
        fields.append(Field::Photos);
        break;
    default:
        break;
    }
    return fields;
}

bool ActionForm::needsComment(Action action)
{
    return actionNeedsReason(action); // the same rule CaseService::apply enforces
}

ActionForm::ActionForm(Action action, const CaseRecord &record, const CaseDirectory &directory,
                       QWidget *parent)
    : QDialog(parent)
    , mAction(action)
    , mRecord(record)
    , mFields(fieldsFor(action))
    , mRequestId(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    setObjectName(u"actionForm"_s);
    setWindowTitle(tr("%1: case %2").arg(actionLabel(action), record.number));
    setMinimumWidth(460);

    auto *layout = new QVBoxLayout(this);
    QString className = directory.className(record.classKey);
    if (className.isEmpty())
        className = record.classKey.toString();
    auto *header =
        new QLabel(tr("<b>%1</b> · %2 · %3<br>%4")
                       .arg(record.number.toHtmlEscaped(), stateLabel(record.state).toHtmlEscaped(),
                            className.toHtmlEscaped(), record.address.toHtmlEscaped()),
                   this);
    header->setObjectName(u"caseSummary"_s);
    header->setWordWrap(true);
    layout->addWidget(header);

    mConflict = new QLabel(this);
    mConflict->setObjectName(u"conflict"_s);
    mConflict->setWordWrap(true);
    mConflict->setTextFormat(Qt::PlainText);
    mConflict->setStyleSheet(
        u"QLabel { background: #fff3e0; color: #6d3a00; border: 1px solid #ffb74d; padding: 6px; }"_s);
    mConflict->hide();
    layout->addWidget(mConflict);
    mWorkflow = new QLabel(this);
    mWorkflow->setObjectName(u"workflowError"_s);
    mWorkflow->setWordWrap(true);
    mWorkflow->setTextFormat(Qt::PlainText);
    mWorkflow->setStyleSheet(u"QLabel { color: #b71c1c; font-weight: bold; }"_s);
    mWorkflow->hide();
    layout->addWidget(mWorkflow);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(form);

    for (Field field : std::as_const(mFields)) {
        switch (field) {
        case Field::Comment: {
            mComment = new QPlainTextEdit(this);
            mComment->setObjectName(u"comment"_s);
            mComment->setTabChangesFocus(true);
            mComment->setMinimumHeight(90);
            QString label;
            if (action == Action::ReportHandled)
                label = tr("Result (required):");
            else if (needsComment(action))
                label = tr("Reason (required):");
            else
                label = tr("Comment (optional):");
            mComment->setPlaceholderText(needsComment(action)
                                             ? tr("Say what was done or why; this goes into the case file.")
                                             : tr("A note for the case file"));
            form->addRow(label, mComment);
            form->addRow(QString(), addFieldError(field, u"comment"_s));
            connect(mComment, &QPlainTextEdit::textChanged, this, [this] {
                if (mError->isVisible())
                    showProblems();
            });
            break;
        }
        case Field::Unit:
            form->addRow(tr("Responsible unit:"), buildUnitField(directory));
            form->addRow(QString(), addFieldError(field, u"unit"_s));
            connect(mUnit, &QComboBox::currentIndexChanged, this, [this] {
                if (mError->isVisible())
                    showProblems();
            });
            break;
        case Field::Date: {
            mDate = new QDateTimeEdit(this);
            mDate->setObjectName(u"date"_s);
            mDate->setTimeSpec(Qt::UTC); // shows Shanghai wall-clock time (see CaseFormat::toWallClock)
            mDate->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
            mDate->setCalendarPopup(true);
            const QDateTime now = QDateTime::currentDateTimeUtc();
            QDateTime start;
            if (action == Action::RequestExtension) {
                const QDateTime due = record.handlingDueAt.isValid() ? record.handlingDueAt : now;
                start = std::max(due, now).addDays(1);
                form->addRow(tr("New due date (UTC+8):"), mDate);
                if (record.handlingDueAt.isValid()) {
                    auto *current = new QLabel(
                        tr("Current deadline: %1").arg(CaseFormat::dateTime(record.handlingDueAt)), this);
                    form->addRow(QString(), current);
                }
            } else {
                start = now.addDays(7);
                form->addRow(tr("Resume on (UTC+8):"), mDate);
            }
            mDate->setMinimumDateTime(CaseFormat::toWallClock(now));
            mDate->setDateTime(CaseFormat::toWallClock(start));
            form->addRow(QString(), addFieldError(field, u"date"_s));
            break;
        }
        case Field::ClosingType:
            mClosingType = new QComboBox(this);
            mClosingType->setObjectName(u"closingType"_s);
            for (ClosingType t :
                 {ClosingType::Normal, ClosingType::Overdue, ClosingType::Error, ClosingType::Special})
                mClosingType->addItem(closingTypeLabel(t), int(t));
            form->addRow(tr("Closing type:"), mClosingType);
            break;
        case Field::UrgeLevel:
            mUrgeLevel = new QComboBox(this);
            mUrgeLevel->setObjectName(u"urgeLevel"_s);
            for (UrgeLevel l : {UrgeLevel::Ordinary, UrgeLevel::Key, UrgeLevel::Listed})
                mUrgeLevel->addItem(urgeLevelLabel(l), int(l));
            form->addRow(tr("Urge level:"), mUrgeLevel);
            break;
        case Field::Photos: {
            auto *box = new QWidget(this);
            auto *boxLayout = new QVBoxLayout(box);
            boxLayout->setContentsMargins(0, 0, 0, 0);
            mPhotos = new QListWidget(box);
            mPhotos->setObjectName(u"photos"_s);
            mPhotos->setMaximumHeight(90);
            auto *buttons = new QHBoxLayout;
            auto *add = new QPushButton(tr("Add photos…"), box);
            add->setObjectName(u"addPhotos"_s);
            mRemovePhoto = new QPushButton(tr("Remove"), box);
            mRemovePhoto->setEnabled(false);
            buttons->addWidget(add);
            buttons->addWidget(mRemovePhoto);
            buttons->addStretch(1);
            boxLayout->addWidget(mPhotos);
            boxLayout->addLayout(buttons);
            connect(add, &QPushButton::clicked, this, &ActionForm::choosePhotos);
            connect(mRemovePhoto, &QPushButton::clicked, this, &ActionForm::removePhoto);
            connect(mPhotos, &QListWidget::currentRowChanged, this,
                    [this](int row) { mRemovePhoto->setEnabled(row >= 0); });
            form->addRow(tr("Photos:"), box);
            form->addRow(QString(), addFieldError(field, u"photos"_s));
            break;
        }
        }
    }

    mError = new QLabel(this);
    mError->setObjectName(u"error"_s);
    mError->setWordWrap(true);
    mError->setStyleSheet(u"color: #b71c1c;"_s);
    mError->hide();
    layout->addWidget(mError);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *ok = buttons->addButton(actionLabel(action), QDialogButtonBox::AcceptRole);
    ok->setObjectName(u"send"_s);
    ok->setDefault(true);
    mSend = ok;
    buttons->addButton(tr("Cancel"), QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &ActionForm::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ActionForm::reject);
    layout->addWidget(buttons);
}

QWidget *ActionForm::buildUnitField(const CaseDirectory &directory)
{
    mUnit = new QComboBox(this);
    mUnit->setObjectName(u"unit"_s);
    mUnit->setPlaceholderText(tr("Choose the responsible unit"));
    const qint64 suggested = directory.suggestedUnit(mRecord);
    const JurisdictionCode district = mRecord.district();
    // The case's own district first, then the others.
    QList<const ResponsibleUnit *> ordered;
    for (const ResponsibleUnit &u : directory.units()) {
        if (!district.isNull() && u.jurisdiction == district)
            ordered.append(&u);
    }
    for (const ResponsibleUnit &u : directory.units()) {
        if (district.isNull() || !(u.jurisdiction == district))
            ordered.append(&u);
    }
    for (const ResponsibleUnit *u : std::as_const(ordered)) {
        const UnitType *type = directory.catalogue().unitType(u->unitType);
        QString text = u->id == suggested ? tr("%1 (suggested)").arg(u->name) : u->name;
        mUnit->addItem(text, u->id);
        if (type)
            mUnit->setItemData(mUnit->count() - 1, CaseFormat::unitTypeName(*type), Qt::ToolTipRole);
    }
    mUnit->setCurrentIndex(suggested > 0 ? mUnit->findData(suggested) : -1);
    mUnit->setMinimumContentsLength(18);
    return mUnit;
}

void ActionForm::choosePhotos()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Choose photos"), QString(), tr("Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)"));
    addPhotoFiles(files);
}

void ActionForm::addPhotoFiles(const QStringList &files)
{
    if (!mPhotos)
        return;
    for (const QString &file : files) {
        if (photoFiles().contains(file))
            continue;
        auto *item = new QListWidgetItem(QFileInfo(file).fileName(), mPhotos);
        item->setData(Qt::UserRole, file);
        item->setToolTip(file);
    }
}

void ActionForm::removePhoto()
{
    delete mPhotos->currentItem();
}

QStringList ActionForm::photoFiles() const
{
    QStringList files;
    if (!mPhotos)
        return files;
    for (int i = 0; i < mPhotos->count(); ++i)
        files.append(mPhotos->item(i)->data(Qt::UserRole).toString());
    return files;
}

void ActionForm::setComment(const QString &text)
{
    if (mComment)
        mComment->setPlainText(text);
}

void ActionForm::setUnit(qint64 unitId)
{
    if (mUnit)
        mUnit->setCurrentIndex(mUnit->findData(unitId));
}

void ActionForm::setDate(const QDateTime &utc)
{
    if (mDate)
        mDate->setDateTime(CaseFormat::toWallClock(utc));
}

QMap<ActionForm::Field, QString> ActionForm::fieldProblems() const
{
    QMap<Field, QString> problems;
    if (mComment && needsComment(mAction) && mComment->toPlainText().trimmed().isEmpty())
        problems.insert(Field::Comment, mAction == Action::ReportHandled
                                            ? tr("Describe the result of the handling.")
                                            : tr("Give the reason for \"%1\".").arg(actionLabel(mAction)));
    if (mUnit && mUnit->currentIndex() < 0)
        problems.insert(Field::Unit, tr("Choose the responsible unit."));
    if (mDate) {
        const QDateTime date = CaseFormat::fromWallClock(mDate->dateTime());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (mAction == Action::RequestExtension && mRecord.handlingDueAt.isValid() &&
            date <= mRecord.handlingDueAt)
            problems.insert(Field::Date, tr("The new due date must be later than the current deadline, %1.")
                                             .arg(CaseFormat::dateTime(mRecord.handlingDueAt)));
        else if (date <= now)
            problems.insert(Field::Date, tr("The date must lie in the future."));
    }
    for (const QString &file : photoFiles()) {
        const QFileInfo info(file);
        if (!info.isFile() || !info.isReadable()) {
            problems.insert(Field::Photos,
                            tr("The photo %1 cannot be read.").arg(QDir::toNativeSeparators(file)));
            break;
        }
    }
    return problems;
}

QString ActionForm::workflowProblem() const
{
    if (!mFacts)
        return {};
    const auto to = decide(*mFacts, mAction, mRole);
    if (to)
        return {};
    return tr("\"%1\" is not possible now: %2").arg(actionLabel(mAction), to.errorMessage());
}

QString ActionForm::validate() const
{
    if (const QString workflow = workflowProblem(); !workflow.isEmpty())
        return workflow;
    const QMap<Field, QString> problems = fieldProblems();
    // In the order the fields are shown.
    for (Field field : mFields) {
        if (problems.contains(field))
            return problems.value(field);
    }
    return {};
}

QLabel *ActionForm::addFieldError(Field field, const QString &name)
{
    auto *label = new QLabel(this);
    label->setObjectName(u"error_"_s + name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(u"color: #b71c1c;"_s);
    label->hide();
    mFieldErrors.insert(field, label);
    return label;
}

void ActionForm::showProblems()
{
    const QMap<Field, QString> problems = fieldProblems();
    for (auto it = mFieldErrors.begin(); it != mFieldErrors.end(); ++it) {
        it.value()->setText(problems.value(it.key()));
        it.value()->setVisible(problems.contains(it.key()));
    }
    const QString workflow = workflowProblem();
    mWorkflow->setText(workflow);
    mWorkflow->setVisible(!workflow.isEmpty());
    mSend->setEnabled(workflow.isEmpty());
    const QString problem = validate();
    mError->setText(problem);
    mError->setVisible(!problem.isEmpty());
}

void ActionForm::setWorkflow(const CaseFacts &facts, Role role)
{
    mFacts = facts;
    mRole = role;
    const QString workflow = workflowProblem();
    mWorkflow->setText(workflow);
    mWorkflow->setVisible(!workflow.isEmpty());
    mSend->setEnabled(workflow.isEmpty());
}

void ActionForm::setConflict(const CaseRecord &current, const CaseFacts &facts, const QString &whatChanged)
{
    mRecord = current;
    mFacts = facts;
    const bool allowed = workflowProblem().isEmpty();
    mConflict->setText(allowed ? tr("%1\nWhat you entered is kept; check it and send again.").arg(whatChanged)
                               : tr("%1\nWhat you entered is kept, but \"%2\" is no longer possible.")
                                     .arg(whatChanged, actionLabel(mAction)));
    mConflict->show();
    mSend->setText(allowed ? tr("Send again") : actionLabel(mAction));
    showProblems();
}

void ActionForm::showRefusal(const QString &message)
{
    mError->setText(message);
    mError->show();
}

QString ActionForm::comment() const
{
    return mComment ? mComment->toPlainText() : QString();
}

ActionRequest ActionForm::request() const
{
    ActionRequest r;
    r.caseId = mRecord.id;
    r.expectedVersion = mRecord.version;
    r.action = mAction;
    r.requestId = mRequestId;
    if (mComment)
        r.comment = mComment->toPlainText().trimmed();
    if (mUnit && mUnit->currentIndex() >= 0)
        r.unitId = mUnit->currentData().toLongLong();
    if (mDate)
        r.requestedDate = CaseFormat::fromWallClock(mDate->dateTime());
    if (mClosingType)
        r.closingType = ClosingType(mClosingType->currentData().toInt());
    if (mUrgeLevel)
        r.urgeLevel = UrgeLevel(mUrgeLevel->currentData().toInt());
    return r;
}

void ActionForm::accept()
{
    const QString problem = validate();
    if (!problem.isEmpty()) {
        showProblems();
        return;
    }
    mError->hide();
    for (QLabel *label : std::as_const(mFieldErrors))
        label->hide();
    QDialog::accept();
}

} // namespace cg
