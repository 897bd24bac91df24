#include "geo/crs.h"

#include <QRegularExpression>

#include <proj.h>

#include <cmath>
#include <memory>
#include <string>
#include <unordered_map>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

// One PROJ context per thread with the transformations to and from the CGCS2000 hub, created on first use.
class ProjThreadCache
{
public:
    ProjThreadCache()
        : mContext(proj_context_create())
    {
        proj_log_level(mContext, PJ_LOG_NONE);
    }
    ~ProjThreadCache()
    {
        for (auto &[key, pj] : mToHub)
            proj_destroy(pj);
        proj_context_destroy(mContext);
    }
    ProjThreadCache(const ProjThreadCache &) = delete;
    ProjThreadCache &operator=(const ProjThreadCache &) = delete;

    // The normalised (x = east, y = north) transformation from `definition` to CGCS2000 lon/lat.
    Result<PJ *> toHub(const QString &definition)
    {
        const std::string key = definition.toStdString();
        if (auto it = mToHub.find(key); it != mToHub.end())
            return it->second;
        PJ *raw = proj_create_crs_to_crs(mContext, key.c_str(), "EPSG:4490", nullptr);
        if (!raw)
            return makeError(ErrorCode::InvalidInput,
                             u"PROJ does not understand the coordinate system '%1': %2"_s.arg(
                                 definition, QString::fromUtf8(proj_context_errno_string(
                                                 mContext, proj_context_errno(mContext)))));
        PJ *normalised = proj_normalize_for_visualization(mContext, raw);
        proj_destroy(raw);
        if (!normalised)
            return makeError(ErrorCode::InvalidInput,
                             u"PROJ cannot normalise the axis order of '%1'"_s.arg(definition));
        mToHub.emplace(key, normalised);
        return normalised;
    }

private:
    PJ_CONTEXT *mContext;
    std::unordered_map<std::string, PJ *> mToHub;
};

ProjThreadCache &projCache()
{
    thread_local ProjThreadCache cache;
    return cache;
}

QString epsgOf(const QString &text)
{
    static const QRegularExpression epsg(u"^(?:EPSG:)?(\\d{4,6})$"_s,
                                         QRegularExpression::CaseInsensitiveOption);
    const auto m = epsg.match(text.trimmed());
    return m.hasMatch() ? m.captured(1) : QString();
}

// Source → CGCS2000 lon/lat (PJ_FWD), or back (PJ_INV), in place.
Status viaHub(const Crs &crs, double *x, double *y, std::size_t n, PJ_DIRECTION direction)
{
    const bool toHub = direction == PJ_FWD;
    using Offset = QPointF (*)(const QPointF &);
    Offset offset = nullptr;
    switch (crs.kind()) {
    case Crs::Kind::Geographic:
        return {};
    case Crs::Kind::Gcj02:
        offset = toHub ? Offset([](const QPointF &p) { return chinaoffset::gcj02ToWgs84(p); })
                       : Offset([](const QPointF &p) { return chinaoffset::wgs84ToGcj02(p); });
        break;
    case Crs::Kind::Bd09:
        offset = toHub ? Offset([](const QPointF &p) {
            return chinaoffset::gcj02ToWgs84(chinaoffset::bd09ToGcj02(p));
        })
                       : Offset([](const QPointF &p) {
                             return chinaoffset::gcj02ToBd09(chinaoffset::wgs84ToGcj02(p));
                         });
        break;
    case Crs::Kind::Proj:
        break;
    }
    if (offset) {
        for (std::size_t i = 0; i < n; ++i) {
            const QPointF p = offset({x[i], y[i]});
            x[i] = p.x();
            y[i] = p.y();
        }
        return {};
    }
    auto pj = projCache().toHub(crs.definition());
    if (!pj)
        return pj.error();
    proj_trans_generic(*pj, direction, x, sizeof(double), n, y, sizeof(double), n, nullptr, 0, 0, nullptr, 0,
                       0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || std::abs(x[i]) > 1e10)
            return makeError(
                ErrorCode::InvalidInput,
                toHub ? u"point %1 cannot be transformed from %2 to CGCS2000"_s.arg(i + 1).arg(crs.name())
                      : u"point %1 cannot be transformed from CGCS2000 to %2"_s.arg(i + 1).arg(crs.name()));
    }
    return {};
}

