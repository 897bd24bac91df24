#pragma once

#include <QRectF>

#include <cstdint>
#include <vector>

namespace cg {

// A packed uniform-grid spatial index over items that have a centre and a bounded size. Each item lives in
// exactly one bucket (the one holding its centre), and the items are stored sorted by bucket, row by row, so
// a query is a handful of contiguous index ranges: no pointers, no duplicates, no per-query allocation.
// Queries widen the rectangle by the largest item half-size so that every item that may intersect is visited.
class PackedGridIndex
{
public:
    // Builds the index over `n` centres (x[i], y[i]); returns the order in which the caller must store its
    // items (order[k] = the original index of the k-th stored item). `halfW/halfH`: the largest item
    // half-extent. About `perBucket` items per bucket.
    std::vector<uint32_t> build(const float *x, const float *y, size_t n, float halfW, float halfH,
                                int perBucket = 8);

    bool isEmpty() const { return mStart.empty(); }
    size_t memoryBytes() const { return mStart.capacity() * sizeof(uint32_t); }

    // Calls f(begin, end) for each run of stored items that may intersect `rect` (coordinates of the index).
    template<typename F>
    void query(const QRectF &rect, F f) const
    {
        if (mStart.empty())
            return;
        const double x0 = rect.left() - mHalfW, x1 = rect.right() + mHalfW;
        const double y0 = rect.top() - mHalfH, y1 = rect.bottom() + mHalfH;
        if (x1 < mMinX || y1 < mMinY || x0 > mMinX + mCols * mCell || y0 > mMinY + mRows * mCell)
            return;
        const int c0 = clampCol(x0), c1 = clampCol(x1), r0 = clampRow(y0), r1 = clampRow(y1);
        for (int r = r0; r <= r1; ++r) {
            const uint32_t b = mStart[size_t(r) * mCols + c0], e = mStart[size_t(r) * mCols + c1 + 1];
            if (b < e)
                f(b, e);
        }
    }

private:
    int clampCol(double x) const
    {
        const int c = int((x - mMinX) / mCell);
        return c < 0 ? 0 : (c >= mCols ? mCols - 1 : c);
    }
    int clampRow(double y) const
    {
        const int r = int((y - mMinY) / mCell);
        return r < 0 ? 0 : (r >= mRows ? mRows - 1 : r);
    }

    double mMinX = 0, mMinY = 0, mCell = 1;
    int mCols = 0, mRows = 0;
    double mHalfW = 0, mHalfH = 0;
    std::vector<uint32_t> mStart; // rows*cols + 1 offsets into the stored items
};

} // namespace cg
