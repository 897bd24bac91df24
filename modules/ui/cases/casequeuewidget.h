#pragma once

#include "core/casetypes.h"
#include "ui/cases/bulkaction.h"
#include "ui/cases/casedirectory.h"
#include "ui/cases/casequeuemodel.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTabBar;
class QTableView;
class QTimer;
class QTreeView;

namespace cg {

class QueueTabModel;
class SessionThread;
class StateCountModel;

// The case queues: a tab per workflow step and the cross-cutting queues with live counts; filters (state,
// overdue step, class, street, unit, source, priority, period, order, search) that all run in SQL; cases per
// state; the paged table with multi-selection and the bulk actions the workflow allows (dispatch, urge).
class CaseQueueWidget : public QWidget
{
    Q_OBJECT
public:
    explicit CaseQueueWidget(SessionThread *session, QWidget *parent = nullptr);

    void setActor(const Actor &actor);
    void setDirectory(std::shared_ptr<const CaseDirectory> directory);
    // A second connection to the same store for the counts (tabs and states): counting a large store takes
    // seconds and must not make the next page wait. Without one the counts share the queue's session.
    void setCountSession(SessionThread *session);
    void reload();  // loads the first page and the counts for the current filters
    void refresh(); // after the store changed: counts and loaded rows, keeping the selection

    CaseQueueModel *model() const { return mModel; }
    StateCountModel *counts() const { return mCounts; }
    QueueTabModel *tabCounts() const { return mTabCounts; }
    QTableView *view() const { return mView; }
    QTabBar *tabBar() const { return mTabs; }

    QueueTab currentTab() const;
    void setCurrentTab(QueueTab tab);
    CaseFilter currentFilter() const;

    qint64 currentCaseId() const;
    QList<qint64> selectedCaseIds() const; // in row order
    bool selectCase(qint64 caseId);        // false if the case is not loaded
    void selectRow(int row);

    // Bulk actions on the selected cases (one CaseService request per case); finished() carries the summary.
    BulkActionRunner *bulkRunner() const { return mBulk; }
    bool canBulk(Action action) const; // the role may take it and cases are selected
    void runBulkAction(const ActionRequest &request);
    // The dialogs of the bulk buttons: choose unit or level, run, then show the summary.
    void bulkDispatch();
    void bulkUrge();

    QByteArray viewState() const; // header and splitter, for the settings
    void restoreViewState(const QByteArray &state);

Q_SIGNALS:
    void currentCaseChanged(qint64 caseId); // 0 when no case is selected
    void caseActivated(qint64 caseId);      // double-click or Enter
    void loadFailed(const QString &message);
    void bulkStarted(cg::Action action, int cases);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void fillDirectoryFilters();
    void applyFilter();
    void onCurrentRowChanged();
    void onStateRowChanged(); // a row of the state list became current: filter by its state
    void syncStateList(const CaseFilter &filter);
    void updateSummary();
    void updateTabs();
    void updateBulkButtons();
    void sizeColumns();

    SessionThread *mSession;
    Actor mActor;
    std::shared_ptr<const CaseDirectory> mDirectory;
    CaseQueueModel *mModel;
    StateCountModel *mCounts;
    QueueTabModel *mTabCounts;
    BulkActionRunner *mBulk;
    QTabBar *mTabs;
    QComboBox *mStateCombo;
    QComboBox *mStepCombo;
    QComboBox *mClassCombo;
    QComboBox *mPlaceCombo;
    QComboBox *mUnitCombo;
    QComboBox *mSourceCombo;
    QComboBox *mPriorityCombo;
    QComboBox *mPeriodCombo;
    QComboBox *mOrderCombo;
    QLineEdit *mSearch;
    QTimer *mSearchDelay;
    QLabel *mSummary;
    QLabel *mStateLabel;
    QLabel *mStepLabel;
    QPushButton *mBulkDispatch;
    QPushButton *mBulkUrge;
    QSplitter *mSplitter;
    QTreeView *mCountView;
    QTableView *mView;
    qint64 mCurrentCase = 0;
    bool mColumnsSized = false;
};

} // namespace cg
