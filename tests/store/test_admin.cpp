// citygrid-admin end to end: the built program run with QProcess on stores in temporary folders.
#include "core/csv.h"
#include "session/session.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

const QString adminProgram = QStringLiteral(CG_BINARY_DIR "/bin/citygrid-admin");

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runAdmin(const QStringList &arguments)
{
    QProcess p;
    p.setProgram(adminProgram);
    p.setArguments(arguments);
    p.start();
    Run r;
    if (!p.waitForFinished(180000)) {
        p.kill();
        p.waitForFinished();
        r.err = u"citygrid-admin did not finish"_s;
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

Run runOn(const QString &store, QStringList arguments)
{
    arguments.prepend(store);
    arguments.prepend(u"--store"_s);
    return runAdmin(arguments);
}

QString local(const QDateTime &t)
{
    return t.toOffsetFromUtc(8 * 3600).toString(u"yyyy-MM-dd HH:mm"_s);
}

// Runs statements over a plain QSQLITE connection: how someone would tamper with the file.
QString rawExec(const QString &path, const QStringList &statements)
{
    const QString name = u"raw-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            for (const QString &sql : statements) {
                if (!q.exec(sql)) {
                    error = q.lastError().text();
                    break;
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

} // namespace

class TestAdmin : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void initReportsTheSchemaVersion();
    void initAgainKeepsTheStore();
    void demoPrintsTheCityItBuilt();
    void demoRefusesAStoreWithData();
    void usersListsTheDemoLogins();
    void usersColumnsStaySeparated();
    void caseListByState();
    void caseShowPrintsTheTimeline();
    void reportThenAccept();
    void refusedActions_data();
    void refusedActions();
    void auditVerifyFindsAnEditedEvent();
    void exportCsvWritesEveryCase();
    void usageErrors_data();
    void usageErrors();
    void storeThatIsNotOurs();

private:
    // A private copy of the demo store, for tests that change it.
    QString copyOfDemo(QTemporaryDir &dir) const;
    // Reports one case in 310101002001 as hp.sup1; returns its number (empty on failure).
    static QString reportOne(const QString &store, const QString &description);

    QTemporaryDir mDir;
    QString mDemo; // init + demo --cases 200 --seed 7
    Run mInit;
    Run mDemoRun;
};

void TestAdmin::initTestCase()
{
    QVERIFY2(QFileInfo(adminProgram).isExecutable(), qPrintable(adminProgram));
    QVERIFY(mDir.isValid());
    mDemo = mDir.filePath(u"demo/citygrid.sqlite"_s);
    mInit = runOn(mDemo, {u"init"_s});
    mDemoRun = runOn(mDemo, {u"demo"_s, u"--cases"_s, u"200"_s, u"--seed"_s, u"7"_s});
    QVERIFY2(QFile::exists(mDemo), qPrintable(mInit.err));
}

QString TestAdmin::copyOfDemo(QTemporaryDir &dir) const
{
    const QString path = dir.filePath(u"copy.sqlite"_s);
    if (QFile::exists(mDemo + u"-wal"_s) || !QFile::copy(mDemo, path))
        return {};
    return path;
}

QString TestAdmin::reportOne(const QString &store, const QString &description)
{
    const Run r =
        runOn(store, {u"case"_s, u"report"_s, u"--as"_s, u"hp.sup1"_s, u"--class"_s, u"event/06010"_s,
                      u"--grid"_s, u"310101002001003"_s, u"--description"_s, description});
    static const QRegularExpression re(u"^reported case (\\d{14}) \\(state reported\\)\n$"_s);
    const auto m = re.match(r.out);
    if (r.exitCode != 0 || !m.hasMatch()) {
        qWarning() << r.exitCode << r.out << r.err;
        return {};
    }
    return m.captured(1);
}

void TestAdmin::initReportsTheSchemaVersion()
{
    QCOMPARE(mInit.exitCode, 0);
    QCOMPARE(mInit.out,
             u"store %1 is ready (schema version %2)\n"_s.arg(mDemo).arg(SqliteStore::latestSchemaVersion()));
    QCOMPARE(mInit.err, QString());
}

void TestAdmin::initAgainKeepsTheStore()
{
    QTemporaryDir dir;
    const QString store = copyOfDemo(dir);
    QVERIFY(!store.isEmpty());
    const Run r = runOn(store, {u"init"_s});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out,
             u"store %1 is ready (schema version %2)\n"_s.arg(store).arg(SqliteStore::latestSchemaVersion()));
    auto s = SqliteStore::open(store, SqliteStore::OpenMode::MustExist);
    QVERIFY(s.ok());
    QCOMPARE((*s)->verifyAudit().casesChecked, 200);
    QCOMPARE((*s)->gridCount().value(), 2425);
}

void TestAdmin::demoPrintsTheCityItBuilt()
{
    QCOMPARE(mDemoRun.exitCode, 0);
    const QStringList lines = mDemoRun.out.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(!lines.isEmpty());
    static const QRegularExpression summary(
        u"^demo city in (.+): 3 districts, 12 streets, 60 communities, 2425 unit grids, 84 units, 141 users, "
        u"200 cases, (\\d+) events in [0-9.]+ s$"_s);
    const auto m = summary.match(lines.first());
    QVERIFY2(m.hasMatch(), qPrintable(lines.first()));
    QCOMPARE(m.captured(1), mDemo);
    const int events = m.captured(2).toInt();
    QVERIFY(events >= 200);

    // Then one line per state that has cases; they add up to the 200 cases.
    static const QRegularExpression stateLine(u"^  ([a-z_]+) +(\\d+)$"_s);
    int total = 0;
    QHash<CaseState, int> printed;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const auto s = stateLine.match(lines[i]);
        QVERIFY2(s.hasMatch(), qPrintable(lines[i]));
        auto state = parseState(s.captured(1));
        QVERIFY2(state.ok(), qPrintable(s.captured(1)));
        printed.insert(*state, s.captured(2).toInt());
        total += s.captured(2).toInt();
    }
    QCOMPARE(total, 200);

    // What the store holds agrees with the summary.
    auto store = SqliteStore::open(mDemo, SqliteStore::OpenMode::MustExist);
    QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
    QCOMPARE((*store)->countByState(CaseQuery{}).value(), printed);
    QCOMPARE((*store)->gridCount().value(), 2425);
    QCOMPARE((*store)->users()->size(), 141);
    QCOMPARE((*store)->units()->size(), 84);
    const AuditReport audit = (*store)->verifyAudit();
    QVERIFY(audit.ok());
    QCOMPARE(audit.casesChecked, 200);
    QCOMPARE(audit.eventsChecked, events);
}

