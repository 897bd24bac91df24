#pragma once

#include "core/casetypes.h"
#include "desktopoptions.h"
#include "desktopsettings.h"
#include "store/pgconnection.h"
#include "ui/cases/casedirectory.h"

#include <QObject>

#include <memory>
#include <optional>

class QProgressDialog;
class QTimer;

namespace cg {

class MainWindow;
class SessionThread;
class WallConsole;

// The start of citygrid, step by step and never blocking on the store: open the store (generating the demo
// city into an empty one), read the directory, log in, show the main window; with --screenshot, grab the
// window once the queue and the first case are loaded (with --wall: the wall console instead). Ends the event
// loop with the exit code.
class DesktopApp : public QObject
{
    Q_OBJECT
public:
    explicit DesktopApp(DesktopOptions options, QObject *parent = nullptr);
    ~DesktopApp() override;

    void start();

private:
    void openStore(const QString &path);
    void storeOpened();
    void storeFailed(const QString &path, const Error &error);
    void chooseStoreFile(const QString &near);
    // A shared store: asks for the login and password (showing `problem` from the previous attempt), then
    // connects as the login's database role.
    void showServerLogin(const PgConnectionSettings &server, const QString &problem);
    void serverLoginFailed(const QString &problem);
    void showLogin();
    void logIn(const QString &login, bool fromCommandLine);
    void showMainWindow(const Actor &actor);
    void showWallConsole(const Actor &actor);
    void switchStore(const QString &location); // File ▸ Connect to another store…
    void createSession();
    void checkScreenshot();
    void takeScreenshot();
    void fail(const QString &message); // says what went wrong and ends with exit code 1

    DesktopOptions mOptions;
    DesktopSettings mSettings;
    std::unique_ptr<SessionThread> mSession;
    std::unique_ptr<SessionThread> mCountSession; // a second connection for the queue counts
    std::shared_ptr<const CaseDirectory> mDirectory;
    QString mStorePath;
    // The shared store being logged in to with a password (without it), and the login typed.
    std::optional<PgConnectionSettings> mServer;
    QString mServerLogin;
    QProgressDialog *mProgress = nullptr;
    QTimer *mProgressDelay = nullptr;
    std::unique_ptr<MainWindow> mWindow;
    std::unique_ptr<WallConsole> mWall;
    bool mScreenshotTaken = false;
    bool mMapViewApplied = false;
};

} // namespace cg
