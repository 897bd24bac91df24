#include "store/evaluationstore.h"
#include "store/sqlvalues.h"

#include "store/evaluationsql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

// The fields of IndicatorCounts in evaluationCounterColumns() order.
std::array<int IndicatorCounts::*, 24> counterFields()
{
    using C = IndicatorCounts;
    return {&C::reports,
            &C::reportsFiled,
            &C::filedInGrids,
            &C::filedFromOthers,
            &C::verifyDue,
            &C::verifyOnTime,
            &C::checkDue,
            &C::checkOnTime,
            &C::acceptDue,
            &C::acceptOnTime,
            &C::filed,
            &C::filedOnTime,
            &C::filedLaterVoided,
            &C::dispatchDue,
            &C::dispatchedOnTime,
            &C::dispatchedWrongUnit,
            &C::handlingDue,
            &C::handled,
            &C::handledOnTime,
            &C::closingDue,
            &C::closed,
            &C::closedOnTime,
            &C::reworked,
            &C::extended};
}

QString sumColumns(const QString &alias = {})
{
    QStringList sums;
    for (const QString &c : evaluationCounterColumns())
        sums.append(u"sum(%1%2)"_s.arg(alias, c));
    return sums.join(u", "_s);
}

// Reads the counters from `first` on.
IndicatorCounts readCounts(const QSqlQuery &q, int first)
{
    IndicatorCounts counts;
    const auto fields = counterFields();
    for (int i = 0; i < int(fields.size()); ++i)
        counts.*fields[i] = q.value(first + i).toInt();
    return counts;
}

int dayNumber(const QDate &d)
{
    return int(QDate(1970, 1, 1).daysTo(d));
}

// A stretch of eval_facts rows of one kind, days first..last (Beijing day numbers).
struct FactSpan
{
    QString kind;
    int first = 0;
    int last = 0;
};

// The fact rows that add up to `period` for `kind`. The unit grids' whole months come from their monthly rows
// (kind 'grid_month', day = the month's first day), the days before and after them from the daily rows, so
// that a day, a week or any range counts exactly as the daily rows do.
QList<FactSpan> factSpans(const QString &kind, const Period &period)
{
    const QDate first = period.first(), last = period.last();
    if (kind == u"grid"_s) {
        const QDate firstWhole =
            first.day() == 1 ? first : QDate(first.year(), first.month(), 1).addMonths(1);
        const QDate lastMonth(last.year(), last.month(), 1);
        const QDate lastWhole = last.day() == last.daysInMonth() ? lastMonth : lastMonth.addMonths(-1);
        if (firstWhole <= lastWhole) {
            QList<FactSpan> spans;
            if (first < firstWhole)
                spans.append({u"grid"_s, dayNumber(first), dayNumber(firstWhole) - 1});
            spans.append({u"grid_month"_s, dayNumber(firstWhole), dayNumber(lastWhole)});
            if (const QDate after = lastWhole.addMonths(1); after <= last)
                spans.append({u"grid"_s, dayNumber(after), dayNumber(last)});
            return spans;
        }
    }
    return {{kind, dayNumber(first), dayNumber(last)}};
}

// The rows of `spans` as a FROM item aliased f (subject and the counters). `condition` (on subject, with
// `conditionValues`) is repeated in every part, where the primary key (kind, day, subject) serves it.
QString factsFrom(const QList<FactSpan> &spans, const QString &condition, const QVariantList &conditionValues,
                  QVariantList &values)
{
    QStringList parts;
    for (const FactSpan &span : spans) {
        parts.append(u"SELECT subject, %1 FROM eval_facts WHERE kind = ? AND day BETWEEN ? AND ?%2"_s.arg(
            evaluationCounterColumns().join(u", "_s), condition));
        values << span.kind << span.first << span.last << conditionValues;
    }
    return u"(%1) f"_s.arg(parts.join(u" UNION ALL "_s));
}

// The text every code under `scope` starts with; empty for a null scope.
QString scopePrefix(const JurisdictionCode &scope)
{
    if (scope.isNull())
        return {};
    QString text = scope.text();
    if (scope.level() == JurisdictionLevel::City) {
        while (text.size() > 2 && text.endsWith(u"00"_s))
            text.chop(2);
    }
    return text;
}

