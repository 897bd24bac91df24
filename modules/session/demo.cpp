#include "session/demo.h"

#include "geo/geometry.h"
#include "geo/gridgenerator.h"
#include "geo/spatialindex.h"
#include "store/casestatistics.h"
#include "store/sqlcomponents.h"
#include "store/sqlinspectionrepository.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <random>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

QString tr16(const char16_t *text)
{
    return QString::fromUtf16(text);
}

struct DemoCommunity
{
    JurisdictionCode code;
    QString name;
    QStringList roads;
    QString districtShort;
    QList<UnitGridCode> grids;
    QList<QRectF> bounds; // of each grid, to place points in it
};

// A market or metro station: problems gather around it (street vending, garbage, parking, ads).
struct Hotspot
{
    QString name;
    QString kind; // "market" or "station"
    QPointF position;
    QString district;
};

std::uint64_t mix(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// A deterministic offset in [-1, 1] for a lattice element, the same for every community that shares it.
double wobble(std::uint64_t seed, std::int64_t a, std::int64_t b, int salt)
{
    const std::uint64_t h = mix(mix(mix(seed ^ std::uint64_t(salt)) ^ std::uint64_t(a)) ^ std::uint64_t(b));
    return double(h >> 11) / double(1ull << 53) * 2.0 - 1.0;
}

// Irregular community outlines: a coarse lattice of blocks whose shared corners move and whose shared
// edges bend at two points, so neighbouring communities fit exactly, like blocks between winding roads.
class CommunityShapes
{
public:
    CommunityShapes(QPointF origin, double blockLon, double blockLat, double cornerMetres,
                    double wiggleMetres, std::uint64_t seed)
        : mOrigin(origin)
        , mBlockLon(blockLon)
        , mBlockLat(blockLat)
        , mK(metresPerDegree(origin.y()))
        , mCorner(cornerMetres)
        , mWiggle(wiggleMetres)
        , mSeed(seed)
    {}

    // Block (column x, row y), rows counted southward from the origin's latitude.
    Polygon block(int x, int y) const
    {
        Polygon p;
        auto append = [&p](const QList<QPointF> &points, bool reversed) {
            for (qsizetype i = 0; i + 1 < points.size(); ++i)
                p.outer.append(reversed ? points[points.size() - 1 - i] : points[i]);
        };
        append(edge(x, y + 1, true), false); // south, west → east
        append(edge(x + 1, y, false), true); // east, south → north
        append(edge(x, y, true), true);      // north, east → west
        append(edge(x, y, false), false);    // west, north → south
        p.outer.append(p.outer.first());
        return p;
    }

private:
    QPointF corner(int x, int y) const
    {
        return {mOrigin.x() + x * mBlockLon + wobble(mSeed, x, y, 1) * mCorner / mK.x(),
                mOrigin.y() - y * mBlockLat + wobble(mSeed, x, y, 2) * mCorner / mK.y()};
    }

    // The edge from corner (x, y) east to (x + 1, y), or south to (x, y + 1), with two bends.
    QList<QPointF> edge(int x, int y, bool horizontal) const
    {
        const QPointF a = corner(x, y), b = horizontal ? corner(x + 1, y) : corner(x, y + 1);
        QList<QPointF> points{a};
        for (int k = 1; k <= 2; ++k) {
            const QPointF t = a + (b - a) * (k / 3.0);
            const double w = wobble(mSeed, x * 2 + (horizontal ? 0 : 1), y, 10 + k) * mWiggle;
            points.append(horizontal ? QPointF(t.x(), t.y() + w / mK.y())
                                     : QPointF(t.x() + w / mK.x(), t.y()));
        }
        points.append(b);
        return points;
    }

    QPointF mOrigin;
    double mBlockLon, mBlockLat;
    QPointF mK;
    double mCorner, mWiggle;
    std::uint64_t mSeed;
};

struct DemoPeople
{
    QHash<QString, Actor> byLogin;
    QHash<QString, Actor> supervisorOfStreet; // street code → supervisor
    QHash<QString, Actor> districtRole;       // "<district>/<role>" → actor
    QHash<QString, qint64> unitOf;            // "<district>/<unit type>" → unit id
    QHash<qint64, Actor> handlerOfUnit;
};

// Common problems weigh more, as in a real month of reports.
struct WeightedClass
{
    const char16_t *key;
    int weight;
};
constexpr WeightedClass commonClasses[] = {
    {u"event/06010", 18}, {u"event/06012", 8}, {u"event/09006", 9}, {u"event/09001", 7}, {u"event/07001", 8},
    {u"event/06036", 6},  {u"event/09009", 6}, {u"event/09010", 5}, {u"event/06001", 3}, {u"event/06013", 4},
    {u"event/01002", 2},  {u"event/01003", 2}, {u"event/10002", 1}, {u"event/06042", 4}, {u"event/08004", 2},
    {u"event/06041", 3},  {u"event/09011", 4}, {u"event/06027", 2}, {u"event/08002", 2}, {u"event/06034", 2},
};

class Simulation
{
public:
    Simulation(Session &session, const DemoOptions &options)
        : mSession(session)
        , mOptions(options)
        , mRandom(options.seed)
        , mPlaceRandom(options.seed ^ 0x9e3779b9u)
        , mService(session.store(), session.store(), session.catalogue(), session.calendar(), mClock)
    {
        mNow = options.now.isValid() ? options.now : QDateTime::currentDateTimeUtc();
    }

    Status buildCity(DemoSummary &summary);
    Status simulateCases(DemoSummary &summary, const std::function<void(int, int)> &progress,
                         const std::atomic_bool *cancel);
    // Responsibility grids with their supervisors, the coming week's duty roster, components with owning
    // units, verify/check assignments, and a few escalations and urges: what the dispatch, supervision and
    // inspection panels show. Uses a random stream of its own, so the cases stay what they were.
    Status buildFieldWork(DemoSummary &summary);

private:
    double uniform(double a, double b) { return std::uniform_real_distribution<double>(a, b)(mRandom); }
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(mRandom); }
    bool chance(double p) { return uniform(0, 1) < p; }
    Status addUser(const QString &login, const QString &name, Role role, const JurisdictionCode &j,
                   qint64 unit, DemoSummary &summary, Actor *out = nullptr);
    Status simulateOne(int index, DemoSummary &summary);
    // Places come from their own random stream, so the workflow simulation draws the same numbers as it did
    // when cases sat on rectangles: the same seed gives the same states in the same districts.
    int placePick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(mPlaceRandom); }
    double placeUniform(double a, double b)
    {
        return std::uniform_real_distribution<double>(a, b)(mPlaceRandom);
    }
    double placeNormal() { return std::normal_distribution<double>(0, 1)(mPlaceRandom); }
    // A case location in `home`'s district: near one of its hotspots most of the time, else in grid `g` of
    // `home` (at (u, v) of its box, then anywhere in it); with its grid.
    std::pair<QPointF, GridLocation> caseLocation(const DemoCommunity &home, int g, double u, double v);
    Result<CaseRecord> act(const Actor &actor, const CaseRecord &c, Action action, qint64 minutesLater,
                           std::function<void(ActionRequest &)> fill = {});

    Session &mSession;
    DemoOptions mOptions;
    std::mt19937 mRandom;
    std::mt19937 mPlaceRandom;
    ManualClock mClock;
    CaseService mService;
    QDateTime mNow;
    QList<DemoCommunity> mCommunities;
    QHash<QString, int> mCommunityIndex; // community code → index in mCommunities
    QList<Hotspot> mHotspots;
    double mHotspotShare = 0.65;
    double mHotspotSpreadMetres = 140;
    UnitGridLocator mLocator;
    DemoPeople mPeople;
    QList<CatalogueKey> mWeightedKeys;
    QList<CatalogueKey> mComponentKeys;
};

