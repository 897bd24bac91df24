#pragma once

#include "analysis/hourofweek.h"
#include "analysis/missdetection.h"
#include "analysis/recurrence.h"
#include "analysis/weaklinks.h"
#include "core/evaluationquery.h"
#include "core/hotspot.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace cg {

class SqlStore;

// The monthly evaluation report (月度考核评价报告, zh_CN): summary counters, rankings of districts, streets
// and responsible units with grades and the change against the previous month, Gi* hot spots, recurring
// problems, weak links with their causes, missed reports per supervisor and the hour-of-week profile.
// buildMonthlyReport() gathers the data (store thread); MonthlyReportWriter turns it into PDF, XLSX or CSV
// (any thread; the PDF needs a QGuiApplication for its fonts).

struct ReportHotSpot
{
    qint64 grid = 0;
    QString area; // street · community
    int cases = 0;
    double z = 0;
    double p = 1;
    HotSpotClass hotSpot = HotSpotClass::NotSignificant;
};

struct ReportRecurrence
{
    QString classKey; // "event/06010"
    QString className;
    int cases = 0;
    qint64 grid = 0;
    QString area;
    QDateTime first;
    QDateTime last;
};

struct MonthlyReport
{
    Period period;
    QString scope;     // jurisdiction code, empty for the whole city
    QString scopeName; // e.g. 上海市
    QDateTime generatedAt;

    int cases = 0; // valid cases reported in the month
    IndicatorCounts total;
    Score score; // the area score over every case of the scope
    QList<EvaluationRow> districts, streets, units;

    int hotSpots99 = 0, hotSpots95 = 0, hotSpots90 = 0, coldSpots = 0;
    QList<ReportHotSpot> hotSpots; // the strongest, by z
    int recurrenceClusters = 0;
    int recurrenceCases = 0;
    QList<ReportRecurrence> recurrences; // the largest
    QList<WeakLink> weakUnits;
    QList<WeakLink> weakStreets;
    QList<SupervisorMisses> misses; // supervisors with missed reports, most first
    HourOfWeekMatrix hours;
};

struct MonthlyReportOptions
{
    QString scope; // a district or street code; empty: the whole city
    int topHotSpots = 10;
    int topRecurrences = 10;
    int weakLinks = 5;
    int topMisses = 10;
    int minRecurrence = 3;
    double hotSpotNeighbourMetres = 150;
    RecurrenceRules rules = RecurrenceRules::defaults();
};

Result<MonthlyReport> buildMonthlyReport(SqlStore &store, EvaluationRepository &evaluation,
                                         const Period &month, const MonthlyReportOptions &options,
                                         const QDateTime &now);

class MonthlyReportWriter
{
public:
    explicit MonthlyReportWriter(const MonthlyReport &report);

    // The rankings as one table (UTF-8 with a byte order mark, so that spreadsheets read the Chinese):
    // 层级,排名,代码,名称,得分,等级,上月得分,得分变化,名次变化, and the counts behind the score.
    QByteArray csv() const;
    Status writeCsv(const QString &path) const;
    // Sheets 摘要, 区排名, 街道排名, 处置部门排名, 热点网格, 重复问题, 薄弱环节, 漏报, 时段分布.
    Status writeXlsx(const QString &path) const;
    // A4 portrait: title page, then the sections with tables and bar charts.
    Status writePdf(const QString &path) const;
    // The body the PDF prints (HTML of QTextDocument), for tests and previews.
    QString html() const;
    // Section titles in order.
    static QStringList sectionTitles();

private:
    const MonthlyReport &mReport;
};

} // namespace cg
