#include "ui/cases/casequeuewidget.h"

#include "session/sessionthread.h"
#include "ui/cases/casequeuemodel.h"
#include "ui/cases/queuetabmodel.h"
#include "ui/cases/statecountmodel.h"

#include <QComboBox>
#include <QDataStream>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabBar>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr int OverdueAnyStep = -2; // item data of "overdue in any step" in the deadline combo
constexpr int RefreshDelayMs = 150;
enum Period { AnyTime, Today, LastWeek, LastMonth };

// Sets the item texts of a combo whose item data stays (a language change).
template<typename Label>
void relabel(QComboBox *combo, Label label)
{
    for (int i = 0; i < combo->count(); ++i)
        combo->setItemText(i, label(combo->itemData(i)));
}

// Start of today in China Standard Time (UTC+8), as UTC.
QDateTime startOfTodayUtc(const QDateTime &nowUtc)
{
    const QDateTime local = nowUtc.toOffsetFromUtc(8 * 3600);
    return QDateTime(local.date(), QTime(0, 0), Qt::OffsetFromUTC, 8 * 3600).toUTC();
}

} // namespace

CaseQueueWidget::CaseQueueWidget(SessionThread *session, QWidget *parent)
    : QWidget(parent)
    , mSession(session)
    , mDirectory(std::make_shared<CaseDirectory>())
    , mModel(new CaseQueueModel(session, this))
    , mCounts(new StateCountModel(session, this))
    , mTabCounts(new QueueTabModel(session, this))
    , mBulk(new BulkActionRunner(session, {}, {}, this))
    , mTabs(new QTabBar(this))
    , mStateCombo(new QComboBox(this))
    , mStepCombo(new QComboBox(this))
    , mClassCombo(new QComboBox(this))
    , mPlaceCombo(new QComboBox(this))
    , mUnitCombo(new QComboBox(this))
    , mSourceCombo(new QComboBox(this))
    , mPriorityCombo(new QComboBox(this))
    , mPeriodCombo(new QComboBox(this))
    , mOrderCombo(new QComboBox(this))
    , mSearch(new QLineEdit(this))
    , mSearchDelay(new QTimer(this))
    , mSummary(new QLabel(this))
    , mStateLabel(new QLabel(this))
    , mStepLabel(new QLabel(this))
    , mBulkDispatch(new QPushButton(this))
    , mBulkUrge(new QPushButton(this))
    , mSplitter(new QSplitter(Qt::Horizontal, this))
    , mCountView(new QTreeView(mSplitter))
    , mView(new QTableView(mSplitter))
{
    mTabs->setObjectName(u"queueTabs"_s);
    mTabs->setExpanding(false);
    mTabs->setUsesScrollButtons(true);
    mTabs->setDocumentMode(true);
    for (int t = 0; t < QueueTabCount; ++t)
        mTabs->addTab(QueueTabs::label(QueueTab(t)));

    mStateCombo->setObjectName(u"stateFilter"_s);
    mStateCombo->addItem(QString(), -1);
    for (int s = int(CaseState::Reported); s < CaseStateCount; ++s)
        mStateCombo->addItem(QString(), s);
    mStateCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    mStepCombo->setObjectName(u"overdueFilter"_s);
    mStepCombo->addItem(QString(), -1);
    mStepCombo->addItem(QString(), OverdueAnyStep);
    for (int s = int(Step::Accept); s < StepCount; ++s)
        mStepCombo->addItem(QString(), s);
    mStepCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    mClassCombo->setObjectName(u"classFilter"_s);
    mPlaceCombo->setObjectName(u"placeFilter"_s);
    mUnitCombo->setObjectName(u"unitFilter"_s);
    for (QComboBox *c : {mClassCombo, mPlaceCombo, mUnitCombo}) {
        c->addItem(QString(), QString());
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        c->setMinimumContentsLength(10);
    }
    mSourceCombo->setObjectName(u"sourceFilter"_s);
    mSourceCombo->addItem(QString(), -1);
    for (int s = int(CaseSource::Patrol); s <= int(CaseSource::Department); ++s)
        mSourceCombo->addItem(QString(), s);
    mPriorityCombo->setObjectName(u"priorityFilter"_s);
    mPriorityCombo->addItem(QString(), -1);
    for (int p = int(Priority::Normal); p <= int(Priority::Urgent); ++p)
        mPriorityCombo->addItem(QString(), p);
    mPeriodCombo->setObjectName(u"periodFilter"_s);
    for (int p : {AnyTime, Today, LastWeek, LastMonth})
        mPeriodCombo->addItem(QString(), p);
    mOrderCombo->setObjectName(u"orderFilter"_s);
    for (auto o : {CaseQuery::Order::Newest, CaseQuery::Order::Oldest, CaseQuery::Order::DueFirst})
        mOrderCombo->addItem(QString(), int(o));
    for (QComboBox *c : {mSourceCombo, mPriorityCombo, mPeriodCombo, mOrderCombo})
        c->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    mSearch->setObjectName(u"search"_s);
    mSearch->setClearButtonEnabled(true);
    mSearch->setMinimumWidth(mSearch->fontMetrics().averageCharWidth() * 28);
    mSearchDelay->setSingleShot(true);
    mSearchDelay->setInterval(300);

    mBulkDispatch->setObjectName(u"bulkDispatch"_s);
    mBulkUrge->setObjectName(u"bulkUrge"_s);
    mBulkDispatch->setVisible(false);
    mBulkUrge->setVisible(false);

    auto *filters = new QHBoxLayout;
    mStateLabel->setBuddy(mStateCombo);
    mStepLabel->setBuddy(mStepCombo);
    filters->addWidget(mStateLabel);
    filters->addWidget(mStateCombo);
    filters->addWidget(mStepLabel);
    filters->addWidget(mStepCombo);
    filters->addWidget(mSearch, 1);
    filters->addWidget(mSummary);
    auto *filters2 = new QHBoxLayout;
    for (QComboBox *c :
         {mClassCombo, mPlaceCombo, mUnitCombo, mSourceCombo, mPriorityCombo, mPeriodCombo, mOrderCombo})
        filters2->addWidget(c);
    filters2->addStretch(1);
    filters2->addWidget(mBulkDispatch);
    filters2->addWidget(mBulkUrge);

    mCountView->setObjectName(u"stateCounts"_s);
    mCountView->setModel(mCounts);
    mCountView->setRootIsDecorated(false);
    mCountView->setItemsExpandable(false);
    mCountView->setUniformRowHeights(true);
    mCountView->setSelectionMode(QAbstractItemView::SingleSelection);
    mCountView->header()->setStretchLastSection(false);
    mCountView->header()->setSectionResizeMode(StateCountModel::StateColumn, QHeaderView::Stretch);
    mCountView->header()->setSectionResizeMode(StateCountModel::CountColumn, QHeaderView::ResizeToContents);
    mCountView->setMinimumWidth(mCountView->fontMetrics().averageCharWidth() * 22);

    mView->setObjectName(u"caseTable"_s);
    mView->setModel(mModel);
    mView->setSelectionBehavior(QAbstractItemView::SelectRows);
    mView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    mView->setAlternatingRowColors(true);
    mView->setWordWrap(false);
    mView->setTextElideMode(Qt::ElideRight);
    mView->verticalHeader()->hide();
    mView->verticalHeader()->setDefaultSectionSize(mView->fontMetrics().height() * 3 / 2);
    mView->horizontalHeader()->setHighlightSections(false);
    mView->horizontalHeader()->setStretchLastSection(true);
    mView->horizontalHeader()->setSectionsMovable(true);
    mView->horizontalHeader()->setResizeContentsPrecision(40); // fitting columns reads 40 rows, not all

    mSplitter->addWidget(mCountView);
    mSplitter->addWidget(mView);
    mSplitter->setStretchFactor(0, 0);
    mSplitter->setStretchFactor(1, 1);
    mSplitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mTabs);
    layout->addLayout(filters);
    layout->addLayout(filters2);
    layout->addWidget(mSplitter, 1);

    connect(mTabs, &QTabBar::currentChanged, this, &CaseQueueWidget::applyFilter);
    for (QComboBox *c : {mStateCombo, mStepCombo, mClassCombo, mPlaceCombo, mUnitCombo, mSourceCombo,
                         mPriorityCombo, mPeriodCombo, mOrderCombo})
        connect(c, &QComboBox::currentIndexChanged, this, &CaseQueueWidget::applyFilter);
    connect(mSearch, &QLineEdit::textChanged, mSearchDelay, qOverload<>(&QTimer::start));
    connect(mSearchDelay, &QTimer::timeout, this, &CaseQueueWidget::applyFilter);
    connect(mCountView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CaseQueueWidget::onStateRowChanged);
    connect(mView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CaseQueueWidget::onCurrentRowChanged);
    connect(mView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CaseQueueWidget::updateBulkButtons);
    connect(mView, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        if (const qint64 id = mModel->caseId(index.row()); id > 0)
            Q_EMIT caseActivated(id);
    });
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
    connect(mTabCounts, &QueueTabModel::countsChanged, this, &CaseQueueWidget::updateTabs);
    connect(mTabCounts, &QueueTabModel::refreshed, this, &CaseQueueWidget::updateSummary);
    connect(mTabCounts, &QueueTabModel::loadFailed, this, &CaseQueueWidget::loadFailed);
    connect(mBulkDispatch, &QPushButton::clicked, this, &CaseQueueWidget::bulkDispatch);
    connect(mBulkUrge, &QPushButton::clicked, this, &CaseQueueWidget::bulkUrge);
    connect(mBulk, &BulkActionRunner::finished, this, &CaseQueueWidget::updateBulkButtons);

    // Other stations' writes and our own: merge bursts of change notices into one refresh.
    auto *refreshDelay = new QTimer(this);
    refreshDelay->setSingleShot(true);
    refreshDelay->setInterval(RefreshDelayMs);
    connect(mSession, &SessionThread::storeChanged, refreshDelay, [refreshDelay] {
        if (!refreshDelay->isActive()) // a steady stream still refreshes every RefreshDelayMs
            refreshDelay->start();
    });
    connect(refreshDelay, &QTimer::timeout, this, &CaseQueueWidget::refresh);
    // The deadline lights change with time alone.
    auto *lights = new QTimer(this);
    lights->setInterval(30 * 1000);
    connect(lights, &QTimer::timeout, this, [this] { mModel->setNow(QDateTime::currentDateTimeUtc()); });
    lights->start();
    retranslateUi();
}

