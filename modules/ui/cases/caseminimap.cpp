#include "ui/cases/caseminimap.h"

#include "map/caselayer.h"
#include "map/gridlayer.h"
#include "map/maprenderjob.h"
#include "map/mapstyle.h"

#include <QPainter>
#include <QPainterPath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

// The case's own grid and symbol over the others, and a scale bar.
class FocusRenderer : public LayerRenderer
{
public:
    FocusRenderer(QPolygonF ring, std::optional<QPointF> position, QColor colour)
        : mRing(std::move(ring))
        , mPosition(position)
        , mColour(std::move(colour))
    {}

    void render(QImage &image, const RenderContext &context) override
    {
        const MapSettings &s = context.settings;
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        if (!mRing.isEmpty()) {
            const QPolygonF pixels = s.mapToPixel().map(mRing);
            p.setPen(QPen(QColor(0xe6, 0x51, 0x00), 2.5));
            p.setBrush(QColor(0xff, 0x98, 0x00, 50));
            p.drawPolygon(pixels);
        }
        if (mPosition) {
            const QPointF at = s.toPixel(*mPosition);
            // A pin: its point on the place, so that nothing hides the spot itself.
            QPainterPath pin;
            pin.moveTo(at);
            pin.cubicTo(at + QPointF(-4, -8), at + QPointF(-9, -13), at + QPointF(-9, -19));
            pin.arcTo(QRectF(at.x() - 9, at.y() - 28, 18, 18), 180, -180);
            pin.cubicTo(at + QPointF(9, -13), at + QPointF(4, -8), at);
            p.setPen(QPen(Qt::white, 2));
            p.setBrush(mColour);
            p.drawPath(pin);
            p.setBrush(Qt::white);
            p.setPen(Qt::NoPen);
            p.drawEllipse(QPointF(at.x(), at.y() - 19), 3.5, 3.5);
        }
        // Scale bar of 50 m (ground) at the bottom left.
        const double groundPerPixel = s.groundResolution();
        if (groundPerPixel > 0) {
            const double px = 50.0 / groundPerPixel;
            const QPointF origin(10, image.height() / image.devicePixelRatio() - 10);
            p.setPen(QPen(QColor(40, 40, 40), 2));
            p.drawLine(origin, origin + QPointF(px, 0));
            p.drawLine(origin, origin + QPointF(0, -5));
            p.drawLine(origin + QPointF(px, 0), origin + QPointF(px, -5));
            QFont font = p.font();
            font.setPointSizeF(7.5);
            p.setFont(font);
            p.drawText(QRectF(origin.x(), origin.y() - 18, px, 12), Qt::AlignCenter, u"50 m"_s);
        }
    }

private:
    QPolygonF mRing;
    std::optional<QPointF> mPosition;
    QColor mColour;
};

class FocusLayer : public MapLayer
{
public:
    explicit FocusLayer(QObject *parent = nullptr)
        : MapLayer(u"caseFocus"_s, parent)
    {}

    void setFocus(QPolygonF ring, std::optional<QPointF> position, QColor colour)
    {
        mRing = std::move(ring);
        mPosition = position;
        mColour = std::move(colour);
        triggerRepaint();
    }

    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &) override
    {
        return std::make_unique<FocusRenderer>(mRing, mPosition, mColour);
    }
    bool rendersInBands() const override { return false; }

private:
    QPolygonF mRing;
    std::optional<QPointF> mPosition;
    QColor mColour;
};

// Projected ring of the focus cell and projected position of the case.
void focusOf(const CaseMapData &data, QPolygonF *ring, std::optional<QPointF> *position)
{
    ring->clear();
    position->reset();
    if (data.grids && data.focusGrid > 0) {
        const int cell = data.grids->cellOfCode(data.focusGrid);
        if (cell >= 0)
            *ring = data.grids->ring(cell);
    }
    if (!data.position.isNull())
        *position = WebMercator::fromLonLat(data.position);
}

