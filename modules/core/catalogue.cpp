#include "core/catalogue.h"

#include "core/csv.h"

#include <QFile>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

Error invalid(QString message)
{
    return makeError(ErrorCode::InvalidInput, std::move(message));
}

QString kindId(ClassKind kind, const QString &code)
{
    return kindName(kind) + u'/' + code;
}

// ---- class files (GB/T 47678.5 and CJ/T 214 share the layout) ----

struct ClassRow
{
    int line = 0;
    ClassKind kind = ClassKind::Event;
    QString majorCode, majorName, code, name;
};

Result<QList<ClassRow>> readClassRows(const CsvTable &table, int codeDigits)
{
    if (auto s = table.requireColumns(
            {u"kind"_s, u"major_code"_s, u"major_name"_s, u"minor_code"_s, u"minor_name"_s});
        !s)
        return s.error();
    QList<ClassRow> rows;
    QHash<QString, int> firstLine;                     // "event/06010" → line
    QHash<QString, std::pair<QString, int>> majorName; // "event/06" → name, line
    for (const CsvRecord &r : table.records()) {
        const QString where = table.where(r);
        auto kind = parseKind(table.value(r, u"kind"_s));
        if (!kind)
            return invalid(where + kind.errorMessage());
        ClassRow row{r.line,
                     *kind,
                     table.value(r, u"major_code"_s),
                     table.value(r, u"major_name"_s),
                     table.value(r, u"minor_code"_s),
                     table.value(r, u"minor_name"_s)};
        if (!isDigits(row.majorCode, 2))
            return invalid(where + u"major code '%1' must have 2 digits"_s.arg(row.majorCode));
        if (!isDigits(row.code, codeDigits)) {
            if (codeDigits == 5 && isDigits(row.code, 4))
                return invalid(where + u"class code '%1' has 4 digits, the CJ/T 214 form; this file needs "
                                       u"5-digit GB/T 47678.5 codes (major 2 + minor 3)"_s.arg(row.code));
            return invalid(where + u"class code '%1' must have %2 digits (major 2 + minor %3)"_s.arg(row.code)
                                       .arg(codeDigits)
                                       .arg(codeDigits - 2));
        }
        if (!row.code.startsWith(row.majorCode))
            return invalid(where +
                           u"class %1 does not start with its major code %2"_s.arg(row.code, row.majorCode));
        if (row.majorName.isEmpty() || row.name.isEmpty())
            return invalid(where + u"major_name and minor_name must not be empty"_s);
        const QString id = kindId(row.kind, row.code);
        if (const auto it = firstLine.constFind(id); it != firstLine.cend())
            return invalid(where + u"duplicate class %1 (first on line %2)"_s.arg(id).arg(*it));
        firstLine.insert(id, row.line);
        const QString majorId = kindId(row.kind, row.majorCode);
        if (const auto it = majorName.constFind(majorId); it == majorName.cend())
            majorName.insert(majorId, {row.majorName, row.line});
        else if (it->first != row.majorName)
            return invalid(where + u"major %1 is named '%2' here but '%3' on line %4"_s
                                       .arg(majorId, row.majorName, it->first)
                                       .arg(it->second));
        rows.append(row);
    }
    if (rows.isEmpty())
        return invalid(u"%1: no classes"_s.arg(table.source()));
    return rows;
}

// ---- unit types ----

