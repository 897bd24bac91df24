#pragma once

#include "map/packedgridindex.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace cg {

// A jurisdiction drawn on the map: a district, street or community made of unit grids.
struct MapRegion
{
    enum Level : uint8_t { District, Street, Community };
    QString code;
    QString name;
    Level level = Community;
    QPointF anchor; // label position (projected): the centre of the region's cell nearest to its mean centre
    QRectF bounds;  // projected
    int cells = 0;
};

// Boundary lines between regions, as flat segments with a packed index (see GridData).
struct BoundaryLines
{
    std::vector<float> xy;      // x0, y0, x1, y1 per segment, relative to GridData::origin()
    std::vector<uint8_t> level; // MapRegion::Level of the highest boundary the segment lies on
    PackedGridIndex index;
    size_t size() const { return level.size(); }
};

// Unit grids of a whole city, ready to draw: rings as flat float arrays projected to Web Mercator (relative
// to an origin, so floats keep centimetres), a packed grid index for culling and hit tests, a code lookup,
// and the jurisdiction boundaries derived from the cells. Immutable once built: layers and renderers share it
// through std::shared_ptr<const GridData> across threads without locks.
//
// Boundaries: unit grids tile their community seamlessly (DOMAIN.md §2), so a region's outline is the set of
// its cells' edges that no other cell of the same region shares. The builder sorts all edges (endpoints
// snapped to 1 cm) and keeps an edge when its two cells lie in different communities (a community line), in
// different streets (a street line) or different districts, or when only one cell has it (the outer line).
// That is an exact dissolve for tilings with shared vertices, costs one sort, and needs no GEOS union; edges
// with T-junctions (a vertex of one cell in the middle of its neighbour's edge) would show as short interior
// strokes, which generated and surveyed grids with shared vertices do not have.
class GridData
{
public:
    class Builder
    {
    public:
        void reserve(size_t cells, size_t vertices);
        // A community (12-digit code) the cells belong to; returns its index for addCell().
        int addCommunity(const QString &code, const QString &name = {});
        // Names of districts and streets (and communities), by code, for labels and identify.
        void setName(const QString &code, const QString &name);
        // A cell from a ring in lon/lat (closed or not). `code`: the 14/15-digit grid code as a number.
        void addCell(qint64 code, int community, const QPointF *lonLat, int count);
        // The same for a ring already in Web Mercator metres.
        void addProjectedCell(qint64 code, int community, const QPointF *xy, int count);
        size_t cellCount() const { return mCode.size(); }
        std::shared_ptr<const GridData> build();

    private:
        std::vector<double> mXY;
        std::vector<uint32_t> mRingStart{0};
        std::vector<qint64> mCode;
        std::vector<uint32_t> mCommunity;
        QStringList mCommunityCodes;
        QHash<QString, QString> mNames;
    };

    size_t size() const { return mCode.size(); }
    bool isEmpty() const { return mCode.empty(); }
    QRectF extent() const { return mExtent; } // projected
    QPointF origin() const { return mOrigin; }
    // Mean cell width in projected metres: the level-of-detail switch compares it with the resolution.
    double meanCellSize() const { return mMeanCellSize; }

    qint64 code(int cell) const { return mCode[cell]; }
    QString codeText(int cell) const { return QString::number(mCode[cell]); }
    int community(int cell) const { return int(mCommunity[cell]); }
    const MapRegion &communityRegion(int community) const { return mRegions[mCommunityRegion[community]]; }
    const MapRegion *streetOf(int community) const;
    const MapRegion *districtOf(int community) const;
    const QList<MapRegion> &regions() const { return mRegions; }
    const MapRegion *region(const QString &code) const;

    // Raw access for renderers: ring of a cell = points [ringBegin, ringEnd) of xy(), open (not closed).
    const float *xy() const { return mXY.data(); }
    uint32_t ringBegin(int cell) const { return mRingStart[cell]; }
    uint32_t ringEnd(int cell) const { return mRingStart[cell + 1]; }
    const float *box(int cell) const { return &mBox[size_t(cell) * 4]; } // x0, y0, x1, y1 (relative)
    const PackedGridIndex &index() const { return mIndex; }
    const BoundaryLines &boundaries() const { return mBoundaries; }

    // Cells whose box meets `rect` (projected): f(cell).
    template<typename F>
    void forEachIn(const QRectF &rect, F f) const
    {
        const QRectF r = rect.translated(-mOrigin);
        const float rx0 = float(r.left()), ry0 = float(r.top()), rx1 = float(r.right()),
                    ry1 = float(r.bottom());
        mIndex.query(r, [&](uint32_t b, uint32_t e) {
            for (uint32_t i = b; i < e; ++i) {
                const float *bx = &mBox[size_t(i) * 4];
                if (bx[2] >= rx0 && bx[0] <= rx1 && bx[3] >= ry0 && bx[1] <= ry1)
                    f(int(i));
            }
        });
    }
    // The cell containing `xy` (projected), or -1.
    int cellAt(const QPointF &xy) const;
    // The cell of a grid code, or -1.
    int cellOfCode(qint64 code) const;
    QPolygonF ring(int cell) const; // projected, closed
    QPointF centre(int cell) const;
    QRectF cellBounds(int cell) const;

    size_t memoryBytes() const;

private:
    friend class Builder;
    void buildRegionsFrom(const QStringList &communityCodes, const QHash<QString, QString> &names);
    void buildBoundaries();

    QPointF mOrigin;
    QRectF mExtent;
    double mMeanCellSize = 0;
    std::vector<float> mXY;
    std::vector<uint32_t> mRingStart;
    std::vector<float> mBox;
    std::vector<qint64> mCode;
    std::vector<uint32_t> mCommunity;
    std::vector<std::pair<qint64, uint32_t>> mByCode; // sorted by code
    PackedGridIndex mIndex;
    QList<MapRegion> mRegions;           // districts, streets, communities
    std::vector<int> mCommunityRegion;   // community index → region
    std::vector<int> mCommunityStreet;   // community index → region or -1
    std::vector<int> mCommunityDistrict; // community index → region or -1
    QHash<QString, int> mRegionByCode;
    BoundaryLines mBoundaries;
};

} // namespace cg
