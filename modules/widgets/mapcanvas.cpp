#include "widgets/mapcanvas.h"

#include "map/maplayer.h"
#include "map/maprenderjob.h"
#include "map/mapstyle.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr int RefreshMergeMs = 40;   // refresh requests within this time give one render
constexpr int PanRenderMs = 150;     // while dragging, a render this often
constexpr int ClickSlopPixels = 4;   // a press and release closer than this is a click
constexpr qint64 DirectBelowMs = 25; // after a render this fast, the next one draws all layers in one image
const QColor Background(0xf4, 0xf2, 0xee);

} // namespace

MapCanvas::MapCanvas(QWidget *parent)
    : QWidget(parent)
    , mRefreshTimer(new QTimer(this))
{
    setObjectName(u"mapCanvas"_s);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
    mRefreshTimer->setSingleShot(true);
    mRefreshTimer->setInterval(RefreshMergeMs);
    connect(mRefreshTimer, &QTimer::timeout, this, &MapCanvas::startRender);
}

MapCanvas::~MapCanvas()
{
    if (mJob)
        mJob->cancel();
}

void MapCanvas::setLayers(const QList<MapLayer *> &layers)
{
    for (const QPointer<MapLayer> &layer : std::as_const(mLayers)) {
        if (layer)
            disconnect(layer, nullptr, this, nullptr);
    }
    mLayers.clear();
    for (MapLayer *layer : layers) {
        mLayers.append(layer);
        connect(layer, &MapLayer::repaintRequested, this, &MapCanvas::refresh);
    }
    refresh();
}

QList<MapLayer *> MapCanvas::layers() const
{
    QList<MapLayer *> list;
    for (const QPointer<MapLayer> &layer : mLayers) {
        if (layer)
            list.append(layer);
    }
    return list;
}

void MapCanvas::setGridData(std::shared_ptr<const GridData> grids)
{
    mGrids = std::move(grids);
    mHoverCell = -1;
    mSelectedCell = -1;
    if (!mHasView && mGrids && !mGrids->isEmpty())
        zoomToFullExtent();
    update();
}

void MapCanvas::setCasePoints(std::shared_ptr<const CasePoints> cases)
{
    mCases = std::move(cases);
    update();
}

MapSettings MapCanvas::settings() const
{
    MapSettings s(mCenter, mResolution, size());
    s.setDevicePixelRatio(devicePixelRatioF());
    return s;
}

void MapCanvas::setResolution(double resolution)
{
    mResolution = std::clamp(resolution, mFinest, mCoarsest);
}

void MapCanvas::setExtent(const QRectF &projected)
{
    MapSettings s = settings();
    s.setExtent(projected);
    mCenter = s.center();
    setResolution(s.resolution());
    mHasView = true;
    viewChanged();
}

void MapCanvas::setCenter(const QPointF &projected)
{
    mCenter = projected;
    mHasView = true;
    viewChanged();
}

void MapCanvas::zoomBy(double factor, const QPointF &pixel)
{
    MapSettings s = settings();
    s.zoomAt(pixel, factor);
    const double before = mResolution;
    setResolution(s.resolution());
    if (mResolution == s.resolution())
        mCenter = s.center();
    if (mResolution != before || mCenter != s.center())
        viewChanged();
}

void MapCanvas::zoomToFullExtent()
{
    if (!mGrids || mGrids->isEmpty())
        return;
    const QRectF e = mGrids->extent();
    setExtent(e.adjusted(-e.width() * 0.03, -e.height() * 0.03, e.width() * 0.03, e.height() * 0.03));
}

void MapCanvas::setResolutionRange(double finest, double coarsest)
{
    mFinest = finest;
    mCoarsest = coarsest;
    setResolution(mResolution);
}

void MapCanvas::viewChanged()
{
    update();
    Q_EMIT extentChanged();
    if (mDrag == Drag::Pan) {
        if (!mRefreshTimer->isActive())
            mRefreshTimer->start(PanRenderMs);
    } else {
        refresh();
    }
}

void MapCanvas::refresh()
{
    mRefreshTimer->start(RefreshMergeMs); // restarts: a burst gives one render
}

bool MapCanvas::isRendering() const
{
    return mRefreshTimer->isActive() || (mJob && mJob->isActive());
}

