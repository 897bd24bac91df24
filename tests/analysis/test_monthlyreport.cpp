// The monthly evaluation report: the data gathered from a hand-made store and fixed evaluation rows, and
// the three files read back: the CSV byte for byte, the XLSX's sheets from its XML, the PDF's pages and
// text (pdftotext/pdfinfo from poppler-utils).
#include "analysisfixture.h"

#include "report/monthlyreport.h"

#include <QGuiApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <QXmlStreamReader>

using namespace cg;
using namespace cg::test;
using namespace Qt::Literals::StringLiterals;

namespace {

// Evaluation rows fixed by the test (the evaluation store has its own tests).
class FixedEvaluation : public EvaluationRepository
{
public:
    QHash<SubjectKind, QList<EvaluationRow>> rows;
    QList<EvaluationQuery> asked;

    Result<QList<EvaluationRow>> evaluate(const EvaluationQuery &query) override
    {
        asked.append(query);
        return rows.value(query.kind);
    }
    Result<QList<qint64>> casesOf(const EvaluationQuery &, const QString &, int) override
    {
        return QList<qint64>{};
    }
    Result<ScoreWeights> weights(ScoreKind kind) override { return ScoreWeights::defaults(kind); }
    Status setWeights(ScoreKind, const ScoreWeights &) override { return {}; }
    Status resetWeights(ScoreKind) override { return {}; }
    Status recomputeFacts() override { return {}; }
};

EvaluationRow row(SubjectKind kind, const QString &subject, const QString &name, double points, int rank,
                  std::optional<int> previousRank, std::optional<double> previousPoints,
                  IndicatorCounts counts)
{
    EvaluationRow r;
    r.kind = kind;
    r.subject = subject;
    r.name = name;
    r.counts = counts;
    r.score.points = points;
    r.score.grade = gradeOf(points);
    r.rank = rank;
    r.previousRank = previousRank;
    r.previousPoints = previousPoints;
    if (previousPoints)
        r.change = std::round((points - *previousPoints) * 100) / 100;
    return r;
}

IndicatorCounts counts(int due, int handled, int onTime, int closingDue, int reworked, int overdue,
                       int extended)
{
    IndicatorCounts c;
    c.handlingDue = due;
    c.handled = handled;
    c.handledOnTime = onTime;
    c.closingDue = closingDue;
    c.reworked = reworked;
    c.overdueOpen = overdue;
    c.extended = extended;
    return c;
}

// Cells of one sheet of an XLSX as text ("A1" → value), shared strings resolved.
QHash<QString, QString> readSheet(const QString &xlsx, int sheet)
{
    auto unzip = [&](const QString &member) {
        QProcess p;
        p.start(u"unzip"_s, {u"-p"_s, xlsx, member});
        p.waitForFinished();
        return p.readAllStandardOutput();
    };
    QStringList shared;
    QXmlStreamReader s(unzip(u"xl/sharedStrings.xml"_s));
    while (!s.atEnd()) {
        if (s.readNext() == QXmlStreamReader::StartElement && s.name() == u"si"_s) {
            QString text;
            while (!(s.readNext() == QXmlStreamReader::EndElement && s.name() == u"si"_s) && !s.atEnd()) {
                if (s.isCharacters())
                    text += s.text();
            }
            shared.append(text);
        }
    }
    QHash<QString, QString> cells;
    QXmlStreamReader x(unzip(u"xl/worksheets/sheet%1.xml"_s.arg(sheet)));
    QString ref, type;
    while (!x.atEnd()) {
        x.readNext();
        if (x.isStartElement() && x.name() == u"c"_s) {
            ref = x.attributes().value(u"r"_s).toString();
            type = x.attributes().value(u"t"_s).toString();
        } else if (x.isStartElement() && x.name() == u"v"_s) {
            const QString v = x.readElementText();
            cells.insert(ref, type == u"s"_s ? shared.value(v.toInt()) : v);
        }
    }
    return cells;
}

QString run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

class TestMonthlyReport : public QObject
{
    Q_OBJECT
private:
    AnalysisCity mCity;
    FixedEvaluation mEvaluation;
    MonthlyReport mReport;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(mCity.open());
        // October 2026: a hot centre grid, a recurring problem, a missed report.
        for (int k = 0; k < 12; ++k)
            QVERIFY(mCity.addCase(2, 2, AnalysisCity::at(2, 2, k * 3, 0),
                                  u"2026-10-%1 09:15"_s.arg(5 + k % 3, 2, 10, QLatin1Char('0'))));
        for (int row = 1; row <= 3; ++row) {
            for (int column = 1; column <= 3; ++column) {
                if (row != 2 || column != 2)
                    QVERIFY(mCity.addCase(column, row, AnalysisCity::at(column, row, 20, 20),
                                          u"2026-10-20 14:40"_s,
                                          u"event/07001"_s)); // 100 m apart: beyond 07's 50 m
            }
        }
        QVERIFY(mCity.addCase(0, 0, AnalysisCity::at(0, 0), u"2026-10-21 10:00"_s, u"event/08001"_s,
                              CaseSource::Hotline12345, CaseState::Dispatched));
        mEvaluation.rows[SubjectKind::District] = {row(SubjectKind::District, u"310101"_s, u"黄浦区"_s, 82.5,
                                                       1, 2, 80.0, counts(10, 8, 6, 5, 1, 2, 0)),
                                                   row(SubjectKind::District, u"310104"_s, u"徐汇区"_s, 71.25,
                                                       2, 1, 75.0, counts(4, 3, 3, 2, 0, 1, 1))};
        mEvaluation.rows[SubjectKind::Street] = {row(SubjectKind::Street, u"310101002"_s, u"南京东路街道"_s,
                                                     90, 1, std::nullopt, std::nullopt,
                                                     counts(10, 10, 9, 5, 0, 0, 0)),
                                                 row(SubjectKind::Street, u"310104003"_s, u"天平路街道"_s, 55,
                                                     2, 1, 60.0, counts(4, 2, 1, 2, 1, 2, 0))};
        mEvaluation.rows[SubjectKind::ResponsibleUnit] = {
            row(SubjectKind::ResponsibleUnit, u"hp.roads"_s, u"黄浦区道路养护所"_s, 95, 1, 1, 95.0,
                counts(5, 5, 5, 2, 0, 0, 1)),
            row(SubjectKind::ResponsibleUnit, u"hp.sanitation"_s, u"黄浦区环卫所, 一队"_s, 78, 2, 2, 70.0,
                counts(10, 8, 6, 5, 1, 2, 0))};
        MonthlyReportOptions options;
        options.minRecurrence = 3;
        auto built = buildMonthlyReport(*mCity.store, mEvaluation, Period::month(2026, 10), options,
                                        beijingTime(u"2026-11-01 08:00"_s));
        QVERIFY2(built, qPrintable(built.errorMessage()));
        mReport = *built;
    }

