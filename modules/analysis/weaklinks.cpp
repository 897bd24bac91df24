#include "analysis/weaklinks.h"

#include <algorithm>

namespace cg {

QList<IndicatorLoss> pointsLost(const IndicatorCounts &counts, const ScoreWeights &weights)
{
    QList<IndicatorLoss> losses;
    double applicable = 0;
    for (const ScoreTerm &t : weights.terms()) {
        if (const auto r = rate(counts, t.indicator)) {
            applicable += t.weight;
            losses.append({t.indicator, 0, *r, t.weight, t.inverted});
        }
    }
    if (applicable <= 0)
        return {};
    for (IndicatorLoss &l : losses) {
        l.weight = l.weight * 100.0 / applicable;
        const double value = l.inverted ? 1.0 - l.rate : l.rate;
        l.pointsLost = l.weight * (1.0 - value);
    }
    std::stable_sort(losses.begin(), losses.end(), [](const IndicatorLoss &a, const IndicatorLoss &b) {
        return a.pointsLost > b.pointsLost;
    });
    return losses;
}

QList<WeakLink> weakLinks(const QList<EvaluationRow> &rows, const ScoreWeights &weights, int count,
                          int causes)
{
    QList<const EvaluationRow *> scored;
    for (const EvaluationRow &r : rows) {
        if (r.score.points)
            scored.append(&r);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const EvaluationRow *a, const EvaluationRow *b) {
        return *a->score.points != *b->score.points ? *a->score.points < *b->score.points
                                                    : a->subject < b->subject;
    });
    QList<WeakLink> result;
    for (const EvaluationRow *r : scored) {
        if (result.size() >= count)
            break;
        WeakLink w{*r, {}};
        for (const IndicatorLoss &l : pointsLost(r->counts, weights)) {
            if (w.causes.size() >= causes || l.pointsLost <= 1e-9)
                break;
            w.causes.append(l);
        }
        result.append(w);
    }
    return result;
}

Result<QList<WeakLink>> weakLinks(EvaluationRepository &evaluation, const EvaluationQuery &query, int count,
                                  int causes)
{
    auto rows = evaluation.evaluate(query);
    if (!rows)
        return rows.error();
    auto weights = evaluation.weights(scoreKindOf(query.kind));
    if (!weights)
        return weights.error();
    return weakLinks(*rows, *weights, count, causes);
}

} // namespace cg
