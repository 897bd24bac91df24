#include "ui/cases/reportform.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QUuid>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace cg {

ReportForm::ReportForm(bool selfDispose, const Actor &actor, const CaseDirectory &directory, QWidget *parent)
    : QDialog(parent)
    , mSelfDispose(selfDispose)
    , mActor(actor)
    , mCatalogue(directory.catalogue())
    , mRequestId(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    setObjectName(u"reportForm"_s);
    setWindowTitle(selfDispose ? tr("Self-disposal: a problem fixed on the spot") : tr("Report a problem"));
    setMinimumWidth(480);
    auto *layout = new QVBoxLayout(this);
    mWorkflow = new QLabel(this);
    mWorkflow->setObjectName(u"workflowError"_s);
    mWorkflow->setWordWrap(true);
    mWorkflow->setStyleSheet(u"QLabel { color: #b71c1c; font-weight: bold; }"_s);
    mWorkflow->hide();
    layout->addWidget(mWorkflow);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(form);

    mClass = new QComboBox(this);
    mClass->setObjectName(u"class"_s);
    mClass->setEditable(true);
    mClass->setInsertPolicy(QComboBox::NoInsert);
    mClass->completer()->setFilterMode(Qt::MatchContains);
    mClass->completer()->setCompletionMode(QCompleter::PopupCompletion);
    for (const CatalogueClass &c : mCatalogue.classes()) {
        if (selfDispose && !c.selfDisposalAllowed)
            continue;
        const QString kind = c.key.kind() == ClassKind::Event ? tr("event") : tr("component");
        mClass->addItem(tr("%1 %2 / %3 (%4)").arg(c.key.code(), c.majorName, c.name, kind), c.key.toString());
    }
    mClass->setCurrentIndex(-1);
    mClass->lineEdit()->setPlaceholderText(tr("Type a code or a name"));
    form->addRow(tr("Class:"), mClass);
    form->addRow(QString(), addFieldError(Field::Class, u"class"_s));

    mGrid = new QLineEdit(this);
    mGrid->setObjectName(u"grid"_s);
    mGrid->setPlaceholderText(tr("14 or 15 digits, e.g. 310101002001001"));
    form->addRow(tr("Unit grid:"), mGrid);
    form->addRow(QString(), addFieldError(Field::Grid, u"grid"_s));

    mAddress = new QLineEdit(this);
    mAddress->setObjectName(u"address"_s);
    form->addRow(tr("Address:"), mAddress);
    form->addRow(QString(), addFieldError(Field::Address, u"address"_s));

    mDescription = new QPlainTextEdit(this);
    mDescription->setObjectName(u"description"_s);
    mDescription->setTabChangesFocus(true);
    mDescription->setMinimumHeight(80);
    mDescription->setPlaceholderText(tr("What is wrong, where exactly; this goes into the case file."));
    form->addRow(tr("Description (required):"), mDescription);
    form->addRow(QString(), addFieldError(Field::Description, u"description"_s));

    form->addRow(selfDispose ? tr("Photos before:") : tr("Photos:"), photoField(&mBefore, u"beforePhotos"_s));
    form->addRow(QString(), addFieldError(Field::BeforePhotos, u"beforePhotos"_s));
    if (selfDispose) {
        form->addRow(tr("Photos after:"), photoField(&mAfter, u"afterPhotos"_s));
        form->addRow(QString(), addFieldError(Field::AfterPhotos, u"afterPhotos"_s));
    }

    mError = new QLabel(this);
    mError->setObjectName(u"error"_s);
    mError->setWordWrap(true);
    mError->setStyleSheet(u"color: #b71c1c;"_s);
    mError->hide();
    layout->addWidget(mError);

    auto *buttons = new QDialogButtonBox(this);
    mSend = buttons->addButton(selfDispose ? actionLabel(Action::SelfDispose) : actionLabel(Action::Report),
                               QDialogButtonBox::AcceptRole);
    mSend->setObjectName(u"send"_s);
    mSend->setDefault(true);
    buttons->addButton(tr("Cancel"), QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &ReportForm::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ReportForm::reject);
    layout->addWidget(buttons);

    auto recheck = [this] {
        if (mError->isVisible())
            showProblems();
    };
    connect(mClass, &QComboBox::currentIndexChanged, this, recheck);
    connect(mGrid, &QLineEdit::textChanged, this, recheck);
    connect(mDescription, &QPlainTextEdit::textChanged, this, recheck);
    const QString workflow = workflowProblem();
    mWorkflow->setText(workflow);
    mWorkflow->setVisible(!workflow.isEmpty());
}

QWidget *ReportForm::photoField(QListWidget **list, const QString &name)
{
    auto *box = new QWidget(this);
    auto *boxLayout = new QVBoxLayout(box);
    boxLayout->setContentsMargins(0, 0, 0, 0);
    auto *photos = new QListWidget(box);
    photos->setObjectName(name);
    photos->setMaximumHeight(70);
    *list = photos;
    auto *row = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add photos…"), box);
    add->setObjectName(u"add_"_s + name);
    auto *remove = new QPushButton(tr("Remove"), box);
    row->addWidget(add);
    row->addWidget(remove);
    row->addStretch(1);
    boxLayout->addWidget(photos);
    boxLayout->addLayout(row);
    connect(add, &QPushButton::clicked, this, [this, photos] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Choose photos"), QString(), tr("Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)"));
        if (photos == mAfter)
            addAfterPhotos(files);
        else
            addBeforePhotos(files);
    });
    connect(remove, &QPushButton::clicked, this, [photos] { delete photos->currentItem(); });
    return box;
}

