#include "report/monthlyreport.h"

#include "analysis/analysisqueries.h"
#include "analysis/hotspots.h"
#include "core/catalogue.h"
#include "store/sqlstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFont>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QTimeZone>
#include <QUrl>

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

// Translation context of the report; the source texts are the zh_CN report's own words.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cg::MonthlyReport)
};

const QString fontFamily = u"WenQuanYi Micro Hei"_s;

QString beijing(const QDateTime &t, const QString &format = u"yyyy-MM-dd HH:mm"_s)
{
    return t.isValid() ? t.toOffsetFromUtc(8 * 3600).toString(format) : QString();
}

QString points(const std::optional<double> &p)
{
    return p ? QString::number(*p, 'f', 2) : QString();
}

QString signedNumber(double v, int decimals)
{
    const QString n = QString::number(std::abs(v), 'f', decimals);
    if (std::abs(v) < 0.5 * std::pow(10.0, -decimals))
        return QString::number(0.0, 'f', decimals);
    return (v > 0 ? u"+"_s : u"-"_s) + n;
}

QString change(const std::optional<double> &c)
{
    return c ? signedNumber(*c, 2) : QString();
}

QString rankChange(const std::optional<int> &c)
{
    return c ? (*c > 0 ? u"+"_s + QString::number(*c) : QString::number(*c)) : QString();
}

QString grade(const Score &s)
{
    return s.grade.isNull() ? QString() : QString(s.grade);
}

QString percent(const std::optional<double> &r)
{
    return r ? QString::number(*r * 100, 'f', 1) + u'%' : u"—"_s;
}

QString hotSpotLabel(HotSpotClass c)
{
    switch (c) {
    case HotSpotClass::HotSpot99:
        return Tr::tr("热点 (99%)");
    case HotSpotClass::HotSpot95:
        return Tr::tr("热点 (95%)");
    case HotSpotClass::HotSpot90:
        return Tr::tr("热点 (90%)");
    case HotSpotClass::ColdSpot99:
        return Tr::tr("冷点 (99%)");
    case HotSpotClass::ColdSpot95:
        return Tr::tr("冷点 (95%)");
    case HotSpotClass::ColdSpot90:
        return Tr::tr("冷点 (90%)");
    case HotSpotClass::NotSignificant:
        break;
    }
    return Tr::tr("不显著");
}

// Indicator names as the report prints them.
QString indicatorText(Indicator i)
{
    switch (i) {
    case Indicator::EffectiveReportRate:
        return Tr::tr("有效上报率");
    case Indicator::MissRate:
        return Tr::tr("漏报率");
    case Indicator::OnTimeVerifyRate:
        return Tr::tr("按时核实率");
    case Indicator::OnTimeCheckRate:
        return Tr::tr("按时核查率");
    case Indicator::OnTimeAcceptRate:
        return Tr::tr("按时受理率");
    case Indicator::OnTimeFilingRate:
        return Tr::tr("按时立案率");
    case Indicator::AccurateFilingRate:
        return Tr::tr("准确立案率");
    case Indicator::OnTimeDispatchRate:
        return Tr::tr("按时派遣率");
    case Indicator::AccurateDispatchRate:
        return Tr::tr("准确派遣率");
    case Indicator::HandlingRate:
        return Tr::tr("处置率");
    case Indicator::OnTimeHandlingRate:
        return Tr::tr("按期处置率");
    case Indicator::ClosingRate:
        return Tr::tr("结案率");
    case Indicator::OnTimeClosingRate:
        return Tr::tr("按期结案率");
    case Indicator::ReworkRate:
        return Tr::tr("返工率");
    case Indicator::OverdueOpenRate:
        return Tr::tr("超期未结率");
    case Indicator::ExtensionRate:
        return Tr::tr("延期率");
    }
    return {};
}

QString causesText(const WeakLink &w)
{
    QStringList parts;
    for (const IndicatorLoss &l : w.causes)
        parts.append(
            Tr::tr("%1 %2（失 %3 分）")
                .arg(indicatorText(l.indicator), percent(l.rate), QString::number(l.pointsLost, 'f', 2)));
    return parts.join(u"；"_s);
}

QString monthTitle(const Period &p)
{
    return Tr::tr("%1年%2月").arg(p.first().year()).arg(p.first().month());
}

QString areaOf(qint64 grid, const QHash<QString, QString> &names)
{
    const QString code = QString::number(grid);
    const QString street = names.value(code.left(9)), community = names.value(code.left(12));
    if (street.isEmpty())
        return community;
    return community.isEmpty() ? street : street + u" · "_s + community;
}

} // namespace

