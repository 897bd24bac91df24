#include "ui/cases/casedock.h"

#include "core/clock.h"
#include "session/sessionthread.h"
#include "session/whenfinished.h"
#include "ui/cases/actionform.h"
#include "ui/cases/casefilepdf.h"
#include "ui/cases/caseminimap.h"
#include "ui/cases/photoviewer.h"
#include "ui/cases/reportform.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeDatabase>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

enum Tab { TimelineTab, DeadlinesTab, PhotosTab, LocationTab, RelatedTab, HotlineTab };

QLabel *makeValueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return label;
}

QString badgeStyle(const QString &background)
{
    return u"QLabel { background: %1; color: white; border-radius: 3px; padding: 1px 6px; }"_s.arg(
        background);
}

// The badge colour of a state: open states by where the case stands, terminal ones grey or green.
QString stateColour(CaseState state)
{
    switch (state) {
    case CaseState::Closed:
        return u"#2e7d32"_s;
    case CaseState::Rejected:
    case CaseState::Voided:
        return u"#757575"_s;
    case CaseState::Dispatched:
    case CaseState::Parked:
        return u"#1565c0"_s;
    case CaseState::CheckFailed:
    case CaseState::ReturnRequested:
    case CaseState::VoidRequested:
    case CaseState::ParkRequested:
        return u"#e65100"_s;
    default:
        return u"#00838f"_s;
    }
}

QString lightColour(DeadlineLight light)
{
    switch (light) {
    case DeadlineLight::Red:
        return u"#c62828"_s;
    case DeadlineLight::Yellow:
        return u"#b26a00"_s;
    case DeadlineLight::Green:
        return u"#2e7d32"_s;
    case DeadlineLight::None:
        break;
    }
    return {};
}

// A deadline with its countdown, coloured by its light.
void setDeadline(QLabel *label, const QDateTime &due, const QDateTime &now, const QString &prefix = {})
{
    if (!due.isValid()) {
        label->setStyleSheet(QString());
        label->setText(prefix.isEmpty() ? CaseDock::tr("No deadline runs") : prefix);
        label->setProperty("light", int(DeadlineLight::None));
        return;
    }
    const DeadlineLight light = CaseFormat::light(due, now);
    label->setStyleSheet(u"QLabel { color: %1; }"_s.arg(lightColour(light)));
    label->setProperty("light", int(light));
    const QString text =
        CaseDock::tr("%1 · %2").arg(CaseFormat::dateTime(due), CaseFormat::countdown(due, now));
    label->setText(prefix.isEmpty() ? text : prefix + u" · "_s + text);
}

// A running deadline's row of the deadlines list: light, due time and countdown.
void setDeadlineItem(QTreeWidgetItem *item, const QDateTime &due, const QDateTime &now)
{
    const DeadlineLight light = CaseFormat::light(due, now);
    item->setIcon(0, CaseFormat::lightIcon(light));
    item->setData(0, Qt::UserRole, int(light));
    item->setText(1, CaseFormat::dateTime(due));
    item->setText(2, CaseFormat::countdown(due, now));
    item->setForeground(2, QColor(lightColour(light)));
    item->setToolTip(0, CaseFormat::lightLabel(light));
}

QDateTime parseDetailTime(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODate).toUTC();
}

QString photoCaption(const CasePhoto &p)
{
    const QString phase = p.phase == PhotoPhase::Before ? CaseDock::tr("Before") : CaseDock::tr("After");
    return CaseDock::tr("%1 · %2\n%3").arg(phase, actionLabel(p.action), CaseFormat::shortDateTime(p.at));
}

QString distanceText(const RelatedCase &r)
{
    if (r.distanceMetres < 0)
        return {};
    return CaseDock::tr("%1 m").arg(qRound(r.distanceMetres));
}

} // namespace