void TestAdmin::demoRefusesAStoreWithData()
{
    QTemporaryDir dir;
    const QString store = copyOfDemo(dir);
    QVERIFY(!store.isEmpty());
    const Run r = runOn(store, {u"demo"_s, u"--cases"_s, u"5"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.endsWith(u"citygrid-admin: store %1 already holds data; the demo city goes into an empty "
                            u"store\n"_s.arg(store)),
             qPrintable(r.err));
    auto s = SqliteStore::open(store, SqliteStore::OpenMode::MustExist);
    QCOMPARE((*s)->verifyAudit().casesChecked, 200);
}

void TestAdmin::usersListsTheDemoLogins()
{
    const Run r = runOn(mDemo, {u"users"_s});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.err, QString());
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 141);
    QCOMPARE(lines.first(), u"hp.sup1                        supervisor      310101002  南京东路监督员"_s);
    auto row = [](const QString &login, const QString &role, const QString &where, const QString &name) {
        return QString(login.leftJustified(30) + u' ' + role.leftJustified(15) + u' ' + where + u"  "_s +
                       name);
    };
    for (const QString &expected :
         {row(u"hp.acceptor"_s, u"acceptor"_s, u"310101"_s, u"黄浦区受理员"_s),
          row(u"hp.shift"_s, u"shift_leader"_s, u"310101"_s, u"黄浦区值班长"_s),
          row(u"hp.dispatcher"_s, u"dispatcher"_s, u"310101"_s, u"黄浦区派遣员"_s)}) {
        QVERIFY2(lines.contains(expected), qPrintable(expected));
    }
    auto store = SqliteStore::open(mDemo, SqliteStore::OpenMode::MustExist);
    QVERIFY(store.ok());
    auto sanitation = (*store)->findUser(u"unit.hp.sanitation"_s);
    QVERIFY(sanitation.ok());
    const QString line =
        row(u"unit.hp.sanitation"_s, u"unit_handler"_s, u"unit %1"_s.arg(sanitation->unitId), {});
    QVERIFY2(std::any_of(lines.cbegin(), lines.cend(), [&](const QString &l) { return l.startsWith(line); }),
             qPrintable(line));
}