Result<MonthlyReport> buildMonthlyReport(SqlStore &store, EvaluationRepository &evaluation,
                                         const Period &month, const MonthlyReportOptions &options,
                                         const QDateTime &now)
{
    if (!month.isValid())
        return makeError(ErrorCode::InvalidInput, Tr::tr("报告：月份无效"));
    MonthlyReport r;
    r.period = month;
    r.scope = options.scope;
    r.generatedAt = now;
    JurisdictionCode scope;
    if (!options.scope.isEmpty()) {
        auto parsed = JurisdictionCode::parse(options.scope);
        if (!parsed)
            return parsed.error();
        scope = *parsed;
    }
    AnalysisQueries q(store);
    auto names = q.jurisdictionNames();
    if (!names)
        return names.error();
    if (options.scope.isEmpty()) {
        for (auto it = names->cbegin(); it != names->cend(); ++it) {
            if (it.key().size() == 6 && it.key().endsWith(u"00"_s))
                r.scopeName = it.value();
        }
    } else {
        r.scopeName = names->value(options.scope, options.scope);
    }

    auto rows = [&](SubjectKind kind) {
        EvaluationQuery query;
        query.period = month;
        query.kind = kind;
        query.scope = scope;
        query.now = now;
        return evaluation.evaluate(query);
    };
    auto districts = rows(SubjectKind::District);
    if (!districts)
        return districts.error();
    auto streets = rows(SubjectKind::Street);
    if (!streets)
        return streets.error();
    auto units = rows(SubjectKind::ResponsibleUnit);
    if (!units)
        return units.error();
    r.districts = *districts;
    r.streets = *streets;
    r.units = *units;
    auto areaWeights = evaluation.weights(ScoreKind::Area);
    if (!areaWeights)
        return areaWeights.error();
    auto unitWeights = evaluation.weights(ScoreKind::ResponsibleUnit);
    if (!unitWeights)
        return unitWeights.error();
    // The whole scope: the districts' counts (or the one street's when the scope is a street).
    const QList<EvaluationRow> &top = scope.isNull() || options.scope.size() == 6 ? r.districts : r.streets;
    for (const EvaluationRow &row : top) {
        const auto code = JurisdictionCode::parse(row.subject);
        if (scope.isNull() || (code && scope.covers(*code)))
            r.total += row.counts;
    }
    r.score = score(r.total, *areaWeights);

    const TimeRange range{month.begin(), month.end()};
    const AnalysisFilter filter{options.scope, {}, {}};
    auto hours = hourOfWeekMatrices(q, range, filter);
    if (!hours)
        return hours.error();
    r.hours = hours->value(u"*"_s);
    r.cases = r.hours.total();

    auto spots = hotSpots(q, range, filter, HotSpotOptions{options.hotSpotNeighbourMetres});
    if (spots) {
        std::vector<GridHotSpot> hot;
        for (const GridHotSpot &s : *spots) {
            switch (s.gi.hotSpot) {
            case HotSpotClass::HotSpot99:
                ++r.hotSpots99;
                hot.push_back(s);
                break;
            case HotSpotClass::HotSpot95:
                ++r.hotSpots95;
                hot.push_back(s);
                break;
            case HotSpotClass::HotSpot90:
                ++r.hotSpots90;
                hot.push_back(s);
                break;
            case HotSpotClass::NotSignificant:
                break;
            default:
                ++r.coldSpots;
            }
        }
        std::stable_sort(hot.begin(), hot.end(), [](const GridHotSpot &a, const GridHotSpot &b) {
            return a.gi.z != b.gi.z ? a.gi.z > b.gi.z : a.grid < b.grid;
        });
        for (const GridHotSpot &s : hot) {
            if (r.hotSpots.size() >= options.topHotSpots)
                break;
            r.hotSpots.append({s.grid, areaOf(s.grid, *names), s.cases, s.gi.z, s.gi.p, s.gi.hotSpot});
        }
    } else if (spots.errorCode() != ErrorCode::InvalidInput) {
        return spots.error(); // InvalidInput: too few grids or no variation; the report says there are none
    }

    auto clusters = findRecurrences(q, range, filter, options.rules, options.minRecurrence);
    if (!clusters)
        return clusters.error();
    const auto catalogue = Catalogue::loadDefault();
    r.recurrenceClusters = int(clusters->size());
    for (const RecurrenceCluster &c : *clusters) {
        r.recurrenceCases += c.size();
        if (r.recurrences.size() >= options.topRecurrences)
            continue;
        ReportRecurrence rr;
        rr.classKey = c.classKind + u'/' + c.classCode;
        if (catalogue) {
            if (auto key = CatalogueKey::parse(rr.classKey); key) {
                if (const CatalogueClass *cls = catalogue->find(*key))
                    rr.className = cls->name;
            }
        }
        rr.cases = c.size();
        rr.grid = c.grid;
        rr.area = areaOf(c.grid, *names);
        rr.first = QDateTime::fromMSecsSinceEpoch(c.firstMs, QTimeZone::utc());
        rr.last = QDateTime::fromMSecsSinceEpoch(c.lastMs, QTimeZone::utc());
        r.recurrences.append(rr);
    }

    // Weak links are the lowest scores below grade A.
    auto belowA = [](QList<WeakLink> links) {
        links.removeIf([](const WeakLink &w) { return w.row.score.points.value_or(0) >= 90; });
        return links;
    };
    r.weakUnits = belowA(weakLinks(r.units, *unitWeights, options.weakLinks));
    r.weakStreets = belowA(weakLinks(r.streets, *areaWeights, options.weakLinks));

    auto misses = missedReports(q, range, filter);
    if (!misses)
        return misses.error();
    for (const SupervisorMisses &m : *misses) {
        if (m.missed > 0 && r.misses.size() < options.topMisses)
            r.misses.append(m);
    }
    return r;
}

