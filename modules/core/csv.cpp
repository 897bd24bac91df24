#include "core/csv.h"

#include <QFile>
#include <QFileInfo>

using namespace Qt::Literals::StringLiterals;

namespace cg {

Result<CsvTable> CsvTable::parse(const QByteArray &utf8, const QString &source)
{
    CsvTable table;
    table.mSource = source;
    QString text = QString::fromUtf8(utf8);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);

    QList<CsvRecord> rows;
    CsvRecord current;
    QString field;
    bool inQuotes = false;
    bool fieldWasQuoted = false;
    int line = 1;
    current.line = 1;
    auto endField = [&] {
        current.fields.append(fieldWasQuoted ? field : field.trimmed());
        field.clear();
        fieldWasQuoted = false;
    };
    auto endRecord = [&] {
        endField();
        const bool blank = current.fields.size() == 1 && current.fields.first().isEmpty();
        if (!blank)
            rows.append(current);
        current = CsvRecord{};
        current.line = line;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field.append(u'"');
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == u'\n')
                    ++line;
                field.append(c);
            }
            continue;
        }
        if (c == u'"') {
            if (!field.trimmed().isEmpty())
                return makeError(
                    ErrorCode::InvalidInput,
                    u"%1 line %2: a quote in the middle of an unquoted field"_s.arg(source).arg(line));
            field.clear();
            inQuotes = true;
            fieldWasQuoted = true;
        } else if (c == u',') {
            endField();
        } else if (c == u'\n') {
            ++line;
            endRecord();
        } else if (c == u'\r') {
            // CRLF: the LF ends the record
        } else {
            field.append(c);
        }
    }
    if (inQuotes)
        return makeError(
            ErrorCode::InvalidInput,
            u"%1 line %2: a quoted field is not closed before the end of the file"_s.arg(source).arg(
                current.line));
    if (!field.isEmpty() || !current.fields.isEmpty())
        endRecord();

    if (rows.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         u"%1: the file is empty; expected a header row"_s.arg(source));
    table.mHeader = rows.takeFirst().fields;
    for (int i = 0; i < table.mHeader.size(); ++i)
        table.mColumns.insert(table.mHeader.at(i), i);
    for (const CsvRecord &row : std::as_const(rows)) {
        if (row.fields.size() != table.mHeader.size())
            return makeError(ErrorCode::InvalidInput,
                             u"%1 line %2: %3 fields; the header has %4"_s.arg(source)
                                 .arg(row.line)
                                 .arg(row.fields.size())
                                 .arg(table.mHeader.size()));
    }
    table.mRecords = std::move(rows);
    return table;
}

Result<CsvTable> CsvTable::readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, u"%1: cannot be read: %2"_s.arg(path, file.errorString()));
    return parse(file.readAll(), QFileInfo(path).fileName());
}

Status CsvTable::requireColumns(const QStringList &columns) const
{
    QStringList missing;
    for (const QString &c : columns) {
        if (!mColumns.contains(c))
            missing.append(c);
    }
    if (!missing.isEmpty())
        return makeError(ErrorCode::InvalidInput, u"%1: missing column(s) %2; the header is %3"_s.arg(
                                                      mSource, missing.join(u", "), mHeader.join(u',')));
    return {};
}

QString CsvTable::value(const CsvRecord &record, const QString &columnName) const
{
    const int i = column(columnName);
    return i >= 0 && i < record.fields.size() ? record.fields.at(i) : QString();
}

QString CsvTable::where(const CsvRecord &record) const
{
    return u"%1 line %2: "_s.arg(mSource).arg(record.line);
}

} // namespace cg