Status Simulation::addUser(const QString &login, const QString &name, Role role, const JurisdictionCode &j,
                           qint64 unit, DemoSummary &summary, Actor *out)
{
    UserRecord user;
    user.login = login;
    user.name = name;
    user.role = role;
    user.jurisdiction = j;
    user.unitId = unit;
    if (auto s = mSession.store().addUser(user); !s)
        return s;
    Actor actor;
    actor.userId = user.id;
    actor.login = login;
    actor.name = name;
    actor.role = role;
    actor.jurisdiction = j;
    actor.unitId = unit;
    actor.station = u"demo"_s;
    mPeople.byLogin.insert(login, actor);
    if (out)
        *out = actor;
    ++summary.users;
    return {};
}

Status Simulation::buildCity(DemoSummary &summary)
{
    QFile file(u":/citygrid/maps/demo-city.json"_s);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, u"the demo city description is missing from the program"_s);
    const QJsonObject city = QJsonDocument::fromJson(file.readAll()).object();
    SqliteStore &store = mSession.store();

    const auto cityCode = JurisdictionCode::parse(city[u"city"_s][u"code"_s].toString());
    if (!cityCode)
        return cityCode.error();
    if (auto s = store.addJurisdiction({*cityCode, city[u"city"_s][u"name"_s].toString(), AreaClass::B}); !s)
        return s;
    const double metres = city[u"cell_metres"_s].toDouble(100);
    const double lat0 = city[u"origin"_s][u"lat"_s].toDouble();
    const double lon0 = city[u"origin"_s][u"lon"_s].toDouble();
    const QPointF k = metresPerDegree(lat0);
    // The map is the same whatever the simulation's seed, so grid codes stay put between demo cities.
    const auto shapeSeed = quint32(city[u"shape_seed"_s].toInteger(20261129));
    const int cellsX = city[u"community_cells"_s][0].toInt(6);
    const int cellsY = city[u"community_cells"_s][1].toInt(6);
    const CommunityShapes shapes(QPointF(lon0, lat0), cellsX * metres / k.x(), cellsY * metres / k.y(),
                                 city[u"community_jitter_metres"_s].toDouble(0),
                                 city[u"community_edge_wiggle_metres"_s].toDouble(0), shapeSeed);
    GridOptions gridOptions;
    gridOptions.cellMetres = metres;
    gridOptions.jitterMetres = city[u"cell_jitter_metres"_s].toDouble(0);
    gridOptions.seed = shapeSeed;
    gridOptions.origin = QPointF(lon0, lat0);
    gridOptions.referenceLatitude = lat0;
    mHotspotShare = city[u"hotspot_share"_s].toDouble(0.65);
    mHotspotSpreadMetres = city[u"hotspot_spread_metres"_s].toDouble(140);
    FlatPolygons allCells;
    std::vector<UnitGridCode> allCodes;

    const QJsonArray districts = city[u"districts"_s].toArray();
    for (int d = 0; d < districts.size(); ++d) {
        const QJsonObject district = districts[d].toObject();
        const auto districtCode = JurisdictionCode::parse(district[u"code"_s].toString());
        if (!districtCode)
            return districtCode.error();
        const AreaClass area = parseAreaClass(district[u"area_class"_s].toString()).value();
        const QString shortName = district[u"short"_s].toString();
        if (auto s = store.addJurisdiction({*districtCode, district[u"name"_s].toString(), area}); !s)
            return s;
        ++summary.districts;
        const QJsonArray streets = district[u"streets"_s].toArray();
        for (int st = 0; st < streets.size(); ++st) {
            const QJsonObject street = streets[st].toObject();
            const auto streetCode = JurisdictionCode::parse(street[u"code"_s].toString());
            if (!streetCode)
                return streetCode.error();
            const QString streetName = street[u"name"_s].toString();
            if (auto s = store.addJurisdiction({*streetCode, streetName, area}); !s)
                return s;
            ++summary.streets;
            const QJsonArray communities = street[u"communities"_s].toArray();
            for (int c = 0; c < communities.size(); ++c) {
                auto communityCode = JurisdictionCode::parse(streetCode->text() +
                                                             QString::number(c + 1).rightJustified(3, u'0'));
                if (!communityCode)
                    return communityCode.error();
                if (auto s = store.addJurisdiction(
                        {*communityCode, communities[c].toString() + u"居委会"_s, area});
                    !s)
                    return s;
                ++summary.communities;
                DemoCommunity demo;
                demo.code = *communityCode;
                demo.name = communities[c].toString() + u"居委会"_s;
                for (const QJsonValue &road : street[u"roads"_s].toArray())
                    demo.roads.append(road.toString());
                demo.districtShort = shortName;
                // District d is a column of blocks; its streets stack north to south; communities run west to
                // east. Each block is cut into unit grids by the generator, numbered west→east, north→south.
                const Polygon outline = shapes.block(int(d * communities.size() + c), st);
                auto cells = generateGrid({outline}, gridOptions);
                if (!cells)
                    return cells.error();
                if (auto s = assignCodes(*cells, *communityCode); !s)
                    return s;
                for (std::size_t i = 0; i < cells->size(); ++i) {
                    const Polygon cell = cells->polygons.polygon(i);
                    auto wkb = toWkb(cell);
                    if (!wkb)
                        return wkb.error();
                    const QRectF box = cell.bounds();
                    UnitGrid grid;
                    grid.code = cells->codes[i];
                    grid.community = *communityCode;
                    grid.areaM2 = cells->areaM2[i];
                    grid.areaClass = area;
                    grid.minX = box.left();
                    grid.minY = box.top();
                    grid.maxX = box.right();
                    grid.maxY = box.bottom();
                    grid.wkb = *wkb;
                    if (auto s = store.addGrid(grid); !s)
                        return s;
                    demo.grids.append(grid.code);
                    demo.bounds.append(box);
                    allCells.add(cell);
                    allCodes.push_back(grid.code);
                    ++summary.grids;
                }
                mCommunityIndex.insert(communityCode->text(), int(mCommunities.size()));
                mCommunities.append(demo);
            }
            Actor supervisor;
            const QString streetShort = streetName.left(streetName.size() - 2);
            if (auto s = addUser(u"%1.sup%2"_s.arg(shortName).arg(st + 1), streetShort + u"监督员"_s,
                                 Role::Supervisor, *streetCode, 0, summary, &supervisor);
                !s)
                return s;
            mPeople.supervisorOfStreet.insert(streetCode->text(), supervisor);
        }
        for (const QJsonValue &value : district[u"hotspots"_s].toArray()) {
            const QJsonObject spot = value.toObject();
            const QString street = streets[spot[u"street"_s].toInt()].toObject()[u"code"_s].toString();
            QList<int> candidates;
            for (int i = 0; i < mCommunities.size(); ++i) {
                if (mCommunities[i].code.text().startsWith(street))
                    candidates.append(i);
            }
            if (candidates.isEmpty())
                return makeError(ErrorCode::InvalidInput,
                                 u"demo city: hotspot %1 names street %2, which has no communities"_s.arg(
                                     spot[u"name"_s].toString(), street));
            const DemoCommunity &home = mCommunities[candidates[placePick(int(candidates.size()))]];
            mHotspots.append({spot[u"name"_s].toString(), spot[u"kind"_s].toString(),
                              home.bounds[placePick(int(home.bounds.size()))].center(),
                              districtCode->text()});
        }
        const QString districtName = district[u"name"_s].toString();
        const struct
        {
            Role role;
            const char16_t *suffix;
            const char16_t *title;
        } staff[] = {{Role::Acceptor, u"acceptor", u"受理员"},
                     {Role::ShiftLeader, u"shift", u"值班长"},
                     {Role::Dispatcher, u"dispatcher", u"派遣员"},
                     {Role::Inspector, u"inspector", u"督察员"},
                     {Role::Leader, u"leader", u"中心领导"}};
        for (const auto &s : staff) {
            Actor actor;
            if (auto r = addUser(shortName + u'.' + QString::fromUtf16(s.suffix),
                                 districtName + QString::fromUtf16(s.title), s.role, *districtCode, 0,
                                 summary, &actor);
                !r)
                return r;
            mPeople.districtRole.insert(districtCode->text() + u'/' + roleName(s.role), actor);
        }
        for (const UnitType &type : mSession.catalogue().unitTypes()) {
            ResponsibleUnit unit;
            unit.code = shortName + u'.' + type.code;
            unit.name = districtName + type.nameZh;
            unit.unitType = type.code;
            unit.jurisdiction = *districtCode;
            if (auto s = store.addUnit(unit); !s)
                return s;
            ++summary.units;
            mPeople.unitOf.insert(districtCode->text() + u'/' + type.code, unit.id);
            Actor handler;
            if (auto s = addUser(u"unit."_s + unit.code, unit.name + u"处置员"_s, Role::UnitHandler, {},
                                 unit.id, summary, &handler);
                !s)
                return s;
            mPeople.handlerOfUnit.insert(unit.id, handler);
        }
    }
    const struct
    {
        Role role;
        const char16_t *login;
        const char16_t *name;
    } cityStaff[] = {{Role::Acceptor, u"city.acceptor", u"市受理员"},
                     {Role::ShiftLeader, u"city.shift", u"市值班长"},
                     {Role::Dispatcher, u"city.dispatcher", u"市派遣员"},
                     {Role::Inspector, u"city.inspector", u"市督察员"},
                     {Role::Leader, u"city.leader", u"市中心领导"},
                     {Role::Administrator, u"admin", u"系统管理员"}};
    for (const auto &s : cityStaff) {
        if (auto r = addUser(QString::fromUtf16(s.login), QString::fromUtf16(s.name), s.role, *cityCode, 0,
                             summary);
            !r)
            return r;
    }

    mLocator = UnitGridLocator(std::move(allCells), std::move(allCodes));

    for (const auto &w : commonClasses) {
        const auto key = CatalogueKey::parse(QString::fromUtf16(w.key));
        if (!key || !mSession.catalogue().find(*key))
            continue;
        for (int i = 0; i < w.weight; ++i)
            mWeightedKeys.append(*key);
    }
    for (const CatalogueClass &c : mSession.catalogue().classes()) {
        if (c.key.kind() == ClassKind::Component)
            mComponentKeys.append(c.key);
    }
    return {};
}

