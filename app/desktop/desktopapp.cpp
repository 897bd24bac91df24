#include "desktopapp.h"

#include "connectiondialog.h"

#include "logindialog.h"
#include "mainwindow.h"
#include "session/sessionthread.h"
#include "ui/cases/casedock.h"
#include "ui/cases/casequeuemodel.h"
#include "ui/cases/casequeuewidget.h"
#include "ui/cases/statecountmodel.h"
#include "ui/cases/whenfinished.h"
#include "widgets/mapcanvas.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPixmap>
#include <QProgressDialog>
#include <QPushButton>
#include <QSysInfo>
#include <QTimer>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace cg {

// What a person may see of a store's location: a file path, or a server URL without its password.
static QString shownLocation(const QString &location)
{
    if (!isPostgresUrl(location))
        return QDir::toNativeSeparators(location);
    auto settings = parsePostgresUrl(location);
    return settings ? settings->displayUrl() : location.section(u'@', -1);
}

namespace {

constexpr int ScreenshotTimeoutMs = 180 * 1000;

void printError(const QString &message)
{
    std::fprintf(stderr, "citygrid: %s\n", qPrintable(message));
}

} // namespace

DesktopApp::DesktopApp(DesktopOptions options, QObject *parent)
    : QObject(parent)
    , mOptions(std::move(options))
    , mSession(std::make_unique<SessionThread>())
{
    connect(mSession.get(), &SessionThread::demoProgress, this, [this](int done, int total) {
        if (!mProgress)
            return;
        mProgress->setLabelText(
            tr("Generating the demo city into %1…\nThis happens once, on the first start.")
                .arg(shownLocation(mStorePath)));
        mProgress->setRange(0, std::max(1, total));
        mProgress->setValue(std::min(done, total));
        mProgress->show();
    });
}

DesktopApp::~DesktopApp()
{
    // The window's models hold the session thread: close them first.
    mWindow.reset();
    delete mProgress;
}

void DesktopApp::start()
{
    // Dialogs come and go before the main window exists; none of them should end the program by closing.
    qApp->setQuitOnLastWindowClosed(false);
    openStore(mOptions.storePath);
}

void DesktopApp::openStore(const QString &path)
{
    mStorePath = isPostgresUrl(path) ? path : QFileInfo(path).absoluteFilePath();
    if (!mProgress) {
        mProgress = new QProgressDialog;
        mProgress->setWindowTitle(tr("CityGrid"));
        mProgress->setCancelButton(nullptr);
        mProgress->setMinimumWidth(480);
        mProgress->setAutoClose(false);
        mProgress->setAutoReset(false);
        mProgress->setWindowModality(Qt::ApplicationModal);
        mProgressDelay = new QTimer(this);
        mProgressDelay->setSingleShot(true);
        mProgressDelay->setInterval(400);
        connect(mProgressDelay, &QTimer::timeout, mProgress, &QWidget::show);
    }
    mProgress->setLabelText(tr("Opening the store %1…").arg(shownLocation(mStorePath)));
    mProgress->setRange(0, 0);
    mProgressDelay->start(); // only a slow open shows the dialog

    DemoOptions demo;
    demo.cases = mOptions.demoCases;
    whenFinished(mSession->open(mStorePath, true, demo), this, [this, path = mStorePath](Status status) {
        mProgressDelay->stop();
        mProgress->hide();
        if (!status)
            storeFailed(path, status.errorMessage());
        else
            storeOpened();
    });
}

void DesktopApp::storeFailed(const QString &path, const QString &message)
{
    if (!mOptions.screenshot.isEmpty()) {
        fail(tr("The store %1 cannot be opened: %2").arg(shownLocation(path), message));
        return;
    }
    QMessageBox box(QMessageBox::Critical, tr("CityGrid"),
                    tr("The store %1 cannot be opened.").arg(shownLocation(path)));
    box.setInformativeText(message);
    QPushButton *choose = box.addButton(tr("Choose another store…"), QMessageBox::AcceptRole);
    // A shared store on a server, asked for field by field (the application stays usable either way).
    QPushButton *server = box.addButton(tr("Connect to a server…"), QMessageBox::ActionRole);
    box.addButton(tr("Quit"), QMessageBox::RejectRole);
    box.setDefaultButton(isPostgresUrl(path) ? server : choose);
    box.exec();
    if (box.clickedButton() == server) {
        PgConnectionSettings previous;
        if (auto url = parsePostgresUrl(path); url)
            previous = *url;
        ConnectionDialog dialog(previous);
        if (dialog.exec() != QDialog::Accepted) {
            QCoreApplication::exit(1);
            return;
        }
        openStore(dialog.url());
        return;
    }
    if (box.clickedButton() != choose) {
        QCoreApplication::exit(1);
        return;
    }
    const QString other = QFileDialog::getSaveFileName(
        nullptr, tr("Choose a CityGrid store (a new file becomes a new store with the demo city)"),
        QFileInfo(path).absolutePath(), tr("CityGrid stores (*.sqlite *.db);;All files (*)"), nullptr,
        QFileDialog::DontConfirmOverwrite);
    if (other.isEmpty()) {
        QCoreApplication::exit(1);
        return;
    }
    openStore(other);
}

void DesktopApp::storeOpened()
{
    auto directory = mSession->run([](Session &session) { return CaseDirectory::load(session); });
    whenFinished(directory, this, [this](Result<CaseDirectory> loaded) {
        if (!loaded) {
            storeFailed(mStorePath, loaded.errorMessage());
            return;
        }
        mDirectory = std::make_shared<const CaseDirectory>(std::move(loaded).value());
        if (!mOptions.user.isEmpty())
            logIn(mOptions.user, true);
        else
            showLogin();
    });
}