void MapCanvas::startRender()
{
    if (size().isEmpty())
        return;
    if (mJob) {
        mJob->cancel(); // never waits: the workers finish on their own and their results are dropped
        mJob->disconnect(this);
        mJob->deleteLater();
        mJob = nullptr;
    }
    const MapSettings s = settings();
    if (!s.isValid())
        return;
    // Light views (the last render was quick) are drawn directly into one image, cut into bands rendered in
    // parallel; heavy ones layer by layer with the per-layer cache, so that a changed layer is the only one
    // drawn again.
    const bool light = mLastRenderMs > 0 && mLastRenderMs <= DirectBelowMs;
    mJob = new MapRenderJob(s, layers(), &mCache, this,
                            light ? MapRenderJob::Mode::Direct : MapRenderJob::Mode::PerLayer);
    connect(mJob, &MapRenderJob::layerRendered, this, [this] { update(); });
    connect(mJob, &MapRenderJob::finished, this, &MapCanvas::jobFinished);
    mJob->start();
}

void MapCanvas::jobFinished()
{
    MapRenderJob *job = mJob;
    mJob = nullptr;
    mImage = job->image();
    mImageSettings = job->settings();
    mLastRenderMs = job->elapsedMs();
    job->deleteLater();
    update();
    Q_EMIT renderFinished(mLastRenderMs);
}

void MapCanvas::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), Background);
    const MapSettings s = settings();
    const bool jobForThisView = mJob && mJob->settings() == s;
    // A job for this very view that has been running a while (or a first frame) shows its finished layers;
    // otherwise the last image, moved and scaled to the current view.
    if (jobForThisView && (mImage.isNull() || mJob->renderedLayerCount() + mJob->cachedLayerCount() > 0) &&
        (mImage.isNull() || !(mImageSettings.outputSize() == s.outputSize()))) {
        for (const MapRenderJob::LayerImage &layer : mJob->partialImages()) {
            painter.setOpacity(layer.opacity);
            painter.drawImage(QPointF(0, 0), layer.image);
        }
        painter.setOpacity(1.0);
    } else if (!mImage.isNull()) {
        if (mImageSettings == s) {
            painter.drawImage(QPointF(0, 0), mImage);
        } else {
            painter.save();
            painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
            painter.setTransform(s.pixelTransformFrom(mImageSettings));
            painter.drawImage(QPointF(0, 0), mImage);
            painter.restore();
        }
    }
    paintOverlays(painter, s);
    paintMeasure(painter, s);
    paintScaleBar(painter, s);
    if (mDrag == Drag::Box) {
        painter.setPen(QPen(QColor(0x1f, 0x6f, 0xc5), 1.5, Qt::DashLine));
        painter.setBrush(QColor(0x1f, 0x6f, 0xc5, 40));
        painter.drawRect(QRect(mPressPos, mLastPos).normalized());
    }
}

void MapCanvas::paintOverlays(QPainter &painter, const MapSettings &s)
{
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QTransform toPixel = s.mapToPixel();
    if (mGrids && mHoverCell >= 0 && mHoverCell < int(mGrids->size()) && mHoverCell != mSelectedCell) {
        painter.setPen(QPen(QColor(0x1f, 0x6f, 0xc5, 200), 2.0));
        painter.setBrush(QColor(0x1f, 0x6f, 0xc5, 30));
        painter.drawPolygon(toPixel.map(mGrids->ring(mHoverCell)));
    }
    if (mGrids && mSelectedCell >= 0 && mSelectedCell < int(mGrids->size())) {
        const QPolygonF ring = toPixel.map(mGrids->ring(mSelectedCell));
        painter.setPen(QPen(QColor(255, 255, 255, 230), 5.0));
        painter.setBrush(Qt::NoBrush);
        painter.drawPolygon(ring);
        painter.setPen(QPen(QColor(0x00, 0xa8, 0xc8), 2.5));
        painter.setBrush(QColor(0x00, 0xa8, 0xc8, 45));
        painter.drawPolygon(ring);
        // Far out, a cell is a dot: mark it with a ring too.
        if (ring.boundingRect().width() < 12) {
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(ring.boundingRect().center(), 12, 12);
        }
    }
    if (mSelectedCase != 0) {
        const QPointF at = s.toPixel(mSelectedCasePos);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(255, 255, 255, 230), 5.0));
        painter.drawEllipse(at, 13, 13);
        painter.setPen(QPen(QColor(0xc8, 0x10, 0x60), 2.5));
        painter.drawEllipse(at, 13, 13);
        painter.drawLine(at + QPointF(-20, 0), at + QPointF(-15, 0));
        painter.drawLine(at + QPointF(15, 0), at + QPointF(20, 0));
        painter.drawLine(at + QPointF(0, -20), at + QPointF(0, -15));
        painter.drawLine(at + QPointF(0, 15), at + QPointF(0, 20));
    }
}