Result<CaseRecord> Simulation::act(const Actor &actor, const CaseRecord &c, Action action,
                                   qint64 minutesLater, std::function<void(ActionRequest &)> fill)
{
    const QDateTime at = c.updatedAt.addSecs(std::max<qint64>(1, minutesLater) * 60);
    if (at > mNow)
        return makeError(ErrorCode::Cancelled, u"later than now"_s);
    mClock.setNow(at);
    ActionRequest r;
    r.caseId = c.id;
    r.expectedVersion = c.version;
    r.action = action;
    if (fill)
        fill(r);
    return mService.apply(actor, r);
}

std::pair<QPointF, GridLocation> Simulation::caseLocation(const DemoCommunity &home, int g, double u,
                                                          double v)
{
    const QString district = home.code.parent().parent().text();
    QList<const Hotspot *> spots;
    for (const Hotspot &h : std::as_const(mHotspots)) {
        if (h.district == district)
            spots.append(&h);
    }
    const QPointF k = metresPerDegree(31.2);
    const QRectF box = home.bounds[g];
    for (int attempt = 0; attempt < 20; ++attempt) {
        QPointF p;
        if (!spots.isEmpty() && placeUniform(0, 1) < mHotspotShare) {
            const Hotspot &spot = *spots[placePick(int(spots.size()))];
            p = spot.position + QPointF(placeNormal() * mHotspotSpreadMetres / k.x(),
                                        placeNormal() * mHotspotSpreadMetres / k.y());
        } else if (attempt == 0) {
            p = QPointF(box.left() + u * box.width(), box.top() + v * box.height());
        } else {
            p = QPointF(placeUniform(box.left(), box.right()), placeUniform(box.top(), box.bottom()));
        }
        // The district's own staff handle the case: a point that strays over the border is drawn again.
        if (auto l = mLocator.locate(p); l && l->district.text() == district)
            return {p, *l};
    }
    const QPointF centre = box.center();
    if (auto l = mLocator.locate(centre); l && l->district.text() == district)
        return {centre, *l};
    GridLocation l;
    l.grid = home.grids[g];
    l.community = home.code;
    l.street = home.code.parent();
    l.district = l.street.parent();
    return {centre, l};
}