void DesktopApp::showLogin()
{
    LoginDialog dialog(*mDirectory, shownLocation(mStorePath), mSettings.lastLogin());
    if (dialog.exec() != QDialog::Accepted || dialog.login().isEmpty()) {
        QCoreApplication::exit(0);
        return;
    }
    logIn(dialog.login(), false);
}

void DesktopApp::logIn(const QString &login, bool fromCommandLine)
{
    auto user = mSession->run([login](Session &session) {
        // Every login and every refused one goes into the store's access audit.
        auto found = session.store().findUser(login);
        (void)session.store().recordAccess(found ? u"login"_s : u"login_refused"_s, login,
                                           found ? u"citygrid desktop"_s : found.errorMessage());
        return found;
    });
    whenFinished(user, this, [this, login, fromCommandLine](Result<Actor> actor) {
        QString problem;
        if (!actor) {
            problem = actor.errorMessage();
        } else if (actor->role == Role::UnitHandler && actor->unitId <= 0) {
            problem = tr("the user belongs to no responsible unit");
        } else {
            for (const UserRecord &u : mDirectory->users()) {
                if (u.login == login && !u.active)
                    problem = tr("the user is not active");
            }
        }
        if (!problem.isEmpty()) {
            const QString message = tr("%1 cannot log in: %2").arg(login, problem);
            if (fromCommandLine) {
                fail(message);
            } else {
                QMessageBox::warning(nullptr, tr("CityGrid"), message);
                showLogin();
            }
            return;
        }
        Actor who = *actor;
        who.station = QSysInfo::machineHostName() + u"/citygrid"_s;
        if (mOptions.screenshot.isEmpty())
            mSettings.setLastLogin(login);
        showMainWindow(who);
    });
}

void DesktopApp::showMainWindow(const Actor &actor)
{
    mWindow =
        std::make_unique<MainWindow>(mSession.get(), actor, mDirectory, shownLocation(mStorePath), mSettings);
    mWindow->setBasemap(mOptions.basemap);
    if (mOptions.screenshot.isEmpty()) {
        mWindow->restoreLayout();
    } else {
        mWindow->resize(1560, 940); // the same picture on every machine, whatever was saved
        QTimer::singleShot(ScreenshotTimeoutMs, this, [this] {
            if (!mScreenshotTaken)
                fail(tr("The queue, the first case and the map did not load within %1 s.")
                         .arg(ScreenshotTimeoutMs / 1000));
        });
        CaseQueueWidget *queue = mWindow->queue();
        connect(queue->model(), &CaseQueueModel::reloaded, this, [this, queue] {
            if (queue->model()->rowCount() > 0 && queue->currentCaseId() == 0)
                queue->selectRow(0);
            checkScreenshot();
        });
        connect(queue->counts(), &StateCountModel::countsChanged, this, &DesktopApp::checkScreenshot);
        connect(mWindow->caseDock(), &CaseDock::caseLoaded, this, &DesktopApp::checkScreenshot);
        connect(mWindow.get(), &MainWindow::mapDataLoaded, this, &DesktopApp::checkScreenshot);
        connect(mWindow->map(), &MapCanvas::renderFinished, this, &DesktopApp::checkScreenshot);
        connect(queue, &CaseQueueWidget::loadFailed, this,
                [this](const QString &message) { fail(tr("The queue cannot be loaded: %1").arg(message)); });
    }
    mWindow->show();
    qApp->setQuitOnLastWindowClosed(true);
    mWindow->queue()->reload();
}

void DesktopApp::checkScreenshot()
{
    if (mScreenshotTaken || !mWindow)
        return;
    CaseQueueWidget *queue = mWindow->queue();
    if (!queue->model()->hasLoaded() || !queue->counts()->hasCounts())
        return;
    if (queue->model()->rowCount() > 0 && !mWindow->caseDock()->isLoaded())
        return;
    // The map: its data, then the asked view, then a finished render of that view.
    if (!mWindow->isMapReady())
        return;
    if (!mMapViewApplied && !mOptions.mapView.isEmpty()) {
        mMapViewApplied = true;
        mWindow->setMapView(mOptions.mapView);
        // The render it starts calls back here; if the view did not change, this does.
        QTimer::singleShot(200, this, &DesktopApp::checkScreenshot);
        return;
    }
    mScreenshotTaken = true;
    // Let the layouts that the last loads requested run before grabbing.
    QTimer::singleShot(0, this, &DesktopApp::takeScreenshot);
}

void DesktopApp::takeScreenshot()
{
    const QPixmap picture = mWindow->grab();
    if (picture.isNull() || !picture.save(mOptions.screenshot, "PNG")) {
        fail(tr("The screenshot cannot be saved to %1.").arg(QDir::toNativeSeparators(mOptions.screenshot)));
        return;
    }
    std::fprintf(stdout, "citygrid: screenshot saved to %s (%dx%d)\n", qPrintable(mOptions.screenshot),
                 picture.width(), picture.height());
    std::fflush(stdout);
    QCoreApplication::exit(0);
}

void DesktopApp::fail(const QString &message)
{
    printError(message);
    if (mOptions.screenshot.isEmpty())
        QMessageBox::critical(mWindow.get(), tr("CityGrid"), message);
    QCoreApplication::exit(1);
}

} // namespace cg
