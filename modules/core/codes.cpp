#include "core/codes.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

bool isDigits(const QString &text, qsizetype length)
{
    if (text.size() != length)
        return false;
    for (QChar c : text) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

static bool allDigits(const QString &text)
{
    return isDigits(text, text.size());
}

QString levelName(JurisdictionLevel level)
{
    switch (level) {
    case JurisdictionLevel::City:
        return u"city"_s;
    case JurisdictionLevel::District:
        return u"district"_s;
    case JurisdictionLevel::Street:
        return u"street"_s;
    case JurisdictionLevel::Community:
        return u"community"_s;
    }
    return {};
}

Result<JurisdictionCode> JurisdictionCode::parse(const QString &text)
{
    if (!allDigits(text) || text.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         u"jurisdiction code '%1' must contain digits only (6, 9 or 12 of them)"_s.arg(text));
    switch (text.size()) {
    case 6:
        if (text.startsWith(u"00"_s))
            return makeError(
                ErrorCode::InvalidInput,
                u"jurisdiction code %1 has no province (its first two digits are 00)"_s.arg(text));
        return JurisdictionCode(text, text.endsWith(u"00"_s) ? JurisdictionLevel::City
                                                             : JurisdictionLevel::District);
    case 9: {
        const int street = text.mid(6).toInt();
        auto district = JurisdictionCode::parse(text.left(6));
        if (!district)
            return makeError(ErrorCode::InvalidInput,
                             u"street code %1: %2"_s.arg(text, district.errorMessage()));
        if (district->level() != JurisdictionLevel::District)
            return makeError(ErrorCode::InvalidInput,
                             u"street code %1 must start with a district code, not the city code %2"_s.arg(
                                 text, text.left(6)));
        if (street < 1 || street > 399)
            return makeError(ErrorCode::InvalidInput,
                             u"street code %1: the street/town part %2 must be 001–399 (001–099 street, "
                             u"100–199 town, 200–399 township)"_s.arg(text, text.mid(6)));
        return JurisdictionCode(text, JurisdictionLevel::Street);
    }
    case 12: {
        auto street = JurisdictionCode::parse(text.left(9));
        if (!street)
            return makeError(ErrorCode::InvalidInput,
                             u"community code %1: %2"_s.arg(text, street.errorMessage()));
        if (text.mid(9).toInt() < 1)
            return makeError(
                ErrorCode::InvalidInput,
                u"community code %1: the community/village part must be 001–999, not 000"_s.arg(text));
        return JurisdictionCode(text, JurisdictionLevel::Community);
    }
    default:
        return makeError(
            ErrorCode::InvalidInput,
            u"jurisdiction code %1 has %2 digits; expected 6 (city or district), 9 (street/town) "
            u"or 12 (community/village)"_s.arg(text)
                .arg(text.size()));
    }
}

QString JurisdictionCode::prefix() const
{
    if (mLevel != JurisdictionLevel::City)
        return mText;
    QString p = mText;
    while (p.endsWith(u"00"_s) && p.size() > 2)
        p.chop(2);
    return p;
}

JurisdictionCode JurisdictionCode::parent() const
{
    switch (mLevel) {
    case JurisdictionLevel::City:
        return {};
    case JurisdictionLevel::District: {
        // A municipality's districts (3101xx) belong to 310000; a prefecture's (3205xx) to 320500.
        const QString province = mText.left(2);
        const bool municipality =
            province == u"11"_s || province == u"12"_s || province == u"31"_s || province == u"50"_s;
        return JurisdictionCode(municipality ? province + u"0000"_s : mText.left(4) + u"00"_s,
                                JurisdictionLevel::City);
    }
    case JurisdictionLevel::Street:
        return JurisdictionCode(mText.left(6), JurisdictionLevel::District);
    case JurisdictionLevel::Community:
        return JurisdictionCode(mText.left(9), JurisdictionLevel::Street);
    }
    return {};
}

bool JurisdictionCode::covers(const JurisdictionCode &other) const
{
    if (isNull() || other.isNull())
        return false;
    if (other.mLevel < mLevel)
        return false;
    return other.mText.startsWith(prefix());
}

Result<UnitGridCode> UnitGridCode::parse(const QString &text)
{
    if (!allDigits(text) || (text.size() != 14 && text.size() != 15))
        return makeError(
            ErrorCode::InvalidInput,
            u"grid code %1 has %2 characters; expected 14 or 15 digits (community code + serial)"_s.arg(text)
                .arg(text.size()));
    auto community = JurisdictionCode::parse(text.left(12));
    if (!community)
        return makeError(ErrorCode::InvalidInput, u"grid code %1: %2"_s.arg(text, community.errorMessage()));
    if (text.mid(12).toInt() == 0)
        return makeError(ErrorCode::InvalidInput,
                         u"grid code %1: the serial must start at 1, not 0"_s.arg(text));
    return UnitGridCode(text);
}

Result<UnitGridCode> UnitGridCode::make(const JurisdictionCode &community, int serial, int serialDigits)
{
    if (community.level() != JurisdictionLevel::Community)
        return makeError(ErrorCode::InvalidInput, u"unit grids belong to a community; %1 is a %2"_s.arg(
                                                      community.text(), levelName(community.level())));
    if (serialDigits != 2 && serialDigits != 3)
        return makeError(ErrorCode::InvalidInput,
                         u"a grid serial has 2 or 3 digits, not %1"_s.arg(serialDigits));
    const int max = serialDigits == 2 ? 99 : 999;
    if (serial < 1 || serial > max)
        return makeError(ErrorCode::InvalidInput,
                         u"community %1 has no %2-digit grid serial %3 (1–%4)"_s.arg(community.text())
                             .arg(serialDigits + 12)
                             .arg(serial)
                             .arg(max));
    return UnitGridCode(community.text() + QString::number(serial).rightJustified(serialDigits, u'0'));
}

Result<UnitGridCode> UnitGridCode::next(const JurisdictionCode &community, int lastSerial, int serialDigits)
{
    const int max = serialDigits == 2 ? 99 : 999;
    if (lastSerial >= max)
        return makeError(
            ErrorCode::InvalidInput,
            u"community %1 has used all %2 serials of its %3-digit grid codes; split the community "
            u"or use 15-digit codes"_s.arg(community.text())
                .arg(max)
                .arg(serialDigits + 12));
    return make(community, lastSerial + 1, serialDigits);
}

JurisdictionCode UnitGridCode::community() const
{
    return JurisdictionCode::parse(mText.left(12)).value();
}

Status UnitGridCode::checkBelongsTo(const JurisdictionCode &communityCode) const
{
    if (!mText.startsWith(communityCode.text()) || communityCode.level() != JurisdictionLevel::Community)
        return makeError(ErrorCode::InvalidInput,
                         u"grid %1 does not belong to community %2 (its community part is %3)"_s.arg(
                             mText, communityCode.text(), mText.left(12)));
    return {};
}

QString kindName(ClassKind kind)
{
    return kind == ClassKind::Component ? u"component"_s : u"event"_s;
}

Result<ClassKind> parseKind(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"component"_s || t == u"c"_s || t == u"部件"_s)
        return ClassKind::Component;
    if (t == u"event"_s || t == u"matter"_s || t == u"e"_s || t == u"事件"_s)
        return ClassKind::Event;
    return makeError(ErrorCode::InvalidInput,
                     u"class kind '%1' is unknown; expected 'component' or 'event'"_s.arg(text));
}

