#include "core/evaluation.h"

#include <QCoreApplication>

#include <array>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

IndicatorCounts &IndicatorCounts::operator+=(const IndicatorCounts &o)
{
    reports += o.reports;
    reportsFiled += o.reportsFiled;
    filedInGrids += o.filedInGrids;
    filedFromOthers += o.filedFromOthers;
    verifyDue += o.verifyDue;
    verifyOnTime += o.verifyOnTime;
    checkDue += o.checkDue;
    checkOnTime += o.checkOnTime;
    acceptDue += o.acceptDue;
    acceptOnTime += o.acceptOnTime;
    filed += o.filed;
    filedOnTime += o.filedOnTime;
    filedLaterVoided += o.filedLaterVoided;
    dispatchDue += o.dispatchDue;
    dispatchedOnTime += o.dispatchedOnTime;
    dispatchedWrongUnit += o.dispatchedWrongUnit;
    handlingDue += o.handlingDue;
    handled += o.handled;
    handledOnTime += o.handledOnTime;
    closingDue += o.closingDue;
    closed += o.closed;
    closedOnTime += o.closedOnTime;
    reworked += o.reworked;
    overdueOpen += o.overdueOpen;
    extended += o.extended;
    return *this;
}

namespace {

struct IndicatorInfo
{
    Indicator indicator;
    const char16_t *name;
    const char *label;
};

constexpr std::array<IndicatorInfo, IndicatorCount> indicators{{
    {Indicator::EffectiveReportRate, u"effective_report_rate",
     QT_TRANSLATE_NOOP("cg::Evaluation", "Effective report rate")},
    {Indicator::MissRate, u"miss_rate", QT_TRANSLATE_NOOP("cg::Evaluation", "Miss rate")},
    {Indicator::OnTimeVerifyRate, u"on_time_verify_rate",
     QT_TRANSLATE_NOOP("cg::Evaluation", "On-time verify rate")},
    {Indicator::OnTimeCheckRate, u"on_time_check_rate",
     QT_TRANSLATE_NOOP("cg::Evaluation", "On-time check rate")},
    {Indicator::OnTimeAcceptRate, u"on_time_accept_rate",
     QT_TRANSLATE_NOOP("cg::Evaluation", "On-time accept rate")},
    {Indicator::OnTimeFilingRate, u"on_time_filing_rate",
     QT_TRANSLATE_NOOP("cg::Evaluation", "On-time filing rate")},
    {Indicator::AccurateFilingRate, u"accurate_filing_rate",
     QT_TRANSLATE_NOOP("cg::Evaluation", "Accurate filing rate")},
    {Indicator::OnTimeDispatchRate, u"on_time_dispatch_rate",
     QT_TRANSLATE_NOOP("cg::Evaluation", "On-time dispatch rate")},
    {Indicator::AccurateDispatchRate, u"accurate_dispatch_rate",
     QT_TRANSLATE_NOOP("cg::Evaluation", "Accurate dispatch rate")},
    {Indicator::HandlingRate, u"handling_rate", QT_TRANSLATE_NOOP("cg::Evaluation", "Handling rate")},
    {Indicator::OnTimeHandlingRate, u"on_time_handling_rate",
     QT_TRANSLATE_NOOP("cg::Evaluation", "On-time handling rate")},
    {Indicator::ClosingRate, u"closing_rate", QT_TRANSLATE_NOOP("cg::Evaluation", "Closing rate")},
    {Indicator::OnTimeClosingRate, u"on_time_closing_rate",
     QT_TRANSLATE_NOOP("cg::Evaluation", "On-time closing rate")},
    {Indicator::ReworkRate, u"rework_rate", QT_TRANSLATE_NOOP("cg::Evaluation", "Rework rate")},
    {Indicator::OverdueOpenRate, u"overdue_open_rate",
     QT_TRANSLATE_NOOP("cg::Evaluation", "Overdue-open rate")},
    {Indicator::ExtensionRate, u"extension_rate", QT_TRANSLATE_NOOP("cg::Evaluation", "Extension rate")},
}};

std::optional<double> ratio(int part, int whole)
{
    if (whole <= 0)
        return std::nullopt;
    return std::clamp(double(part) / double(whole), 0.0, 1.0);
}

} // namespace

QString indicatorName(Indicator indicator)
{
    return QString::fromUtf16(indicators[int(indicator)].name);
}

QString indicatorLabel(Indicator indicator)
{
    return QCoreApplication::translate("cg::Evaluation", indicators[int(indicator)].label);
}

Result<Indicator> parseIndicator(const QString &name)
{
    for (const auto &i : indicators) {
        if (name == QStringView(i.name))
            return i.indicator;
    }
    return makeError(ErrorCode::InvalidInput, u"indicator '%1' is unknown"_s.arg(name));
}

