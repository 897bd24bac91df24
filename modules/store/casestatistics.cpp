#include "store/casestatistics.h"

#include "core/inspection.h"
#include "geo/crs.h"
#include "store/sqlinspectionrepository.h"
#include "store/sqlvalues.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr qint64 BeijingOffsetMs = 8 * 3600 * 1000;
constexpr qint64 DayMs = 24 * 3600 * 1000;

// States in which a case is in a unit's hands.
const QString unitHandStates = u"('dispatched', 'return_requested', 'park_requested', 'parked')"_s;
const QString terminalStates = u"('closed', 'voided', 'rejected')"_s;

const QString summaryColumns =
    u"c.id, c.number, c.version, c.state, c.step, c.step_due_at, c.handling_due_at, c.reported_at, "
    u"c.class_kind, "
    u"c.class_code, c.grid_code, c.street_code, j.name, c.unit_id, u.name, c.owning_tier, c.key_supervision, "
    u"c.hard_case, c.hard_case_stage, c.urge_count, c.last_urge_level, c.longitude, c.latitude, c.address"_s;
constexpr int SummaryColumnCount = 24;
const QString summaryJoins =
    u" FROM cases c LEFT JOIN jurisdictions j ON j.code = c.street_code LEFT JOIN units u ON u.id = c.unit_id"_s;

QDate beijingDay(qint64 dayNumber)
{
    return QDate(1970, 1, 1).addDays(dayNumber);
}

JurisdictionLevel levelOf(const QString &name)
{
    for (auto level : {JurisdictionLevel::City, JurisdictionLevel::District, JurisdictionLevel::Street,
                       JurisdictionLevel::Community}) {
        if (levelName(level) == name)
            return level;
    }
    return JurisdictionLevel::District;
}

CaseSummary readSummary(const QSqlQuery &q, int first = 0)
{
    const auto v = [&](int i) {
        return q.value(first + i);
    };
    CaseSummary s;
    s.id = v(0).toLongLong();
    s.number = v(1).toString();
    s.version = v(2).toInt();
    s.state = parseState(v(3).toString()).ok() ? *parseState(v(3).toString()) : CaseState::None;
    s.step = parseStep(v(4).toString()).ok() ? *parseStep(v(4).toString()) : Step::None;
    s.stepDueAt = fromMs(v(5));
    s.handlingDueAt = fromMs(v(6));
    s.reportedAt = fromMs(v(7));
    if (auto kind = parseKind(v(8).toString()))
        s.classKey = CatalogueKey(*kind, v(9).toString());
    if (auto grid = UnitGridCode::parse(v(10).toString()))
        s.grid = *grid;
    s.street = parseCodeOrNull(v(11).toString());
    s.streetName = v(12).toString();
    s.unitId = v(13).isNull() ? 0 : v(13).toLongLong();
    s.unitName = v(14).toString();
    s.owningTier = levelOf(v(15).toString());
    s.keySupervision = v(16).toInt() != 0;
    s.hardCase = v(17).toInt() != 0;
    s.hardCaseStage = v(18).toInt();
    s.urgeCount = v(19).toInt();
    if (auto level = parseUrgeLevel(v(20).toString()))
        s.lastUrgeLevel = *level;
    s.longitude = v(21).toDouble();
    s.latitude = v(22).toDouble();
    s.address = v(23).toString();
    return s;
}

} // namespace

CaseStatistics::CaseStatistics(SqlStore &store, const Catalogue *catalogue)
    : mStore(store)
    , mCatalogue(catalogue)
{}

QString CaseStatistics::caseScopeClause(const JurisdictionCode &scope, QVariantList &values,
                                        const QString &alias)
{
    if (scope.isNull())
        return u"1 = 1"_s;
    switch (scope.level()) {
    case JurisdictionLevel::City:
        values.append(QString(scope.text().left(scope.text().endsWith(u"0000"_s) ? 2 : 4) + u'%'));
        return alias + u"district_code LIKE ?"_s;
    case JurisdictionLevel::District:
        values.append(scope.text());
        return alias + u"district_code = ?"_s;
    case JurisdictionLevel::Street:
        values.append(scope.text());
        return alias + u"street_code = ?"_s;
    case JurisdictionLevel::Community:
        values.append(scope.text());
        return alias + u"community_code = ?"_s;
    }
    return u"1 = 1"_s;
}

