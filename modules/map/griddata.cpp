#include "map/griddata.h"

#include "map/mapsettings.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cg {

void GridData::Builder::reserve(size_t cells, size_t vertices)
{
    mXY.reserve(vertices * 2);
    mRingStart.reserve(cells + 1);
    mCode.reserve(cells);
    mCommunity.reserve(cells);
}

int GridData::Builder::addCommunity(const QString &code, const QString &name)
{
    mCommunityCodes.append(code);
    if (!name.isEmpty())
        mNames.insert(code, name);
    return int(mCommunityCodes.size() - 1);
}

void GridData::Builder::setName(const QString &code, const QString &name)
{
    mNames.insert(code, name);
}

void GridData::Builder::addCell(qint64 code, int community, const QPointF *lonLat, int count)
{
    if (count > 1 && lonLat[0] == lonLat[count - 1])
        --count; // rings are stored open
    for (int i = 0; i < count; ++i) {
        const QPointF p = WebMercator::fromLonLat(lonLat[i]);
        mXY.push_back(p.x());
        mXY.push_back(p.y());
    }
    mRingStart.push_back(uint32_t(mXY.size() / 2));
    mCode.push_back(code);
    mCommunity.push_back(uint32_t(community));
}

void GridData::Builder::addProjectedCell(qint64 code, int community, const QPointF *xy, int count)
{
    if (count > 1 && xy[0] == xy[count - 1])
        --count;
    for (int i = 0; i < count; ++i) {
        mXY.push_back(xy[i].x());
        mXY.push_back(xy[i].y());
    }
    mRingStart.push_back(uint32_t(mXY.size() / 2));
    mCode.push_back(code);
    mCommunity.push_back(uint32_t(community));
}

std::shared_ptr<const GridData> GridData::Builder::build()
{
    auto data = std::make_shared<GridData>();
    GridData &d = *data;
    const size_t n = mCode.size();
    if (n == 0)
        return data;

    double minX = std::numeric_limits<double>::max(), minY = minX, maxX = -minX, maxY = -minX;
    for (size_t i = 0; i < mXY.size(); i += 2) {
        minX = std::min(minX, mXY[i]);
        maxX = std::max(maxX, mXY[i]);
        minY = std::min(minY, mXY[i + 1]);
        maxY = std::max(maxY, mXY[i + 1]);
    }
    d.mExtent = QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
    d.mOrigin = QPointF(std::round((minX + maxX) / 2), std::round((minY + maxY) / 2));
    const double ox = d.mOrigin.x(), oy = d.mOrigin.y();

    // Boxes and centres in input order, then the index decides the stored order.
    std::vector<float> box(n * 4), cx(n), cy(n);
    float halfW = 0, halfH = 0;
    double widthSum = 0;
    for (size_t i = 0; i < n; ++i) {
        float x0 = std::numeric_limits<float>::max(), y0 = x0, x1 = -x0, y1 = -x0;
        for (uint32_t k = mRingStart[i]; k < mRingStart[i + 1]; ++k) {
            const float x = float(mXY[k * 2] - ox), y = float(mXY[k * 2 + 1] - oy);
            x0 = std::min(x0, x);
            x1 = std::max(x1, x);
            y0 = std::min(y0, y);
            y1 = std::max(y1, y);
        }
        box[i * 4] = x0;
        box[i * 4 + 1] = y0;
        box[i * 4 + 2] = x1;
        box[i * 4 + 3] = y1;
        cx[i] = (x0 + x1) / 2;
        cy[i] = (y0 + y1) / 2;
        halfW = std::max(halfW, (x1 - x0) / 2);
        halfH = std::max(halfH, (y1 - y0) / 2);
        widthSum += std::sqrt(double(x1 - x0) * double(y1 - y0));
    }
    d.mMeanCellSize = widthSum / double(n);
    const std::vector<uint32_t> order = d.mIndex.build(cx.data(), cy.data(), n, halfW, halfH, 4);

    d.mXY.reserve(mXY.size());
    d.mRingStart.reserve(n + 1);
    d.mRingStart.push_back(0);
    d.mBox.resize(n * 4);
    d.mCode.resize(n);
    d.mCommunity.resize(n);
    for (size_t k = 0; k < n; ++k) {
        const uint32_t i = order[k];
        for (uint32_t v = mRingStart[i]; v < mRingStart[i + 1]; ++v) {
            d.mXY.push_back(float(mXY[v * 2] - ox));
            d.mXY.push_back(float(mXY[v * 2 + 1] - oy));
        }
        d.mRingStart.push_back(uint32_t(d.mXY.size() / 2));
        std::copy_n(&box[size_t(i) * 4], 4, &d.mBox[k * 4]);
        d.mCode[k] = mCode[i];
        d.mCommunity[k] = mCommunity[i];
    }
    // The builder's arrays are no longer needed: free them before the boundary pass.
    std::vector<double>().swap(mXY);
    d.mByCode.resize(n);
    for (size_t k = 0; k < n; ++k)
        d.mByCode[k] = {d.mCode[k], uint32_t(k)};
    std::sort(d.mByCode.begin(), d.mByCode.end());

    d.mRegions.clear();
    d.buildRegionsFrom(mCommunityCodes, mNames);
    d.buildBoundaries();
    return data;
}

