#pragma once

#include "core/casetypes.h"

namespace cg {

class MainWindow;
class SessionThread;

// Adds the feature panels this build has to the window as docks (the role layouts place them by name).
void addFeaturePanels(MainWindow &window, SessionThread *session, const Actor &actor);

} // namespace cg
