#pragma once

#include "core/casetypes.h"
#include "ui/supervision/supervisionmodels.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;

namespace cg {

class SessionThread;

// Everything the supervision panel shows, read in one go in the store thread.
struct SupervisionData
{
    QDateTime now;
    QList<BoardRow> board;
    QList<CaseSummary> overdue;
    QList<CaseSummary> keySupervision;
    QList<CaseSummary> hardCases;
    QList<Escalation> escalations;
    QString error;
};

// 督办: overdue and near-due cases by tier, street or unit as a red/yellow/green board; urging with a level
// and a message through CaseService; the key-supervision list; hard cases with their closing stage;
// escalations.
class SupervisionPanel : public QWidget
{
    Q_OBJECT
public:
    enum Tab { OverdueTab, KeySupervisionTab, HardCaseTab, EscalationTab };

    SupervisionPanel(SessionThread *session, const Actor &actor, QWidget *parent = nullptr);

    SupervisionBoardModel *boardModel() const { return mBoard; }
    SupervisedCaseModel *caseModel(Tab tab) const; // nullptr for the escalation tab
    EscalationModel *escalationModel() const { return mEscalations; }
    QString statusText() const;
    QString summaryText() const;

    void setDimension(BoardDimension dimension);
    void setNearMinutes(int minutes);
    void setCurrentTab(Tab tab);
    void selectCase(qint64 caseId); // in the current tab

public Q_SLOTS:
    void reload();
    // Urges the case with the level and message; refused for roles the workflow does not let urge.
    void urge(qint64 caseId, UrgeLevel level, const QString &message);
    void urgeSelected(); // the selected case of the current tab, with the level and message of the form

Q_SIGNALS:
    void caseActivated(qint64 caseId);
    void loaded();
    void caseUrged(qint64 caseId, UrgeLevel level);
    void actionFailed(const QString &message);

private:
    qint64 selectedCase() const;

    SessionThread *mSession;
    Actor mActor;
    SupervisionBoardModel *mBoard;
    SupervisedCaseModel *mOverdue;
    SupervisedCaseModel *mKey;
    SupervisedCaseModel *mHard;
    EscalationModel *mEscalations;
    QComboBox *mDimension;
    QSpinBox *mNear;
    QTableView *mBoardView;
    QTabWidget *mTabs;
    QList<QTableView *> mTabViews;
    QComboBox *mLevel;
    QLineEdit *mMessage;
    QPushButton *mUrgeButton;
    QLabel *mStatus;  // the result of the last action, or an error
    QLabel *mSummary; // counts of the board
    int mEpoch = 0;
};

} // namespace cg
