#pragma once

#include "core/casetypes.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace cg {

class SessionThread;
class DuplicatesModel;

// The acceptor's list of probable duplicates: a report near an open case of its class. Merge closes the
// report into its main case (its reporters get the main case's result); Separate keeps it as a case of its
// own. Double-clicking a row opens the report (caseActivated).
class DuplicatesPanel : public QWidget
{
    Q_OBJECT
public:
    DuplicatesPanel(SessionThread *session, const Actor &actor, QWidget *parent = nullptr);

    DuplicatesModel *model() const { return mModel; }
    QTableView *view() const { return mView; }

Q_SIGNALS:
    void caseActivated(qint64 caseId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateButtons();
    int currentRow() const;

    DuplicatesModel *mModel;
    QComboBox *mFilter;
    QTableView *mView;
    QPushButton *mMerge;
    QPushButton *mSeparate;
    QLabel *mStatus;
    bool mMayDecide;
};

} // namespace cg
