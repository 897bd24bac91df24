#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace cg {

struct MultipartPart
{
    QString name;     // the form field
    QString fileName; // set for files
    QByteArray contentType;
    QByteArray body;
};

// multipart/form-data (RFC 7578) as phones send it. `contentType` is the request's whole Content-Type header
// (with its boundary). Pure, so the fuzzer calls it directly.
Result<QList<MultipartPart>> parseMultipart(const QByteArray &contentType, const QByteArray &body);

} // namespace cg