void TestAdmin::usersColumnsStaySeparated()
{
    const Run r = runOn(mDemo, {u"users"_s});
    QCOMPARE(r.exitCode, 0);
    QStringList runTogether;
    for (const QString &line : r.out.split(u'\n', Qt::SkipEmptyParts)) {
        const QStringList fields = line.split(u' ', Qt::SkipEmptyParts);
        if (fields.size() < 3 || !parseRole(fields[1]).ok())
            runTogether.append(fields.value(0));
    }
    QCOMPARE(runTogether, QStringList());
}

void TestAdmin::caseListByState()
{
    const Run r = runOn(mDemo, {u"case"_s, u"list"_s, u"--state"_s, u"dispatched"_s});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.err, QString());
    QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(!lines.isEmpty());
    const QString last = lines.takeLast();

    auto store = SqliteStore::open(mDemo, SqliteStore::OpenMode::MustExist);
    QVERIFY(store.ok());
    CaseQuery q;
    q.states = {CaseState::Dispatched};
    auto page = (*store)->casePage(q);
    QVERIFY(page.ok());
    QVERIFY(!page->rows.isEmpty());
    QVERIFY(page->rows.size() <= 50);
    QCOMPARE(last, u"%1 case(s)"_s.arg(page->rows.size()));
    QCOMPARE(lines.size(), page->rows.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const CaseRecord &c = page->rows[i];
        QVERIFY2(lines[i].startsWith(u"%1  dispatched       %2  %3  %4"_s.arg(
                     c.number, c.classKey.toString(), c.grid.text(), local(c.reportedAt))),
                 qPrintable(lines[i]));
    }

    const Run limited = runOn(mDemo, {u"case"_s, u"list"_s, u"--limit"_s, u"3"_s});
    QCOMPARE(limited.exitCode, 0);
    const QStringList three = limited.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(three.size(), 4);
    QCOMPARE(three.last(), u"3 case(s) (more follow; raise --limit)"_s);

    const Run bad = runOn(mDemo, {u"case"_s, u"list"_s, u"--state"_s, u"sleeping"_s});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.startsWith(u"citygrid-admin: "_s) && bad.err.contains(u"sleeping"_s),
             qPrintable(bad.err));
}

void TestAdmin::caseShowPrintsTheTimeline()
{
    auto store = SqliteStore::open(mDemo, SqliteStore::OpenMode::MustExist);
    QVERIFY(store.ok());
    CaseQuery q;
    q.states = {CaseState::Closed};
    q.limit = 1;
    auto page = (*store)->casePage(q);
    QVERIFY(page.ok() && page->rows.size() == 1);
    const CaseRecord c = page->rows.first();
    auto events = (*store)->events(c.id);
    QVERIFY(events.ok());
    QCOMPARE(events->size(), c.version);

    const Run r = runOn(mDemo, {u"case"_s, u"show"_s, c.number});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.err, QString());
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.first(), u"case %1 (id %2, version %3)"_s.arg(c.number).arg(c.id).arg(c.version));
    QCOMPARE(lines[1], u"  state      closed, step none due -"_s);
    QVERIFY(lines.contains(u"  grid       %1, area class %2, tier %3"_s.arg(
        c.grid.text(), areaClassName(c.areaClass), levelName(c.owningTier))));
    QVERIFY(lines.contains(u"  reported   "_s + local(c.reportedAt)));
    const qsizetype timeline = lines.indexOf(u"  timeline"_s);
    QVERIFY(timeline > 0);
    QCOMPARE(lines.size() - timeline - 1, events->size());
    for (qsizetype i = 0; i < events->size(); ++i) {
        const CaseEvent &e = events->at(i);
        const QString expected = u"    #%1 %2  %3 by %4 (%5)  %6 -> %7"_s.arg(e.seq).arg(
            local(e.at), actionName(e.action), e.actorName, roleName(e.role), stateName(e.fromState),
            stateName(e.toState));
        QVERIFY2(lines[timeline + 1 + i].startsWith(expected), qPrintable(lines[timeline + 1 + i]));
    }
    QVERIFY(lines.last().contains(u" -> closed"_s));

    const Run missing = runOn(mDemo, {u"case"_s, u"show"_s, u"19990101000001"_s});
    QCOMPARE(missing.exitCode, 1);
    QCOMPARE(missing.err, u"citygrid-admin: case 19990101000001 does not exist\n"_s);
}

