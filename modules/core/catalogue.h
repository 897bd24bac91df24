#pragma once

#include "core/codes.h"
#include "core/result.h"
#include "core/timelimit.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QStringList>

#include <array>
#include <optional>

namespace cg {

// One area class's rule for a catalogue class.
struct ClassRule
{
    QString filingCondition;  // 立案条件
    TimeLimit limit;          // 处置时限
    QString closingCondition; // 结案条件
    QString unitType;         // a code of unit-types.csv
    Priority priority = Priority::Normal;

    bool isComplete() const
    {
        return !filingCondition.isEmpty() && !limit.isNull() && !closingCondition.isEmpty() &&
               !unitType.isEmpty();
    }
    friend bool operator==(const ClassRule &, const ClassRule &) = default;
};

// A GB/T 47678.5 class with its rules per area class and its flags.
struct CatalogueClass
{
    CatalogueKey key;
    QString majorName;
    QString name;
    std::array<ClassRule, AreaClassCount> rules; // indexed by int(AreaClass)
    bool keySupervision = false;                 // 重点监管
    bool selfDisposalAllowed = false;            // 可自行处置
    bool hardCase = false;                       // 难点问题
    // Staged closing for hard cases (停止施工 → 立案处罚 → 拆除); empty otherwise.
    QStringList closingStages;
    // Parallel to closingStages: the time a stage may take once the previous one is done; a null limit means
    // the stage has no limit of its own and only the rule's limit applies (usually the last stage).
    QList<TimeLimit> closingStageLimits;

    const ClassRule &rule(AreaClass area) const { return rules[int(area)]; }
};

// A kind of responsible unit (专业部门 type): the dispatcher picks a real unit of this type.
struct UnitType
{
    QString code;
    QString nameZh;
    QString nameEn;
};

// An administrator's change to one class, stored in the database by another module and applied after loading.
struct CatalogueOverride
{
    CatalogueKey key;
    std::optional<AreaClass> area; // nullopt = every area class
    std::optional<TimeLimit> limit;
    std::optional<QString> filingCondition, closingCondition, unitType;
    std::optional<Priority> priority;
    // Class-wide: only with area == nullopt.
    std::optional<bool> keySupervision, selfDisposalAllowed, hardCase;
    std::optional<QStringList> closingStages; // new stages without limits unless closingStageLimits is given
    std::optional<QList<TimeLimit>> closingStageLimits;
};

// How a CJ/T 214 class relates to its GB/T 47678.5 counterpart.
enum class ClassicMatch {
    Exact,   // same name (up to bracket width and punctuation)
    Synonym, // same meaning, other words (上水井盖 → 供水井盖)
    Broader, // the new class contains the classic one (民用水井 → 水井)
    Narrower, // the new class is the part of the classic one that matters in practice (泵站 → 排水泵站)
    None,     // no class really matches: a person must classify
};

QString classicMatchName(ClassicMatch match); // "exact", "synonym", "broader", "narrower", "none"
Result<ClassicMatch> parseClassicMatch(const QString &text);

// A row of the older CJ/T 214 catalogue with its mapping.
struct ClassicClass
{
    ClassKind kind = ClassKind::Event;
    QString code; // 4 digits
    QString majorName;
    QString name;
    CatalogueKey target; // null when match is None
    ClassicMatch match = ClassicMatch::None;
};

// The GB/T 47678.5 catalogue with per-area-class rules, responsible unit types and the CJ/T 214 mapping.
// A copyable value: load it once, apply the administrator's overrides, hand copies around.
class Catalogue
{
public:
    Catalogue() = default;

    // From the resources compiled into the program (:/citygrid/catalog/); parsed once per process.
    static Result<Catalogue> loadDefault();
    // From file contents; errors name the file (gbt47678-5.csv, class-rules.csv, unit-types.csv,
    // cjt214-classic.csv, cjt214-mapping.csv) and line. Nothing is returned on error, not a partial
    // catalogue.
    static Result<Catalogue> load(const QByteArray &classesCsv, const QByteArray &rulesCsv,
                                  const QByteArray &unitTypesCsv, const QByteArray &classicCsv,
                                  const QByteArray &classicMappingCsv);

    const CatalogueClass *find(const CatalogueKey &key) const; // nullptr if unknown
    Result<const CatalogueClass *> require(const CatalogueKey &key) const;
    const QList<CatalogueClass> &classes() const { return mClasses; } // sorted by (kind, code)

    QList<UnitType> unitTypes() const { return mUnitTypes; } // in file order
    const UnitType *unitType(const QString &code) const;

    // Fails with UnknownClass or InvalidInput; the catalogue is unchanged on error.
    Status applyOverride(const CatalogueOverride &o);

    // CJ/T 214 4-digit code → GB/T 47678.5 key where a class matches; UnknownClass for a code that is not in
    // CJ/T 214, NotFound for one without a counterpart.
    Result<CatalogueKey> fromClassic(ClassKind kind, const QString &classicCode) const;
    QString classicName(ClassKind kind, const QString &classicCode) const; // empty if unknown
    const ClassicClass *classic(ClassKind kind, const QString &classicCode) const;
    const QList<ClassicClass> &classicClasses() const { return mClassic; } // in file order

private:
    QList<CatalogueClass> mClasses;
    QHash<CatalogueKey, qsizetype> mIndex;
    QList<UnitType> mUnitTypes;
    QHash<QString, qsizetype> mUnitIndex;
    QList<ClassicClass> mClassic;
    QHash<QString, qsizetype> mClassicIndex; // "event/0101"
};

} // namespace cg
