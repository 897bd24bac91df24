#include "analysis/missdetection.h"

#include <QMap>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace cg {

QList<SupervisorMisses> missedReports(const QList<GridClassSources> &rows,
                                      const QHash<qint64, QPair<QString, QString>> &users)
{
    QMap<qint64, SupervisorMisses> bySupervisor;
    QMap<qint64, QMap<qint64, MissedGrid>> grids; // supervisor → grid → counts
    QMap<qint64, QStringList> responsibility;
    for (const GridClassSources &r : rows) {
        SupervisorMisses &s = bySupervisor[r.supervisorId];
        s.supervisorId = r.supervisorId;
        if (!r.responsibilityCode.isEmpty() && !responsibility[r.supervisorId].contains(r.responsibilityCode))
            responsibility[r.supervisorId].append(r.responsibilityCode);
        MissedGrid &g = grids[r.supervisorId][r.grid];
        g.grid = r.grid;
        g.filedFromOthers += r.othersFiled;
        g.patrolReports += r.patrol;
        s.filedFromOthers += r.othersFiled;
        s.patrolReports += r.patrol;
        if (r.othersFiled > 0 && r.patrol == 0) {
            g.missed += r.othersFiled;
            g.missedClasses.append(r.classKind + u'/' + r.classCode);
            s.missed += r.othersFiled;
        }
    }
    QList<SupervisorMisses> result;
    for (auto it = bySupervisor.begin(); it != bySupervisor.end(); ++it) {
        SupervisorMisses s = it.value();
        if (const auto u = users.constFind(s.supervisorId); u != users.cend()) {
            s.login = u->first;
            s.name = u->second;
        }
        QStringList codes = responsibility.value(s.supervisorId);
        codes.sort();
        s.responsibilityCode = codes.join(u',');
        for (MissedGrid g : grids.value(s.supervisorId)) {
            if (g.missed == 0)
                continue;
            g.missedClasses.sort();
            s.grids.append(g);
        }
        std::stable_sort(s.grids.begin(), s.grids.end(), [](const MissedGrid &a, const MissedGrid &b) {
            return a.missed != b.missed ? a.missed > b.missed : a.grid < b.grid;
        });
        result.append(s);
    }
    std::stable_sort(result.begin(), result.end(), [](const SupervisorMisses &a, const SupervisorMisses &b) {
        return a.missed != b.missed ? a.missed > b.missed : a.login < b.login;
    });
    return result;
}

Result<QList<SupervisorMisses>> missedReports(AnalysisQueries &queries, const TimeRange &range,
                                              const AnalysisFilter &filter)
{
    auto rows = queries.sourcesPerGridAndClass(range, filter);
    if (!rows)
        return rows.error();
    auto users = queries.userNames();
    if (!users)
        return users.error();
    return missedReports(*rows, *users);
}

} // namespace cg
