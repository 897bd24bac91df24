#pragma once

#include "analysis/analysisqueries.h"

#include <QMap>

#include <array>

namespace cg {

// Cases by day of the week and hour of the day (Beijing time): 7 rows (Monday first) × 24 columns.
struct HourOfWeekMatrix
{
    std::array<int, 168> counts{};

    int at(int weekday, int hour) const
    {
        return counts[std::size_t(weekday * 24 + hour)];
    } // weekday 0 = Monday
    int total() const;
    int dayTotal(int weekday) const;
    int hourTotal(int hour) const;
    // The busiest hour of the week (the first one on ties); -1 when empty.
    int peak() const;
    HourOfWeekMatrix &operator+=(const HourOfWeekMatrix &o);
    friend bool operator==(const HourOfWeekMatrix &, const HourOfWeekMatrix &) = default;
};

// Per class ("event/06010") in the filter's area and range; the key "*" holds the sum over all classes.
Result<QMap<QString, HourOfWeekMatrix>> hourOfWeekMatrices(AnalysisQueries &queries, const TimeRange &range,
                                                           const AnalysisFilter &filter);

} // namespace cg
