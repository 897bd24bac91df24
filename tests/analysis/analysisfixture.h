#pragma once

// A small hand-made city for the analysis tests: one community of 5 × 5 unit grids of exactly 100 m
// (310101002001001 … 025, serial = row × 5 + column + 1, row 0 in the south) and one far grid in another
// district (310104003001001, 1 km east), two supervisors with responsibility grids, and cases placed in
// metres from grid centres at Beijing times. SQLite in a temporary folder, or with CG_TEST_STORE=postgresql a
// fresh database on the fixture's server.

#include "geo/geometry.h"
#include "store/sqlstore.h"
#include "support/pgtest.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace cg::test {

using namespace Qt::Literals::StringLiterals;

inline QDateTime beijingTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, u"yyyy-MM-dd HH:mm"_s);
    return QDateTime(t.date(), t.time(), Qt::OffsetFromUTC, 8 * 3600).toUTC();
}

struct AnalysisCity
{
    static constexpr double Lon0 = 121.47, Lat0 = 31.23;
    QTemporaryDir dir;
    std::unique_ptr<SqlStore> store;
    QString pgUrl;
    qint64 sup1 = 0, sup2 = 0;
    int serial = 0;

    ~AnalysisCity()
    {
        store.reset();
        if (!pgUrl.isEmpty())
            releasePgTestDatabase(pgUrl);
    }

    static QPointF degreesPerMetre()
    {
        const QPointF m = metresPerDegree(Lat0);
        return {1.0 / m.x(), 1.0 / m.y()};
    }
    // Centre of grid (column, row) of the 5 × 5 community; column 10 is the far grid.
    static QPointF centre(int column, int row)
    {
        const QPointF d = degreesPerMetre();
        return {Lon0 + (column * 100 + 50) * d.x(), Lat0 + (row * 100 + 50) * d.y()};
    }
    // A point `east`, `north` metres from the centre of grid (column, row).
    static QPointF at(int column, int row, double east = 0, double north = 0)
    {
        const QPointF d = degreesPerMetre();
        const QPointF c = centre(column, row);
        return {c.x() + east * d.x(), c.y() + north * d.y()};
    }
    static QString gridCode(int column, int row)
    {
        if (column >= 5)
            return u"310104003001001"_s;
        return u"310101002001%1"_s.arg(row * 5 + column + 1, 3, 10, QLatin1Char('0'));
    }

    bool open()
    {
        QString location = dir.filePath(u"analysis.sqlite"_s);
        if (testsRunOnPostgres()) {
            auto url = acquirePgTestDatabase();
            if (!url) {
                qWarning() << url.errorMessage();
                return false;
            }
            pgUrl = *url;
            location = pgUrl;
        }
        auto s = SqlStore::open(location);
        if (!s) {
            qWarning() << s.errorMessage();
            return false;
        }
        store = std::move(s).value();
        return populate();
    }

    bool addGrid(int column, int row)
    {
        const QPointF d = degreesPerMetre();
        const double x = Lon0 + column * 100 * d.x(), y = Lat0 + row * 100 * d.y();
        const double x1 = x + 100 * d.x(), y1 = y + 100 * d.y();
        Polygon cell;
        cell.outer = {{x, y}, {x1, y}, {x1, y1}, {x, y1}, {x, y}};
        UnitGrid g;
        g.code = UnitGridCode::parse(gridCode(column, row)).value();
        g.community = g.code.community();
        g.areaM2 = cell.areaM2();
        g.areaClass = AreaClass::A;
        g.minX = x;
        g.minY = y;
        g.maxX = x1;
        g.maxY = y1;
        g.wkb = toWkb(cell).value();
        return store->addGrid(g).ok();
    }

    bool sql(const QString &statement, const QVariantList &values = {})
    {
        QSqlQuery q(store->database());
        q.prepare(statement);
        for (const QVariant &v : values)
            q.addBindValue(v);
        if (!q.exec()) {
            qWarning() << statement << q.lastError().text();
            return false;
        }
        return true;
    }

