// libFuzzer: the HTTP/1.1 request-head parser must answer every input with a request or an error status.

#include "net/httpserver.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    cg::HttpLimits limits;
    limits.maxBodyBytes = 1024 * 1024;
    const cg::HttpHead head = cg::parseHttpHead(input, limits);
    if (head.errorStatus == 0 && (head.bodyLength < 0 || head.bodyLength > limits.maxBodyBytes))
        __builtin_trap();
    if (head.errorStatus != 0 &&
        (head.errorStatus < 400 || head.errorStatus > 599 || head.errorMessage.isEmpty()))
        __builtin_trap();
    (void)head.request.contentType();
    return 0;
}
