#include "wallconsole.h"

#include "map/boundarylayer.h"
#include "map/caselayer.h"
#include "map/choroplethlayer.h"
#include "mapdata.h"
#include "session/sessionthread.h"
#include "session/whenfinished.h"
#include "store/casestatistics.h"
#include "ui/cases/caseformat.h"
#include "ui/cases/casequeuemodel.h"
#include "widgets/mapcanvas.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QScreen>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr int RotateMs = 15000;      // each rotating panel stays this long
constexpr int RefreshDelayMs = 2000; // store changes within this time refresh the figures once
constexpr int RankingRows = 8;
constexpr int FeedChunk = 5000;
const QColor Background(0x0b, 0x16, 0x22);
const QColor Panel(0x13, 0x24, 0x36);
const QColor Text(0xe8, 0xee, 0xf4);
const QColor Dim(0x8f, 0xa6, 0xbd);
const QColor Accent(0x3d, 0xa5, 0xf4);
const QColor Alarm(0xff, 0x5a, 0x4f);

QDateTime startOfTodayUtc(const QDateTime &nowUtc)
{
    const QDateTime local = nowUtc.toOffsetFromUtc(8 * 3600); // China Standard Time
    return QDateTime(local.date(), QTime(0, 0), Qt::OffsetFromUTC, 8 * 3600).toUTC();
}

QList<std::pair<QString, int>> topOf(const QHash<QString, int> &counts)
{
    QList<std::pair<QString, int>> list;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() > 0)
            list.append({it.key(), it.value()});
    }
    std::sort(list.begin(), list.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (list.size() > RankingRows)
        list.resize(RankingRows);
    return list;
}

int sumOf(const QHash<CaseState, int> &counts)
{
    int sum = 0;
    for (int n : counts)
        sum += n;
    return sum;
}

QList<CaseState> openStates()
{
    QList<CaseState> states;
    for (int s = int(CaseState::Reported); s < CaseStateCount; ++s) {
        if (isOpen(CaseState(s)))
            states.append(CaseState(s));
    }
    return states;
}

} // namespace

// A ranking drawn for the wall: name, bar, figure; rows share the height.
class WallRanking : public QWidget
{
public:
    explicit WallRanking(QWidget *parent)
        : QWidget(parent)
    {}
    void setRows(QList<std::pair<QString, int>> rows)
    {
        mRows = std::move(rows);
        update();
    }
    const QList<std::pair<QString, int>> &rows() const { return mRows; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        p.setFont(font());
        const QFontMetrics fm(font());
        if (mRows.isEmpty()) {
            p.setPen(Dim);
            p.drawText(rect(), Qt::AlignCenter, WallConsole::tr("No cases"));
            return;
        }
        const int rowHeight = height() / RankingRows;
        const int max = std::max(1, mRows.constFirst().second);
        const int nameWidth = width() * 45 / 100;
        const int figureWidth = fm.horizontalAdvance(u"00000"_s);
        const int barSpace = width() - nameWidth - figureWidth - fm.averageCharWidth() * 2;
        for (int i = 0; i < mRows.size(); ++i) {
            const QRect row(0, i * rowHeight, width(), rowHeight);
            p.setPen(Text);
            p.drawText(row.adjusted(0, 0, -(width() - nameWidth), 0), Qt::AlignVCenter | Qt::AlignLeft,
                       fm.elidedText(mRows.at(i).first, Qt::ElideRight, nameWidth - fm.averageCharWidth()));
            const int bar = std::max(2, barSpace * mRows.at(i).second / max);
            const QRect barRect(nameWidth, row.top() + rowHeight / 4, bar, rowHeight / 2);
            p.fillRect(barRect, i == 0 ? Alarm : Accent);
            p.setPen(Text);
            p.drawText(QRect(width() - figureWidth, row.top(), figureWidth, rowHeight),
                       Qt::AlignVCenter | Qt::AlignRight, QString::number(mRows.at(i).second));
        }
    }

private:
    QList<std::pair<QString, int>> mRows;
};