Result<QList<UnitType>> readUnitTypes(const CsvTable &table)
{
    if (auto s = table.requireColumns({u"code"_s, u"name_zh"_s, u"name_en"_s}); !s)
        return s.error();
    static const QRegularExpression codePattern(u"^[a-z][a-z0-9_]*$"_s);
    QList<UnitType> types;
    QHash<QString, int> firstLine;
    for (const CsvRecord &r : table.records()) {
        const QString where = table.where(r);
        UnitType t{table.value(r, u"code"_s), table.value(r, u"name_zh"_s), table.value(r, u"name_en"_s)};
        if (!codePattern.match(t.code).hasMatch())
            return invalid(
                where +
                u"unit type code '%1' must be lower-case letters, digits and underscores"_s.arg(t.code));
        if (t.nameZh.isEmpty() || t.nameEn.isEmpty())
            return invalid(where + u"unit type %1 needs name_zh and name_en"_s.arg(t.code));
        if (const auto it = firstLine.constFind(t.code); it != firstLine.cend())
            return invalid(where + u"duplicate unit type %1 (first on line %2)"_s.arg(t.code).arg(*it));
        firstLine.insert(t.code, r.line);
        types.append(t);
    }
    if (types.isEmpty())
        return invalid(u"%1: no unit types"_s.arg(table.source()));
    return types;
}

// ---- the rules table ----

// A rule scope: kind (nullopt = both) and code (empty = all classes, 2 digits = a major, 5 = a class).
struct Scope
{
    std::optional<ClassKind> kind;
    QString code;

    // Class beats major beats kind; at the same code level, a named kind beats '*'.
    int rank() const { return (code.isEmpty() ? 0 : code.size() == 2 ? 1 : 2) * 2 + (kind ? 1 : 0); }
    bool matches(const CatalogueKey &key) const
    {
        return (!kind || *kind == key.kind()) && key.code().startsWith(code);
    }
};

struct Stages
{
    QStringList names;
    QList<TimeLimit> limits;
};

struct RuleRow
{
    int line = 0;
    QList<Scope> scopes;
    std::optional<AreaClass> area; // nullopt = '*'
    std::optional<QString> filing, closing, unitType;
    std::optional<TimeLimit> limit;                                  // for the row's area (or every area)
    std::optional<std::array<TimeLimit, AreaClassCount>> areaLimits; // "A / B / C / rural" on a '*' row
    std::optional<Priority> priority;
    std::optional<bool> keySupervision, selfDisposal, hardCase;
    std::optional<Stages> stages;
};

const QStringList ruleColumns = {
    u"scope"_s,         u"area"_s,     u"filing_condition"_s, u"limit"_s,         u"closing_condition"_s,
    u"unit_type"_s,     u"priority"_s, u"key_supervision"_s,  u"self_disposal"_s, u"hard_case"_s,
    u"closing_stages"_s};

Result<Scope> parseScope(const QString &text, const QList<ClassRow> &classes)
{
    const auto formError = [&] {
        return invalid(u"scope '%1' is not of the form kind/code, such as event/*, event/06, event/06010 or "
                       u"*/01001"_s.arg(text));
    };
    const qsizetype slash = text.indexOf(u'/');
    if (slash <= 0)
        return formError();
    Scope scope;
    const QString kindText = text.left(slash);
    const QString code = text.mid(slash + 1);
    if (kindText != u"*"_s) {
        auto kind = parseKind(kindText);
        if (!kind)
            return invalid(u"scope '%1': %2"_s.arg(text, kind.errorMessage()));
        scope.kind = *kind;
    }
    if (code == u"*"_s)
        return scope;
    if (isDigits(code, 4))
        return invalid(
            u"scope '%1' has a 4-digit CJ/T 214 code; use the 5-digit GB/T 47678.5 code"_s.arg(text));
    if (!isDigits(code, 2) && !isDigits(code, 5))
        return formError();
    scope.code = code;
    const bool any = std::any_of(classes.cbegin(), classes.cend(), [&](const ClassRow &c) {
        return (!scope.kind || *scope.kind == c.kind) && c.code.startsWith(code);
    });
    if (!any)
        return invalid(code.size() == 5
                           ? u"scope '%1' names a class that is not in gbt47678-5.csv"_s.arg(text)
                           : u"scope '%1' matches no class in gbt47678-5.csv"_s.arg(text));
    return scope;
}