CaseDock::CaseDock(SessionThread *session, QWidget *parent)
    : QDockWidget(tr("Case"), parent)
    , mSession(session)
    , mDirectory(std::make_shared<CaseDirectory>())
    , mStack(new QStackedWidget(this))
    , mTick(new QTimer(this))
    , mReloadDelay(new QTimer(this))
{
    setObjectName(u"caseDock"_s);
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                QDockWidget::DockWidgetClosable);
    setMinimumWidth(420);

    auto *outer = new QWidget(this);
    auto *outerLayout = new QVBoxLayout(outer);
    outerLayout->setContentsMargins(0, 0, 0, 0);
    // New reports do not depend on the case shown: their buttons stay above it.
    mTools = new QWidget(outer);
    auto *tools = new QHBoxLayout(mTools);
    tools->setContentsMargins(6, 4, 6, 0);
    mReport = new QPushButton(tr("Report…"), mTools);
    mReport->setObjectName(u"newReport"_s);
    mReport->setToolTip(tr("Report a new problem"));
    mSelfDispose = new QPushButton(tr("Self-dispose…"), mTools);
    mSelfDispose->setObjectName(u"newSelfDisposal"_s);
    mSelfDispose->setToolTip(tr("Record a problem you fixed on the spot, with photos before and after"));
    tools->addWidget(mReport);
    tools->addWidget(mSelfDispose);
    tools->addStretch(1);
    outerLayout->addWidget(mTools);
    outerLayout->addWidget(mStack, 1);
    connect(mReport, &QPushButton::clicked, this, [this] { startReport(false); });
    connect(mSelfDispose, &QPushButton::clicked, this, [this] { startReport(true); });

    mMessage = new QLabel(tr("Select a case in the queue to see it here."), mStack);
    mMessage->setAlignment(Qt::AlignCenter);
    mMessage->setWordWrap(true);
    mMessage->setMargin(24);
    mStack->addWidget(mMessage);

    auto *page = new QWidget(mStack);
    auto *layout = new QVBoxLayout(page);

    auto *titleRow = new QHBoxLayout;
    mTitle = new QLabel(page);
    mTitle->setObjectName(u"caseNumber"_s);
    QFont titleFont = mTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    mTitle->setFont(titleFont);
    mTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mStateBadge = new QLabel(page);
    mStateBadge->setObjectName(u"caseState"_s);
    mKeyMark = new QLabel(tr("Key supervision"), page);
    mKeyMark->setObjectName(u"keySupervision"_s);
    mKeyMark->setStyleSheet(badgeStyle(u"#c62828"_s));
    mHotlineMark = new QLabel(page);
    mHotlineMark->setObjectName(u"hotlineMark"_s);
    mHotlineMark->setStyleSheet(badgeStyle(u"#6a1b9a"_s));
    titleRow->addWidget(mTitle);
    titleRow->addWidget(mStateBadge);
    titleRow->addWidget(mKeyMark);
    titleRow->addWidget(mHotlineMark);
    titleRow->addStretch(1);
    mExport = new QPushButton(tr("Print case file…"), page);
    mExport->setObjectName(u"exportPdf"_s);
    mExport->setToolTip(tr("Save the case file (案卷) as a PDF"));
    mExport->setEnabled(false);
    connect(mExport, &QPushButton::clicked, this, &CaseDock::chooseExportPath);
    titleRow->addWidget(mExport);
    layout->addLayout(titleRow);
    mNote = new QLabel(page);
    mNote->setObjectName(u"note"_s);
    mNote->setWordWrap(true);
    mNote->setStyleSheet(u"color: #616161;"_s);
    mNote->hide();
    layout->addWidget(mNote);

    mConflict = new QLabel(page);
    mConflict->setObjectName(u"conflict"_s);
    mConflict->setWordWrap(true);
    mConflict->setTextFormat(Qt::PlainText);
    mConflict->setStyleSheet(
        u"QLabel { background: #fff3e0; color: #6d3a00; border: 1px solid #ffb74d; padding: 6px; }"_s);
    mConflict->hide();
    layout->addWidget(mConflict);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    form->setVerticalSpacing(3);
    mClass = makeValueLabel(page);
    mPriority = makeValueLabel(page);
    mGrid = makeValueLabel(page);
    mPlace = makeValueLabel(page);
    mAddress = makeValueLabel(page);
    mDescription = makeValueLabel(page);
    mDescription->setObjectName(u"description"_s);
    mReporter = makeValueLabel(page);
    mUnit = makeValueLabel(page);
    mHandlingDue = makeValueLabel(page);
    mHandlingDue->setObjectName(u"handlingDeadline"_s);
    mStepDue = makeValueLabel(page);
    mStepDue->setObjectName(u"stepDeadline"_s);
    mPending = makeValueLabel(page);
    form->addRow(tr("Class:"), mClass);
    form->addRow(tr("Priority:"), mPriority);
    form->addRow(tr("Grid:"), mGrid);
    form->addRow(tr("Street / community:"), mPlace);
    form->addRow(tr("Address:"), mAddress);
    form->addRow(tr("Description:"), mDescription);
    form->addRow(tr("Reported by:"), mReporter);
    form->addRow(tr("Responsible unit:"), mUnit);
    form->addRow(tr("Handling deadline:"), mHandlingDue);
    form->addRow(tr("Current step:"), mStepDue);
    mPendingLabel = new QLabel(tr("Pending request:"), page);
    form->addRow(mPendingLabel, mPending);
    layout->addLayout(form);

    mTabs = new QTabWidget(page);
    mTabs->setObjectName(u"caseTabs"_s);
    mTabs->setDocumentMode(true);

    mTimeline = new QTextBrowser(mTabs);
    mTimeline->setObjectName(u"timeline"_s);
    mTimeline->setOpenLinks(false);
    mTimeline->setMinimumHeight(160);
    mTabs->addTab(mTimeline, tr("Timeline"));

    mDeadlines = new QTreeWidget(mTabs);
    mDeadlines->setObjectName(u"deadlines"_s);
    mDeadlines->setRootIsDecorated(false);
    mDeadlines->setHeaderLabels({tr("Step"), tr("Due"), tr("Done / left")});
    mDeadlines->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    mDeadlines->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    mDeadlines->header()->setStretchLastSection(true);
    mTabs->addTab(mDeadlines, tr("Deadlines"));

    auto *photoPage = new QWidget(mTabs);
    auto *photoLayout = new QVBoxLayout(photoPage);
    photoLayout->setContentsMargins(2, 2, 2, 2);
    mPhotoNote = new QLabel(photoPage);
    mPhotoNote->setObjectName(u"photoNote"_s);
    mPhotoNote->setWordWrap(true);
    mPhotos = new QListWidget(photoPage);
    mPhotos->setObjectName(u"photos"_s);
    mPhotos->setViewMode(QListView::IconMode);
    mPhotos->setIconSize(QSize(120, 120));
    mPhotos->setGridSize(QSize(136, 172));
    mPhotos->setResizeMode(QListView::Adjust);
    mPhotos->setMovement(QListView::Static);
    mPhotos->setWordWrap(true);
    mPhotos->setToolTip(tr("Click a photo to see it large"));
    photoLayout->addWidget(mPhotoNote);
    photoLayout->addWidget(mPhotos, 1);
    mTabs->addTab(photoPage, tr("Photos"));
    connect(mPhotos, &QListWidget::itemClicked, this, &CaseDock::openPhoto);
    connect(mPhotos, &QListWidget::itemActivated, this, &CaseDock::openPhoto);

    mMiniMap = new CaseMiniMap(mTabs);
    mTabs->addTab(mMiniMap, tr("Location"));

    mRelated = new QTreeWidget(mTabs);
    mRelated->setObjectName(u"related"_s);
    mRelated->setRootIsDecorated(false);
    mRelated->setHeaderLabels(
        {tr("Case"), tr("State"), tr("Class"), tr("Distance"), tr("Reported"), tr("Why")});
    mRelated->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    mRelated->header()->setSectionResizeMode(5, QHeaderView::Stretch);
    mRelated->setToolTip(tr("Double-click a case to show it"));
    mTabs->addTab(mRelated, tr("Related"));
    connect(mRelated, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (item)
            showCase(item->data(0, Qt::UserRole).toLongLong());
    });

    mHotlinePage = new QWidget(mTabs);
    auto *hotlineLayout = new QVBoxLayout(mHotlinePage);
    mHotline = makeValueLabel(mHotlinePage);
    mHotline->setObjectName(u"hotline"_s);
    mHotline->setTextFormat(Qt::RichText);
    mHotline->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    hotlineLayout->addWidget(mHotline);
    hotlineLayout->addStretch(1);
    mTabs->addTab(mHotlinePage, tr("Hotline"));
    mTabs->setTabVisible(HotlineTab, false);
    layout->addWidget(mTabs, 1);

    mActionsBox = new QGroupBox(tr("Your actions"), page);
    mActionsLayout = new QGridLayout(mActionsBox);
    mNoActions = new QLabel(tr("Your role has no action on this case in its current state."), mActionsBox);
    mNoActions->setWordWrap(true);
    mActionsLayout->addWidget(mNoActions, 0, 0, 1, 2);
    layout->addWidget(mActionsBox);

    mStack->addWidget(page);
    setWidget(outer);

    mTick->setInterval(1000);
    connect(mTick, &QTimer::timeout, this, &CaseDock::updateCountdowns);
    mReloadDelay->setSingleShot(true);
    mReloadDelay->setInterval(150);
    connect(mReloadDelay, &QTimer::timeout, this, &CaseDock::reload);
    // Other stations' writes and our own: merge bursts into one reload.
    connect(mSession, &SessionThread::storeChanged, mReloadDelay, qOverload<>(&QTimer::start));
    setActor(mActor);
}