// A ticker: the lines run from right to left, again and again.
class WallTicker : public QWidget
{
public:
    explicit WallTicker(QWidget *parent)
        : QWidget(parent)
        , mTimer(new QTimer(this))
    {
        mTimer->setInterval(40);
        QObject::connect(mTimer, &QTimer::timeout, this, [this] {
            mOffset += std::max(1, height() / 12);
            update();
        });
        mTimer->start();
    }
    void setLines(const QStringList &lines)
    {
        const QString text = lines.join(u"　　◆　　"_s);
        if (text != mText) {
            mText = text;
            update();
        }
    }
    QString text() const { return mText; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.fillRect(rect(), Panel);
        p.setFont(font());
        const QFontMetrics fm(font());
        const QString label = WallConsole::tr("Key supervision");
        const int labelWidth = fm.horizontalAdvance(label) + fm.averageCharWidth() * 3;
        p.fillRect(QRect(0, 0, labelWidth, height()), Alarm);
        p.setPen(Qt::white);
        p.drawText(QRect(0, 0, labelWidth, height()), Qt::AlignCenter, label);
        p.setClipRect(QRect(labelWidth, 0, width() - labelWidth, height()));
        p.setPen(Text);
        const QString text = mText.isEmpty() ? WallConsole::tr("No open key-supervision cases") : mText;
        const int textWidth = fm.horizontalAdvance(text) + width() / 3;
        const int span = width() - labelWidth;
        if (fm.horizontalAdvance(text) <= span) { // fits: it stands still
            p.drawText(QRect(labelWidth + fm.averageCharWidth() * 2, 0, span, height()), Qt::AlignVCenter,
                       text);
            return;
        }
        const int x = labelWidth + span - int(mOffset % qint64(textWidth + span));
        p.drawText(QRect(x, 0, textWidth, height()), Qt::AlignVCenter | Qt::AlignLeft, text);
        p.drawText(QRect(x + textWidth, 0, textWidth, height()), Qt::AlignVCenter | Qt::AlignLeft, text);
    }

private:
    QTimer *mTimer;
    QString mText;
    qint64 mOffset = 0;
};

WallConsole::WallConsole(SessionThread *session, const Actor &actor,
                         std::shared_ptr<const CaseDirectory> directory, QWidget *parent)
    : QWidget(parent)
    , mSession(session)
    , mActor(actor)
    , mDirectory(std::move(directory))
    , mTitle(new QLabel(this))
    , mClock(new QLabel(this))
    , mMap(new MapCanvas(this))
    , mChoropleth(new ChoroplethLayer(this))
    , mBoundaries(new BoundaryLayer(this))
    , mCaseLayer(new CaseLayer(this))
    , mPanelTitle(new QLabel(this))
    , mPanels(new QStackedWidget(this))
    , mTicker(new WallTicker(this))
    , mRotate(new QTimer(this))
    , mRefreshDelay(new QTimer(this))
    , mClockTimer(new QTimer(this))
{
    setObjectName(u"wallConsole"_s);
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, Background);
    pal.setColor(QPalette::WindowText, Text);
    pal.setColor(QPalette::Base, Background);
    pal.setColor(QPalette::Text, Text);
    setPalette(pal);

    mMap->setObjectName(u"wallMap"_s);
    mMap->setLayers({mChoropleth, mBoundaries, mCaseLayer});

    auto *top = new QHBoxLayout;
    top->addWidget(mTitle, 1);
    top->addWidget(mClock);

    auto *counters = new QGridLayout;
    for (int i = 0; i < 5; ++i) {
        auto *value = new QLabel(u"…"_s, this);
        value->setAlignment(Qt::AlignCenter);
        value->setObjectName(u"wallCounter%1"_s.arg(i));
        auto *label = new QLabel(this);
        label->setAlignment(Qt::AlignCenter);
        label->setWordWrap(true);
        QPalette dim = label->palette();
        dim.setColor(QPalette::WindowText, Dim);
        label->setPalette(dim);
        counters->addWidget(value, 0, i);
        counters->addWidget(label, 1, i);
        mCounterValues.append(value);
        mCounterLabels.append(label);
    }
    QPalette alarm = mCounterValues.constLast()->palette();
    alarm.setColor(QPalette::WindowText, Alarm);
    mCounterValues.constLast()->setPalette(alarm);

    for (int i = 0; i < 3; ++i) {
        auto *ranking = new WallRanking(mPanels);
        mPanels->addWidget(ranking);
        mRankings.append(ranking);
    }

    auto *side = new QVBoxLayout;
    side->addLayout(counters);
    side->addSpacing(0);
    side->addWidget(mPanelTitle);
    side->addWidget(mPanels, 1);

    auto *middle = new QHBoxLayout;
    middle->addWidget(mMap, 3);
    middle->addLayout(side, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(middle, 1);
    layout->addWidget(mTicker);

    mRotate->setInterval(RotateMs);
    connect(mRotate, &QTimer::timeout, this,
            [this] { showPanel((mPanels->currentIndex() + 1) % panelCount()); });
    mRotate->start();
    mRefreshDelay->setSingleShot(true);
    mRefreshDelay->setInterval(RefreshDelayMs);
    connect(mRefreshDelay, &QTimer::timeout, this, &WallConsole::refresh);
    connect(mSession, &SessionThread::storeChanged, this, [this] {
        if (!mRefreshDelay->isActive())
            mRefreshDelay->start();
    });
    mClockTimer->setInterval(1000);
    connect(mClockTimer, &QTimer::timeout, this, &WallConsole::updateClock);
    mClockTimer->start();
    connect(mMap, &MapCanvas::renderFinished, this, &WallConsole::checkReady);

    retranslateUi();
    scaleFonts();
    refresh();
    loadMap();
}

