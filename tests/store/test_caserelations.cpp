// Cases related to a case (near it, or of its class in its grid; open or recent), its hotline ticket and its
// attachments' facts: the reads of the case dock that the repositories do not offer. Runs on SQLite, and on
// PostgreSQL with CG_TEST_STORE=postgresql.
#include "store/caserelations.h"
#include "support/testworld.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <cmath>

using namespace Qt::Literals::StringLiterals;
using namespace cg;
using cg::test::beijing;

namespace {

constexpr double Lon = 121.4705, Lat = 31.2304;
constexpr double MetresPerDegree = 6371008.8 * M_PI / 180.0;

// A point `north` and `east` metres from the first case.
QPointF offset(double north, double east)
{
    return {Lon + east / (MetresPerDegree * std::cos(Lat * M_PI / 180.0)), Lat + north / MetresPerDegree};
}

} // namespace

class TestCaseRelations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void nearOrSameGridAndClass();
    void finishedCasesCountWhileRecent();
    void refusesABadQuery();
    void hotlineTicketAndAttachments();

private:
    CaseRecord report(const QString &classKey, const QString &grid, const QPointF &at);

    std::unique_ptr<test::TestWorld> mWorld;
};

void TestCaseRelations::init()
{
    mWorld = std::make_unique<test::TestWorld>();
    QVERIFY(mWorld->open());
}

void TestCaseRelations::cleanup()
{
    mWorld.reset();
}

CaseRecord TestCaseRelations::report(const QString &classKey, const QString &grid, const QPointF &at)
{
    NewCaseRequest r;
    r.classKey = CatalogueKey::parse(classKey).value();
    r.grid = UnitGridCode::parse(grid).value();
    r.description = u"related"_s;
    r.longitude = at.x();
    r.latitude = at.y();
    auto c = mWorld->service().report(mWorld->actor(u"sup"_s), r);
    if (!c)
        qFatal("report: %s", qPrintable(c.errorMessage()));
    return *c;
}

void TestCaseRelations::nearOrSameGridAndClass()
{
    const CaseRecord a = report(u"event/06010"_s, u"310101002001001"_s, offset(0, 0));
    const CaseRecord sameKind = report(u"event/06010"_s, u"310101002001001"_s, offset(0, 80)); // 80 m away
    const CaseRecord near = report(u"event/06001"_s, u"310101002001002"_s, offset(30, 0));     // 30 m
    const CaseRecord corner = report(u"event/06001"_s, u"310101002001002"_s, offset(40, 40));  // 56.6 m
    const CaseRecord far = report(u"event/06010"_s, u"310101002002001"_s, offset(0, 200));     // other grid
    const CaseRecord unplaced = report(u"event/06010"_s, u"310101002001001"_s, QPointF(0, 0));

    CaseRelations relations(mWorld->store());
    CaseRelations::Query q;
    q.radiusMetres = 50;
    auto related = relations.related(a, q);
    QVERIFY2(related.ok(), qPrintable(related.errorMessage()));
    QList<qint64> ids;
    for (const RelatedCase &r : *related)
        ids.append(r.id);
    // Nearest first; those without a position last.
    QCOMPARE(ids, (QList<qint64>{near.id, sameKind.id, unplaced.id}));
    const RelatedCase &n = related->at(0);
    QVERIFY(n.nearby);
    QVERIFY(!n.sameGridAndClass);
    QCOMPARE(qRound(n.distanceMetres), 30);
    QCOMPARE(n.number, near.number);
    QCOMPARE(n.state, CaseState::Reported);
    QCOMPARE(n.classKey.toString(), u"event/06001"_s);
    QCOMPARE(n.grid.text(), u"310101002001002"_s);
    QCOMPARE(n.reportedAt, near.reportedAt);
    const RelatedCase &s = related->at(1);
    QVERIFY(!s.nearby);
    QVERIFY(s.sameGridAndClass);
    QCOMPARE(qRound(s.distanceMetres), 80);
    const RelatedCase &u = related->at(2);
    QCOMPARE(u.distanceMetres, -1.0);
    QVERIFY(u.sameGridAndClass);

    // A wider radius takes in the corner case; the far one of another grid stays out until the radius
    // reaches it.
    q.radiusMetres = 60;
    related = relations.related(a, q);
    QVERIFY(related.ok());
    QCOMPARE(related->size(), 4);
    QCOMPARE(related->at(1).id, corner.id);
    q.radiusMetres = 250;
    related = relations.related(a, q);
    QVERIFY(related.ok());
    QCOMPARE(related->size(), 5);
    QCOMPARE(related->at(3).id, far.id);
    // The limit keeps the nearest.
    q.limit = 2;
    related = relations.related(a, q);
    QVERIFY(related.ok());
    QCOMPARE(related->size(), 2);
    QCOMPARE(related->at(0).id, near.id);
}