std::pair<double, double> MapCanvas::scaleBarLength(double groundMetresPerPixel, double maxPixels)
{
    const double maxMetres = groundMetresPerPixel * maxPixels;
    double metres = std::pow(10.0, std::floor(std::log10(maxMetres)));
    for (double step : {5.0, 2.0, 1.0}) {
        if (metres * step <= maxMetres) {
            metres *= step;
            break;
        }
    }
    return {metres, metres / groundMetresPerPixel};
}

void MapCanvas::paintScaleBar(QPainter &painter, const MapSettings &s)
{
    const auto [metres, pixels] = scaleBarLength(s.groundResolution(), 140);
    const QString text = metres >= 1000 ? tr("%1 km").arg(metres / 1000.0) : tr("%1 m").arg(metres);
    const QPointF origin(14, height() - 16);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 255, 255, 190));
    const QFontMetrics fm(font());
    painter.drawRect(QRectF(origin.x() - 6, origin.y() - fm.height() - 10,
                            std::max(pixels, double(fm.horizontalAdvance(text))) + 12, fm.height() + 18));
    painter.setPen(QPen(QColor(40, 40, 40), 2));
    painter.drawLine(origin, origin + QPointF(pixels, 0));
    painter.drawLine(origin, origin + QPointF(0, -6));
    painter.drawLine(origin + QPointF(pixels, 0), origin + QPointF(pixels, -6));
    painter.drawText(origin + QPointF(0, -8), text);
}

void MapCanvas::resizeEvent(QResizeEvent *)
{
    if (!mHasView && mGrids && !mGrids->isEmpty())
        zoomToFullExtent();
    refresh();
}

void MapCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    mPressPos = mLastPos = event->position().toPoint();
    mPressCenter = mCenter;
    mMoved = false;
    mDrag = (event->modifiers() & Qt::ShiftModifier) ? Drag::Box : Drag::Pan;
}

void MapCanvas::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (mDrag != Drag::None) {
        if ((pos - mPressPos).manhattanLength() > ClickSlopPixels)
            mMoved = true;
        mLastPos = pos;
        if (mDrag == Drag::Pan && mMoved) {
            const QPoint delta = pos - mPressPos;
            mCenter = mPressCenter + QPointF(-delta.x() * mResolution, delta.y() * mResolution);
            setCursor(Qt::ClosedHandCursor);
            viewChanged();
        } else {
            update();
        }
        return;
    }
    if (mMeasuring) {
        mMeasureHover = settings().toMap(event->position());
        mHasMeasureHover = true;
        update();
    }
    if (mGrids) {
        const int cell = mGrids->cellAt(settings().toMap(event->position()));
        if (cell != mHoverCell) {
            mHoverCell = cell;
            update();
        }
    }
}

void MapCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || mDrag == Drag::None)
        return;
    const Drag drag = mDrag;
    mDrag = Drag::None;
    setCursor(mMeasuring ? Qt::CrossCursor : Qt::ArrowCursor);
    if (!mMoved && mMeasuring) {
        if (mMeasureDone) {
            mMeasure.clear();
            mMeasureDone = false;
        }
        mMeasure.append(settings().toMap(event->position()));
        update();
        Q_EMIT measured(measuredLength());
        return;
    }
    if (!mMoved) {
        const qint64 caseId = caseNear(event->position(), 8);
        const MapIdentifyResult result = identify(event->position());
        selectGrid(result.cell);
        if (caseId != 0) {
            const int i = mCases->indexOfId(caseId);
            showCase(caseId, mCases->position(i));
            Q_EMIT caseClicked(caseId);
        }
        Q_EMIT gridIdentified(result);
        return;
    }
    if (drag == Drag::Box) {
        const QRect box = QRect(mPressPos, mLastPos).normalized();
        const MapSettings s = settings();
        if (box.width() > 8 && box.height() > 8)
            setExtent(QRectF(s.toMap(box.bottomLeft()), s.toMap(box.topRight())).normalized());
        update();
        return;
    }
    refresh();
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (mMeasuring && event->button() == Qt::LeftButton) {
        mMeasureDone = true; // the next click starts a new line
        update();
        return;
    }
    QWidget::mouseDoubleClickEvent(event);
}

