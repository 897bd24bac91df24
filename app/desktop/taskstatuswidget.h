#pragma once

#include <QHash>
#include <QWidget>

#include <functional>

class QLabel;
class QProgressBar;
class QToolButton;

namespace cg {

// Background tasks in the status bar: the newest running task with its progress and a cancel button, and how
// many more run. Hidden while nothing runs.
class TaskStatusWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TaskStatusWidget(QWidget *parent = nullptr);

    // A new task; `cancel` (may be empty: not cancellable) is called when the person cancels it.
    int begin(const QString &title, std::function<void()> cancel = {});
    void setProgress(int task, int done, int total); // total 0: busy without a known end
    void finish(int task);

    int runningCount() const { return int(mTasks.size()); }
    QString currentTitle() const;
    void cancelCurrent();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Task
    {
        QString title;
        std::function<void()> cancel;
        int done = 0;
        int total = 0;
    };
    void updateView();

    QHash<int, Task> mTasks;
    QList<int> mOrder; // oldest first
    int mNextId = 1;
    QLabel *mTitle;
    QProgressBar *mBar;
    QToolButton *mCancel;
    QLabel *mMore;
};

} // namespace cg
