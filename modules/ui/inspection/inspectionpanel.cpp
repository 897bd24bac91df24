#include "ui/inspection/inspectionpanel.h"

#include "geo/crs.h"
#include "services/inspectionservice.h"
#include "session/sessionthread.h"
#include "session/whenfinished.h"
#include "store/sqlinspectionrepository.h"

#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

QTableView *makeView(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setAlternatingRowColors(true);
    return view;
}

} // namespace

InspectionPanel::InspectionPanel(SessionThread *session, const Actor &actor, QWidget *parent)
    : QWidget(parent)
    , mSession(session)
    , mActor(actor)
    , mTasks(new InspectionTaskModel(this))
    , mSupervisors(new SupervisorLoadModel(this))
    , mRoster(new RosterModel(this))
    , mSuggestion(new QLabel(this))
    , mAssignButton(new QPushButton(tr("Assign to suggested"), this))
    , mRosterStatus(new QLabel(this))
    , mStatus(new QLabel(this))
    , mSummary(new QLabel(this))
{
    mTaskView = makeView(mTasks, this);
    mTaskView->verticalHeader()->hide();
    mTaskView->setDragEnabled(true);
    mTaskView->setDragDropMode(QAbstractItemView::DragOnly);
    mSupervisorView = makeView(mSupervisors, this);
    mSupervisorView->verticalHeader()->hide();
    mSupervisorView->setAcceptDrops(true);
    mSupervisorView->setDragDropMode(QAbstractItemView::DropOnly);
    mSupervisorView->setDropIndicatorShown(true);
    mSupervisorView->horizontalHeader()->setSectionResizeMode(SupervisorLoadModel::NameColumn,
                                                              QHeaderView::ResizeToContents);
    mTaskView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    mTaskView->horizontalHeader()->setStretchLastSection(true);
    mRosterView = makeView(mRoster, this);
    mRosterView->setSelectionMode(QAbstractItemView::NoSelection);
    mRosterView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    mRosterView->setToolTip(tr("Double-click a slot to put a supervisor on duty there"));
    connect(mRosterView, &QTableView::doubleClicked, this, &InspectionPanel::editRosterCell);
    mSuggestion->setWordWrap(true);
    mStatus->setWordWrap(true);
    mAssignButton->setEnabled(false);

    auto *tasksBox = new QWidget(this);
    auto *tasksLayout = new QVBoxLayout(tasksBox);
    tasksLayout->setContentsMargins(0, 0, 0, 0);
    tasksLayout->addWidget(
        new QLabel(tr("Verify and check tasks (drag onto a supervisor to reassign):"), tasksBox));
    tasksLayout->addWidget(mSummary);
    tasksLayout->addWidget(mTaskView, 1);
    tasksLayout->addWidget(mSuggestion);
    tasksLayout->addWidget(mAssignButton);
    auto *supervisorBox = new QWidget(this);
    auto *supervisorLayout = new QVBoxLayout(supervisorBox);
    supervisorLayout->setContentsMargins(0, 0, 0, 0);
    supervisorLayout->addWidget(new QLabel(tr("Supervisors:"), supervisorBox));
    supervisorLayout->addWidget(mSupervisorView, 1);
    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(tasksBox);
    top->addWidget(supervisorBox);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    auto *rosterBox = new QWidget(this);
    auto *rosterLayout = new QVBoxLayout(rosterBox);
    rosterLayout->setContentsMargins(0, 0, 0, 0);
    rosterLayout->addWidget(mRosterStatus);
    rosterLayout->addWidget(mRosterView, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(rosterBox);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(mStatus);

    connect(mSupervisors, &SupervisorLoadModel::assignRequested, this, &InspectionPanel::assign);
    connect(mTaskView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &InspectionPanel::showSuggestions);
    connect(mTaskView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT caseActivated(mTasks->taskAt(index.row()).summary.id);
    });
    connect(mAssignButton, &QPushButton::clicked, this, &InspectionPanel::assignSuggested);
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(400);
    connect(debounce, &QTimer::timeout, this, &InspectionPanel::reload);
    connect(mSession, &SessionThread::storeChanged, debounce, qOverload<>(&QTimer::start));
    reload();
}

QString InspectionPanel::statusText() const
{
    return mStatus->text();
}