void MapCanvas::setMeasuring(bool on)
{
    mMeasuring = on;
    mMeasure.clear();
    mMeasureDone = false;
    mHasMeasureHover = false;
    setCursor(on ? Qt::CrossCursor : Qt::ArrowCursor);
    update();
}

double MapCanvas::groundDistance(const QPointF &a, const QPointF &b)
{
    const QPointF p = WebMercator::toLonLat(a), q = WebMercator::toLonLat(b);
    const double rad = M_PI / 180.0;
    const double dLat = (q.y() - p.y()) * rad, dLon = (q.x() - p.x()) * rad;
    const double h = std::sin(dLat / 2) * std::sin(dLat / 2) +
                     std::cos(p.y() * rad) * std::cos(q.y() * rad) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2.0 * 6371008.8 * std::asin(std::min(1.0, std::sqrt(h))); // mean Earth radius
}

double MapCanvas::measuredLength() const
{
    double metres = 0;
    for (int i = 1; i < mMeasure.size(); ++i)
        metres += groundDistance(mMeasure[i - 1], mMeasure[i]);
    return metres;
}

void MapCanvas::paintMeasure(QPainter &painter, const MapSettings &s)
{
    if (!mMeasuring || mMeasure.isEmpty())
        return;
    QPolygonF line;
    for (const QPointF &p : std::as_const(mMeasure))
        line.append(s.toPixel(p));
    double metres = measuredLength();
    if (!mMeasureDone && mHasMeasureHover) {
        line.append(s.toPixel(mMeasureHover));
        metres += groundDistance(mMeasure.last(), mMeasureHover);
    }
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(QColor(255, 255, 255, 220), 5.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPolyline(line);
    painter.setPen(QPen(QColor(0xd0, 0x40, 0x00), 2.0, Qt::DashLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPolyline(line);
    painter.setBrush(QColor(0xd0, 0x40, 0x00));
    for (const QPointF &p : std::as_const(line))
        painter.drawEllipse(p, 3, 3);
    const QString text =
        metres >= 1000 ? tr("%1 km").arg(metres / 1000.0, 0, 'f', 2) : tr("%1 m").arg(metres, 0, 'f', 0);
    const QPointF at = line.last() + QPointF(10, -10);
    const QFontMetrics fm(font());
    const QRectF box(at.x() - 4, at.y() - fm.ascent() - 3, fm.horizontalAdvance(text) + 8, fm.height() + 6);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 255, 255, 230));
    painter.drawRoundedRect(box, 3, 3);
    painter.setPen(QColor(0x60, 0x20, 0x00));
    painter.drawText(at, text);
}

void MapCanvas::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    zoomBy(std::pow(1.6, steps), event->position());
    event->accept();
}

