// libFuzzer: the hotline ticket parser must answer every input with a ticket or an error, never crash.

#include "net/hotlineticket.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    auto ticket = cg::parseHotlineTicket(input);
    if (ticket) {
        (void)cg::maskPhone(ticket->callerPhone);
        (void)cg::maskName(ticket->callerName);
        (void)cg::toCgcs2000(ticket->location, ticket->crs);
    }
    (void)cg::parseReturnReason(QString::fromUtf8(input));
    return 0;
}
