// Every refused access is in the access audit, on both engines (CG_TEST_STORE=postgresql runs this suite on
// the pg_server fixture): the case service's refusals (role, jurisdiction, unit, tier) with the login, what
// was refused and why, and never rolled back with the work they refused.
#include "support/testworld.h"

#include <QSqlQuery>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

struct AuditRow
{
    QString kind;
    QString login;
    QString detail;
};

QList<AuditRow> auditRows(SqlStore &store, const QString &kind)
{
    QList<AuditRow> rows;
    QSqlQuery q(store.database());
    q.prepare(u"SELECT kind, login, detail FROM access_audit WHERE kind = ? ORDER BY id"_s);
    q.addBindValue(kind);
    if (!q.exec())
        qWarning() << q.lastError().text();
    while (q.next())
        rows.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    return rows;
}

} // namespace

class TestAccessAudit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void refusedRequestsAreAuditedWithLoginWhatAndWhy();
    void otherFailuresAreNotRefusals();
    void refusalInsideABatchOutlivesItsRollback();

private:
    std::unique_ptr<test::TestWorld> mWorld;
};

void TestAccessAudit::init()
{
    mWorld = std::make_unique<test::TestWorld>();
    QVERIFY(mWorld->open());
}

void TestAccessAudit::cleanup()
{
    mWorld.reset();
}

void TestAccessAudit::refusedRequestsAreAuditedWithLoginWhatAndWhy()
{
    auto &w = *mWorld;
    auto c = w.report();
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    c = w.act(u"acceptor"_s, *c, Action::Accept);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    c = w.act(u"shift"_s, *c, Action::File);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    c = w.act(u"dispatcher"_s, *c, Action::Dispatch);
    QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
    QCOMPARE(auditRows(w.store(), u"refused"_s).size(), 0);

    // The role may not: a dispatcher never reports.
    auto role = w.report(u"xh.dispatcher"_s);
    QCOMPARE(role.errorCode(), ErrorCode::NotPermitted);
    // Outside the jurisdiction: a grid of Xuhui reported by a Huangpu supervisor.
    auto grid = w.report(u"sup"_s, u"event/06010"_s, u"310104003001001"_s);
    QCOMPARE(grid.errorCode(), ErrorCode::OutOfScope);
    // Outside the jurisdiction: Xuhui's dispatcher escalating a Huangpu case.
    auto scope = w.act(u"xh.dispatcher"_s, *c, Action::Escalate);
    QCOMPARE(scope.errorCode(), ErrorCode::OutOfScope);
    // Not the unit's case.
    auto unit = w.act(u"unit.roads"_s, *c, Action::ReportHandled);
    QCOMPARE(unit.errorCode(), ErrorCode::OutOfScope);
    // The tier: a street acceptor on a district case.
    auto districtCase = w.report(u"acceptor"_s);
    QVERIFY(districtCase.ok());
    auto tier = w.act(u"street.acceptor"_s, *districtCase, Action::Accept);
    QCOMPARE(tier.errorCode(), ErrorCode::OutOfScope);

    const QList<AuditRow> rows = auditRows(w.store(), u"refused"_s);
    QCOMPARE(rows.size(), 5);
    QCOMPARE(rows[0].login, u"xh.dispatcher"_s);
    QCOMPARE(rows[0].detail, u"report in grid 310101002001001: "_s + role.errorMessage());
    QVERIFY2(role.errorMessage().startsWith(u"role 'dispatcher' may not 'report'"_s),
             qPrintable(role.errorMessage()));
    QCOMPARE(rows[1].login, u"sup"_s);
    QCOMPARE(rows[1].detail, u"report in grid 310104003001001: grid 310104003001001 lies in community "
                             u"310104003001, outside your jurisdiction 310101002"_s);
    QCOMPARE(rows[2].login, u"xh.dispatcher"_s);
    QCOMPARE(rows[2].detail, u"escalate on case %1: case %1 lies in community 310101002001, outside your "
                             u"jurisdiction 310104"_s.arg(c->number));
    QCOMPARE(rows[3].login, u"unit.roads"_s);
    QCOMPARE(rows[3].detail, u"report_handled on case %1: case %1 is not dispatched to your unit; a "
                             u"responsible unit acts only on its own cases"_s.arg(c->number));
    QCOMPARE(rows[4].login, u"street.acceptor"_s);
    QCOMPARE(rows[4].detail, u"accept on case %1: case %1 is owned by the district tier; a acceptor of the "
                             u"street tier cannot act on it"_s.arg(districtCase->number));
    // Nothing of the refused requests was written.
    QCOMPARE(w.store().changesSince(0, 100)->size(), 5);
}

void TestAccessAudit::otherFailuresAreNotRefusals()
{
    auto &w = *mWorld;
    auto c = w.report();
    QVERIFY(c.ok());
    // A workflow step that does not exist in this state, a stale version, an unknown grid: errors, not
    // refused access.
    QCOMPARE(w.act(u"dispatcher"_s, *c, Action::Close).errorCode(), ErrorCode::IllegalTransition);
    CaseRecord stale = *c;
    stale.version = 7;
    QCOMPARE(w.act(u"acceptor"_s, stale, Action::Accept).errorCode(), ErrorCode::StaleVersion);
    QCOMPARE(w.report(u"sup"_s, u"event/06010"_s, u"310101002001099"_s).errorCode(), ErrorCode::UnknownGrid);
    QCOMPARE(auditRows(w.store(), u"refused"_s).size(), 0);
}

void TestAccessAudit::refusalInsideABatchOutlivesItsRollback()
{
    auto &w = *mWorld;
    auto c = w.report();
    QVERIFY(c.ok());
    QVERIFY(w.store().beginBatch().ok());
    auto accepted = w.act(u"acceptor"_s, *c, Action::Accept);
    QVERIFY2(accepted.ok(), qPrintable(accepted.errorMessage()));
    auto refused = w.act(u"xh.dispatcher"_s, *accepted, Action::Escalate);
    QCOMPARE(refused.errorCode(), ErrorCode::OutOfScope);
    // Held back while the transaction is open, so that its rollback cannot take the entry with it.
    QCOMPARE(auditRows(w.store(), u"refused"_s).size(), 0);
    w.store().rollbackBatch();
    const QList<AuditRow> rows = auditRows(w.store(), u"refused"_s);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].login, u"xh.dispatcher"_s);
    QCOMPARE(rows[0].detail, u"escalate on case %1: %2"_s.arg(c->number, refused.errorMessage()));
    // The accepted action went with the batch; the refusal stayed.
    QCOMPARE(w.store().findCase(c->id)->state, CaseState::Reported);
    QCOMPARE(w.store().changesSince(0, 100)->size(), 1);
}

QTEST_GUILESS_MAIN(TestAccessAudit)
#include "test_accessaudit.moc"
