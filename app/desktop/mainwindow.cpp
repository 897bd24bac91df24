#include "mainwindow.h"

#include "desktopsettings.h"
#include "ui/cases/casedock.h"
#include "ui/cases/caseformat.h"
#include "ui/cases/casequeuewidget.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace cg {

MainWindow::MainWindow(SessionThread *session, const Actor &actor,
                       std::shared_ptr<const CaseDirectory> directory, const QString &storePath,
                       DesktopSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , mSettings(settings)
    , mQueue(new CaseQueueWidget(session, this))
    , mDock(new CaseDock(session, this))
    , mStoreLabel(new QLabel(this))
    , mUserLabel(new QLabel(this))
    , mClockLabel(new QLabel(this))
    , mClock(new QTimer(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("CityGrid command centre"));

    mQueue->setActor(actor);
    mQueue->setDirectory(directory);
    mDock->setActor(actor);
    mDock->setDirectory(directory);
    setCentralWidget(mQueue);
    addDockWidget(Qt::RightDockWidgetArea, mDock);
    resizeDocks({mDock}, {500}, Qt::Horizontal);

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *reload = viewMenu->addAction(tr("&Reload queue"));
    reload->setShortcut(QKeySequence::Refresh);
    connect(reload, &QAction::triggered, mQueue, &CaseQueueWidget::reload);
    viewMenu->addSeparator();
    QAction *toggleDock = mDock->toggleViewAction();
    toggleDock->setText(tr("Case &dock"));
    viewMenu->addAction(toggleDock);

    mStoreLabel->setText(tr("Store: %1").arg(QDir::toNativeSeparators(storePath)));
    mStoreLabel->setToolTip(QDir::toNativeSeparators(storePath));
    QString place = actor.unitId > 0 ? directory->unitName(actor.unitId)
                                     : directory->jurisdictionName(actor.jurisdiction);
    mUserLabel->setText(place.isEmpty() ? tr("%1 · %2").arg(actor.name, roleLabel(actor.role))
                                        : tr("%1 · %2 · %3").arg(actor.name, roleLabel(actor.role), place));
    statusBar()->addPermanentWidget(mStoreLabel, 1);
    statusBar()->addPermanentWidget(mUserLabel);
    statusBar()->addPermanentWidget(mClockLabel);

    connect(mQueue, &CaseQueueWidget::currentCaseChanged, mDock, &CaseDock::showCase);
    connect(mQueue, &CaseQueueWidget::loadFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("The queue cannot be loaded: %1").arg(message), 15000);
    });
    connect(mDock, &CaseDock::actionApplied, this, [this](const CaseRecord &record, Action action) {
        statusBar()->showMessage(tr("Case %1: \"%2\" done; it is now %3.")
                                     .arg(record.number, actionLabel(action), stateLabel(record.state)),
                                 8000);
    });

    mClock->setInterval(1000);
    connect(mClock, &QTimer::timeout, this, &MainWindow::updateClock);
    mClock->start();
    updateClock();
}

void MainWindow::updateClock()
{
    mClockLabel->setText(tr("%1 (UTC+8)").arg(CaseFormat::clock(QDateTime::currentDateTimeUtc())));
}

void MainWindow::restoreLayout()
{
    if (!restoreGeometry(mSettings.windowGeometry()))
        resize(1500, 900);
    restoreState(mSettings.windowState());
    mQueue->restoreViewState(mSettings.queueViewState());
}

void MainWindow::saveLayout()
{
    mSettings.setWindowGeometry(saveGeometry());
    mSettings.setWindowState(saveState());
    mSettings.setQueueViewState(mQueue->viewState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace cg