Result<bool> parseFlag(const QString &column, const QString &text)
{
    const QString t = text.toLower();
    if (t == u"yes"_s || t == u"true"_s || t == u"1"_s)
        return true;
    if (t == u"no"_s || t == u"false"_s || t == u"0"_s)
        return false;
    return invalid(u"%1 '%2' must be yes or no"_s.arg(column, text));
}

// "停止施工=4wh|立案处罚=5wd|拆除"; "-" = no stages.
Result<Stages> parseStages(const QString &text)
{
    Stages stages;
    if (text == u"-"_s)
        return stages;
    for (const QString &part : text.split(u'|')) {
        const qsizetype eq = part.indexOf(u'=');
        const QString name = (eq < 0 ? part : part.left(eq)).trimmed();
        if (name.isEmpty())
            return invalid(u"closing stages '%1' contain an empty stage"_s.arg(text));
        TimeLimit limit;
        if (eq >= 0) {
            auto parsed = TimeLimit::parse(part.mid(eq + 1));
            if (!parsed)
                return invalid(u"closing stage %1: %2"_s.arg(name, parsed.errorMessage()));
            limit = *parsed;
        }
        stages.names.append(name);
        stages.limits.append(limit);
    }
    return stages;
}

Result<RuleRow> parseRuleRow(const CsvTable &table, const CsvRecord &r, const QList<ClassRow> &classes,
                             const QHash<QString, qsizetype> &unitIndex)
{
    const QString where = table.where(r);
    RuleRow row;
    row.line = r.line;

    const QString scopeText = table.value(r, u"scope"_s);
    static const QRegularExpression space(u"\\s+"_s);
    for (const QString &s : scopeText.split(space, Qt::SkipEmptyParts)) {
        auto scope = parseScope(s, classes);
        if (!scope)
            return invalid(where + scope.errorMessage());
        row.scopes.append(*scope);
    }
    if (row.scopes.isEmpty())
        return invalid(where + u"scope is empty"_s);

    const QString areaText = table.value(r, u"area"_s);
    if (areaText.isEmpty())
        return invalid(where + u"area is empty; use * for every area class"_s);
    if (areaText != u"*"_s) {
        auto area = parseAreaClass(areaText);
        if (!area)
            return invalid(where + area.errorMessage());
        row.area = *area;
    }

    auto text = [&](const QString &column) -> std::optional<QString> {
        const QString v = table.value(r, column);
        return v.isEmpty() ? std::nullopt : std::optional<QString>(v);
    };
    row.filing = text(u"filing_condition"_s);
    row.closing = text(u"closing_condition"_s);
    row.unitType = text(u"unit_type"_s);
    if (row.unitType && !unitIndex.contains(*row.unitType))
        return invalid(where + u"unit type '%1' is not in unit-types.csv"_s.arg(*row.unitType));

    if (const auto limitText = text(u"limit"_s)) {
        const QStringList parts = limitText->split(u'/');
        if (parts.size() == 1) {
            auto limit = TimeLimit::parse(parts.first());
            if (!limit)
                return invalid(where + limit.errorMessage());
            row.limit = *limit;
        } else if (parts.size() == AreaClassCount && !row.area) {
            std::array<TimeLimit, AreaClassCount> limits;
            for (int i = 0; i < AreaClassCount; ++i) {
                auto limit = TimeLimit::parse(parts.at(i));
                if (!limit)
                    return invalid(where + limit.errorMessage());
                limits[i] = *limit;
            }
            row.areaLimits = limits;
        } else if (row.area) {
            return invalid(where + u"limit '%1': a row for one area class takes one limit"_s.arg(*limitText));
        } else {
            return invalid(where + u"limit '%1' gives %2 values; give one, or four for A / B / C / rural"_s
                                       .arg(*limitText)
                                       .arg(parts.size()));
        }
    }
    if (const auto p = text(u"priority"_s)) {
        auto priority = parsePriority(*p);
        if (!priority)
            return invalid(where + priority.errorMessage());
        row.priority = *priority;
    }

    // Flags and stages belong to the class, not to one area class.
    const auto classWide = [&](const QString &column) -> Status {
        if (row.area && !table.value(r, column).isEmpty())
            return invalid(where +
                           u"%1 applies to the whole class; set it on a row with area *"_s.arg(column));
        return {};
    };
    const std::pair<QString, std::optional<bool> *> flags[] = {{u"key_supervision"_s, &row.keySupervision},
                                                               {u"self_disposal"_s, &row.selfDisposal},
                                                               {u"hard_case"_s, &row.hardCase}};
    for (const auto &[column, target] : flags) {
        if (auto s = classWide(column); !s)
            return s.error();
        if (const auto v = text(column)) {
            auto flag = parseFlag(column, *v);
            if (!flag)
                return invalid(where + flag.errorMessage());
            *target = *flag;
        }
    }
    if (auto s = classWide(u"closing_stages"_s); !s)
        return s.error();
    if (const auto v = text(u"closing_stages"_s)) {
        auto stages = parseStages(*v);
        if (!stages)
            return invalid(where + stages.errorMessage());
        row.stages = *stages;
    }

    if (!row.filing && !row.closing && !row.unitType && !row.limit && !row.areaLimits && !row.priority &&
        !row.keySupervision && !row.selfDisposal && !row.hardCase && !row.stages)
        return invalid(where + u"the row sets nothing"_s);
    return row;
}

