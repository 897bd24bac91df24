#pragma once

#include "core/casetypes.h"
#include "ui/cases/casedirectory.h"
#include "ui/cases/casefile.h"
#include "ui/cases/caseformat.h"

#include <QDockWidget>
#include <QPointer>

#include <memory>

class QGridLayout;
class QGroupBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTextBrowser;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace cg {

class ActionForm;
class CaseMiniMap;
class Clock;
class PhotoViewer;
class ReportForm;
class SessionThread;

// The selected case as its whole case file (案卷): facts, a location mini-map, photos before and after, the
// timeline of events, the deadline of every step with a live countdown and its light, related cases, the
// hotline ticket, and one button per action the user may take now. Each button opens the action's form;
// the request goes to the case service in the store thread. When another station changed the case
// meanwhile the dock says what changed and keeps the form as typed. The case file prints to PDF.
class CaseDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit CaseDock(SessionThread *session, QWidget *parent = nullptr);
    ~CaseDock() override;

    void setActor(const Actor &actor);
    const Actor &actor() const { return mActor; }
    void setDirectory(std::shared_ptr<const CaseDirectory> directory);
    // The time the countdowns count to (not owned; nullptr: the system clock).
    void setClock(const Clock *clock);

    void showCase(qint64 caseId); // 0 clears the dock
    void reload();                // reads the shown case again
    qint64 caseId() const { return mCaseId; }
    bool isLoaded() const { return mLoaded; }
    const CaseSnapshot &snapshot() const { return mSnapshot; }
    QList<QPushButton *> actionButtons() const { return mButtons; }
    // The form of the action being prepared (open, or kept after a refused send); nullptr when none.
    ActionForm *actionForm() const;
    ReportForm *reportForm() const;
    PhotoViewer *photoViewer() const;
    CaseMiniMap *miniMap() const { return mMiniMap; }

    // The lights of the current step and of the unit's handling deadline at the dock's clock.
    DeadlineLight stepLight() const;
    DeadlineLight handlingLight() const;
    // What the conflict banner says; empty when there was no conflict.
    QString conflictText() const;

    // The timeline as the dock renders it (HTML), for tests and printing.
    QString timelineHtml() const;
    // The lines of an event's details (unit, due times, closing type, attachments...), plain text.
    static QStringList detailLines(const CaseEvent &event, const CaseDirectory &directory);

    // Opens the form of a new report (or, with `selfDispose`, of a problem fixed on the spot).
    void startReport(bool selfDispose);
    // Writes the shown case file as a PDF in the store thread; caseFileExported() tells the outcome.
    void exportPdf(const QString &path);

Q_SIGNALS:
    void caseLoaded(qint64 caseId);
    void actionApplied(const cg::CaseRecord &record, cg::Action action);
    void actionRefused(cg::Action action, const QString &message);
    void caseReported(const cg::CaseRecord &record);
    void caseFileExported(const QString &path, bool ok, const QString &message);
    void conflictShown(const QString &text);

private:
    void load(bool keepScroll);
    void render();
    void renderHeader();
    void renderActions();
    void renderDeadlines();
    void renderPhotos();
    void renderRelated();
    void renderHotline();
    void clearActions();
    void updateCountdowns();
    void showMessage(const QString &text);
    void startAction(Action action);
    void submit();
    void submitReport();
    void showConflict();
    void setBusy(bool busy);
    void chooseExportPath();
    void openPhoto(QListWidgetItem *item);
    QString eventHtml(const CaseEvent &event) const;
    QDateTime now() const;

    SessionThread *mSession;
    Actor mActor;
    std::shared_ptr<const CaseDirectory> mDirectory;
    const Clock *mClock = nullptr;
    qint64 mCaseId = 0;
    int mSerial = 0; // only the newest load is shown
    bool mLoaded = false;
    bool mBusy = false;
    CaseSnapshot mSnapshot;
    QPointer<ActionForm> mForm;
    QPointer<ReportForm> mReportForm;
    QPointer<PhotoViewer> mViewer;

    QStackedWidget *mStack;
    QLabel *mMessage;
    QLabel *mTitle;
    QLabel *mStateBadge;
    QLabel *mKeyMark;
    QLabel *mHotlineMark;
    QLabel *mConflict;
    QWidget *mTools;
    QPushButton *mExport;
    QPushButton *mReport;
    QPushButton *mSelfDispose;
    QLabel *mNote;
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
    QTabWidget *mTabs;
    QTextBrowser *mTimeline;
    QTreeWidget *mDeadlines;
    QTreeWidgetItem *mStepItem = nullptr;
    QTreeWidgetItem *mHandlingItem = nullptr;
    QTreeWidgetItem *mHotlineItem = nullptr;
    QListWidget *mPhotos;
    QLabel *mPhotoNote;
    CaseMiniMap *mMiniMap;
    QTreeWidget *mRelated;
    QWidget *mHotlinePage;
    QLabel *mHotline;
    QGroupBox *mActionsBox;
    QGridLayout *mActionsLayout;
    QLabel *mNoActions;
    QList<QPushButton *> mButtons;
    QTimer *mTick;
    QTimer *mReloadDelay;
};

} // namespace cg
