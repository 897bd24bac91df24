#pragma once

#include "session/session.h"

#include <QDateTime>

#include <atomic>
#include <functional>

namespace cg {

struct DemoOptions
{
    int cases = 20000;
    int days = 90;           // cases are reported over the last `days` days
    quint32 seed = 20261129; // the same seed gives the same city
    QDateTime now;           // the simulation's "now"; current time if null
};

struct DemoSummary
{
    int districts = 0;
    int streets = 0;
    int communities = 0;
    int grids = 0;
    int units = 0;
    int users = 0;
    int cases = 0;
    int events = 0;
    QHash<CaseState, int> casesByState;
};

// Fills an empty store with a demo city (maps/demo-city.json): 3 districts, 12 streets, 60 communities,
// 100 m unit grids, responsible units, users for every role, and cases walked through the real workflow
// (through CaseService, so events and audit chains are real) with realistic timestamps.
// `progress(done, total)` is called now and then; setting `cancel` stops early and leaves nothing written.
Result<DemoSummary> generateDemoCity(Session &session, const DemoOptions &options,
                                     const std::function<void(int, int)> &progress = {},
                                     const std::atomic_bool *cancel = nullptr);

} // namespace cg