void CaseQueueWidget::retranslateUi()
{
    for (int t = 0; t < mTabs->count(); ++t)
        mTabs->setTabToolTip(t, QueueTabs::toolTip(QueueTab(t)));
    updateTabs();
    relabel(mStateCombo, [this](const QVariant &v) {
        return v.toInt() < 0 ? tr("All states") : stateLabel(CaseState(v.toInt()));
    });
    relabel(mStepCombo, [this](const QVariant &v) {
        const int s = v.toInt();
        return s == -1               ? tr("Any step, on time or not")
               : s == OverdueAnyStep ? tr("Overdue in any step")
                                     : tr("Overdue: %1").arg(stepLabel(Step(s)));
    });
    mClassCombo->setItemText(0, tr("All classes"));
    mPlaceCombo->setItemText(0, tr("All streets"));
    mUnitCombo->setItemText(0, tr("All units"));
    relabel(mSourceCombo, [this](const QVariant &v) {
        return v.toInt() < 0 ? tr("All sources") : sourceLabel(CaseSource(v.toInt()));
    });
    relabel(mPriorityCombo, [this](const QVariant &v) {
        switch (v.toInt()) {
        case int(Priority::Normal):
            return tr("Normal priority");
        case int(Priority::High):
            return tr("High priority");
        case int(Priority::Urgent):
            return tr("Urgent");
        default:
            return tr("Any priority");
        }
    });
    relabel(mPeriodCombo, [this](const QVariant &v) {
        switch (v.toInt()) {
        case Today:
            return tr("Reported today");
        case LastWeek:
            return tr("Last 7 days");
        case LastMonth:
            return tr("Last 30 days");
        default:
            return tr("Any time");
        }
    });
    relabel(mOrderCombo, [this](const QVariant &v) {
        switch (CaseQuery::Order(v.toInt())) {
        case CaseQuery::Order::Oldest:
            return tr("Oldest first");
        case CaseQuery::Order::DueFirst:
            return tr("Due first");
        default:
            return tr("Newest first");
        }
    });
    mClassCombo->setToolTip(tr("Only cases of this class"));
    mPlaceCombo->setToolTip(tr("Only cases in this street"));
    mUnitCombo->setToolTip(tr("Only cases dispatched to this unit"));
    mSourceCombo->setToolTip(tr("Only cases from this channel"));
    mPeriodCombo->setToolTip(tr("Only cases reported in this period"));
    mOrderCombo->setToolTip(tr("Order of the queue"));
    mStateLabel->setText(tr("&State:"));
    mStepLabel->setText(tr("&Deadline:"));
    mSearch->setPlaceholderText(tr("Search case number, address or description"));
    mBulkDispatch->setText(tr("Dispatch selected…"));
    mBulkDispatch->setToolTip(tr("Dispatch every selected case, one request per case (Ctrl+Shift+D)"));
    mBulkUrge->setText(tr("Urge selected…"));
    mBulkUrge->setToolTip(tr("Urge every selected case, one request per case (Ctrl+Shift+U)"));
    mModel->retranslate();
    updateSummary();
}

void CaseQueueWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void CaseQueueWidget::setActor(const Actor &actor)
{
    mActor = actor;
    mModel->setActor(actor);
    mTabCounts->setActor(actor);
    delete mBulk;
    mBulk = new BulkActionRunner(mSession, actor, mDirectory, this);
    connect(mBulk, &BulkActionRunner::finished, this, &CaseQueueWidget::updateBulkButtons);
    fillDirectoryFilters();
    updateBulkButtons();
}

void CaseQueueWidget::setDirectory(std::shared_ptr<const CaseDirectory> directory)
{
    mDirectory = directory ? directory : std::make_shared<CaseDirectory>();
    mModel->setDirectory(std::move(directory));
    setActor(mActor); // the bulk runner and the filters take the new directory
}

void CaseQueueWidget::setCountSession(SessionThread *session)
{
    mCounts->setSession(session ? session : mSession);
    mTabCounts->setSession(session ? session : mSession);
}

void CaseQueueWidget::fillDirectoryFilters()
{
    const QSignalBlocker b1(mClassCombo), b2(mPlaceCombo), b3(mUnitCombo);
    for (QComboBox *c : {mClassCombo, mPlaceCombo, mUnitCombo}) {
        while (c->count() > 1)
            c->removeItem(1);
    }
    for (const CatalogueClass &c : mDirectory->catalogue().classes())
        mClassCombo->addItem(c.name, c.key.toString());
    const JurisdictionCode scope = mActor.jurisdiction;
    for (const Jurisdiction &j : mDirectory->jurisdictions()) {
        if (j.code.level() != JurisdictionLevel::Street || (!scope.isNull() && !scope.covers(j.code)))
            continue;
        if (!scope.isNull() && scope.level() == JurisdictionLevel::Street)
            continue; // a street's own people need no street filter
        const QString district = mDirectory->jurisdictionName(j.code.parent());
        mPlaceCombo->addItem(scope.level() == JurisdictionLevel::City ? district + u" / "_s + j.name : j.name,
                             j.code.text());
    }
    for (const ResponsibleUnit &u : mDirectory->units()) {
        if (!scope.isNull() && !scope.covers(u.jurisdiction) && !u.jurisdiction.covers(scope))
            continue;
        mUnitCombo->addItem(u.name, QString::number(u.id));
    }
    mPlaceCombo->setVisible(mPlaceCombo->count() > 1);
    mUnitCombo->setVisible(mActor.role != Role::UnitHandler && mUnitCombo->count() > 1);
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
    mTabCounts->setFilter(filter);
}