CaseDock::~CaseDock() = default;

ActionForm *CaseDock::actionForm() const
{
    return mForm;
}

ReportForm *CaseDock::reportForm() const
{
    return mReportForm;
}

PhotoViewer *CaseDock::photoViewer() const
{
    return mViewer;
}

void CaseDock::setActor(const Actor &actor)
{
    mActor = actor;
    CaseFacts facts;
    facts.selfDisposalAllowed = true;
    const bool reports = bool(decide(facts, Action::Report, actor.role));
    const bool selfDisposes = bool(decide(facts, Action::SelfDispose, actor.role));
    mReport->setVisible(reports);
    mSelfDispose->setVisible(selfDisposes);
    mTools->setVisible(reports || selfDisposes);
    if (mCaseId > 0)
        reload();
}

void CaseDock::setDirectory(std::shared_ptr<const CaseDirectory> directory)
{
    mDirectory = directory ? std::move(directory) : std::make_shared<CaseDirectory>();
    if (mLoaded)
        render();
}

void CaseDock::setClock(const Clock *clock)
{
    mClock = clock;
    updateCountdowns();
}

QDateTime CaseDock::now() const
{
    return mClock ? mClock->now() : QDateTime::currentDateTimeUtc();
}

void CaseDock::showCase(qint64 caseId)
{
    if (caseId == mCaseId && (mLoaded || caseId == 0))
        return;
    mCaseId = caseId;
    mLoaded = false;
    mConflict->hide();
    mNote->clear();
    mNote->hide();
    mExport->setEnabled(false);
    if (mForm) {
        mForm->deleteLater(); // a form acts on the case it was opened for
        mForm = nullptr;
    }
    if (caseId <= 0) {
        ++mSerial;
        mTick->stop();
        showMessage(tr("Select a case in the queue to see it here."));
        return;
    }
    load(false);
}

void CaseDock::reload()
{
    if (mCaseId > 0)
        load(true);
}

void CaseDock::load(bool keepScroll)
{
    const int serial = ++mSerial;
    const qint64 caseId = mCaseId;
    CaseSnapshot cached;
    cached.map = mSnapshot.map;
    cached.photos = mSnapshot.photos;
    auto loading = mSession->run([caseId, actor = mActor, cached = std::move(cached)](Session &session) {
        return CaseFileReader::load(session, caseId, actor, cached);
    });
    whenFinished(loading, this, [this, serial, caseId, keepScroll](Result<CaseSnapshot> snapshot) {
        if (serial != mSerial)
            return;
        if (!snapshot) {
            mLoaded = false;
            mTick->stop();
            mExport->setEnabled(false);
            showMessage(tr("The case cannot be shown:\n%1").arg(snapshot.errorMessage()));
            return;
        }
        const int scroll = keepScroll ? mTimeline->verticalScrollBar()->value() : 0;
        const bool sameCase = mSnapshot.record.id == caseId;
        mSnapshot = std::move(snapshot).value();
        mLoaded = true;
        render();
        if (!sameCase)
            mTabs->setCurrentIndex(TimelineTab);
        mTimeline->verticalScrollBar()->setValue(scroll);
        mStack->setCurrentIndex(1);
        mExport->setEnabled(true);
        mTick->start();
        if (mForm && !mBusy && mForm->record().version != mSnapshot.record.version)
            showConflict();
        Q_EMIT caseLoaded(caseId);
    });
}