    void gathersTheMonth()
    {
        QCOMPARE(mEvaluation.asked.size(), 3);
        QCOMPARE(mEvaluation.asked[0].period, Period::month(2026, 10));
        QCOMPARE(mEvaluation.asked[0].kind, SubjectKind::District);
        QCOMPARE(mReport.scopeName, u"上海市"_s);
        QCOMPARE(mReport.cases, 21);
        QCOMPARE(mReport.total, counts(14, 11, 9, 7, 1, 3, 1)); // the two districts
        QCOMPARE(mReport.hours.at(0, 9), 4);                    // Monday 2026-10-05 09:15
        QCOMPARE(mReport.hours.at(1, 14), 8);                   // Tuesday 2026-10-20 14:40
        QCOMPARE(mReport.hotSpots.size(),
                 1 + mReport.hotSpots95 + mReport.hotSpots90 - 0 + mReport.hotSpots99 - 1);
        QCOMPARE(mReport.hotSpots.first().grid, AnalysisCity::gridCode(2, 2).toLongLong());
        // n = 26 (the far grid too), 21 cases: (20 − 9 · 21/26) / (S · √((26 · 9 − 81) / 25)) = 2.25.
        QCOMPARE(mReport.hotSpots.first().hotSpot, HotSpotClass::HotSpot95);
        QCOMPARE(QString::number(mReport.hotSpots.first().z, 'f', 2), u"2.25"_s);
        QCOMPARE(mReport.hotSpots.first().area, u"南京东路街道 · 贵州居委会"_s);
        QCOMPARE(mReport.recurrenceClusters, 1);
        QCOMPARE(mReport.recurrences.first().cases, 12);
        QCOMPARE(mReport.recurrences.first().className, u"暴露垃圾"_s);
        QCOMPARE(mReport.weakStreets.first().row.subject, u"310104003"_s);
        QCOMPARE(mReport.weakUnits.first().row.subject, u"hp.sanitation"_s);
        QCOMPARE(mReport.weakUnits.first().causes.first().indicator, Indicator::OnTimeHandlingRate);
        QCOMPARE(mReport.misses.size(), 1);
        QCOMPARE(mReport.misses.first().login, u"sup1"_s);
        QCOMPARE(mReport.misses.first().missed, 1);
    }

