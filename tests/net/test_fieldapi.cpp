// The field-terminal API for supervisors' phones (token login, tasks, reports with photos, self-disposal,
// verify/check results, GPS tracks; every submission stored once per client id) and the mobile page in
// headless Chromium.

#include "gatewayfixture.h"

#include <QDir>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace cg;
using namespace cg::test;
using namespace Qt::Literals::StringLiterals;

namespace {

struct Part
{
    Part(QByteArray n, QByteArray v, QByteArray file = {}, QByteArray t = "image/jpeg")
        : name(std::move(n))
        , value(std::move(v))
        , fileName(std::move(file))
        , type(std::move(t))
    {}
    QByteArray name;
    QByteArray value;
    QByteArray fileName; // empty for a plain field
    QByteArray type;
};

QByteArray boundary()
{
    return "----cgfield7MA4YWxkTrZu0gW";
}

QByteArray multipart(const QList<Part> &parts)
{
    QByteArray body;
    for (const Part &p : parts) {
        body += "--" + boundary() + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
        if (!p.fileName.isEmpty())
            body += "; filename=\"" + p.fileName + "\"\r\nContent-Type: " + p.type;
        body += "\r\n\r\n" + p.value + "\r\n";
    }
    return body + "--" + boundary() + "--\r\n";
}

// Width and height from a PNG's IHDR chunk; (0, 0) when the file is not a PNG.
QSize pngSize(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray head = file.read(24);
    if (head.size() < 24 || !head.startsWith("\x89PNG\r\n\x1a\n"))
        return {};
    const auto be32 = [&](int at) {
        return int((uchar(head[at]) << 24) | (uchar(head[at + 1]) << 16) | (uchar(head[at + 2]) << 8) |
                   uchar(head[at + 3]));
    };
    return QSize(be32(16), be32(20));
}

QByteArray jpeg(char seed)
{
    return QByteArray("\xff\xd8\xff\xe0", 4) + QByteArray(64, seed) + QByteArray("\xff\xd9", 2);
}

} // namespace

class TestFieldApi : public QObject
{
    Q_OBJECT

    std::unique_ptr<GatewayFixture> f;
    QByteArray token;

    HttpResult post(const QString &path, const QList<Part> &parts, const QByteArray &bearer = {})
    {
        return f->http.send("POST", f->url(path), multipart(parts),
                            "multipart/form-data; boundary=" + boundary(),
                            {{"Authorization", "Bearer " + (bearer.isEmpty() ? token : bearer)}});
    }

    HttpResult getAuthorised(const QString &path)
    {
        return f->get(path, {{"Authorization", "Bearer " + token}});
    }

    CaseRecord verifyTask()
    {
        CaseRecord c = f->world.report(u"acceptor"_s).value();
        return f->world.act(u"acceptor"_s, c, Action::SendToVerify).value();
    }

private Q_SLOTS:
    void init()
    {
        f = std::make_unique<GatewayFixture>();
        QVERIFY(f->open());
        const HttpResult login =
            f->postJson(u"/field/v1/login"_s, "{\"login\":\"sup\",\"password\":\"field-pass\"}");
        QCOMPARE(login.status, 200);
        token = login.object().value(u"token"_s).toString().toLatin1();
        QVERIFY(token.size() >= 40);
    }

    void cleanup() { f.reset(); }

