#pragma once

// Internal to cg_geo: GDAL set-up and RAII handles. Not included by public headers.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <QString>

namespace cg {

// Registers GDAL's drivers once per process and keeps GDAL quiet (errors are read with lastGdalError()).
void ensureGdal();
// The last GDAL error message of this thread, or `fallback`.
QString lastGdalError(const QString &fallback = {});

// A dataset belongs to the thread that opened it; GDALDatasetUniquePtr closes it.
using GdalDatasetPtr = GDALDatasetUniquePtr;

} // namespace cg