Result<QSqlQuery> CaseStatistics::run(const QString &sql, const QVariantList &values, const QString &what)
{
    QSqlQuery query(mStore.database());
    query.setForwardOnly(true);
    if (!query.prepare(sql) || [&] {
            for (const QVariant &v : values)
                query.addBindValue(v);
            return !query.exec();
        }())
        return makeError(ErrorCode::Storage,
                         u"store %1: %2: %3"_s.arg(mStore.path(), what, query.lastError().text()));
    return query;
}

QString CaseStatistics::className(const CatalogueKey &key) const
{
    const CatalogueClass *cls = mCatalogue ? mCatalogue->find(key) : nullptr;
    return cls ? cls->name : key.toString();
}

void CaseStatistics::decorate(CaseSummary &s) const
{
    s.className = className(s.classKey);
    const CatalogueClass *cls = mCatalogue ? mCatalogue->find(s.classKey) : nullptr;
    if (s.hardCase && cls)
        s.stageName = cls->closingStages.value(s.hardCaseStage);
}

Result<QList<DayCount>> CaseStatistics::dailyCounts(const StatisticsFilter &filter)
{
    if (!filter.from.isValid() || !filter.to.isValid() || filter.to <= filter.from)
        return makeError(ErrorCode::InvalidInput,
                         u"daily counts need a period whose end is after its start"_s);
    const qint64 from = filter.from.toMSecsSinceEpoch(), to = filter.to.toMSecsSinceEpoch();
    const qint64 firstDay = (from + BeijingOffsetMs) / DayMs;
    const qint64 lastDay = (to - 1 + BeijingOffsetMs) / DayMs;
    QList<DayCount> days;
    for (qint64 d = firstDay; d <= lastDay; ++d)
        days.append({beijingDay(d), 0, 0});
    const auto add = [&](const QString &column, const QString &extra, bool reported) -> Status {
        QVariantList values{BeijingOffsetMs, DayMs, from, to};
        const QString scope = caseScopeClause(filter.scope, values);
        auto q = run(u"SELECT (%1 + ?) / ?, COUNT(*) FROM cases WHERE %1 >= ? AND %1 < ? %2 AND "_s.arg(
                         column, extra) +
                         scope + u" GROUP BY 1"_s,
                     values, u"cases per day"_s);
        if (!q)
            return q.error();
        while (q->next()) {
            const qint64 i = q->value(0).toLongLong() - firstDay;
            if (i >= 0 && i < days.size())
                (reported ? days[i].reported : days[i].closed) = q->value(1).toInt();
        }
        return {};
    };
    if (auto s = add(u"reported_at"_s, {}, true); !s)
        return s.error();
    if (auto s = add(u"closed_at"_s, u"AND state = 'closed'"_s, false); !s)
        return s.error();
    return days;
}

Result<QList<NamedCount>> CaseStatistics::openByStep(const JurisdictionCode &scope)
{
    QVariantList values;
    const QString where = caseScopeClause(scope, values);
    auto q = run(u"SELECT step, COUNT(*) FROM cases WHERE state NOT IN "_s + terminalStates + u" AND " +
                     where + u" GROUP BY step"_s,
                 values, u"open cases by step"_s);
    if (!q)
        return q.error();
    QHash<Step, int> counts;
    while (q->next()) {
        if (auto step = parseStep(q->value(0).toString()))
            counts[*step] += q->value(1).toInt();
    }
    QList<NamedCount> rows;
    for (int i = 0; i < StepCount; ++i) {
        const Step step = Step(i);
        if (counts.value(step) > 0)
            rows.append({stepName(step), stepLabel(step), counts.value(step)});
    }
    return rows;
}

