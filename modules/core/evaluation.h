#pragma once

#include "core/result.h"

#include <QHash>
#include <QString>

#include <optional>

namespace cg {

// Evaluation (考核评价) of DOMAIN.md §6: counts per subject and period, the rates derived from them,
// composite scores with editable weights, and grades. docs/indicators.md says which events count for what.

// What was counted for one subject (a person, a unit, a grid, an area) over one period.
struct IndicatorCounts
{
    // Supervisors
    int reports = 0;         // cases the supervisor reported
    int reportsFiled = 0;    // ... of which were filed
    int filedInGrids = 0;    // filed cases located in the supervisor's grids
    int filedFromOthers = 0; // ... that came from other channels (hotline, public, video): missed by patrol
    int verifyDue = 0;       // verifications that came due
    int verifyOnTime = 0;    // ... done within the limit
    int checkDue = 0;        // checks that came due
    int checkOnTime = 0;     // ... done within the limit
    // Acceptors, shift leaders, dispatchers
    int acceptDue = 0;
    int acceptOnTime = 0;
    int filed = 0;
    int filedOnTime = 0;
    int filedLaterVoided = 0;
    int dispatchDue = 0;
    int dispatchedOnTime = 0;
    int dispatchedWrongUnit = 0; // returned because the unit was wrong
    // Responsible units and areas
    int handlingDue = 0;   // cases whose handling came due in the period (dispatched)
    int handled = 0;       // ... reported handled
    int handledOnTime = 0; // ... within the (possibly extended) deadline
    int closingDue = 0;    // cases due for closing
    int closed = 0;
    int closedOnTime = 0;
    int reworked = 0;    // check failed and re-dispatched (返工)
    int overdueOpen = 0; // overdue and still open at the period's end
    int extended = 0;    // extensions granted

    IndicatorCounts &operator+=(const IndicatorCounts &o);
    friend bool operator==(const IndicatorCounts &, const IndicatorCounts &) = default;
};

enum class Indicator {
    EffectiveReportRate, // 有效上报率
    MissRate,            // 漏报率
    OnTimeVerifyRate,
    OnTimeCheckRate,
    OnTimeAcceptRate,
    OnTimeFilingRate,
    AccurateFilingRate,
    OnTimeDispatchRate,
    AccurateDispatchRate,
    HandlingRate,
    OnTimeHandlingRate,
    ClosingRate,
    OnTimeClosingRate,
    ReworkRate,
    OverdueOpenRate,
    ExtensionRate,
};
inline constexpr int IndicatorCount = int(Indicator::ExtensionRate) + 1;

QString indicatorName(Indicator indicator);  // stable id: "effective_report_rate", ...
QString indicatorLabel(Indicator indicator); // translated (context "cg::Evaluation")
Result<Indicator> parseIndicator(const QString &name);

// A rate in [0, 1], or nullopt when nothing was due (a rate of 0/0 is not a zero).
std::optional<double> rate(const IndicatorCounts &counts, Indicator indicator);

// A composite score: weighted indicators, where "inverted" ones count as (1 − rate).
struct ScoreTerm
{
    Indicator indicator;
    double weight; // points out of 100
    bool inverted = false;
};

enum class ScoreKind {
    Supervisor,
    ResponsibleUnit,
    Area,
    Acceptor,    // on-time accept rate
    ShiftLeader, // on-time and accurate filing, on-time closing
    Dispatcher,  // on-time and accurate dispatch
};

class ScoreWeights
{
public:
    // DOMAIN.md §6 defaults.
    static ScoreWeights defaults(ScoreKind kind);
    // Weights must be positive and add up to 100; errors name the offending term.
    static Result<ScoreWeights> make(QList<ScoreTerm> terms);
    const QList<ScoreTerm> &terms() const { return mTerms; }

private:
    QList<ScoreTerm> mTerms;
};

struct Score
{
    std::optional<double> points; // 0–100; nullopt when no term applies
    QChar grade;                  // A–E, or a null QChar when there is no score
    // Terms that could not be computed (nothing due) and were left out; the rest are scaled to 100.
    QList<Indicator> leftOut;
};

// Scores counts with the weights. Terms with nothing due are left out and the others rescaled, so a unit that
// had no extension requests is not rewarded or punished for it.
Score score(const IndicatorCounts &counts, const ScoreWeights &weights);

// A ≥ 90, B 75–89, C 60–74, D 40–59, E < 40.
QChar gradeOf(double points);

} // namespace cg