QString factKind(SubjectKind kind)
{
    switch (kind) {
    case SubjectKind::Supervisor:
    case SubjectKind::Acceptor:
    case SubjectKind::ShiftLeader:
    case SubjectKind::Dispatcher:
        return u"person"_s;
    case SubjectKind::ResponsibleUnit:
        return u"unit"_s;
    case SubjectKind::UnitGrid:
    case SubjectKind::ResponsibilityGrid:
        return u"grid"_s;
    case SubjectKind::Community:
        return u"community"_s;
    case SubjectKind::Street:
        return u"street"_s;
    case SubjectKind::District:
        return u"district"_s;
    }
    return {};
}

Role roleOf(SubjectKind kind)
{
    switch (kind) {
    case SubjectKind::Acceptor:
        return Role::Acceptor;
    case SubjectKind::ShiftLeader:
        return Role::ShiftLeader;
    case SubjectKind::Dispatcher:
        return Role::Dispatcher;
    default:
        return Role::Supervisor;
    }
}

bool isPersonKind(SubjectKind kind)
{
    return factKind(kind) == u"person"_s;
}

// Never NULL: the columns hold '' for none.
QString notNull(const QString &text)
{
    return text.isNull() ? u""_s : text;
}

QString joinCodes(const QStringList &codes)
{
    return notNull(codes.join(u' '));
}

} // namespace

EvaluationStore::EvaluationStore(SqlStore &store)
    : mStore(store)
{}

Result<QSqlQuery> EvaluationStore::run(const QString &sql, const QVariantList &values, const QString &what)
{
    QSqlQuery q(mStore.database());
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return makeError(ErrorCode::Storage,
                         u"%1 in %2: %3"_s.arg(what, mStore.path(), q.lastError().text()));
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    if (!q.exec())
        return makeError(ErrorCode::Storage,
                         u"%1 in %2: %3"_s.arg(what, mStore.path(), q.lastError().text()));
    return q;
}