void CaseQueueWidget::refresh()
{
    mModel->setNow(QDateTime::currentDateTimeUtc());
    mModel->refresh();
    mCounts->refresh();
    mTabCounts->refresh();
}

QueueTab CaseQueueWidget::currentTab() const
{
    return QueueTab(std::max(0, mTabs->currentIndex()));
}

void CaseQueueWidget::setCurrentTab(QueueTab tab)
{
    mTabs->setCurrentIndex(int(tab));
}

CaseFilter CaseQueueWidget::currentFilter() const
{
    CaseFilter filter;
    filter.tab = currentTab();
    const int state = mStateCombo->currentData().toInt();
    if (state >= 0)
        filter.state = CaseState(state);
    const int step = mStepCombo->currentData().toInt();
    if (step >= 0)
        filter.overdueStep = Step(step);
    filter.overdueOnly = step == OverdueAnyStep;
    filter.search = mSearch->text().trimmed();
    if (const QString key = mClassCombo->currentData().toString(); !key.isEmpty()) {
        if (auto parsed = CatalogueKey::parse(key))
            filter.classKey = *parsed;
    }
    if (const QString place = mPlaceCombo->currentData().toString(); !place.isEmpty()) {
        if (auto parsed = JurisdictionCode::parse(place))
            filter.place = *parsed;
    }
    filter.unitId = mUnitCombo->currentData().toString().toLongLong();
    if (const int source = mSourceCombo->currentData().toInt(); source >= 0)
        filter.source = CaseSource(source);
    if (const int priority = mPriorityCombo->currentData().toInt(); priority >= 0)
        filter.priority = Priority(priority);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    switch (mPeriodCombo->currentData().toInt()) {
    case Today:
        filter.reportedFrom = startOfTodayUtc(now);
        break;
    case LastWeek:
        filter.reportedFrom = startOfTodayUtc(now).addDays(-6);
        break;
    case LastMonth:
        filter.reportedFrom = startOfTodayUtc(now).addDays(-29);
        break;
    default:
        break;
    }
    filter.order = CaseQuery::Order(mOrderCombo->currentData().toInt());
    return filter;
}