// The value of one field for one class (and area), with the rank and line it came from.
template<typename T>
struct Pick
{
    int rank = -1;
    int line = 0;
    std::optional<T> value;
    int conflictLine = 0; // a second row of the same rank
};

template<typename T>
void offer(Pick<T> &pick, const std::optional<T> &value, int rank, int line)
{
    if (!value)
        return;
    if (rank > pick.rank) // a more specific row settles any tie below it
        pick = Pick<T>{rank, line, value, 0};
    else if (rank == pick.rank && !pick.conflictLine)
        pick.conflictLine = line;
}

struct ResolveContext
{
    const CsvTable &table;
    const CatalogueClass &cls;
    QString areaText; // "area A" or empty for class-wide fields
    QStringList missing;
};

template<typename T>
Status take(ResolveContext &ctx, const Pick<T> &pick, const QString &field, T &target)
{
    if (pick.conflictLine) {
        const QString subject =
            ctx.areaText.isEmpty() ? ctx.cls.key.toString() : ctx.cls.key.toString() + u' ' + ctx.areaText;
        return invalid(u"%1 line %2: %3 of %4 is already set on line %5 by a row of the same scope level and "
                       u"area; keep one of them"_s.arg(ctx.table.source())
                           .arg(pick.conflictLine)
                           .arg(field, subject)
                           .arg(pick.line));
    }
    if (pick.value)
        target = *pick.value;
    else
        ctx.missing.append(field);
    return {};
}