void TestAdmin::reportThenAccept()
{
    QTemporaryDir dir;
    const QString store = copyOfDemo(dir);
    QVERIFY(!store.isEmpty());
    const QString number = reportOne(store, u"南京东路上有成堆垃圾"_s);
    QVERIFY(!number.isEmpty());

    const Run accept = runOn(store, {u"case"_s, u"accept"_s, number, u"--as"_s, u"hp.acceptor"_s});
    QCOMPARE(accept.exitCode, 0);
    QCOMPARE(accept.err, QString());
    QVERIFY2(accept.out.startsWith(u"case %1: accept -> accepted (version 2), step file due "_s.arg(number)),
             qPrintable(accept.out));

    const Run show = runOn(store, {u"case"_s, u"show"_s, number});
    QCOMPARE(show.exitCode, 0);
    QVERIFY2(show.out.contains(u"\n  state      accepted, step file due "_s), qPrintable(show.out));
    QVERIFY(show.out.contains(u"  text       南京东路上有成堆垃圾\n"_s));
    QVERIFY(show.out.contains(u"    #1 "_s));
    QVERIFY(show.out.contains(u"  report by 南京东路监督员 (supervisor)  none -> reported"_s));
    QVERIFY(show.out.contains(u"  accept by 黄浦区受理员 (acceptor)  reported -> accepted  on time"_s));

    auto s = SqliteStore::open(store, SqliteStore::OpenMode::MustExist);
    QVERIFY(s.ok());
    auto c = (*s)->findCaseByNumber(number);
    QVERIFY(c.ok());
    QCOMPARE(c->state, CaseState::Accepted);
    QCOMPARE(c->version, 2);
    QCOMPARE(c->grid.text(), u"310101002001003"_s);
    QCOMPARE(c->classKey.toString(), u"event/06010"_s);
    auto events = (*s)->events(c->id);
    QCOMPARE(events->size(), 2);
    QCOMPARE(events->at(1).station, u"citygrid-admin"_s);
}

void TestAdmin::refusedActions_data()
{
    QTest::addColumn<QStringList>("arguments"); // after "case"; {N}: an accepted case
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("error");

    QTest::newRow("illegal in this state")
        << QStringList{u"accept"_s, u"{N}"_s, u"--as"_s, u"hp.acceptor"_s} << 1
        << u"case {N}: 'accept' is not possible on a case in state 'accepted'"_s;
    QTest::newRow("unknown login") << QStringList{u"file"_s, u"{N}"_s, u"--as"_s, u"nobody"_s} << 2
                                   << u"user 'nobody' does not exist"_s;
    QTest::newRow("no login") << QStringList{u"file"_s, u"{N}"_s} << 2
                              << u"say who acts with --as LOGIN (see 'citygrid-admin users')"_s;
    QTest::newRow("stale version")
        << QStringList{u"file"_s, u"{N}"_s, u"--as"_s, u"hp.shift"_s, u"--version"_s, u"1"_s} << 1
        << u"case {N} was changed by someone else (you read version 1, it is now version 2 in state "
           u"'accepted'); reload it and try again"_s;
    QTest::newRow("unknown action") << QStringList{u"fly"_s, u"{N}"_s, u"--as"_s, u"hp.shift"_s} << 2
                                    << QString();
    QTest::newRow("unknown unit") << QStringList{u"dispatch"_s,      u"{N}"_s,    u"--as"_s,
                                                 u"hp.dispatcher"_s, u"--unit"_s, u"hp.nowhere"_s}
                                  << 2 << u"responsible unit 'hp.nowhere' does not exist"_s;
    QTest::newRow("unknown case") << QStringList{u"file"_s, u"19990101000001"_s, u"--as"_s, u"hp.shift"_s}
                                  << 1 << u"case 19990101000001 does not exist"_s;
}

