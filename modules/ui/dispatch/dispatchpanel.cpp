#include "ui/dispatch/dispatchpanel.h"

#include "session/sessionthread.h"
#include "session/whenfinished.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QUuid>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

QString shanghai(const QDateTime &utc)
{
    return utc.isValid() ? utc.toOffsetFromUtc(8 * 3600).toString(u"yyyy-MM-dd HH:mm"_s) : QString();
}

// Components whose class mirrors the case's: component classes, and matters of majors 01-05 ("<component>
// abnormal", DOMAIN.md §3).
bool mayConcernComponent(const CatalogueKey &key)
{
    return key.kind() == ClassKind::Component || key.majorCode() <= u"05"_s;
}

constexpr double ComponentRadiusMetres = 50;
constexpr int RateDays = 30;

} // namespace

DispatchPanel::DispatchPanel(SessionThread *session, const Actor &actor, QWidget *parent)
    : QWidget(parent)
    , mSession(session)
    , mActor(actor)
    , mQueue(new DispatchQueueModel(this))
    , mCandidates(new UnitCandidateModel(this))
    , mQueueView(new QTableView(this))
    , mCandidateView(new QTableView(this))
    , mCaseLabel(new QLabel(this))
    , mDeadlineLabel(new QLabel(this))
    , mStatus(new QLabel(this))
    , mQueueLabel(new QLabel(tr("Filed cases to dispatch:"), this))
    , mDispatchButton(new QPushButton(tr("Dispatch"), this))
{
    setObjectName(u"dispatchPanelWidget"_s);
    for (QTableView *view : {mQueueView, mCandidateView}) {
        view->setSelectionBehavior(QAbstractItemView::SelectRows);
        view->setSelectionMode(QAbstractItemView::SingleSelection);
        view->verticalHeader()->hide();
        view->horizontalHeader()->setStretchLastSection(true);
        view->setAlternatingRowColors(true);
    }
    mQueueView->setModel(mQueue);
    mCandidateView->setModel(mCandidates);
    mQueueView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    mQueueView->horizontalHeader()->setStretchLastSection(true);
    mCandidateView->horizontalHeader()->setStretchLastSection(false);
    mCandidateView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    mCandidateView->horizontalHeader()->setSectionResizeMode(UnitCandidateModel::UnitColumn,
                                                             QHeaderView::Stretch);
    mCaseLabel->setWordWrap(true);
    mCaseLabel->setTextFormat(Qt::PlainText);
    mDeadlineLabel->setTextFormat(Qt::PlainText);
    QFont bold = mDeadlineLabel->font();
    bold.setBold(true);
    mDeadlineLabel->setFont(bold);
    mStatus->setWordWrap(true);
    mDispatchButton->setEnabled(false);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(mCaseLabel);
    rightLayout->addWidget(new QLabel(tr("Suggested units (best first):"), right));
    rightLayout->addWidget(mCandidateView, 1);
    rightLayout->addWidget(mDeadlineLabel);
    rightLayout->addWidget(mDispatchButton);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(mQueueView);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mQueueLabel);
    layout->addWidget(splitter, 1);
    layout->addWidget(mStatus);

    connect(mQueueView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    showCase(mQueue->caseAt(current.row()).id);
            });
    connect(mQueueView, &QTableView::doubleClicked, this,
            [this](const QModelIndex &index) { Q_EMIT caseActivated(mQueue->caseAt(index.row()).id); });
    connect(mCandidateView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    mDispatchButton->setText(
                        tr("Dispatch to %1").arg(mCandidates->candidates().at(current.row()).name));
            });
    connect(mDispatchButton, &QPushButton::clicked, this, &DispatchPanel::dispatchSelected);
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(400);
    connect(debounce, &QTimer::timeout, this, &DispatchPanel::reload);
    connect(mSession, &SessionThread::storeChanged, debounce, qOverload<>(&QTimer::start));
    reload();
}

QString DispatchPanel::deadlineText() const
{
    return mDeadlineLabel->text();
}

QString DispatchPanel::statusText() const
{
    return mStatus->text();
}

void DispatchPanel::reload()
{
    // A unit's handler has no jurisdiction: it would see every case of the store here.
    if (mActor.jurisdiction.isNull()) {
        mStatus->setText(
            tr("This panel shows a jurisdiction's cases; %1 belongs to none.").arg(mActor.login));
        return;
    }
    const Actor actor = mActor;
    auto future = mSession->run([actor](Session &s) -> Result<QList<CaseSummary>> {
        CaseStatistics stats(s.store(), &s.catalogue());
        return stats.caseList(CaseListKind::ToDispatch, actor.jurisdiction, s.clock().now(), 0, 500);
    });
    whenFinished(future, this, [this](const Result<QList<CaseSummary>> &cases) {
        if (!cases) {
            mStatus->setText(cases.errorMessage());
            Q_EMIT actionFailed(cases.errorMessage());
            return;
        }
        mQueue->setCases(*cases);
        const int row = mQueue->rowOfCase(mCaseId);
        if (row >= 0)
            mQueueView->selectRow(row);
        else if (mCaseId == 0 && mQueue->rowCount() > 0)
            mQueueView->selectRow(0);
        mQueueLabel->setText(
            tr("Filed cases to dispatch: %n waiting for a unit", nullptr, mQueue->rowCount()));
        Q_EMIT queueLoaded();
    });
}

