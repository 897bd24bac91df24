#include "ui/cases/casefile.h"

#include "geo/geometry.h"
#include "session/session.h"

#include <QBuffer>
#include <QHash>
#include <QImageReader>
#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

std::optional<PhotoPhase> phaseOf(Action action)
{
    switch (action) {
    case Action::Report:
    case Action::SendToVerify:
    case Action::VerifyConfirmed:
    case Action::VerifyNotFound:
    case Action::SelfDispose:
        return PhotoPhase::Before;
    case Action::ReportHandled:
    case Action::ReportStage:
    case Action::CheckPass:
    case Action::CheckFail:
    case Action::ApproveSelfDisposal:
        return PhotoPhase::After;
    default:
        return std::nullopt; // photos of other actions (a request's evidence) count as "before"
    }
}

QImage thumbnailOf(const QByteArray &content)
{
    QBuffer buffer;
    buffer.setData(content);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid()) {
        reader.setScaledSize(
            size.scaled(CaseFileReader::ThumbnailSize, CaseFileReader::ThumbnailSize, Qt::KeepAspectRatio));
    }
    QImage image = reader.read();
    if (!image.isNull() &&
        (image.width() > CaseFileReader::ThumbnailSize || image.height() > CaseFileReader::ThumbnailSize))
        image = image.scaled(CaseFileReader::ThumbnailSize, CaseFileReader::ThumbnailSize,
                             Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

Result<std::shared_ptr<const GridData>> readStreetGrids(Session &session, const JurisdictionCode &street)
{
    auto jurisdictions = session.store().jurisdictions();
    if (!jurisdictions)
        return jurisdictions.error();
    GridData::Builder builder;
    for (const Jurisdiction &j : *jurisdictions)
        builder.setName(j.code.text(), j.name);
    for (const Jurisdiction &j : *jurisdictions) {
        if (j.code.level() != JurisdictionLevel::Community || !street.covers(j.code))
            continue;
        auto grids = session.store().grids(j.code);
        if (!grids)
            return grids.error();
        if (grids->isEmpty())
            continue;
        const int community = builder.addCommunity(j.code.text(), j.name);
        for (const UnitGrid &grid : *grids) {
            const auto polygon = polygonFromWkb(grid.wkb);
            if (!polygon || polygon->outer.size() < 4)
                continue;
            builder.addCell(grid.code.text().toLongLong(), community, polygon->outer.constData(),
                            int(polygon->outer.size()));
        }
    }
    return builder.build();
}

CasePoints::Input pointOf(qint64 id, const UnitGridCode &grid, double lon, double lat, CaseState state)
{
    CasePoints::Input in;
    in.id = id;
    in.grid = grid.isNull() ? 0 : grid.text().toLongLong();
    in.lon = lon;
    in.lat = lat;
    in.state = uint8_t(state);
    if (isOpen(state))
        in.flags |= CasePoints::Open;
    return in;
}

} // namespace

QList<CasePhoto> CaseFileReader::photosOf(const QList<CaseEvent> &events)
{
    QList<CasePhoto> photos;
    for (const CaseEvent &e : events) {
        const QJsonArray attachments = e.details.value(u"attachments").toArray();
        int index = 0;
        for (const QJsonValue &a : attachments) {
            CasePhoto p;
            p.hash = a.toString();
            p.eventSeq = e.seq;
            p.action = e.action;
            p.at = e.at;
            p.actorName = e.actorName;
            p.role = e.role;
            if (e.action == Action::SelfDispose)
                p.phase = index == 0 ? PhotoPhase::Before : PhotoPhase::After;
            else
                p.phase = phaseOf(e.action).value_or(PhotoPhase::Before);
            photos.append(p);
            ++index;
        }
    }
    return photos;
}

Result<CaseSnapshot> CaseFileReader::load(Session &session, qint64 caseId, const Actor &actor,
                                          const CaseSnapshot &cached)
{
    const CaseMapData &cachedMap = cached.map;
    QHash<QString, QImage> thumbnails;
    for (const CasePhoto &p : cached.photos) {
        if (!p.thumbnail.isNull())
            thumbnails.insert(p.hash, p.thumbnail);
    }
    auto record = session.store().findCase(caseId);
    if (!record)
        return record.error();
    auto events = session.store().events(caseId);
    if (!events)
        return events.error();
    CaseSnapshot s;
    s.record = std::move(record).value();
    s.events = std::move(events).value();
    s.actions = session.cases().availableActions(actor, s.record);
    s.facts = session.cases().factsOf(s.record);

    CaseRelations relations(session.store());
    CaseRelations::Query query;
    query.radiusMetres = RelatedRadiusMetres;
    query.recentSince = session.clock().now().addDays(-RecentDays);
    auto related = relations.related(s.record, query);
    if (!related)
        return related.error();
    s.related = std::move(related).value();
    auto hotline = relations.hotlineTicket(caseId);
    if (!hotline)
        return hotline.error();
    s.hotline = std::move(hotline).value();

    s.photos = photosOf(s.events);
    QStringList hashes;
    for (const CasePhoto &p : std::as_const(s.photos))
        hashes.append(p.hash);
    auto infos = relations.attachments(hashes);
    if (!infos)
        return infos.error();
    QHash<QString, QString> names;
    for (const AttachmentInfo &info : std::as_const(*infos))
        names.insert(info.hash, info.originalName);
    for (CasePhoto &p : s.photos) {
        p.originalName = names.value(p.hash);
        if (const auto known = thumbnails.constFind(p.hash); known != thumbnails.cend()) {
            p.thumbnail = *known;
            continue;
        }
        // A missing or damaged file leaves the photo without a picture; the dock says so.
        if (auto content = session.store().attachmentContent(p.hash))
            p.thumbnail = thumbnailOf(*content);
    }

    const JurisdictionCode street = s.record.street();
    s.map.street = street.isNull() ? QString() : street.text();
    if (cachedMap.grids && cachedMap.street == s.map.street) {
        s.map.grids = cachedMap.grids;
    } else if (!street.isNull()) {
        auto grids = readStreetGrids(session, street);
        if (!grids)
            return grids.error();
        s.map.grids = std::move(grids).value();
    }
    s.map.focusGrid = s.record.grid.isNull() ? 0 : s.record.grid.text().toLongLong();
    CasePoints::Builder points;
    if (s.record.longitude != 0 || s.record.latitude != 0) {
        s.map.position = QPointF(s.record.longitude, s.record.latitude);
        points.add(
            pointOf(s.record.id, s.record.grid, s.record.longitude, s.record.latitude, s.record.state));
    }
    for (const RelatedCase &r : std::as_const(s.related)) {
        if (r.longitude != 0 || r.latitude != 0)
            points.add(pointOf(r.id, r.grid, r.longitude, r.latitude, r.state));
    }
    s.map.cases = points.build();
    return s;
}

Result<QImage> CaseFileReader::readPhoto(Session &session, const QString &hash)
{
    auto content = session.store().attachmentContent(hash);
    if (!content)
        return content.error();
    QImage image = QImage::fromData(*content);
    if (image.isNull())
        return makeError(ErrorCode::InvalidInput, u"attachment %1 is not a picture"_s.arg(hash.left(12)));
    return image;
}

} // namespace cg
