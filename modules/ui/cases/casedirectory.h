#pragma once

#include "core/casetypes.h"
#include "core/catalogue.h"
#include "store/sqlitestore.h"

#include <QHash>
#include <QList>

namespace cg {

class Session;

// What the case UI needs to put names on codes and ids: the catalogue, the jurisdiction tree, the units and
// the users. Loaded once in the store thread (load()) and then read by widgets on the GUI thread, so that no
// label ever needs a store query. A value: copy it or share it as std::shared_ptr<const CaseDirectory>.
class CaseDirectory
{
public:
    // Store thread only.
    static Result<CaseDirectory> load(Session &session);

    const Catalogue &catalogue() const { return mCatalogue; }
    const QList<UserRecord> &users() const { return mUsers; }
    const QList<ResponsibleUnit> &units() const { return mUnits; } // sorted by jurisdiction, then name
    const QList<Jurisdiction> &jurisdictions() const { return mJurisdictions; }

    // Names for people; an empty string when the code or id is unknown.
    QString jurisdictionName(const JurisdictionCode &code) const;
    QString unitName(qint64 unitId) const;
    QString userName(qint64 userId) const;
    QString className(const CatalogueKey &key) const;
    const ResponsibleUnit *unit(qint64 unitId) const;
    // "南京东路街道 / 贵州": the street and community of a case.
    QString placeName(const CaseRecord &record) const;

    // The unit a dispatcher most likely wants: one whose type is the class rule's unit type for the case's
    // area class, in the case's district; 0 when none fits.
    qint64 suggestedUnit(const CaseRecord &record) const;

    // For tests and tools that build a directory by hand.
    void setCatalogue(Catalogue catalogue) { mCatalogue = std::move(catalogue); }
    void setJurisdictions(QList<Jurisdiction> jurisdictions);
    void setUnits(QList<ResponsibleUnit> units);
    void setUsers(QList<UserRecord> users);

private:
    Catalogue mCatalogue;
    QList<Jurisdiction> mJurisdictions;
    QList<ResponsibleUnit> mUnits;
    QList<UserRecord> mUsers;
    QHash<QString, qsizetype> mJurisdictionIndex;
    QHash<qint64, qsizetype> mUnitIndex;
    QHash<qint64, qsizetype> mUserIndex;
};

} // namespace cg
