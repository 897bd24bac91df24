#include "core/hotspot.h"

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

HotSpotClass classify(double z)
{
    const double a = std::abs(z);
    if (a > 2.576)
        return z > 0 ? HotSpotClass::HotSpot99 : HotSpotClass::ColdSpot99;
    if (a > 1.960)
        return z > 0 ? HotSpotClass::HotSpot95 : HotSpotClass::ColdSpot95;
    if (a > 1.645)
        return z > 0 ? HotSpotClass::HotSpot90 : HotSpotClass::ColdSpot90;
    return HotSpotClass::NotSignificant;
}

Result<std::vector<GiStar>> getisOrdGiStar(const std::vector<double> &values,
                                           const Neighbourhoods &neighbours)
{
    const int n = int(values.size());
    if (neighbours.size() != n)
        return makeError(ErrorCode::InvalidInput,
                         u"Gi*: %1 values but neighbourhoods for %2 cells"_s.arg(n).arg(neighbours.size()));
    if (n < 3)
        return makeError(ErrorCode::InvalidInput, u"Gi*: needs at least 3 cells, not %1"_s.arg(n));
    double sum = 0, sumSquares = 0;
    for (double v : values) {
        sum += v;
        sumSquares += v * v;
    }
    const double mean = sum / n;
    const double variance = sumSquares / n - mean * mean;
    if (!(variance > 1e-12))
        return makeError(ErrorCode::InvalidInput,
                         u"Gi*: all %1 values are equal; there is no spot to find"_s.arg(n));
    const double s = std::sqrt(variance);

    std::vector<GiStar> result(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        const int begin = neighbours.offsets[size_t(i)];
        const int end = neighbours.offsets[size_t(i) + 1];
        double local = 0;
        int weights = 0;
        bool hasSelf = false;
        for (int k = begin; k < end; ++k) {
            const int j = neighbours.indices[size_t(k)];
            if (j < 0 || j >= n)
                return makeError(ErrorCode::InvalidInput,
                                 u"Gi*: cell %1 has neighbour %2, outside 0–%3"_s.arg(i).arg(j).arg(n - 1));
            if (j == i) {
                if (hasSelf)
                    continue;
                hasSelf = true;
            }
            local += values[size_t(j)];
            ++weights;
        }
        if (!hasSelf) {
            local += values[size_t(i)];
            ++weights;
        }
        // Binary weights: Σ wij = Σ wij² = the number of neighbours (self included).
        const double w = weights;
        const double denominator = s * std::sqrt((n * w - w * w) / (n - 1));
        GiStar &g = result[size_t(i)];
        g.z = denominator > 0 ? (local - mean * w) / denominator : 0.0;
        g.p = std::erfc(std::abs(g.z) / std::sqrt(2.0));
        g.hotSpot = classify(g.z);
    }
    return result;
}

} // namespace cg
