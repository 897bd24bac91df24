#pragma once

#include "analysis/analysisqueries.h"
#include "core/hotspot.h"

#include <QList>

#include <vector>

namespace cg {

// Next week's hot spots: each grid's recent weeks weighted by `decay` per week back (exponentially weighted,
// normalised), plus `neighbourWeight` × the mean of the same over its neighbours (problems spread to the
// next street corner). The naive forecast it is measured against: "the same as last week".
struct ForecastOptions
{
    int historyWeeks = 4;
    double decay = 0.5;
    double neighbourWeight = 0.3;
    double neighbourMetres = 150;
    int topK = 20;
    int backtestWeeks = 8; // weeks before the forecast week on which both forecasts are scored
};

// Weekly case counts of n grids over w weeks, grid-major: at(i, t).
struct WeeklyCounts
{
    int grids = 0;
    int weeks = 0;
    std::vector<int> counts;
    int at(int grid, int week) const
    {
        return counts[std::size_t(grid) * std::size_t(weeks) + std::size_t(week)];
    }
};

// Scores for week `target` from weeks before it (target may be == weeks: the week after the data).
std::vector<double> forecastScores(const WeeklyCounts &weekly, int target, const Neighbourhoods &neighbours,
                                   const ForecastOptions &options);
// The naive forecast: week target − 1's counts.
std::vector<double> naiveScores(const WeeklyCounts &weekly, int target);
// The k best cells by score (higher first, then lower code), leaving out scores of 0.
std::vector<int> topCells(const std::vector<double> &scores, const std::vector<qint64> &codes, int k);
// Share of `actual` found in `predicted`: |predicted ∩ actual| / |actual|; 0 when actual is empty.
double hitRate(const std::vector<int> &predicted, const std::vector<int> &actual);

struct BacktestWeek
{
    int week = 0;
    double forecastHitRate = 0;
    double naiveHitRate = 0;
};

struct ForecastBacktest
{
    QList<BacktestWeek> weeks;
    double forecastHitRate = 0; // mean over the weeks
    double naiveHitRate = 0;
};

// Scores both forecasts on weeks [first, weekly.weeks): top-k predicted vs. top-k that happened.
ForecastBacktest backtest(const WeeklyCounts &weekly, const std::vector<qint64> &codes, int first,
                          const Neighbourhoods &neighbours, const ForecastOptions &options);

struct GridForecast
{
    qint64 grid = 0;
    double score = 0;
    int lastWeek = 0; // cases in the last week of the data
};

struct HotSpotForecast
{
    QDateTime weekStart;     // the forecast week [weekStart, weekStart + 7 days)
    QList<GridForecast> top; // the forecast's top k
    ForecastBacktest backtest;
};

// From the store: the `historyWeeks + backtestWeeks` weeks before `weekStart`.
Result<HotSpotForecast> forecastHotSpots(AnalysisQueries &queries, const QDateTime &weekStart,
                                         const AnalysisFilter &filter, const ForecastOptions &options = {});

} // namespace cg