Status toHub(const Crs &crs, double *x, double *y, std::size_t n)
{
    return viaHub(crs, x, y, n, PJ_FWD);
}

Status fromHub(const Crs &crs, double *x, double *y, std::size_t n)
{
    return viaHub(crs, x, y, n, PJ_INV);
}

} // namespace

Crs Crs::shanghai2000()
{
    // Transverse Mercator on CGCS2000 (GRS80) with the published central meridian 121°27′52″ E, scale 1 on
    // it. The official false origin is not public; we use the equator and a false easting of 500 km, like
    // every Chinese Gauss–Krüger zone, so coordinates are unambiguous. See docs/geodata.md.
    return Crs(Kind::Proj, u"+proj=tmerc +lat_0=0 +lon_0=121.464444444444444 +k=1 +x_0=500000 +y_0=0 "
                           u"+ellps=GRS80 +units=m +no_defs +type=crs"_s);
}

Result<Crs> Crs::fromString(const QString &text)
{
    const QString t = text.trimmed();
    const QString lower = t.toLower().remove(u'-').remove(u'_').remove(u' ');
    if (lower == u"gcj02"_s || lower == u"amap"_s || lower == u"tencent"_s)
        return gcj02();
    if (lower == u"bd09"_s || lower == u"baidu"_s)
        return bd09();
    if (lower == u"shanghai2000"_s || lower == u"sh2000"_s)
        return shanghai2000();
    if (lower == u"wgs84"_s)
        return wgs84();
    if (lower == u"cgcs2000"_s)
        return cgcs2000();
    const QString epsg = epsgOf(t);
    if (epsg == u"4490"_s)
        return cgcs2000();
    if (epsg == u"4326"_s)
        return wgs84();
    const QString definition = epsg.isEmpty() ? t : u"EPSG:"_s + epsg;
    if (definition.isEmpty())
        return makeError(ErrorCode::InvalidInput, u"no coordinate system given"_s);
    Crs crs(Kind::Proj, definition);
    if (auto pj = projCache().toHub(definition); !pj)
        return pj.error();
    return crs;
}

QString Crs::name() const
{
    switch (mKind) {
    case Kind::Geographic:
        return mDefinition;
    case Kind::Gcj02:
        return u"GCJ-02"_s;
    case Kind::Bd09:
        return u"BD-09"_s;
    case Kind::Proj:
        break;
    }
    if (mDefinition == shanghai2000().mDefinition)
        return u"Shanghai 2000"_s;
    return mDefinition.size() > 40 ? mDefinition.left(37) + u"..."_s : mDefinition;
}

Result<CrsTransform> CrsTransform::create(const Crs &source, const Crs &target)
{
    for (const Crs *crs : {&source, &target}) {
        if (crs->kind() == Crs::Kind::Proj) {
            if (auto pj = projCache().toHub(crs->definition()); !pj)
                return pj.error();
        }
    }
    CrsTransform t;
    t.mSource = source;
    t.mTarget = target;
    return t;
}

CrsTransform CrsTransform::inverse() const
{
    CrsTransform t;
    t.mSource = mTarget;
    t.mTarget = mSource;
    return t;
}

Result<QPointF> CrsTransform::transform(const QPointF &point) const
{
    double x = point.x(), y = point.y();
    if (auto s = transform(&x, &y, 1); !s)
        return s.error();
    return QPointF(x, y);
}

Status CrsTransform::transform(double *x, double *y, std::size_t count) const
{
    if (isIdentity() || count == 0)
        return {};
    if (auto s = toHub(mSource, x, y, count); !s)
        return s;
    return fromHub(mTarget, x, y, count);
}