Status resolveRules(const CsvTable &table, const QList<RuleRow> &rows, CatalogueClass &cls)
{
    QList<std::pair<const RuleRow *, int>> matched; // row, scope rank
    for (const RuleRow &row : rows) {
        int rank = -1;
        for (const Scope &s : row.scopes) {
            if (s.matches(cls.key))
                rank = std::max(rank, s.rank());
        }
        if (rank >= 0)
            matched.append({&row, rank});
    }

    Pick<bool> key, self, hard;
    Pick<Stages> stages;
    for (const auto &[row, rank] : matched) {
        if (row->area)
            continue;
        offer(key, row->keySupervision, rank, row->line);
        offer(self, row->selfDisposal, rank, row->line);
        offer(hard, row->hardCase, rank, row->line);
        offer(stages, row->stages, rank, row->line);
    }
    ResolveContext ctx{table, cls, QString(), {}};
    Stages chosenStages;
    for (Status s : {take(ctx, key, u"key_supervision"_s, cls.keySupervision),
                     take(ctx, self, u"self_disposal"_s, cls.selfDisposalAllowed),
                     take(ctx, hard, u"hard_case"_s, cls.hardCase)}) {
        if (!s)
            return s;
    }
    if (auto s = take(ctx, stages, u"closing_stages"_s, chosenStages); !s)
        return s;
    ctx.missing.removeAll(u"closing_stages"_s); // stages are optional
    cls.closingStages = chosenStages.names;
    cls.closingStageLimits = chosenStages.limits;
    if (!ctx.missing.isEmpty())
        return invalid(u"%1: %2 %3 has no %4; add a row whose scope covers it"_s.arg(
            table.source(), cls.key.toString(), cls.name, ctx.missing.join(u", "_s)));

    for (int a = 0; a < AreaClassCount; ++a) {
        Pick<QString> filing, closing, unit;
        Pick<TimeLimit> limit;
        Pick<Priority> priority;
        for (const auto &[row, scopeRank] : matched) {
            if (row->area && int(*row->area) != a)
                continue;
            const int rank = scopeRank * 2 + (row->area ? 1 : 0);
            offer(filing, row->filing, rank, row->line);
            offer(closing, row->closing, rank, row->line);
            offer(unit, row->unitType, rank, row->line);
            offer(priority, row->priority, rank, row->line);
            offer(limit, row->limit, rank, row->line);
            if (row->areaLimits) // "A / B / C / rural" counts as four area rows
                offer(limit, std::optional<TimeLimit>((*row->areaLimits)[a]), scopeRank * 2 + 1, row->line);
        }
        ClassRule &rule = cls.rules[a];
        ResolveContext areaCtx{table, cls, u"area "_s + areaClassName(AreaClass(a)), {}};
        for (Status s : {take(areaCtx, filing, u"filing_condition"_s, rule.filingCondition),
                         take(areaCtx, limit, u"limit"_s, rule.limit),
                         take(areaCtx, closing, u"closing_condition"_s, rule.closingCondition),
                         take(areaCtx, unit, u"unit_type"_s, rule.unitType),
                         take(areaCtx, priority, u"priority"_s, rule.priority)}) {
            if (!s)
                return s;
        }
        if (!areaCtx.missing.isEmpty())
            return invalid(u"%1: %2 %3, area %4, has no %5; add a row whose scope covers it"_s.arg(
                table.source(), cls.key.toString(), cls.name, areaClassName(AreaClass(a)),
                areaCtx.missing.join(u", "_s)));
    }
    return {};
}

// ---- the classic mapping ----

struct MappingRow
{
    int line = 0;
    CatalogueKey target;
    ClassicMatch match = ClassicMatch::None;
};

} // namespace

QString classicMatchName(ClassicMatch match)
{
    switch (match) {
    case ClassicMatch::Exact:
        return u"exact"_s;
    case ClassicMatch::Synonym:
        return u"synonym"_s;
    case ClassicMatch::Broader:
        return u"broader"_s;
    case ClassicMatch::Narrower:
        return u"narrower"_s;
    case ClassicMatch::None:
        return u"none"_s;
    }
    return {};
}

Result<ClassicMatch> parseClassicMatch(const QString &text)
{
    for (ClassicMatch m : {ClassicMatch::Exact, ClassicMatch::Synonym, ClassicMatch::Broader,
                           ClassicMatch::Narrower, ClassicMatch::None}) {
        if (text.trimmed().toLower() == classicMatchName(m))
            return m;
    }
    return invalid(u"match '%1' is unknown; expected exact, synonym, broader, narrower or none"_s.arg(text));
}