    void csvIsTheRankingTable()
    {
        const QByteArray expected =
            "\xEF\xBB\xBF"
            "层级,排名,代码,名称,得分,等级,上月名次,上月得分,得分变化,名次变化,应处置,已处置,按期处置,应结案,"
            "返工,"
            "超期未结,延期\r\n"
            "区,1,310101,黄浦区,82.50,B,2,80.00,+2.50,+1,10,8,6,5,1,2,0\r\n"
            "区,2,310104,徐汇区,71.25,C,1,75.00,-3.75,-1,4,3,3,2,0,1,1\r\n"
            "街道,1,310101002,南京东路街道,90.00,A,,,,,10,10,9,5,0,0,0\r\n"
            "街道,2,310104003,天平路街道,55.00,D,1,60.00,-5.00,-1,4,2,1,2,1,2,0\r\n"
            "处置部门,1,hp.roads,黄浦区道路养护所,95.00,A,1,95.00,0.00,0,5,5,5,2,0,0,1\r\n"
            "处置部门,2,hp.sanitation,\"黄浦区环卫所, 一队\",78.00,B,2,70.00,+8.00,0,10,8,6,5,1,2,0\r\n";
        const MonthlyReportWriter writer(mReport);
        if (writer.csv() != expected) {
            QFile out(QDir::temp().filePath(u"cg-report-actual.csv"_s));
            if (out.open(QIODevice::WriteOnly))
                out.write(writer.csv());
        }
        QCOMPARE(QString::fromUtf8(writer.csv()), QString::fromUtf8(expected));
        QTemporaryDir dir;
        const QString path = dir.filePath(u"report.csv"_s);
        QVERIFY(writer.writeCsv(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), expected);
        QCOMPARE(writer.writeCsv(dir.filePath(u"missing/report.csv"_s)).errorCode(), ErrorCode::Io);
    }