namespace chinaoffset {

namespace {
constexpr double krasovskyA = 6378245.0;
constexpr double krasovskyEe = 0.00669342162296594323;
constexpr double xPi = M_PI * 3000.0 / 180.0;

double offsetLat(double x, double y)
{
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
    r += (20.0 * std::sin(6.0 * x * M_PI) + 20.0 * std::sin(2.0 * x * M_PI)) * 2.0 / 3.0;
    r += (20.0 * std::sin(y * M_PI) + 40.0 * std::sin(y / 3.0 * M_PI)) * 2.0 / 3.0;
    r += (160.0 * std::sin(y / 12.0 * M_PI) + 320 * std::sin(y * M_PI / 30.0)) * 2.0 / 3.0;
    return r;
}

double offsetLon(double x, double y)
{
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
    r += (20.0 * std::sin(6.0 * x * M_PI) + 20.0 * std::sin(2.0 * x * M_PI)) * 2.0 / 3.0;
    r += (20.0 * std::sin(x * M_PI) + 40.0 * std::sin(x / 3.0 * M_PI)) * 2.0 / 3.0;
    r += (150.0 * std::sin(x / 12.0 * M_PI) + 300.0 * std::sin(x / 30.0 * M_PI)) * 2.0 / 3.0;
    return r;
}

// Inverts `forward` by fixed-point iteration: the offsets vary slowly, so each step gains ~5 digits.
template<typename Forward>
QPointF invert(const QPointF &target, Forward forward)
{
    QPointF guess = target;
    for (int i = 0; i < 30; ++i) {
        const QPointF f = forward(guess);
        const QPointF d = f - target;
        guess -= d;
        if (std::abs(d.x()) < 1e-10 && std::abs(d.y()) < 1e-10)
            break;
    }
    return guess;
}
} // namespace

bool outOfChina(const QPointF &p)
{
    return p.x() < 72.004 || p.x() > 137.8347 || p.y() < 0.8293 || p.y() > 55.8271;
}

QPointF wgs84ToGcj02(const QPointF &p)
{
    if (outOfChina(p))
        return p;
    double dLat = offsetLat(p.x() - 105.0, p.y() - 35.0);
    double dLon = offsetLon(p.x() - 105.0, p.y() - 35.0);
    const double radLat = p.y() / 180.0 * M_PI;
    double magic = std::sin(radLat);
    magic = 1 - krasovskyEe * magic * magic;
    const double sqrtMagic = std::sqrt(magic);
    dLat = (dLat * 180.0) / ((krasovskyA * (1 - krasovskyEe)) / (magic * sqrtMagic) * M_PI);
    dLon = (dLon * 180.0) / (krasovskyA / sqrtMagic * std::cos(radLat) * M_PI);
    return {p.x() + dLon, p.y() + dLat};
}

QPointF gcj02ToWgs84(const QPointF &p)
{
    if (outOfChina(p))
        return p;
    return invert(p, wgs84ToGcj02);
}

QPointF gcj02ToBd09(const QPointF &p)
{
    const double x = p.x(), y = p.y();
    const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * xPi);
    const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * xPi);
    return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

QPointF bd09ToGcj02(const QPointF &p)
{
    return invert(p, gcj02ToBd09);
}

} // namespace chinaoffset

double distanceMetres(const QPointF &a, const QPointF &b)
{
    constexpr double r = 6371008.8;
    const double la1 = a.y() * M_PI / 180, la2 = b.y() * M_PI / 180;
    const double dLa = la2 - la1, dLo = (b.x() - a.x()) * M_PI / 180;
    const double h = std::sin(dLa / 2) * std::sin(dLa / 2) +
                     std::cos(la1) * std::cos(la2) * std::sin(dLo / 2) * std::sin(dLo / 2);
    return 2 * r * std::asin(std::min(1.0, std::sqrt(h)));
}

} // namespace cg
