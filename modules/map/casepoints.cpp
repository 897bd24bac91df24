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