Status Simulation::simulateOne(int index, DemoSummary &summary)
{
    Q_UNUSED(index);
    const DemoCommunity &home = mCommunities[pick(int(mCommunities.size()))];
    const int g = pick(int(home.grids.size()));
    const JurisdictionCode district = home.code.parent().parent();
    auto staff = [&](Role role) {
        return mPeople.districtRole.value(district.text() + u'/' + roleName(role));
    };

    // Reported during the day more often than at night.
    const double ageDays = uniform(0, mOptions.days);
    QDateTime reported = mNow.addSecs(-qint64(ageDays * 86400));
    const QTime local = reported.toOffsetFromUtc(8 * 3600).time();
    if ((local.hour() < 7 || local.hour() > 20) && chance(0.7))
        reported = reported.addSecs(-qint64(local.hour() < 7 ? local.hour() + 4 : local.hour() - 12) * 3600);
    if (reported > mNow)
        reported = mNow.addSecs(-600);
    mClock.setNow(reported);

    NewCaseRequest request;
    request.classKey = chance(0.1) && !mComponentKeys.isEmpty()
                           ? mComponentKeys[pick(int(mComponentKeys.size()))]
                           : mWeightedKeys[pick(int(mWeightedKeys.size()))];
    const CatalogueClass *cls = mSession.catalogue().find(request.classKey);
    const double u = uniform(0, 1), v = uniform(0, 1);
    const auto [position, location] = caseLocation(home, g, u, v);
    const DemoCommunity &community = mCommunities[mCommunityIndex.value(location.community.text())];
    const Actor supervisor = mPeople.supervisorOfStreet.value(community.code.parent().text());
    request.grid = location.grid;
    request.longitude = position.x();
    request.latitude = position.y();
    const QString road =
        community.roads.isEmpty() ? community.name : community.roads[pick(int(community.roads.size()))];
    request.address = u"%1%2号附近（%3）"_s.arg(road).arg(1 + pick(400)).arg(community.name);
    request.description = cls->name + u"：" + request.address;

    const double channel = uniform(0, 1);
    Actor reporter = supervisor;
    bool needsVerify = false;
    if (cls->selfDisposalAllowed && channel < 0.12) {
        request.action = Action::SelfDispose;
        request.attachments = {QString::number(index * 2).rightJustified(64, u'0'),
                               QString::number(index * 2 + 1).rightJustified(64, u'0')};
    } else if (channel < 0.62) {
        request.source = CaseSource::Patrol;
    } else {
        request.source = channel < 0.85   ? CaseSource::Hotline12345
                         : channel < 0.92 ? CaseSource::Hotline12319
                                          : CaseSource::Video;
        reporter = staff(Role::Acceptor);
        needsVerify = request.source != CaseSource::Video;
        if (request.source != CaseSource::Video)
            request.hotlineTicket =
                u"%1-%2"_s.arg(request.source == CaseSource::Hotline12345 ? u"12345"_s : u"12319"_s)
                    .arg(100000 + index);
    }
    auto created = mService.report(reporter, request);
    if (!created)
        return created.error();
    ++summary.cases;
    ++summary.events;
    CaseRecord c = *created;
    auto step = [&](const Actor &actor, Action action, qint64 minutes,
                    std::function<void(ActionRequest &)> fill = {}) -> bool {
        auto next = act(actor, c, action, minutes, std::move(fill));
        if (!next)
            return false;
        c = *next;
        ++summary.events;
        return true;
    };
    auto comment = [](const QString &text) {
        return [text](ActionRequest &r) {
            r.comment = text;
        };
    };
    const auto delay = [this](int lo, int hi) {
        return qint64(uniform(lo, hi));
    };

    if (c.state == CaseState::SelfDisposed) {
        if (chance(0.95))
            step(staff(Role::Acceptor), Action::ApproveSelfDisposal, delay(10, 90));
        else
            step(staff(Role::Acceptor), Action::RefuseSelfDisposal, delay(10, 90),
                 comment(u"照片不清晰，请重新上报"_s));
        return {};
    }
    if (needsVerify) {
        if (!step(staff(Role::Acceptor), Action::SendToVerify, delay(3, 25)))
            return {};
        const bool found = chance(0.9);
        if (!step(supervisor, found ? Action::VerifyConfirmed : Action::VerifyNotFound, delay(15, 110),
                  comment(found ? u"现场核实属实"_s : u"现场未发现问题"_s)))
            return {};
        if (!found) {
            step(staff(Role::Acceptor), Action::Reject, delay(5, 30), comment(u"经核实问题不存在"_s));
            return {};
        }
    }
    if (chance(0.03)) {
        step(staff(Role::Acceptor), Action::Reject, delay(5, 30), comment(u"不属于城市管理范围"_s));
        return {};
    }
    if (!step(staff(Role::Acceptor), Action::Accept, delay(3, 40)))
        return {};
    if (chance(0.02)) {
        step(staff(Role::ShiftLeader), Action::DeclineToFile, delay(5, 40), comment(u"未达到立案条件"_s));
        return {};
    }
    if (!step(staff(Role::ShiftLeader), Action::File, delay(3, 40)))
        return {};

    const QString unitType = cls->rule(c.areaClass).unitType;
    const qint64 unit = mPeople.unitOf.value(district.text() + u'/' + unitType);
    const Actor handler = mPeople.handlerOfUnit.value(unit);
    auto dispatch = [&](qint64 minutes) {
        return step(staff(Role::Dispatcher), Action::Dispatch, minutes,
                    [unit](ActionRequest &r) { r.unitId = unit; });
    };
    if (!dispatch(delay(3, 60)))
        return {};
    if (c.urgeCount == 0 && chance(0.03)) {
        if (!step(handler, Action::RequestReturn, delay(20, 240), comment(u"不属于本单位职责"_s)))
            return {};
        if (chance(0.1)) {
            if (!step(staff(Role::Dispatcher), Action::ProposeVoid, delay(10, 60), comment(u"重复案件"_s)))
                return {};
            step(staff(Role::ShiftLeader), Action::ApproveVoid, delay(10, 60));
            return {};
        }
        if (!step(staff(Role::Dispatcher), Action::ApproveReturn, delay(10, 60)) || !dispatch(delay(5, 30)))
            return {};
    }
    if (chance(0.04)) {
        const QDateTime newDue = c.handlingDueAt.addDays(3);
        if (!step(handler, Action::RequestExtension, delay(30, 300), [newDue](ActionRequest &r) {
                r.comment = u"需协调多个部门，申请延期"_s;
                r.requestedDate = newDue;
            }))
            return {};
        if (!step(staff(Role::Dispatcher), chance(0.8) ? Action::ApproveExtension : Action::RefuseExtension,
                  delay(10, 90)))
            return {};
    }
    if (chance(0.02)) {
        const QDateTime resume = c.updatedAt.addDays(5);
        if (!step(handler, Action::RequestPark, delay(30, 300), [resume](ActionRequest &r) {
                r.comment = u"需等待管线施工结束"_s;
                r.requestedDate = resume;
            }))
            return {};
        if (!step(staff(Role::Dispatcher), Action::ApprovePark, delay(10, 90)))
            return {};
        mClock.setNow(c.resumeAt);
        if (c.resumeAt > mNow)
            return {};
        Actor system;
        system.role = Role::System;
        system.name = u"系统"_s;
        if (!step(system, Action::Resume, qint64(c.updatedAt.secsTo(c.resumeAt) / 60)))
            return {};
    }
    // Handling takes a share of the limit; about one case in eight runs late.
    const qint64 limitMinutes = std::max<qint64>(30, c.updatedAt.secsTo(c.handlingDueAt) / 60);
    const double share = chance(0.12) ? uniform(1.05, 1.8) : uniform(0.15, 0.95);
    if (c.keySupervision && share > 1.0 && c.updatedAt.addSecs(qint64(limitMinutes * 60 * share)) <= mNow) {
        Actor system;
        system.role = Role::System;
        system.name = u"系统"_s;
        mClock.setNow(c.handlingDueAt.addSecs(60));
        step(system, Action::Urge, c.updatedAt.secsTo(c.handlingDueAt) / 60 + 1, [](ActionRequest &r) {
            r.urgeLevel = UrgeLevel::Key;
            r.comment = u"重点监管案件超期，系统自动督办"_s;
        });
    }
    if (!step(handler, Action::ReportHandled, qint64(limitMinutes * share), comment(u"已按要求处置完毕"_s)))
        return {};
    for (int round = 0; round < 3; ++round) {
        if (!step(staff(Role::Acceptor), Action::SendToCheck, delay(5, 40)))
            return {};
        const bool fixed = round > 0 || chance(0.93);
        if (!step(supervisor, fixed ? Action::CheckPass : Action::CheckFail, delay(20, 120),
                  comment(fixed ? u"现场核查已整改"_s : u"现场核查未整改到位"_s)))
            return {};
        if (fixed)
            break;
        if (!step(staff(Role::Acceptor), Action::Rework, delay(5, 30)) || !dispatch(delay(5, 30)) ||
            !step(handler, Action::ReportHandled, delay(60, 600), comment(u"已返工处置"_s)))
            return {};
    }
    const bool late = c.handlingDueAt.isValid() && c.updatedAt > c.handlingDueAt;
    step(staff(Role::ShiftLeader), Action::Close, delay(10, 60),
         [late](ActionRequest &r) { r.closingType = late ? ClosingType::Overdue : ClosingType::Normal; });
    return {};
}

