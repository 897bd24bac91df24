// libFuzzer: the multipart/form-data parser (phones' uploads) must never crash or read out of bounds. The
// first line of the input is the Content-Type header, the rest the body.

#include "net/multipart.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = input.indexOf('\n');
    const QByteArray contentType = newline < 0 ? input : input.left(newline);
    const QByteArray body = newline < 0 ? QByteArray() : input.mid(newline + 1);
    auto parts = cg::parseMultipart(contentType, body);
    if (parts) {
        qsizetype total = 0;
        for (const cg::MultipartPart &p : *parts)
            total += p.body.size() + p.name.size() + p.fileName.size();
        if (total > body.size() * 2 + 1024)
            __builtin_trap(); // parts are slices of the body
    }
    return 0;
}
