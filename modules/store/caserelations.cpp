#include "store/caserelations.h"
#include "store/sqlvalues.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr double EarthRadius = 6371008.8;
constexpr double MetresPerDegreeLat = EarthRadius * M_PI / 180.0;

Error queryError(const QSqlQuery &query, const QString &what)
{
    return makeError(ErrorCode::Storage, u"%1: %2"_s.arg(what, query.lastError().text()));
}

bool hasPosition(double lon, double lat)
{
    return !(lon == 0 && lat == 0);
}

} // namespace

CaseRelations::CaseRelations(SqlStore &store)
    : mStore(store)
{}

double CaseRelations::distanceMetres(double lon1, double lat1, double lon2, double lat2)
{
    const double p1 = lat1 * M_PI / 180.0, p2 = lat2 * M_PI / 180.0;
    const double dp = p2 - p1, dl = (lon2 - lon1) * M_PI / 180.0;
    const double a = std::sin(dp / 2) * std::sin(dp / 2) +
                     std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
    return 2 * EarthRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

Result<QList<RelatedCase>> CaseRelations::related(const CaseRecord &record, const Query &query)
{
    if (query.radiusMetres < 0 || query.limit <= 0)
        return makeError(
            ErrorCode::InvalidInput,
            u"related cases: the radius (%1 m) must not be negative and the limit (%2) must be positive"_s
                .arg(query.radiusMetres)
                .arg(query.limit));
    const bool positioned = hasPosition(record.longitude, record.latitude);
    // A box around the case picks candidates; the exact distance is checked below.
    const double dLat = query.radiusMetres / MetresPerDegreeLat;
    const double dLon = dLat / std::max(0.01, std::cos(record.latitude * M_PI / 180.0));

    QString where = u"id <> ? AND ((grid_code = ? AND class_kind = ? AND class_code = ?)"_s;
    QVariantList values{record.id, record.grid.text(), kindName(record.classKey.kind()),
                        record.classKey.code()};
    if (positioned) {
        where += u" OR (longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?)"_s;
        values << record.longitude - dLon << record.longitude + dLon << record.latitude - dLat
               << record.latitude + dLat;
    }
    where += u") AND (state NOT IN (?, ?, ?)"_s;
    values << stateName(CaseState::Closed) << stateName(CaseState::Rejected) << stateName(CaseState::Voided);
    if (query.recentSince.isValid()) {
        where += u" OR reported_at >= ?"_s;
        values << query.recentSince.toMSecsSinceEpoch();
    }
    where += u")"_s;
    // Candidates beyond the limit are read too (the box's corners lie outside the radius), but not without
    // end.
    const QString sql = u"SELECT id, number, state, class_kind, class_code, grid_code, address, reported_at, "
                        u"longitude, latitude FROM cases WHERE "_s +
                        where + u" ORDER BY reported_at DESC, id DESC LIMIT %1"_s.arg(query.limit * 4);

    QSqlQuery q(mStore.database());
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return queryError(q, u"related cases of case %1"_s.arg(record.number));
    for (const QVariant &v : std::as_const(values))
        q.addBindValue(v);
    if (!q.exec())
        return queryError(q, u"related cases of case %1"_s.arg(record.number));

    QList<RelatedCase> found;
    while (q.next()) {
        RelatedCase r;
        r.id = q.value(0).toLongLong();
        r.number = q.value(1).toString();
        auto state = parseState(q.value(2).toString());
        auto kind = parseKind(q.value(3).toString());
        if (!state || !kind)
            return makeError(ErrorCode::Corrupt,
                             u"case %1 has an unknown state '%2' or class kind '%3'"_s.arg(
                                 r.number, q.value(2).toString(), q.value(3).toString()));
        r.state = *state;
        r.classKey = CatalogueKey(*kind, q.value(4).toString());
        if (auto grid = UnitGridCode::parse(q.value(5).toString()))
            r.grid = *grid;
        r.address = q.value(6).toString();
        r.reportedAt = fromMs(q.value(7));
        const double lon = q.value(8).toDouble(), lat = q.value(9).toDouble();
        r.longitude = lon;
        r.latitude = lat;
        if (positioned && hasPosition(lon, lat)) {
            r.distanceMetres = distanceMetres(record.longitude, record.latitude, lon, lat);
            r.nearby = r.distanceMetres <= query.radiusMetres;
        }
        r.sameGridAndClass = r.grid == record.grid && r.classKey == record.classKey;
        if (r.nearby || r.sameGridAndClass)
            found.append(r);
    }
    std::stable_sort(found.begin(), found.end(), [](const RelatedCase &a, const RelatedCase &b) {
        if ((a.distanceMetres < 0) != (b.distanceMetres < 0))
            return b.distanceMetres < 0;
        return a.distanceMetres < b.distanceMetres; // equal (-1) keeps newest first
    });
    if (found.size() > query.limit)
        found.resize(query.limit);
    return found;
}

Result<std::optional<CaseHotlineTicket>> CaseRelations::hotlineTicket(qint64 caseId)
{
    const QSqlDatabase db = mStore.database();
    if (!db.tables().contains(u"net_hotline_tickets"_s))
        return std::optional<CaseHotlineTicket>();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(u"SELECT hotline, ticket_id, round, ticket_type, content, contact_masked, received_at, "
                   u"hotline_due_at, first_contact_due_at, first_contact_at FROM net_hotline_tickets "
                   u"WHERE case_id = ? ORDER BY round DESC LIMIT 1"_s))
        return queryError(q, u"hotline ticket of case %1"_s.arg(caseId));
    q.addBindValue(caseId);
    if (!q.exec())
        return queryError(q, u"hotline ticket of case %1"_s.arg(caseId));
    if (!q.next())
        return std::optional<CaseHotlineTicket>();
    CaseHotlineTicket t;
    t.hotline = q.value(0).toString();
    t.ticketId = q.value(1).toString();
    t.round = q.value(2).toInt();
    t.type = q.value(3).toString();
    t.content = q.value(4).toString();
    t.contactMasked = q.value(5).toString();
    t.receivedAt = fromMs(q.value(6));
    t.hotlineDueAt = fromMs(q.value(7));
    t.firstContactDueAt = fromMs(q.value(8));
    t.firstContactAt = fromMs(q.value(9));
    return std::optional<CaseHotlineTicket>(t);
}

Result<QList<AttachmentInfo>> CaseRelations::attachments(const QStringList &hashes)
{
    QList<AttachmentInfo> infos;
    if (hashes.isEmpty())
        return infos;
    QSqlQuery q(mStore.database());
    q.setForwardOnly(true);
    if (!q.prepare(u"SELECT hash, size, mime_type, original_name FROM attachments WHERE hash = ?"_s))
        return queryError(q, u"attachments"_s);
    for (const QString &hash : hashes) {
        q.addBindValue(hash);
        if (!q.exec())
            return queryError(q, u"attachment %1"_s.arg(hash));
        if (q.next()) {
            AttachmentInfo info;
            info.hash = q.value(0).toString();
            info.size = q.value(1).toLongLong();
            info.mimeType = q.value(2).toString();
            info.originalName = q.value(3).toString();
            infos.append(info);
        }
        q.finish();
    }
    return infos;
}

} // namespace cg