void InspectionPanel::reload()
{
    // A unit's handler has no jurisdiction: it would see every case of the store here.
    if (mActor.jurisdiction.isNull()) {
        mStatus->setText(
            tr("This panel shows a jurisdiction's cases; %1 belongs to none.").arg(mActor.login));
        return;
    }
    const Actor actor = mActor;
    const int epoch = ++mEpoch;
    auto future = mSession->run([actor](Session &s) {
        InspectionData d;
        d.now = s.clock().now();
        d.from = d.now.toOffsetFromUtc(8 * 3600).date();
        CaseStatistics stats(s.store(), &s.catalogue());
        SqlInspectionRepository repo(s.store());
        const JurisdictionCode scope = actor.jurisdiction;
        auto tasks = stats.inspectionTasks(scope);
        auto supervisors = stats.supervisorLoads(scope);
        auto grids = repo.responsibilityGrids(scope);
        auto roster = repo.roster(scope, d.from, d.from.addDays(RosterDays - 1));
        for (const QString &e : {tasks.errorMessage(), supervisors.errorMessage(), grids.errorMessage(),
                                 roster.errorMessage()}) {
            if (!e.isEmpty()) {
                d.error = e;
                return d;
            }
        }
        d.tasks = *tasks;
        d.supervisors = *supervisors;
        d.grids = *grids;
        d.roster = *roster;
        return d;
    });
    whenFinished(future, this, [this, epoch](const InspectionData &d) {
        if (epoch != mEpoch)
            return;
        if (!d.error.isEmpty()) {
            mStatus->setText(d.error);
            return;
        }
        const qint64 selected = mTaskView->currentIndex().isValid()
                                    ? mTasks->taskAt(mTaskView->currentIndex().row()).summary.id
                                    : 0;
        mData = d;
        QHash<qint64, QString> names;
        for (const SupervisorLoad &s : d.supervisors)
            names.insert(s.userId, s.name);
        mTasks->setTasks(d.tasks, names, d.now);
        mSupervisors->setSupervisors(d.supervisors, d.now);
        mRoster->setRoster(d.grids, d.roster, d.from, RosterDays, names);
        const int gaps = mRoster->gapCount();
        mRosterStatus->setText(
            gaps == 0 ? tr("Duty roster: every grid is covered day and night for %1 days.").arg(RosterDays)
                      : tr("Duty roster: %1 grid/shift slots uncovered in the next %2 days.")
                            .arg(gaps)
                            .arg(RosterDays));
        int unassigned = 0;
        for (const InspectionTask &t : d.tasks)
            unassigned += t.assignedTo == 0 ? 1 : 0;
        mSummary->setText(
            tr("%1 open verify/check tasks, %2 unassigned.").arg(d.tasks.size()).arg(unassigned));
        const int row = selected ? mTasks->rowOfCase(selected) : (mTasks->rowCount() > 0 ? 0 : -1);
        if (row >= 0)
            mTaskView->selectRow(row);
        showSuggestions();
        Q_EMIT loaded();
    });
}

QList<SupervisorCandidate> InspectionPanel::suggestionsFor(qint64 caseId) const
{
    const InspectionTask *task = nullptr;
    for (const InspectionTask &t : mData.tasks) {
        if (t.summary.id == caseId)
            task = &t;
    }
    if (!task)
        return {};
    const auto [day, shift] = shiftAt(mData.now);
    QList<SupervisorCandidate> candidates;
    for (const SupervisorLoad &s : mData.supervisors) {
        // Only supervisors of the case's street (or above it) may take it.
        if (s.jurisdiction.isNull() || !s.jurisdiction.covers(task->summary.street))
            continue;
        SupervisorCandidate c;
        c.userId = s.userId;
        c.name = s.name;
        c.openTasks = s.openTasks;
        c.ownsGrid = task->gridOwner == s.userId;
        for (const RosterEntry &e : mData.roster) {
            if (e.userId == s.userId && e.day == day && e.shift == shift &&
                e.responsibilityCode == task->responsibilityCode)
                c.onDuty = true;
        }
        for (const ResponsibilityGrid &g : mData.grids) {
            if (g.supervisorId != s.userId)
                continue;
            const double d = distanceMetres({task->summary.longitude, task->summary.latitude}, g.center());
            if (c.distanceMetres < 0 || d < c.distanceMetres)
                c.distanceMetres = d;
        }
        candidates.append(c);
    }
    return rankSupervisors(candidates);
}