void CaseDock::showMessage(const QString &text)
{
    mMessage->setText(text);
    mStack->setCurrentIndex(0);
    clearActions();
    mMiniMap->clear();
}

void CaseDock::clearActions()
{
    for (QPushButton *b : std::as_const(mButtons)) {
        mActionsLayout->removeWidget(b);
        b->hide();
        b->deleteLater(); // it may be the sender of the click being handled
    }
    mButtons.clear();
}

void CaseDock::render()
{
    renderHeader();
    QString html;
    // Newest first: what happened last is what a person needs first.
    for (qsizetype i = mSnapshot.events.size() - 1; i >= 0; --i)
        html += eventHtml(mSnapshot.events.at(i));
    mTimeline->setHtml(html);
    mTabs->setTabText(TimelineTab, tr("Timeline (%1)").arg(mSnapshot.events.size()));
    renderDeadlines();
    renderPhotos();
    renderRelated();
    renderHotline();
    mMiniMap->setData(mSnapshot.map, mSnapshot.record.state);
    renderActions();
}

void CaseDock::renderHeader()
{
    const CaseRecord &c = mSnapshot.record;
    const CaseDirectory &d = *mDirectory;
    mTitle->setText(c.number);
    mStateBadge->setText(stateLabel(c.state));
    mStateBadge->setStyleSheet(badgeStyle(stateColour(c.state)));
    mKeyMark->setVisible(c.keySupervision);
    const bool hotline = c.source == CaseSource::Hotline12345 || c.source == CaseSource::Hotline12319;
    mHotlineMark->setText(sourceLabel(c.source));
    mHotlineMark->setVisible(hotline || !c.hotlineTicket.isEmpty());

    QString className = d.className(c.classKey);
    const CatalogueClass *cls = d.catalogue().find(c.classKey);
    if (cls)
        className = tr("%1 / %2 (%3)").arg(cls->majorName, cls->name, c.classKey.code());
    else
        className = c.classKey.toString();
    mClass->setText(className);
    QString priority = CaseFormat::priorityLabel(c.priority);
    if (c.hardCase) {
        priority = tr("%1 · hard case").arg(priority);
        // Staged closing (停止施工 → 立案处罚 → 拆除): where the case stands.
        if (cls && c.hardCaseStage < cls->closingStages.size())
            priority = tr("%1 · stage %2 of %3: %4")
                           .arg(priority)
                           .arg(c.hardCaseStage + 1)
                           .arg(cls->closingStages.size())
                           .arg(cls->closingStages.at(c.hardCaseStage));
    }
    mPriority->setText(
        tr("%1 · %2 · version %3").arg(priority, CaseFormat::areaClassLabel(c.areaClass)).arg(c.version));
    mGrid->setText(tr("%1 (owned by the %2 tier)").arg(c.grid.text(), CaseFormat::levelLabel(c.owningTier)));
    mPlace->setText(d.placeName(c));
    mAddress->setText(c.address);
    mDescription->setText(c.description);
    const QString reporter = d.userName(c.reporterId);
    mReporter->setText(tr("%1 · %2 · %3")
                           .arg(reporter.isEmpty() ? tr("System intake") : reporter, sourceLabel(c.source),
                                CaseFormat::dateTime(c.reportedAt)));
    if (c.unitId > 0)
        mUnit->setText(d.unitName(c.unitId));
    else
        mUnit->setText(tr("Not dispatched"));

    QString pending;
    if (c.extensionPending && c.requestedDueAt.isValid())
        pending = tr("Extension to %1").arg(CaseFormat::dateTime(c.requestedDueAt));
    else if (c.state == CaseState::ParkRequested && c.resumeAt.isValid())
        pending = tr("Parking until %1").arg(CaseFormat::dateTime(c.resumeAt));
    mPending->setText(pending);
    mPending->setVisible(!pending.isEmpty());
    mPendingLabel->setVisible(!pending.isEmpty());
}

bool handlingClockRuns(const CaseRecord &c)
{
    return c.handlingDueAt.isValid() &&
           (c.state == CaseState::Dispatched || c.state == CaseState::ParkRequested ||
            c.state == CaseState::ReturnRequested);
}

DeadlineLight CaseDock::stepLight() const
{
    if (!mLoaded || mSnapshot.record.step == Step::None)
        return DeadlineLight::None;
    return CaseFormat::light(mSnapshot.record.stepDueAt, now());
}

DeadlineLight CaseDock::handlingLight() const
{
    if (!mLoaded || !handlingClockRuns(mSnapshot.record))
        return DeadlineLight::None;
    return CaseFormat::light(mSnapshot.record.handlingDueAt, now());
}

