#include "net/gazetteer.h"

#include <QLineF>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::Literals::StringLiterals;

namespace cg {

Result<QList<QPointF>> placesNamed(const QSqlDatabase &db, const QString &name)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT longitude, latitude FROM points_of_interest WHERE name = ? LIMIT 2"_s);
    q.addBindValue(name);
    if (!q.exec())
        return makeError(ErrorCode::Storage, u"gazetteer: %1"_s.arg(q.lastError().text()));
    QList<QPointF> found;
    while (q.next())
        found.append({q.value(0).toDouble(), q.value(1).toDouble()});
    if (!found.isEmpty())
        return found;
    q.prepare(u"SELECT j.code, (g.min_x + g.max_x) / 2, (g.min_y + g.max_y) / 2 FROM unit_grids g "
              u"JOIN jurisdictions j ON j.code = g.community_code "
              u"WHERE j.name = ? AND j.level = 'community' AND g.valid_to IS NULL ORDER BY j.code, g.code"_s);
    q.addBindValue(name);
    if (!q.exec())
        return makeError(ErrorCode::Storage, u"gazetteer: %1"_s.arg(q.lastError().text()));
    QMap<QString, QList<QPointF>> centres;
    while (q.next())
        centres[q.value(0).toString()].append({q.value(1).toDouble(), q.value(2).toDouble()});
    for (const QList<QPointF> &grids : std::as_const(centres)) {
        QPointF middle;
        for (const QPointF &p : grids)
            middle += p / double(grids.size());
        QPointF best = grids.first();
        for (const QPointF &p : grids) {
            if (QLineF(p, middle).length() < QLineF(best, middle).length())
                best = p;
        }
        found.append(best);
    }
    return found;
}

} // namespace cg
