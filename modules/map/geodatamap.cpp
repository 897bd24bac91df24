#include "map/geodatamap.h"

#include "map/mapsettings.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace cg {

void MapPoints::Builder::reserve(size_t n)
{
    mLon.reserve(n);
    mLat.reserve(n);
    mCategory.reserve(n);
}

void MapPoints::Builder::add(double lon, double lat, uint8_t category, const QString &label)
{
    mLon.push_back(lon);
    mLat.push_back(lat);
    mCategory.push_back(category);
    if (!label.isEmpty() && !mHasLabels) {
        mHasLabels = true;
        mLabels.reserve(qsizetype(mLon.capacity()));
        for (size_t i = 0; i + 1 < mLon.size(); ++i)
            mLabels.append(QString());
    }
    if (mHasLabels)
        mLabels.append(label);
}

int MapPoints::Builder::addCategory(const QString &name)
{
    mCategories.append(name);
    return int(mCategories.size()) - 1;
}

int MapPoints::Builder::category(const QString &name)
{
    const qsizetype i = mCategories.indexOf(name);
    return i >= 0 ? int(i) : addCategory(name);
}

std::shared_ptr<const MapPoints> MapPoints::Builder::build(bool aggregate)
{
    auto data = std::make_shared<MapPoints>();
    MapPoints &d = *data;
    d.mCategories = mCategories;
    const size_t n = mLon.size();
    if (n == 0)
        return data;
    std::vector<double> px(n), py(n);
    double minX = std::numeric_limits<double>::max(), minY = minX, maxX = -minX, maxY = -minX;
    for (size_t i = 0; i < n; ++i) {
        const QPointF p = WebMercator::fromLonLat(mLon[i], mLat[i]);
        px[i] = p.x();
        py[i] = p.y();
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    std::vector<double>().swap(mLon);
    std::vector<double>().swap(mLat);
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
    d.mCategory.resize(n);
    if (mHasLabels)
        d.mLabels.reserve(qsizetype(n));
    for (size_t k = 0; k < n; ++k) {
        const uint32_t i = order[k];
        d.mX[k] = fx[i];
        d.mY[k] = fy[i];
        d.mCategory[k] = mCategory[i];
        if (mHasLabels)
            d.mLabels.append(mLabels.at(qsizetype(i)));
    }
    if (!aggregate)
        return data;
    // Level 0: the points' 200 m cells (keys sorted), then each coarser level from the one below.
    const double cell0 = levelCellSize(0);
    const double ox = minX - d.mOrigin.x(), oy = minY - d.mOrigin.y();
    auto keyOf = [](uint64_t col, uint64_t row) {
        return (row << 32) | col;
    };
    std::vector<std::pair<uint64_t, uint32_t>> keyed(n);
    for (size_t k = 0; k < n; ++k) {
        const auto col = uint64_t((double(d.mX[k]) - ox) / cell0),
                   row = uint64_t((double(d.mY[k]) - oy) / cell0);
        keyed[k] = {keyOf(col, row), uint32_t(k)};
    }
    std::sort(keyed.begin(), keyed.end());
    struct Acc
    {
        uint64_t key;
        double sx, sy;
        uint32_t count;
        uint32_t perCategory[8];
    };
    std::vector<Acc> level;
    for (size_t a = 0; a < n;) {
        size_t b = a;
        Acc acc{keyed[a].first, 0, 0, 0, {}};
        while (b < n && keyed[b].first == acc.key) {
            const uint32_t k = keyed[b].second;
            acc.sx += d.mX[k];
            acc.sy += d.mY[k];
            ++acc.count;
            ++acc.perCategory[std::min<int>(7, d.mCategory[k])];
            ++b;
        }
        level.push_back(acc);
        a = b;
    }
    std::vector<std::pair<uint64_t, uint32_t>>().swap(keyed);
    for (int l = 0; l < LevelCount; ++l) {
        if (l > 0) {
            // Four by four cells of the level below make one.
            for (Acc &acc : level)
                acc.key = keyOf((acc.key & 0xffffffffu) / 4, (acc.key >> 32) / 4);
            std::sort(level.begin(), level.end(), [](const Acc &a, const Acc &b) { return a.key < b.key; });
            std::vector<Acc> merged;
            for (const Acc &acc : level) {
                if (!merged.empty() && merged.back().key == acc.key) {
                    Acc &m = merged.back();
                    m.sx += acc.sx;
                    m.sy += acc.sy;
                    m.count += acc.count;
                    for (int c = 0; c < 8; ++c)
                        m.perCategory[c] += acc.perCategory[c];
                } else {
                    merged.push_back(acc);
                }
            }
            level.swap(merged);
        }
        auto &cells = d.mLevels[l];
        cells.reserve(level.size());
        for (const Acc &acc : level) {
            const int top = int(std::max_element(acc.perCategory, acc.perCategory + 8) - acc.perCategory);
            cells.push_back({float(acc.sx / acc.count), float(acc.sy / acc.count), acc.count, uint8_t(top)});
        }
    }
    return data;
}

size_t MapPoints::countIn(const QRectF &rect, size_t limit) const
{
    size_t count = 0;
    const QRectF r = rect.translated(-mOrigin);
    const float x0 = float(r.left()), y0 = float(r.top()), x1 = float(r.right()), y1 = float(r.bottom());
    mIndex.query(r, [&](uint32_t b, uint32_t e) {
        if (count > limit)
            return;
        for (uint32_t i = b; i < e; ++i)
            count += mX[i] >= x0 && mX[i] <= x1 && mY[i] >= y0 && mY[i] <= y1;
    });
    return count;
}

size_t MapPoints::memoryBytes() const
{
    size_t bytes = (mX.capacity() + mY.capacity()) * 4 + mCategory.capacity() + mIndex.memoryBytes();
    for (const auto &l : mLevels)
        bytes += l.capacity() * sizeof(Cell);
    for (const QString &s : mLabels)
        bytes += size_t(s.capacity()) * 2 + 32;
    return bytes;
}

void MapAreas::Builder::add(const QString &code, const QString &name, const QList<QPointF> &ring)
{
    mCodes.append(code);
    mNames.append(name);
    qsizetype n = ring.size();
    if (n > 1 && ring.first() == ring.last())
        --n;
    for (qsizetype i = 0; i < n; ++i)
        mXY.push_back(WebMercator::fromLonLat(ring[i]));
    mStart.push_back(uint32_t(mXY.size()));
}

std::shared_ptr<const MapAreas> MapAreas::Builder::build()
{
    auto data = std::make_shared<MapAreas>();
    MapAreas &d = *data;
    const size_t n = size_t(mCodes.size());
    if (n == 0)
        return data;
    QRectF extent;
    for (const QPointF &p : mXY)
        extent =
            extent.isNull() ? QRectF(p, QSizeF(1e-9, 1e-9)) : extent.united(QRectF(p, QSizeF(1e-9, 1e-9)));
    d.mExtent = extent;
    d.mOrigin = QPointF(std::round(extent.center().x()), std::round(extent.center().y()));
    std::vector<float> cx(n), cy(n), boxes(n * 4);
    float halfW = 0, halfH = 0;
    double sizes = 0;
    for (size_t i = 0; i < n; ++i) {
        float x0 = std::numeric_limits<float>::max(), y0 = x0, x1 = -x0, y1 = -x0;
        for (uint32_t k = mStart[i]; k < mStart[i + 1]; ++k) {
            const float x = float(mXY[k].x() - d.mOrigin.x()), y = float(mXY[k].y() - d.mOrigin.y());
            x0 = std::min(x0, x);
            x1 = std::max(x1, x);
            y0 = std::min(y0, y);
            y1 = std::max(y1, y);
        }
        cx[i] = (x0 + x1) / 2;
        cy[i] = (y0 + y1) / 2;
        halfW = std::max(halfW, (x1 - x0) / 2);
        halfH = std::max(halfH, (y1 - y0) / 2);
        boxes[i * 4] = x0;
        boxes[i * 4 + 1] = y0;
        boxes[i * 4 + 2] = x1;
        boxes[i * 4 + 3] = y1;
        sizes += std::sqrt(double(x1 - x0) * double(y1 - y0));
    }
    d.mMeanSize = sizes / double(n);
    const std::vector<uint32_t> order = d.mIndex.build(cx.data(), cy.data(), n, halfW, halfH, 4);
    d.mStart.push_back(0);
    for (size_t k = 0; k < n; ++k) {
        const uint32_t i = order[k];
        d.mCodes.append(mCodes.at(qsizetype(i)));
        d.mNames.append(mNames.at(qsizetype(i)));
        for (uint32_t v = mStart[i]; v < mStart[i + 1]; ++v) {
            d.mXY.push_back(float(mXY[v].x() - d.mOrigin.x()));
            d.mXY.push_back(float(mXY[v].y() - d.mOrigin.y()));
        }
        d.mStart.push_back(uint32_t(d.mXY.size() / 2));
        for (int c = 0; c < 4; ++c)
            d.mBox.push_back(boxes[i * 4 + size_t(c)]);
    }
    return data;
}

QRectF MapAreas::bounds(int i) const
{
    const float *b = &mBox[size_t(i) * 4];
    return QRectF(QPointF(b[0], b[1]), QPointF(b[2], b[3])).translated(mOrigin);
}

} // namespace cg
