#include "taskstatuswidget.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QStyle>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;

namespace cg {

TaskStatusWidget::TaskStatusWidget(QWidget *parent)
    : QWidget(parent)
    , mTitle(new QLabel(this))
    , mBar(new QProgressBar(this))
    , mCancel(new QToolButton(this))
    , mMore(new QLabel(this))
{
    setObjectName(u"backgroundTasks"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mTitle);
    layout->addWidget(mBar);
    layout->addWidget(mCancel);
    layout->addWidget(mMore);
    mBar->setMaximumWidth(fontMetrics().averageCharWidth() * 24);
    mBar->setTextVisible(true);
    mCancel->setObjectName(u"cancelTask"_s);
    mCancel->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
    mCancel->setAutoRaise(true);
    mCancel->setToolTip(tr("Cancel this task"));
    connect(mCancel, &QToolButton::clicked, this, &TaskStatusWidget::cancelCurrent);
    updateView();
}

int TaskStatusWidget::begin(const QString &title, std::function<void()> cancel)
{
    const int id = mNextId++;
    mTasks.insert(id, Task{title, std::move(cancel), 0, 0});
    mOrder.append(id);
    updateView();
    return id;
}

void TaskStatusWidget::setProgress(int task, int done, int total)
{
    auto it = mTasks.find(task);
    if (it == mTasks.end())
        return;
    it->done = done;
    it->total = total;
    updateView();
}

void TaskStatusWidget::finish(int task)
{
    mTasks.remove(task);
    mOrder.removeAll(task);
    updateView();
}

QString TaskStatusWidget::currentTitle() const
{
    return mOrder.isEmpty() ? QString() : mTasks.value(mOrder.constLast()).title;
}

void TaskStatusWidget::cancelCurrent()
{
    if (mOrder.isEmpty())
        return;
    Task &t = mTasks[mOrder.constLast()];
    if (t.cancel) {
        t.cancel();
        t.title = tr("%1 (cancelling…)").arg(t.title);
        t.cancel = {};
    }
    updateView();
}

void TaskStatusWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        mCancel->setToolTip(tr("Cancel this task"));
        updateView();
    }
    QWidget::changeEvent(event);
}

void TaskStatusWidget::updateView()
{
    setVisible(!mOrder.isEmpty());
    if (mOrder.isEmpty())
        return;
    const Task &t = mTasks.value(mOrder.constLast());
    mTitle->setText(t.title);
    mBar->setRange(0, std::max(0, t.total));
    mBar->setValue(t.total > 0 ? t.done : 0);
    mBar->setFormat(t.total > 0 ? tr("%1 of %2").arg(t.done).arg(t.total) : QString());
    mCancel->setEnabled(bool(t.cancel));
    mMore->setVisible(mOrder.size() > 1);
    mMore->setText(tr("+%n more", nullptr, int(mOrder.size()) - 1));
}

} // namespace cg