void CaseDock::updateCountdowns()
{
    if (!mLoaded)
        return;
    const CaseRecord &c = mSnapshot.record;
    const QDateTime t = now();
    if (c.state == CaseState::Parked) {
        mHandlingDue->setStyleSheet(QString());
        QString text = tr("Parked: %1 of handling time left")
                           .arg(CaseFormat::duration(std::max<qint64>(0, c.pausedRemainingMinutes)));
        if (c.resumeAt.isValid())
            text = tr("%1; resumes %2").arg(text, CaseFormat::dateTime(c.resumeAt));
        mHandlingDue->setText(text);
    } else if (handlingClockRuns(c)) {
        // The unit's clock runs: show how much time it has left.
        setDeadline(mHandlingDue, c.handlingDueAt, t, CaseFormat::timeLimit(c.handlingLimit));
    } else if (c.handlingDueAt.isValid()) {
        mHandlingDue->setStyleSheet(QString());
        mHandlingDue->setText(
            tr("%1 (%2)").arg(CaseFormat::dateTime(c.handlingDueAt), CaseFormat::timeLimit(c.handlingLimit)));
    } else {
        mHandlingDue->setStyleSheet(QString());
        mHandlingDue->setText(c.handlingLimit.isNull()
                                  ? tr("Set when dispatched")
                                  : tr("%1 from dispatch").arg(CaseFormat::timeLimit(c.handlingLimit)));
    }
    if (c.step == Step::None) {
        mStepDue->setStyleSheet(QString());
        mStepDue->setText(c.isOpen() ? tr("No step clock runs")
                                     : tr("Finished %1").arg(CaseFormat::dateTime(c.closedAt)));
    } else {
        setDeadline(mStepDue, c.stepDueAt, t, stepLabel(c.step));
    }
    if (mStepItem)
        setDeadlineItem(mStepItem, c.stepDueAt, t);
    if (mHandlingItem)
        setDeadlineItem(mHandlingItem, c.handlingDueAt, t);
    if (mHotlineItem && mSnapshot.hotline)
        setDeadlineItem(mHotlineItem, mSnapshot.hotline->hotlineDueAt, t);
}

void CaseDock::renderDeadlines()
{
    mDeadlines->clear();
    mStepItem = mHandlingItem = mHotlineItem = nullptr;
    const CaseRecord &c = mSnapshot.record;
    // The steps done, each against its own limit.
    for (const CaseEvent &e : std::as_const(mSnapshot.events)) {
        if (e.step == Step::None || !e.stepDueAt.isValid())
            continue;
        auto *item = new QTreeWidgetItem(mDeadlines);
        item->setText(0, stepLabel(e.step));
        item->setText(1, CaseFormat::dateTime(e.stepDueAt));
        const DeadlineLight light = e.onTime ? DeadlineLight::Green : DeadlineLight::Red;
        item->setIcon(0, CaseFormat::lightIcon(light));
        item->setData(0, Qt::UserRole, int(light));
        item->setText(2, e.onTime ? tr("done %1, on time").arg(CaseFormat::shortDateTime(e.at))
                                  : tr("done %1, %2 late")
                                        .arg(CaseFormat::shortDateTime(e.at),
                                             CaseFormat::duration((e.stepDueAt.secsTo(e.at) + 59) / 60)));
        item->setForeground(2, QColor(lightColour(light)));
    }
    if (c.step != Step::None && c.stepDueAt.isValid()) {
        mStepItem = new QTreeWidgetItem(mDeadlines);
        mStepItem->setText(0, tr("%1 (now)").arg(stepLabel(c.step)));
        QFont bold = mStepItem->font(0);
        bold.setBold(true);
        mStepItem->setFont(0, bold);
    }
    if (handlingClockRuns(c)) {
        mHandlingItem = new QTreeWidgetItem(mDeadlines);
        mHandlingItem->setText(0,
                               tr("Handling by the unit (%1)").arg(CaseFormat::timeLimit(c.handlingLimit)));
    }
    if (mSnapshot.hotline && mSnapshot.hotline->hotlineDueAt.isValid() && c.isOpen()) {
        mHotlineItem = new QTreeWidgetItem(mDeadlines);
        mHotlineItem->setText(0, tr("Hotline %1 deadline").arg(mSnapshot.hotline->hotline));
    }
    updateCountdowns();
}

void CaseDock::renderPhotos()
{
    mPhotos->clear();
    int before = 0, after = 0, missing = 0;
    for (const CasePhoto &p : std::as_const(mSnapshot.photos)) {
        auto *item = new QListWidgetItem(photoCaption(p), mPhotos);
        item->setData(Qt::UserRole, p.hash);
        item->setTextAlignment(Qt::AlignHCenter | Qt::AlignTop);
        if (p.thumbnail.isNull()) {
            ++missing;
            item->setToolTip(tr("The file %1 is missing from the store.").arg(p.hash.left(12)));
        } else {
            item->setIcon(QIcon(QPixmap::fromImage(p.thumbnail)));
            item->setToolTip(tr("%1 by %2")
                                 .arg(p.originalName.isEmpty() ? p.hash.left(12) : p.originalName,
                                      p.actorName.isEmpty() ? roleLabel(p.role) : p.actorName));
        }
        (p.phase == PhotoPhase::Before ? before : after)++;
    }
    QString note = mSnapshot.photos.isEmpty() ? tr("No photos were attached to this case.")
                                              : tr("%1 before, %2 after.").arg(before).arg(after);
    if (missing > 0)
        note += u' ' + tr("Photos whose file is missing: %1.").arg(missing);
    mPhotoNote->setText(note);
    mTabs->setTabText(PhotosTab, tr("Photos (%1)").arg(mSnapshot.photos.size()));
}

void CaseDock::renderRelated()
{
    mRelated->clear();
    const CaseDirectory &d = *mDirectory;
    for (const RelatedCase &r : std::as_const(mSnapshot.related)) {
        auto *item = new QTreeWidgetItem(mRelated);
        item->setData(0, Qt::UserRole, r.id);
        item->setText(0, r.number);
        item->setText(1, stateLabel(r.state));
        const QString name = d.className(r.classKey);
        item->setText(2, name.isEmpty() ? r.classKey.toString() : name);
        item->setText(3, distanceText(r));
        QStringList why;
        if (r.nearby)
            why.append(tr("within %1 m").arg(qRound(CaseFileReader::RelatedRadiusMetres)));
        if (r.sameGridAndClass)
            why.append(tr("same grid and class"));
        item->setText(4, CaseFormat::shortDateTime(r.reportedAt));
        item->setText(5, why.join(u", "_s));
        item->setToolTip(5, item->text(5));
        item->setToolTip(0, r.address);
        if (!isOpen(r.state))
            for (int col = 0; col < 6; ++col)
                item->setForeground(col, QColor(0x75, 0x75, 0x75));
    }
    mTabs->setTabText(RelatedTab, tr("Related (%1)").arg(mSnapshot.related.size()));
}

