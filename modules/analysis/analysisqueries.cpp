#include "analysis/analysisqueries.h"

#include "store/sqlstore.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

using Where = AnalysisQueries::Condition;

// The conditions every analysis shares: the period over reported_at (the cases_* indexes lead with it or
// with the district and street codes), valid cases only, the area and the class.
// `fullScan`: the columns are written +column so that SQLite reads the table in order instead of through an
// index (see AnalysisQueries::where()).
Result<Where> caseWhere(const TimeRange &range, const AnalysisFilter &filter, bool fullScan = false)
{
    const QString plus = fullScan ? u"+"_s : QString();
    if (!range.isValid())
        return makeError(ErrorCode::InvalidInput, u"analysis: the period is empty or invalid"_s);
    Where w;
    w.sql = plus + u"c.reported_at >= ? AND "_s + plus +
            u"c.reported_at < ? AND c.state NOT IN ('rejected', 'voided')"_s;
    w.values = {range.begin.toMSecsSinceEpoch(), range.end.toMSecsSinceEpoch()};
    // A city code (ending in 00) covers everything.
    const qsizetype n = filter.scope.size();
    if (!filter.scope.isEmpty() && !(n == 6 && filter.scope.endsWith(u"00"_s))) {
        const QString column = n == 6    ? u"district_code"_s
                               : n == 9  ? u"street_code"_s
                               : n == 12 ? u"community_code"_s
                                         : QString();
        if (column.isEmpty())
            return makeError(
                ErrorCode::InvalidInput,
                u"analysis: scope '%1' is not a district, street or community code"_s.arg(filter.scope));
        w.sql += u" AND "_s + plus + u"c."_s + column + u" = ?"_s;
        w.values.append(filter.scope);
    }
    if (!filter.classKind.isEmpty()) {
        if (filter.classKind != u"event"_s && filter.classKind != u"component"_s)
            return makeError(
                ErrorCode::InvalidInput,
                u"analysis: class kind '%1' is neither event nor component"_s.arg(filter.classKind));
        w.sql += u" AND c.class_kind = ?"_s;
        w.values.append(filter.classKind);
    }
    if (!filter.classCode.isEmpty()) {
        if (filter.classCode.size() == 2) {
            w.sql += u" AND substr(c.class_code, 1, 2) = ?"_s;
        } else if (filter.classCode.size() == 5) {
            w.sql += u" AND c.class_code = ?"_s;
        } else {
            return makeError(
                ErrorCode::InvalidInput,
                u"analysis: class '%1' is neither a major (2 digits) nor a class (5 digits)"_s.arg(
                    filter.classCode));
        }
        w.values.append(filter.classCode);
    }
    return w;
}

Error queryError(const QSqlQuery &q, const QString &what)
{
    return makeError(ErrorCode::Storage, u"analysis: %1 failed: %2"_s.arg(what, q.lastError().text()));
}

Result<QSqlQuery> run(SqlStore &store, const QString &sql, const QVariantList &values, const QString &what)
{
    QSqlQuery q(store.database());
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return queryError(q, what);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return queryError(q, what);
    return q;
}

} // namespace

int GridCentres::indexOf(qint64 code) const
{
    if (mIndex.size() != codes.size()) {
        mIndex.clear();
        mIndex.reserve(codes.size());
        for (std::size_t i = 0; i < codes.size(); ++i)
            mIndex.emplace(codes[i], int(i));
    }
    const auto it = mIndex.find(code);
    return it == mIndex.end() ? -1 : it->second;
}

int hourOfWeek(qint64 utcMilliseconds)
{
    // 1970-01-01 was a Thursday: hour h since the epoch (Beijing time) is weekday ((h / 24) + 3) % 7 from
    // Monday, so (h + 72) % 168 is the hour of the week. The same expression runs in SQL.
    const qint64 h = (utcMilliseconds / 1000 + 8 * 3600) / 3600;
    return int((h + 72) % 168);
}

AnalysisQueries::AnalysisQueries(SqlStore &store)
    : mStore(store)
{}

Result<AnalysisQueries::Condition> AnalysisQueries::where(const TimeRange &range,
                                                          const AnalysisFilter &filter)
{
    auto plain = caseWhere(range, filter);
    if (!plain || mStore.isPostgres())
        return plain; // PostgreSQL's planner weighs index and sequential scans from its statistics
    // SQLite reads a time range through the reported_at index, one random table page per case: for a large
    // share of the cases, reading the whole table in order is several times faster. The share is estimated
    // from the index alone (a covering count) against the highest case id.
    // The scope's own index (district_code or street_code, reported_at) answers the count when there is one.
    AnalysisFilter scopeOnly;
    scopeOnly.scope = filter.scope;
    auto counted = caseWhere(range, scopeOnly);
    if (!counted)
        return counted.error();
    QString count = counted->sql;
    count.replace(u" AND c.state NOT IN ('rejected', 'voided')"_s, QString());
    auto q =
        run(mStore,
            u"SELECT (SELECT COUNT(*) FROM cases c WHERE "_s + count + u"), (SELECT MAX(id) FROM cases)"_s,
            counted->values, u"estimating the period's cases"_s);
    if (!q)
        return q.error();
    const qint64 inRange = q->next() ? q->value(0).toLongLong() : 0;
    const qint64 all = q->value(1).toLongLong();
    if (all > 10000 && inRange * 5 > all)
        return caseWhere(range, filter, true);
    return plain;
}

