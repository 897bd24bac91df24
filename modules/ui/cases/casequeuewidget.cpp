#include "ui/cases/casequeuewidget.h"

#include "session/sessionthread.h"
#include "ui/cases/casequeuemodel.h"
#include "ui/cases/statecountmodel.h"

#include <QComboBox>
#include <QDataStream>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr int OverdueAnyStep = -2; // item data of "overdue in any step" in the deadline combo

} // namespace

CaseQueueWidget::CaseQueueWidget(SessionThread *session, QWidget *parent)
    : QWidget(parent)
    , mSession(session)
    , mModel(new CaseQueueModel(session, this))
    , mCounts(new StateCountModel(session, this))
    , mStateCombo(new QComboBox(this))
    , mStepCombo(new QComboBox(this))
    , mSearch(new QLineEdit(this))
    , mSearchDelay(new QTimer(this))
    , mSummary(new QLabel(this))
    , mSplitter(new QSplitter(Qt::Horizontal, this))
    , mCountView(new QTreeView(mSplitter))
    , mView(new QTableView(mSplitter))
{
    mStateCombo->setObjectName(u"stateFilter"_s);
    mStateCombo->addItem(tr("All states"), -1);
    for (int s = int(CaseState::Reported); s < CaseStateCount; ++s)
        mStateCombo->addItem(stateLabel(CaseState(s)), s);
    mStateCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    mStepCombo->setObjectName(u"overdueFilter"_s);
    mStepCombo->addItem(tr("Any step, on time or not"), -1);
    mStepCombo->addItem(tr("Overdue in any step"), OverdueAnyStep);
    for (int s = int(Step::Accept); s < StepCount; ++s)
        mStepCombo->addItem(tr("Overdue: %1").arg(stepLabel(Step(s))), s);
    mStepCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    mSearch->setObjectName(u"search"_s);
    mSearch->setClearButtonEnabled(true);
    mSearch->setPlaceholderText(tr("Search case number, address or description"));
    mSearch->setMinimumWidth(260);
    mSearchDelay->setSingleShot(true);
    mSearchDelay->setInterval(300);

    auto *filters = new QHBoxLayout;
    auto *stateLabelWidget = new QLabel(tr("&State:"), this);
    stateLabelWidget->setBuddy(mStateCombo);
    auto *stepLabelWidget = new QLabel(tr("&Deadline:"), this);
    stepLabelWidget->setBuddy(mStepCombo);
    filters->addWidget(stateLabelWidget);
    filters->addWidget(mStateCombo);
    filters->addSpacing(12);
    filters->addWidget(stepLabelWidget);
    filters->addWidget(mStepCombo);
    filters->addSpacing(12);
    filters->addWidget(mSearch, 1);
    filters->addSpacing(12);
    filters->addWidget(mSummary);

    mCountView->setObjectName(u"stateCounts"_s);
    mCountView->setModel(mCounts);
    mCountView->setRootIsDecorated(false);
    mCountView->setItemsExpandable(false);
    mCountView->setUniformRowHeights(true);
    mCountView->setSelectionMode(QAbstractItemView::SingleSelection);
    mCountView->header()->setStretchLastSection(false);
    mCountView->header()->setSectionResizeMode(StateCountModel::StateColumn, QHeaderView::Stretch);
    mCountView->header()->setSectionResizeMode(StateCountModel::CountColumn, QHeaderView::ResizeToContents);
    mCountView->setMinimumWidth(170);

    mView->setObjectName(u"caseTable"_s);
    mView->setModel(mModel);
    mView->setSelectionBehavior(QAbstractItemView::SelectRows);
    mView->setSelectionMode(QAbstractItemView::SingleSelection);
    mView->setAlternatingRowColors(true);
    mView->setWordWrap(false);
    mView->setTextElideMode(Qt::ElideRight);
    mView->verticalHeader()->hide();
    mView->verticalHeader()->setDefaultSectionSize(mView->fontMetrics().height() + 10);
    mView->horizontalHeader()->setHighlightSections(false);
    mView->horizontalHeader()->setStretchLastSection(true);
    mView->horizontalHeader()->setSectionsMovable(true);

    mSplitter->addWidget(mCountView);
    mSplitter->addWidget(mView);
    mSplitter->setStretchFactor(0, 0);
    mSplitter->setStretchFactor(1, 1);
    mSplitter->setSizes({170, 1000});
    mSplitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(mSplitter, 1);

    connect(mStateCombo, &QComboBox::currentIndexChanged, this, &CaseQueueWidget::applyFilter);
    connect(mStepCombo, &QComboBox::currentIndexChanged, this, &CaseQueueWidget::applyFilter);
    connect(mSearch, &QLineEdit::textChanged, mSearchDelay, qOverload<>(&QTimer::start));
    connect(mSearchDelay, &QTimer::timeout, this, &CaseQueueWidget::applyFilter);
    connect(mCountView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CaseQueueWidget::onStateRowChanged);
    connect(mView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CaseQueueWidget::onCurrentRowChanged);
    connect(mModel, &CaseQueueModel::reloaded, this, [this] {
        if (!mColumnsSized && mModel->rowCount() > 0)
            sizeColumns();
        // Keep the case a person was looking at when it is still in the queue.
        if (mCurrentCase > 0 && !selectCase(mCurrentCase))
            onCurrentRowChanged();
        updateSummary();
    });
    connect(mModel, &CaseQueueModel::pageLoaded, this, &CaseQueueWidget::updateSummary);
    connect(mModel, &CaseQueueModel::refreshed, this, &CaseQueueWidget::updateSummary);
    connect(mModel, &CaseQueueModel::loadFailed, this, &CaseQueueWidget::loadFailed);
    connect(mCounts, &StateCountModel::countsChanged, this, &CaseQueueWidget::updateSummary);
    connect(mCounts, &StateCountModel::loadFailed, this, &CaseQueueWidget::loadFailed);

    // Other stations' writes and our own: merge bursts of change notices into one refresh.
    auto *refreshDelay = new QTimer(this);
    refreshDelay->setSingleShot(true);
    refreshDelay->setInterval(150);
    connect(mSession, &SessionThread::storeChanged, refreshDelay, qOverload<>(&QTimer::start));
    connect(refreshDelay, &QTimer::timeout, this, &CaseQueueWidget::refresh);
    // The deadline lights change with time alone.
    auto *lights = new QTimer(this);
    lights->setInterval(30 * 1000);
    connect(lights, &QTimer::timeout, this, [this] { mModel->setNow(QDateTime::currentDateTimeUtc()); });
    lights->start();
    updateSummary();
}

