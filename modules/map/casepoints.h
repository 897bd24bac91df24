#pragma once

#include "map/packedgridindex.h"

#include <QPointF>
#include <QRectF>

#include <cstdint>
#include <memory>
#include <vector>

namespace cg {

// The cases a map shows, as flat arrays projected to Web Mercator with a packed index: what the case layer,
// the heat map and the grid choropleth read. Immutable once built and shared across threads. A few bytes a
// case: a million cases take about 30 MB.
class CasePoints
{
public:
    enum Flag : uint8_t {
        Open = 1,
        Overdue = 2,       // the current step is late ("red light")
        KeySupervision = 4 // 重点监管
    };

    struct Input
    {
        qint64 id = 0;
        qint64 grid = 0; // the unit grid code as a number, 0 if none
        double lon = 0, lat = 0;
        uint8_t state = 0; // CaseState
        uint8_t flags = 0;
    };

    class Builder
    {
    public:
        void reserve(size_t n) { mInput.reserve(n); }
        void add(const Input &input) { mInput.push_back(input); }
        // The same with a position already in Web Mercator.
        void addProjected(const Input &input, const QPointF &xy);
        size_t size() const { return mInput.size(); }
        std::shared_ptr<const CasePoints> build();

    private:
        std::vector<Input> mInput;
        std::vector<QPointF> mProjected; // parallel to mInput when addProjected() was used
    };

    size_t size() const { return mId.size(); }
    bool isEmpty() const { return mId.empty(); }
    QPointF origin() const { return mOrigin; }
    QRectF extent() const { return mExtent; }
    int openCount() const { return mOpen; }

    const float *x() const { return mX.data(); }
    const float *y() const { return mY.data(); }
    uint8_t state(int i) const { return mState[i]; }
    uint8_t flags(int i) const { return mFlags[i]; }
    qint64 id(int i) const { return mId[i]; }
    qint64 grid(int i) const { return mGrid[i]; }
    QPointF position(int i) const { return QPointF(mX[i], mY[i]) + mOrigin; }
    int indexOfId(qint64 id) const; // -1 if absent

    // Points inside `rect` (projected): f(i).
    template<typename F>
    void forEachIn(const QRectF &rect, F f) const
    {
        const QRectF r = rect.translated(-mOrigin);
        const float x0 = float(r.left()), y0 = float(r.top()), x1 = float(r.right()), y1 = float(r.bottom());
        mIndex.query(r, [&](uint32_t b, uint32_t e) {
            for (uint32_t i = b; i < e; ++i) {
                if (mX[i] >= x0 && mX[i] <= x1 && mY[i] >= y0 && mY[i] <= y1)
                    f(int(i));
            }
        });
    }
    // Open cases per grid code, for the choropleth: sorted (code, count) pairs.
    const std::vector<std::pair<qint64, int>> &openPerGrid() const { return mOpenPerGrid; }
    int openInGrid(qint64 code) const;

    size_t memoryBytes() const;

private:
    QPointF mOrigin;
    QRectF mExtent;
    int mOpen = 0;
    std::vector<float> mX, mY;
    std::vector<uint8_t> mState, mFlags;
    std::vector<qint64> mId, mGrid;
    std::vector<std::pair<qint64, uint32_t>> mById;
    std::vector<std::pair<qint64, int>> mOpenPerGrid;
    PackedGridIndex mIndex;
};

} // namespace cg
