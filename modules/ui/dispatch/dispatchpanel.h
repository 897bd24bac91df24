#pragma once

#include "core/casetypes.h"
#include "ui/dispatch/dispatchmodels.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace cg {

class SessionThread;

// What the panel shows for one filed case: the units to pick from and the deadline a dispatch now would set.
struct DispatchAdvice
{
    CaseRecord record;
    CaseSummary summary;
    QString unitType; // the catalogue's responsible unit type for the case's class and area
    QList<UnitCandidate> candidates;
    std::optional<ComponentOwner> component;
    QDateTime deadline; // from CaseService: catalogue + work calendar
    QString limit;      // "2 working_hours"
    QString error;
};

// 派遣: the next filed cases to dispatch, and for the selected one the suggested responsible unit (catalogue
// unit type, jurisdiction, component owner) with each candidate's open load and on-time handling rate;
// dispatch in one click through CaseService, showing the deadline it will set.
class DispatchPanel : public QWidget
{
    Q_OBJECT
public:
    DispatchPanel(SessionThread *session, const Actor &actor, QWidget *parent = nullptr);

    DispatchQueueModel *queueModel() const { return mQueue; }
    UnitCandidateModel *candidateModel() const { return mCandidates; }
    qint64 currentCase() const { return mCaseId; }
    const DispatchAdvice &advice() const { return mAdvice; }
    QString deadlineText() const;
    QString statusText() const;

public Q_SLOTS:
    void reload();                // reloads the queue (and the advice of the current case)
    void showCase(qint64 caseId); // loads the advice for one case
    // Dispatches the current case to the selected candidate (the best one when none is selected).
    void dispatchSelected();

Q_SIGNALS:
    void caseActivated(qint64 caseId);
    void queueLoaded();
    void adviceLoaded();
    void caseDispatched(qint64 caseId, const QDateTime &handlingDueAt);
    void actionFailed(const QString &message);

private:
    void applyAdvice(const DispatchAdvice &advice);
    qint64 selectedUnit() const;

    SessionThread *mSession;
    Actor mActor;
    DispatchQueueModel *mQueue;
    UnitCandidateModel *mCandidates;
    QTableView *mQueueView;
    QTableView *mCandidateView;
    QLabel *mCaseLabel;
    QLabel *mDeadlineLabel;
    QLabel *mStatus;     // the result of the last action, or an error
    QLabel *mQueueLabel; // how many cases wait
    QPushButton *mDispatchButton;
    qint64 mCaseId = 0;
    int mAdviceEpoch = 0;
    DispatchAdvice mAdvice;
    bool mBusy = false;
};

} // namespace cg
