#include "analysis/hourofweek.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

int HourOfWeekMatrix::total() const
{
    int sum = 0;
    for (int c : counts)
        sum += c;
    return sum;
}

int HourOfWeekMatrix::dayTotal(int weekday) const
{
    int sum = 0;
    for (int h = 0; h < 24; ++h)
        sum += at(weekday, h);
    return sum;
}

int HourOfWeekMatrix::hourTotal(int hour) const
{
    int sum = 0;
    for (int d = 0; d < 7; ++d)
        sum += at(d, hour);
    return sum;
}

int HourOfWeekMatrix::peak() const
{
    int best = -1, bestCount = 0;
    for (int i = 0; i < 168; ++i) {
        if (counts[std::size_t(i)] > bestCount) {
            bestCount = counts[std::size_t(i)];
            best = i;
        }
    }
    return best;
}

HourOfWeekMatrix &HourOfWeekMatrix::operator+=(const HourOfWeekMatrix &o)
{
    for (std::size_t i = 0; i < 168; ++i)
        counts[i] += o.counts[i];
    return *this;
}

Result<QMap<QString, HourOfWeekMatrix>> hourOfWeekMatrices(AnalysisQueries &queries, const TimeRange &range,
                                                           const AnalysisFilter &filter)
{
    auto perClass = queries.casesPerHourOfWeek(range, filter);
    if (!perClass)
        return perClass.error();
    QMap<QString, HourOfWeekMatrix> result;
    HourOfWeekMatrix all;
    for (auto it = perClass->cbegin(); it != perClass->cend(); ++it) {
        HourOfWeekMatrix m;
        m.counts = it.value();
        all += m;
        result.insert(it.key(), m);
    }
    result.insert(u"*"_s, all);
    return result;
}

} // namespace cg
