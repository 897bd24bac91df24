#pragma once

#include "core/casetypes.h"
#include "ui/cases/casedirectory.h"

#include <QDockWidget>

#include <memory>

class QGridLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTextBrowser;
class QTimer;

namespace cg {

class SessionThread;

// One case as the dock shows it: read together in the store thread, so the parts agree.
struct CaseSnapshot
{
    CaseRecord record;
    QList<CaseEvent> events; // in order (seq)
    QList<Action> actions;   // what the actor may do now (CaseService::availableActions)
};

// The selected case: its header, its timeline of events and one button per action the user may take now.
// Each button opens the action's form; the request goes to the case service in the store thread.
class CaseDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit CaseDock(SessionThread *session, QWidget *parent = nullptr);

    void setActor(const Actor &actor);
    void setDirectory(std::shared_ptr<const CaseDirectory> directory);

    void showCase(qint64 caseId); // 0 clears the dock
    void reload();                // reads the shown case again
    qint64 caseId() const { return mCaseId; }
    bool isLoaded() const { return mLoaded; }
    const CaseSnapshot &snapshot() const { return mSnapshot; }
    QList<QPushButton *> actionButtons() const { return mButtons; }

    // The timeline as the dock renders it (HTML), for tests and printing.
    QString timelineHtml() const;

Q_SIGNALS:
    void caseLoaded(qint64 caseId);
    void actionApplied(const cg::CaseRecord &record, cg::Action action);

private:
    void load(bool keepScroll);
    void render();
    void renderHeader();
    void renderActions();
    void clearActions();
    void updateCountdowns();
    void showMessage(const QString &text);
    void startAction(Action action);
    void submit(const ActionRequest &request, const QStringList &photos);
    void setBusy(bool busy);
    QString eventHtml(const CaseEvent &event) const;
    QStringList detailLines(const CaseEvent &event) const;

    SessionThread *mSession;
    Actor mActor;
    std::shared_ptr<const CaseDirectory> mDirectory;
    qint64 mCaseId = 0;
    int mSerial = 0; // only the newest load is shown
    bool mLoaded = false;
    bool mBusy = false;
    CaseSnapshot mSnapshot;

    QStackedWidget *mStack;
    QLabel *mMessage;
    QLabel *mTitle;
    QLabel *mStateBadge;
    QLabel *mKeyMark;
    QLabel *mClass;
    QLabel *mPriority;
    QLabel *mGrid;
    QLabel *mPlace;
    QLabel *mAddress;
    QLabel *mDescription;
    QLabel *mReporter;
    QLabel *mUnit;
    QLabel *mHandlingDue;
    QLabel *mStepDue;
    QLabel *mPending;
    QLabel *mPendingLabel;
    QTextBrowser *mTimeline;
    QGroupBox *mActionsBox;
    QGridLayout *mActionsLayout;
    QLabel *mNoActions;
    QList<QPushButton *> mButtons;
    QTimer *mTick;
    QTimer *mReloadDelay;
};

} // namespace cg