Result<GridCentres> AnalysisQueries::gridCentres(const QString &scope)
{
    QString sql =
        u"SELECT code, (min_x + max_x) / 2, (min_y + max_y) / 2 FROM unit_grids WHERE valid_to IS NULL"_s;
    QVariantList values;
    if (!scope.isEmpty() && !(scope.size() == 6 && scope.endsWith(u"00"_s))) {
        sql += u" AND substr(code, 1, %1) = ?"_s.arg(scope.size());
        values.append(scope);
    }
    sql += u" ORDER BY code"_s;
    auto q = run(mStore, sql, values, u"reading unit grids"_s);
    if (!q)
        return q.error();
    GridCentres g;
    while (q->next()) {
        bool ok = false;
        const qint64 code = q->value(0).toString().toLongLong(&ok);
        if (!ok)
            return makeError(ErrorCode::Corrupt,
                             u"analysis: unit grid code '%1' is not a number"_s.arg(q->value(0).toString()));
        g.codes.push_back(code);
        g.lon.push_back(q->value(1).toDouble());
        g.lat.push_back(q->value(2).toDouble());
    }
    return g;
}

Result<std::unordered_map<qint64, int>> AnalysisQueries::casesPerGrid(const TimeRange &range,
                                                                      const AnalysisFilter &filter)
{
    auto where = this->where(range, filter);
    if (!where)
        return where.error();
    auto q =
        run(mStore,
            u"SELECT c.grid_code, COUNT(*) FROM cases c WHERE "_s + where->sql + u" GROUP BY c.grid_code"_s,
            where->values, u"counting cases per grid"_s);
    if (!q)
        return q.error();
    std::unordered_map<qint64, int> counts;
    while (q->next())
        counts[q->value(0).toString().toLongLong()] += q->value(1).toInt();
    return counts;
}

Result<std::unordered_map<qint64, std::vector<int>>>
AnalysisQueries::weeklyCasesPerGrid(const QDateTime &firstWeek, int weeks, const AnalysisFilter &filter)
{
    if (weeks < 1)
        return makeError(ErrorCode::InvalidInput, u"analysis: %1 weeks is not a span"_s.arg(weeks));
    const TimeRange range{firstWeek, firstWeek.addDays(7 * qint64(weeks))};
    auto where = this->where(range, filter);
    if (!where)
        return where.error();
    QVariantList values{firstWeek.toMSecsSinceEpoch()};
    values.append(where->values);
    auto q =
        run(mStore,
            u"SELECT c.grid_code, (c.reported_at - ?) / 604800000 AS week, COUNT(*) FROM cases c WHERE "_s +
                where->sql + u" GROUP BY c.grid_code, week"_s,
            values, u"counting cases per grid and week"_s);
    if (!q)
        return q.error();
    std::unordered_map<qint64, std::vector<int>> counts;
    while (q->next()) {
        const int week = q->value(1).toInt();
        if (week < 0 || week >= weeks)
            continue;
        auto &v = counts[q->value(0).toString().toLongLong()];
        if (v.empty())
            v.assign(std::size_t(weeks), 0);
        v[std::size_t(week)] += q->value(2).toInt();
    }
    return counts;
}

Result<QHash<QString, std::array<int, 168>>> AnalysisQueries::casesPerHourOfWeek(const TimeRange &range,
                                                                                 const AnalysisFilter &filter)
{
    auto where = this->where(range, filter);
    if (!where)
        return where.error();
    auto q =
        run(mStore,
            u"SELECT c.class_kind, c.class_code, ((c.reported_at / 1000 + 28800) / 3600 + 72) % 168 AS how, "
            "COUNT(*) FROM cases c WHERE "_s +
                where->sql + u" GROUP BY c.class_kind, c.class_code, how"_s,
            where->values, u"counting cases per hour of the week"_s);
    if (!q)
        return q.error();
    QHash<QString, std::array<int, 168>> result;
    while (q->next()) {
        const QString key = q->value(0).toString() + u'/' + q->value(1).toString();
        auto it = result.find(key);
        if (it == result.end()) {
            std::array<int, 168> zero{};
            it = result.insert(key, zero);
        }
        const int how = q->value(2).toInt();
        if (how >= 0 && how < 168)
            (*it)[std::size_t(how)] += q->value(3).toInt();
    }
    return result;
}