void CaseQueueWidget::setActor(const Actor &actor)
{
    mModel->setActor(actor);
}

void CaseQueueWidget::setDirectory(std::shared_ptr<const CaseDirectory> directory)
{
    mModel->setDirectory(std::move(directory));
}

void CaseQueueWidget::syncStateList(const CaseFilter &filter)
{
    const QModelIndex countIndex = mCounts->index(mCounts->rowOf(filter.state), 0);
    if (mCountView->currentIndex().row() != countIndex.row())
        mCountView->setCurrentIndex(countIndex);
}

void CaseQueueWidget::reload()
{
    const CaseFilter filter = currentFilter();
    syncStateList(filter);
    if (filter == mModel->filter())
        mModel->reload();
    else
        mModel->setFilter(filter);
    mCounts->setQuery(mModel->query());
}

void CaseQueueWidget::refresh()
{
    mModel->setNow(QDateTime::currentDateTimeUtc());
    mModel->refresh();
    mCounts->refresh();
}

CaseFilter CaseQueueWidget::currentFilter() const
{
    CaseFilter filter;
    const int state = mStateCombo->currentData().toInt();
    if (state >= 0)
        filter.state = CaseState(state);
    const int step = mStepCombo->currentData().toInt();
    if (step >= 0)
        filter.overdueStep = Step(step);
    filter.overdueOnly = step == OverdueAnyStep;
    filter.search = mSearch->text().trimmed();
    return filter;
}

void CaseQueueWidget::applyFilter()
{
    const CaseFilter filter = currentFilter();
    syncStateList(filter);
    if (filter == mModel->filter() && (mModel->hasLoaded() || mModel->isLoading()))
        return;
    mModel->setFilter(filter);
    mCounts->setQuery(mModel->query());
    updateSummary();
}

void CaseQueueWidget::onStateRowChanged()
{
    const std::optional<CaseState> state = mCounts->stateAt(mCountView->currentIndex().row());
    const int index = mStateCombo->findData(state ? int(*state) : -1);
    if (index >= 0)
        mStateCombo->setCurrentIndex(index);
}

void CaseQueueWidget::onCurrentRowChanged()
{
    const QModelIndex current = mView->selectionModel()->currentIndex();
    const qint64 id = current.isValid() ? mModel->caseId(current.row()) : 0;
    if (id == mCurrentCase)
        return;
    mCurrentCase = id;
    Q_EMIT currentCaseChanged(id);
}

qint64 CaseQueueWidget::currentCaseId() const
{
    return mCurrentCase;
}

bool CaseQueueWidget::selectCase(qint64 caseId)
{
    const int row = mModel->rowOfCase(caseId);
    if (row < 0)
        return false;
    selectRow(row);
    return true;
}

void CaseQueueWidget::selectRow(int row)
{
    const QModelIndex index = mModel->index(row, 0);
    if (!index.isValid())
        return;
    mView->selectionModel()->setCurrentIndex(index,
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    mView->scrollTo(index);
    onCurrentRowChanged();
}

void CaseQueueWidget::sizeColumns()
{
    // Fit the first page once, within bounds; later the person's own widths (saved in the settings) rule.
    mColumnsSized = true;
    mView->resizeColumnsToContents();
    const int em = mView->fontMetrics().horizontalAdvance(u'M');
    for (int c = 0; c < CaseQueueModel::ColumnCount; ++c)
        mView->setColumnWidth(c, std::clamp(mView->columnWidth(c) + em / 2, 4 * em, 22 * em));
}

void CaseQueueWidget::updateSummary()
{
    const int loaded = mModel->rowCount();
    if (!mCounts->hasCounts() || !mModel->hasLoaded()) {
        mSummary->setText(tr("Loading…"));
        return;
    }
    const std::optional<CaseState> state = mModel->filter().state;
    const int total = state ? mCounts->count(*state) : mCounts->total();
    mSummary->setText(tr("%1 of %2 cases loaded").arg(loaded).arg(total));
}

QByteArray CaseQueueWidget::viewState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << quint32(1) << mView->horizontalHeader()->saveState() << mSplitter->saveState();
    return state;
}

void CaseQueueWidget::restoreViewState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 version = 0;
    QByteArray header, splitter;
    in >> version >> header >> splitter;
    if (in.status() != QDataStream::Ok || version != 1)
        return;
    mColumnsSized = mView->horizontalHeader()->restoreState(header);
    mSplitter->restoreState(splitter);
}

} // namespace cg
