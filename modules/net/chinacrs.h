#pragma once

#include "core/result.h"

#include <QPointF>
#include <QString>

namespace cg {

// The coordinate systems locations arrive in at the gateway (DOMAIN.md §7).
enum class InputCrs { Wgs84, Cgcs2000, Gcj02, Bd09 };

QString inputCrsName(InputCrs crs); // "WGS84", "CGCS2000", "GCJ02", "BD09"
// Accepts "WGS84", "WGS-84", "EPSG:4326", "CGCS2000", "EPSG:4490", "GCJ02", "GCJ-02", "BD09", "BD-09" in any
// case.
Result<InputCrs> parseInputCrs(const QString &text);

// Into CGCS2000 (identical to WGS-84 at our accuracy) with cg_geo's published offset algorithms. Fails for
// coordinates that are not a longitude/latitude.
Result<QPointF> toCgcs2000(const QPointF &lonLat, InputCrs crs);

} // namespace cg