Result<CatalogueKey> CatalogueKey::make(ClassKind kind, const QString &code)
{
    if (!isDigits(code, 5))
        return makeError(ErrorCode::InvalidInput,
                         u"class code '%1' must have 5 digits (major 2 + minor 3)"_s.arg(code));
    return CatalogueKey(kind, code);
}

Result<CatalogueKey> CatalogueKey::parse(const QString &text)
{
    const qsizetype slash = text.indexOf(u'/');
    if (slash > 0) {
        auto kind = parseKind(text.left(slash));
        if (!kind)
            return kind.error();
        return make(*kind, text.mid(slash + 1));
    }
    if (text.size() == 6 && (text.at(0) == u'C' || text.at(0) == u'E'))
        return make(text.at(0) == u'C' ? ClassKind::Component : ClassKind::Event, text.mid(1));
    return makeError(ErrorCode::InvalidInput,
                     u"catalogue key '%1' is not of the form event/06010 or component/01001"_s.arg(text));
}

QString CatalogueKey::toString() const
{
    return kindName(mKind) + u'/' + mCode;
}

Result<ComponentId> ComponentId::parse(const QString &text)
{
    if (!allDigits(text) || (text.size() != 16 && text.size() != 17))
        return makeError(
            ErrorCode::InvalidInput,
            u"component id %1 has %2 characters; expected 17 digits (county 6 + class 5 + serial 6) "
            u"or 16 (CJ/T 214: county 6 + class 4 + serial 6)"_s.arg(text)
                .arg(text.size()));
    auto county = JurisdictionCode::parse(text.left(6));
    if (!county)
        return makeError(ErrorCode::InvalidInput, u"component id %1: %2"_s.arg(text, county.errorMessage()));
    return ComponentId(text);
}

Result<MatterCode> MatterCode::parse(const QString &text)
{
    if (!isDigits(text, 11))
        return makeError(
            ErrorCode::InvalidInput,
            u"matter code %1 has %2 characters; expected 11 digits (county 6 + class 5)"_s.arg(text).arg(
                text.size()));
    auto county = JurisdictionCode::parse(text.left(6));
    if (!county)
        return makeError(ErrorCode::InvalidInput, u"matter code %1: %2"_s.arg(text, county.errorMessage()));
    return MatterCode(text);
}

} // namespace cg