Result<Catalogue> Catalogue::loadDefault()
{
    // Parsed once: the resources cannot change while the program runs, and copies share their data.
    static const Result<Catalogue> loaded = []() -> Result<Catalogue> {
        QByteArray data[5];
        const char16_t *names[5] = {u"gbt47678-5.csv", u"class-rules.csv", u"unit-types.csv",
                                    u"cjt214-classic.csv", u"cjt214-mapping.csv"};
        for (int i = 0; i < 5; ++i) {
            const QString path = u":/citygrid/catalog/"_s + QString::fromUtf16(names[i]);
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                return makeError(ErrorCode::Io, u"%1 cannot be read: %2"_s.arg(path, file.errorString()));
            data[i] = file.readAll();
        }
        return load(data[0], data[1], data[2], data[3], data[4]);
    }();
    return loaded;
}

Result<Catalogue> Catalogue::load(const QByteArray &classesCsv, const QByteArray &rulesCsv,
                                  const QByteArray &unitTypesCsv, const QByteArray &classicCsv,
                                  const QByteArray &classicMappingCsv)
{
    Catalogue cat;

    // Unit types first: the rules refer to them.
    auto unitTable = CsvTable::parse(unitTypesCsv, u"unit-types.csv"_s);
    if (!unitTable)
        return unitTable.error();
    auto units = readUnitTypes(*unitTable);
    if (!units)
        return units.error();
    cat.mUnitTypes = *units;
    for (qsizetype i = 0; i < cat.mUnitTypes.size(); ++i)
        cat.mUnitIndex.insert(cat.mUnitTypes.at(i).code, i);

    auto classTable = CsvTable::parse(classesCsv, u"gbt47678-5.csv"_s);
    if (!classTable)
        return classTable.error();
    auto classRows = readClassRows(*classTable, 5);
    if (!classRows)
        return classRows.error();

    auto classicTable = CsvTable::parse(classicCsv, u"cjt214-classic.csv"_s);
    if (!classicTable)
        return classicTable.error();
    auto classicRows = readClassRows(*classicTable, 4);
    if (!classicRows)
        return classicRows.error();

    // Classes, sorted by (kind, code) and indexed.
    for (const ClassRow &row : std::as_const(*classRows)) {
        CatalogueClass c;
        c.key = CatalogueKey(row.kind, row.code);
        c.majorName = row.majorName;
        c.name = row.name;
        cat.mClasses.append(c);
    }
    std::sort(cat.mClasses.begin(), cat.mClasses.end(),
              [](const CatalogueClass &a, const CatalogueClass &b) { return a.key < b.key; });
    for (qsizetype i = 0; i < cat.mClasses.size(); ++i)
        cat.mIndex.insert(cat.mClasses.at(i).key, i);

    // The classic mapping: every classic row exactly once, every target a real class.
    auto mapTable = CsvTable::parse(classicMappingCsv, u"cjt214-mapping.csv"_s);
    if (!mapTable)
        return mapTable.error();
    if (auto s = mapTable->requireColumns({u"kind"_s, u"classic_code"_s, u"gbt_code"_s, u"match"_s}); !s)
        return s.error();
    QHash<QString, ClassRow> classicById;
    for (const ClassRow &row : std::as_const(*classicRows))
        classicById.insert(kindId(row.kind, row.code), row);
    QHash<QString, MappingRow> mapping;
    for (const CsvRecord &r : mapTable->records()) {
        const QString where = mapTable->where(r);
        auto kind = parseKind(mapTable->value(r, u"kind"_s));
        if (!kind)
            return invalid(where + kind.errorMessage());
        const QString code = mapTable->value(r, u"classic_code"_s);
        const QString id = kindId(*kind, code);
        const auto classicRow = classicById.constFind(id);
        if (classicRow == classicById.cend())
            return invalid(where +
                           u"CJ/T 214 %1 %2 is not in cjt214-classic.csv"_s.arg(kindName(*kind), code));
        // Names are optional in the mapping; when given they must agree, which catches shifted rows.
        const QString givenName = mapTable->value(r, u"classic_name"_s);
        if (!givenName.isEmpty() && givenName != classicRow->name)
            return invalid(where + u"classic_name '%1' differs from cjt214-classic.csv ('%2')"_s.arg(
                                       givenName, classicRow->name));
        if (const auto it = mapping.constFind(id); it != mapping.cend())
            return invalid(where +
                           u"CJ/T 214 %1 %2 is mapped twice (first on line %3)"_s.arg(kindName(*kind), code)
                               .arg(it->line));
        auto match = parseClassicMatch(mapTable->value(r, u"match"_s));
        if (!match)
            return invalid(where + match.errorMessage());
        MappingRow m{r.line, {}, *match};
        const QString target = mapTable->value(r, u"gbt_code"_s);
        if (*match == ClassicMatch::None) {
            if (!target.isEmpty())
                return invalid(where + u"match none takes no gbt_code (found %1)"_s.arg(target));
        } else {
            if (target.isEmpty())
                return invalid(where + u"match %1 needs a gbt_code"_s.arg(classicMatchName(*match)));
            auto key = CatalogueKey::make(*kind, target);
            if (!key)
                return invalid(where + key.errorMessage());
            const auto cls = cat.mIndex.constFind(*key);
            if (cls == cat.mIndex.cend())
                return invalid(where + u"target %1 is not in gbt47678-5.csv"_s.arg(key->toString()));
            const QString gbtName = mapTable->value(r, u"gbt_name"_s);
            if (!gbtName.isEmpty() && gbtName != cat.mClasses.at(*cls).name)
                return invalid(where + u"gbt_name '%1' differs from gbt47678-5.csv ('%2')"_s.arg(
                                           gbtName, cat.mClasses.at(*cls).name));
            m.target = *key;
        }
        mapping.insert(id, m);
    }
    for (const ClassRow &row : std::as_const(*classicRows)) {
        const QString id = kindId(row.kind, row.code);
        const auto m = mapping.constFind(id);
        if (m == mapping.cend())
            return invalid(
                u"cjt214-mapping.csv: CJ/T 214 %1 %2 %3 is not mapped; add a row (match none when no "
                u"class fits)"_s.arg(kindName(row.kind), row.code, row.name));
        cat.mClassicIndex.insert(id, cat.mClassic.size());
        cat.mClassic.append(ClassicClass{row.kind, row.code, row.majorName, row.name, m->target, m->match});
    }

    // The rules: parse every row first so that format errors name their line, then resolve per class.
    auto rulesTable = CsvTable::parse(rulesCsv, u"class-rules.csv"_s);
    if (!rulesTable)
        return rulesTable.error();
    if (auto s = rulesTable->requireColumns(ruleColumns); !s)
        return s.error();
    for (const QString &column : rulesTable->header()) {
        if (!ruleColumns.contains(column) && column != u"reason"_s)
            return invalid(u"class-rules.csv: unknown column '%1'; expected %2 and reason"_s.arg(
                column, ruleColumns.join(u", "_s)));
    }
    QList<RuleRow> rules;
    for (const CsvRecord &r : rulesTable->records()) {
        auto row = parseRuleRow(*rulesTable, r, *classRows, cat.mUnitIndex);
        if (!row)
            return row.error();
        rules.append(*row);
    }
    for (CatalogueClass &c : cat.mClasses) {
        if (auto s = resolveRules(*rulesTable, rules, c); !s)
            return s.error();
    }
    return cat;
}