Result<QList<NamedCount>> CaseStatistics::topClasses(const StatisticsFilter &filter, int limit)
{
    QVariantList values{filter.from.toMSecsSinceEpoch(), filter.to.toMSecsSinceEpoch()};
    const QString where = caseScopeClause(filter.scope, values);
    values.append(std::max(1, limit));
    auto q = run(
        u"SELECT class_kind, class_code, COUNT(*) AS n FROM cases WHERE reported_at >= ? AND reported_at < ? "
        u"AND "_s +
            where + u" GROUP BY class_kind, class_code ORDER BY n DESC, class_kind, class_code LIMIT ?"_s,
        values, u"top classes"_s);
    if (!q)
        return q.error();
    QList<NamedCount> rows;
    while (q->next()) {
        auto kind = parseKind(q->value(0).toString());
        const CatalogueKey key(kind ? *kind : ClassKind::Event, q->value(1).toString());
        rows.append({key.toString(), className(key), q->value(2).toInt()});
    }
    return rows;
}

Result<QList<NamedCount>> CaseStatistics::byStreet(const StatisticsFilter &filter)
{
    QVariantList values{filter.from.toMSecsSinceEpoch(), filter.to.toMSecsSinceEpoch()};
    const QString where = caseScopeClause(filter.scope, values, u"c."_s);
    auto q =
        run(u"SELECT c.street_code, j.name, COUNT(*) AS n FROM cases c LEFT JOIN jurisdictions j ON j.code = "
            u"c.street_code WHERE c.reported_at >= ? AND c.reported_at < ? AND "_s +
                where + u" GROUP BY c.street_code, j.name ORDER BY n DESC, c.street_code"_s,
            values, u"cases by street"_s);
    if (!q)
        return q.error();
    QList<NamedCount> rows;
    while (q->next())
        rows.append({q->value(0).toString(), q->value(1).toString(), q->value(2).toInt()});
    return rows;
}

Result<QList<UnitPerformance>> CaseStatistics::unitPerformance(const StatisticsFilter &filter, bool allUnits)
{
    auto units = mStore.units();
    if (!units)
        return units.error();
    QHash<qint64, UnitPerformance> byId;
    for (const ResponsibleUnit &u : std::as_const(*units))
        byId.insert(u.id, {u.id, u.name, u.unitType, u.jurisdiction});

    // Handled in the period, and of those on time.
    {
        QVariantList values{filter.from.toMSecsSinceEpoch(), filter.to.toMSecsSinceEpoch()};
        const QString where = caseScopeClause(filter.scope, values, u"c."_s);
        auto q = run(
            u"SELECT c.unit_id, COUNT(*), SUM(CASE WHEN e.on_time <> 0 THEN 1 ELSE 0 END) FROM case_events e "
            u"JOIN cases c ON c.id = e.case_id WHERE e.action = 'report_handled' AND e.at >= ? AND e.at < ? "
            u"AND c.unit_id IS NOT NULL AND "_s +
                where + u" GROUP BY c.unit_id"_s,
            values, u"handled cases per unit"_s);
        if (!q)
            return q.error();
        while (q->next()) {
            auto it = byId.find(q->value(0).toLongLong());
            if (it == byId.end())
                continue;
            it->handled = q->value(1).toInt();
            it->handledOnTime = q->value(2).toInt();
        }
    }
    // In the unit's hands now, and of those past the deadline at the end of the period.
    {
        QVariantList values{filter.to.toMSecsSinceEpoch()};
        const QString where = caseScopeClause(filter.scope, values);
        auto q = run(
            u"SELECT unit_id, COUNT(*), SUM(CASE WHEN state = 'dispatched' AND handling_due_at < ? THEN 1 "
            u"ELSE 0 END) FROM cases WHERE state IN "_s +
                unitHandStates + u" AND unit_id IS NOT NULL AND " + where + u" GROUP BY unit_id"_s,
            values, u"open cases per unit"_s);
        if (!q)
            return q.error();
        while (q->next()) {
            auto it = byId.find(q->value(0).toLongLong());
            if (it == byId.end())
                continue;
            it->openLoad = q->value(1).toInt();
            it->overdueOpen = q->value(2).toInt();
        }
    }
    QList<UnitPerformance> rows;
    for (const UnitPerformance &p : std::as_const(byId)) {
        const bool active = p.handled + p.openLoad > 0;
        const bool inScope = filter.scope.isNull() || p.jurisdiction.isNull() ||
                             filter.scope.covers(p.jurisdiction) || p.jurisdiction.covers(filter.scope);
        if (active || (allUnits && inScope))
            rows.append(p);
    }
    std::sort(rows.begin(), rows.end(), [](const UnitPerformance &a, const UnitPerformance &b) {
        if (a.onTimeRate() != b.onTimeRate())
            return a.onTimeRate() > b.onTimeRate();
        if (a.name != b.name)
            return a.name < b.name;
        return a.unitId < b.unitId;
    });
    return rows;
}

