#pragma once

#include "core/casetypes.h"
#include "ui/inspection/inspectionmodels.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

#include <functional>

namespace cg {

class InspectionService;
class SessionThread;

// Everything the inspection panel shows, read in one go in the store thread.
struct InspectionData
{
    QDateTime now;
    QDate from; // first roster day
    QList<InspectionTask> tasks;
    QList<SupervisorLoad> supervisors;
    QList<ResponsibilityGrid> grids;
    QList<RosterEntry> roster;
    QString error;
};

// Verify and check tasks of the grid supervisors: suggested by responsibility grid ownership, current load
// and distance; drag a task onto a supervisor to reassign it; each supervisor's open tasks and time to due;
// the duty roster of day and night shifts (全时段覆盖) with its uncovered slots.
class InspectionPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int RosterDays = 7;

    InspectionPanel(SessionThread *session, const Actor &actor, QWidget *parent = nullptr);

    InspectionTaskModel *taskModel() const { return mTasks; }
    SupervisorLoadModel *supervisorModel() const { return mSupervisors; }
    RosterModel *rosterModel() const { return mRoster; }
    QTableView *supervisorView() const { return mSupervisorView; }
    QString statusText() const;
    // The supervisors for a loaded task, best first.
    QList<SupervisorCandidate> suggestionsFor(qint64 caseId) const;

public Q_SLOTS:
    void reload();
    void assign(qint64 caseId, qint64 supervisorId);
    void assignSuggested(); // the selected task to its best suggestion
    // Puts a supervisor on a responsibility grid for a shift (userId 0 with `previous`: takes them off).
    void setDuty(const QString &responsibilityCode, QDate day, Shift shift, qint64 userId);
    void clearDuty(QDate day, Shift shift, qint64 userId);

Q_SIGNALS:
    void caseActivated(qint64 caseId);
    void loaded();
    void caseAssigned(qint64 caseId, qint64 supervisorId);
    void rosterChanged();
    void actionFailed(const QString &message);

private:
    void showSuggestions();
    void editRosterCell(const QModelIndex &index); // a menu of the street's supervisors
    void runRosterChange(std::function<Status(InspectionService &)> change);

    SessionThread *mSession;
    Actor mActor;
    InspectionTaskModel *mTasks;
    SupervisorLoadModel *mSupervisors;
    RosterModel *mRoster;
    QTableView *mTaskView;
    QTableView *mSupervisorView;
    QTableView *mRosterView;
    QLabel *mSuggestion;
    QPushButton *mAssignButton;
    QLabel *mRosterStatus;
    QLabel *mStatus;  // the result of the last action, or an error
    QLabel *mSummary; // open and unassigned tasks
    InspectionData mData;
    int mEpoch = 0;
};

} // namespace cg
