// pngcheck FILE MIN_WIDTH MIN_HEIGHT: exit 0 if FILE is a PNG at least that big that is not blank
// (many colours, no colour covering nearly all of it). Used by the citygrid smoke test.
#include <QCoreApplication>
#include <QHash>
#include <QImage>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: pngcheck FILE MIN_WIDTH MIN_HEIGHT\n");
        return 2;
    }
    QImage image;
    if (!image.load(args.at(1), "PNG")) {
        std::fprintf(stderr, "pngcheck: %s is not a readable PNG\n", qPrintable(args.at(1)));
        return 1;
    }
    const int minWidth = args.at(2).toInt();
    const int minHeight = args.at(3).toInt();
    if (image.width() < minWidth || image.height() < minHeight) {
        std::fprintf(stderr, "pngcheck: %dx%d is smaller than %dx%d\n", image.width(), image.height(),
                     minWidth, minHeight);
        return 1;
    }
    image = image.convertToFormat(QImage::Format_RGB32);
    QHash<QRgb, qint64> colours;
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            ++colours[line[x]];
    }
    qint64 most = 0;
    for (qint64 n : std::as_const(colours))
        most = std::max(most, n);
    const double share = double(most) / (double(image.width()) * image.height());
    std::printf("pngcheck: %dx%d, %lld colours, the commonest covers %.1f%%\n", image.width(), image.height(),
                static_cast<long long>(colours.size()), share * 100);
    if (colours.size() < 64 || share > 0.9) {
        std::fprintf(stderr, "pngcheck: the picture is blank or nearly so\n");
        return 1;
    }
    return 0;
}