Result<QList<BoardRow>> CaseStatistics::board(BoardDimension dimension, const JurisdictionCode &scope,
                                              const QDateTime &now, int nearMinutes)
{
    const qint64 t = now.toMSecsSinceEpoch();
    const qint64 near = t + qint64(nearMinutes) * 60000;
    QString key, name, join;
    switch (dimension) {
    case BoardDimension::Tier:
        key = u"c.owning_tier"_s;
        name = u"c.owning_tier"_s;
        break;
    case BoardDimension::Street:
        key = u"c.street_code"_s;
        name = u"j.name"_s;
        join = u" LEFT JOIN jurisdictions j ON j.code = c.street_code"_s;
        break;
    case BoardDimension::Unit:
        key = u"c.unit_id"_s;
        name = u"u.name"_s;
        join = u" JOIN units u ON u.id = c.unit_id"_s;
        break;
    }
    QVariantList values{t, t, near};
    const QString where = caseScopeClause(scope, values, u"c."_s);
    auto q =
        run(u"SELECT %1, %2, SUM(CASE WHEN c.step_due_at < ? THEN 1 ELSE 0 END), SUM(CASE WHEN c.step_due_at "
            u">= ? "
            u"AND c.step_due_at < ? THEN 1 ELSE 0 END), COUNT(*) FROM cases c%3 WHERE c.state NOT IN "_s.arg(
                key, name, join) +
                terminalStates + u" AND c.step <> 'none' AND c.step_due_at IS NOT NULL AND " + where +
                u" GROUP BY %1, %2"_s.arg(key, name),
            values, u"supervision board"_s);
    if (!q)
        return q.error();
    QList<BoardRow> rows;
    while (q->next()) {
        BoardRow r;
        r.key = q->value(0).toString();
        r.name = q->value(1).toString();
        if (dimension == BoardDimension::Tier)
            r.name = QString(); // the panel translates the tier
        r.overdue = q->value(2).toInt();
        r.nearDue = q->value(3).toInt();
        r.onTime = q->value(4).toInt() - r.overdue - r.nearDue;
        rows.append(r);
    }
    if (dimension == BoardDimension::Tier) {
        const auto order = [](const QString &k) {
            return int(levelOf(k));
        };
        std::sort(rows.begin(), rows.end(),
                  [&](const BoardRow &a, const BoardRow &b) { return order(a.key) < order(b.key); });
    } else {
        std::sort(rows.begin(), rows.end(), [](const BoardRow &a, const BoardRow &b) {
            if (a.overdue != b.overdue)
                return a.overdue > b.overdue;
            if (a.nearDue != b.nearDue)
                return a.nearDue > b.nearDue;
            return a.key < b.key;
        });
    }
    return rows;
}

