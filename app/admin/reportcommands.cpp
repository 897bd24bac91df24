#include "reportcommands.h"

#include "report/monthlyreport.h"
#include "session/session.h"
#include "store/evaluationstore.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QTextStream>

#include <cstring>

using namespace Qt::Literals::StringLiterals;

namespace cg::admin {

namespace {

int fail(const QString &message, int code = 1)
{
    QTextStream(stderr) << "citygrid-admin: " << message << Qt::endl;
    return code;
}

} // namespace

std::unique_ptr<QCoreApplication> createApplication(int &argc, char **argv)
{
    bool report = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "report") == 0 && !(i > 1 && std::strcmp(argv[i - 1], "case") == 0))
            report = true;
    }
    if (!report)
        return std::make_unique<QCoreApplication>(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QGuiApplication>(argc, argv);
}

// --csv FILE is the option `eval` registers too (one option, one meaning: write the table there).
void addReportOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {u"month"_s, u"report: the month, YYYY-MM."_s, u"month"_s},
        {u"pdf"_s, u"report: write the PDF here."_s, u"file"_s},
        {u"xlsx"_s, u"report: write the Excel workbook here."_s, u"file"_s},
    });
}

QString reportUsage()
{
    return u"  report --month YYYY-MM [--pdf FILE] [--xlsx FILE] [--csv FILE] [--scope CODE]\n"
           "                                the monthly evaluation report (zh_CN): rankings with grades and\n"
           "                                change, hot spots, recurring problems, weak links, missed reports"_s;
}

bool isReportCommand(const QStringList &arguments)
{
    return !arguments.isEmpty() && arguments.first() == u"report"_s;
}

int runReportCommand(const QStringList &arguments, const QCommandLineParser &parser, const QString &storePath)
{
    if (arguments.size() != 1)
        return fail(u"usage: citygrid-admin report --month YYYY-MM --pdf|--xlsx|--csv FILE"_s, 2);
    if (!parser.isSet(u"month"_s))
        return fail(u"report: --month YYYY-MM is required"_s, 2);
    auto month = Period::parse(parser.value(u"month"_s));
    if (!month)
        return fail(u"report: "_s + month.errorMessage(), 2);
    if (month->kind() != PeriodKind::Month)
        return fail(u"report: '%1' is not a month (YYYY-MM)"_s.arg(parser.value(u"month"_s)), 2);
    const QString pdf = parser.value(u"pdf"_s), xlsx = parser.value(u"xlsx"_s), csv = parser.value(u"csv"_s);
    if (pdf.isEmpty() && xlsx.isEmpty() && csv.isEmpty())
        return fail(u"report: give at least one of --pdf, --xlsx, --csv"_s, 2);
    auto session = Session::open(storePath, SqlStore::OpenMode::MustExist);
    if (!session)
        return fail(session.errorMessage());
    SqlStore &store = (*session)->store();
    EvaluationStore evaluation(store);
    MonthlyReportOptions options;
    options.scope = parser.value(u"scope"_s);
    auto report = buildMonthlyReport(store, evaluation, *month, options, QDateTime::currentDateTimeUtc());
    if (!report)
        return fail(u"report: "_s + report.errorMessage());
    const MonthlyReportWriter writer(*report);
    QTextStream out(stdout);
    const struct
    {
        const QString &path;
        Status (MonthlyReportWriter::*write)(const QString &) const;
    } outputs[] = {{pdf, &MonthlyReportWriter::writePdf},
                   {xlsx, &MonthlyReportWriter::writeXlsx},
                   {csv, &MonthlyReportWriter::writeCsv}};
    for (const auto &o : outputs) {
        if (o.path.isEmpty())
            continue;
        if (auto s = (writer.*o.write)(o.path); !s)
            return fail(u"report: "_s + s.errorMessage());
        out << "wrote " << o.path << Qt::endl;
    }
    out << "report " << month->label() << ": " << report->cases << " cases, " << report->districts.size()
        << " districts, " << report->streets.size() << " streets, " << report->units.size() << " units"
        << Qt::endl;
    return 0;
}

} // namespace cg::admin