    bool populate()
    {
        SqlStore &st = *store;
        auto code = [](const QString &c) {
            return JurisdictionCode::parse(c).value();
        };
        for (const auto &[c, name] :
             std::initializer_list<std::pair<QString, QString>>{{u"310000"_s, u"上海市"_s},
                                                                {u"310101"_s, u"黄浦区"_s},
                                                                {u"310101002"_s, u"南京东路街道"_s},
                                                                {u"310101002001"_s, u"贵州居委会"_s},
                                                                {u"310104"_s, u"徐汇区"_s},
                                                                {u"310104003"_s, u"天平路街道"_s},
                                                                {u"310104003001"_s, u"建襄居委会"_s}}) {
            if (!st.addJurisdiction({code(c), name, AreaClass::A}))
                return false;
        }
        for (int row = 0; row < 5; ++row) {
            for (int column = 0; column < 5; ++column) {
                if (!addGrid(column, row))
                    return false;
            }
        }
        if (!addGrid(10, 0))
            return false;
        for (const QString &login : {u"sup1"_s, u"sup2"_s}) {
            UserRecord u;
            u.login = login;
            u.name = login == u"sup1"_s ? u"张一"_s : u"李二"_s;
            u.role = Role::Supervisor;
            u.jurisdiction = code(u"310101002"_s);
            if (!st.addUser(u))
                return false;
            (login == u"sup1"_s ? sup1 : sup2) = u.id;
        }
        // Responsibility grids: sup1 patrols grids 001–003, sup2 004–005; the rest have nobody.
        const QByteArray wkb = QByteArray("\x01", 1);
        if (!sql(u"INSERT INTO responsibility_grids (code, name, street_code, supervisor_id, min_x, min_y, "
                 u"max_x, "
                 "max_y, geometry) VALUES ('R1', '一号责任网格', '310101002', ?, 0, 0, 0, 0, ?)"_s,
                 {sup1, wkb}) ||
            !sql(u"INSERT INTO responsibility_grids (code, name, street_code, supervisor_id, min_x, min_y, "
                 u"max_x, "
                 "max_y, geometry) VALUES ('R2', '二号责任网格', '310101002', ?, 0, 0, 0, 0, ?)"_s,
                 {sup2, wkb}))
            return false;
        for (int i = 1; i <= 5; ++i) {
            if (!sql(
                    u"INSERT INTO responsibility_grid_cells (grid_code, responsibility_code) VALUES (?, ?)"_s,
                    {u"310101002001%1"_s.arg(i, 3, 10, QLatin1Char('0')), i <= 3 ? u"R1"_s : u"R2"_s}))
                return false;
        }
        return true;
    }

    // A case of `classKey` at `position` in grid (column, row), reported at `when` (Beijing "yyyy-MM-dd
    // HH:mm").
    qint64 addCase(int column, int row, const QPointF &position, const QString &when,
                   const QString &classKey = u"event/06010"_s, CaseSource source = CaseSource::Patrol,
                   CaseState state = CaseState::Filed)
    {
        CaseRecord r;
        r.state = state;
        r.source = source;
        r.classKey = CatalogueKey::parse(classKey).value();
        r.areaClass = AreaClass::A;
        r.grid = UnitGridCode::parse(gridCode(column, row)).value();
        r.community = r.grid.community();
        r.longitude = position.x();
        r.latitude = position.y();
        r.reportedAt = beijingTime(when);
        r.updatedAt = r.reportedAt;
        r.description = u"测试"_s;
        CaseEvent e;
        e.action = Action::Report;
        e.toState = state;
        e.role = Role::Supervisor;
        e.at = r.reportedAt;
        auto created = store->createCase(r, e);
        if (!created) {
            qWarning() << created.errorMessage();
            return 0;
        }
        return created->id;
    }
};

} // namespace cg::test