Result<QList<EvaluationRow>> EvaluationStore::rowsOf(const EvaluationQuery &query, const Period &period,
                                                     const QDateTime &asOf)
{
    const QVariantList days{dayNumber(period.first()), dayNumber(period.last())};
    const QString prefix = scopePrefix(query.scope);
    const QString what = u"evaluating %1 over %2"_s.arg(subjectKindName(query.kind), period.label());
    QHash<QString, EvaluationRow> rows;
    auto rowFor = [&rows, &query](const QString &subject) -> EvaluationRow & {
        auto it = rows.find(subject);
        if (it == rows.end()) {
            EvaluationRow r;
            r.kind = query.kind;
            r.subject = subject;
            it = rows.insert(subject, r);
        }
        return *it;
    };

    const QList<FactSpan> spans = factSpans(factKind(query.kind), period);
    if (query.kind == SubjectKind::ResponsibilityGrid) {
        QString condition;
        QVariantList conditionValues, values;
        if (!prefix.isEmpty()) {
            condition = u" AND subject >= ? AND subject < ?"_s;
            conditionValues << prefix << QString(prefix + u':');
        }
        const QString from = factsFrom(spans, condition, conditionValues, values);
        auto q = run(
            u"SELECT rc.responsibility_code, %1 FROM %2 JOIN responsibility_grid_cells rc "
            u"ON rc.grid_code = f.subject GROUP BY rc.responsibility_code"_s.arg(sumColumns(u"f."_s), from),
            values, what);
        if (!q)
            return q.error();
        while (q->next())
            rowFor(q->value(0).toString()).counts = readCounts(*q, 1);
    } else {
        QString condition;
        QVariantList conditionValues, values;
        if (isAreaKind(query.kind) && !prefix.isEmpty()) {
            condition = u" AND subject >= ? AND subject < ?"_s;
            conditionValues << prefix << QString(prefix + u':');
        }
        if (isPersonKind(query.kind)) {
            // Only the people of the kind's role (a few hundred of a city's thousands).
            condition += u" AND subject IN (SELECT CAST(id AS TEXT) FROM users WHERE role = ?)"_s;
            conditionValues << roleName(roleOf(query.kind));
        }
        QString sql;
        if (spans.size() == 1 && spans[0].first == spans[0].last) {
            // One day, or one month of monthly rows: one row per subject already, read in key order (summing
            // them took a third of a unit-grid month's time).
            sql = u"SELECT subject, %1 FROM eval_facts WHERE kind = ? AND day = ?%2"_s.arg(
                evaluationCounterColumns().join(u", "_s), condition);
            values << spans[0].kind << spans[0].first << conditionValues;
        } else if (spans.size() == 1) {
            sql =
                u"SELECT subject, %1 FROM eval_facts WHERE kind = ? AND day BETWEEN ? AND ?%2 GROUP BY subject"_s
                    .arg(sumColumns(), condition);
            values << spans[0].kind << spans[0].first << spans[0].last << conditionValues;
        } else {
            sql = u"SELECT f.subject, %1 FROM %2 GROUP BY f.subject"_s.arg(
                sumColumns(u"f."_s), factsFrom(spans, condition, conditionValues, values));
        }
        auto q = run(sql, values, what);
        if (!q)
            return q.error();
        while (q->next())
            rowFor(q->value(0).toString()).counts = readCounts(*q, 1);
    }

    // Overdue and still open at the period's end (or now, while it runs), of the handling tasks dispatched
    // in the period.
    if (query.kind == SubjectKind::ResponsibleUnit || isAreaKind(query.kind)) {
        QString subject;
        QString from = u"eval_handling h"_s;
        switch (query.kind) {
        case SubjectKind::ResponsibleUnit:
            subject = u"h.unit_id"_s;
            break;
        case SubjectKind::UnitGrid:
            subject = u"h.grid_code"_s;
            break;
        case SubjectKind::ResponsibilityGrid:
            subject = u"rc.responsibility_code"_s;
            from += u" JOIN responsibility_grid_cells rc ON rc.grid_code = h.grid_code"_s;
            break;
        case SubjectKind::Community:
            subject = u"substr(h.grid_code, 1, 12)"_s;
            break;
        case SubjectKind::Street:
            subject = u"substr(h.grid_code, 1, 9)"_s;
            break;
        default:
            subject = u"substr(h.grid_code, 1, 6)"_s;
            break;
        }
        QString sql = u"SELECT %1, count(*) FROM %2 WHERE h.day BETWEEN ? AND ? AND h.due_at < ? AND "
                      u"(h.ended_at IS NULL OR h.ended_at >= ?)"_s.arg(subject, from);
        QVariantList values = days;
        values << asOf.toMSecsSinceEpoch() << asOf.toMSecsSinceEpoch();
        if (isAreaKind(query.kind) && !prefix.isEmpty()) {
            sql += u" AND h.grid_code >= ? AND h.grid_code < ?"_s;
            values << prefix << QString(prefix + u':');
        }
        auto q = run(sql + u" GROUP BY 1"_s, values, what);
        if (!q)
            return q.error();
        while (q->next())
            rowFor(q->value(0).toString()).counts.overdueOpen = q->value(1).toInt();
    }

    // Supervisors: the filed cases located in the grids they patrol (miss rate).
    if (query.kind == SubjectKind::Supervisor) {
        QVariantList values;
        const QString from = factsFrom(factSpans(u"grid"_s, period), {}, {}, values);
        auto q = run(u"SELECT CAST(g.supervisor_id AS TEXT), sum(f.filed_in_grids), sum(f.filed_from_others) "
                     u"FROM %1 JOIN responsibility_grid_cells rc ON rc.grid_code = f.subject "
                     u"JOIN responsibility_grids g ON g.code = rc.responsibility_code "
                     u"WHERE g.supervisor_id IS NOT NULL GROUP BY g.supervisor_id"_s.arg(from),
                     values, what);
        if (!q)
            return q.error();
        while (q->next()) {
            EvaluationRow &r = rowFor(q->value(0).toString());
            r.counts.filedInGrids = q->value(1).toInt();
            r.counts.filedFromOthers = q->value(2).toInt();
        }
    }

    // Names, and who belongs: people of the kind's role and units in the scope; areas by their code.
    QList<EvaluationRow> result;
    if (isPersonKind(query.kind)) {
        auto q = run(u"SELECT id, login, name, jurisdiction_code FROM users WHERE role = ?"_s,
                     {roleName(roleOf(query.kind))}, what);
        if (!q)
            return q.error();
        while (q->next()) {
            const QString id = q->value(0).toString();
            auto it = rows.find(id);
            if (it == rows.end())
                continue;
            const auto code = JurisdictionCode::parse(q->value(3).toString());
            if (!query.scope.isNull() && (!code || !query.scope.covers(*code)))
                continue;
            EvaluationRow r = *it;
            r.subjectId = q->value(0).toLongLong();
            r.subject = q->value(1).toString();
            r.name = q->value(2).toString();
            result.append(r);
        }
    } else if (query.kind == SubjectKind::ResponsibleUnit) {
        auto q = run(u"SELECT id, code, name, jurisdiction_code FROM units"_s, {}, what);
        if (!q)
            return q.error();
        while (q->next()) {
            auto it = rows.find(q->value(0).toString());
            if (it == rows.end())
                continue;
            const auto code = JurisdictionCode::parse(q->value(3).toString());
            if (!query.scope.isNull() && (!code || !query.scope.covers(*code)))
                continue;
            EvaluationRow r = *it;
            r.subjectId = q->value(0).toLongLong();
            r.subject = q->value(1).toString();
            r.name = q->value(2).toString();
            result.append(r);
        }
    } else {
        QHash<QString, QString> names;
        if (query.kind == SubjectKind::ResponsibilityGrid) {
            auto q = run(u"SELECT code, name FROM responsibility_grids"_s, {}, what);
            if (!q)
                return q.error();
            while (q->next())
                names.insert(q->value(0).toString(), q->value(1).toString());
        } else if (query.kind != SubjectKind::UnitGrid) {
            auto q =
                run(u"SELECT code, name FROM jurisdictions WHERE level = ?"_s, {factKind(query.kind)}, what);
            if (!q)
                return q.error();
            while (q->next())
                names.insert(q->value(0).toString(), q->value(1).toString());
        }
        for (EvaluationRow r : std::as_const(rows)) {
            r.name = names.value(r.subject, r.subject);
            result.append(r);
        }
    }
    return result;
}

