#pragma once

// citygrid-admin's geodata commands: import, export gpkg, generate-grid (docs/geodata.md).
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace cg::admin {

// The options these commands add to the command line.
void addGeoOptions(QCommandLineParser &parser);
// Their lines of the usage text.
QString geoUsage();
// True for "import", "generate-grid" and "export gpkg": run them with runGeoCommand.
bool isGeoCommand(const QStringList &arguments);
// Runs one; returns the exit code (0 done, 1 failed or refused, 2 bad usage).
int runGeoCommand(const QStringList &arguments, const QCommandLineParser &parser, const QString &storePath);

} // namespace cg::admin
