#pragma once

// citygrid-admin's report command: the monthly evaluation report as PDF, XLSX or CSV.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>

namespace cg::admin {

// A QGuiApplication (offscreen when there is no display) for `report`, whose PDF needs Qt GUI's fonts;
// a QCoreApplication for every other command.
std::unique_ptr<QCoreApplication> createApplication(int &argc, char **argv);

void addReportOptions(QCommandLineParser &parser);
QString reportUsage();
bool isReportCommand(const QStringList &arguments);
// Returns the exit code (0 written, 1 failed, 2 bad usage).
int runReportCommand(const QStringList &arguments, const QCommandLineParser &parser,
                     const QString &storePath);

} // namespace cg::admin
