#pragma once

// Control-image comparison for the render tests (tests/map/expected/): a pixel differs when a channel is off
// by more than the tolerance; up to 1 % of the pixels may differ. CG_UPDATE_CONTROL_IMAGES=1 rewrites them.

#include "map/maplayer.h"

#include <QDir>
#include <QImage>
#include <QPainter>
#include <QTest>

namespace cg::test {

inline QString controlImageDir()
{
    return QStringLiteral(CG_SOURCE_DIR "/tests/map/expected");
}

// Share of pixels that differ by more than `tolerance` in some channel.
inline double differingShare(const QImage &a, const QImage &b, int tolerance)
{
    if (a.size() != b.size())
        return 1.0;
    const QImage x = a.convertToFormat(QImage::Format_ARGB32), y = b.convertToFormat(QImage::Format_ARGB32);
    qint64 differing = 0;
    for (int row = 0; row < x.height(); ++row) {
        const QRgb *p = reinterpret_cast<const QRgb *>(x.constScanLine(row));
        const QRgb *q = reinterpret_cast<const QRgb *>(y.constScanLine(row));
        for (int col = 0; col < x.width(); ++col) {
            if (std::abs(qRed(p[col]) - qRed(q[col])) > tolerance ||
                std::abs(qGreen(p[col]) - qGreen(q[col])) > tolerance ||
                std::abs(qBlue(p[col]) - qBlue(q[col])) > tolerance ||
                std::abs(qAlpha(p[col]) - qAlpha(q[col])) > tolerance)
                ++differing;
        }
    }
    return double(differing) / double(x.width() * x.height());
}

inline void checkAgainstControl(const QString &name, const QImage &rendered)
{
    const QString path = controlImageDir() + QLatin1Char('/') + name + QStringLiteral(".png");
    if (qEnvironmentVariableIsSet("CG_UPDATE_CONTROL_IMAGES")) {
        QDir().mkpath(controlImageDir());
        QVERIFY(rendered.save(path));
        qWarning("wrote control image %s", qPrintable(path));
        return;
    }
    QImage control(path);
    QVERIFY2(!control.isNull(), qPrintable(QStringLiteral("no control image ") + path));
    const double share = differingShare(rendered, control, 48);
    if (share > 0.01) {
        const QString actual =
            QDir::tempPath() + QStringLiteral("/cg-render-") + name + QStringLiteral(".png");
        rendered.save(actual);
        QFAIL(qPrintable(QStringLiteral("%1: %2 % of the pixels differ from the control image (see %3)")
                             .arg(name)
                             .arg(share * 100, 0, 'f', 2)
                             .arg(actual)));
    }
}

// The layer drawn alone, then on white; `labels` (if given) receives its labels.
inline QImage renderOnWhite(MapLayer &layer, const MapSettings &settings, QList<MapLabel> *labels = nullptr,
                            QImage *alone = nullptr)
{
    RenderContext context{settings, std::make_shared<std::atomic_bool>(false)};
    QImage layerImage(settings.outputSize(), QImage::Format_ARGB32_Premultiplied);
    layerImage.fill(Qt::transparent);
    if (auto renderer = layer.createRenderer(settings)) {
        renderer->render(layerImage, context);
        if (labels)
            *labels = renderer->labels();
    }
    QImage image(settings.outputSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.drawImage(0, 0, layerImage);
    if (alone)
        *alone = layerImage;
    return image;
}

} // namespace cg::test