Result<QList<EvaluationRow>> EvaluationStore::counts(const EvaluationQuery &query)
{
    if (!query.period.isValid())
        return makeError(ErrorCode::InvalidInput, u"the evaluation needs a period"_s);
    if (auto folded = foldPendingFacts(); !folded)
        return folded.error();
    const QDateTime now = query.now.isValid() ? query.now : QDateTime::currentDateTimeUtc();
    return rowsOf(query, query.period, std::min(now, query.period.end()));
}

Result<int> EvaluationStore::foldPendingFacts()
{
    if (!mStore.isPostgres())
        return 0; // SQLite's triggers update eval_facts directly
    // A streaming replica cannot write: it reads the facts as the primary last folded them (once a minute).
    auto q = run(u"SELECT CASE WHEN pg_is_in_recovery() THEN 0 ELSE cg_fold_eval_facts() END"_s, {},
                 u"adding up the evaluation facts of the latest events"_s);
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toInt() : 0;
}

Result<QList<EvaluationRow>> EvaluationStore::evaluate(const EvaluationQuery &query)
{
    if (!query.period.isValid())
        return makeError(ErrorCode::InvalidInput, u"the evaluation needs a period"_s);
    auto w = weights(scoreKindOf(query.kind));
    if (!w)
        return w.error();
    if (auto folded = foldPendingFacts(); !folded)
        return folded.error();
    const QDateTime now = query.now.isValid() ? query.now : QDateTime::currentDateTimeUtc();
    const Period previous = query.period.previous();
    auto current = rowsOf(query, query.period, std::min(now, query.period.end()));
    if (!current)
        return current.error();
    auto before = rowsOf(query, previous, std::min(now, previous.end()));
    if (!before)
        return before.error();
    for (EvaluationRow &r : *current)
        r.score = score(r.counts, *w);
    for (EvaluationRow &r : *before)
        r.score = score(r.counts, *w);
    rankRows(*before);
    // Subjects seen only in the previous period stay in the list, unscored, with their previous rank.
    QSet<QString> seen;
    for (const EvaluationRow &r : std::as_const(*current))
        seen.insert(r.subject);
    for (const EvaluationRow &r : std::as_const(*before)) {
        if (seen.contains(r.subject))
            continue;
        EvaluationRow only = r;
        only.counts = {};
        only.score = score(only.counts, *w);
        current->append(only);
    }
    rankRows(*current);
    applyPrevious(*current, *before);
    return current;
}

