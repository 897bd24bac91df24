// citygrid: the desktop command centre (case queue and case dock over the embedded store).
#include "desktopapp.h"
#include "desktopoptions.h"
#include "desktopsettings.h"
#include "languageswitcher.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFont>
#include <QLocale>
#include <QTimer>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

// Chinese text must never come out as boxes, whatever the platform's default font covers.
void setCjkFallbackFont()
{
    QFont font = QApplication::font();
    QStringList families = font.families();
    if (families.isEmpty())
        families.append(font.family());
    for (const QString &cjk : {u"WenQuanYi Micro Hei"_s, u"Noto Sans CJK SC"_s, u"Source Han Sans SC"_s,
                               u"Microsoft YaHei"_s, u"PingFang SC"_s}) {
        if (!families.contains(cjk))
            families.append(cjk);
    }
    font.setFamilies(families);
    QApplication::setFont(font);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"CityGrid"_s);
    QApplication::setApplicationName(u"citygrid"_s);
    QApplication::setApplicationVersion(u"0.1.0"_s);
    setCjkFallbackFont();

    // The language first, so that even the help text is translated; View ▸ Language switches it later.
    const QString language =
        cg::DesktopOptions::languageOf(QApplication::arguments(), cg::DesktopSettings().language());
    cg::LanguageSwitcher languages;
    if (language == u"zh_CN" || language == u"en") {
        if (!languages.setLanguage(language))
            std::fprintf(stderr, "citygrid: the %s translation is missing from this build\n",
                         qPrintable(language));
    }

    QCommandLineParser parser;
    cg::DesktopOptions::declare(parser);
    parser.process(app);
    auto options = cg::DesktopOptions::from(parser, QApplication::arguments());
    if (!options) {
        std::fprintf(stderr, "citygrid: %s\n", qPrintable(options.errorMessage()));
        return 2;
    }

    cg::DesktopApp desktop(std::move(options).value());
    QTimer::singleShot(0, &desktop, &cg::DesktopApp::start);
    return QApplication::exec();
}
