#pragma once

// citygrid-admin's store commands: migrate an SQLite store to PostgreSQL, set a login's password.
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace cg::admin {

// The options these commands add to the command line.
void addStoreOptions(QCommandLineParser &parser);
// Their lines of the usage text.
QString storeUsage();
// True for "migrate" and "password": run them with runStoreCommand.
bool isStoreCommand(const QStringList &arguments);
// Runs one; returns the exit code (0 done, 1 failed or refused, 2 bad usage).
int runStoreCommand(const QStringList &arguments, const QCommandLineParser &parser, const QString &storePath);

} // namespace cg::admin
