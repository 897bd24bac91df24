#pragma once

#include "core/result.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace cg {

// One parsed CSV record with the line it started on, so errors can name it.
struct CsvRecord
{
    int line = 0;
    QStringList fields;
};

// RFC 4180 CSV with a header row. Values are looked up by column name.
class CsvTable
{
public:
    // Parses UTF-8 text; `source` names the file in error messages.
    static Result<CsvTable> parse(const QByteArray &utf8, const QString &source);
    static Result<CsvTable> readFile(const QString &path);

    const QString &source() const { return mSource; }
    const QStringList &header() const { return mHeader; }
    const QList<CsvRecord> &records() const { return mRecords; }

    // Fails with a message naming the file when a required column is absent.
    Status requireColumns(const QStringList &columns) const;
    int column(const QString &name) const { return mColumns.value(name, -1); }
    QString value(const CsvRecord &record, const QString &column) const;

    // "gbt47678-5.csv line 12: " for error messages.
    QString where(const CsvRecord &record) const;

private:
    QString mSource;
    QStringList mHeader;
    QHash<QString, int> mColumns;
    QList<CsvRecord> mRecords;
};

} // namespace cg
