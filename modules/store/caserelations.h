#pragma once

#include "core/casetypes.h"
#include "store/sqlstore.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace cg {

// A case near another one, or of the same class in the same grid: a possible duplicate or a recurring
// problem (DOMAIN.md §5 "Duplicates", §6 "recurring problems at one place").
struct RelatedCase
{
    qint64 id = 0;
    QString number;
    CaseState state = CaseState::None;
    CatalogueKey classKey;
    UnitGridCode grid;
    QString address;
    QDateTime reportedAt;
    double longitude = 0; // 0, 0: no position
    double latitude = 0;
    double distanceMetres = -1; // -1 when either case has no position
    bool nearby = false;        // within the radius asked for
    bool sameGridAndClass = false;
};

// The hotline ticket behind a case, as the gateway keeps it (its table exists once a gateway used the store).
struct CaseHotlineTicket
{
    QString hotline; // "12345" / "12319"
    QString ticketId;
    int round = 1;
    QString type;
    QString content;
    QString contactMasked; // already masked by the gateway ("张* 138****5678"); empty when none was given
    QDateTime receivedAt;
    QDateTime hotlineDueAt;
    QDateTime firstContactDueAt;
    QDateTime firstContactAt;
};

// Reads around one case that the case repository does not offer: related cases, the hotline ticket and the
// stored facts of attachments. SQL shared by SQLite and PostgreSQL. Store thread only, like the store.
class CaseRelations
{
public:
    struct Query
    {
        double radiusMetres = 50;
        // Closed, rejected and voided cases count when reported at or after this time.
        QDateTime recentSince;
        int limit = 50;
    };

    explicit CaseRelations(SqlStore &store);

    // Cases other than `record` that lie within the radius of it, or share its grid and class; open ones
    // and recent finished ones; nearest first (those without a position last, newest first).
    Result<QList<RelatedCase>> related(const CaseRecord &record, const Query &query);
    // The newest round of the case's hotline ticket, if it came from a hotline.
    Result<std::optional<CaseHotlineTicket>> hotlineTicket(qint64 caseId);
    // The stored facts (size, type, name) of attachments by hash, in the order given; unknown hashes are
    // left out.
    Result<QList<AttachmentInfo>> attachments(const QStringList &hashes);

    // Great-circle distance in metres (spherical Earth, radius 6 371 008.8 m).
    static double distanceMetres(double lon1, double lat1, double lon2, double lat2);

private:
    SqlStore &mStore;
};

} // namespace cg
