#include "analysis/recurrence.h"

#include "geo/crs.h"
#include "geo/geometry.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

using namespace Qt::Literals::StringLiterals;

namespace cg {

RecurrenceRules RecurrenceRules::defaults()
{
    RecurrenceRules r;
    r.mRules.insert(u"component/*"_s, {20, 30});
    r.mRules.insert(u"event/*"_s, {50, 14});
    for (const char16_t *major : {u"01", u"02", u"03", u"04", u"05"})
        r.mRules.insert(u"event/"_s + QString::fromUtf16(major), {20, 30});
    r.mRules.insert(u"event/06"_s, {50, 7});
    r.mRules.insert(u"event/07"_s, {50, 30});
    r.mRules.insert(u"event/08"_s, {100, 30});
    r.mRules.insert(u"event/09"_s, {100, 7});
    return r;
}

Status RecurrenceRules::set(const QString &key, const RecurrenceRule &rule)
{
    const QStringList parts = key.split(u'/');
    const bool kindOk = parts.size() == 2 && (parts[0] == u"event"_s || parts[0] == u"component"_s);
    const QString &code = kindOk ? parts[1] : key;
    bool digits = !code.isEmpty();
    for (QChar c : code)
        digits = digits && c.isDigit();
    if (!kindOk || (!((code.size() == 2 || code.size() == 5) && digits) && code != u"*"_s))
        return makeError(ErrorCode::InvalidInput,
                         u"recurrence rule '%1': the key must be kind/major or kind/class, e.g. event/06 or "
                         "event/06010"_s.arg(key));
    if (!(rule.radiusMetres > 0) || rule.radiusMetres > 10000)
        return makeError(
            ErrorCode::InvalidInput,
            u"recurrence rule '%1': radius %2 m is outside 0–10000 m"_s.arg(key).arg(rule.radiusMetres));
    if (rule.days < 1 || rule.days > 366)
        return makeError(ErrorCode::InvalidInput,
                         u"recurrence rule '%1': %2 days is outside 1–366"_s.arg(key).arg(rule.days));
    mRules.insert(key, rule);
    return {};
}

RecurrenceRule RecurrenceRules::rule(const QString &classKind, const QString &classCode) const
{
    const QString prefix = classKind + u'/';
    if (auto it = mRules.find(prefix + classCode); it != mRules.end())
        return *it;
    if (auto it = mRules.find(prefix + classCode.left(2)); it != mRules.end())
        return *it;
    if (auto it = mRules.find(prefix + u'*'); it != mRules.end())
        return *it;
    return {};
}

namespace {

struct UnionFind
{
    std::vector<int> parent;
    explicit UnionFind(int n)
        : parent(std::size_t(n))
    {
        std::iota(parent.begin(), parent.end(), 0);
    }
    int find(int i)
    {
        while (parent[std::size_t(i)] != i) {
            parent[std::size_t(i)] = parent[std::size_t(parent[std::size_t(i)])];
            i = parent[std::size_t(i)];
        }
        return i;
    }
    void unite(int a, int b)
    {
        a = find(a);
        b = find(b);
        if (a != b)
            parent[std::size_t(std::max(a, b))] = std::min(a, b);
    }
};

// Clusters of one class; `points` sorted by time.
void clusterClass(const QString &kind, const QString &code, const std::vector<const CasePoint *> &points,
                  const RecurrenceRule &rule, int minCases, QList<RecurrenceCluster> &out)
{
    const int n = int(points.size());
    if (n < minCases)
        return;
    const QPointF scale = metresPerDegree(points.front()->lat);
    const double cell = rule.radiusMetres * 1.01; // a little wider than R: planar vs. haversine rounding
    const qint64 window = qint64(rule.days) * 86400000;
    UnionFind uf(n);
    std::unordered_map<std::int64_t, std::vector<int>> buckets;
    auto key = [](std::int64_t bx, std::int64_t by) {
        return (bx << 32) ^ (by & 0xffffffff);
    };
    for (int i = 0; i < n; ++i) {
        const CasePoint &p = *points[std::size_t(i)];
        const std::int64_t bx = std::int64_t(std::floor(p.lon * scale.x() / cell));
        const std::int64_t by = std::int64_t(std::floor(p.lat * scale.y() / cell));
        for (std::int64_t dy = -1; dy <= 1; ++dy) {
            for (std::int64_t dx = -1; dx <= 1; ++dx) {
                const auto it = buckets.find(key(bx + dx, by + dy));
                if (it == buckets.end())
                    continue;
                const std::vector<int> &v = it->second;
                for (auto j = v.rbegin(); j != v.rend(); ++j) {
                    const CasePoint &q = *points[std::size_t(*j)];
                    if (p.reportedAtMs - q.reportedAtMs > window)
                        break;
                    if (distanceMetres({p.lon, p.lat}, {q.lon, q.lat}) <= rule.radiusMetres)
                        uf.unite(i, *j);
                }
            }
        }
        buckets[key(bx, by)].push_back(i);
    }
    std::unordered_map<int, std::vector<int>> groups;
    for (int i = 0; i < n; ++i)
        groups[uf.find(i)].push_back(i);
    for (auto &[root, members] : groups) {
        if (int(members.size()) < minCases)
            continue;
        RecurrenceCluster c;
        c.classKind = kind;
        c.classCode = code;
        std::unordered_map<qint64, int> gridVotes;
        for (int i : members) { // members are in time order: indices ascend
            const CasePoint &p = *points[std::size_t(i)];
            c.cases.append({p.id, p.grid, p.lon, p.lat, p.reportedAtMs});
            c.lon += p.lon;
            c.lat += p.lat;
            ++gridVotes[p.grid];
        }
        c.lon /= double(members.size());
        c.lat /= double(members.size());
        int best = 0;
        for (const auto &[grid, votes] : gridVotes) {
            if (votes > best || (votes == best && grid < c.grid)) {
                best = votes;
                c.grid = grid;
            }
        }
        c.firstMs = c.cases.front().reportedAtMs;
        c.lastMs = c.cases.back().reportedAtMs;
        out.append(std::move(c));
    }
}

} // namespace

QList<RecurrenceCluster> findRecurrences(const QList<CasePoint> &points, const RecurrenceRules &rules,
                                         int minCases)
{
    minCases = std::max(2, minCases);
    QHash<QString, std::vector<const CasePoint *>> byClass;
    for (const CasePoint &p : points)
        byClass[p.classKind + u'/' + p.classCode].push_back(&p);
    QList<RecurrenceCluster> out;
    for (auto it = byClass.begin(); it != byClass.end(); ++it) {
        auto &v = it.value();
        std::stable_sort(v.begin(), v.end(), [](const CasePoint *a, const CasePoint *b) {
            return a->reportedAtMs != b->reportedAtMs ? a->reportedAtMs < b->reportedAtMs : a->id < b->id;
        });
        const CasePoint &first = *v.front();
        clusterClass(first.classKind, first.classCode, v, rules.rule(first.classKind, first.classCode),
                     minCases, out);
    }
    std::sort(out.begin(), out.end(), [](const RecurrenceCluster &a, const RecurrenceCluster &b) {
        if (a.size() != b.size())
            return a.size() > b.size();
        if (a.classKind != b.classKind)
            return a.classKind < b.classKind;
        if (a.classCode != b.classCode)
            return a.classCode < b.classCode;
        return a.firstMs < b.firstMs;
    });
    return out;
}

Result<QList<RecurrenceCluster>> findRecurrences(AnalysisQueries &queries, const TimeRange &range,
                                                 const AnalysisFilter &filter, const RecurrenceRules &rules,
                                                 int minCases)
{
    QList<CasePoint> points;
    auto s = queries.forEachCasePoint(range, filter, QRectF(), [&](const CasePoint &p) { points.append(p); });
    if (!s)
        return s.error();
    return findRecurrences(points, rules, minCases);
}

} // namespace cg
