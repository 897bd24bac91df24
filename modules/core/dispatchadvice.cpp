#include "core/dispatchadvice.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace cg {

QList<UnitCandidate> rankUnitCandidates(QList<UnitCandidate> candidates)
{
    candidates.removeIf(
        [](const UnitCandidate &c) { return !c.componentOwner && !c.typeMatch && !c.jurisdictionMatch; });
    const auto key = [](const UnitCandidate &c) {
        const int match = c.typeMatch && c.jurisdictionMatch ? 3
                          : c.typeMatch                      ? 2
                          : c.jurisdictionMatch              ? 1
                                                             : 0;
        const int percent = c.onTimeRate() < 0 ? 0 : int(std::lround(c.onTimeRate() * 100));
        return std::make_tuple(!c.componentOwner, -match, -percent, c.openLoad, c.unitId);
    };
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](const UnitCandidate &a, const UnitCandidate &b) { return key(a) < key(b); });
    return candidates;
}

} // namespace cg
