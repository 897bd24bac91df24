#include "net/chinacrs.h"

#include "geo/crs.h"

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

QString inputCrsName(InputCrs crs)
{
    switch (crs) {
    case InputCrs::Wgs84:
        return u"WGS84"_s;
    case InputCrs::Cgcs2000:
        return u"CGCS2000"_s;
    case InputCrs::Gcj02:
        return u"GCJ02"_s;
    case InputCrs::Bd09:
        return u"BD09"_s;
    }
    return {};
}

Result<InputCrs> parseInputCrs(const QString &text)
{
    const QString t = text.trimmed().toUpper().remove(u'-').remove(u'_');
    if (t == u"WGS84"_s || t == u"EPSG:4326"_s)
        return InputCrs::Wgs84;
    if (t == u"CGCS2000"_s || t == u"EPSG:4490"_s)
        return InputCrs::Cgcs2000;
    if (t == u"GCJ02"_s)
        return InputCrs::Gcj02;
    if (t == u"BD09"_s || t == u"BD09LL"_s)
        return InputCrs::Bd09;
    return makeError(ErrorCode::InvalidInput,
                     u"coordinate system '%1' is unknown; use WGS84, CGCS2000, GCJ02 or BD09"_s.arg(text));
}

Result<QPointF> toCgcs2000(const QPointF &p, InputCrs crs)
{
    if (!std::isfinite(p.x()) || !std::isfinite(p.y()) || p.x() < -180 || p.x() > 180 || p.y() < -90 ||
        p.y() > 90)
        return makeError(ErrorCode::InvalidInput,
                         u"(%1, %2) is not a longitude/latitude in degrees"_s.arg(p.x()).arg(p.y()));
    switch (crs) {
    case InputCrs::Wgs84:
    case InputCrs::Cgcs2000:
        return p;
    case InputCrs::Gcj02:
        return chinaoffset::gcj02ToWgs84(p);
    case InputCrs::Bd09:
        return chinaoffset::gcj02ToWgs84(chinaoffset::bd09ToGcj02(p));
    }
    return p;
}

} // namespace cg
