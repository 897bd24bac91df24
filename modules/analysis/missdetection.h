#pragma once

#include "analysis/analysisqueries.h"

#include <QList>

namespace cg {

// Missed reports (漏报): problems that the 12345/12319 hotlines, the public or video found and that were
// filed, in a unit grid and class where the grid's supervisor reported nothing of that class in the same
// period.
struct MissedGrid
{
    qint64 grid = 0;
    int missed = 0;            // filed reports from other channels in classes patrol did not report here
    int filedFromOthers = 0;   // filed reports from other channels, all classes
    int patrolReports = 0;     // the supervisor's own reports here
    QStringList missedClasses; // "event/06010", ascending
};

struct SupervisorMisses
{
    qint64 supervisorId = 0; // 0: grids without a responsibility grid or supervisor
    QString login;
    QString name;
    QString responsibilityCode; // several, comma-separated, when a supervisor patrols more than one
    int missed = 0;
    int filedFromOthers = 0;
    int patrolReports = 0;
    QList<MissedGrid> grids; // grids with missed > 0, most missed first, then by code
    // missed / filedFromOthers, or nullopt when nothing came from other channels.
    std::optional<double> missShare() const
    {
        return filedFromOthers > 0 ? std::optional<double>(double(missed) / filedFromOthers) : std::nullopt;
    }
};

// Per supervisor from the per grid and class counts; most missed first, then by login.
QList<SupervisorMisses> missedReports(const QList<GridClassSources> &rows,
                                      const QHash<qint64, QPair<QString, QString>> &users);

Result<QList<SupervisorMisses>> missedReports(AnalysisQueries &queries, const TimeRange &range,
                                              const AnalysisFilter &filter);

} // namespace cg