Status AnalysisQueries::forEachCasePoint(const TimeRange &range, const AnalysisFilter &filter,
                                         const QRectF &box, const std::function<void(const CasePoint &)> &row)
{
    auto where = this->where(range, filter);
    if (!where)
        return where.error();
    QString sql = u"SELECT c.id, CAST(c.grid_code AS BIGINT), c.longitude, c.latitude, c.reported_at, "
                  u"c.class_kind, c.class_code "
                  "FROM cases c WHERE "_s +
                  where->sql;
    QVariantList values = where->values;
    if (box.isValid()) {
        sql += u" AND c.longitude >= ? AND c.longitude <= ? AND c.latitude >= ? AND c.latitude <= ?"_s;
        values << box.left() << box.right() << box.top() << box.bottom();
    }
    auto q = run(mStore, sql, values, u"reading case positions"_s);
    if (!q)
        return q.error();
    CasePoint p;
    QSet<QString> classes;
    while (q->next()) {
        p.id = q->value(0).toLongLong();
        p.grid = q->value(1).toLongLong();
        p.lon = q->value(2).toDouble();
        p.lat = q->value(3).toDouble();
        p.reportedAtMs = q->value(4).toLongLong();
        // Kinds and classes are few: share one string each instead of one per row.
        const QString kind = q->value(5).toString(), code = q->value(6).toString();
        if (kind != p.classKind)
            p.classKind = *classes.insert(kind);
        if (code != p.classCode)
            p.classCode = *classes.insert(code);
        row(p);
    }
    return {};
}

Result<QList<GridClassSources>> AnalysisQueries::sourcesPerGridAndClass(const TimeRange &range,
                                                                        const AnalysisFilter &filter)
{
    auto where = this->where(range, filter);
    if (!where)
        return where.error();
    // Aggregate first, then look up each grid's responsibility grid once per (grid, class) row.
    const QString sql =
        u"SELECT a.grid_code, a.class_kind, a.class_code, a.patrol, a.others, r.supervisor_id, r.code FROM ("
        "SELECT c.grid_code, c.class_kind, c.class_code, "
        "SUM(CASE WHEN c.source = 'patrol' THEN 1 ELSE 0 END) AS patrol, "
        "SUM(CASE WHEN c.source IN ('hotline_12345', 'hotline_12319', 'public', 'video') "
        "AND c.state NOT IN ('reported', 'verifying', 'accepted', 'self_disposed') THEN 1 ELSE 0 END) AS "
        "others "
        "FROM cases c WHERE "_s +
        where->sql +
        u" GROUP BY c.grid_code, c.class_kind, c.class_code) a "
        "LEFT JOIN responsibility_grid_cells rc ON rc.grid_code = a.grid_code "
        "LEFT JOIN responsibility_grids r ON r.code = rc.responsibility_code "
        "ORDER BY a.grid_code, a.class_kind, a.class_code"_s;
    auto q = run(mStore, sql, where->values, u"counting reports per grid and channel"_s);
    if (!q)
        return q.error();
    QList<GridClassSources> rows;
    while (q->next()) {
        GridClassSources s;
        s.grid = q->value(0).toString().toLongLong();
        s.classKind = q->value(1).toString();
        s.classCode = q->value(2).toString();
        s.patrol = q->value(3).toInt();
        s.othersFiled = q->value(4).toInt();
        s.supervisorId = q->value(5).isNull() ? 0 : q->value(5).toLongLong();
        s.responsibilityCode = q->value(6).toString();
        rows.append(s);
    }
    return rows;
}

Result<QHash<qint64, QPair<QString, QString>>> AnalysisQueries::userNames()
{
    auto q = run(mStore, u"SELECT id, login, name FROM users"_s, {}, u"reading users"_s);
    if (!q)
        return q.error();
    QHash<qint64, QPair<QString, QString>> names;
    while (q->next())
        names.insert(q->value(0).toLongLong(), {q->value(1).toString(), q->value(2).toString()});
    return names;
}

Result<QList<PointOfInterest>> AnalysisQueries::pointsOfInterest(const QStringList &kinds)
{
    QString sql = u"SELECT id, kind, name, longitude, latitude FROM points_of_interest"_s;
    QVariantList values;
    if (!kinds.isEmpty()) {
        QStringList marks;
        for (const QString &k : kinds) {
            marks.append(u"?"_s);
            values.append(k);
        }
        sql += u" WHERE kind IN ("_s + marks.join(u", "_s) + u')';
    }
    sql += u" ORDER BY id"_s;
    auto q = run(mStore, sql, values, u"reading points of interest"_s);
    if (!q)
        return q.error();
    QList<PointOfInterest> points;
    while (q->next())
        points.append(PointOfInterest{q->value(0).toLongLong(), q->value(1).toString(),
                                      q->value(2).toString(), q->value(3).toDouble(),
                                      q->value(4).toDouble()});
    return points;
}

Result<QHash<QString, QString>> AnalysisQueries::jurisdictionNames()
{
    auto q = run(mStore, u"SELECT code, name FROM jurisdictions"_s, {}, u"reading jurisdictions"_s);
    if (!q)
        return q.error();
    QHash<QString, QString> names;
    while (q->next())
        names.insert(q->value(0).toString(), q->value(1).toString());
    return names;
}

} // namespace cg
