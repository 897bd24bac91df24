#pragma once

#include "core/result.h"

#include <QList>
#include <QPointF>
#include <QSqlDatabase>

namespace cg {

// Places of a name in the store's gazetteer, for reports that give an address instead of coordinates (Open311
// address_string, a hotline ticket without location): the points of interest of exactly that name, else the
// communities (居委会) of that name, each by the centre of its unit grid nearest the middle of all of them
// (always inside a grid). CGCS2000 longitude/latitude. Several places mean the name is ambiguous; the caller
// words what the client must send instead.
Result<QList<QPointF>> placesNamed(const QSqlDatabase &db, const QString &name);

} // namespace cg
