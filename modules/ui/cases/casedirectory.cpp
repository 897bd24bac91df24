#include "ui/cases/casedirectory.h"

#include "session/session.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace cg {

Result<CaseDirectory> CaseDirectory::load(Session &session)
{
    CaseDirectory directory;
    directory.mCatalogue = session.catalogue();
    auto jurisdictions = session.store().jurisdictions();
    if (!jurisdictions)
        return jurisdictions.error();
    auto units = session.store().units();
    if (!units)
        return units.error();
    auto users = session.store().users();
    if (!users)
        return users.error();
    directory.setJurisdictions(std::move(jurisdictions).value());
    directory.setUnits(std::move(units).value());
    directory.setUsers(std::move(users).value());
    return directory;
}

void CaseDirectory::setJurisdictions(QList<Jurisdiction> jurisdictions)
{
    mJurisdictions = std::move(jurisdictions);
    mJurisdictionIndex.clear();
    for (qsizetype i = 0; i < mJurisdictions.size(); ++i)
        mJurisdictionIndex.insert(mJurisdictions.at(i).code.text(), i);
}

void CaseDirectory::setUnits(QList<ResponsibleUnit> units)
{
    mUnits = std::move(units);
    std::stable_sort(mUnits.begin(), mUnits.end(), [](const ResponsibleUnit &a, const ResponsibleUnit &b) {
        return a.jurisdiction == b.jurisdiction ? a.name < b.name : a.jurisdiction < b.jurisdiction;
    });
    mUnitIndex.clear();
    for (qsizetype i = 0; i < mUnits.size(); ++i)
        mUnitIndex.insert(mUnits.at(i).id, i);
}

void CaseDirectory::setUsers(QList<UserRecord> users)
{
    mUsers = std::move(users);
    mUserIndex.clear();
    for (qsizetype i = 0; i < mUsers.size(); ++i)
        mUserIndex.insert(mUsers.at(i).id, i);
}

QString CaseDirectory::jurisdictionName(const JurisdictionCode &code) const
{
    const qsizetype i = mJurisdictionIndex.value(code.text(), -1);
    return i < 0 ? QString() : mJurisdictions.at(i).name;
}

const ResponsibleUnit *CaseDirectory::unit(qint64 unitId) const
{
    const qsizetype i = mUnitIndex.value(unitId, -1);
    return i < 0 ? nullptr : &mUnits.at(i);
}

QString CaseDirectory::unitName(qint64 unitId) const
{
    const ResponsibleUnit *u = unit(unitId);
    return u ? u->name : QString();
}

QString CaseDirectory::userName(qint64 userId) const
{
    const qsizetype i = mUserIndex.value(userId, -1);
    return i < 0 ? QString() : mUsers.at(i).name;
}

QString CaseDirectory::className(const CatalogueKey &key) const
{
    const CatalogueClass *cls = mCatalogue.find(key);
    return cls ? cls->name : QString();
}

QString CaseDirectory::placeName(const CaseRecord &record) const
{
    if (record.community.isNull())
        return {};
    const QString street = jurisdictionName(record.street());
    const QString community = jurisdictionName(record.community);
    if (street.isEmpty())
        return community.isEmpty() ? record.community.text() : community;
    return community.isEmpty() ? street : street + u" / "_s + community;
}

qint64 CaseDirectory::suggestedUnit(const CaseRecord &record) const
{
    const CatalogueClass *cls = mCatalogue.find(record.classKey);
    if (!cls)
        return 0;
    const QString type = cls->rule(record.areaClass).unitType;
    if (type.isEmpty())
        return 0;
    const JurisdictionCode district = record.district();
    const ResponsibleUnit *fallback = nullptr;
    for (const ResponsibleUnit &u : mUnits) {
        if (u.unitType != type)
            continue;
        if (!district.isNull() && u.jurisdiction == district)
            return u.id;
        // A city-wide unit of the right type serves when the district has none of its own.
        if (!fallback && !u.jurisdiction.isNull() && u.jurisdiction.covers(record.community))
            fallback = &u;
    }
    return fallback ? fallback->id : 0;
}

} // namespace cg