void TestAdmin::refusedActions()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, error);
    QTemporaryDir dir;
    const QString store = copyOfDemo(dir);
    QVERIFY(!store.isEmpty());
    const QString number = reportOne(store, u"垃圾"_s);
    QVERIFY(!number.isEmpty());
    QCOMPARE(runOn(store, {u"case"_s, u"accept"_s, number, u"--as"_s, u"hp.acceptor"_s}).exitCode, 0);

    for (QString &a : arguments)
        a.replace(u"{N}"_s, number);
    arguments.prepend(u"case"_s);
    const Run r = runOn(store, arguments);
    QCOMPARE(r.exitCode, exitCode);
    QCOMPARE(r.out, QString());
    if (error.isEmpty())
        QVERIFY2(r.err.startsWith(u"citygrid-admin: "_s) && r.err.contains(u"fly"_s), qPrintable(r.err));
    else
        QCOMPARE(r.err, u"citygrid-admin: "_s + error.replace(u"{N}"_s, number) + u'\n');

    // Nothing changed.
    auto s = SqliteStore::open(store, SqliteStore::OpenMode::MustExist);
    QVERIFY(s.ok());
    auto c = (*s)->findCaseByNumber(number);
    QCOMPARE(c->state, CaseState::Accepted);
    QCOMPARE(c->version, 2);
    QCOMPARE((*s)->events(c->id)->size(), 2);
}

void TestAdmin::auditVerifyFindsAnEditedEvent()
{
    QTemporaryDir dir;
    const QString store = copyOfDemo(dir);
    QVERIFY(!store.isEmpty());
    int events = 0;
    CaseRecord c;
    CaseEvent second;
    {
        auto s = SqliteStore::open(store, SqliteStore::OpenMode::MustExist);
        QVERIFY(s.ok());
        events = (*s)->verifyAudit().eventsChecked;
        CaseQuery q;
        q.states = {CaseState::Closed};
        q.limit = 1;
        c = (*s)->casePage(q)->rows.first();
        second = (*s)->events(c.id)->at(1);
    }
    const Run ok = runOn(store, {u"audit"_s, u"verify"_s});
    QCOMPARE(ok.exitCode, 0);
    QCOMPARE(ok.out, u"audit: 200 case(s), %1 event(s) checked; the chain is intact\n"_s.arg(events));

    QCOMPARE(
        rawExec(store, {u"DROP TRIGGER case_events_no_update"_s,
                        u"UPDATE case_events SET comment = '已处理完毕' WHERE id = %1"_s.arg(second.id)}),
        QString());
    const Run tampered = runOn(store, {u"audit"_s, u"verify"_s});
    QCOMPARE(tampered.exitCode, 1);
    const QString problem =
        u"case %1: event #2 (%2 by %3 at %4) was edited: its content does not match its hash"_s.arg(c.number)
            .arg(actionName(second.action), second.actorName,
                 second.at.toOffsetFromUtc(8 * 3600).toString(u"yyyy-MM-dd HH:mm:ss"_s));
    QCOMPARE(tampered.out,
             problem + u"\naudit: 200 case(s), %1 event(s) checked; 1 problem(s)\n"_s.arg(events));

    const Run usage = runOn(store, {u"audit"_s});
    QCOMPARE(usage.exitCode, 2);
    QCOMPARE(usage.err, u"citygrid-admin: usage: citygrid-admin audit verify\n"_s);
}

