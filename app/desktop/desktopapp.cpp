#include "desktopapp.h"

#include "connectiondialog.h"

#include "featurepanels.h"
#include "logindialog.h"
#include "mainwindow.h"
#include "serverlogin.h"
#include "session/sessionthread.h"
#include "session/whenfinished.h"
#include "ui/cases/casedock.h"
#include "ui/cases/casequeuemodel.h"
#include "ui/cases/casequeuewidget.h"
#include "ui/cases/statecountmodel.h"
#include "wallconsole.h"
#include "widgets/mapcanvas.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPixmap>
#include <QProgressDialog>
#include <QPushButton>
#include <QScreen>
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
{
    createSession();
}

void DesktopApp::createSession()
{
    mSession = std::make_unique<SessionThread>();
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
    // The window's models hold the session threads: close them first.
    mWall.reset();
    mWindow.reset();
    mCountSession.reset();
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
    if (isPostgresUrl(path)) {
        // A shared store without a password: ask for the login and password first (not for --screenshot,
        // which never asks anything).
        auto server = parsePostgresUrl(path);
        if (server && server->password.isEmpty() && mOptions.screenshot.isEmpty()) {
            showServerLogin(*server, QString());
            return;
        }
    } else {
        mServer.reset();
        mServerLogin.clear();
    }
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
            storeFailed(path, status.error());
        else
            storeOpened();
    });
}

void DesktopApp::storeFailed(const QString &path, const Error &error)
{
    // A shared store names which setting is wrong: password, TLS, server, database, schema version.
    const QString message = isPostgresUrl(path) ? ServerLogin::explain(error) : error.message;
    if (!mOptions.screenshot.isEmpty()) {
        fail(tr("The store %1 cannot be opened: %2").arg(shownLocation(path), message));
        return;
    }
    if (mServer) {
        serverLoginFailed(message);
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
        showServerLogin(dialog.settings(), QString());
        return;
    }
    if (box.clickedButton() != choose) {
        QCoreApplication::exit(1);
        return;
    }
    chooseStoreFile(isPostgresUrl(path) ? Session::defaultStorePath() : path);
}

void DesktopApp::chooseStoreFile(const QString &near)
{
    const QString other = QFileDialog::getSaveFileName(
        nullptr, tr("Choose a CityGrid store (a new file becomes a new store with the demo city)"),
        QFileInfo(near).absolutePath(), tr("CityGrid stores (*.sqlite *.db);;All files (*)"), nullptr,
        QFileDialog::DontConfirmOverwrite);
    if (other.isEmpty()) {
        QCoreApplication::exit(1);
        return;
    }
    openStore(other);
}

void DesktopApp::showServerLogin(const PgConnectionSettings &server, const QString &problem)
{
    PgConnectionSettings withoutPassword = server;
    withoutPassword.password.clear();
    mServer = withoutPassword;
    QString preselect = mServerLogin;
    if (preselect.isEmpty())
        preselect = ServerLogin::isStationRole(server.user) ? mSettings.lastLogin() : server.user;
    LoginDialog dialog(withoutPassword, preselect, problem);
    dialog.exec();
    switch (dialog.choice()) {
    case LoginDialog::Choice::LogIn:
        mServerLogin = dialog.login();
        openStore(ServerLogin::connectionFor(withoutPassword, dialog.login(), dialog.password()).url());
        return;
    case LoginDialog::Choice::ConnectionSettings: {
        ConnectionDialog settings(withoutPassword);
        if (settings.exec() == QDialog::Accepted)
            showServerLogin(settings.settings(), QString());
        else
            showServerLogin(withoutPassword, problem);
        return;
    }
    case LoginDialog::Choice::OtherStore:
        mServer.reset();
        mServerLogin.clear();
        chooseStoreFile(Session::defaultStorePath());
        return;
    case LoginDialog::Choice::Quit:
        break;
    }
    QCoreApplication::exit(0);
}