// --- writers ----------------------------------------------------------------------------------------------

MonthlyReportWriter::MonthlyReportWriter(const MonthlyReport &report)
    : mReport(report)
{}

QStringList MonthlyReportWriter::sectionTitles()
{
    return {Tr::tr("一、总体情况"),         Tr::tr("二、区考核排名"), Tr::tr("三、街道考核排名"),
            Tr::tr("四、处置部门考核排名"), Tr::tr("五、热点网格"),   Tr::tr("六、重复发生问题"),
            Tr::tr("七、薄弱环节"),         Tr::tr("八、漏报情况"),   Tr::tr("九、案发时段分布")};
}

namespace {

QStringList rankingHeader()
{
    return {Tr::tr("层级"),     Tr::tr("排名"),     Tr::tr("代码"),     Tr::tr("名称"),
            Tr::tr("得分"),     Tr::tr("等级"),     Tr::tr("上月名次"), Tr::tr("上月得分"),
            Tr::tr("得分变化"), Tr::tr("名次变化"), Tr::tr("应处置"),   Tr::tr("已处置"),
            Tr::tr("按期处置"), Tr::tr("应结案"),   Tr::tr("返工"),     Tr::tr("超期未结"),
            Tr::tr("延期")};
}

QStringList rankingFields(const QString &level, const EvaluationRow &r)
{
    const IndicatorCounts &c = r.counts;
    return {level,
            r.rank > 0 ? QString::number(r.rank) : QString(),
            r.subject,
            r.name,
            points(r.score.points),
            grade(r.score),
            r.previousRank ? QString::number(*r.previousRank) : QString(),
            points(r.previousPoints),
            change(r.change),
            rankChange(r.rankChange()),
            QString::number(c.handlingDue),
            QString::number(c.handled),
            QString::number(c.handledOnTime),
            QString::number(c.closingDue),
            QString::number(c.reworked),
            QString::number(c.overdueOpen),
            QString::number(c.extended)};
}

QString csvField(QString v)
{
    if (v.contains(u',') || v.contains(u'"') || v.contains(u'\n') || v.contains(u'\r')) {
        v.replace(u"\""_s, u"\"\""_s);
        return u'"' + v + u'"';
    }
    return v;
}

Status commitFile(const QString &part, const QString &path)
{
    QFile::remove(path);
    if (!QFile::rename(part, path)) {
        QFile::remove(part);
        return makeError(ErrorCode::Io, Tr::tr("无法写入 %1").arg(path));
    }
    return {};
}

} // namespace

QByteArray MonthlyReportWriter::csv() const
{
    QStringList lines;
    auto add = [&](const QStringList &fields) {
        QStringList escaped;
        for (const QString &f : fields)
            escaped.append(csvField(f));
        lines.append(escaped.join(u','));
    };
    add(rankingHeader());
    for (const EvaluationRow &r : mReport.districts)
        add(rankingFields(Tr::tr("区"), r));
    for (const EvaluationRow &r : mReport.streets)
        add(rankingFields(Tr::tr("街道"), r));
    for (const EvaluationRow &r : mReport.units)
        add(rankingFields(Tr::tr("处置部门"), r));
    return QByteArray("\xEF\xBB\xBF") + (lines.join(u"\r\n"_s) + u"\r\n"_s).toUtf8();
}

Status MonthlyReportWriter::writeCsv(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, Tr::tr("无法写入 %1：%2").arg(path, file.errorString()));
    file.write(csv());
    if (!file.commit())
        return makeError(ErrorCode::Io, Tr::tr("无法写入 %1：%2").arg(path, file.errorString()));
    return {};
}

