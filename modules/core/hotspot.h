#pragma once

#include "core/result.h"

#include <QList>

#include <vector>

namespace cg {

// Neighbourhoods in compressed rows: the neighbours of cell i are indices[offsets[i] .. offsets[i + 1]).
// For Gi* a cell counts among its own neighbours; getisOrdGiStar() adds it when it is missing.
struct Neighbourhoods
{
    std::vector<int> offsets; // size n + 1
    std::vector<int> indices;

    int size() const { return offsets.empty() ? 0 : int(offsets.size()) - 1; }
};

enum class HotSpotClass {
    ColdSpot99,
    ColdSpot95,
    ColdSpot90,
    NotSignificant,
    HotSpot90,
    HotSpot95,
    HotSpot99
};

struct GiStar
{
    double z = 0; // Gi* is itself a z-score
    double p = 1; // two-tailed p-value
    HotSpotClass hotSpot = HotSpotClass::NotSignificant;
};

// Getis–Ord Gi* with binary weights over the given neighbourhoods (Ord & Getis 1995):
//   Gi* = (Σj wij xj − X̄ Σj wij) / (S √((n Σj wij² − (Σj wij)²) / (n − 1)))
// with X̄ the mean and S the standard deviation (population form) of all n values.
// Errors: mismatched sizes, a neighbour index out of range, fewer than 3 cells, all values equal.
Result<std::vector<GiStar>> getisOrdGiStar(const std::vector<double> &values,
                                           const Neighbourhoods &neighbours);

// Class of a z-score at the usual confidence levels (|z| > 1.645, 1.960, 2.576).
HotSpotClass classify(double z);

} // namespace cg
