#include "desktopoptions.h"

#include "session/session.h"

#include <QCommandLineParser>
#include <QLocale>

using namespace Qt::Literals::StringLiterals;

namespace cg {

QString DesktopOptions::languageOf(const QStringList &arguments, const QString &saved)
{
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(u"lang"_s, QString(), u"language"_s));
    parser.parse(arguments); // unknown options are reported by the full parse later
    const QString asked = parser.value(u"lang"_s);
    if (asked == u"zh_CN" || asked == u"zh")
        return u"zh_CN"_s;
    if (asked == u"en")
        return u"en"_s;
    if (!asked.isEmpty())
        return asked; // from() rejects it with a message
    if (saved == u"zh_CN" || saved == u"en")
        return saved;
    return QLocale::system().language() == QLocale::Chinese ? u"zh_CN"_s : u"en"_s;
}

void DesktopOptions::declare(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        tr("CityGrid command centre: case queue and case dock of urban grid management."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(QCommandLineOption(
        u"store"_s,
        tr("Open the store FILE, or the shared store at postgresql://user:password@host:port/database"
           "?sslmode=require (default: %1).")
            .arg(Session::defaultStorePath()),
        tr("FILE|URL")));
    parser.addOption(
        QCommandLineOption(u"user"_s, tr("Log in as LOGIN without the login dialog."), tr("LOGIN")));
    parser.addOption(QCommandLineOption(
        u"lang"_s, tr("Language of the window: zh_CN or en (default: the system's)."), tr("LANG")));
    parser.addOption(
        QCommandLineOption(u"screenshot"_s,
                           tr("Once the queue and the first case are loaded, save the window to FILE "
                              "(PNG) and quit."),
                           tr("FILE")));
    parser.addOption(QCommandLineOption(u"demo-cases"_s,
                                        tr("Number of cases of the demo city generated into an empty store "
                                           "(default: 20000)."),
                                        tr("N"), u"20000"_s));
    parser.addOption(QCommandLineOption(
        u"map-view"_s,
        tr("With --screenshot: show the map at VIEW: city (every grid), district or street (around the first "
           "case)."),
        tr("VIEW")));
    parser.addOption(QCommandLineOption(
        u"wall"_s,
        tr("Show the wall console (full screen, read only) instead of the command centre window.")));
    parser.addOption(QCommandLineOption(
        u"basemap"_s,
        tr("Basemap under the grids: an XYZ tile URL such as http://tiles.example/{z}/{x}/{y}.png, or an "
           "offline .mbtiles file."),
        tr("SOURCE")));
}

Result<DesktopOptions> DesktopOptions::from(const QCommandLineParser &parser, const QStringList &arguments)
{
    DesktopOptions options;
    options.storePath = parser.isSet(u"store"_s) ? parser.value(u"store"_s) : Session::defaultStorePath();
    if (options.storePath.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("--store needs a file name or a postgresql:// URL."));
    // A malformed server address is named before anything opens (a wrong password or server is the store's).
    if (isPostgresUrl(options.storePath)) {
        if (auto url = parsePostgresUrl(options.storePath); !url)
            return url.error();
    }
    options.user = parser.value(u"user"_s).trimmed();
    options.language = languageOf(arguments);
    if (options.language != u"zh_CN" && options.language != u"en")
        return makeError(ErrorCode::InvalidInput,
                         tr("--lang %1 is not available; use zh_CN or en.").arg(options.language));
    options.screenshot = parser.value(u"screenshot"_s);
    bool ok = false;
    options.demoCases = parser.value(u"demo-cases"_s).toInt(&ok);
    if (!ok || options.demoCases < 0)
        return makeError(
            ErrorCode::InvalidInput,
            tr("--demo-cases %1 is not a number of cases (0 or more).").arg(parser.value(u"demo-cases"_s)));
    options.mapView = parser.value(u"map-view"_s);
    if (!options.mapView.isEmpty() && options.mapView != u"city" && options.mapView != u"district" &&
        options.mapView != u"street")
        return makeError(
            ErrorCode::InvalidInput,
            tr("--map-view %1 is not a view; use city, district or street.").arg(options.mapView));
    options.basemap = parser.value(u"basemap"_s);
    options.wall = parser.isSet(u"wall"_s);
    if (!parser.positionalArguments().isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         tr("Unexpected argument: %1").arg(parser.positionalArguments().constFirst()));
    return options;
}

} // namespace cg