void CaseQueueWidget::applyFilter()
{
    const CaseFilter filter = currentFilter();
    syncStateList(filter);
    if (filter == mModel->filter() && (mModel->hasLoaded() || mModel->isLoading()))
        return;
    CaseFilter counted = filter;
    counted.tab = QueueTab::All;
    counted.state.reset();
    CaseFilter before = mModel->filter();
    before.tab = QueueTab::All;
    before.state.reset();
    mModel->setFilter(filter);
    mCounts->setQuery(mModel->query());
    if (!(counted == before) || !mTabCounts->hasCounts())
        mTabCounts->setFilter(filter);
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

QList<qint64> CaseQueueWidget::selectedCaseIds() const
{
    QList<int> rows;
    for (const QModelIndex &index : mView->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    QList<qint64> ids;
    for (int row : std::as_const(rows))
        ids.append(mModel->caseId(row));
    return ids;
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

bool CaseQueueWidget::canBulk(Action action) const
{
    return BulkActionRunner::roleMayTake(mActor.role, action) && !mBulk->isRunning() &&
           mView->selectionModel()->hasSelection();
}

void CaseQueueWidget::updateBulkButtons()
{
    mBulkDispatch->setVisible(BulkActionRunner::roleMayTake(mActor.role, Action::Dispatch));
    mBulkUrge->setVisible(BulkActionRunner::roleMayTake(mActor.role, Action::Urge));
    mBulkDispatch->setEnabled(canBulk(Action::Dispatch));
    mBulkUrge->setEnabled(canBulk(Action::Urge));
}

void CaseQueueWidget::runBulkAction(const ActionRequest &request)
{
    const QList<qint64> ids = selectedCaseIds();
    if (ids.isEmpty() || mBulk->isRunning())
        return;
    Q_EMIT bulkStarted(request.action, int(ids.size()));
    mBulk->start(request, ids);
    updateBulkButtons();
}

namespace {

// A small form: one choice and a comment. Returns false when cancelled.
bool askChoice(QWidget *parent, const QString &title, const QString &label,
               const QList<std::pair<QString, QVariant>> &items, QVariant &choice, QString &comment)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(title);
    auto *form = new QFormLayout(&dialog);
    auto *combo = new QComboBox(&dialog);
    for (const auto &[text, data] : items)
        combo->addItem(text, data);
    auto *note = new QLineEdit(&dialog);
    form->addRow(label, combo);
    form->addRow(CaseQueueWidget::tr("Comment:"), note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    choice = combo->currentData();
    comment = note->text().trimmed();
    return true;
}

void showSummaryWhenDone(CaseQueueWidget *widget, BulkActionRunner *runner)
{
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(
        runner, &BulkActionRunner::finished, widget, [widget, connection](const BulkSummary &summary) {
            QObject::disconnect(*connection);
            QMessageBox box(summary.refusedCount() > 0 ? QMessageBox::Warning : QMessageBox::Information,
                            CaseQueueWidget::tr("Bulk action"), summary.text(), QMessageBox::Ok, widget);
            box.exec();
        });
}

} // namespace

void CaseQueueWidget::bulkDispatch()
{
    if (!canBulk(Action::Dispatch))
        return;
    QList<std::pair<QString, QVariant>> units{{tr("The suggested unit of each case"), qint64(0)}};
    for (const ResponsibleUnit &u : mDirectory->units()) {
        if (mActor.jurisdiction.isNull() || mActor.jurisdiction.covers(u.jurisdiction) ||
            u.jurisdiction.covers(mActor.jurisdiction))
            units.append({u.name, u.id});
    }
    QVariant unit;
    QString comment;
    if (!askChoice(this, tr("Dispatch %n case(s)", nullptr, int(selectedCaseIds().size())), tr("Unit:"),
                   units, unit, comment))
        return;
    ActionRequest request;
    request.action = Action::Dispatch;
    request.unitId = unit.toLongLong();
    request.comment = comment;
    showSummaryWhenDone(this, mBulk);
    runBulkAction(request);
}

void CaseQueueWidget::bulkUrge()
{
    if (!canBulk(Action::Urge))
        return;
    QList<std::pair<QString, QVariant>> levels;
    for (UrgeLevel l : {UrgeLevel::Ordinary, UrgeLevel::Key, UrgeLevel::Listed})
        levels.append({urgeLevelLabel(l), int(l)});
    QVariant level;
    QString comment;
    if (!askChoice(this, tr("Urge %n case(s)", nullptr, int(selectedCaseIds().size())), tr("Level:"), levels,
                   level, comment))
        return;
    ActionRequest request;
    request.action = Action::Urge;
    request.urgeLevel = UrgeLevel(level.toInt());
    request.comment = comment;
    showSummaryWhenDone(this, mBulk);
    runBulkAction(request);
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

void CaseQueueWidget::updateTabs()
{
    for (int t = 0; t < mTabs->count(); ++t)
        mTabs->setTabText(t, mTabCounts->text(QueueTab(t)));
}

void CaseQueueWidget::updateSummary()
{
    const int loaded = mModel->rowCount();
    if (!mTabCounts->hasCounts() || !mCounts->hasCounts() || !mModel->hasLoaded()) {
        mSummary->setText(tr("Loading…"));
        return;
    }
    const std::optional<CaseState> state = mModel->filter().state;
    const int total = state                                   ? mCounts->count(*state)
                      : mModel->filter().tab == QueueTab::All ? mCounts->total()
                                                              : mTabCounts->count(mModel->filter().tab);
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