const CatalogueClass *Catalogue::find(const CatalogueKey &key) const
{
    const auto it = mIndex.constFind(key);
    return it == mIndex.cend() ? nullptr : &mClasses.at(*it);
}

Result<const CatalogueClass *> Catalogue::require(const CatalogueKey &key) const
{
    if (const CatalogueClass *c = find(key))
        return c;
    return makeError(ErrorCode::UnknownClass, u"catalogue class %1 is unknown"_s.arg(key.toString()));
}

const UnitType *Catalogue::unitType(const QString &code) const
{
    const auto it = mUnitIndex.constFind(code);
    return it == mUnitIndex.cend() ? nullptr : &mUnitTypes.at(*it);
}

Status Catalogue::applyOverride(const CatalogueOverride &o)
{
    const auto it = mIndex.constFind(o.key);
    if (it == mIndex.cend())
        return makeError(ErrorCode::UnknownClass, u"catalogue class %1 is unknown"_s.arg(o.key.toString()));
    const QString what = u"override of %1: "_s.arg(o.key.toString());
    if (o.unitType && !mUnitIndex.contains(*o.unitType))
        return invalid(what + u"unit type '%1' is unknown"_s.arg(*o.unitType));
    if (o.limit && o.limit->isNull())
        return invalid(what + u"the time limit must be greater than zero"_s);
    if (o.filingCondition && o.filingCondition->trimmed().isEmpty())
        return invalid(what + u"the filing condition must not be empty"_s);
    if (o.closingCondition && o.closingCondition->trimmed().isEmpty())
        return invalid(what + u"the closing condition must not be empty"_s);
    if (o.area &&
        (o.keySupervision || o.selfDisposalAllowed || o.hardCase || o.closingStages || o.closingStageLimits))
        return invalid(what +
                       u"key supervision, self-disposal, hard case and closing stages apply to every area "
                       u"class; leave the area empty"_s);

    CatalogueClass c = mClasses.at(*it);
    if (o.closingStages) {
        if (o.closingStages->contains(QString()))
            return invalid(what + u"a closing stage must not be empty"_s);
        c.closingStages = *o.closingStages;
        c.closingStageLimits = QList<TimeLimit>(c.closingStages.size());
    }
    if (o.closingStageLimits) {
        if (o.closingStageLimits->size() != c.closingStages.size())
            return invalid(what + u"%1 stage limits for %2 closing stages"_s.arg(o.closingStageLimits->size())
                                      .arg(c.closingStages.size()));
        c.closingStageLimits = *o.closingStageLimits;
    }
    for (int a = 0; a < AreaClassCount; ++a) {
        if (o.area && int(*o.area) != a)
            continue;
        ClassRule &rule = c.rules[a];
        if (o.limit)
            rule.limit = *o.limit;
        if (o.filingCondition)
            rule.filingCondition = *o.filingCondition;
        if (o.closingCondition)
            rule.closingCondition = *o.closingCondition;
        if (o.unitType)
            rule.unitType = *o.unitType;
        if (o.priority)
            rule.priority = *o.priority;
    }
    if (o.keySupervision)
        c.keySupervision = *o.keySupervision;
    if (o.selfDisposalAllowed)
        c.selfDisposalAllowed = *o.selfDisposalAllowed;
    if (o.hardCase)
        c.hardCase = *o.hardCase;
    mClasses[*it] = c;
    return {};
}

const ClassicClass *Catalogue::classic(ClassKind kind, const QString &classicCode) const
{
    const auto it = mClassicIndex.constFind(kindId(kind, classicCode));
    return it == mClassicIndex.cend() ? nullptr : &mClassic.at(*it);
}

Result<CatalogueKey> Catalogue::fromClassic(ClassKind kind, const QString &classicCode) const
{
    const ClassicClass *c = classic(kind, classicCode);
    if (!c)
        return makeError(ErrorCode::UnknownClass,
                         u"CJ/T 214 %1 code '%2' is unknown"_s.arg(kindName(kind), classicCode));
    if (c->match == ClassicMatch::None)
        return makeError(ErrorCode::NotFound,
                         u"CJ/T 214 %1 %2 %3 has no GB/T 47678.5 counterpart; choose a class by hand"_s.arg(
                             kindName(kind), c->code, c->name));
    return c->target;
}

QString Catalogue::classicName(ClassKind kind, const QString &classicCode) const
{
    const ClassicClass *c = classic(kind, classicCode);
    return c ? c->name : QString();
}

} // namespace cg
