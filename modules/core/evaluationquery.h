#pragma once

#include "core/codes.h"
#include "core/evaluation.h"
#include "core/result.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace cg {

// Evaluation over periods (考核评价, DOMAIN.md §6): which period, which subjects, ranked rows, the weights
// administrators edit, and the store interface that answers from daily facts. docs/indicators.md says what
// each count counts.

// Evaluation days are calendar days in Beijing time (UTC+8, no daylight saving).
inline constexpr int BeijingUtcOffsetSeconds = 8 * 3600;
QDate beijingDate(const QDateTime &time);    // the Beijing day `time` falls on
QDateTime beijingMidnight(const QDate &day); // 00:00 Beijing time of `day`, as a UTC QDateTime

enum class PeriodKind { Day, Week, Month, Quarter, Custom };

// A span of whole Beijing days, first and last included.
class Period
{
public:
    Period() = default; // invalid

    static Period day(const QDate &day);
    static Period week(const QDate &anyDay); // the ISO week (Monday–Sunday) containing anyDay
    static Period month(int year, int month);
    static Period quarter(int year, int quarter);
    // An error when a date is invalid or last is before first.
    static Result<Period> custom(const QDate &first, const QDate &last);
    // The period of `kind` containing `day` (Custom: the single day).
    static Period containing(PeriodKind kind, const QDate &day);

    // Accepts "2026-10-31" (day), "2026-W43" (ISO week), "2026-10" (month), "2026-Q4" (quarter) and
    // "2026-10-01..2026-10-15" (custom, both days included). Errors quote the text and say what is wrong.
    static Result<Period> parse(const QString &text);

    bool isValid() const { return mFirst.isValid(); }
    PeriodKind kind() const { return mKind; }
    QDate first() const { return mFirst; }
    QDate last() const { return mLast; }
    qint64 dayCount() const { return isValid() ? mFirst.daysTo(mLast) + 1 : 0; }
    bool contains(const QDate &day) const { return day >= mFirst && day <= mLast; }

    // The start of the first day and the start of the day after the last, in UTC: [begin, end).
    QDateTime begin() const { return beijingMidnight(mFirst); }
    QDateTime end() const { return beijingMidnight(mLast.addDays(1)); }

    // The period before: the previous day, week, month or quarter; a custom period of the same length that
    // ends the day before this one starts.
    Period previous() const;
    // The text parse() accepts: "2026-10", "2026-W43", "2026-Q4", "2026-10-31", "2026-10-01..2026-10-15".
    QString label() const;

    friend bool operator==(const Period &, const Period &) = default;

private:
    Period(PeriodKind kind, QDate first, QDate last)
        : mKind(kind)
        , mFirst(first)
        , mLast(last)
    {}
    PeriodKind mKind = PeriodKind::Custom;
    QDate mFirst;
    QDate mLast;
};

// Who is evaluated.
enum class SubjectKind {
    Supervisor,         // a user: reports, verifications, checks; miss rate over the grids they patrol
    Acceptor,           // a user: accept step
    ShiftLeader,        // a user: filing (and closing)
    Dispatcher,         // a user: dispatching
    ResponsibleUnit,    // a unit: handling of the cases dispatched to it
    UnitGrid,           // cases located in a unit grid
    ResponsibilityGrid, // cases located in a responsibility grid's unit grids
    Community,          // cases located in a community
    Street,
    District,
};
inline constexpr int SubjectKindCount = int(SubjectKind::District) + 1;

QString subjectKindName(SubjectKind kind);  // stable id: "supervisor", "responsible_unit", "street", ...
QString subjectKindLabel(SubjectKind kind); // translated (context "cg::Evaluation")
Result<SubjectKind> parseSubjectKind(const QString &name); // also accepts "unit" and "grid"
ScoreKind scoreKindOf(SubjectKind kind);                   // areas and grids score as ScoreKind::Area

QString scoreKindName(ScoreKind kind); // stable id: "supervisor", "acceptor", "responsible_unit", "area", ...
Result<ScoreKind> parseScoreKind(const QString &name);
bool isAreaKind(SubjectKind kind); // UnitGrid, ResponsibilityGrid, Community, Street, District

// One evaluation: every subject of `kind` within `scope` (null: everywhere the reader may see) over `period`.
// For people and units the scope is their jurisdiction; for areas and grids it is where they lie.
struct EvaluationQuery
{
    Period period;
    SubjectKind kind = SubjectKind::Street;
    JurisdictionCode scope;
    // Reference time for "overdue and still open at the period's end" while the period is still running
    // (null: the current time).
    QDateTime now;
};

// One ranked subject.
struct EvaluationRow
{
    SubjectKind kind = SubjectKind::Street;
    qint64 subjectId = 0; // user or unit id; 0 for areas and grids
    QString subject;      // login, unit code, jurisdiction code, unit grid or responsibility grid code
    QString name;         // display name
    IndicatorCounts counts;
    Score score;
    int rank = 0; // 1 = best; equal points share a rank (1, 2, 2, 4); 0 when there is no score
    std::optional<int> previousRank;      // rank in period.previous(), when ranked there
    std::optional<double> previousPoints; // points in period.previous(), when scored there
    // points − previousPoints (rounded to 0.01); nullopt when either is missing.
    std::optional<double> change;
    // previousRank − rank: positive when the subject moved up; nullopt when either is missing.
    std::optional<int> rankChange() const
    {
        if (!previousRank || rank == 0)
            return std::nullopt;
        return *previousRank - rank;
    }
};

// Ranks rows in place by points (best first; unscored rows last, by subject), giving equal points the same
// rank. Used by every implementation so that ranking is the same everywhere.
void rankRows(QList<EvaluationRow> &rows);
// Fills previousRank, previousPoints and change of `rows` from the ranked rows of the previous period.
void applyPrevious(QList<EvaluationRow> &rows, const QList<EvaluationRow> &previous);

// The evaluation store: daily facts kept up to date with every case event, answered per period.
class EvaluationRepository
{
public:
    virtual ~EvaluationRepository() = default;

    // Every subject of the query's kind with counts in the period or the one before, scored with the
    // stored weights of scoreKindOf(kind), ranked, with the change against period.previous().
    virtual Result<QList<EvaluationRow>> evaluate(const EvaluationQuery &query) = 0;

    // The ids of the cases behind an area or grid row: cases located in `subject` (an area or grid of the
    // query's kind) with an event in the period, newest first, at most `limit` (drill-down to cases).
    virtual Result<QList<qint64>> casesOf(const EvaluationQuery &query, const QString &subject,
                                          int limit = 500) = 0;

    // The weights in force (the stored ones, or ScoreWeights::defaults when none were stored).
    virtual Result<ScoreWeights> weights(ScoreKind kind) = 0;
    // Stores new weights (administrators); ScoreWeights::make() has validated them.
    virtual Status setWeights(ScoreKind kind, const ScoreWeights &weights) = 0;
    // Forgets stored weights: the defaults apply again.
    virtual Status resetWeights(ScoreKind kind) = 0;

    // Rebuilds every daily fact from the case events (after a copy, an import, or to check the incremental
    // facts), in one transaction.
    virtual Status recomputeFacts() = 0;
};

} // namespace cg
