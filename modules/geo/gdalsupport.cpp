#include "geo/gdalsupport.h"

#include <cpl_error.h>

#include <mutex>

namespace cg {

void ensureGdal()
{
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
    });
    // The handler is per thread in GDAL 3.6 only when set with CPLPushErrorHandler; the global one above
    // covers every thread.
}

QString lastGdalError(const QString &fallback)
{
    const char *message = CPLGetLastErrorMsg();
    return message && *message ? QString::fromUtf8(message) : fallback;
}

} // namespace cg
