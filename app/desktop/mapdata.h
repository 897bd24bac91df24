#pragma once

#include "core/repositories.h"
#include "map/casepoints.h"
#include "map/geodatamap.h"
#include "map/griddata.h"

#include <memory>

namespace cg {

class Session;

using MapCases = std::shared_ptr<const CasePoints>;

// What the map windows (the main window, the wall console) read in the store thread.
struct MapData
{
    // Every unit grid of the store, projected and indexed for the map.
    static Result<std::shared_ptr<const GridData>> readGrids(Session &session);
    // The cases of `query` (every state: the heat map shows where problems recur), paged through.
    static Result<std::shared_ptr<const CasePoints>> readCases(Session &session, CaseQuery query);
    // Components by major class (aggregated per cell for far zoom), points of interest by kind,
    // responsibility grids. Empty when the store has none or cannot read them: these layers are context, not
    // work.
    static std::shared_ptr<const MapPoints> readComponents(Session &session);
    static std::shared_ptr<const MapPoints> readPointsOfInterest(Session &session);
    static std::shared_ptr<const MapAreas> readResponsibilityGrids(Session &session);
};

} // namespace cg