void MapCanvas::keyPressEvent(QKeyEvent *event)
{
    const QPointF centre(width() / 2.0, height() / 2.0);
    const double stepX = width() / 4.0 * mResolution, stepY = height() / 4.0 * mResolution;
    switch (event->key()) {
    case Qt::Key_Left:
        setCenter(mCenter - QPointF(stepX, 0));
        break;
    case Qt::Key_Right:
        setCenter(mCenter + QPointF(stepX, 0));
        break;
    case Qt::Key_Up:
        setCenter(mCenter + QPointF(0, stepY));
        break;
    case Qt::Key_Down:
        setCenter(mCenter - QPointF(0, stepY));
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(2.0, centre);
        break;
    case Qt::Key_Minus:
        zoomBy(0.5, centre);
        break;
    case Qt::Key_Home:
        zoomToFullExtent();
        break;
    case Qt::Key_Escape:
        if (mMeasuring && !mMeasure.isEmpty()) {
            mMeasure.clear();
            update();
            Q_EMIT measured(0);
            break;
        }
        selectGrid(-1);
        selectCase(0);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void MapCanvas::leaveEvent(QEvent *event)
{
    if (mHoverCell >= 0) {
        mHoverCell = -1;
        update();
    }
    QWidget::leaveEvent(event);
}

bool MapCanvas::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString tip = mapTip(help->pos());
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(event);
}

void MapCanvas::selectGrid(int cell)
{
    if (cell == mSelectedCell)
        return;
    mSelectedCell = cell;
    update();
}

void MapCanvas::selectCase(qint64 caseId)
{
    mSelectedCase = caseId;
    if (caseId != 0 && mCases) {
        const int i = mCases->indexOfId(caseId);
        if (i >= 0)
            mSelectedCasePos = mCases->position(i);
    }
    update();
}

bool MapCanvas::showGrid(const QString &code)
{
    if (!mGrids)
        return false;
    bool ok = false;
    const qint64 number = code.trimmed().toLongLong(&ok);
    const int cell = ok ? mGrids->cellOfCode(number) : -1;
    if (cell < 0)
        return false;
    const QRectF box = mGrids->cellBounds(cell);
    const QPointF c = box.center();
    const double half = std::max(box.width(), box.height()) * 4;
    setExtent(QRectF(c.x() - half, c.y() - half, 2 * half, 2 * half));
    selectGrid(cell);
    return true;
}

void MapCanvas::showCase(qint64 caseId, const QPointF &projected)
{
    mSelectedCase = caseId;
    mSelectedCasePos = projected;
    // Far out, come close enough to see the case among its neighbours (a street view, ~2 m/px).
    if (mResolution > 8)
        setResolution(4);
    if (mGrids)
        selectGrid(mGrids->cellAt(projected));
    setCenter(projected);
}

qint64 MapCanvas::caseNear(const QPointF &pixel, double radius) const
{
    if (!mCases)
        return 0;
    const MapSettings s = settings();
    const QPointF p = s.toMap(pixel);
    const double r = radius * mResolution;
    qint64 best = 0;
    double bestD = r * r;
    int bestRank = -1;
    mCases->forEachIn(QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r), [&](int i) {
        const uint8_t f = mCases->flags(i);
        if (!(f & CasePoints::Open))
            return;
        const QPointF q = mCases->position(i);
        const double d = (q.x() - p.x()) * (q.x() - p.x()) + (q.y() - p.y()) * (q.y() - p.y());
        const int rank = (f & CasePoints::Overdue) ? 2 : (f & CasePoints::KeySupervision) ? 1 : 0;
        if (d <= r * r && (rank > bestRank || (rank == bestRank && d < bestD))) {
            best = mCases->id(i);
            bestD = d;
            bestRank = rank;
        }
    });
    return best;
}

MapIdentifyResult MapCanvas::identify(const QPointF &pixel) const
{
    MapIdentifyResult result;
    if (!mGrids)
        return result;
    result.cell = mGrids->cellAt(settings().toMap(pixel));
    if (result.cell < 0)
        return result;
    const GridData &g = *mGrids;
    result.gridCode = g.codeText(result.cell);
    const int community = g.community(result.cell);
    result.community = g.communityRegion(community).name;
    if (const MapRegion *street = g.streetOf(community))
        result.street = street->name;
    if (const MapRegion *district = g.districtOf(community))
        result.district = district->name;
    if (mCases) {
        const qint64 code = g.code(result.cell);
        mCases->forEachIn(g.cellBounds(result.cell), [&](int i) {
            if (mCases->grid(i) != code)
                return;
            result.caseIds.append(mCases->id(i));
            if (mCases->flags(i) & CasePoints::Open)
                ++result.openCases;
        });
    }
    return result;
}

QString MapCanvas::mapTip(const QPointF &pixel) const
{
    const MapIdentifyResult r = identify(pixel);
    if (!r.isValid())
        return {};
    QString place = r.community;
    if (!r.street.isEmpty())
        place = r.street + u" / "_s + place;
    if (!r.district.isEmpty())
        place = r.district + u" / "_s + place;
    QString tip = tr("<b>Unit grid %1</b><br>%2<br>Open cases: %3")
                      .arg(r.gridCode, place.toHtmlEscaped())
                      .arg(r.openCases);
    if (caseNear(pixel, 8) != 0)
        tip += u"<br>"_s + tr("Click to open the case under the pointer.");
    return tip;
}

} // namespace cg
