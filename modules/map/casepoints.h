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
        Overdue = 2,        // the current step is late ("red light")
        KeySupervision = 4, // 重点监管
        Removed = 0x80      // a slot left behind by a changed or deleted case (never drawn)
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

    // Slots, including those of removed cases (index range for state(i), x()[i], ...).
    size_t size() const { return mId.size(); }
    // Cases shown: slots minus removed ones.
    size_t count() const { return mId.size() - mRemoved; }
    bool isEmpty() const { return count() == 0; }
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

    // Points inside `rect` (projected): f(i). Removed slots are skipped; cases added by withChanges() sit
    // after the indexed ones and are tested one by one.
    template<typename F>
    void forEachIn(const QRectF &rect, F f) const
    {
        const QRectF r = rect.translated(-mOrigin);
        const float x0 = float(r.left()), y0 = float(r.top()), x1 = float(r.right()), y1 = float(r.bottom());
        auto visit = [&](uint32_t b, uint32_t e) {
            for (uint32_t i = b; i < e; ++i) {
                if (mX[i] >= x0 && mX[i] <= x1 && mY[i] >= y0 && mY[i] <= y1 && !(mFlags[i] & Removed))
                    f(int(i));
            }
        };
        mIndex.query(r, visit);
        if (mIndexed < mId.size())
            visit(uint32_t(mIndexed), uint32_t(mId.size()));
    }

    // A copy with the changed cases applied, for the live map: a case whose position is unchanged is
    // recoloured in place; a moved or new case goes to the unindexed tail (its old slot marked Removed);
    // `removed` ids disappear. Costs a copy of the arrays, no reading of the other cases from the store.
    // When the tail outgrows 1/8 of the cases, the result is rebuilt with a fresh index.
    std::shared_ptr<const CasePoints> withChanges(const std::vector<Input> &upserts,
                                                  const std::vector<qint64> &removed) const;
    // Slots appended after the index (tests, statistics).
    size_t unindexedCount() const { return mId.size() - mIndexed; }
    // Open cases per grid code, for the choropleth: sorted (code, count) pairs.
    const std::vector<std::pair<qint64, int>> &openPerGrid() const { return mOpenPerGrid; }
    int openInGrid(qint64 code) const;

    size_t memoryBytes() const;

private:
    void adjustOpen(qint64 grid, int delta);

    QPointF mOrigin;
    QRectF mExtent;
    int mOpen = 0;
    std::vector<float> mX, mY;
    std::vector<uint8_t> mState, mFlags;
    std::vector<qint64> mId, mGrid;
    std::vector<std::pair<qint64, uint32_t>> mById;
    std::vector<std::pair<qint64, int>> mOpenPerGrid;
    PackedGridIndex mIndex;
    size_t mIndexed = 0; // slots [0, mIndexed) are in the index
    size_t mRemoved = 0;
};

} // namespace cg