Status Simulation::simulateCases(DemoSummary &summary, const std::function<void(int, int)> &progress,
                                 const std::atomic_bool *cancel)
{
    for (int i = 0; i < mOptions.cases; ++i) {
        if (cancel && cancel->load())
            return makeError(ErrorCode::Cancelled, u"the demo city was cancelled"_s);
        if (auto s = simulateOne(i, summary); !s)
            return s;
        if (progress && (i % 250 == 0 || i + 1 == mOptions.cases))
            progress(i + 1, mOptions.cases);
    }
    return {};
}

Status Simulation::buildFieldWork(DemoSummary &summary)
{
    std::mt19937 random(mOptions.seed ^ 0x6f1e1du);
    const auto pickIn = [&](int n) {
        return std::uniform_int_distribution<int>(0, n - 1)(random);
    };
    const auto uniformIn = [&](double a, double b) {
        return std::uniform_real_distribution<double>(a, b)(random);
    };
    SqlStore &store = mSession.store();
    SqlInspectionRepository inspection(store);

    // Three responsibility grids per street, each a run of the street's unit grids with its own supervisor.
    constexpr int GridsPerStreet = 3;
    QMap<QString, QList<int>> communitiesOfStreet; // street code → indexes into mCommunities
    for (int i = 0; i < mCommunities.size(); ++i)
        communitiesOfStreet[mCommunities[i].code.parent().text()].append(i);
    QHash<QString, qint64> ownerOf;               // responsibility grid → supervisor
    QHash<QString, QList<QString>> gridsOfStreet; // street → responsibility grid codes
    QHash<QString, QList<qint64>> supervisorsOfStreet;
    for (auto it = communitiesOfStreet.cbegin(); it != communitiesOfStreet.cend(); ++it) {
        const auto street = JurisdictionCode::parse(it.key());
        if (!street)
            return street.error();
        const Actor first = mPeople.supervisorOfStreet.value(it.key());
        QList<qint64> supervisors{first.userId};
        const QString base = first.login.isEmpty() ? it.key() : first.login;
        for (int k = 1; k < GridsPerStreet; ++k) {
            Actor extra;
            if (auto s = addUser(base + QChar(u'a' + k), first.name + QString::number(k + 1),
                                 Role::Supervisor, *street, 0, summary, &extra);
                !s)
                return s;
            supervisors.append(extra.userId);
        }
        supervisorsOfStreet.insert(it.key(), supervisors);
        QList<UnitGridCode> cells;
        for (int c : it.value())
            cells.append(mCommunities[c].grids);
        for (int k = 0; k < GridsPerStreet; ++k) {
            const qsizetype begin = cells.size() * k / GridsPerStreet;
            const qsizetype end = cells.size() * (k + 1) / GridsPerStreet;
            if (end <= begin)
                continue;
            ResponsibilityGrid grid;
            grid.code = it.key() + u'-' + QString::number(k + 1);
            grid.name = first.name.left(first.name.size() - 3) + tr16(u"责任网格") + QString::number(k + 1);
            grid.street = *street;
            grid.supervisorId = supervisors[k];
            if (auto s = inspection.addResponsibilityGrid(grid, cells.mid(begin, end - begin)); !s)
                return s;
            ownerOf.insert(grid.code, grid.supervisorId);
            gridsOfStreet[it.key()].append(grid.code);
        }
    }

    // The coming week: owners by day, the street's supervisors in turn by night. Every other street leaves
    // its last grid uncovered on the last two nights, so the roster shows what a gap looks like.
    const QDate today = mNow.toOffsetFromUtc(8 * 3600).date();
    int street = 0;
    for (auto it = gridsOfStreet.cbegin(); it != gridsOfStreet.cend(); ++it, ++street) {
        const QList<qint64> supervisors = supervisorsOfStreet.value(it.key());
        const QList<QString> &grids = it.value();
        for (int day = 0; day < 7; ++day) {
            for (qsizetype g = 0; g < grids.size(); ++g) {
                if (auto s = inspection.saveRosterEntry(
                        {today.addDays(day), Shift::Day, ownerOf.value(grids[g]), grids[g]});
                    !s)
                    return s;
                if (street % 2 == 0 && g == grids.size() - 1 && day >= 5)
                    continue;
                const qint64 night = supervisors[(g + day + 1) % supervisors.size()];
                if (auto s = inspection.saveRosterEntry({today.addDays(day), Shift::Night, night, grids[g]});
                    !s)
                    return s;
            }
        }
    }

    // Components: one or two per unit grid, owned by the district's unit of the class's type (now and then by
    // another unit of the district, as a utility owns its own covers), plus one beside each component case.
    QHash<QString, QList<qint64>> unitsOfDistrict;
    for (auto it = mPeople.unitOf.cbegin(); it != mPeople.unitOf.cend(); ++it)
        unitsOfDistrict[it.key().section(u'/', 0, 0)].append(it.value());
    for (auto &ids : unitsOfDistrict)
        std::sort(ids.begin(), ids.end());
    QHash<QString, int> serials;
    QList<Component> components;
    const auto addComponent = [&](const CatalogueKey &key, const UnitGridCode &grid, double lon, double lat) {
        const QString district = grid.community().parent().parent().text();
        const CatalogueClass *cls = mSession.catalogue().find(key);
        if (!cls)
            return;
        const QString type = cls->rule(AreaClass::A).unitType;
        const QList<qint64> others = unitsOfDistrict.value(district);
        qint64 owner = mPeople.unitOf.value(district + u'/' + type);
        if ((owner == 0 || uniformIn(0, 1) < 0.3) && !others.isEmpty())
            owner = others[pickIn(int(others.size()))];
        const int serial = ++serials[district + key.code()];
        Component c;
        c.code = district + key.code() + QString::number(serial).rightJustified(6, u'0');
        c.classCode = key.code();
        c.name = cls->name;
        c.grid = grid;
        c.unitId = owner;
        c.longitude = lon;
        c.latitude = lat;
        components.append(c);
    };
    if (!mComponentKeys.isEmpty()) {
        for (const DemoCommunity &community : std::as_const(mCommunities)) {
            for (qsizetype g = 0; g < community.grids.size(); ++g) {
                const QRectF box = community.bounds[g];
                const int n = 1 + pickIn(2);
                for (int i = 0; i < n; ++i)
                    addComponent(mComponentKeys[pickIn(int(mComponentKeys.size()))], community.grids[g],
                                 uniformIn(box.left(), box.right()), uniformIn(box.top(), box.bottom()));
            }
        }
    }
    CaseStatistics stats(store, &mSession.catalogue());
    auto filed = stats.caseList(CaseListKind::ToDispatch, {}, mNow, 0, 100000);
    if (!filed)
        return filed.error();
    for (const CaseSummary &c : std::as_const(*filed)) {
        if (c.classKey.kind() == ClassKind::Component)
            addComponent(c.classKey, c.grid, c.longitude + 0.00005, c.latitude + 0.00003);
    }
    if (auto s = SqlComponentRepository(store).addComponents(components); !s)
        return s;

    // Three in four open verify and check tasks are given to the owner of the grid they lie in.
    auto tasks = stats.inspectionTasks({});
    if (!tasks)
        return tasks.error();
    for (const InspectionTask &t : std::as_const(*tasks)) {
        if (t.gridOwner == 0 || pickIn(4) == 0)
            continue;
        const Actor acceptor =
            mPeople.districtRole.value(t.summary.grid.community().parent().parent().text() + u"/acceptor"_s);
        InspectionAssignment a;
        a.caseId = t.summary.id;
        a.step = t.summary.step;
        a.supervisorId = t.gridOwner;
        a.assignedBy = acceptor.userId;
        a.assignedAt =
            std::min(mNow, t.summary.stepDueAt.isValid() ? t.summary.stepDueAt.addSecs(-3600) : mNow);
        if (auto s = inspection.saveAssignment(a); !s)
            return s;
    }

    // Late cases: the district escalates some to its tier, inspectors urge others.
    auto late = stats.caseList(CaseListKind::OverdueOrNearDue, {}, mNow, 0, 100000);
    if (!late)
        return late.error();
    // Minutes after the case's last change that fall in the last three days (the panels look back 30 days).
    const auto recently = [&](qint64 room) {
        return room - pickIn(int(std::min<qint64>(room - 1, 3 * 24 * 60)));
    };
    int index = 0;
    for (const CaseSummary &s : std::as_const(*late)) {
        if (s.stepDueAt >= mNow)
            continue;
        ++index;
        const QString district = s.grid.community().parent().parent().text();
        auto record = store.findCase(s.id);
        if (!record)
            return record.error();
        const qint64 room = std::max<qint64>(2, record->updatedAt.secsTo(mNow) / 60 - 1);
        Result<CaseRecord> done = *record;
        if (index % 9 == 0 && record->owningTier == JurisdictionLevel::Street) {
            done = act(mPeople.districtRole.value(district + u"/dispatcher"_s), *record, Action::Escalate,
                       recently(room),
                       [](ActionRequest &r) { r.comment = tr16(u"街镇处置不力，提级区级协调"); });
        } else if (index % 5 == 1) {
            const UrgeLevel level = index % 3 == 0 ? UrgeLevel::Listed : UrgeLevel::Key;
            done = act(mPeople.districtRole.value(district + u"/inspector"_s), *record, Action::Urge,
                       recently(room), [level](ActionRequest &r) {
                           r.urgeLevel = level;
                           r.comment = tr16(u"请加快处置并反馈");
                       });
        }
        if (!done && done.errorCode() != ErrorCode::Cancelled)
            return done.error();
        if (done && done->version > record->version)
            ++summary.events;
    }
    return {};
}

} // namespace

Result<DemoSummary> generateDemoCity(Session &session, const DemoOptions &options,
                                     const std::function<void(int, int)> &progress,
                                     const std::atomic_bool *cancel)
{
    if (!session.store().isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         u"store %1 already holds data; the demo city goes into an empty store"_s.arg(
                             session.store().path()));
    DemoSummary summary;
    Simulation simulation(session, options);
    if (auto s = session.store().beginBatch(); !s)
        return s.error();
    auto status = simulation.buildCity(summary);
    if (status)
        status = simulation.simulateCases(summary, progress, cancel);
    if (status)
        status = simulation.buildFieldWork(summary);
    if (!status) {
        session.store().rollbackBatch();
        return status.error();
    }
    if (auto s = session.store().commitBatch(); !s)
        return s.error();
    CaseQuery all;
    auto counts = session.store().countByState(all);
    if (counts)
        summary.casesByState = *counts;
    return summary;
}

} // namespace cg