Result<QList<CaseSummary>> CaseStatistics::caseList(CaseListKind kind, const JurisdictionCode &scope,
                                                    const QDateTime &now, int nearMinutes, int limit)
{
    QVariantList values;
    QString condition;
    QString order = u"c.step_due_at, c.id"_s;
    switch (kind) {
    case CaseListKind::OverdueOrNearDue:
        condition = u"c.state NOT IN "_s + terminalStates + u" AND c.step <> 'none' AND c.step_due_at < ?"_s;
        values.append(now.toMSecsSinceEpoch() + qint64(nearMinutes) * 60000);
        break;
    case CaseListKind::KeySupervision:
        condition = u"c.state NOT IN "_s + terminalStates + u" AND c.key_supervision <> 0"_s;
        break;
    case CaseListKind::HardCases:
        condition = u"c.state NOT IN "_s + terminalStates + u" AND c.hard_case <> 0"_s;
        break;
    case CaseListKind::ToDispatch:
        condition = u"c.state = 'filed'"_s;
        break;
    }
    const QString where = caseScopeClause(scope, values, u"c."_s);
    values.append(std::max(1, limit));
    auto q = run(u"SELECT "_s + summaryColumns + summaryJoins + u" WHERE " + condition + u" AND " + where +
                     u" ORDER BY " + order + u" LIMIT ?"_s,
                 values, u"case list"_s);
    if (!q)
        return q.error();
    QList<CaseSummary> rows;
    while (q->next()) {
        CaseSummary s = readSummary(*q);
        decorate(s);
        rows.append(s);
    }
    return rows;
}

Result<CaseSummary> CaseStatistics::caseSummary(qint64 caseId)
{
    auto q = run(u"SELECT "_s + summaryColumns + summaryJoins + u" WHERE c.id = ?"_s, {caseId},
                 u"case id %1"_s.arg(caseId));
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, u"case id %1 does not exist"_s.arg(caseId));
    CaseSummary s = readSummary(*q);
    decorate(s);
    return s;
}

Result<QList<Escalation>> CaseStatistics::escalations(const JurisdictionCode &scope, const QDateTime &since,
                                                      int limit)
{
    QVariantList values{since.toMSecsSinceEpoch()};
    const QString where = caseScopeClause(scope, values, u"c."_s);
    values.append(std::max(1, limit));
    auto q = run(u"SELECT "_s + summaryColumns + u", e.action, e.at, e.actor_name, e.details, e.comment"_s +
                     summaryJoins +
                     u" JOIN case_events e ON e.case_id = c.id WHERE e.action IN ('escalate', 'hand_down') "
                     u"AND e.at >= ? AND " +
                     where + u" ORDER BY e.at DESC, e.id DESC LIMIT ?"_s,
                 values, u"escalations"_s);
    if (!q)
        return q.error();
    QList<Escalation> rows;
    while (q->next()) {
        Escalation e;
        e.summary = readSummary(*q);
        decorate(e.summary);
        const int n = SummaryColumnCount;
        e.action = q->value(n).toString() == u"hand_down"_s ? Action::HandDown : Action::Escalate;
        e.at = fromMs(q->value(n + 1));
        e.actorName = q->value(n + 2).toString();
        const QJsonObject details = QJsonDocument::fromJson(q->value(n + 3).toString().toUtf8()).object();
        e.fromTier = details.value(u"from_tier"_s).toString();
        e.toTier = details.value(u"to_tier"_s).toString();
        e.comment = q->value(n + 4).toString();
        rows.append(e);
    }
    return rows;
}

Result<QList<InspectionTask>> CaseStatistics::inspectionTasks(const JurisdictionCode &scope)
{
    QVariantList values;
    const QString where = caseScopeClause(scope, values, u"c."_s);
    auto q = run(u"SELECT "_s + summaryColumns +
                     u", a.supervisor_id, rc.responsibility_code, rg.supervisor_id" + summaryJoins +
                     u" LEFT JOIN inspection_assignments a ON a.case_id = c.id AND a.step = c.step LEFT JOIN "
                     u"responsibility_grid_cells rc ON rc.grid_code = c.grid_code LEFT JOIN "
                     u"responsibility_grids rg ON "
                     u"rg.code = rc.responsibility_code WHERE c.state IN ('verifying', 'checking') AND " +
                     where + u" ORDER BY c.step_due_at, c.id"_s,
                 values, u"inspection tasks"_s);
    if (!q)
        return q.error();
    QList<InspectionTask> rows;
    while (q->next()) {
        InspectionTask t;
        t.summary = readSummary(*q);
        decorate(t.summary);
        const int n = SummaryColumnCount;
        t.assignedTo = q->value(n).isNull() ? 0 : q->value(n).toLongLong();
        t.responsibilityCode = q->value(n + 1).toString();
        t.gridOwner = q->value(n + 2).isNull() ? 0 : q->value(n + 2).toLongLong();
        rows.append(t);
    }
    return rows;
}