WallConsole::~WallConsole() = default;

void WallConsole::showOnScreen(QScreen *screen)
{
    if (screen)
        setGeometry(screen->geometry());
    showFullScreen();
}

void WallConsole::retranslateUi()
{
    setWindowTitle(tr("CityGrid wall console"));
    const QString place = mActor.unitId > 0 ? mDirectory->unitName(mActor.unitId)
                                            : mDirectory->jurisdictionName(mActor.jurisdiction);
    mTitle->setText(place.isEmpty() ? tr("Urban grid management · live")
                                    : tr("%1 · urban grid management · live").arg(place));
    const QStringList labels{tr("Reported today"), tr("Filed today"), tr("Dispatched today"),
                             tr("Closed today"), tr("Overdue now")};
    for (int i = 0; i < mCounterLabels.size(); ++i)
        mCounterLabels[i]->setText(labels.at(i));
    showPanel(mPanels->currentIndex());
    updateClock();
}

void WallConsole::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

int WallConsole::panelCount() const
{
    return mPanels->count();
}

void WallConsole::showPanel(int index)
{
    if (index < 0 || index >= mPanels->count())
        return;
    mPanels->setCurrentIndex(index);
    const QStringList titles{tr("Open cases by street"), tr("Open cases by responsible unit"),
                             tr("Hot classes of the last 7 days")};
    mPanelTitle->setText(titles.at(index));
}

void WallConsole::scaleFonts()
{
    // Sizes in pixels of the screen's height, so that a 4K wall shows them as large as a full-HD one.
    const int h = std::max(480, height());
    auto sized = [this](QWidget *w, double fraction, bool bold) {
        QFont f = font();
        f.setPixelSize(std::max(8, int(std::max(480, height()) * fraction)));
        f.setBold(bold);
        w->setFont(f);
    };
    sized(mTitle, 0.038, true);
    sized(mClock, 0.038, true);
    for (QLabel *v : std::as_const(mCounterValues))
        sized(v, 0.075, true);
    for (QLabel *l : std::as_const(mCounterLabels))
        sized(l, 0.022, false);
    sized(mPanelTitle, 0.03, true);
    for (WallRanking *r : std::as_const(mRankings))
        sized(r, 0.026, false);
    sized(mTicker, 0.03, false);
    mTicker->setFixedHeight(int(h * 0.06));
    layout()->setContentsMargins(h / 80, h / 80, h / 80, h / 80);
    layout()->setSpacing(h / 100);
}

void WallConsole::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    scaleFonts();
}

void WallConsole::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        close();
        return;
    }
    QWidget::keyPressEvent(event);
}

void WallConsole::updateClock()
{
    mClock->setText(CaseFormat::clock(QDateTime::currentDateTimeUtc()));
}

void WallConsole::refresh()
{
    if (mLoading) {
        mReloadPending = true;
        return;
    }
    mLoading = true;
    auto work = [actor = mActor, directory = mDirectory, previous = mFigures](Session &session) {
        return readFigures(session, actor, directory, previous);
    };
    whenFinished(mSession->run(std::move(work)), this, [this](Result<WallFigures> figures) {
        mLoading = false;
        if (figures) {
            mFigures = *figures;
            mFiguresLoaded = true;
            showFigures();
            checkReady();
        }
        if (std::exchange(mReloadPending, false))
            refresh();
    });
    loadMap();
}