void TestAdmin::exportCsvWritesEveryCase()
{
    QTemporaryDir dir;
    const QString store = copyOfDemo(dir);
    QVERIFY(!store.isEmpty());
    const QString commas = reportOne(store, u"路边垃圾, 需清运"_s);
    const QString quotes = reportOne(store, u"居民说\"太脏了\", 请尽快处理"_s);
    QVERIFY(!commas.isEmpty() && !quotes.isEmpty());

    const QString file = dir.filePath(u"cases.csv"_s);
    const Run r = runOn(store, {u"export"_s, u"csv"_s, u"--out"_s, file});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, u"wrote 202 case(s) to %1\n"_s.arg(file));

    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QStringList lines = text.split(u'\n');
    QCOMPARE(lines.takeLast(), QString()); // ends with a newline
    QCOMPARE(lines.size(), 1 + 200 + 2);
    QCOMPARE(lines.first(), u"number,state,step,step_due_at,class,class_name,grid,community,source,priority,"
                            u"key_supervision,reported_at,handling_due_at,closed_at,unit_id,extension_count,"
                            u"rework_count,urge_count,description"_s);
    QVERIFY2(text.contains(u",\"路边垃圾, 需清运\"\n"_s), qPrintable(text.left(2000)));
    QVERIFY(text.contains(u",\"居民说\"\"太脏了\"\", 请尽快处理\"\n"_s));

    auto table = CsvTable::parse(text.toUtf8(), file);
    QVERIFY2(table.ok(), qPrintable(table.errorMessage()));
    QCOMPARE(table->records().size(), 202);
    QSet<QString> numbers;
    for (const CsvRecord &rec : table->records()) {
        QCOMPARE(rec.fields.size(), 19);
        numbers.insert(rec.fields.first());
    }
    QCOMPARE(numbers.size(), 202);
    QVERIFY(numbers.contains(commas) && numbers.contains(quotes));
    const auto row = std::find_if(table->records().cbegin(), table->records().cend(),
                                  [&](const CsvRecord &rec) { return rec.fields.first() == quotes; });
    QCOMPARE(table->value(*row, u"description"_s), u"居民说\"太脏了\", 请尽快处理"_s);
    QCOMPARE(table->value(*row, u"state"_s), u"reported"_s);
    QCOMPARE(table->value(*row, u"grid"_s), u"310101002001003"_s);
    QCOMPARE(table->value(*row, u"community"_s), u"310101002001"_s);
    QCOMPARE(table->value(*row, u"class"_s), u"event/06010"_s);

    // Only one state.
    auto s = SqliteStore::open(store, SqliteStore::OpenMode::MustExist);
    QVERIFY(s.ok());
    const int dispatched = (*s)->countByState(CaseQuery{}).value().value(CaseState::Dispatched);
    const QString some = dir.filePath(u"dispatched.csv"_s);
    const Run only = runOn(store, {u"export"_s, u"csv"_s, u"--out"_s, some, u"--state"_s, u"dispatched"_s});
    QCOMPARE(only.exitCode, 0);
    QCOMPARE(only.out, u"wrote %1 case(s) to %2\n"_s.arg(dispatched).arg(some));
    auto part = CsvTable::readFile(some);
    QVERIFY2(part.ok(), qPrintable(part.errorMessage()));
    QCOMPARE(part->records().size(), dispatched);
    for (const CsvRecord &rec : part->records())
        QCOMPARE(part->value(rec, u"state"_s), u"dispatched"_s);

    const Run noOut = runOn(store, {u"export"_s, u"csv"_s});
    QCOMPARE(noOut.exitCode, 2);
    QCOMPARE(noOut.err, u"citygrid-admin: say where to write with --out FILE\n"_s);
}

void TestAdmin::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("error");

    QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << 2
                                     << u"citygrid-admin: unknown command 'frobnicate'; see --help\n"_s;
    QTest::newRow("export without csv") << QStringList{u"export"_s, u"json"_s} << 2
                                        << u"citygrid-admin: usage: citygrid-admin export csv --out FILE\n"_s;
    QTest::newRow("case without number")
        << QStringList{u"case"_s, u"accept"_s} << 2
        << u"citygrid-admin: usage: citygrid-admin case list|show|report|ACTION NUMBER ...; see --help\n"_s;
    QTest::newRow("case show without number")
        << QStringList{u"case"_s, u"show"_s} << 2
        << u"citygrid-admin: usage: citygrid-admin case show NUMBER\n"_s;
}

void TestAdmin::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, error);
    const Run r = runOn(mDemo, arguments);
    QCOMPARE(r.exitCode, exitCode);
    QCOMPARE(r.err, error);

    const Run nothing = runAdmin({u"--store"_s, mDemo});
    QCOMPARE(nothing.exitCode, 2);
    QVERIFY(nothing.out.contains(u"Commands:"_s));
}

void TestAdmin::storeThatIsNotOurs()
{
    QTemporaryDir dir;
    const QString text = dir.filePath(u"readme.txt"_s);
    {
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("这不是数据库 — not a database, just text long enough\n");
    }
    for (const QString &command : {u"users"_s, u"init"_s}) {
        const Run r = runOn(text, {command});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.out, QString());
        QCOMPARE(r.err,
                 u"citygrid-admin: %1 is not a CityGrid store: it is not an SQLite database\n"_s.arg(text));
    }

    const QString missing = dir.filePath(u"missing.sqlite"_s);
    const Run r = runOn(missing, {u"users"_s});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, u"citygrid-admin: store %1 does not exist; create it with 'citygrid-admin init'\n"_s.arg(
                        missing));
    QVERIFY(!QFile::exists(missing));
}

QTEST_GUILESS_MAIN(TestAdmin)
#include "test_admin.moc"