    void xlsxSheetsReadBack()
    {
        if (QStandardPaths::findExecutable(u"unzip"_s).isEmpty())
            QSKIP("unzip is not installed");
        QTemporaryDir dir;
        const QString path = dir.filePath(u"report.xlsx"_s);
        QVERIFY(MonthlyReportWriter(mReport).writeXlsx(path));
        QVERIFY(!QFile::exists(path + u".part"_s));
        const QString workbook = run(u"unzip"_s, {u"-p"_s, path, u"xl/workbook.xml"_s});
        int at = 0;
        for (const QString &name : {u"摘要"_s, u"区排名"_s, u"街道排名"_s, u"处置部门排名"_s, u"热点网格"_s,
                                    u"重复问题"_s, u"薄弱环节"_s, u"漏报"_s, u"时段分布"_s}) {
            const int found = int(workbook.indexOf(u"name=\""_s + name + u'"', at));
            QVERIFY2(found > at, qPrintable(name));
            at = found;
        }
        const auto summary = readSheet(path, 1);
        QCOMPARE(summary.value(u"A1"_s), u"上海市城市网格化管理月度考核评价报告"_s);
        QCOMPARE(summary.value(u"B2"_s), u"2026-10"_s);
        QCOMPARE(summary.value(u"A5"_s), u"案件数"_s);
        QCOMPARE(summary.value(u"B5"_s), u"21"_s);
        const auto districts = readSheet(path, 2);
        QCOMPARE(districts.value(u"D1"_s), u"名称"_s);
        QCOMPARE(districts.value(u"D2"_s), u"黄浦区"_s);
        QCOMPARE(districts.value(u"E2"_s), u"82.5"_s);
        QCOMPARE(districts.value(u"F3"_s), u"C"_s);
        QCOMPARE(districts.value(u"I3"_s), u"-3.75"_s);
        const auto units = readSheet(path, 4);
        QCOMPARE(units.value(u"D3"_s), u"黄浦区环卫所, 一队"_s);
        const auto hot = readSheet(path, 5);
        QCOMPARE(hot.value(u"A2"_s), AnalysisCity::gridCode(2, 2));
        QCOMPARE(hot.value(u"C2"_s), u"12"_s);
        QCOMPARE(hot.value(u"F2"_s), u"热点 (95%)"_s);
        const auto weak = readSheet(path, 7);
        QCOMPARE(weak.value(u"C2"_s), u"天平路街道"_s);
        QVERIFY2(weak.value(u"F2"_s).startsWith(
                     u"处置率 50.0%（失 15.00 分）；按期处置率 25.0%（失 15.00 分）；"_s),
                 qPrintable(weak.value(u"F2"_s)));
        const auto hours = readSheet(path, 9);
        QCOMPARE(hours.value(u"A2"_s), u"周一"_s);
        QCOMPARE(hours.value(u"K2"_s), u"4"_s); // Monday 09:00
        QCOMPARE(hours.value(u"P3"_s), u"8"_s); // Tuesday 14:00
    }

    void pdfPagesAndText()
    {
        if (QStandardPaths::findExecutable(u"pdftotext"_s).isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        QTemporaryDir dir;
        const QString path = dir.filePath(u"report.pdf"_s);
        QVERIFY(MonthlyReportWriter(mReport).writePdf(path));
        // Pages for a look (CG_KEEP_REPORT=folder keeps the PDF there).
        if (const QString keep = qEnvironmentVariable("CG_KEEP_REPORT"); !keep.isEmpty())
            QFile::copy(path, keep + u"/report.pdf"_s);
        const QString info = run(u"pdfinfo"_s, {path});
        const QRegularExpressionMatch pages = QRegularExpression(u"Pages:\\s+(\\d+)"_s).match(info);
        QVERIFY2(pages.hasMatch(), qPrintable(info));
        const int pageCount = pages.captured(1).toInt();
        QVERIFY2(pageCount >= 3 && pageCount <= 8, qPrintable(info));
        // The title page holds the title and nothing of the sections.
        const QString first = run(u"pdftotext"_s, {u"-f"_s, u"1"_s, u"-l"_s, u"1"_s, path, u"-"_s});
        QVERIFY2(first.contains(u"城市网格化管理月度考核评价报告"_s), qPrintable(first));
        QVERIFY(first.contains(u"2026年10月"_s));
        QVERIFY(first.contains(u"考核期：2026-10-01 至 2026-10-31"_s));
        QVERIFY(!first.contains(u"一、总体情况"_s));
        const QString text = run(u"pdftotext"_s, {path, u"-"_s});
        int at = 0;
        for (const QString &title : MonthlyReportWriter::sectionTitles()) {
            const int found = int(text.indexOf(title, at));
            QVERIFY2(found > at, qPrintable(title));
            at = found;
        }
        for (const QString &expected : {u"本月共受理有效案件 21 件"_s, u"黄浦区"_s, u"天平路街道"_s,
                                        u"82.50"_s, u"-3.75"_s, u"暴露垃圾"_s, u"热点 (95%)"_s, u"张一"_s})
            QVERIFY2(text.contains(expected), qPrintable(expected));
    }
};

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv); // fonts for the PDF
    TestMonthlyReport test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_monthlyreport.moc"