QLabel *ReportForm::addFieldError(Field field, const QString &name)
{
    auto *label = new QLabel(this);
    label->setObjectName(u"error_"_s + name);
    label->setWordWrap(true);
    label->setStyleSheet(u"color: #b71c1c;"_s);
    label->hide();
    mFieldErrors.insert(field, label);
    return label;
}

namespace {

QStringList filesOf(const QListWidget *list)
{
    QStringList files;
    if (list) {
        for (int i = 0; i < list->count(); ++i)
            files.append(list->item(i)->data(Qt::UserRole).toString());
    }
    return files;
}

void addFiles(QListWidget *list, const QStringList &files)
{
    if (!list)
        return;
    const QStringList present = filesOf(list);
    for (const QString &file : files) {
        if (present.contains(file))
            continue;
        auto *item = new QListWidgetItem(QFileInfo(file).fileName(), list);
        item->setData(Qt::UserRole, file);
        item->setToolTip(file);
    }
}

} // namespace

void ReportForm::addBeforePhotos(const QStringList &files)
{
    addFiles(mBefore, files);
}

void ReportForm::addAfterPhotos(const QStringList &files)
{
    addFiles(mAfter, files);
}

QStringList ReportForm::photoFiles() const
{
    return filesOf(mBefore) + filesOf(mAfter);
}

void ReportForm::setClass(const CatalogueKey &key)
{
    mClass->setCurrentIndex(mClass->findData(key.toString()));
}

void ReportForm::setGrid(const QString &code)
{
    mGrid->setText(code);
}

void ReportForm::setAddress(const QString &text)
{
    mAddress->setText(text);
}

void ReportForm::setDescription(const QString &text)
{
    mDescription->setPlainText(text);
}

QMap<ReportForm::Field, QString> ReportForm::fieldProblems() const
{
    QMap<Field, QString> problems;
    const auto key = CatalogueKey::parse(mClass->currentData().toString());
    const CatalogueClass *cls = key ? mCatalogue.find(*key) : nullptr;
    if (mClass->currentIndex() < 0 || !cls ||
        mClass->currentText() != mClass->itemText(mClass->currentIndex()))
        problems.insert(Field::Class, tr("Choose the class of the problem from the list."));
    else if (mSelfDispose && !cls->selfDisposalAllowed)
        problems.insert(Field::Class, tr("Class %1 may not be self-disposed.").arg(cls->name));
    const QString gridText = mGrid->text().trimmed();
    if (gridText.isEmpty()) {
        problems.insert(Field::Grid, tr("Enter the unit grid code."));
    } else if (auto grid = UnitGridCode::parse(gridText); !grid) {
        problems.insert(Field::Grid, grid.errorMessage());
    } else if (!mActor.jurisdiction.isNull() && !mActor.jurisdiction.covers(grid->community())) {
        problems.insert(
            Field::Grid,
            tr("Grid %1 lies outside your jurisdiction %2.").arg(gridText, mActor.jurisdiction.text()));
    }
    if (mDescription->toPlainText().trimmed().isEmpty())
        problems.insert(Field::Description, tr("Describe the problem."));
    for (const QString &file : photoFiles()) {
        const QFileInfo info(file);
        if (!info.isFile() || !info.isReadable()) {
            const bool before = filesOf(mBefore).contains(file);
            problems.insert(before ? Field::BeforePhotos : Field::AfterPhotos,
                            tr("The photo %1 cannot be read.").arg(QDir::toNativeSeparators(file)));
        }
    }
    if (mSelfDispose) {
        if (filesOf(mBefore).isEmpty() && !problems.contains(Field::BeforePhotos))
            problems.insert(Field::BeforePhotos, tr("Add a photo of the problem before it was fixed."));
        if (filesOf(mAfter).isEmpty() && !problems.contains(Field::AfterPhotos))
            problems.insert(Field::AfterPhotos, tr("Add a photo after it was fixed."));
    }
    return problems;
}

QString ReportForm::workflowProblem() const
{
    CaseFacts facts;
    facts.selfDisposalAllowed = true; // the class is checked at its field
    const Action action = mSelfDispose ? Action::SelfDispose : Action::Report;
    const auto to = decide(facts, action, mActor.role);
    return to ? QString() : tr("\"%1\" is not possible: %2").arg(actionLabel(action), to.errorMessage());
}

QString ReportForm::validate() const
{
    if (const QString workflow = workflowProblem(); !workflow.isEmpty())
        return workflow;
    const QMap<Field, QString> problems = fieldProblems();
    return problems.isEmpty() ? QString() : problems.first(); // the map's order is the form's order
}

NewCaseRequest ReportForm::request() const
{
    NewCaseRequest r;
    r.action = mSelfDispose ? Action::SelfDispose : Action::Report;
    r.source = CaseSource::Patrol;
    if (auto key = CatalogueKey::parse(mClass->currentData().toString()))
        r.classKey = *key;
    if (auto grid = UnitGridCode::parse(mGrid->text().trimmed()))
        r.grid = *grid;
    r.address = mAddress->text().trimmed();
    r.description = mDescription->toPlainText().trimmed();
    r.requestId = mRequestId;
    return r;
}

void ReportForm::showProblems()
{
    const QMap<Field, QString> problems = fieldProblems();
    for (auto it = mFieldErrors.begin(); it != mFieldErrors.end(); ++it) {
        it.value()->setText(problems.value(it.key()));
        it.value()->setVisible(problems.contains(it.key()));
    }
    const QString problem = validate();
    mError->setText(problem);
    mError->setVisible(!problem.isEmpty());
}

void ReportForm::showRefusal(const QString &message)
{
    mError->setText(message);
    mError->show();
}

void ReportForm::accept()
{
    if (!validate().isEmpty()) {
        showProblems();
        return;
    }
    mError->hide();
    QDialog::accept();
}

} // namespace cg