Result<QList<qint64>> EvaluationStore::casesOf(const EvaluationQuery &query, const QString &subject,
                                               int limit)
{
    if (!query.period.isValid())
        return makeError(ErrorCode::InvalidInput, u"the drill-down needs a period"_s);
    QString where;
    QVariantList values;
    switch (query.kind) {
    case SubjectKind::UnitGrid:
        where = u"c.grid_code = ?"_s;
        values << subject;
        break;
    case SubjectKind::ResponsibilityGrid:
        where =
            u"c.grid_code IN (SELECT grid_code FROM responsibility_grid_cells WHERE responsibility_code = ?)"_s;
        values << subject;
        break;
    case SubjectKind::Community:
        where = u"c.community_code = ?"_s;
        values << subject;
        break;
    case SubjectKind::Street:
        where = u"c.street_code = ?"_s;
        values << subject;
        break;
    case SubjectKind::District:
        where = u"c.district_code = ?"_s;
        values << subject;
        break;
    case SubjectKind::ResponsibleUnit:
        where = u"c.unit_id = (SELECT id FROM units WHERE code = ?)"_s;
        values << subject;
        break;
    default:
        where = u"EXISTS (SELECT 1 FROM case_events a WHERE a.case_id = c.id AND a.actor_id = "
                u"(SELECT id FROM users WHERE login = ?))"_s;
        values << subject;
        break;
    }
    values << query.period.begin().toMSecsSinceEpoch() << query.period.end().toMSecsSinceEpoch() << limit;
    auto q =
        run(u"SELECT c.id FROM cases c WHERE %1 AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = "
            u"c.id AND e.at >= ? AND e.at < ?) ORDER BY c.reported_at DESC, c.id DESC LIMIT ?"_s.arg(where),
            values, u"listing the cases of %1"_s.arg(subject));
    if (!q)
        return q.error();
    QList<qint64> ids;
    while (q->next())
        ids.append(q->value(0).toLongLong());
    return ids;
}

Result<ScoreWeights> EvaluationStore::weights(ScoreKind kind)
{
    auto q = run(u"SELECT terms FROM eval_weights WHERE score_kind = ?"_s, {scoreKindName(kind)},
                 u"reading the %1 weights"_s.arg(scoreKindName(kind)));
    if (!q)
        return q.error();
    if (!q->next())
        return ScoreWeights::defaults(kind);
    const QString text = q->value(0).toString();
    auto corrupt = [&](const QString &problem) {
        return makeError(ErrorCode::Corrupt, u"the stored %1 weights in %2 are damaged (%3): %4"_s.arg(
                                                 scoreKindName(kind), mStore.path(), problem, text));
    };
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (!doc.isArray())
        return corrupt(error.errorString());
    QList<ScoreTerm> terms;
    for (const QJsonValue &v : doc.array()) {
        const QJsonObject o = v.toObject();
        auto indicator = parseIndicator(o.value(u"indicator"_s).toString());
        if (!indicator)
            return corrupt(indicator.errorMessage());
        terms.append({*indicator, o.value(u"weight"_s).toDouble(), o.value(u"inverted"_s).toBool()});
    }
    auto made = ScoreWeights::make(terms);
    if (!made)
        return corrupt(made.errorMessage());
    return made;
}

