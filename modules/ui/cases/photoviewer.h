#pragma once

#include <QDialog>
#include <QGraphicsView>

class QGraphicsPixmapItem;
class QLabel;

namespace cg {

// A photo zoomed by the wheel (around the cursor), fit to the window or shown at 100 %.
class PhotoView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit PhotoView(QWidget *parent = nullptr);

    void setImage(const QImage &image);
    void fit();
    void actualSize();
    void zoomBy(double factor);
    double zoom() const; // 1.0 = 100 %
    bool isFitting() const { return mFitting; }

Q_SIGNALS:
    void zoomChanged(double zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QGraphicsPixmapItem *mItem;
    bool mFitting = true;
};

// The photo viewer of the case dock.
class PhotoViewer : public QDialog
{
    Q_OBJECT
public:
    explicit PhotoViewer(QWidget *parent = nullptr);

    void setPhoto(const QImage &image, const QString &caption);
    void setMessage(const QString &text); // while loading, or why the photo cannot be shown
    PhotoView *view() const { return mView; }

private:
    PhotoView *mView;
    QLabel *mCaption;
    QLabel *mZoom;
};

} // namespace cg
