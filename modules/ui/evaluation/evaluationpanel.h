#pragma once

#include "core/casetypes.h"
#include "core/evaluationquery.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableView;

namespace cg {

class SessionThread;
class EvaluationModel;

// The evaluation dock (考核评价): pick a period (month, quarter, ISO week, day or a typed range) and a
// subject kind, and read the ranked rows with grades and the change against the previous period.
// Double-clicking an area drills down district → street → community → unit grid → the grid's cases;
// double-clicking a case emits caseActivated. Every query runs in the store thread.
class EvaluationPanel : public QWidget
{
    Q_OBJECT
public:
    EvaluationPanel(SessionThread *session, const Actor &actor, QWidget *parent = nullptr);

    EvaluationModel *model() const { return mModel; }
    QTableView *view() const { return mView; }
    QListWidget *caseList() const { return mCases; }
    EvaluationQuery query() const { return mQuery; }

    // Shows `query` (and reloads).
    void setQuery(const EvaluationQuery &query);
    // Re-reads the rows of the current query.
    void reload();
    // Drills into the row (an area: its children; a grid: its cases).
    void drillDown(int row);
    // Back to the parent area.
    void drillUp();

Q_SIGNALS:
    void caseActivated(qint64 caseId);
    // Emitted when a reload has put its rows into the model (or failed: the status says why).
    void loaded();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void periodKindChanged();
    void stepPeriod(int direction);
    void periodEdited();
    void showScope();

    SessionThread *mSession;
    Actor mActor;
    EvaluationQuery mQuery;
    EvaluationModel *mModel;
    QComboBox *mPeriodKind;
    QPushButton *mPrevious;
    QLineEdit *mPeriod;
    QPushButton *mNext;
    QComboBox *mKind;
    QLabel *mScope;
    QPushButton *mUp;
    QTableView *mView;
    QListWidget *mCases;
    QLabel *mStatus;
    int mGeneration = 0; // the latest reload: older answers are dropped
};

} // namespace cg