void WallConsole::loadMap()
{
    CaseQuery query = CaseQueueModel::scopeQuery(mActor);
    query.states = openStates();
    const bool withGrids = !mGrids;
    whenFinished(
        mSession->run(
            [query, withGrids](Session &session)
                -> Result<std::pair<std::shared_ptr<const GridData>, std::shared_ptr<const CasePoints>>> {
                std::shared_ptr<const GridData> grids;
                if (withGrids) {
                    auto g = MapData::readGrids(session);
                    if (!g)
                        return g.error();
                    grids = *g;
                }
                auto cases = MapData::readCases(session, query);
                if (!cases)
                    return cases.error();
                return std::pair{grids, *cases};
            }),
        this, [this](auto result) {
            if (!result)
                return;
            if (result->first) {
                mGrids = result->first;
                mBoundaries->setData(mGrids);
                mChoropleth->setGrids(mGrids);
                mMap->setGridData(mGrids);
            }
            mCases = result->second;
            mCaseLayer->setData(mCases);
            mChoropleth->setCases(mCases);
            mMap->setCasePoints(mCases);
            if (!mMapLoaded) {
                mMapLoaded = true;
                // The actor's own district or street fills the map; the city for the city tier.
                const QString code = mActor.jurisdiction.text();
                const MapRegion *own = nullptr;
                for (const MapRegion &r : mGrids->regions()) {
                    if (!code.isEmpty() && r.code == code)
                        own = &r;
                }
                if (own) {
                    const QRectF b = own->bounds;
                    mMap->setExtent(b.adjusted(-b.width() * 0.03, -b.height() * 0.03, b.width() * 0.03,
                                               b.height() * 0.03));
                } else {
                    mMap->zoomToFullExtent();
                }
            }
        });
}

void WallConsole::showFigures()
{
    const int values[] = {mFigures.reportedToday, mFigures.filedToday, mFigures.dispatchedToday,
                          mFigures.closedToday, mFigures.overdueNow};
    for (int i = 0; i < 5; ++i)
        mCounterValues[i]->setText(QLocale().toString(values[i]));
    mRankings[0]->setRows(mFigures.byStreet);
    mRankings[1]->setRows(mFigures.byUnit);
    mRankings[2]->setRows(mFigures.hotClasses);
    mTicker->setLines(mFigures.keySupervision);
}

bool WallConsole::isReady() const
{
    return mFiguresLoaded && mMapLoaded && mMap->hasImage() && !mMap->isRendering();
}

void WallConsole::checkReady()
{
    if (!mReadySent && isReady()) {
        mReadySent = true;
        Q_EMIT ready();
    }
}