    void loginRefusals_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("wrong password") << QByteArray("{\"login\":\"sup\",\"password\":\"nope\"}") << 401;
        QTest::newRow("unknown account")
            << QByteArray("{\"login\":\"ghost\",\"password\":\"field-pass\"}") << 401;
        QTest::newRow("not a supervisor")
            << QByteArray("{\"login\":\"acceptor\",\"password\":\"field-pass\"}") << 403;
        QTest::newRow("not json") << QByteArray("login=sup") << 400;
    }

    void loginRefusals()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QCOMPARE(f->postJson(u"/field/v1/login"_s, body).status, status);
    }

    void tokensAreRequired()
    {
        QCOMPARE(f->get(u"/field/v1/tasks"_s).status, 401);
        QCOMPARE(f->get(u"/field/v1/tasks"_s, {{"Authorization", "Bearer forged"}}).status, 401);
        QCOMPARE(getAuthorised(u"/field/v1/tasks"_s).status, 200);
        // Tokens expire.
        f->clock->advanceSecs(13 * 3600);
        QCOMPARE(getAuthorised(u"/field/v1/tasks"_s).status, 401);
    }

    void myTasksAreVerifyAndCheck()
    {
        const CaseRecord verify = verifyTask();
        CaseRecord check = f->world.report(u"acceptor"_s).value();
        for (auto [login, action] :
             {std::pair{u"acceptor"_s, Action::Accept}, std::pair{u"shift"_s, Action::File},
              std::pair{u"dispatcher"_s, Action::Dispatch},
              std::pair{u"unit.sanitation"_s, Action::ReportHandled},
              std::pair{u"acceptor"_s, Action::SendToCheck}})
            check = f->world.act(login, check, action).value();
        const HttpResult r = getAuthorised(u"/field/v1/tasks"_s);
        QCOMPARE(r.status, 200);
        const QJsonArray tasks = r.object().value(u"tasks"_s).toArray();
        QCOMPARE(tasks.size(), 2);
        QHash<QString, QString> kinds;
        for (const QJsonValue &t : tasks)
            kinds.insert(t.toObject().value(u"caseNumber"_s).toString(),
                         t.toObject().value(u"kind"_s).toString());
        QCOMPARE(kinds.value(verify.number), u"verify"_s);
        QCOMPARE(kinds.value(check.number), u"check"_s);
    }

    void reportWithPhotosIsStoredOnce()
    {
        const QList<Part> parts{{"clientId", "phone-7f3a-0001"},
                                {"class", "event/06010"},
                                {"lon", "121.4705"},
                                {"lat", "31.2304"},
                                {"description", "人行道上有成堆垃圾"},
                                {"photo", jpeg('a'), "a.jpg"},
                                {"photo", jpeg('b'), "b.jpg"}};
        const int before = count(f->world, u"SELECT count(*) FROM cases"_s);
        const HttpResult first = post(u"/field/v1/reports"_s, parts);
        QCOMPARE(first.status, 201);
        QCOMPARE(first.object().value(u"state"_s).toString(), u"reported"_s);
        QCOMPARE(first.object().value(u"grid"_s).toString(), u"310101002001001"_s);
        // The phone lost its signal before the answer and sends the same upload again.
        const HttpResult again = post(u"/field/v1/reports"_s, parts);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.object().value(u"caseId"_s), first.object().value(u"caseId"_s));
        QCOMPARE(again.object().value(u"retried"_s).toBool(), true);
        QCOMPARE(count(f->world, u"SELECT count(*) FROM cases"_s), before + 1);
        const qint64 id = qint64(first.object().value(u"caseId"_s).toDouble());
        const QList<CaseEvent> events = f->world.store().events(id).value();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().details.value(u"attachments"_s).toArray().size(), 2);
        QCOMPARE(events.first().actorName, u"sup"_s);
        QCOMPARE(events.first().station, u"field:sup"_s);
        const QString hash = events.first().details.value(u"attachments"_s).toArray().first().toString();
        QCOMPARE(f->world.store().attachmentContent(hash).value(), jpeg('a'));
    }

    void gcj02ReportsAreConverted()
    {
        const HttpResult r = post(u"/field/v1/reports"_s, {{"clientId", "phone-7f3a-0002"},
                                                           {"class", "event/06010"},
                                                           {"lon", "121.4749626"},
                                                           {"lat", "31.2284566"},
                                                           {"crs", "GCJ02"},
                                                           {"description", "垃圾"}});
        QVERIFY2(r.status == 201 || r.status == 422, r.body.constData());
        // The GCJ-02 value above is wgs84ToGcj02(121.4705, 31.2304) rounded; it must land in the first grid.
        QCOMPARE(r.status, 201);
        QCOMPARE(r.object().value(u"grid"_s).toString(), u"310101002001001"_s);
    }

    void selfDisposalNeedsBeforeAndAfter()
    {
        QList<Part> parts{{"clientId", "phone-7f3a-0003"},
                          {"class", "event/06010"},
                          {"lon", "121.4705"},
                          {"lat", "31.2304"},
                          {"selfDispose", "true"},
                          {"description", "散落垃圾已捡拾"},
                          {"before", jpeg('1'), "before.jpg"}};
        QCOMPARE(post(u"/field/v1/reports"_s, parts).status, 400);
        parts.append({"after", jpeg('2'), "after.jpg"});
        const HttpResult r = post(u"/field/v1/reports"_s, parts);
        QCOMPARE(r.status, 201);
        QCOMPARE(r.object().value(u"state"_s).toString(), u"self_disposed"_s);
    }

    void verifyResultWithPhotoIsAppliedOnce()
    {
        const CaseRecord task = verifyTask();
        const QList<Part> parts{{"clientId", "phone-7f3a-0004"},
                                {"version", QByteArray::number(task.version)},
                                {"result", "confirmed"},
                                {"comment", "现场属实"},
                                {"photo", jpeg('v'), "site.jpg"}};
        const QString path = u"/field/v1/tasks/%1/result"_s.arg(task.id);
        const HttpResult r = post(path, parts);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(u"state"_s).toString(), u"reported"_s);
        QCOMPARE(r.object().value(u"retried"_s).toBool(), false);
        const HttpResult again = post(path, parts);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.object().value(u"retried"_s).toBool(), true);
        const QList<CaseEvent> events = f->world.store().events(task.id).value();
        QCOMPARE(events.last().action, Action::VerifyConfirmed);
        QCOMPARE(events.size(), 3); // report, send to verify, verify: once
        QVERIFY(f->world.store().findCase(task.id).value().verifiedConfirmed);
        // A result for a version that moved on is a conflict, not a second action.
        const HttpResult stale = post(path, {{"clientId", "phone-7f3a-0005"},
                                             {"version", QByteArray::number(task.version)},
                                             {"result", "not_found"}});
        QCOMPARE(stale.status, 409);
    }

    void gpsTrackIsStoredOnce()
    {
        const QByteArray track =
            "{\"clientId\":\"track-2026-11-23-0900\",\"points\":["
            "{\"t\":\"2026-11-23T09:00:00+08:00\",\"lon\":121.4705,\"lat\":31.2304,\"accuracy\":5},"
            "{\"t\":\"2026-11-23T09:00:30+08:00\",\"lon\":121.4710,\"lat\":31.2305},"
            "{\"t\":\"2026-11-23T09:01:00+08:00\",\"lon\":121.4760,\"lat\":31.2285,\"crs\":\"GCJ02\"}]}";
        const QList<std::pair<QByteArray, QByteArray>> auth{{"Authorization", "Bearer " + token}};
        QCOMPARE(f->http.send("POST", f->url(u"/field/v1/tracks"_s), track, "application/json", auth).status,
                 201);
        const HttpResult again =
            f->http.send("POST", f->url(u"/field/v1/tracks"_s), track, "application/json", auth);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.object().value(u"retried"_s).toBool(), true);
        QCOMPARE(count(f->world, u"SELECT sum(point_count) FROM net_gps_tracks WHERE login = 'sup'"_s), 3);
        QCOMPARE(f->http
                     .send("POST", f->url(u"/field/v1/tracks"_s),
                           "{\"clientId\":\"track-x-0001\",\"points\":[{}]}", "application/json", auth)
                     .status,
                 400);
    }

    void badSubmissionsWriteNothing_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        const QByteArray mp = "multipart/form-data; boundary=" + boundary();
        QTest::newRow("no boundary") << QByteArray("multipart/form-data") << multipart({{"clientId", "x"}})
                                     << 400;
        QTest::newRow("not multipart") << QByteArray("application/json") << QByteArray("{}") << 400;
        QTest::newRow("unterminated") << mp
                                      << QByteArray("--" + boundary() +
                                                    "\r\nContent-Disposition: form-data; "
                                                    "name=\"a\"\r\n\r\nxx")
                                      << 400;
        QTest::newRow("no client id")
            << mp << multipart({{"class", "event/06010"}, {"lon", "121.4705"}, {"lat", "31.2304"}}) << 400;
        QTest::newRow("short client id")
            << mp << multipart({{"clientId", "1"}, {"class", "event/06010"}}) << 400;
        QTest::newRow("pdf as photo") << mp
                                      << multipart({{"clientId", "phone-bad-0001"},
                                                    {"class", "event/06010"},
                                                    {"lon", "121.4705"},
                                                    {"lat", "31.2304"},
                                                    {"photo", "%PDF-1.4", "x.pdf", "application/pdf"}})
                                      << 415;
        QTest::newRow("unknown class") << mp
                                       << multipart({{"clientId", "phone-bad-0002"},
                                                     {"class", "event/99999"},
                                                     {"lon", "121.4705"},
                                                     {"lat", "31.2304"},
                                                     {"description", "x"}})
                                       << 422;
        QTest::newRow("out of area") << mp
                                     << multipart({{"clientId", "phone-bad-0003"},
                                                   {"class", "event/06010"},
                                                   {"lon", "0"},
                                                   {"lat", "0"},
                                                   {"description", "x"}})
                                     << 422;
    }

    void badSubmissionsWriteNothing()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        const int before = count(f->world, u"SELECT count(*) FROM cases"_s);
        const HttpResult r = f->http.send("POST", f->url(u"/field/v1/reports"_s), body, contentType,
                                          {{"Authorization", "Bearer " + token}});
        QCOMPARE(r.status, status);
        QVERIFY(!r.object().value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
        QCOMPARE(count(f->world, u"SELECT count(*) FROM cases"_s), before);
    }

    void thePageIsServed()
    {
        const HttpResult r = f->get(u"/field/"_s);
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value("content-type").startsWith("text/html"));
        QVERIFY(QString::fromUtf8(r.body).contains(u"移动办理"_s));
        QVERIFY(r.body.contains("/field/v1"));
    }

    // The page in headless Chromium: it logs in with the token, loads the tasks from the API and renders
    // them.
    void thePageShowsMyTasksInChromium()
    {
        const QString chromium = QStandardPaths::findExecutable(u"chromium"_s);
        if (chromium.isEmpty())
            QSKIP("chromium is not installed (apt-get install chromium)");
        const CaseRecord task = verifyTask();
        QTemporaryDir profile;
        const QString shots = QStringLiteral(CG_BINARY_DIR) + u"/tests"_s;
        const auto run = [&](const QStringList &extra, const QString &fragment) {
            QProcess p;
            QStringList args{u"--headless"_s,
                             u"--no-sandbox"_s,
                             u"--disable-gpu"_s,
                             u"--disable-quic"_s,
                             u"--no-first-run"_s,
                             u"--disable-background-networking"_s,
                             u"--disable-component-update"_s,
                             u"--disable-sync"_s,
                             u"--hide-scrollbars"_s,
                             u"--user-data-dir="_s + profile.path(),
                             u"--virtual-time-budget=8000"_s,
                             u"--window-size=412,915"_s};
            args += extra;
            args.append(f->url(u"/field/#token="_s + QString::fromLatin1(token) + fragment).toString());
            p.start(chromium, args);
            QSignalSpy finished(&p, &QProcess::finished); // the gateway answers while Chromium runs
            if (p.state() != QProcess::NotRunning && !finished.wait(90000))
                p.kill();
            return p.readAllStandardOutput();
        };
        const QByteArray dom = run({u"--dump-dom"_s}, QString());
        QVERIFY2(dom.contains(task.number.toUtf8()), dom.right(2000).constData());
        QVERIFY(dom.contains(QByteArray("data-case=\"" + task.number.toUtf8() + "\"")));
        QVERIFY(QString::fromUtf8(dom).contains(u"核实 Verify"_s));

        const QString tasksShot = shots + u"/field-page-tasks.png"_s;
        QFile::remove(tasksShot);
        run({u"--screenshot="_s + tasksShot}, QString());
        QCOMPARE(pngSize(tasksShot), QSize(412, 915));
        const QString reportShot = shots + u"/field-page-report.png"_s;
        QFile::remove(reportShot);
        run({u"--screenshot="_s + reportShot}, u"&tab=report"_s);
        QCOMPARE(pngSize(reportShot), QSize(412, 915));
        qInfo("screenshots: %s %s", qPrintable(tasksShot), qPrintable(reportShot));
    }
};

QTEST_GUILESS_MAIN(TestFieldApi)
#include "test_fieldapi.moc"
