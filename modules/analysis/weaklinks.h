#pragma once

#include "core/evaluation.h"
#include "core/evaluationquery.h"

#include <QList>

namespace cg {

// Points an indicator cost a subject: its (rescaled) weight × the share it missed.
struct IndicatorLoss
{
    Indicator indicator = Indicator::HandlingRate;
    double pointsLost = 0;
    double rate = 0;   // the rate itself (not inverted)
    double weight = 0; // the weight after leaving out the terms with nothing due (sums to 100)
    bool inverted = false;
};

// The points each applicable term lost, most first (ties in the order of the weights). They add up to
// 100 − score(counts, weights).points.
QList<IndicatorLoss> pointsLost(const IndicatorCounts &counts, const ScoreWeights &weights);

// A weak link (薄弱环节): a subject with one of the lowest scores and what cost it most.
struct WeakLink
{
    EvaluationRow row;
    QList<IndicatorLoss> causes; // at most `causes` of them, with points lost > 0
};

// The `count` lowest-scored rows (unscored rows are left out), lowest first; ties by subject.
QList<WeakLink> weakLinks(const QList<EvaluationRow> &rows, const ScoreWeights &weights, int count = 10,
                          int causes = 3);

// The same from the evaluation store.
Result<QList<WeakLink>> weakLinks(EvaluationRepository &evaluation, const EvaluationQuery &query,
                                  int count = 10, int causes = 3);

} // namespace cg