void CaseDock::renderHotline()
{
    const CaseRecord &c = mSnapshot.record;
    const bool show = mSnapshot.hotline.has_value() || !c.hotlineTicket.isEmpty();
    mTabs->setTabVisible(HotlineTab, show);
    if (!show) {
        mHotline->clear();
        return;
    }
    QString html = u"<table cellspacing='4'>"_s;
    auto row = [&html](const QString &label, const QString &value) {
        if (!value.isEmpty())
            html += u"<tr><td style='color:#616161'>%1</td><td>%2</td></tr>"_s.arg(label.toHtmlEscaped(),
                                                                                   value.toHtmlEscaped());
    };
    if (mSnapshot.hotline) {
        const CaseHotlineTicket &t = *mSnapshot.hotline;
        row(tr("Hotline:"), t.hotline);
        row(tr("Ticket:"), t.round > 1 ? tr("%1 (round %2)").arg(t.ticketId).arg(t.round) : t.ticketId);
        row(tr("Type:"), t.type);
        row(tr("Received:"), CaseFormat::dateTime(t.receivedAt));
        row(tr("Hotline deadline:"), t.hotlineDueAt.isValid()
                                         ? tr("%1 · %2").arg(CaseFormat::dateTime(t.hotlineDueAt),
                                                             CaseFormat::countdown(t.hotlineDueAt, now()))
                                         : QString());
        row(tr("First contact due:"), CaseFormat::dateTime(t.firstContactDueAt));
        row(tr("First contact made:"),
            t.firstContactAt.isValid() ? CaseFormat::dateTime(t.firstContactAt) : tr("not yet"));
        row(tr("Contact:"), t.contactMasked.isEmpty() ? tr("none given") : t.contactMasked);
        row(tr("Citizen's words:"), t.content);
    } else {
        row(tr("Ticket:"), c.hotlineTicket);
        row(tr("Channel:"), sourceLabel(c.source));
    }
    html += u"</table>"_s;
    mHotline->setText(html);
}

void CaseDock::renderActions()
{
    clearActions();
    mNoActions->setVisible(mSnapshot.actions.isEmpty());
    int i = 0;
    for (Action action : std::as_const(mSnapshot.actions)) {
        auto *button = new QPushButton(actionLabel(action), mActionsBox);
        button->setObjectName(u"action_"_s + actionName(action));
        button->setEnabled(!mBusy);
        connect(button, &QPushButton::clicked, this, [this, action] { startAction(action); });
        mActionsLayout->addWidget(button, 1 + i / 2, i % 2);
        mButtons.append(button);
        ++i;
    }
}

QString CaseDock::timelineHtml() const
{
    return mTimeline->toHtml();
}

QString CaseDock::conflictText() const
{
    return mConflict->isHidden() ? QString() : mConflict->text();
}

QString CaseDock::eventHtml(const CaseEvent &e) const
{
    QString html = u"<p style='margin-bottom:8px'>"_s;
    const QString actor = e.actorName.isEmpty() ? roleLabel(e.role) : e.actorName;
    html += tr("<b>%1</b> · %2 (%3)")
                .arg(CaseFormat::dateTime(e.at), actor.toHtmlEscaped(), roleLabel(e.role).toHtmlEscaped());
    if (!e.station.isEmpty())
        html += u" · <span style='color:#616161'>"_s + e.station.toHtmlEscaped() + u"</span>"_s;
    html += u"<br><b>"_s + actionLabel(e.action).toHtmlEscaped() + u"</b>"_s;
    if (e.fromState != e.toState) {
        const QString from = e.fromState == CaseState::None ? QString() : stateLabel(e.fromState);
        html +=
            u" &nbsp; "_s + (from.isEmpty() ? stateLabel(e.toState).toHtmlEscaped()
                                            : tr("%1 → %2").arg(from, stateLabel(e.toState)).toHtmlEscaped());
    }
    if (e.step != Step::None && e.stepDueAt.isValid()) {
        const QString verdict = e.onTime ? tr("%1 done on time").arg(stepLabel(e.step))
                                         : tr("%1 done late").arg(stepLabel(e.step));
        html += u" &nbsp; <span style='color:%1'>"_s.arg(e.onTime ? u"#2e7d32"_s : u"#c62828"_s) +
                verdict.toHtmlEscaped() + u"</span>"_s;
    }
    if (!e.comment.trimmed().isEmpty())
        html += u"<br>"_s + e.comment.toHtmlEscaped().replace(u'\n', u"<br>"_s);
    QStringList details = detailLines(e, *mDirectory);
    for (QString &line : details)
        line = line.toHtmlEscaped();
    if (!details.isEmpty())
        html += u"<br><span style='color:#616161'>"_s + details.join(u"<br>"_s) + u"</span>"_s;
    html += u"</p>"_s;
    return html;
}

