#pragma once

#include "core/casetypes.h"
#include "map/casepoints.h"
#include "map/griddata.h"
#include "ui/cases/casedirectory.h"

#include <QWidget>

#include <memory>

class QLabel;
class QScreen;
class QStackedWidget;
class QTimer;

namespace cg {

class BoundaryLayer;
class Session;
class CaseLayer;
class ChoroplethLayer;
class MapCanvas;
class SessionThread;
class WallRanking;
class WallTicker;

// The day's figures of a wall console, read in the store thread.
struct WallFigures
{
    int reportedToday = 0;
    int filedToday = 0;
    int dispatchedToday = 0;
    int closedToday = 0;
    int overdueNow = 0;
    QList<std::pair<QString, int>> byStreet;   // open cases per street, most first
    QList<std::pair<QString, int>> byUnit;     // open cases per responsible unit, most first
    QList<std::pair<QString, int>> hotClasses; // cases reported in the last 7 days per class, most first
    QStringList keySupervision;                // the newest open key-supervision cases, one line each
    // The change feed read so far today (the next read continues there).
    qint64 lastChangeId = -1;
    QDate day;
};

// The wall console (citygrid --wall, View ▸ Wall console): full screen, for a video wall read from metres
// away, with nothing to edit. The live case map; counters of today's reports, filings, dispatches, closings
// and what is overdue now; panels that take turns (open cases by street, by unit, hot classes); a ticker of
// the newest key-supervision cases. Fonts follow the screen's height. Esc closes it.
class WallConsole : public QWidget
{
    Q_OBJECT
public:
    WallConsole(SessionThread *session, const Actor &actor, std::shared_ptr<const CaseDirectory> directory,
                QWidget *parent = nullptr);
    ~WallConsole() override;

    void showOnScreen(QScreen *screen); // full screen there
    bool isReady() const;               // figures loaded and the map drawn
    const WallFigures &figures() const { return mFigures; }
    void showPanel(int index); // 0 by street, 1 by unit, 2 hot classes
    int panelCount() const;
    void refresh();

    // Store thread: the figures for `actor`, continuing the change feed from `previous` on the same day.
    static Result<WallFigures> readFigures(Session &session, const Actor &actor,
                                           std::shared_ptr<const CaseDirectory> directory,
                                           const WallFigures &previous);

Q_SIGNALS:
    void ready();

protected:
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void scaleFonts();
    void showFigures();
    void loadMap();
    void checkReady();
    void updateClock();

    SessionThread *mSession;
    Actor mActor;
    std::shared_ptr<const CaseDirectory> mDirectory;
    WallFigures mFigures;
    bool mFiguresLoaded = false;
    bool mLoading = false;
    bool mReloadPending = false;
    bool mMapLoaded = false;
    bool mReadySent = false;

    QLabel *mTitle;
    QLabel *mClock;
    MapCanvas *mMap;
    ChoroplethLayer *mChoropleth;
    BoundaryLayer *mBoundaries;
    CaseLayer *mCaseLayer;
    std::shared_ptr<const GridData> mGrids;
    std::shared_ptr<const CasePoints> mCases;
    QList<QLabel *> mCounterValues;
    QList<QLabel *> mCounterLabels;
    QLabel *mPanelTitle;
    QStackedWidget *mPanels;
    QList<WallRanking *> mRankings;
    WallTicker *mTicker;
    QTimer *mRotate;
    QTimer *mRefreshDelay;
    QTimer *mClockTimer;
};

} // namespace cg