Result<WallFigures> WallConsole::readFigures(Session &session, const Actor &actor,
                                             std::shared_ptr<const CaseDirectory> directory,
                                             const WallFigures &previous)
{
    SqlStore &store = session.store();
    const QDateTime now = session.clock().now();
    const QDateTime today = startOfTodayUtc(now);
    const CaseQuery scope = CaseQueueModel::scopeQuery(actor);
    WallFigures f;
    f.day = today.toOffsetFromUtc(8 * 3600).date();

    CaseQuery q = scope;
    q.now = now;
    q.reportedFrom = today;
    auto reported = store.countByState(q);
    if (!reported)
        return reported.error();
    f.reportedToday = sumOf(*reported);
    q = scope;
    q.now = now;
    q.overdueOnly = true;
    auto overdue = store.countByState(q);
    if (!overdue)
        return overdue.error();
    f.overdueNow = sumOf(*overdue);

    // Closed today: the cases' closing times.
    StatisticsFilter day;
    day.from = today;
    day.to = today.addDays(1);
    day.scope = actor.jurisdiction;
    if (actor.role != Role::UnitHandler) {
        auto days = CaseStatistics(store, &session.catalogue()).dailyCounts(day);
        if (!days)
            return days.error();
        f.closedToday = days->isEmpty() ? 0 : days->constFirst().closed;
    }

    // Filed and dispatched today: the change feed since midnight. The feed is written in commit order, so its
    // first entry of the day is found by bisection once; each refresh then reads on from the last entry seen.
    // (A store whose history was generated in bulk, like the demo city's, has older entries among today's;
    // those are skipped, but entries of today before the bisection point are missed.)
    qint64 from = -1;
    if (previous.day == f.day && previous.lastChangeId >= 0) {
        from = previous.lastChangeId;
        f.filedToday = previous.filedToday;
        f.dispatchedToday = previous.dispatchedToday;
    } else {
        qint64 lo = 0, hi = 1;
        for (;;) { // an upper bound: no entry after hi
            auto probe = store.changesSince(hi, 1);
            if (!probe)
                return probe.error();
            if (probe->isEmpty())
                break;
            lo = hi;
            hi *= 2;
        }
        lo = 0;
        while (lo < hi) { // the last id before today's first entry
            const qint64 mid = lo + (hi - lo) / 2;
            auto probe = store.changesSince(mid, 1);
            if (!probe)
                return probe.error();
            if (probe->isEmpty() || probe->constFirst().at >= today)
                hi = mid;
            else
                lo = mid + 1;
        }
        from = lo;
    }
    for (;;) {
        auto changes = store.changesSince(from, FeedChunk);
        if (!changes)
            return changes.error();
        for (const ChangeEntry &c : *changes) {
            from = c.id;
            if (c.at < today || (c.action != Action::File && c.action != Action::Dispatch))
                continue;
            auto record = store.findCase(c.caseId);
            if (!record)
                continue; // outside the login's scope on a shared store
            const bool inScope =
                actor.role == Role::UnitHandler
                    ? record->unitId == actor.unitId
                    : actor.jurisdiction.isNull() || actor.jurisdiction.covers(record->community);
            if (!inScope)
                continue;
            if (c.action == Action::File)
                ++f.filedToday;
            else
                ++f.dispatchedToday;
        }
        if (changes->size() < FeedChunk)
            break;
    }
    f.lastChangeId = from;

    // Open cases per street and per unit: one count each (indexed), not a scan of the cases.
    const QList<CaseState> open = openStates();
    QHash<QString, int> streets, units;
    for (const Jurisdiction &j : directory->jurisdictions()) {
        if (j.code.level() != JurisdictionLevel::Street ||
            (!actor.jurisdiction.isNull() && !actor.jurisdiction.covers(j.code) &&
             !j.code.covers(actor.jurisdiction)))
            continue;
        q = scope;
        q.now = now;
        q.states = open;
        q.statesInCounts = true;
        q.place = j.code;
        auto n = store.countByState(q);
        if (!n)
            return n.error();
        streets.insert(j.name, sumOf(*n));
    }
    for (const ResponsibleUnit &u : directory->units()) {
        if (!actor.jurisdiction.isNull() && !actor.jurisdiction.covers(u.jurisdiction) &&
            !u.jurisdiction.covers(actor.jurisdiction))
            continue;
        q = scope;
        q.now = now;
        q.states = open;
        q.statesInCounts = true;
        q.filterUnitId = u.id;
        auto n = store.countByState(q);
        if (!n)
            return n.error();
        units[u.name] += sumOf(*n);
    }
    f.byStreet = topOf(streets);
    f.byUnit = topOf(units);

    // Hot classes: the cases of the last 7 days, paged through.
    QHash<QString, int> classes;
    q = scope;
    q.now = now;
    q.reportedFrom = today.addDays(-6);
    q.limit = 5000;
    for (;;) {
        auto page = store.casePage(q);
        if (!page)
            return page.error();
        for (const CaseRecord &c : page->rows) {
            const QString name = directory->className(c.classKey);
            ++classes[name.isEmpty() ? c.classKey.toString() : name];
        }
        if (!page->next)
            break;
        q.after = page->next;
    }
    f.hotClasses = topOf(classes);

    // The ticker: the newest open key-supervision cases.
    q = scope;
    q.now = now;
    q.states = open;
    q.keySupervision = true;
    q.limit = 12;
    auto key = store.casePage(q);
    if (!key)
        return key.error();
    for (const CaseRecord &c : key->rows) {
        const QString name = directory->className(c.classKey);
        f.keySupervision.append(u"%1 %2 · %3 · %4"_s.arg(CaseFormat::shortDateTime(c.reportedAt), c.number,
                                                         name.isEmpty() ? c.classKey.toString() : name,
                                                         directory->placeName(c)));
    }
    return f;
}

} // namespace cg