void InspectionPanel::showSuggestions()
{
    const QModelIndex current = mTaskView->currentIndex();
    if (!current.isValid()) {
        mSuggestion->setText(tr("Select a task to see who should take it."));
        mAssignButton->setEnabled(false);
        return;
    }
    const QList<SupervisorCandidate> ranked = suggestionsFor(mTasks->taskAt(current.row()).summary.id);
    QStringList lines;
    for (qsizetype i = 0; i < std::min<qsizetype>(3, ranked.size()); ++i) {
        const SupervisorCandidate &c = ranked[i];
        QStringList why;
        if (c.ownsGrid)
            why.append(tr("owns the grid"));
        if (c.onDuty)
            why.append(tr("on duty"));
        why.append(tr("%n open task(s)", nullptr, c.openTasks));
        if (c.distanceMetres >= 0)
            why.append(tr("%1 m away").arg(qRound(c.distanceMetres)));
        lines.append(u"%1. %2 (%3)"_s.arg(i + 1).arg(c.name, why.join(u", "_s)));
    }
    mSuggestion->setText(lines.isEmpty() ? tr("No supervisor works where this case lies.")
                                         : tr("Suggested: ") + lines.join(u"; "_s));
    mAssignButton->setEnabled(!ranked.isEmpty() && InspectionService::mayAssign(mActor.role));
}

void InspectionPanel::assignSuggested()
{
    const QModelIndex current = mTaskView->currentIndex();
    if (!current.isValid())
        return;
    const qint64 caseId = mTasks->taskAt(current.row()).summary.id;
    const QList<SupervisorCandidate> ranked = suggestionsFor(caseId);
    if (!ranked.isEmpty())
        assign(caseId, ranked.constFirst().userId);
}

void InspectionPanel::assign(qint64 caseId, qint64 supervisorId)
{
    const Actor actor = mActor;
    auto future = mSession->run([actor, caseId, supervisorId](Session &s) -> Status {
        SqlInspectionRepository repo(s.store());
        InspectionService service(repo, s.store(), s.clock());
        return service.assign(actor, caseId, supervisorId);
    });
    whenFinished(future, this, [this, caseId, supervisorId](const Status &status) {
        if (!status) {
            mStatus->setText(status.errorMessage());
            Q_EMIT actionFailed(status.errorMessage());
            return;
        }
        const int row = mSupervisors->rowOfUser(supervisorId);
        mStatus->setText(
            tr("Task reassigned to %1.")
                .arg(row >= 0 ? mSupervisors->supervisorAt(row).name : QString::number(supervisorId)));
        mSession->notifyLocalChange();
        Q_EMIT caseAssigned(caseId, supervisorId);
        reload();
    });
}

void InspectionPanel::editRosterCell(const QModelIndex &index)
{
    if (!index.isValid() || index.row() >= mData.grids.size() ||
        !InspectionService::mayEditRoster(mActor.role))
        return;
    const ResponsibilityGrid grid = mData.grids.at(index.row());
    const QDate day = mRoster->dayOfColumn(index.column());
    const Shift shift = mRoster->shiftOfColumn(index.column());
    QMenu menu(this);
    for (const SupervisorLoad &s : std::as_const(mData.supervisors)) {
        if (s.jurisdiction.isNull() || !s.jurisdiction.covers(grid.street))
            continue;
        bool onDuty = false;
        for (const RosterEntry &e : std::as_const(mData.roster))
            onDuty |=
                e.userId == s.userId && e.day == day && e.shift == shift && e.responsibilityCode == grid.code;
        QAction *action =
            menu.addAction(onDuty ? tr("Take %1 off duty").arg(s.name) : tr("Put %1 on duty").arg(s.name));
        const qint64 user = s.userId;
        connect(action, &QAction::triggered, this, [this, grid, day, shift, user, onDuty] {
            if (onDuty)
                clearDuty(day, shift, user);
            else
                setDuty(grid.code, day, shift, user);
        });
    }
    if (!menu.isEmpty())
        menu.exec(QCursor::pos());
}

void InspectionPanel::setDuty(const QString &responsibilityCode, QDate day, Shift shift, qint64 userId)
{
    const Actor actor = mActor;
    const RosterEntry entry{day, shift, userId, responsibilityCode};
    runRosterChange([actor, entry](InspectionService &service) { return service.setDuty(actor, entry); });
}

void InspectionPanel::clearDuty(QDate day, Shift shift, qint64 userId)
{
    const Actor actor = mActor;
    runRosterChange([actor, day, shift, userId](InspectionService &service) {
        return service.clearDuty(actor, day, shift, userId);
    });
}

void InspectionPanel::runRosterChange(std::function<Status(InspectionService &)> change)
{
    auto future = mSession->run([change](Session &s) -> Status {
        SqlInspectionRepository repo(s.store());
        InspectionService service(repo, s.store(), s.clock());
        return change(service);
    });
    whenFinished(future, this, [this](const Status &status) {
        if (!status) {
            mStatus->setText(status.errorMessage());
            Q_EMIT actionFailed(status.errorMessage());
            return;
        }
        mStatus->setText(tr("Duty roster changed."));
        mSession->notifyLocalChange();
        Q_EMIT rosterChanged();
        reload();
    });
}

} // namespace cg