Status MonthlyReportWriter::writeXlsx(const QString &path) const
{
    const QString part = path + u".part"_s;
    QFile::remove(part);
    lxw_workbook *wb = workbook_new(QFile::encodeName(part).constData());
    if (!wb)
        return makeError(ErrorCode::Io, Tr::tr("无法写入 %1").arg(path));
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format *decimal = workbook_add_format(wb);
    format_set_num_format(decimal, "0.00");
    auto sheet = [&](const QString &name) {
        return workbook_add_worksheet(wb, name.toUtf8().constData());
    };
    auto text = [](lxw_worksheet *ws, int row, int col, const QString &value, lxw_format *f = nullptr) {
        if (!value.isEmpty())
            worksheet_write_string(ws, lxw_row_t(row), lxw_col_t(col), value.toUtf8().constData(), f);
    };
    auto number = [](lxw_worksheet *ws, int row, int col, double value, lxw_format *f = nullptr) {
        worksheet_write_number(ws, lxw_row_t(row), lxw_col_t(col), value, f);
    };
    auto header = [&](lxw_worksheet *ws, const QStringList &h) {
        for (int i = 0; i < h.size(); ++i)
            text(ws, 0, i, h[i], bold);
        worksheet_freeze_panes(ws, 1, 0);
    };
    const MonthlyReport &r = mReport;

    // 摘要
    lxw_worksheet *summary = sheet(Tr::tr("摘要"));
    worksheet_set_column(summary, 0, 0, 24, nullptr);
    worksheet_set_column(summary, 1, 1, 18, nullptr);
    text(summary, 0, 0, Tr::tr("%1城市网格化管理月度考核评价报告").arg(r.scopeName), title);
    text(summary, 1, 0, Tr::tr("考核月份"));
    text(summary, 1, 1, r.period.label());
    text(summary, 2, 0, Tr::tr("生成时间"));
    text(summary, 2, 1, beijing(r.generatedAt));
    const QList<QPair<QString, double>> counters{
        {Tr::tr("案件数"), r.cases},
        {Tr::tr("应处置"), r.total.handlingDue},
        {Tr::tr("已处置"), r.total.handled},
        {Tr::tr("按期处置"), r.total.handledOnTime},
        {Tr::tr("应结案"), r.total.closingDue},
        {Tr::tr("已结案"), r.total.closed},
        {Tr::tr("返工"), r.total.reworked},
        {Tr::tr("超期未结"), r.total.overdueOpen},
        {Tr::tr("延期"), r.total.extended},
        {Tr::tr("热点网格 (99%)"), r.hotSpots99},
        {Tr::tr("热点网格 (95%)"), r.hotSpots95},
        {Tr::tr("热点网格 (90%)"), r.hotSpots90},
        {Tr::tr("重复发生问题"), r.recurrenceClusters},
        {Tr::tr("重复发生问题涉及案件"), r.recurrenceCases},
    };
    int row = 4;
    for (const auto &[label, value] : counters) {
        text(summary, row, 0, label);
        number(summary, row, 1, value);
        ++row;
    }
    text(summary, row, 0, Tr::tr("综合得分"));
    if (r.score.points)
        number(summary, row, 1, *r.score.points, decimal);
    text(summary, row + 1, 0, Tr::tr("等级"));
    text(summary, row + 1, 1, grade(r.score));

    // Rankings
    auto ranking = [&](const QString &name, const QString &level, const QList<EvaluationRow> &rows) {
        lxw_worksheet *ws = sheet(name);
        header(ws, rankingHeader());
        worksheet_set_column(ws, 3, 3, 28, nullptr);
        int y = 1;
        for (const EvaluationRow &e : rows) {
            const QStringList f = rankingFields(level, e);
            for (int x = 0; x < f.size(); ++x) {
                if (x == 2 || x == 3 || x == 0 || x == 5) {
                    text(ws, y, x, f[x]);
                } else if (!f[x].isEmpty()) {
                    number(ws, y, x, f[x].toDouble(), x == 4 || x == 7 || x == 8 ? decimal : nullptr);
                }
            }
            ++y;
        }
    };
    ranking(Tr::tr("区排名"), Tr::tr("区"), r.districts);
    ranking(Tr::tr("街道排名"), Tr::tr("街道"), r.streets);
    ranking(Tr::tr("处置部门排名"), Tr::tr("处置部门"), r.units);

    // 热点网格
    lxw_worksheet *hs = sheet(Tr::tr("热点网格"));
    header(hs, {Tr::tr("网格"), Tr::tr("位置"), Tr::tr("案件数"), Tr::tr("Gi* z 值"), Tr::tr("p 值"),
                Tr::tr("类别")});
    worksheet_set_column(hs, 0, 1, 22, nullptr);
    row = 1;
    for (const ReportHotSpot &h : r.hotSpots) {
        text(hs, row, 0, QString::number(h.grid));
        text(hs, row, 1, h.area);
        number(hs, row, 2, h.cases);
        number(hs, row, 3, std::round(h.z * 1000) / 1000);
        number(hs, row, 4, h.p);
        text(hs, row, 5, hotSpotLabel(h.hotSpot));
        ++row;
    }
    // 重复问题
    lxw_worksheet *rs = sheet(Tr::tr("重复问题"));
    header(rs, {Tr::tr("类别代码"), Tr::tr("类别"), Tr::tr("案件数"), Tr::tr("网格"), Tr::tr("位置"),
                Tr::tr("首次"), Tr::tr("最近")});
    worksheet_set_column(rs, 0, 6, 18, nullptr);
    row = 1;
    for (const ReportRecurrence &c : r.recurrences) {
        text(rs, row, 0, c.classKey);
        text(rs, row, 1, c.className);
        number(rs, row, 2, c.cases);
        text(rs, row, 3, QString::number(c.grid));
        text(rs, row, 4, c.area);
        text(rs, row, 5, beijing(c.first));
        text(rs, row, 6, beijing(c.last));
        ++row;
    }
    // 薄弱环节
    lxw_worksheet *ws = sheet(Tr::tr("薄弱环节"));
    header(ws, {Tr::tr("层级"), Tr::tr("代码"), Tr::tr("名称"), Tr::tr("得分"), Tr::tr("等级"),
                Tr::tr("主要失分原因")});
    worksheet_set_column(ws, 2, 2, 24, nullptr);
    worksheet_set_column(ws, 5, 5, 60, nullptr);
    row = 1;
    auto weak = [&](const QString &level, const QList<WeakLink> &links) {
        for (const WeakLink &w : links) {
            text(ws, row, 0, level);
            text(ws, row, 1, w.row.subject);
            text(ws, row, 2, w.row.name);
            number(ws, row, 3, w.row.score.points.value_or(0), decimal);
            text(ws, row, 4, grade(w.row.score));
            text(ws, row, 5, causesText(w));
            ++row;
        }
    };
    weak(Tr::tr("街道"), r.weakStreets);
    weak(Tr::tr("处置部门"), r.weakUnits);
    // 漏报
    lxw_worksheet *ms = sheet(Tr::tr("漏报"));
    header(ms, {Tr::tr("监督员"), Tr::tr("姓名"), Tr::tr("责任网格"), Tr::tr("漏报"), Tr::tr("其他渠道立案"),
                Tr::tr("自行上报"), Tr::tr("漏报网格")});
    worksheet_set_column(ms, 6, 6, 40, nullptr);
    row = 1;
    for (const SupervisorMisses &m : r.misses) {
        text(ms, row, 0, m.supervisorId ? m.login : Tr::tr("（无监督员）"));
        text(ms, row, 1, m.name);
        text(ms, row, 2, m.responsibilityCode);
        number(ms, row, 3, m.missed);
        number(ms, row, 4, m.filedFromOthers);
        number(ms, row, 5, m.patrolReports);
        QStringList grids;
        for (const MissedGrid &g : m.grids)
            grids.append(u"%1 (%2)"_s.arg(g.grid).arg(g.missed));
        text(ms, row, 6, grids.join(u", "_s));
        ++row;
    }
    // 时段分布
    lxw_worksheet *hw = sheet(Tr::tr("时段分布"));
    text(hw, 0, 0, Tr::tr("星期 \\ 小时"), bold);
    for (int h = 0; h < 24; ++h)
        number(hw, 0, h + 1, h, bold);
    const QStringList days{Tr::tr("周一"), Tr::tr("周二"), Tr::tr("周三"), Tr::tr("周四"),
                           Tr::tr("周五"), Tr::tr("周六"), Tr::tr("周日")};
    for (int d = 0; d < 7; ++d) {
        text(hw, d + 1, 0, days[d], bold);
        for (int h = 0; h < 24; ++h)
            number(hw, d + 1, h + 1, r.hours.at(d, h));
    }
    const lxw_error error = workbook_close(wb);
    if (error != LXW_NO_ERROR) {
        QFile::remove(part);
        return makeError(ErrorCode::Io,
                         Tr::tr("无法写入 %1：%2").arg(path, QString::fromUtf8(lxw_strerror(error))));
    }
    return commitFile(part, path);
}

