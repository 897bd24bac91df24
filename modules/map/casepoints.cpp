#include "map/casepoints.h"

#include "map/mapsettings.h"

#include <algorithm>
#include <limits>

namespace cg {

void CasePoints::Builder::addProjected(const Input &input, const QPointF &xy)
{
    if (mProjected.size() != mInput.size())
        mProjected.resize(mInput.size(), QPointF(qQNaN(), qQNaN()));
    mInput.push_back(input);
    mProjected.push_back(xy);
}

std::shared_ptr<const CasePoints> CasePoints::Builder::build()
{
    auto data = std::make_shared<CasePoints>();
    CasePoints &d = *data;
    const size_t n = mInput.size();
    if (n == 0)
        return data;
    std::vector<double> px(n), py(n);
    double minX = std::numeric_limits<double>::max(), minY = minX, maxX = -minX, maxY = -minX;
    for (size_t i = 0; i < n; ++i) {
        QPointF p = i < mProjected.size() && !qIsNaN(mProjected[i].x())
                        ? mProjected[i]
                        : WebMercator::fromLonLat(mInput[i].lon, mInput[i].lat);
        px[i] = p.x();
        py[i] = p.y();
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    d.mExtent = QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
    d.mOrigin = QPointF(std::round((minX + maxX) / 2), std::round((minY + maxY) / 2));
    std::vector<float> fx(n), fy(n);
    for (size_t i = 0; i < n; ++i) {
        fx[i] = float(px[i] - d.mOrigin.x());
        fy[i] = float(py[i] - d.mOrigin.y());
    }
    const std::vector<uint32_t> order = d.mIndex.build(fx.data(), fy.data(), n, 0, 0, 16);
    d.mX.resize(n);
    d.mY.resize(n);
    d.mState.resize(n);
    d.mFlags.resize(n);
    d.mId.resize(n);
    d.mGrid.resize(n);
    d.mById.resize(n);
    std::vector<qint64> openGrids;
    for (size_t k = 0; k < n; ++k) {
        const uint32_t i = order[k];
        d.mX[k] = fx[i];
        d.mY[k] = fy[i];
        d.mState[k] = mInput[i].state;
        d.mFlags[k] = mInput[i].flags;
        d.mId[k] = mInput[i].id;
        d.mGrid[k] = mInput[i].grid;
        d.mById[k] = {mInput[i].id, uint32_t(k)};
        if (mInput[i].flags & Open) {
            ++d.mOpen;
            if (mInput[i].grid)
                openGrids.push_back(mInput[i].grid);
        }
    }
    d.mIndexed = n;
    std::sort(d.mById.begin(), d.mById.end());
    std::sort(openGrids.begin(), openGrids.end());
    for (size_t i = 0; i < openGrids.size();) {
        size_t j = i;
        while (j < openGrids.size() && openGrids[j] == openGrids[i])
            ++j;
        d.mOpenPerGrid.emplace_back(openGrids[i], int(j - i));
        i = j;
    }
    return data;
}

void CasePoints::adjustOpen(qint64 grid, int delta)
{
    if (!grid)
        return;
    auto it = std::lower_bound(mOpenPerGrid.begin(), mOpenPerGrid.end(), std::pair<qint64, int>(grid, 0));
    if (it != mOpenPerGrid.end() && it->first == grid) {
        it->second += delta;
        if (it->second <= 0)
            mOpenPerGrid.erase(it);
    } else if (delta > 0) {
        mOpenPerGrid.insert(it, {grid, delta});
    }
}

std::shared_ptr<const CasePoints> CasePoints::withChanges(const std::vector<Input> &upserts,
                                                          const std::vector<qint64> &removed) const
{
    auto data = std::make_shared<CasePoints>(*this);
    CasePoints &d = *data;
    auto drop = [&](int slot) {
        if (d.mFlags[size_t(slot)] & Open) {
            --d.mOpen;
            d.adjustOpen(d.mGrid[size_t(slot)], -1);
        }
        d.mFlags[size_t(slot)] = Removed;
        ++d.mRemoved;
        auto it = std::lower_bound(d.mById.begin(), d.mById.end(),
                                   std::pair<qint64, uint32_t>(d.mId[size_t(slot)], 0));
        if (it != d.mById.end() && it->first == d.mId[size_t(slot)])
            d.mById.erase(it);
    };
    for (qint64 id : removed) {
        if (const int slot = d.indexOfId(id); slot >= 0)
            drop(slot);
    }
    if (d.mId.empty() && !upserts.empty()) {
        // Nothing to place the tail against: build from scratch.
        Builder b;
        for (const Input &in : upserts)
            b.add(in);
        return b.build();
    }
    for (const Input &in : upserts) {
        const QPointF p = WebMercator::fromLonLat(in.lon, in.lat) - d.mOrigin;
        const float fx = float(p.x()), fy = float(p.y());
        const int slot = d.indexOfId(in.id);
        if (slot >= 0 && d.mX[size_t(slot)] == fx && d.mY[size_t(slot)] == fy) {
            // Same place: recolour in place.
            const size_t i = size_t(slot);
            if (d.mFlags[i] & Open) {
                --d.mOpen;
                d.adjustOpen(d.mGrid[i], -1);
            }
            d.mState[i] = in.state;
            d.mFlags[i] = in.flags;
            d.mGrid[i] = in.grid;
            if (in.flags & Open) {
                ++d.mOpen;
                d.adjustOpen(in.grid, +1);
            }
            continue;
        }
        if (slot >= 0)
            drop(slot);
        const uint32_t k = uint32_t(d.mId.size());
        d.mX.push_back(fx);
        d.mY.push_back(fy);
        d.mState.push_back(in.state);
        d.mFlags.push_back(in.flags);
        d.mId.push_back(in.id);
        d.mGrid.push_back(in.grid);
        d.mById.insert(
            std::lower_bound(d.mById.begin(), d.mById.end(), std::pair<qint64, uint32_t>(in.id, 0)),
            {in.id, k});
        const QPointF at = p + d.mOrigin;
        d.mExtent =
            QRectF(QPointF(std::min(d.mExtent.left(), at.x()), std::min(d.mExtent.top(), at.y())),
                   QPointF(std::max(d.mExtent.right(), at.x()), std::max(d.mExtent.bottom(), at.y())));
        if (in.flags & Open) {
            ++d.mOpen;
            d.adjustOpen(in.grid, +1);
        }
    }
    if (d.unindexedCount() + d.mRemoved > std::max<size_t>(4096, d.mIndexed / 8)) {
        // Too many slots outside the index: rebuild (still no store access).
        Builder b;
        b.reserve(d.count());
        for (size_t i = 0; i < d.mId.size(); ++i) {
            if (d.mFlags[i] & Removed)
                continue;
            Input in;
            in.id = d.mId[i];
            in.grid = d.mGrid[i];
            in.state = d.mState[i];
            in.flags = d.mFlags[i];
            b.addProjected(in, d.position(int(i)));
        }
        return b.build();
    }
    return data;
}

int CasePoints::indexOfId(qint64 id) const
{
    auto it = std::lower_bound(mById.begin(), mById.end(), std::pair<qint64, uint32_t>(id, 0));
    return it != mById.end() && it->first == id ? int(it->second) : -1;
}

int CasePoints::openInGrid(qint64 code) const
{
    auto it = std::lower_bound(mOpenPerGrid.begin(), mOpenPerGrid.end(), std::pair<qint64, int>(code, 0));
    return it != mOpenPerGrid.end() && it->first == code ? it->second : 0;
}

size_t CasePoints::memoryBytes() const
{
    return (mX.capacity() + mY.capacity()) * 4 + mState.capacity() + mFlags.capacity() +
           (mId.capacity() + mGrid.capacity()) * 8 + mById.capacity() * 16 + mOpenPerGrid.capacity() * 16 +
           mIndex.memoryBytes();
}

} // namespace cg