void DispatchPanel::showCase(qint64 caseId)
{
    mCaseId = caseId;
    const int epoch = ++mAdviceEpoch;
    auto future = mSession->run([caseId](Session &s) {
        DispatchAdvice advice;
        auto record = s.store().findCase(caseId);
        if (!record) {
            advice.error = record.errorMessage();
            return advice;
        }
        advice.record = *record;
        CaseStatistics stats(s.store(), &s.catalogue());
        if (auto summary = stats.caseSummary(caseId))
            advice.summary = *summary;
        const CatalogueClass *cls = s.catalogue().find(record->classKey);
        advice.unitType = cls ? cls->rule(record->areaClass).unitType : QString();
        if (mayConcernComponent(record->classKey)) {
            auto component = stats.componentOwnerNear(record->classKey.code(), record->longitude,
                                                      record->latitude, ComponentRadiusMetres);
            if (component)
                advice.component = *component;
        }
        const QDateTime now = s.clock().now();
        auto performance = stats.unitPerformance({now.addDays(-RateDays), now, {}}, true);
        if (!performance) {
            advice.error = performance.errorMessage();
            return advice;
        }
        QList<UnitCandidate> candidates;
        for (const UnitPerformance &p : std::as_const(*performance)) {
            UnitCandidate c;
            c.unitId = p.unitId;
            c.name = p.name;
            c.componentOwner = advice.component && advice.component->unitId == p.unitId;
            c.typeMatch = !advice.unitType.isEmpty() && p.unitType == advice.unitType;
            c.jurisdictionMatch = !p.jurisdiction.isNull() && p.jurisdiction.covers(record->community);
            // A unit of the right type elsewhere is no candidate; one of this area or the owner is.
            if (!c.componentOwner && !c.jurisdictionMatch)
                continue;
            c.openLoad = p.openLoad;
            c.handled = p.handled;
            c.handledOnTime = p.handledOnTime;
            c.overdueOpen = p.overdueOpen;
            candidates.append(c);
        }
        advice.candidates = rankUnitCandidates(candidates);
        auto deadline = s.cases().handlingDeadlineIfDispatched(*record, now);
        if (deadline)
            advice.deadline = *deadline;
        else
            advice.error = deadline.errorMessage();
        if (cls)
            advice.limit = cls->rule(record->areaClass).limit.toString();
        return advice;
    });
    whenFinished(future, this, [this, epoch](const DispatchAdvice &advice) {
        if (epoch == mAdviceEpoch)
            applyAdvice(advice);
    });
}

void DispatchPanel::applyAdvice(const DispatchAdvice &advice)
{
    mAdvice = advice;
    mCandidates->setCandidates(advice.candidates);
    if (!advice.error.isEmpty()) {
        mCaseLabel->setText(advice.error);
        mDeadlineLabel->clear();
        mDispatchButton->setEnabled(false);
        Q_EMIT adviceLoaded();
        return;
    }
    const CaseSummary &c = advice.summary;
    QString text = tr("Case %1: %2\n%3 %4").arg(c.number, c.className, c.streetName, c.address);
    if (advice.component)
        text += u'\n' + tr("Component %1 (%2 m away) is owned by a unit.")
                            .arg(advice.component->code)
                            .arg(qRound(advice.component->distanceMetres));
    mCaseLabel->setText(text);
    mDeadlineLabel->setText(tr("Handling deadline if dispatched now: %1 (limit %2)")
                                .arg(shanghai(advice.deadline), advice.limit));
    const bool canDispatch = advice.record.state == CaseState::Filed && !advice.candidates.isEmpty();
    mDispatchButton->setEnabled(canDispatch);
    if (!advice.candidates.isEmpty()) {
        mCandidateView->selectRow(0);
        mDispatchButton->setText(tr("Dispatch to %1").arg(advice.candidates.constFirst().name));
    } else {
        mDispatchButton->setText(tr("Dispatch"));
    }
    Q_EMIT adviceLoaded();
}

qint64 DispatchPanel::selectedUnit() const
{
    const QModelIndex current = mCandidateView->currentIndex();
    if (current.isValid())
        return mCandidates->candidates().at(current.row()).unitId;
    return mCandidates->candidates().isEmpty() ? 0 : mCandidates->candidates().constFirst().unitId;
}

void DispatchPanel::dispatchSelected()
{
    const qint64 unitId = selectedUnit();
    if (mBusy || mAdvice.record.id == 0 || unitId == 0)
        return;
    mBusy = true;
    mDispatchButton->setEnabled(false);
    ActionRequest request;
    request.caseId = mAdvice.record.id;
    request.expectedVersion = mAdvice.record.version;
    request.action = Action::Dispatch;
    request.unitId = unitId;
    request.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const Actor actor = mActor;
    auto future = mSession->run([actor, request](Session &s) { return s.cases().apply(actor, request); });
    whenFinished(future, this, [this](const Result<CaseRecord> &result) {
        mBusy = false;
        if (!result) {
            mStatus->setText(result.errorMessage());
            mDispatchButton->setEnabled(true);
            Q_EMIT actionFailed(result.errorMessage());
            return;
        }
        mStatus->setText(tr("Case %1 dispatched; handling deadline %2.")
                             .arg(result->number, shanghai(result->handlingDueAt)));
        mDeadlineLabel->setText(tr("Handling deadline: %1").arg(shanghai(result->handlingDueAt)));
        mAdvice.record = *result;
        mSession->notifyLocalChange();
        Q_EMIT caseDispatched(result->id, result->handlingDueAt);
        mCaseId = 0;
        reload();
    });
}

} // namespace cg
