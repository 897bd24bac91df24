#include "ui/cases/photoviewer.h"

#include <QGraphicsPixmapItem>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

PhotoView::PhotoView(QWidget *parent)
    : QGraphicsView(parent)
    , mItem(new QGraphicsPixmapItem)
{
    setObjectName(u"photoView"_s);
    setScene(new QGraphicsScene(this));
    scene()->addItem(mItem);
    mItem->setTransformationMode(Qt::SmoothTransformation);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setBackgroundBrush(QColor(0x30, 0x30, 0x30));
    setAlignment(Qt::AlignCenter);
}

void PhotoView::setImage(const QImage &image)
{
    mItem->setPixmap(QPixmap::fromImage(image));
    scene()->setSceneRect(mItem->boundingRect());
    fit();
}

void PhotoView::fit()
{
    mFitting = true;
    if (!mItem->pixmap().isNull())
        fitInView(mItem, Qt::KeepAspectRatio);
    Q_EMIT zoomChanged(zoom());
}

void PhotoView::actualSize()
{
    mFitting = false;
    resetTransform();
    Q_EMIT zoomChanged(zoom());
}

void PhotoView::zoomBy(double factor)
{
    const double target = zoom() * factor;
    if (target < 0.02 || target > 16)
        return;
    mFitting = false;
    scale(factor, factor);
    Q_EMIT zoomChanged(zoom());
}

double PhotoView::zoom() const
{
    return transform().m11();
}

void PhotoView::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(1.25, delta / 120.0));
    event->accept();
}

void PhotoView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (mFitting)
        fit();
}

PhotoViewer::PhotoViewer(QWidget *parent)
    : QDialog(parent)
    , mView(new PhotoView(this))
    , mCaption(new QLabel(this))
    , mZoom(new QLabel(this))
{
    setObjectName(u"photoViewer"_s);
    setWindowTitle(tr("Photo"));
    resize(900, 680);
    auto *layout = new QVBoxLayout(this);
    mCaption->setObjectName(u"caption"_s);
    mCaption->setWordWrap(true);
    layout->addWidget(mCaption);
    layout->addWidget(mView, 1);
    auto *buttons = new QHBoxLayout;
    auto *fit = new QPushButton(tr("Fit"), this);
    fit->setObjectName(u"fit"_s);
    auto *actual = new QPushButton(tr("100 %"), this);
    actual->setObjectName(u"actualSize"_s);
    auto *zoomIn = new QPushButton(tr("Zoom in"), this);
    zoomIn->setObjectName(u"zoomIn"_s);
    auto *zoomOut = new QPushButton(tr("Zoom out"), this);
    zoomOut->setObjectName(u"zoomOut"_s);
    auto *close = new QPushButton(tr("Close"), this);
    buttons->addWidget(fit);
    buttons->addWidget(actual);
    buttons->addWidget(zoomIn);
    buttons->addWidget(zoomOut);
    buttons->addWidget(mZoom);
    buttons->addStretch(1);
    buttons->addWidget(close);
    layout->addLayout(buttons);
    connect(fit, &QPushButton::clicked, mView, &PhotoView::fit);
    connect(actual, &QPushButton::clicked, mView, &PhotoView::actualSize);
    connect(zoomIn, &QPushButton::clicked, mView, [this] { mView->zoomBy(1.25); });
    connect(zoomOut, &QPushButton::clicked, mView, [this] { mView->zoomBy(0.8); });
    connect(close, &QPushButton::clicked, this, &QDialog::accept);
    connect(mView, &PhotoView::zoomChanged, mZoom,
            [this](double zoom) { mZoom->setText(tr("%1 %").arg(qRound(zoom * 100))); });
}

void PhotoViewer::setPhoto(const QImage &image, const QString &caption)
{
    mCaption->setText(caption);
    mView->setImage(image);
}

void PhotoViewer::setMessage(const QString &text)
{
    mCaption->setText(text);
}

} // namespace cg
