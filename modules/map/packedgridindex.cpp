#include "map/packedgridindex.h"

#include <algorithm>
#include <cmath>

namespace cg {

std::vector<uint32_t> PackedGridIndex::build(const float *x, const float *y, size_t n, float halfW,
                                             float halfH, int perBucket)
{
    mStart.clear();
    std::vector<uint32_t> order(n);
    if (n == 0)
        return order;
    float minX = x[0], maxX = x[0], minY = y[0], maxY = y[0];
    for (size_t i = 1; i < n; ++i) {
        minX = std::min(minX, x[i]);
        maxX = std::max(maxX, x[i]);
        minY = std::min(minY, y[i]);
        maxY = std::max(maxY, y[i]);
    }
    const double w = std::max(1e-3, double(maxX - minX)), h = std::max(1e-3, double(maxY - minY));
    const double buckets = std::max(1.0, double(n) / std::max(1, perBucket));
    mCell = std::max(std::sqrt(w * h / buckets), std::max(w, h) / 4096.0);
    mCols = std::max(1, int(w / mCell) + 1);
    mRows = std::max(1, int(h / mCell) + 1);
    mMinX = minX;
    mMinY = minY;
    mHalfW = halfW;
    mHalfH = halfH;

    // Counting sort by bucket: stable, linear.
    std::vector<uint32_t> bucketOf(n);
    mStart.assign(size_t(mCols) * mRows + 1, 0);
    for (size_t i = 0; i < n; ++i) {
        const uint32_t b = uint32_t(clampRow(y[i])) * uint32_t(mCols) + uint32_t(clampCol(x[i]));
        bucketOf[i] = b;
        ++mStart[b + 1];
    }
    for (size_t b = 1; b < mStart.size(); ++b)
        mStart[b] += mStart[b - 1];
    std::vector<uint32_t> fill(mStart.begin(), mStart.end() - 1);
    for (size_t i = 0; i < n; ++i)
        order[fill[bucketOf[i]]++] = uint32_t(i);
    return order;
}

} // namespace cg
