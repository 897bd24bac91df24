#include "net/multipart.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

QByteArray parameter(const QByteArray &header, const QByteArray &name)
{
    // name="value" or name=value, after a ';'
    const QList<QByteArray> pieces = header.split(';');
    for (qsizetype i = 1; i < pieces.size(); ++i) {
        const QByteArray piece = pieces[i].trimmed();
        const qsizetype eq = piece.indexOf('=');
        if (eq <= 0 || piece.left(eq).trimmed().toLower() != name)
            continue;
        QByteArray value = piece.mid(eq + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value;
    }
    return {};
}

} // namespace

Result<QList<MultipartPart>> parseMultipart(const QByteArray &contentType, const QByteArray &body)
{
    if (!contentType.trimmed().toLower().startsWith("multipart/form-data"))
        return makeError(ErrorCode::InvalidInput, u"the body must be multipart/form-data"_s);
    const QByteArray boundary = parameter(contentType, "boundary");
    if (boundary.isEmpty() || boundary.size() > 200)
        return makeError(ErrorCode::InvalidInput, u"multipart/form-data without a boundary"_s);
    const QByteArray delimiter = "--" + boundary;
    QList<MultipartPart> parts;
    qsizetype pos = body.indexOf(delimiter);
    if (pos < 0)
        return makeError(ErrorCode::InvalidInput, u"the multipart body does not contain its boundary"_s);
    while (true) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            return parts; // the closing delimiter
        if (body.mid(pos, 2) != "\r\n")
            return makeError(ErrorCode::InvalidInput,
                             u"a multipart delimiter is not followed by a line end"_s);
        pos += 2;
        const qsizetype headEnd = body.indexOf("\r\n\r\n", pos);
        if (headEnd < 0)
            return makeError(ErrorCode::InvalidInput,
                             u"part %1 has no end of headers"_s.arg(parts.size() + 1));
        MultipartPart part;
        const QList<QByteArray> lines = body.mid(pos, headEnd - pos).split('\n');
        for (const QByteArray &raw : lines) {
            const QByteArray line = raw.trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-disposition") {
                part.name = QString::fromUtf8(parameter(value, "name"));
                part.fileName = QString::fromUtf8(parameter(value, "filename"));
            } else if (name == "content-type") {
                part.contentType = value;
            }
        }
        const qsizetype dataStart = headEnd + 4;
        const qsizetype next = body.indexOf(QByteArray("\r\n" + delimiter), dataStart);
        if (next < 0)
            return makeError(
                ErrorCode::InvalidInput,
                u"part %1 ('%2') is not closed by the boundary"_s.arg(parts.size() + 1).arg(part.name));
        if (part.name.isEmpty())
            return makeError(ErrorCode::InvalidInput, u"part %1 has no field name"_s.arg(parts.size() + 1));
        part.body = body.mid(dataStart, next - dataStart);
        parts.append(part);
        if (parts.size() > 64)
            return makeError(ErrorCode::InvalidInput, u"more than 64 parts"_s);
        pos = next + 2;
    }
}

} // namespace cg