Status EvaluationStore::setWeights(ScoreKind kind, const ScoreWeights &weights)
{
    // Re-validated: weights read from elsewhere than ScoreWeights::make never reach the store.
    if (auto valid = ScoreWeights::make(weights.terms()); !valid)
        return makeError(ErrorCode::InvalidInput, u"the %1 weights were not stored: %2"_s.arg(
                                                      scoreKindName(kind), valid.errorMessage()));
    QJsonArray terms;
    for (const ScoreTerm &t : weights.terms())
        terms.append(QJsonObject{{u"indicator"_s, indicatorName(t.indicator)},
                                 {u"weight"_s, t.weight},
                                 {u"inverted"_s, t.inverted}});
    auto q = run(u"INSERT INTO eval_weights(score_kind, terms, updated_at) VALUES (?, ?, ?) ON CONFLICT "
                 u"(score_kind) DO UPDATE SET terms = excluded.terms, updated_at = excluded.updated_at"_s,
                 {scoreKindName(kind), QString::fromUtf8(QJsonDocument(terms).toJson(QJsonDocument::Compact)),
                  QDateTime::currentMSecsSinceEpoch()},
                 u"storing the %1 weights"_s.arg(scoreKindName(kind)));
    if (!q)
        return q.error();
    return {};
}

Status EvaluationStore::resetWeights(ScoreKind kind)
{
    auto q = run(u"DELETE FROM eval_weights WHERE score_kind = ?"_s, {scoreKindName(kind)},
                 u"resetting the %1 weights"_s.arg(scoreKindName(kind)));
    if (!q)
        return q.error();
    return {};
}

Status EvaluationStore::recomputeFacts()
{
    if (auto s = mStore.beginBatch(); !s)
        return s.error();
    for (const QString &sql : evaluationRebuildStatements(mStore.dialect().engine)) {
        auto q = run(sql, {}, u"rebuilding the evaluation facts"_s);
        if (!q) {
            mStore.rollbackBatch();
            return q.error();
        }
    }
    return mStore.commitBatch();
}

Result<MajorEvent> EvaluationStore::addMajorEvent(MajorEvent event)
{
    if (auto s = event.validate(); !s)
        return s.error();
    if (!event.createdAt.isValid())
        event.createdAt = QDateTime::currentDateTimeUtc();
    QStringList areas, grids, classes;
    for (const auto &a : event.areas)
        areas.append(a.text());
    for (const auto &g : event.grids)
        grids.append(g.text());
    for (const auto &k : event.keyClasses)
        classes.append(k.toString());
    const QString sql =
        u"INSERT INTO major_events(name, starts_at, ends_at, areas, polygon, limit_factor, handling_limit, "
        u"key_classes, created_at) VALUES (?, ?, ?, COALESCE(?, ''), COALESCE(?, ''), ?, ?, COALESCE(?, ''), ?)"_s +
        (mStore.isPostgres() ? u" RETURNING id"_s : QString());
    auto q = run(sql,
                 {event.name, msOrNull(event.startsAt), msOrNull(event.endsAt), joinCodes(areas + grids),
                  polygonText(event.polygon),
                  event.limitFactor ? QVariant(*event.limitFactor) : QVariant(QMetaType(QMetaType::Double)),
                  event.handlingLimit.isNull() ? QVariant(QMetaType(QMetaType::QString))
                                               : QVariant(event.handlingLimit.toString()),
                  joinCodes(classes), msOrNull(event.createdAt)},
                 u"storing major event '%1'"_s.arg(event.name));
    if (!q)
        return q.error();
    if (mStore.isPostgres()) {
        q->next();
        event.id = q->value(0).toLongLong();
    } else {
        event.id = q->lastInsertId().toLongLong();
    }
    mLiveEvents.reset();
    return event;
}

