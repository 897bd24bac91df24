#pragma once

#include <QDateTime>
#include <QVariant>

namespace cg {

// How the store keeps times: UTC milliseconds since the epoch in a 64-bit integer column, NULL for none.
// Every table over a store connection (cases, evaluation, geodata, gateway, duplicates) binds and reads them
// so.
inline QVariant msOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

inline QDateTime fromMs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

} // namespace cg
