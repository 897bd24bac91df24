#pragma once

#include "map/packedgridindex.h"

#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace cg {

// Points of one kind of map data (components, points of interest) in flat arrays, projected to Web
// Mercator, with a packed index, a category per point (a component's major class, a POI's kind) and, for
// components, counts per cell on coarser and coarser square cells (200 m, 800 m, 3.2 km, 12.8 km, 51.2 km)
// for the far zoom levels: the map never draws millions of dots. Immutable once built (in any thread) and
// shared across threads; 12 million components take about 13 bytes each.
class MapPoints
{
public:
    struct Cell
    {
        float x, y; // the mean position of the points in the cell (relative to origin)
        uint32_t count;
        uint8_t category; // the most common category in the cell
    };

    class Builder
    {
    public:
        void reserve(size_t n);
        // `category` indexes categories(); `label` may be empty (components carry none).
        void add(double lon, double lat, uint8_t category, const QString &label = {});
        // The name of category i (e.g. "01" or "metro"); categories are added in order.
        int addCategory(const QString &name);
        int category(const QString &name); // finds or adds
        size_t size() const { return mLon.size(); }
        // `aggregate`: build the counts per cell (components).
        std::shared_ptr<const MapPoints> build(bool aggregate);

    private:
        std::vector<double> mLon, mLat;
        std::vector<uint8_t> mCategory;
        QStringList mLabels;
        QStringList mCategories;
        bool mHasLabels = false;
    };

    static constexpr int LevelCount = 5;
    static double levelCellSize(int level) { return 200.0 * double(1 << (2 * level)); } // projected metres

    size_t size() const { return mX.size(); }
    bool isEmpty() const { return mX.empty(); }
    QPointF origin() const { return mOrigin; }
    QRectF extent() const { return mExtent; }
    const float *x() const { return mX.data(); }
    const float *y() const { return mY.data(); }
    uint8_t category(int i) const { return mCategory[size_t(i)]; }
    const QStringList &categories() const { return mCategories; }
    QString label(int i) const { return mLabels.isEmpty() ? QString() : mLabels.at(i); }
    QPointF position(int i) const { return QPointF(mX[size_t(i)], mY[size_t(i)]) + mOrigin; }
    const std::vector<Cell> &cells(int level) const { return mLevels[size_t(level)]; }
    bool hasCells() const { return !mLevels[0].empty(); }

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
    // Points in `rect`, stopping at `limit` (the renderer's "too many to draw" test).
    size_t countIn(const QRectF &rect, size_t limit) const;
    size_t memoryBytes() const;

private:
    QPointF mOrigin;
    QRectF mExtent;
    std::vector<float> mX, mY;
    std::vector<uint8_t> mCategory;
    QStringList mLabels;
    QStringList mCategories;
    PackedGridIndex mIndex;
    std::vector<Cell> mLevels[LevelCount];
};

// Named polygons (responsibility grids) as flat rings in Web Mercator with a packed index and a label
// anchor each. Immutable once built, shared across threads.
class MapAreas
{
public:
    class Builder
    {
    public:
        // A ring in lon/lat (closed or not).
        void add(const QString &code, const QString &name, const QList<QPointF> &lonLatRing);
        std::shared_ptr<const MapAreas> build();

    private:
        QStringList mCodes, mNames;
        std::vector<QPointF> mXY; // projected
        std::vector<uint32_t> mStart{0};
    };

    size_t size() const { return mCodes.size(); }
    bool isEmpty() const { return mCodes.isEmpty(); }
    QPointF origin() const { return mOrigin; }
    QRectF extent() const { return mExtent; }
    const QString &code(int i) const { return mCodes.at(i); }
    const QString &name(int i) const { return mNames.at(i); }
    uint32_t ringBegin(int i) const { return mStart[size_t(i)]; }
    uint32_t ringEnd(int i) const { return mStart[size_t(i) + 1]; }
    const float *xy() const { return mXY.data(); }
    QRectF bounds(int i) const; // projected
    double meanSize() const { return mMeanSize; }
    // The area whose box meets `rect` (projected): f(i).
    template<typename F>
    void forEachIn(const QRectF &rect, F f) const
    {
        const QRectF r = rect.translated(-mOrigin);
        mIndex.query(r, [&](uint32_t b, uint32_t e) {
            for (uint32_t k = b; k < e; ++k) {
                const float *box = &mBox[size_t(k) * 4];
                if (box[2] >= r.left() && box[0] <= r.right() && box[3] >= r.top() && box[1] <= r.bottom())
                    f(int(k));
            }
        });
    }

private:
    QPointF mOrigin;
    QRectF mExtent;
    double mMeanSize = 0;
    QStringList mCodes, mNames;
    std::vector<float> mXY;
    std::vector<uint32_t> mStart;
    std::vector<float> mBox;
    PackedGridIndex mIndex;
};

} // namespace cg