void GridData::buildRegionsFrom(const QStringList &communityCodes, const QHash<QString, QString> &names)
{
    auto regionOf = [&](const QString &code, MapRegion::Level level) {
        auto it = mRegionByCode.constFind(code);
        if (it != mRegionByCode.constEnd())
            return *it;
        MapRegion r;
        r.code = code;
        r.name = names.value(code, code);
        r.level = level;
        mRegions.append(r);
        mRegionByCode.insert(code, int(mRegions.size() - 1));
        return int(mRegions.size() - 1);
    };
    const size_t communities = size_t(communityCodes.size());
    mCommunityRegion.resize(communities);
    mCommunityStreet.resize(communities);
    mCommunityDistrict.resize(communities);
    for (size_t c = 0; c < communities; ++c) {
        const QString &code = communityCodes[qsizetype(c)];
        mCommunityDistrict[c] = code.size() >= 6 ? regionOf(code.left(6), MapRegion::District) : -1;
        mCommunityStreet[c] = code.size() >= 9 ? regionOf(code.left(9), MapRegion::Street) : -1;
        mCommunityRegion[c] = regionOf(code, MapRegion::Community);
    }

    // Mean centres, then the cell nearest to it as the anchor (always inside the region, even a concave one).
    const int regions = int(mRegions.size());
    std::vector<double> sx(regions, 0), sy(regions, 0);
    std::vector<int> count(regions, 0);
    std::vector<QRectF> bounds(regions);
    const size_t n = mCode.size();
    auto each = [&](size_t cell, auto f) {
        const uint32_t c = mCommunity[cell];
        f(mCommunityRegion[c]);
        if (mCommunityStreet[c] >= 0)
            f(mCommunityStreet[c]);
        if (mCommunityDistrict[c] >= 0)
            f(mCommunityDistrict[c]);
    };
    for (size_t i = 0; i < n; ++i) {
        const float *b = &mBox[i * 4];
        const double x = (b[0] + b[2]) / 2.0, y = (b[1] + b[3]) / 2.0;
        const QRectF cellBox(QPointF(b[0], b[1]), QPointF(b[2], b[3]));
        each(i, [&](int r) {
            sx[r] += x;
            sy[r] += y;
            ++count[r];
            bounds[r] = bounds[r].isNull() ? cellBox : bounds[r].united(cellBox);
        });
    }
    std::vector<double> best(regions, std::numeric_limits<double>::max());
    std::vector<QPointF> anchor(regions);
    for (size_t i = 0; i < n; ++i) {
        const float *b = &mBox[i * 4];
        const double x = (b[0] + b[2]) / 2.0, y = (b[1] + b[3]) / 2.0;
        each(i, [&](int r) {
            const double mx = sx[r] / count[r], my = sy[r] / count[r];
            const double d2 = (x - mx) * (x - mx) + (y - my) * (y - my);
            if (d2 < best[r]) {
                best[r] = d2;
                anchor[r] = QPointF(x, y);
            }
        });
    }
    for (int r = 0; r < regions; ++r) {
        mRegions[r].cells = count[r];
        mRegions[r].anchor = anchor[r] + mOrigin;
        mRegions[r].bounds = bounds[r].translated(mOrigin);
    }
}

