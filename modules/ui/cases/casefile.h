#pragma once

#include "core/casetypes.h"
#include "map/casepoints.h"
#include "map/griddata.h"
#include "store/caserelations.h"

#include <QHash>
#include <QImage>
#include <QList>

#include <memory>
#include <optional>

namespace cg {

class Session;

// Photos before the work (what was found) and after it (what was done).
enum class PhotoPhase { Before, After };

// A photo of the case file: an attachment of one of its events.
struct CasePhoto
{
    QString hash; // SHA-256 of the stored file
    int eventSeq = 0;
    Action action = Action::Report;
    PhotoPhase phase = PhotoPhase::Before;
    QDateTime at;
    QString actorName;
    Role role = Role::System;
    QString originalName; // as the file was called when it was added; empty when unknown
    QImage thumbnail;     // at most ThumbnailSize wide and high; null when the file is missing or no image
};

// What the mini-map draws: the unit grids of the case's street, the case and its related cases.
struct CaseMapData
{
    QString street; // the street the grids belong to
    std::shared_ptr<const GridData> grids;
    std::shared_ptr<const CasePoints> cases; // the case and its related cases
    qint64 focusGrid = 0;                    // the case's grid code as a number
    QPointF position;                        // lon/lat of the case; null when it has none
};

// One case as the dock shows it (its case file, 案卷): read together in the store thread, so the parts agree.
struct CaseSnapshot
{
    CaseRecord record;
    QList<CaseEvent> events; // in order (seq)
    QList<Action> actions;   // what the actor may do now (CaseService::availableActions)
    CaseFacts facts;         // what the workflow decides on
    QList<CasePhoto> photos; // in event order
    QList<RelatedCase> related;
    std::optional<CaseHotlineTicket> hotline;
    CaseMapData map;
};

class CaseFileReader
{
public:
    static constexpr int ThumbnailSize = 160;
    static constexpr double RelatedRadiusMetres = 50;
    static constexpr int RecentDays = 30; // finished cases count as related this long after their report

    // The photos of a case from its events' attachments, without images. A photo belongs to the phase of
    // the event that brought it: reports and verifications show the problem, handling, checks and stages
    // the result; a self-disposal's first photo is "before", the others "after".
    static QList<CasePhoto> photosOf(const QList<CaseEvent> &events);

    // Store thread: the case file of `caseId` for `actor`. The street's grids are read only when
    // `cached` holds another street's (they rarely change and are the largest part), and photos already in
    // `cached` are not decoded again (attachments never change: they are named by their content).
    static Result<CaseSnapshot> load(Session &session, qint64 caseId, const Actor &actor,
                                     const CaseSnapshot &cached = {});

    // Store thread: a photo at full size.
    static Result<QImage> readPhoto(Session &session, const QString &hash);
};

} // namespace cg