QStringList CaseDock::detailLines(const CaseEvent &e, const CaseDirectory &d)
{
    QStringList lines;
    auto add = [&lines](const QString &label, const QString &value) {
        if (!value.isEmpty())
            lines.append(tr("%1: %2").arg(label, value));
    };
    for (auto it = e.details.begin(); it != e.details.end(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        if (key == u"unit_id" || key == u"attachments" || key == u"grid" || key == u"source")
            continue; // unit_id is named by "unit"; attachments are listed below; grid and source are in the
                      // header
        if (key == u"unit")
            add(tr("Unit"), v.toString());
        else if (key == u"previous_unit_id")
            add(tr("Previous unit"), d.unitName(v.toInteger()));
        else if (key == u"handling_limit") {
            auto limit = TimeLimit::parse(v.toString());
            add(tr("Time limit"), limit ? CaseFormat::timeLimit(*limit) : v.toString());
        } else if (key == u"handling_due_at")
            add(tr("Handling deadline"), CaseFormat::dateTime(parseDetailTime(v)));
        else if (key == u"step_due_at")
            add(tr("Next step due"), CaseFormat::dateTime(parseDetailTime(v)));
        else if (key == u"requested_due_at")
            add(tr("Requested due date"), CaseFormat::dateTime(parseDetailTime(v)));
        else if (key == u"previous_due_at")
            add(tr("Previous deadline"), CaseFormat::dateTime(parseDetailTime(v)));
        else if (key == u"refused_due_at")
            add(tr("Refused due date"), CaseFormat::dateTime(parseDetailTime(v)));
        else if (key == u"resume_at")
            add(tr("Resumes on"), CaseFormat::dateTime(parseDetailTime(v)));
        else if (key == u"stage")
            add(tr("Stage done"), v.toString());
        else if (key == u"next_stage")
            add(tr("Next stage"), v.toString());
        else if (key == u"remaining_minutes")
            add(tr("Handling time left"), CaseFormat::duration(v.toInteger()));
        else if (key == u"closing_type") {
            auto type = parseClosingType(v.toString());
            add(tr("Closing type"), type ? closingTypeLabel(*type) : v.toString());
        } else if (key == u"urge_level") {
            auto level = parseUrgeLevel(v.toString());
            add(tr("Urge level"), level ? urgeLevelLabel(*level) : v.toString());
        } else if (key == u"urged_step") {
            auto step = parseStep(v.toString());
            add(tr("Urged step"), step ? stepLabel(*step) : v.toString());
        } else if (key == u"from_tier" || key == u"to_tier") {
            if (key == u"from_tier") {
                auto tier = [](const QJsonValue &t) {
                    for (JurisdictionLevel l : {JurisdictionLevel::City, JurisdictionLevel::District,
                                                JurisdictionLevel::Street, JurisdictionLevel::Community}) {
                        if (levelName(l) == t.toString())
                            return CaseFormat::levelLabel(l);
                    }
                    return t.toString();
                };
                add(tr("Owning tier"), tr("%1 → %2").arg(tier(v), tier(e.details.value(u"to_tier"))));
            }
        } else if (key == u"class") {
            auto classKey = CatalogueKey::parse(v.toString());
            add(tr("Class"), classKey ? d.className(*classKey) : v.toString());
        } else {
            add(key, v.isString() ? v.toString() : QString::number(v.toDouble()));
        }
    }
    const QJsonArray attachments = e.details.value(u"attachments").toArray();
    if (!attachments.isEmpty())
        lines.append(tr("Photos attached: %1").arg(attachments.size()));
    return lines;
}

void CaseDock::startAction(Action action)
{
    if (!mLoaded || mBusy)
        return;
    if (mForm) {
        if (mForm->action() == action) {
            mForm->open();
            mForm->raise();
            return;
        }
        mForm->deleteLater();
    }
    auto *form = new ActionForm(action, mSnapshot.record, *mDirectory, this);
    form->setWorkflow(mSnapshot.facts, mActor.role);
    mForm = form;
    connect(form, &QDialog::accepted, this, &CaseDock::submit);
    connect(form, &QDialog::rejected, this, [this, form] {
        if (mForm == form)
            mForm = nullptr;
        form->deleteLater();
        mConflict->hide();
    });
    form->open();
}

void CaseDock::showConflict()
{
    const CaseRecord &c = mSnapshot.record;
    QString text;
    if (!mSnapshot.events.isEmpty()) {
        const CaseEvent &e = mSnapshot.events.constLast();
        const QString actor = e.actorName.isEmpty() ? roleLabel(e.role) : e.actorName;
        QString what = actionLabel(e.action);
        if (e.fromState != e.toState && e.fromState != CaseState::None)
            what = tr("%1 (%2 → %3)").arg(what, stateLabel(e.fromState), stateLabel(e.toState));
        text = tr("Case %1 was changed meanwhile: %2 by %3 (%4) at %5. It is now \"%6\".")
                   .arg(c.number, what, actor, roleLabel(e.role), CaseFormat::dateTime(e.at),
                        stateLabel(c.state));
        if (!e.comment.trimmed().isEmpty())
            text += u'\n' + tr("Comment: %1").arg(e.comment.trimmed());
    } else {
        text = tr("Case %1 was changed meanwhile. It is now \"%2\".").arg(c.number, stateLabel(c.state));
    }
    mConflict->setText(text);
    mConflict->show();
    if (mForm) {
        mForm->setConflict(c, mSnapshot.facts, text);
        if (!mForm->isVisible())
            mForm->open();
    }
    Q_EMIT conflictShown(text);
}

void CaseDock::setBusy(bool busy)
{
    mBusy = busy;
    for (QPushButton *b : std::as_const(mButtons))
        b->setEnabled(!busy);
}

void CaseDock::submit()
{
    if (!mForm)
        return;
    QPointer<ActionForm> form = mForm;
    const ActionRequest request = form->request();
    const QStringList photos = form->photoFiles();
    setBusy(true);
    auto applied = mSession->run([actor = mActor, request, photos](Session &session) -> Result<CaseRecord> {
        ActionRequest r = request;
        const QMimeDatabase mimes;
        for (const QString &path : photos) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                return makeError(ErrorCode::Io,
                                 u"photo %1 cannot be read: %2"_s.arg(path, file.errorString()));
            auto info = session.store().addAttachment(file.readAll(), QFileInfo(path).fileName(),
                                                      mimes.mimeTypeForFile(path).name());
            if (!info)
                return info.error();
            r.attachments.append(info->hash);
        }
        return session.cases().apply(actor, r);
    });
    whenFinished(applied, this, [this, form, request](Result<CaseRecord> result) {
        setBusy(false);
        if (!result) {
            Q_EMIT actionRefused(request.action, result.errorMessage());
            if (result.errorCode() == ErrorCode::StaleVersion) {
                // Someone else changed the case meanwhile: show what it is now, keep the form as typed.
                reload();
                return;
            }
            if (form) {
                form->showRefusal(result.errorMessage());
                form->open();
            }
            return;
        }
        if (form) {
            if (mForm == form)
                mForm = nullptr;
            form->deleteLater();
        }
        mConflict->hide();
        Q_EMIT actionApplied(*result, request.action);
        if (result->id == mCaseId)
            reload();
        mSession->notifyLocalChange();
    });
}