void TestCaseRelations::finishedCasesCountWhileRecent()
{
    // A case reported and rejected 40 days ago, another rejected today.
    mWorld->clock->setNow(beijing(u"2026-10-14 09:00"_s));
    const CaseRecord old = report(u"event/06010"_s, u"310101002001001"_s, offset(10, 0));
    QVERIFY(mWorld->act(u"acceptor"_s, old, Action::Reject).ok());
    mWorld->clock->setNow(beijing(u"2026-11-23 09:00"_s));
    const CaseRecord recent = report(u"event/06010"_s, u"310101002001001"_s, offset(20, 0));
    QVERIFY(mWorld->act(u"acceptor"_s, recent, Action::Reject).ok());
    const CaseRecord a = report(u"event/06010"_s, u"310101002001001"_s, offset(0, 0));

    CaseRelations relations(mWorld->store());
    CaseRelations::Query q;
    q.recentSince = mWorld->clock->now().addDays(-30);
    auto related = relations.related(a, q);
    QVERIFY2(related.ok(), qPrintable(related.errorMessage()));
    QCOMPARE(related->size(), 1);
    QCOMPARE(related->at(0).id, recent.id);
    QCOMPARE(related->at(0).state, CaseState::Rejected);
    q.recentSince = mWorld->clock->now().addDays(-60);
    related = relations.related(a, q);
    QVERIFY(related.ok());
    QCOMPARE(related->size(), 2);
    // Without a time, only open cases.
    q.recentSince = {};
    related = relations.related(a, q);
    QVERIFY(related.ok());
    QVERIFY(related->isEmpty());
}

void TestCaseRelations::refusesABadQuery()
{
    const CaseRecord a = report(u"event/06010"_s, u"310101002001001"_s, offset(0, 0));
    CaseRelations relations(mWorld->store());
    CaseRelations::Query q;
    q.radiusMetres = -5;
    auto related = relations.related(a, q);
    QVERIFY(!related);
    QCOMPARE(related.errorCode(), ErrorCode::InvalidInput);
    QVERIFY(related.errorMessage().contains(u"-5 m"_s));
    q.radiusMetres = 50;
    q.limit = 0;
    QVERIFY(!relations.related(a, q));
}

void TestCaseRelations::hotlineTicketAndAttachments()
{
    const CaseRecord a = report(u"event/06010"_s, u"310101002001001"_s, offset(0, 0));
    CaseRelations relations(mWorld->store());
    auto none = relations.hotlineTicket(a.id);
    QVERIFY2(none.ok(), qPrintable(none.errorMessage()));
    QVERIFY(!none->has_value());

    // The gateway's table (when a gateway has used the store) with two rounds of one ticket.
    QSqlQuery q(mWorld->store().database());
    QVERIFY2(q.exec(uR"(CREATE TABLE IF NOT EXISTS net_hotline_tickets (
            hotline TEXT NOT NULL, ticket_id TEXT NOT NULL, round INTEGER NOT NULL,
            case_id INTEGER NOT NULL, previous_case_id INTEGER,
            ticket_type TEXT NOT NULL, content TEXT NOT NULL, address TEXT, contact_masked TEXT, crs TEXT,
            received_at BIGINT NOT NULL, hotline_due_at BIGINT, first_contact_due_at BIGINT,
            first_contact_at BIGINT, suggested_class TEXT, suggestion_score REAL,
            PRIMARY KEY (hotline, ticket_id, round)))"_s),
             qPrintable(q.lastError().text()));
    const QDateTime received = beijing(u"2026-11-23 08:30"_s);
    for (int round : {1, 2}) {
        QVERIFY(
            q.prepare(u"INSERT INTO net_hotline_tickets (hotline, ticket_id, round, case_id, ticket_type, "
                      u"content, contact_masked, received_at, hotline_due_at, first_contact_at) "
                      u"VALUES ('12345', 'T-1', ?, ?, 'complaint', '垃圾', ?, ?, ?, ?)"_s));
        q.addBindValue(round);
        q.addBindValue(a.id);
        q.addBindValue(round == 2 ? QVariant(u"李* 139****0000"_s) : QVariant(QMetaType(QMetaType::QString)));
        q.addBindValue(received.toMSecsSinceEpoch());
        q.addBindValue(received.addDays(round == 2 ? 3 : 5).toMSecsSinceEpoch());
        q.addBindValue(QVariant(QMetaType(QMetaType::LongLong)));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }
    auto ticket = relations.hotlineTicket(a.id);
    QVERIFY2(ticket.ok(), qPrintable(ticket.errorMessage()));
    QVERIFY(ticket->has_value());
    const CaseHotlineTicket &t = **ticket;
    QCOMPARE(t.hotline, u"12345"_s);
    QCOMPARE(t.ticketId, u"T-1"_s);
    QCOMPARE(t.round, 2); // the newest round
    QCOMPARE(t.contactMasked, u"李* 139****0000"_s);
    QCOMPARE(t.receivedAt, received);
    QCOMPARE(t.hotlineDueAt, received.addDays(3));
    QVERIFY(!t.firstContactAt.isValid());

    auto stored = mWorld->store().addAttachment(QByteArray("photo bytes"), u"现场.jpg"_s, u"image/jpeg"_s);
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    auto infos = relations.attachments({u"0000"_s, stored->hash});
    QVERIFY2(infos.ok(), qPrintable(infos.errorMessage()));
    QCOMPARE(infos->size(), 1);
    QCOMPARE(infos->at(0).hash, stored->hash);
    QCOMPARE(infos->at(0).originalName, u"现场.jpg"_s);
    QCOMPARE(infos->at(0).mimeType, u"image/jpeg"_s);
    QCOMPARE(infos->at(0).size, qint64(11));
}

QTEST_MAIN(TestCaseRelations)
#include "test_caserelations.moc"
