#pragma once

#include "core/casetypes.h"
#include "ui/cases/casedirectory.h"
#include "ui/cases/casequeuemodel.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QTimer;
class QTreeView;

namespace cg {

class SessionThread;
class StateCountModel;

// The case queue: filters (state, overdue step, search), cases per state and the paged table of cases.
class CaseQueueWidget : public QWidget
{
    Q_OBJECT
public:
    explicit CaseQueueWidget(SessionThread *session, QWidget *parent = nullptr);

    void setActor(const Actor &actor);
    void setDirectory(std::shared_ptr<const CaseDirectory> directory);
    void reload();  // loads the first page and the counts for the current filters
    void refresh(); // after the store changed: counts and loaded rows, keeping the selection

    CaseQueueModel *model() const { return mModel; }
    StateCountModel *counts() const { return mCounts; }
    QTableView *view() const { return mView; }

    qint64 currentCaseId() const;
    bool selectCase(qint64 caseId); // false if the case is not loaded
    void selectRow(int row);

    QByteArray viewState() const; // header and splitter, for the settings
    void restoreViewState(const QByteArray &state);

Q_SIGNALS:
    void currentCaseChanged(qint64 caseId); // 0 when no case is selected
    void loadFailed(const QString &message);

private:
    CaseFilter currentFilter() const;
    void applyFilter();
    void onCurrentRowChanged();
    void onStateRowChanged(); // a row of the state list became current: filter by its state
    void syncStateList(const CaseFilter &filter);
    void updateSummary();
    void sizeColumns();

    SessionThread *mSession;
    CaseQueueModel *mModel;
    StateCountModel *mCounts;
    QComboBox *mStateCombo;
    QComboBox *mStepCombo;
    QLineEdit *mSearch;
    QTimer *mSearchDelay;
    QLabel *mSummary;
    QSplitter *mSplitter;
    QTreeView *mCountView;
    QTableView *mView;
    qint64 mCurrentCase = 0;
    bool mColumnsSized = false;
};

} // namespace cg
