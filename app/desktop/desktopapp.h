#pragma once

#include "core/casetypes.h"
#include "desktopoptions.h"
#include "desktopsettings.h"
#include "ui/cases/casedirectory.h"

#include <QObject>

#include <memory>

class QProgressDialog;
class QTimer;

namespace cg {

class MainWindow;
class SessionThread;

// The start of citygrid, step by step and never blocking on the store: open the store (generating the demo
// city into an empty one), read the directory, log in, show the main window; with --screenshot, grab the
// window once the queue and the first case are loaded. Ends the event loop with the exit code.
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
    void storeFailed(const QString &path, const QString &message);
    void showLogin();
    void logIn(const QString &login, bool fromCommandLine);
    void showMainWindow(const Actor &actor);
    void checkScreenshot();
    void takeScreenshot();
    void fail(const QString &message); // says what went wrong and ends with exit code 1

    DesktopOptions mOptions;
    DesktopSettings mSettings;
    std::unique_ptr<SessionThread> mSession;
    std::shared_ptr<const CaseDirectory> mDirectory;
    QString mStorePath;
    QProgressDialog *mProgress = nullptr;
    QTimer *mProgressDelay = nullptr;
    std::unique_ptr<MainWindow> mWindow;
    bool mScreenshotTaken = false;
    bool mMapViewApplied = false;
};

} // namespace cg