MapSettings viewOf(const CaseMapData &data, const QSize &size)
{
    QPolygonF ring;
    std::optional<QPointF> position;
    focusOf(data, &ring, &position);
    if (size.isEmpty() || (ring.isEmpty() && !position))
        return {};
    const QPointF centre = position ? *position : ring.boundingRect().center();
    const double lat = WebMercator::toLonLat(centre).y();
    const double resolution =
        CaseMiniMap::ViewMetres / std::max(1, size.width()) / WebMercator::groundScale(lat);
    return MapSettings(centre, resolution, size);
}

} // namespace

CaseMiniMap::CaseMiniMap(QWidget *parent)
    : QWidget(parent)
    , mGridLayer(new GridLayer(this))
    , mCaseLayer(new CaseLayer(this))
    , mFocusLayer(new FocusLayer(this))
{
    setObjectName(u"miniMap"_s);
    setMinimumSize(200, 150);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    mCaseLayer->setShowClosed(true);
}

CaseMiniMap::~CaseMiniMap()
{
    if (mJob)
        mJob->cancel();
}

bool CaseMiniMap::isRendering() const
{
    return mJob && mJob->isActive();
}

MapSettings CaseMiniMap::settingsFor(const QSize &size) const
{
    return viewOf(mData, size);
}

void CaseMiniMap::setData(const CaseMapData &mapData, CaseState state)
{
    mData = mapData;
    mState = state;
    mGridLayer->setData(mapData.grids ? mapData.grids : GridData::Builder().build());
    mCaseLayer->setData(mapData.cases ? mapData.cases : CasePoints::Builder().build());
    QPolygonF ring;
    std::optional<QPointF> position;
    focusOf(mapData, &ring, &position);
    static_cast<FocusLayer *>(mFocusLayer)->setFocus(ring, position, MapStyle::caseColour(uint8_t(state)));
    render();
}

void CaseMiniMap::clear()
{
    if (mJob)
        mJob->cancel();
    mData = {};
    mImage = {};
    update();
}

void CaseMiniMap::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (size() != mImageSize)
        render();
}

void CaseMiniMap::render()
{
    if (mJob) {
        mJob->cancel();
        mJob->deleteLater();
    }
    MapSettings settings = viewOf(mData, size());
    if (!settings.isValid()) {
        mImage = {};
        update();
        return;
    }
    settings.setDevicePixelRatio(devicePixelRatioF());
    mImageSize = size();
    auto *job = new MapRenderJob(settings, {mGridLayer, mCaseLayer, mFocusLayer}, nullptr, this);
    mJob = job;
    connect(job, &MapRenderJob::finished, this, [this, job] {
        if (job != mJob)
            return;
        mImage = job->image();
        job->deleteLater();
        update();
        Q_EMIT rendered();
    });
    job->start();
}

void CaseMiniMap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(0xf4, 0xf1, 0xea));
    if (!mImage.isNull()) {
        p.drawImage(QPointF(0, 0), mImage);
    } else {
        p.setPen(palette().color(QPalette::PlaceholderText));
        const bool located = !mData.position.isNull() || mData.focusGrid > 0;
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   located ? tr("Drawing the map…") : tr("The case has no position."));
    }
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(rect().adjusted(0, 0, -1, -1));
}

QImage CaseMiniMap::renderImage(const CaseMapData &mapData, CaseState state, const QSize &size)
{
    const MapSettings settings = viewOf(mapData, size);
    if (!settings.isValid())
        return {};
    GridLayer grids;
    grids.setData(mapData.grids ? mapData.grids : GridData::Builder().build());
    CaseLayer cases;
    cases.setShowClosed(true);
    cases.setData(mapData.cases ? mapData.cases : CasePoints::Builder().build());
    FocusLayer focus;
    QPolygonF ring;
    std::optional<QPointF> position;
    focusOf(mapData, &ring, &position);
    focus.setFocus(ring, position, MapStyle::caseColour(uint8_t(state)));
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(QColor(0xf4, 0xf1, 0xea));
    QPainter p(&image);
    p.drawImage(0, 0, MapRenderJob::renderNow(settings, {&grids, &cases, &focus}));
    return image;
}

} // namespace cg
