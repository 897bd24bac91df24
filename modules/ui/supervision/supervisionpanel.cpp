#include "ui/supervision/supervisionpanel.h"

#include "session/sessionthread.h"
#include "session/whenfinished.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QUuid>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr int EscalationDays = 30;

QTableView *makeView(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setAlternatingRowColors(true);
    return view;
}

} // namespace

SupervisionPanel::SupervisionPanel(SessionThread *session, const Actor &actor, QWidget *parent)
    : QWidget(parent)
    , mSession(session)
    , mActor(actor)
    , mBoard(new SupervisionBoardModel(this))
    , mOverdue(new SupervisedCaseModel(this))
    , mKey(new SupervisedCaseModel(this))
    , mHard(new SupervisedCaseModel(this))
    , mEscalations(new EscalationModel(this))
    , mDimension(new QComboBox(this))
    , mNear(new QSpinBox(this))
    , mTabs(new QTabWidget(this))
    , mLevel(new QComboBox(this))
    , mMessage(new QLineEdit(this))
    , mUrgeButton(new QPushButton(tr("Urge"), this))
    , mStatus(new QLabel(this))
    , mSummary(new QLabel(this))
{
    mDimension->addItem(tr("By tier"), int(BoardDimension::Tier));
    mDimension->addItem(tr("By street"), int(BoardDimension::Street));
    mDimension->addItem(tr("By unit"), int(BoardDimension::Unit));
    mDimension->setCurrentIndex(1);
    mNear->setRange(10, 24 * 60);
    mNear->setSingleStep(10);
    mNear->setValue(60);
    mNear->setSuffix(tr(" min"));
    for (UrgeLevel level : {UrgeLevel::Ordinary, UrgeLevel::Key, UrgeLevel::Listed})
        mLevel->addItem(urgeLevelLabel(level), int(level));
    mMessage->setPlaceholderText(tr("Message to the unit or tier (required)"));

    auto *filters = new QHBoxLayout;
    filters->addWidget(mDimension);
    filters->addWidget(new QLabel(tr("Near due within"), this));
    filters->addWidget(mNear);
    filters->addWidget(mSummary, 1);

    mBoardView = makeView(mBoard, this);
    mBoardView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    mTabViews = {makeView(mOverdue, mTabs), makeView(mKey, mTabs), makeView(mHard, mTabs),
                 makeView(mEscalations, mTabs)};
    for (QTableView *v : std::as_const(mTabViews)) {
        v->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        v->horizontalHeader()->setStretchLastSection(true);
    }
    mTabs->addTab(mTabViews[OverdueTab], tr("Overdue and near due"));
    mTabs->addTab(mTabViews[KeySupervisionTab], tr("Key supervision"));
    mTabs->addTab(mTabViews[HardCaseTab], tr("Hard cases"));
    mTabs->addTab(mTabViews[EscalationTab], tr("Escalations"));

    auto *urgeRow = new QHBoxLayout;
    urgeRow->addWidget(mLevel);
    urgeRow->addWidget(mMessage, 1);
    urgeRow->addWidget(mUrgeButton);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(mBoardView);
    splitter->addWidget(mTabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
    layout->addLayout(urgeRow);
    layout->addWidget(mStatus);
    mStatus->setWordWrap(true);

    connect(mDimension, &QComboBox::currentIndexChanged, this, &SupervisionPanel::reload);
    connect(mNear, &QSpinBox::valueChanged, this, &SupervisionPanel::reload);
    connect(mUrgeButton, &QPushButton::clicked, this, &SupervisionPanel::urgeSelected);
    for (QTableView *v : std::as_const(mTabViews)) {
        connect(v, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
            Q_EMIT caseActivated(index.data(SupervisedCaseModel::CaseIdRole).toLongLong());
        });
    }
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(400);
    connect(debounce, &QTimer::timeout, this, &SupervisionPanel::reload);
    connect(mSession, &SessionThread::storeChanged, debounce, qOverload<>(&QTimer::start));
    // The lights change with time even when no case does.
    auto *minute = new QTimer(this);
    minute->setInterval(60000);
    connect(minute, &QTimer::timeout, this, &SupervisionPanel::reload);
    minute->start();
    reload();
}

SupervisedCaseModel *SupervisionPanel::caseModel(Tab tab) const
{
    switch (tab) {
    case OverdueTab:
        return mOverdue;
    case KeySupervisionTab:
        return mKey;
    case HardCaseTab:
        return mHard;
    case EscalationTab:
        return nullptr;
    }
    return nullptr;
}

QString SupervisionPanel::statusText() const
{
    return mStatus->text();
}

QString SupervisionPanel::summaryText() const
{
    return mSummary->text();
}

void SupervisionPanel::setDimension(BoardDimension dimension)
{
    mDimension->setCurrentIndex(mDimension->findData(int(dimension)));
}

void SupervisionPanel::setNearMinutes(int minutes)
{
    mNear->setValue(minutes);
}

void SupervisionPanel::setCurrentTab(Tab tab)
{
    mTabs->setCurrentIndex(int(tab));
}