// --- PDF --------------------------------------------------------------------------------------------------

namespace {

QColor gradeColour(QChar g)
{
    // Okabe–Ito: readable with the common colour-vision deficiencies.
    switch (g.unicode()) {
    case u'A':
        return QColor(0x00, 0x9e, 0x73);
    case u'B':
        return QColor(0x56, 0xb4, 0xe9);
    case u'C':
        return QColor(0xf0, 0xe4, 0x42);
    case u'D':
        return QColor(0xe6, 0x9f, 0x00);
    case u'E':
        return QColor(0xd5, 0x5e, 0x00);
    default:
        return QColor(0x99, 0x99, 0x99);
    }
}

constexpr double ChartScale = 3.0; // drawn at 3× the layout size, printed sharp

// Horizontal bars of scores 0–100, one per row, coloured by grade, with the score at the end.
QImage barChart(const QList<EvaluationRow> &rows, int width)
{
    const int rowHeight = 20, top = 24, left = 150, right = 64;
    const int height = top + int(rows.size()) * rowHeight + 8;
    QImage image(QSize(width, height) * ChartScale, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.scale(ChartScale, ChartScale);
    QFont font(fontFamily);
    font.setPixelSize(11);
    p.setFont(font);
    const double plot = width - left - right;
    p.setPen(QColor(0x88, 0x88, 0x88));
    for (int v = 0; v <= 100; v += 20) {
        const double x = left + plot * v / 100.0;
        p.setPen(QPen(QColor(0xdd, 0xdd, 0xdd), 1));
        p.drawLine(QPointF(x, top - 4), QPointF(x, height - 8));
        p.setPen(QColor(0x55, 0x55, 0x55));
        p.drawText(QRectF(x - 20, 4, 40, 16), Qt::AlignCenter, QString::number(v));
    }
    for (int i = 0; i < rows.size(); ++i) {
        const EvaluationRow &r = rows[i];
        const double y = top + i * rowHeight;
        p.setPen(QColor(0x22, 0x22, 0x22));
        const QString name =
            QFontMetrics(font).elidedText(r.name.isEmpty() ? r.subject : r.name, Qt::ElideRight, left - 12);
        p.drawText(QRectF(0, y, left - 8, rowHeight), Qt::AlignRight | Qt::AlignVCenter, name);
        if (!r.score.points)
            continue;
        const double w = plot * std::clamp(*r.score.points, 0.0, 100.0) / 100.0;
        p.setPen(QPen(QColor(0x33, 0x33, 0x33), 0.6));
        p.setBrush(gradeColour(r.score.grade));
        p.drawRect(QRectF(left, y + 3, w, rowHeight - 6));
        p.setPen(QColor(0x22, 0x22, 0x22));
        p.drawText(QRectF(left + w + 4, y, right + 40, rowHeight), Qt::AlignLeft | Qt::AlignVCenter,
                   QString::number(*r.score.points, 'f', 1) + u' ' + QString(r.score.grade));
    }
    return image;
}

// The 7 × 24 hour-of-week matrix as shaded cells (ColorBrewer Blues, sequential) with the counts.
QImage hourChart(const HourOfWeekMatrix &m, int width)
{
    const int left = 44, top = 20, cellH = 22;
    const double cellW = (width - left - 6) / 24.0;
    const int height = top + 7 * cellH + 6;
    QImage image(QSize(width, height) * ChartScale, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.scale(ChartScale, ChartScale);
    QFont font(fontFamily);
    font.setPixelSize(10);
    p.setFont(font);
    int peak = 0;
    for (int c : m.counts)
        peak = std::max(peak, c);
    const QStringList days{Tr::tr("周一"), Tr::tr("周二"), Tr::tr("周三"), Tr::tr("周四"),
                           Tr::tr("周五"), Tr::tr("周六"), Tr::tr("周日")};
    const QColor low(0xf7, 0xfb, 0xff), high(0x08, 0x30, 0x6b);
    for (int h = 0; h < 24; ++h) {
        p.setPen(QColor(0x55, 0x55, 0x55));
        p.drawText(QRectF(left + h * cellW, 2, cellW, top - 4), Qt::AlignCenter, QString::number(h));
    }
    for (int d = 0; d < 7; ++d) {
        p.setPen(QColor(0x22, 0x22, 0x22));
        p.drawText(QRectF(0, top + d * cellH, left - 6, cellH), Qt::AlignRight | Qt::AlignVCenter, days[d]);
        for (int h = 0; h < 24; ++h) {
            const int c = m.at(d, h);
            const double t = peak > 0 ? std::sqrt(double(c) / peak) : 0;
            const QColor fill = QColor::fromRgbF(float(low.redF() + (high.redF() - low.redF()) * t),
                                                 float(low.greenF() + (high.greenF() - low.greenF()) * t),
                                                 float(low.blueF() + (high.blueF() - low.blueF()) * t));
            const QRectF cell(left + h * cellW, top + d * cellH, cellW, cellH);
            p.setPen(QPen(Qt::white, 1));
            p.setBrush(fill);
            p.drawRect(cell);
            p.setPen(t > 0.55 ? Qt::white : QColor(0x22, 0x22, 0x22));
            p.drawText(cell, Qt::AlignCenter, QString::number(c));
        }
    }
    return image;
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString table(const QStringList &header, const QList<QStringList> &rows, const QList<int> &rightAligned = {})
{
    QString h = u"<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\" "
                "style=\"border-collapse:collapse; border-color:#b0b0b0; border-style:solid\"><thead><tr>"_s;
    for (const QString &c : header)
        h += u"<th bgcolor=\"#e8eef4\" align=\"left\">"_s + esc(c) + u"</th>"_s;
    h += u"</tr></thead>"_s;
    for (const QStringList &r : rows) {
        h += u"<tr>"_s;
        for (int i = 0; i < r.size(); ++i)
            h += (rightAligned.contains(i) ? u"<td align=\"right\">"_s : u"<td>"_s) + esc(r[i]) + u"</td>"_s;
        h += u"</tr>"_s;
    }
    return h + u"</table>"_s;
}

QList<QStringList> rankingRows(const QList<EvaluationRow> &rows)
{
    QList<QStringList> out;
    for (const EvaluationRow &r : rows) {
        out.append(
            {r.rank > 0 ? QString::number(r.rank) : u"—"_s, r.name.isEmpty() ? r.subject : r.name,
             r.score.points ? points(r.score.points) : u"—"_s, grade(r.score),
             r.change ? change(r.change) : u"—"_s, r.rankChange() ? rankChange(r.rankChange()) : u"—"_s,
             percent(rate(r.counts, Indicator::HandlingRate)),
             percent(rate(r.counts, Indicator::OnTimeHandlingRate)), QString::number(r.counts.overdueOpen)});
    }
    return out;
}

QStringList rankingTableHeader()
{
    return {Tr::tr("排名"),     Tr::tr("名称"),   Tr::tr("得分"),       Tr::tr("等级"),    Tr::tr("较上月"),
            Tr::tr("名次变化"), Tr::tr("处置率"), Tr::tr("按期处置率"), Tr::tr("超期未结")};
}

} // namespace

QString MonthlyReportWriter::html() const
{
    const MonthlyReport &r = mReport;
    const QStringList titles = sectionTitles();
    QString h;
    // Title page
    h += u"<p style=\"margin-top:220px\">&nbsp;</p>"_s;
    h += u"<p align=\"center\" style=\"font-size:26pt; font-weight:bold; margin-bottom:12px\">"_s +
         esc(r.scopeName) + u"</p><p align=\"center\" style=\"font-size:22pt; font-weight:bold\">"_s +
         esc(Tr::tr("城市网格化管理月度考核评价报告")) + u"</p>"_s;
    h += u"<p align=\"center\" style=\"font-size:16pt\">"_s + esc(monthTitle(r.period)) + u"</p>"_s;
    h +=
        u"<p>&nbsp;</p><p>&nbsp;</p><p align=\"center\" style=\"font-size:11pt; color:#555555\">"_s +
        esc(Tr::tr("考核期：%1 至 %2")
                .arg(r.period.first().toString(u"yyyy-MM-dd"_s), r.period.last().toString(u"yyyy-MM-dd"_s))) +
        u"<br/>"_s + esc(Tr::tr("生成时间：%1（北京时间）").arg(beijing(r.generatedAt))) + u"</p>"_s;

    // The first section starts a new page after the title page.
    auto section = [&](int i) -> QString {
        return (i == 0 ? u"<h2 style=\"color:#08306b; page-break-before:always\">"_s
                       : u"<h2 style=\"color:#08306b\">"_s) +
               esc(titles[i]) + u"</h2>"_s;
    };
    // 1 Summary
    h += section(0);
    h += u"<p>"_s +
         esc(Tr::tr("本月共受理有效案件 %1 件；应处置 %2 件，已处置 %3 件，按期处置 %4 件；超期未结 %5 件。"
                    "综合得分 %6，等级 %7。")
                 .arg(r.cases)
                 .arg(r.total.handlingDue)
                 .arg(r.total.handled)
                 .arg(r.total.handledOnTime)
                 .arg(r.total.overdueOpen)
                 .arg(r.score.points ? points(r.score.points) : u"—"_s, grade(r.score))) +
         u"</p>"_s;
    h += table(
        {Tr::tr("指标"), Tr::tr("数值"), Tr::tr("指标"), Tr::tr("数值")},
        {{Tr::tr("案件数"), QString::number(r.cases), Tr::tr("处置率"),
          percent(rate(r.total, Indicator::HandlingRate))},
         {Tr::tr("应处置"), QString::number(r.total.handlingDue), Tr::tr("按期处置率"),
          percent(rate(r.total, Indicator::OnTimeHandlingRate))},
         {Tr::tr("已结案"), QString::number(r.total.closed), Tr::tr("返工率"),
          percent(rate(r.total, Indicator::ReworkRate))},
         {Tr::tr("超期未结"), QString::number(r.total.overdueOpen), Tr::tr("延期率"),
          percent(rate(r.total, Indicator::ExtensionRate))},
         {Tr::tr("热点网格（99%/95%/90%）"),
          u"%1 / %2 / %3"_s.arg(r.hotSpots99).arg(r.hotSpots95).arg(r.hotSpots90), Tr::tr("重复发生问题"),
          Tr::tr("%1 处（%2 件）").arg(r.recurrenceClusters).arg(r.recurrenceCases)}},
        {1, 3});
    // 2–4 Rankings with charts
    auto ranking = [&](int i, const QString &chart, const QList<EvaluationRow> &rows, const QString &note) {
        h += section(i);
        if (!note.isEmpty())
            h += u"<p style=\"color:#555555\">"_s + esc(note) + u"</p>"_s;
        if (!rows.isEmpty())
            h += u"<p><img src=\"chart:"_s + chart + u"\" width=\"560\"/></p>"_s;
        h += table(rankingTableHeader(), rankingRows(rows), {0, 2, 4, 5, 6, 7, 8});
    };
    ranking(1, u"districts"_s, r.districts, {});
    ranking(2, u"streets"_s, r.streets, {});
    ranking(3, u"units"_s, r.units,
            r.units.size() > 20 ? Tr::tr("图中为得分最低的 20 个处置部门。") : QString());
    // 5 Hot spots
    h += section(4);
    h += u"<p style=\"color:#555555\">"_s +
         esc(Tr::tr(
             "按网格案件数计算 Getis-Ord Gi* 统计量（邻域 150 米）；|z| 大于 2.576、1.960、1.645 分别为 "
             "99%、95%、90% 置信度的热点。")) +
         u"</p>"_s;
    QList<QStringList> hot;
    for (const ReportHotSpot &s : r.hotSpots)
        hot.append({QString::number(s.grid), s.area, QString::number(s.cases), QString::number(s.z, 'f', 2),
                    s.p < 0.0001 ? u"<0.0001"_s : QString::number(s.p, 'f', 4), hotSpotLabel(s.hotSpot)});
    h += hot.isEmpty() ? u"<p>"_s + esc(Tr::tr("本月无显著热点。")) + u"</p>"_s
                       : table({Tr::tr("网格"), Tr::tr("位置"), Tr::tr("案件数"), Tr::tr("z 值"),
                                Tr::tr("p 值"), Tr::tr("类别")},
                               hot, {2, 3, 4});
    // 6 Recurrence
    h += section(5);
    QList<QStringList> rec;
    for (const ReportRecurrence &c : r.recurrences)
        rec.append({c.className.isEmpty() ? c.classKey : c.className, QString::number(c.cases), c.area,
                    beijing(c.first, u"MM-dd"_s) + u" — "_s + beijing(c.last, u"MM-dd"_s)});
    h += rec.isEmpty()
             ? u"<p>"_s + esc(Tr::tr("本月无重复发生问题。")) + u"</p>"_s
             : table({Tr::tr("问题类别"), Tr::tr("案件数"), Tr::tr("位置"), Tr::tr("时间")}, rec, {1});
    // 7 Weak links
    h += section(6);
    QList<QStringList> weak;
    for (const WeakLink &w : r.weakStreets)
        weak.append(
            {Tr::tr("街道"), w.row.name, points(w.row.score.points), grade(w.row.score), causesText(w)});
    for (const WeakLink &w : r.weakUnits)
        weak.append(
            {Tr::tr("处置部门"), w.row.name, points(w.row.score.points), grade(w.row.score), causesText(w)});
    h += weak.isEmpty()
             ? u"<p>"_s + esc(Tr::tr("本月街道和处置部门均在 A 级（90 分）以上，无薄弱环节。")) + u"</p>"_s
             : table({Tr::tr("层级"), Tr::tr("名称"), Tr::tr("得分"), Tr::tr("等级"), Tr::tr("主要失分原因")},
                     weak, {2});
    // 8 Misses
    h += section(7);
    h += u"<p style=\"color:#555555\">"_s +
         esc(Tr::tr(
             "漏报：12345/12319 热线、公众或视频发现并立案、而责任监督员本月未上报同类问题的网格案件。")) +
         u"</p>"_s;
    QList<QStringList> miss;
    for (const SupervisorMisses &m : r.misses) {
        QStringList grids;
        for (const MissedGrid &g : m.grids.mid(0, 5))
            grids.append(u"%1 (%2)"_s.arg(g.grid).arg(g.missed));
        miss.append({m.supervisorId ? (m.name.isEmpty() ? m.login : m.name) : Tr::tr("（无监督员）"),
                     m.responsibilityCode, QString::number(m.missed), QString::number(m.filedFromOthers),
                     percent(m.missShare()), grids.join(u", "_s)});
    }
    h += miss.isEmpty() ? u"<p>"_s + esc(Tr::tr("本月无漏报。")) + u"</p>"_s
                        : table({Tr::tr("监督员"), Tr::tr("责任网格"), Tr::tr("漏报"), Tr::tr("其他渠道立案"),
                                 Tr::tr("漏报占比"), Tr::tr("主要网格")},
                                miss, {2, 3, 4});
    // 9 Hours
    h += section(8);
    h += u"<p><img src=\"chart:hours\" width=\"560\"/></p>"_s;
    return h;
}

Status MonthlyReportWriter::writePdf(const QString &path) const
{
    const QString part = path + u".part"_s;
    QFile::remove(part);
    {
        QPdfWriter pdf(part);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout::Millimeter);
        pdf.setResolution(300);
        pdf.setTitle(Tr::tr("%1城市网格化管理月度考核评价报告（%2）")
                         .arg(mReport.scopeName, monthTitle(mReport.period)));
        pdf.setCreator(u"CityGrid"_s);
        QTextDocument doc;
        QFont font(fontFamily);
        font.setPointSizeF(10);
        doc.setDefaultFont(font);
        doc.setDefaultStyleSheet(
            u"h2 { font-size: 15pt; } th { font-weight: bold; } td, th { font-size: 9pt; }"_s);
        doc.addResource(QTextDocument::ImageResource, QUrl(u"chart:districts"_s),
                        barChart(mReport.districts, 560));
        doc.addResource(QTextDocument::ImageResource, QUrl(u"chart:streets"_s),
                        barChart(mReport.streets, 560));
        QList<EvaluationRow> lowestUnits = mReport.units;
        std::stable_sort(lowestUnits.begin(), lowestUnits.end(),
                         [](const EvaluationRow &a, const EvaluationRow &b) {
                             return a.score.points.value_or(1e9) < b.score.points.value_or(1e9);
                         });
        lowestUnits = lowestUnits.mid(0, 20);
        doc.addResource(QTextDocument::ImageResource, QUrl(u"chart:units"_s), barChart(lowestUnits, 560));
        doc.addResource(QTextDocument::ImageResource, QUrl(u"chart:hours"_s), hourChart(mReport.hours, 560));
        doc.setHtml(html());
        doc.print(&pdf);
    }
    QFile check(part);
    if (!check.exists() || check.size() == 0) {
        QFile::remove(part);
        return makeError(ErrorCode::Io, Tr::tr("无法写入 %1").arg(path));
    }
    return commitFile(part, path);
}

} // namespace cg
