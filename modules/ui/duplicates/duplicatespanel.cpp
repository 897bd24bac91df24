#include "ui/duplicates/duplicatespanel.h"

#include "session/sessionthread.h"
#include "ui/duplicates/duplicatesmodel.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace cg {

DuplicatesPanel::DuplicatesPanel(SessionThread *session, const Actor &actor, QWidget *parent)
    : QWidget(parent)
    , mModel(new DuplicatesModel(session, actor, this))
    , mFilter(new QComboBox(this))
    , mView(new QTableView(this))
    , mMerge(new QPushButton(this))
    , mSeparate(new QPushButton(this))
    , mStatus(new QLabel(this))
    , mMayDecide(actor.role == Role::Acceptor)
{
    setObjectName(QStringLiteral("duplicatesPanel"));
    mFilter->setObjectName(QStringLiteral("duplicatesFilter"));
    mView->setObjectName(QStringLiteral("duplicatesView"));
    mMerge->setObjectName(QStringLiteral("duplicatesMerge"));
    mSeparate->setObjectName(QStringLiteral("duplicatesSeparate"));
    mStatus->setObjectName(QStringLiteral("duplicatesStatus"));
    mStatus->setWordWrap(true);

    mView->setModel(mModel);
    mView->setSelectionBehavior(QAbstractItemView::SelectRows);
    mView->setSelectionMode(QAbstractItemView::SingleSelection);
    mView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mView->verticalHeader()->hide();
    mView->horizontalHeader()->setStretchLastSection(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(mFilter, 1);
    buttons->addWidget(mMerge);
    buttons->addWidget(mSeparate);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(mView, 1);
    layout->addWidget(mStatus);
    retranslate();

    connect(mFilter, &QComboBox::currentIndexChanged, this, [this](int index) {
        const int v = mFilter->itemData(index).toInt();
        mModel->setStateFilter(v < 0 ? std::nullopt : std::optional<DuplicateState>(DuplicateState(v)));
    });
    connect(mView, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT caseActivated(mModel->data(index, DuplicatesModel::CaseIdRole).toLongLong());
    });
    connect(mView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DuplicatesPanel::updateButtons);
    connect(mModel, &QAbstractItemModel::modelReset, this, &DuplicatesPanel::updateButtons);
    connect(mMerge, &QPushButton::clicked, this, [this] {
        mStatus->clear();
        mModel->merge(currentRow());
    });
    connect(mSeparate, &QPushButton::clicked, this, [this] {
        mStatus->clear();
        mModel->separate(currentRow());
    });
    connect(mModel, &DuplicatesModel::actionFailed, mStatus, &QLabel::setText);
    connect(mModel, &DuplicatesModel::loadFailed, mStatus, &QLabel::setText);
    connect(mModel, &DuplicatesModel::decided, this, [this](qint64, DuplicateState state) {
        mStatus->setText(state == DuplicateState::Merged ? tr("Merged into the main case.")
                                                         : tr("Kept as a case of its own."));
    });
    connect(session, &SessionThread::storeChanged, mModel, &DuplicatesModel::reload);
    updateButtons();
    mModel->reload();
}

int DuplicatesPanel::currentRow() const
{
    const QModelIndexList rows = mView->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void DuplicatesPanel::updateButtons()
{
    const int row = currentRow();
    const bool pending = row >= 0 && mModel->entryAt(row).link.state == DuplicateState::Pending;
    mMerge->setEnabled(mMayDecide && pending);
    mSeparate->setEnabled(mMayDecide && pending);
}

void DuplicatesPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void DuplicatesPanel::retranslate()
{
    const int current = mFilter->currentIndex();
    const QSignalBlocker blocker(mFilter);
    mFilter->clear();
    mFilter->addItem(tr("Pending"), int(DuplicateState::Pending));
    mFilter->addItem(tr("Merged"), int(DuplicateState::Merged));
    mFilter->addItem(tr("Separated"), int(DuplicateState::Separated));
    mFilter->addItem(tr("All"), -1);
    mFilter->setCurrentIndex(current < 0 ? 0 : current);
    mMerge->setText(tr("Merge"));
    mMerge->setToolTip(tr("Close the report as a duplicate of its main case; its reporters get the main "
                          "case's result"));
    mSeparate->setText(tr("Separate"));
    mSeparate->setToolTip(tr("Not the same problem: keep the report as a case of its own"));
}

} // namespace cg