void SupervisionPanel::selectCase(qint64 caseId)
{
    QTableView *view = mTabViews.value(mTabs->currentIndex());
    QAbstractItemModel *model = view ? view->model() : nullptr;
    for (int row = 0; model && row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(SupervisedCaseModel::CaseIdRole).toLongLong() == caseId) {
            view->selectRow(row);
            return;
        }
    }
}

void SupervisionPanel::reload()
{
    // A unit's handler has no jurisdiction: it would see every case of the store here.
    if (mActor.jurisdiction.isNull()) {
        mStatus->setText(
            tr("This panel shows a jurisdiction's cases; %1 belongs to none.").arg(mActor.login));
        return;
    }
    const Actor actor = mActor;
    const auto dimension = BoardDimension(mDimension->currentData().toInt());
    const int nearMinutes = mNear->value();
    const int epoch = ++mEpoch;
    auto future = mSession->run([actor, dimension, nearMinutes](Session &s) {
        SupervisionData d;
        d.now = s.clock().now();
        CaseStatistics stats(s.store(), &s.catalogue());
        const JurisdictionCode scope = actor.jurisdiction;
        auto board = stats.board(dimension, scope, d.now, nearMinutes);
        auto overdue = stats.caseList(CaseListKind::OverdueOrNearDue, scope, d.now, nearMinutes);
        auto key = stats.caseList(CaseListKind::KeySupervision, scope, d.now, nearMinutes);
        auto hard = stats.caseList(CaseListKind::HardCases, scope, d.now, nearMinutes);
        auto escalations = stats.escalations(scope, d.now.addDays(-EscalationDays));
        for (const QString &e : {board.errorMessage(), overdue.errorMessage(), key.errorMessage(),
                                 hard.errorMessage(), escalations.errorMessage()}) {
            if (!e.isEmpty()) {
                d.error = e;
                return d;
            }
        }
        d.board = *board;
        d.overdue = *overdue;
        d.keySupervision = *key;
        d.hardCases = *hard;
        d.escalations = *escalations;
        return d;
    });
    whenFinished(future, this, [this, epoch, dimension, nearMinutes](const SupervisionData &d) {
        if (epoch != mEpoch)
            return;
        if (!d.error.isEmpty()) {
            mStatus->setText(d.error);
            return;
        }
        const qint64 selected = selectedCase();
        mBoard->setRows(d.board, dimension);
        mOverdue->setCases(d.overdue, d.now, nearMinutes);
        mKey->setCases(d.keySupervision, d.now, nearMinutes);
        mHard->setCases(d.hardCases, d.now, nearMinutes);
        mEscalations->setEscalations(d.escalations);
        if (selected)
            selectCase(selected);
        int red = 0, yellow = 0;
        for (const BoardRow &r : d.board) {
            red += r.overdue;
            yellow += r.nearDue;
        }
        mSummary->setText(tr("%1 overdue, %2 near due, %3 key-supervision and %4 hard cases open.")
                              .arg(red)
                              .arg(yellow)
                              .arg(d.keySupervision.size())
                              .arg(d.hardCases.size()));
        Q_EMIT loaded();
    });
}

qint64 SupervisionPanel::selectedCase() const
{
    QTableView *view = mTabViews.value(mTabs->currentIndex());
    if (!view || !view->currentIndex().isValid())
        return 0;
    return view->currentIndex().data(SupervisedCaseModel::CaseIdRole).toLongLong();
}

void SupervisionPanel::urgeSelected()
{
    const qint64 caseId = selectedCase();
    if (caseId == 0) {
        mStatus->setText(tr("Select a case to urge."));
        return;
    }
    urge(caseId, UrgeLevel(mLevel->currentData().toInt()), mMessage->text());
}

void SupervisionPanel::urge(qint64 caseId, UrgeLevel level, const QString &message)
{
    if (message.trimmed().isEmpty()) {
        const QString error = tr("An urge needs a message saying what is expected.");
        mStatus->setText(error);
        Q_EMIT actionFailed(error);
        return;
    }
    const Actor actor = mActor;
    const QString requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    mUrgeButton->setEnabled(false);
    auto future = mSession->run([actor, caseId, level, message, requestId](Session &s) -> Result<CaseRecord> {
        auto record = s.store().findCase(caseId);
        if (!record)
            return record.error();
        ActionRequest request;
        request.caseId = caseId;
        request.expectedVersion = record->version;
        request.action = Action::Urge;
        request.urgeLevel = level;
        request.comment = message.trimmed();
        request.requestId = requestId;
        return s.cases().apply(actor, request);
    });
    whenFinished(future, this, [this, level](const Result<CaseRecord> &result) {
        mUrgeButton->setEnabled(true);
        if (!result) {
            mStatus->setText(result.errorMessage());
            Q_EMIT actionFailed(result.errorMessage());
            return;
        }
        mMessage->clear();
        mStatus->setText(tr("Case %1 urged (%2).").arg(result->number, urgeLevelLabel(level)));
        mSession->notifyLocalChange();
        Q_EMIT caseUrged(result->id, level);
        reload();
    });
}

} // namespace cg
