#pragma once

#include "analysis/analysisqueries.h"

#include <QHash>
#include <QList>
#include <QString>

namespace cg {

// How close in space and time two cases of one class must be to count as the same problem coming back.
struct RecurrenceRule
{
    double radiusMetres = 50;
    int days = 14;
    friend bool operator==(const RecurrenceRule &, const RecurrenceRule &) = default;
};

// R and T per class: defaults by major class, overridable per major ("event/06") or per class
// ("event/06010"); the most specific wins.
class RecurrenceRules
{
public:
    // Defaults: components (部件, majors 01–05, fixed facilities): 20 m, 30 days; events: city appearance
    // (06) 50 m / 7 days, advertising (07) 50 m / 30 days, construction (08) 100 m / 30 days, street order
    // (09) 100 m / 7 days, other matters 50 m / 14 days; event majors 01–05 (facility abnormal) like
    // components.
    static RecurrenceRules defaults();

    // `key` is "kind/major" or "kind/class" (e.g. "event/06" or "event/06010"). Errors name the bad key or
    // value.
    Status set(const QString &key, const RecurrenceRule &rule);
    RecurrenceRule rule(const QString &classKind, const QString &classCode) const;

private:
    QHash<QString, RecurrenceRule> mRules; // "event/06", "event/06010", "component/*", "event/*"
};

struct RecurrenceCase
{
    qint64 id = 0;
    qint64 grid = 0;
    double lon = 0;
    double lat = 0;
    qint64 reportedAtMs = 0;
    friend bool operator==(const RecurrenceCase &, const RecurrenceCase &) = default;
};

// A problem that came back: cases of one class linked pairwise within the class's R metres and T days
// (single linkage: a chain of reports a week apart at one corner is one cluster).
struct RecurrenceCluster
{
    QString classKind;
    QString classCode;
    QList<RecurrenceCase> cases; // oldest first
    double lon = 0;              // mean position
    double lat = 0;
    qint64 grid = 0; // the grid most of its cases lie in
    qint64 firstMs = 0;
    qint64 lastMs = 0;
    int size() const { return int(cases.size()); }
};

// Finds the clusters of at least `minCases` among `points` (any order, any classes). Clusters are ordered by
// size (largest first), then class and first report.
QList<RecurrenceCluster> findRecurrences(const QList<CasePoint> &points, const RecurrenceRules &rules,
                                         int minCases = 3);

// The same over the store's cases in the range (only the columns clustering needs are read).
Result<QList<RecurrenceCluster>> findRecurrences(AnalysisQueries &queries, const TimeRange &range,
                                                 const AnalysisFilter &filter, const RecurrenceRules &rules,
                                                 int minCases = 3);

} // namespace cg
