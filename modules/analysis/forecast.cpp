#include "analysis/forecast.h"

#include "analysis/hotspots.h"

#include <algorithm>
#include <numeric>

using namespace Qt::Literals::StringLiterals;

namespace cg {

std::vector<double> forecastScores(const WeeklyCounts &weekly, int target, const Neighbourhoods &neighbours,
                                   const ForecastOptions &options)
{
    const int n = weekly.grids;
    std::vector<double> own(std::size_t(n), 0.0);
    double norm = 0, w = 1;
    for (int a = 1; a <= options.historyWeeks && target - a >= 0; ++a, w *= options.decay) {
        norm += w;
        const int week = target - a;
        if (week >= weekly.weeks)
            continue;
        for (int i = 0; i < n; ++i)
            own[std::size_t(i)] += w * weekly.at(i, week);
    }
    if (norm > 0) {
        for (double &v : own)
            v /= norm;
    }
    if (options.neighbourWeight <= 0 || neighbours.size() != n)
        return own;
    std::vector<double> scores(own);
    for (int i = 0; i < n; ++i) {
        double sum = 0;
        int count = 0;
        for (int k = neighbours.offsets[std::size_t(i)]; k < neighbours.offsets[std::size_t(i) + 1]; ++k) {
            const int j = neighbours.indices[std::size_t(k)];
            if (j == i)
                continue;
            sum += own[std::size_t(j)];
            ++count;
        }
        if (count > 0)
            scores[std::size_t(i)] += options.neighbourWeight * sum / count;
    }
    return scores;
}

std::vector<double> naiveScores(const WeeklyCounts &weekly, int target)
{
    std::vector<double> scores(std::size_t(weekly.grids), 0.0);
    if (target >= 1 && target - 1 < weekly.weeks) {
        for (int i = 0; i < weekly.grids; ++i)
            scores[std::size_t(i)] = weekly.at(i, target - 1);
    }
    return scores;
}

std::vector<int> topCells(const std::vector<double> &scores, const std::vector<qint64> &codes, int k)
{
    std::vector<int> cells;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (scores[i] > 0)
            cells.push_back(int(i));
    }
    auto better = [&](int a, int b) {
        return scores[std::size_t(a)] != scores[std::size_t(b)]
                   ? scores[std::size_t(a)] > scores[std::size_t(b)]
                   : codes[std::size_t(a)] < codes[std::size_t(b)];
    };
    if (int(cells.size()) > k) {
        std::partial_sort(cells.begin(), cells.begin() + k, cells.end(), better);
        cells.resize(std::size_t(k));
    } else {
        std::sort(cells.begin(), cells.end(), better);
    }
    return cells;
}

double hitRate(const std::vector<int> &predicted, const std::vector<int> &actual)
{
    if (actual.empty())
        return 0;
    std::vector<int> a(actual), p(predicted);
    std::sort(a.begin(), a.end());
    std::sort(p.begin(), p.end());
    std::vector<int> common;
    std::set_intersection(a.begin(), a.end(), p.begin(), p.end(), std::back_inserter(common));
    return double(common.size()) / double(a.size());
}

ForecastBacktest backtest(const WeeklyCounts &weekly, const std::vector<qint64> &codes, int first,
                          const Neighbourhoods &neighbours, const ForecastOptions &options)
{
    ForecastBacktest result;
    for (int t = std::max(1, first); t < weekly.weeks; ++t) {
        std::vector<double> actualScores(std::size_t(weekly.grids));
        for (int i = 0; i < weekly.grids; ++i)
            actualScores[std::size_t(i)] = weekly.at(i, t);
        const std::vector<int> actual = topCells(actualScores, codes, options.topK);
        BacktestWeek w;
        w.week = t;
        w.forecastHitRate =
            hitRate(topCells(forecastScores(weekly, t, neighbours, options), codes, options.topK), actual);
        w.naiveHitRate = hitRate(topCells(naiveScores(weekly, t), codes, options.topK), actual);
        result.weeks.append(w);
        result.forecastHitRate += w.forecastHitRate;
        result.naiveHitRate += w.naiveHitRate;
    }
    if (!result.weeks.isEmpty()) {
        result.forecastHitRate /= double(result.weeks.size());
        result.naiveHitRate /= double(result.weeks.size());
    }
    return result;
}

Result<HotSpotForecast> forecastHotSpots(AnalysisQueries &queries, const QDateTime &weekStart,
                                         const AnalysisFilter &filter, const ForecastOptions &options)
{
    if (options.historyWeeks < 1 || options.topK < 1 || options.backtestWeeks < 0 || !(options.decay > 0))
        return makeError(ErrorCode::InvalidInput,
                         u"forecast: history weeks, top k and decay must be positive"_s);
    const int weeks = options.historyWeeks + options.backtestWeeks;
    const QDateTime first = weekStart.addDays(-7 * qint64(weeks));
    auto grids = queries.gridCentres(filter.scope);
    if (!grids)
        return grids.error();
    auto perGrid = queries.weeklyCasesPerGrid(first, weeks, filter);
    if (!perGrid)
        return perGrid.error();
    WeeklyCounts weekly;
    weekly.grids = int(grids->size());
    weekly.weeks = weeks;
    weekly.counts.assign(std::size_t(weekly.grids) * std::size_t(weeks), 0);
    for (const auto &[code, counts] : *perGrid) {
        const int i = grids->indexOf(code);
        if (i < 0)
            continue;
        std::copy(counts.begin(), counts.end(), weekly.counts.begin() + std::ptrdiff_t(i) * weeks);
    }
    const Neighbourhoods nb = neighbourhoodsWithin(*grids, options.neighbourMetres);
    HotSpotForecast f;
    f.weekStart = weekStart;
    f.backtest = backtest(weekly, grids->codes, options.historyWeeks, nb, options);
    const std::vector<double> scores = forecastScores(weekly, weeks, nb, options);
    for (int i : topCells(scores, grids->codes, options.topK))
        f.top.append({grids->codes[std::size_t(i)], scores[std::size_t(i)], weekly.at(i, weeks - 1)});
    return f;
}

} // namespace cg
