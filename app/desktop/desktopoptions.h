#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QStringList>

class QCommandLineParser;

namespace cg {

// The command line of citygrid.
struct DesktopOptions
{
    Q_DECLARE_TR_FUNCTIONS(cg::DesktopOptions)
public:
    QString storePath;  // the store to open; Session::defaultStorePath() when not given
    QString user;       // log in as this user without the login dialog
    QString language;   // "zh_CN" or "en"
    QString screenshot; // grab the main window to this PNG file once loaded, then quit
    int demoCases = 20000;
    QString mapView;   // "city", "district" or "street": the map's view for --screenshot
    QString basemap;   // XYZ URL template or .mbtiles file
    bool wall = false; // the wall console instead of the main window

    // The language asked for with --lang, else the one chosen last time (`saved`), else the system's: zh →
    // zh_CN, anything else → en.
    static QString languageOf(const QStringList &arguments, const QString &saved = {});
    // Declares the options (with translated help texts, so call it after the translator is installed).
    static void declare(QCommandLineParser &parser);
    static Result<DesktopOptions> from(const QCommandLineParser &parser, const QStringList &arguments);
};

} // namespace cg
