#pragma once

// A small world for store and service tests: one district with a street, two communities, four grids,
// units and one user per role, in a fresh store inside a temporary folder (or, with CG_TEST_STORE=postgresql,
// in a fresh database on the fixture's PostgreSQL server), with a settable clock.

#include "geo/geometry.h"
#include "session/session.h"
#include "support/pgtest.h"

#include <QTemporaryDir>
#include <QTest>

namespace cg::test {

using namespace Qt::Literals::StringLiterals;

// Local Beijing time → UTC instant.
inline QDateTime beijing(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, u"yyyy-MM-dd HH:mm"_s);
    return QDateTime(t.date(), t.time(), Qt::OffsetFromUTC, 8 * 3600).toUTC();
}

struct TestWorld
{
    QTemporaryDir dir;
    ManualClock *clock = nullptr; // owned by the session
    std::unique_ptr<Session> session;
    QHash<QString, Actor> actors; // by login
    qint64 sanitation = 0, roads = 0;
    QString pgUrl;         // the test's own database when the tests run on PostgreSQL
    bool pgPooled = false; // pgUrl came from the pool and goes back to it

    TestWorld() = default;
    TestWorld(const TestWorld &) = delete;
    TestWorld &operator=(const TestWorld &) = delete;
    ~TestWorld()
    {
        session.reset();
        if (pgPooled)
            releasePgTestDatabase(pgUrl);
    }

    bool onPostgres() const { return !pgUrl.isEmpty(); }

    // Monday 2026-11-23 09:00 Beijing time, a working day.
    bool open(const QDateTime &now = beijing(u"2026-11-23 09:00"_s))
    {
        if (testsRunOnPostgres() && pgUrl.isEmpty()) {
            auto url = acquirePgTestDatabase();
            if (!url) {
                qWarning() << url.errorMessage();
                return false;
            }
            pgUrl = *url;
            pgPooled = true;
        }
        auto clockOwner = std::make_unique<ManualClock>(now);
        clock = clockOwner.get();
        auto s = Session::open(path(), SqlStore::OpenMode::CreateIfMissing, std::move(clockOwner));
        if (!s) {
            qWarning() << s.errorMessage();
            return false;
        }
        session = std::move(s).value();
        return populate();
    }

    // The store's location: the SQLite file, or the PostgreSQL URL (with its password).
    QString path() const { return onPostgres() ? pgUrl : dir.filePath(u"store.sqlite"_s); }
    SqlStore &store() { return session->store(); }
    CaseService &service() { return session->cases(); }
    const Actor &actor(const QString &login) const { return actors.find(login).value(); }

    bool populate()
    {
        auto &st = store();
        const auto code = [](const char16_t *c) {
            return JurisdictionCode::parse(QString::fromUtf16(c)).value();
        };
        bool ok = st.addJurisdiction({code(u"310000"), u"上海市"_s, AreaClass::B}).ok() &&
                  st.addJurisdiction({code(u"310101"), u"黄浦区"_s, AreaClass::A}).ok() &&
                  st.addJurisdiction({code(u"310104"), u"徐汇区"_s, AreaClass::B}).ok() &&
                  st.addJurisdiction({code(u"310101002"), u"南京东路街道"_s, AreaClass::A}).ok() &&
                  st.addJurisdiction({code(u"310104003"), u"天平路街道"_s, AreaClass::B}).ok() &&
                  st.addJurisdiction({code(u"310101002001"), u"贵州居委会"_s, AreaClass::A}).ok() &&
                  st.addJurisdiction({code(u"310101002002"), u"福州居委会"_s, AreaClass::A}).ok() &&
                  st.addJurisdiction({code(u"310104003001"), u"建襄居委会"_s, AreaClass::B}).ok();
        if (!ok)
            return false;
        const QStringList grids{u"310101002001001"_s, u"310101002001002"_s, u"310101002002001"_s,
                                u"310104003001001"_s};
        for (int i = 0; i < grids.size(); ++i) {
            Polygon cell;
            const double x = 121.47 + i * 0.00105, y = 31.23;
            cell.outer = {{x, y}, {x + 0.00105, y}, {x + 0.00105, y + 0.0009}, {x, y + 0.0009}, {x, y}};
            UnitGrid g;
            g.code = UnitGridCode::parse(grids[i]).value();
            g.community = g.code.community();
            g.areaM2 = cell.areaM2();
            g.areaClass = grids[i].startsWith(u"310101"_s) ? AreaClass::A : AreaClass::B;
            g.minX = x;
            g.minY = y;
            g.maxX = x + 0.00105;
            g.maxY = y + 0.0009;
            g.wkb = toWkb(cell).value();
            if (!st.addGrid(g))
                return false;
        }
        ResponsibleUnit s{0, u"hp.sanitation"_s, u"黄浦区环卫所"_s, u"sanitation"_s, code(u"310101")};
        ResponsibleUnit r{0, u"hp.roads"_s, u"黄浦区道路养护所"_s, u"roads"_s, code(u"310101")};
        if (!st.addUnit(s) || !st.addUnit(r))
            return false;
        sanitation = s.id;
        roads = r.id;
        const struct
        {
            const char16_t *login;
            Role role;
            const char16_t *jurisdiction;
            qint64 unit;
        } people[] = {
            {u"sup", Role::Supervisor, u"310101002", 0},
            {u"acceptor", Role::Acceptor, u"310101", 0},
            {u"shift", Role::ShiftLeader, u"310101", 0},
            {u"dispatcher", Role::Dispatcher, u"310101", 0},
            {u"inspector", Role::Inspector, u"310101", 0},
            {u"leader", Role::Leader, u"310101", 0},
            {u"xh.dispatcher", Role::Dispatcher, u"310104", 0},
            {u"street.acceptor", Role::Acceptor, u"310101002", 0},
            {u"city.dispatcher", Role::Dispatcher, u"310000", 0},
            {u"unit.sanitation", Role::UnitHandler, nullptr, s.id},
            {u"unit.roads", Role::UnitHandler, nullptr, r.id},
        };
        for (const auto &p : people) {
            UserRecord u;
            u.login = QString::fromUtf16(p.login);
            u.name = u.login;
            u.role = p.role;
            if (p.jurisdiction)
                u.jurisdiction = code(p.jurisdiction);
            u.unitId = p.unit;
            if (!st.addUser(u))
                return false;
            auto a = st.findUser(u.login);
            if (!a)
                return false;
            actors.insert(u.login, *a);
        }
        Actor system;
        system.role = Role::System;
        system.name = u"system"_s;
        actors.insert(u"system"_s, system);
        return true;
    }

    // Reports exposed garbage (event/06010) in the first grid of 310101002001.
    Result<CaseRecord> report(const QString &login = u"sup"_s, const QString &classKey = u"event/06010"_s,
                              const QString &grid = u"310101002001001"_s)
    {
        NewCaseRequest r;
        r.classKey = CatalogueKey::parse(classKey).value();
        r.grid = UnitGridCode::parse(grid).value();
        r.description = u"路边有成堆垃圾"_s;
        r.longitude = 121.4705;
        r.latitude = 31.2304;
        return service().report(actor(login), r);
    }

    Result<CaseRecord> act(const QString &login, const CaseRecord &c, Action action,
                           const std::function<void(ActionRequest &)> &fill = {})
    {
        ActionRequest r;
        r.caseId = c.id;
        r.expectedVersion = c.version;
        r.action = action;
        r.comment = u"ok"_s;
        if (action == Action::Dispatch)
            r.unitId = sanitation;
        if (fill)
            fill(r);
        return service().apply(actor(login), r);
    }
};

} // namespace cg::test
