// `citygrid-admin report` end to end: the built program on a small store, its three files and its errors.
#include "analysisfixture.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace cg;
using namespace cg::test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString adminProgram = QStringLiteral(CG_BINARY_DIR "/bin/citygrid-admin");

struct Run
{
    int exitCode = -1;
    QString out, err;
};

Run admin(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    p.setProcessEnvironment(env);
    p.start(adminProgram, args);
    Run r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        r.err = u"citygrid-admin did not finish"_s;
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    // Only our own lines (an offscreen QGuiApplication may warn about XDG_RUNTIME_DIR first).
    const QStringList lines = QString::fromUtf8(p.readAllStandardError()).split(u'\n');
    for (const QString &line : lines) {
        if (line.startsWith(u"citygrid-admin: "_s))
            r.err += line + u'\n';
    }
    return r;
}

} // namespace

class TestReportCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesThePdfXlsxAndCsv()
    {
        if (testsRunOnPostgres())
            QSKIP("the command is tested on SQLite");
        AnalysisCity city;
        QVERIFY(city.open());
        for (int k = 0; k < 6; ++k)
            QVERIFY(city.addCase(2, 2, AnalysisCity::at(2, 2, k * 5, 0), u"2026-10-1%1 09:00"_s.arg(k)));
        const QString store = city.dir.filePath(u"analysis.sqlite"_s);
        city.store.reset();
        const QString pdf = city.dir.filePath(u"r.pdf"_s), xlsx = city.dir.filePath(u"r.xlsx"_s),
                      csv = city.dir.filePath(u"r.csv"_s);
        const Run r = admin({u"--store"_s, store, u"report"_s, u"--month"_s, u"2026-10"_s, u"--pdf"_s, pdf,
                             u"--xlsx"_s, xlsx, u"--csv"_s, csv});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(u"wrote "_s + pdf) && r.out.contains(u"wrote "_s + xlsx) &&
                     r.out.contains(u"wrote "_s + csv),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(u"report 2026-10: 6 cases"_s), qPrintable(r.out));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readLine().startsWith("\xEF\xBB\xBF层级,排名,代码,名称,得分,等级"));
        QVERIFY(QFileInfo(xlsx).size() > 1000);
        QFile p(pdf);
        QVERIFY(p.open(QIODevice::ReadOnly));
        QVERIFY(p.read(5) == "%PDF-");
        if (!QStandardPaths::findExecutable(u"pdftotext"_s).isEmpty()) {
            QProcess t;
            t.start(u"pdftotext"_s, {pdf, u"-"_s});
            t.waitForFinished();
            const QString text = QString::fromUtf8(t.readAllStandardOutput());
            QVERIFY2(text.contains(u"上海市"_s) && text.contains(u"本月共受理有效案件 6 件"_s),
                     qPrintable(text));
        }
    }

    void refusesBadUsage()
    {
        if (testsRunOnPostgres())
            QSKIP("the command is tested on SQLite");
        AnalysisCity city;
        QVERIFY(city.open());
        const QString store = city.dir.filePath(u"analysis.sqlite"_s);
        city.store.reset();
        const QString out = city.dir.filePath(u"r.csv"_s);
        Run r = admin({u"--store"_s, store, u"report"_s, u"--csv"_s, out});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.trimmed(), u"citygrid-admin: report: --month YYYY-MM is required"_s);
        r = admin({u"--store"_s, store, u"report"_s, u"--month"_s, u"2026-W43"_s, u"--csv"_s, out});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.trimmed(), u"citygrid-admin: report: '2026-W43' is not a month (YYYY-MM)"_s);
        r = admin({u"--store"_s, store, u"report"_s, u"--month"_s, u"2026-10"_s});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.trimmed(), u"citygrid-admin: report: give at least one of --pdf, --xlsx, --csv"_s);
        r = admin({u"--store"_s, store, u"report"_s, u"--month"_s, u"2026-13"_s, u"--csv"_s, out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(u"citygrid-admin: report: "_s) && r.err.contains(u"2026-13"_s),
                 qPrintable(r.err));
        // A folder that does not exist: exit 1, the path named, nothing written.
        const QString missing = city.dir.filePath(u"no/such/r.xlsx"_s);
        r = admin({u"--store"_s, store, u"report"_s, u"--month"_s, u"2026-10"_s, u"--xlsx"_s, missing});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(missing), qPrintable(r.err));
        QVERIFY(!QFile::exists(missing));
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestReportCommand)
#include "test_reportcommand.moc"
