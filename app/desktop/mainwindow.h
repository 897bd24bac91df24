#pragma once

#include "core/casetypes.h"
#include "ui/cases/casedirectory.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QTimer;

namespace cg {

class CaseDock;
class CaseQueueWidget;
class DesktopSettings;
class SessionThread;

// The command centre's window: the case queue in the middle, the case dock on the right, and a status bar
// with the store, the user and the clock.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(SessionThread *session, const Actor &actor, std::shared_ptr<const CaseDirectory> directory,
               const QString &storePath, DesktopSettings &settings, QWidget *parent = nullptr);

    CaseQueueWidget *queue() const { return mQueue; }
    CaseDock *caseDock() const { return mDock; }

    void restoreLayout();
    void saveLayout();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void updateClock();

    DesktopSettings &mSettings;
    CaseQueueWidget *mQueue;
    CaseDock *mDock;
    QLabel *mStoreLabel;
    QLabel *mUserLabel;
    QLabel *mClockLabel;
    QTimer *mClock;
};

} // namespace cg