void GridData::buildBoundaries()
{
    struct Edge
    {
        uint64_t a, b;
        uint32_t cell;
        bool operator<(const Edge &o) const { return a != o.a ? a < o.a : b < o.b; }
    };
    auto key = [](float x, float y) {
        const uint64_t qx =
            uint64_t(int64_t(std::llround(double(x) * 100.0)) + (int64_t(1) << 31)) & 0xffffffffu;
        const uint64_t qy =
            uint64_t(int64_t(std::llround(double(y) * 100.0)) + (int64_t(1) << 31)) & 0xffffffffu;
        return (qx << 32) | qy;
    };
    const size_t n = mCode.size();
    std::vector<Edge> edges;
    edges.reserve(mXY.size() / 2);
    for (size_t i = 0; i < n; ++i) {
        const uint32_t b = mRingStart[i], e = mRingStart[i + 1];
        for (uint32_t k = b; k < e; ++k) {
            const uint32_t k2 = k + 1 < e ? k + 1 : b;
            uint64_t p = key(mXY[k * 2], mXY[k * 2 + 1]), q = key(mXY[k2 * 2], mXY[k2 * 2 + 1]);
            if (p == q)
                continue;
            if (q < p)
                std::swap(p, q);
            edges.push_back({p, q, uint32_t(i)});
        }
    }
    std::sort(edges.begin(), edges.end());

    std::vector<float> xy;
    std::vector<uint8_t> level;
    auto emit = [&](const Edge &edge, uint8_t lv) {
        auto unkey = [](uint64_t k, float &x, float &y) {
            x = float(double(int64_t(k >> 32) - (int64_t(1) << 31)) / 100.0);
            y = float(double(int64_t(k & 0xffffffffu) - (int64_t(1) << 31)) / 100.0);
        };
        float x0, y0, x1, y1;
        unkey(edge.a, x0, y0);
        unkey(edge.b, x1, y1);
        xy.insert(xy.end(), {x0, y0, x1, y1});
        level.push_back(lv);
    };
    for (size_t i = 0; i < edges.size();) {
        size_t j = i + 1;
        while (j < edges.size() && edges[j].a == edges[i].a && edges[j].b == edges[i].b)
            ++j;
        if (j - i == 1) {
            emit(edges[i], MapRegion::District); // nobody on the other side: the outer line
        } else {
            const uint32_t ca = mCommunity[edges[i].cell], cb = mCommunity[edges[i + 1].cell];
            if (ca != cb) {
                uint8_t lv = MapRegion::Community;
                if (mCommunityDistrict[ca] != mCommunityDistrict[cb])
                    lv = MapRegion::District;
                else if (mCommunityStreet[ca] != mCommunityStreet[cb])
                    lv = MapRegion::Street;
                emit(edges[i], lv);
            }
        }
        i = j;
    }
    std::vector<Edge>().swap(edges);

    // Pack them like the cells.
    const size_t s = level.size();
    std::vector<float> mx(s), my(s);
    float halfW = 0, halfH = 0;
    for (size_t i = 0; i < s; ++i) {
        const float *p = &xy[i * 4];
        mx[i] = (p[0] + p[2]) / 2;
        my[i] = (p[1] + p[3]) / 2;
        halfW = std::max(halfW, std::abs(p[2] - p[0]) / 2);
        halfH = std::max(halfH, std::abs(p[3] - p[1]) / 2);
    }
    const std::vector<uint32_t> order = mBoundaries.index.build(mx.data(), my.data(), s, halfW, halfH, 16);
    mBoundaries.xy.resize(s * 4);
    mBoundaries.level.resize(s);
    for (size_t k = 0; k < s; ++k) {
        std::copy_n(&xy[size_t(order[k]) * 4], 4, &mBoundaries.xy[k * 4]);
        mBoundaries.level[k] = level[order[k]];
    }
}

const MapRegion *GridData::streetOf(int community) const
{
    const int r = mCommunityStreet[community];
    return r < 0 ? nullptr : &mRegions[r];
}

const MapRegion *GridData::districtOf(int community) const
{
    const int r = mCommunityDistrict[community];
    return r < 0 ? nullptr : &mRegions[r];
}

const MapRegion *GridData::region(const QString &code) const
{
    auto it = mRegionByCode.constFind(code);
    return it == mRegionByCode.constEnd() ? nullptr : &mRegions[*it];
}

int GridData::cellAt(const QPointF &xy) const
{
    const float px = float(xy.x() - mOrigin.x()), py = float(xy.y() - mOrigin.y());
    int found = -1;
    forEachIn(QRectF(xy, QSizeF(0, 0)), [&](int cell) {
        if (found >= 0)
            return;
        bool inside = false;
        const uint32_t b = mRingStart[cell], e = mRingStart[cell + 1];
        for (uint32_t i = b, j = e - 1; i < e; j = i++) {
            const float xi = mXY[i * 2], yi = mXY[i * 2 + 1], xj = mXY[j * 2], yj = mXY[j * 2 + 1];
            if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi)
                inside = !inside;
        }
        if (inside)
            found = cell;
    });
    return found;
}

int GridData::cellOfCode(qint64 code) const
{
    auto it = std::lower_bound(mByCode.begin(), mByCode.end(), std::pair<qint64, uint32_t>(code, 0));
    return it != mByCode.end() && it->first == code ? int(it->second) : -1;
}

QPolygonF GridData::ring(int cell) const
{
    QPolygonF poly;
    const uint32_t b = mRingStart[cell], e = mRingStart[cell + 1];
    poly.reserve(e - b + 1);
    for (uint32_t k = b; k < e; ++k)
        poly.append(QPointF(mXY[k * 2], mXY[k * 2 + 1]) + mOrigin);
    if (e > b)
        poly.append(poly.first());
    return poly;
}

QRectF GridData::cellBounds(int cell) const
{
    const float *b = box(cell);
    return QRectF(QPointF(b[0], b[1]), QPointF(b[2], b[3])).translated(mOrigin);
}

QPointF GridData::centre(int cell) const
{
    return cellBounds(cell).center();
}

size_t GridData::memoryBytes() const
{
    return mXY.capacity() * 4 + mRingStart.capacity() * 4 + mBox.capacity() * 4 + mCode.capacity() * 8 +
           mCommunity.capacity() * 4 + mByCode.capacity() * 16 + mIndex.memoryBytes() +
           mBoundaries.xy.capacity() * 4 + mBoundaries.level.capacity() + mBoundaries.index.memoryBytes();
}

} // namespace cg