Result<QList<MajorEvent>> EvaluationStore::readEvents(const QString &where, const QVariantList &values)
{
    // The statements are prepared once per connection.
    QList<MajorEvent> events;
    std::optional<Error> damage;
    const auto decode = [this](const QSqlQuery &q) -> Result<MajorEvent> {
        MajorEvent e;
        e.id = q.value(0).toLongLong();
        e.name = q.value(1).toString();
        e.startsAt = fromMs(q.value(2));
        e.endsAt = fromMs(q.value(3));
        auto damaged = [&](const QString &problem) {
            return makeError(ErrorCode::Corrupt,
                             u"major event %1 in %2 is damaged: %3"_s.arg(e.id).arg(mStore.path(), problem));
        };
        for (const QString &code : q.value(4).toString().split(u' ', Qt::SkipEmptyParts)) {
            if (code.size() > 12) {
                auto g = UnitGridCode::parse(code);
                if (!g)
                    return damaged(g.errorMessage());
                e.grids.append(*g);
            } else {
                auto j = JurisdictionCode::parse(code);
                if (!j)
                    return damaged(j.errorMessage());
                e.areas.append(*j);
            }
        }
        if (const QString polygon = q.value(5).toString(); !polygon.isEmpty()) {
            auto p = parsePolygon(polygon);
            if (!p)
                return damaged(p.errorMessage());
            e.polygon = *p;
        }
        if (!q.value(6).isNull())
            e.limitFactor = q.value(6).toDouble();
        if (!q.value(7).isNull()) {
            auto limit = TimeLimit::parse(q.value(7).toString());
            if (!limit)
                return damaged(limit.errorMessage());
            e.handlingLimit = *limit;
        }
        for (const QString &key : q.value(8).toString().split(u' ', Qt::SkipEmptyParts)) {
            auto k = CatalogueKey::parse(key);
            if (!k)
                return damaged(k.errorMessage());
            e.keyClasses.append(*k);
        }
        e.createdAt = fromMs(q.value(9));
        e.endedAt = fromMs(q.value(10));
        return e;
    };
    auto s = mStore.forEachRow(
        u"SELECT id, name, starts_at, ends_at, areas, polygon, limit_factor, handling_limit, key_classes, "
        u"created_at, ended_at FROM major_events %1 ORDER BY starts_at, id"_s.arg(where),
        values, [&](const QSqlQuery &q) {
            if (damage)
                return;
            auto e = decode(q);
            if (e)
                events.append(*e);
            else
                damage = e.error();
        });
    if (!s)
        return makeError(s.errorCode(), u"reading the major events: %1"_s.arg(s.errorMessage()));
    if (damage)
        return *damage;
    return events;
}

Result<QList<MajorEvent>> EvaluationStore::majorEvents(bool includeEnded)
{
    return readEvents(includeEnded ? QString() : u"WHERE ended_at IS NULL"_s, {});
}

Status EvaluationStore::endMajorEvent(qint64 id, const QDateTime &at)
{
    auto events = readEvents(u"WHERE id = ?"_s, {id});
    if (!events)
        return events.error();
    if (events->isEmpty())
        return makeError(ErrorCode::NotFound, u"there is no major event %1"_s.arg(id));
    const MajorEvent &e = events->first();
    if (e.endedAt.isValid())
        return makeError(ErrorCode::InvalidInput, u"major event %1 '%2' already ended at %3"_s.arg(id).arg(
                                                      e.name, e.endedAt.toString(Qt::ISODate)));
    if (at < e.startsAt)
        return makeError(ErrorCode::InvalidInput,
                         u"major event %1 '%2' cannot end at %3, before it starts at %4"_s.arg(id).arg(
                             e.name, at.toString(Qt::ISODate), e.startsAt.toString(Qt::ISODate)));
    auto q = run(u"UPDATE major_events SET ended_at = ? WHERE id = ?"_s, {msOrNull(at), id},
                 u"ending major event %1"_s.arg(id));
    mLiveEvents.reset();
    if (!q)
        return q.error();
    return {};
}

Result<QList<MajorEvent>> EvaluationStore::majorEventsAt(const QDateTime &at)
{
    if (!mLiveEvents || at < mLiveEvents->from || mLiveEvents->age.elapsed() >= mLiveEventsMs) {
        mLiveEvents.reset();
        auto events = readEvents(u"WHERE ends_at > ? AND (ended_at IS NULL OR ended_at > ?)"_s,
                                 {msOrNull(at), msOrNull(at)});
        if (!events)
            return events.error();
        mLiveEvents = LiveEvents{std::move(events).value(), at, {}};
        mLiveEvents->age.start();
    }
    QList<MajorEvent> active;
    for (const MajorEvent &e : std::as_const(mLiveEvents->events)) {
        if (e.isActiveAt(at))
            active.append(e);
    }
    return active;
}

} // namespace cg