void CaseDock::startReport(bool selfDispose)
{
    if (mReportForm) {
        mReportForm->raise();
        return;
    }
    auto *form = new ReportForm(selfDispose, mActor, *mDirectory, this);
    mReportForm = form;
    connect(form, &QDialog::accepted, this, &CaseDock::submitReport);
    connect(form, &QDialog::rejected, form, &QObject::deleteLater);
    form->open();
}

void CaseDock::submitReport()
{
    QPointer<ReportForm> form = mReportForm;
    if (!form)
        return;
    const NewCaseRequest request = form->request();
    const QStringList photos = form->photoFiles();
    auto reported = mSession->run([actor = mActor, request, photos](Session &session) -> Result<CaseRecord> {
        NewCaseRequest r = request;
        const QMimeDatabase mimes;
        for (const QString &path : photos) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                return makeError(ErrorCode::Io,
                                 u"photo %1 cannot be read: %2"_s.arg(path, file.errorString()));
            auto info = session.store().addAttachment(file.readAll(), QFileInfo(path).fileName(),
                                                      mimes.mimeTypeForFile(path).name());
            if (!info)
                return info.error();
            r.attachments.append(info->hash);
        }
        // Without a position of its own the case stands at the centre of its grid.
        if (r.longitude == 0 && r.latitude == 0) {
            if (auto grid = session.store().findGrid(r.grid)) {
                r.longitude = (grid->minX + grid->maxX) / 2;
                r.latitude = (grid->minY + grid->maxY) / 2;
            }
        }
        return session.cases().report(actor, r);
    });
    whenFinished(reported, this, [this, form](Result<CaseRecord> result) {
        if (!result) {
            if (form) {
                form->showRefusal(result.errorMessage());
                form->open();
            }
            return;
        }
        if (form)
            form->deleteLater();
        Q_EMIT caseReported(*result);
        mSession->notifyLocalChange();
        showCase(result->id);
    });
}

void CaseDock::openPhoto(QListWidgetItem *item)
{
    if (!item)
        return;
    const QString hash = item->data(Qt::UserRole).toString();
    const QString caption = item->text().replace(u'\n', u" · "_s);
    if (!mViewer) {
        mViewer = new PhotoViewer(this);
        mViewer->setAttribute(Qt::WA_DeleteOnClose);
    }
    mViewer->setMessage(tr("Loading the photo…"));
    mViewer->show();
    mViewer->raise();
    QPointer<PhotoViewer> viewer = mViewer;
    auto reading =
        mSession->run([hash](Session &session) { return CaseFileReader::readPhoto(session, hash); });
    whenFinished(reading, this, [viewer, caption, hash](Result<QImage> image) {
        if (!viewer)
            return;
        if (!image) {
            viewer->setMessage(
                tr("The photo %1 cannot be shown: %2").arg(hash.left(12), image.errorMessage()));
            return;
        }
        viewer->setPhoto(*image,
                         tr("%1 · %2 × %3 pixels").arg(caption).arg(image->width()).arg(image->height()));
    });
}

void CaseDock::chooseExportPath()
{
    if (!mLoaded)
        return;
    const QString suggested = QDir::home().filePath(tr("case-file-%1.pdf").arg(mSnapshot.record.number));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save the case file"), suggested, tr("PDF (*.pdf)"));
    if (!path.isEmpty())
        exportPdf(path);
}

void CaseDock::exportPdf(const QString &path)
{
    if (!mLoaded) {
        Q_EMIT caseFileExported(path, false, tr("No case is shown."));
        return;
    }
    mExport->setEnabled(false);
    mNote->setText(tr("Writing the case file…"));
    mNote->show();
    auto writing = mSession->run(
        [path, snapshot = mSnapshot, directory = mDirectory, by = mActor.name](Session &session) {
            return CaseFilePdf::exportCaseFile(session, path, snapshot, *directory, by);
        });
    whenFinished(writing, this, [this, path](Result<int> pages) {
        mExport->setEnabled(mLoaded);
        if (!pages) {
            mNote->setText(tr("The case file was not saved."));
            mNote->setToolTip(pages.errorMessage());
            Q_EMIT caseFileExported(path, false, pages.errorMessage());
            return;
        }
        const QString text = tr("Saved %1 (pages: %2).").arg(QFileInfo(path).fileName()).arg(*pages);
        mNote->setText(text);
        mNote->setToolTip(QDir::toNativeSeparators(path));
        Q_EMIT caseFileExported(path, true, text);
    });
}

} // namespace cg
