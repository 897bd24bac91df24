#include "store/sqlitestore.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

// Kills a worker that applies case actions with SIGKILL at random points, 20 times: after each restart every
// acknowledged action is in the store, none twice, and every audit chain verifies.
class TestCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedWriterLosesNothingAcknowledged();
};

namespace {

constexpr int Operations = 600;

struct Run
{
    QSet<int> acknowledged;
    bool finished = false;
};

// Starts the worker; kills it once `killAfter` new acknowledgements arrived (never if killAfter < 0).
Run runWorker(const QString &store, int killAfter)
{
    Run run;
    QProcess worker;
    worker.setProgram(QStringLiteral(CG_BINARY_DIR "/tests/cg_crash_worker"));
    worker.setArguments({store, QString::number(Operations)});
    worker.setProcessChannelMode(QProcess::SeparateChannels);
    int fresh = 0;
    QObject::connect(&worker, &QProcess::readyReadStandardOutput, &worker, [&] {
        while (worker.canReadLine()) {
            const QByteArray line = worker.readLine().trimmed();
            if (!line.startsWith("ACK "))
                continue;
            run.acknowledged.insert(line.mid(4).toInt());
            if (++fresh == killAfter)
                worker.kill(); // SIGKILL: no clean-up runs in the worker
        }
    });
    worker.start();
    worker.waitForStarted();
    worker.waitForFinished(120000);
    worker.setReadChannel(QProcess::StandardOutput);
    while (worker.canReadLine()) {
        const QByteArray line = worker.readLine().trimmed();
        if (line.startsWith("ACK "))
            run.acknowledged.insert(line.mid(4).toInt());
    }
    run.finished = worker.exitStatus() == QProcess::NormalExit && worker.exitCode() == 0;
    if (worker.exitStatus() == QProcess::NormalExit && worker.exitCode() != 0)
        qWarning() << "worker failed:" << worker.exitCode() << worker.readAllStandardError();
    if (worker.error() == QProcess::FailedToStart)
        qWarning() << "worker did not start:" << worker.errorString();
    return run;
}

} // namespace

void TestCrash::killedWriterLosesNothingAcknowledged()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"crash.sqlite"_s);
    QSet<int> acknowledged;
    auto *random = QRandomGenerator::global();
    int kills = 0;
    while (kills < 20) {
        const Run run = runWorker(path, random->bounded(1, 40));
        QVERIFY2(!run.finished || run.acknowledged.size() > 0, "the worker stopped without doing anything");
        acknowledged.unite(run.acknowledged);
        if (run.finished)
            break;
        ++kills;

        auto store = SqliteStore::open(path, SqliteStore::OpenMode::MustExist);
        QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
        for (int n : std::as_const(acknowledged)) {
            auto event = (*store)->findEventByRequestId(u"op-%1"_s.arg(n));
            QVERIFY(event.ok());
            QVERIFY2(event->has_value(),
                     qPrintable(u"acknowledged operation %1 is lost after kill %2"_s.arg(n).arg(kills)));
        }
        const AuditReport audit = (*store)->verifyAudit();
        QVERIFY2(audit.ok(), qPrintable(audit.problems.join(u"\n")));
    }
    QCOMPARE(kills, 20);

    // Run to the end: every operation exactly once.
    const Run last = runWorker(path, -1);
    QVERIFY(last.finished);
    acknowledged.unite(last.acknowledged);
    auto store = SqliteStore::open(path, SqliteStore::OpenMode::MustExist);
    QVERIFY(store.ok());
    QSqlDatabase db = (*store)->database();
    QSqlQuery q(db);
    QVERIFY(q.exec(
        u"SELECT count(*), count(DISTINCT request_id) FROM case_events WHERE request_id LIKE 'op-%'"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), Operations);
    QCOMPARE(q.value(1).toInt(), Operations);
    QVERIFY(q.exec(u"SELECT count(*), sum(event_count = 4), sum(state = 'dispatched') FROM cases"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), Operations / 4);
    QCOMPARE(q.value(1).toInt(), Operations / 4); // report, accept, file, dispatch: none twice
    QCOMPARE(q.value(2).toInt(), Operations / 4);
    QCOMPARE(acknowledged.size(), Operations);
    QVERIFY((*store)->verifyAudit().ok());
}

QTEST_GUILESS_MAIN(TestCrash)
#include "test_crash.moc"
