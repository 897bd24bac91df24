#pragma once

// citygrid-admin's evaluation commands: eval (rankings, CSV), weights show|set|reset, event add|list|end
// (major-event mode), eval-rebuild (recompute the daily facts). docs/indicators.md.
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace cg::admin {

// The options these commands add to the command line.
void addEvalOptions(QCommandLineParser &parser);
// Their lines of the usage text.
QString evalUsage();
// True for "eval", "weights" and "event": run them with runEvalCommand.
bool isEvalCommand(const QStringList &arguments);
// Runs one; returns the exit code (0 done, 1 failed or refused, 2 bad usage).
int runEvalCommand(const QStringList &arguments, const QCommandLineParser &parser, const QString &storePath);

} // namespace cg::admin
