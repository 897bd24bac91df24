#include "geo/geoscontext.h"

namespace cg {

namespace {
struct ThreadContext
{
    GEOSContextHandle_t handle = GEOS_init_r();
    ~ThreadContext() { GEOS_finish_r(handle); }
};
} // namespace

GEOSContextHandle_t geosContext()
{
    thread_local ThreadContext context;
    return context.handle;
}

} // namespace cg