void DesktopApp::serverLoginFailed(const QString &problem)
{
    // The session of the failed attempt goes; the login dialog comes back with the problem named.
    showServerLogin(*mServer, problem);
}

void DesktopApp::storeOpened()
{
    auto directory = mSession->run([](Session &session) { return CaseDirectory::load(session); });
    whenFinished(directory, this, [this](Result<CaseDirectory> loaded) {
        if (!loaded) {
            storeFailed(mStorePath, loaded.error());
            return;
        }
        mDirectory = std::make_shared<const CaseDirectory>(std::move(loaded).value());
        if (!isPostgresUrl(mStorePath)) {
            if (!mOptions.user.isEmpty())
                logIn(mOptions.user, true);
            else
                showLogin();
            return;
        }
        // A shared store: the CityGrid user is the one whose database role this station connected as.
        auto connected = mSession->run([](Session &session) { return session.store().connectedLogin(); });
        whenFinished(connected, this, [this](Result<QString> login) {
            if (!login) {
                storeFailed(mStorePath, login.error());
                return;
            }
            if (login->isEmpty()) { // the owner's connection: any user, as on an embedded store
                if (!mOptions.user.isEmpty())
                    logIn(mOptions.user, true);
                else
                    showLogin();
                return;
            }
            if (!mOptions.user.isEmpty() && mOptions.user != *login) {
                fail(tr("--user %1 does not match the server login %2 of this connection")
                         .arg(mOptions.user, *login));
                return;
            }
            logIn(*login, !mServer);
        });
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
            } else if (mServer) {
                serverLoginFailed(message);
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

void DesktopApp::switchStore(const QString &location)
{
    // The window asked from one of its own signals: it goes once that has returned.
    QTimer::singleShot(0, this, [this, location] {
        qApp->setQuitOnLastWindowClosed(false);
        if (mWindow) {
            mWindow->saveLayout();
            mWindow.reset();
        }
        mWall.reset();
        mCountSession.reset();
        createSession();
        mDirectory.reset();
        openStore(location);
    });
}

void DesktopApp::showWallConsole(const Actor &actor)
{
    mWall = std::make_unique<WallConsole>(mSession.get(), actor, mDirectory);
    if (!mOptions.screenshot.isEmpty()) {
        QTimer::singleShot(ScreenshotTimeoutMs, this, [this] {
            if (!mScreenshotTaken)
                fail(tr("The wall console did not load within %1 s.").arg(ScreenshotTimeoutMs / 1000));
        });
        connect(mWall.get(), &WallConsole::ready, this, [this] {
            if (mScreenshotTaken)
                return;
            mScreenshotTaken = true;
            // The ready signal comes from the map's render: let the layouts it triggered run first.
            QTimer::singleShot(500, this, &DesktopApp::takeScreenshot);
        });
    }
    mWall->showOnScreen(QGuiApplication::primaryScreen());
    qApp->setQuitOnLastWindowClosed(true);
}

void DesktopApp::showMainWindow(const Actor &actor)
{
    if (mOptions.wall) {
        showWallConsole(actor);
        return;
    }
    mWindow =
        std::make_unique<MainWindow>(mSession.get(), actor, mDirectory, shownLocation(mStorePath), mSettings);
    mWindow->setBasemap(mOptions.basemap);
    addFeaturePanels(*mWindow, mSession.get(), actor);
    // The counts read on a connection of their own, once it is open (until then they share the session's).
    mCountSession = std::make_unique<SessionThread>();
    whenFinished(mCountSession->open(mStorePath, false), this, [this](Status status) {
        if (status && mWindow)
            mWindow->setCountSession(mCountSession.get());
    });
    connect(mWindow.get(), &MainWindow::storeSwitchRequested, this, &DesktopApp::switchStore);
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
    QWidget *shown = mWall ? static_cast<QWidget *>(mWall.get()) : static_cast<QWidget *>(mWindow.get());
    const QPixmap picture = shown->grab();
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
