#pragma once

#include "core/result.h"

#include <QHashFunctions>
#include <QString>

namespace cg {

// Levels of the jurisdiction tree (GB/T 2260 + township rules).
enum class JurisdictionLevel { City, District, Street, Community };

QString levelName(JurisdictionLevel level);

// A jurisdiction code: city or district 6 digits, street/town 9, community/village 12.
// A city code ends in "00" (310000, 320500); a district code does not (310101).
class JurisdictionCode
{
public:
    JurisdictionCode() = default;
    static Result<JurisdictionCode> parse(const QString &text);

    bool isNull() const { return mText.isEmpty(); }
    const QString &text() const { return mText; }
    JurisdictionLevel level() const { return mLevel; }

    // The code one level up; a null code for a city.
    JurisdictionCode parent() const;
    // True if `other` is this node or lies below it (a city covers its districts, ...).
    bool covers(const JurisdictionCode &other) const;
    // The first 6 digits: the county (district) code.
    QString countyCode() const { return mText.left(6); }

    friend bool operator==(const JurisdictionCode &a, const JurisdictionCode &b)
    {
        return a.mText == b.mText;
    }
    friend bool operator<(const JurisdictionCode &a, const JurisdictionCode &b) { return a.mText < b.mText; }

private:
    JurisdictionCode(QString text, JurisdictionLevel level)
        : mText(std::move(text))
        , mLevel(level)
    {}
    QString prefix() const; // the digits that every code below this one starts with

    QString mText;
    JurisdictionLevel mLevel = JurisdictionLevel::City;
};

inline size_t qHash(const JurisdictionCode &code, size_t seed = 0)
{
    return qHash(code.text(), seed);
}

// A unit grid code: 12-digit community code + serial, 2 digits (14 in all, CJ/T 213) or 3 digits
// (15 in all, GB/T 47678; numbered west→east, north→south inside the community).
class UnitGridCode
{
public:
    UnitGridCode() = default;
    static Result<UnitGridCode> parse(const QString &text);
    static Result<UnitGridCode> make(const JurisdictionCode &community, int serial, int serialDigits = 3);
    // The serial after `lastSerial` in a community, or an overflow error naming the community.
    static Result<UnitGridCode> next(const JurisdictionCode &community, int lastSerial, int serialDigits = 3);

    bool isNull() const { return mText.isEmpty(); }
    const QString &text() const { return mText; }
    JurisdictionCode community() const;
    int serial() const { return mText.mid(12).toInt(); }
    int serialDigits() const { return int(mText.size()) - 12; }

    // Fails with a message naming both codes when the grid does not belong to `community`.
    Status checkBelongsTo(const JurisdictionCode &community) const;

    friend bool operator==(const UnitGridCode &a, const UnitGridCode &b) { return a.mText == b.mText; }

private:
    explicit UnitGridCode(QString text)
        : mText(std::move(text))
    {}
    QString mText;
};

// Component or event: the same 5-digit code exists as both in GB/T 47678.5, so the kind is part of the key.
enum class ClassKind { Component, Event };

QString kindName(ClassKind kind); // "component" / "event"
Result<ClassKind> parseKind(const QString &text);

// A catalogue key: kind + 5-digit class code (major 2 + minor 3).
class CatalogueKey
{
public:
    CatalogueKey() = default;
    CatalogueKey(ClassKind kind, QString code)
        : mKind(kind)
        , mCode(std::move(code))
    {}
    static Result<CatalogueKey> make(ClassKind kind, const QString &code);
    // "event/06010", "component/01001"; also accepts "E06010" and "C01001".
    static Result<CatalogueKey> parse(const QString &text);

    bool isNull() const { return mCode.isEmpty(); }
    ClassKind kind() const { return mKind; }
    const QString &code() const { return mCode; }
    QString majorCode() const { return mCode.left(2); }
    QString toString() const;

    friend bool operator==(const CatalogueKey &a, const CatalogueKey &b)
    {
        return a.mKind == b.mKind && a.mCode == b.mCode;
    }
    friend bool operator<(const CatalogueKey &a, const CatalogueKey &b)
    {
        return a.mKind != b.mKind ? a.mKind < b.mKind : a.mCode < b.mCode;
    }

private:
    ClassKind mKind = ClassKind::Event;
    QString mCode;
};

inline size_t qHash(const CatalogueKey &key, size_t seed = 0)
{
    return qHashMulti(seed, int(key.kind()), key.code());
}

// A component identifier: county 6 + major 2 + minor 3 + serial 6 = 17 digits (GB/T 47678.5),
// or the CJ/T 214 form with a 2-digit minor: 16 digits.
class ComponentId
{
public:
    ComponentId() = default;
    static Result<ComponentId> parse(const QString &text);

    bool isNull() const { return mText.isEmpty(); }
    const QString &text() const { return mText; }
    bool isClassic() const { return mText.size() == 16; }
    QString countyCode() const { return mText.left(6); }
    // The class code as written in the id: 5 digits, or 4 for a classic id.
    QString classCode() const { return mText.mid(6, isClassic() ? 4 : 5); }
    int serial() const { return mText.right(6).toInt(); }

private:
    explicit ComponentId(QString text)
        : mText(std::move(text))
    {}
    QString mText;
};

// A matter (event) code: county 6 + class code 5 = 11 digits.
class MatterCode
{
public:
    MatterCode() = default;
    static Result<MatterCode> parse(const QString &text);

    const QString &text() const { return mText; }
    QString countyCode() const { return mText.left(6); }
    QString classCode() const { return mText.mid(6); }

private:
    explicit MatterCode(QString text)
        : mText(std::move(text))
    {}
    QString mText;
};

// True if `text` has exactly `length` ASCII digits.
bool isDigits(const QString &text, qsizetype length);

} // namespace cg