std::optional<double> rate(const IndicatorCounts &c, Indicator indicator)
{
    switch (indicator) {
    case Indicator::EffectiveReportRate:
        return ratio(c.reportsFiled, c.reports);
    case Indicator::MissRate:
        return ratio(c.filedFromOthers, c.filedInGrids);
    case Indicator::OnTimeVerifyRate:
        return ratio(c.verifyOnTime, c.verifyDue);
    case Indicator::OnTimeCheckRate:
        return ratio(c.checkOnTime, c.checkDue);
    case Indicator::OnTimeAcceptRate:
        return ratio(c.acceptOnTime, c.acceptDue);
    case Indicator::OnTimeFilingRate:
        return ratio(c.filedOnTime, c.filed);
    case Indicator::AccurateFilingRate:
        return ratio(c.filed - c.filedLaterVoided, c.filed);
    case Indicator::OnTimeDispatchRate:
        return ratio(c.dispatchedOnTime, c.dispatchDue);
    case Indicator::AccurateDispatchRate:
        return ratio(c.dispatchDue - c.dispatchedWrongUnit, c.dispatchDue);
    case Indicator::HandlingRate:
        return ratio(c.handled, c.handlingDue);
    case Indicator::OnTimeHandlingRate:
        return ratio(c.handledOnTime, c.handlingDue);
    case Indicator::ClosingRate:
        return ratio(c.closed, c.closingDue);
    case Indicator::OnTimeClosingRate:
        return ratio(c.closedOnTime, c.closingDue);
    case Indicator::ReworkRate:
        return ratio(c.reworked, c.closingDue);
    case Indicator::OverdueOpenRate:
        return ratio(c.overdueOpen, c.handlingDue);
    case Indicator::ExtensionRate:
        return ratio(c.extended, c.handlingDue);
    }
    return std::nullopt;
}

ScoreWeights ScoreWeights::defaults(ScoreKind kind)
{
    ScoreWeights w;
    switch (kind) {
    case ScoreKind::Supervisor:
        w.mTerms = {{Indicator::EffectiveReportRate, 40},
                    {Indicator::MissRate, 20, true},
                    {Indicator::OnTimeVerifyRate, 20},
                    {Indicator::OnTimeCheckRate, 20}};
        break;
    case ScoreKind::ResponsibleUnit:
    case ScoreKind::Area:
        w.mTerms = {{Indicator::HandlingRate, 30},
                    {Indicator::OnTimeHandlingRate, 20},
                    {Indicator::ReworkRate, 20, true},
                    {Indicator::OverdueOpenRate, 20, true},
                    {Indicator::ExtensionRate, 10, true}};
        break;
    case ScoreKind::Acceptor:
        w.mTerms = {{Indicator::OnTimeAcceptRate, 100}};
        break;
    case ScoreKind::ShiftLeader:
        w.mTerms = {{Indicator::OnTimeFilingRate, 40},
                    {Indicator::AccurateFilingRate, 30},
                    {Indicator::OnTimeClosingRate, 30}};
        break;
    case ScoreKind::Dispatcher:
        w.mTerms = {{Indicator::OnTimeDispatchRate, 50}, {Indicator::AccurateDispatchRate, 50}};
        break;
    }
    return w;
}

Result<ScoreWeights> ScoreWeights::make(QList<ScoreTerm> terms)
{
    if (terms.isEmpty())
        return makeError(ErrorCode::InvalidInput, u"a score needs at least one weighted indicator"_s);
    double total = 0;
    QList<Indicator> seen;
    for (const ScoreTerm &t : terms) {
        if (!(t.weight > 0))
            return makeError(ErrorCode::InvalidInput, u"the weight of %1 must be greater than 0, not %2"_s
                                                          .arg(indicatorName(t.indicator))
                                                          .arg(t.weight));
        if (seen.contains(t.indicator))
            return makeError(ErrorCode::InvalidInput,
                             u"%1 is weighted twice"_s.arg(indicatorName(t.indicator)));
        seen.append(t.indicator);
        total += t.weight;
    }
    if (std::abs(total - 100.0) > 1e-9)
        return makeError(ErrorCode::InvalidInput,
                         u"the weights add up to %1; they must add up to 100"_s.arg(total));
    ScoreWeights w;
    w.mTerms = std::move(terms);
    return w;
}

QChar gradeOf(double points)
{
    if (points >= 90)
        return u'A';
    if (points >= 75)
        return u'B';
    if (points >= 60)
        return u'C';
    if (points >= 40)
        return u'D';
    return u'E';
}

Score score(const IndicatorCounts &counts, const ScoreWeights &weights)
{
    Score s;
    double weighted = 0;
    double usedWeight = 0;
    for (const ScoreTerm &t : weights.terms()) {
        const auto r = rate(counts, t.indicator);
        if (!r) {
            s.leftOut.append(t.indicator);
            continue;
        }
        weighted += t.weight * (t.inverted ? 1.0 - *r : *r);
        usedWeight += t.weight;
    }
    if (usedWeight <= 0)
        return s;
    // Rounded to 0.01 points, as published in rankings.
    s.points = std::round(weighted / usedWeight * 100.0 * 100.0) / 100.0;
    s.grade = gradeOf(*s.points);
    return s;
}

} // namespace cg