Result<QList<SupervisorLoad>> CaseStatistics::supervisorLoads(const JurisdictionCode &scope)
{
    QVariantList values;
    QString where = u"1 = 1"_s;
    if (!scope.isNull()) {
        // Supervisors work for a street (or a community of it): those whose node lies under the scope, or
        // above it for a community scope.
        const JurisdictionCode street =
            scope.level() == JurisdictionLevel::Community ? scope.parent() : scope;
        where = u"jurisdiction_code LIKE ?"_s;
        const QString prefix = street.level() == JurisdictionLevel::City
                                   ? street.text().left(street.text().endsWith(u"0000"_s) ? 2 : 4)
                                   : street.text();
        values.append(QString(prefix + u'%'));
    }
    auto users =
        run(u"SELECT id, login, name, jurisdiction_code FROM users WHERE role = 'supervisor' AND active <> 0 "
            u"AND "_s +
                where + u" ORDER BY login"_s,
            values, u"supervisors"_s);
    if (!users)
        return users.error();
    QList<SupervisorLoad> rows;
    QHash<qint64, qsizetype> index;
    while (users->next()) {
        SupervisorLoad s;
        s.userId = users->value(0).toLongLong();
        s.login = users->value(1).toString();
        s.name = users->value(2).toString();
        s.jurisdiction = parseCodeOrNull(users->value(3).toString());
        index.insert(s.userId, rows.size());
        rows.append(s);
    }
    auto load = run(
        u"SELECT a.supervisor_id, COUNT(*), MIN(c.step_due_at) FROM inspection_assignments a JOIN cases c "
        u"ON c.id = a.case_id AND c.step = a.step WHERE c.state IN ('verifying', 'checking') GROUP BY "
        u"a.supervisor_id"_s,
        {}, u"open inspection tasks per supervisor"_s);
    if (!load)
        return load.error();
    while (load->next()) {
        const auto it = index.constFind(load->value(0).toLongLong());
        if (it == index.cend())
            continue;
        rows[*it].openTasks = load->value(1).toInt();
        rows[*it].nextDue = fromMs(load->value(2));
    }
    return rows;
}

Result<std::optional<ComponentOwner>> CaseStatistics::componentOwnerNear(const QString &classCode,
                                                                         double longitude, double latitude,
                                                                         double radiusMetres)
{
    const double dLat = radiusMetres / 111320.0;
    const double dLon = radiusMetres / (111320.0 * std::cos(latitude * 3.14159265358979 / 180));
    auto q = run(
        u"SELECT id, code, unit_id, longitude, latitude FROM components WHERE class_code = ? AND unit_id IS "
        u"NOT NULL AND longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?"_s,
        {classCode, longitude - dLon, longitude + dLon, latitude - dLat, latitude + dLat},
        u"components near the case"_s);
    if (!q)
        return q.error();
    std::optional<ComponentOwner> best;
    while (q->next()) {
        const double d =
            distanceMetres({longitude, latitude}, {q->value(3).toDouble(), q->value(4).toDouble()});
        if (d > radiusMetres)
            continue;
        const qint64 id = q->value(0).toLongLong();
        if (!best || d < best->distanceMetres || (d == best->distanceMetres && id < best->componentId))
            best = ComponentOwner{id, q->value(1).toString(), q->value(2).toLongLong(), d};
    }
    return best;
}

} // namespace cg
