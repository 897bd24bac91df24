#include "core/evaluationquery.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

QDate beijingDate(const QDateTime &time)
{
    return time.toOffsetFromUtc(BeijingUtcOffsetSeconds).date();
}

QDateTime beijingMidnight(const QDate &day)
{
    return QDateTime(day, QTime(0, 0), Qt::OffsetFromUTC, BeijingUtcOffsetSeconds).toUTC();
}

Period Period::day(const QDate &d)
{
    return d.isValid() ? Period(PeriodKind::Day, d, d) : Period();
}

Period Period::week(const QDate &anyDay)
{
    if (!anyDay.isValid())
        return {};
    const QDate monday = anyDay.addDays(1 - anyDay.dayOfWeek());
    return Period(PeriodKind::Week, monday, monday.addDays(6));
}

Period Period::month(int year, int month)
{
    const QDate first(year, month, 1);
    if (!first.isValid())
        return {};
    return Period(PeriodKind::Month, first, first.addMonths(1).addDays(-1));
}

Period Period::quarter(int year, int quarter)
{
    if (quarter < 1 || quarter > 4)
        return {};
    const QDate first(year, 3 * (quarter - 1) + 1, 1);
    if (!first.isValid())
        return {};
    return Period(PeriodKind::Quarter, first, first.addMonths(3).addDays(-1));
}

Result<Period> Period::custom(const QDate &first, const QDate &last)
{
    if (!first.isValid() || !last.isValid())
        return makeError(ErrorCode::InvalidInput, u"a period needs a valid first and last day"_s);
    if (last < first)
        return makeError(ErrorCode::InvalidInput,
                         u"the period %1..%2 ends before it begins"_s.arg(first.toString(Qt::ISODate),
                                                                          last.toString(Qt::ISODate)));
    return Period(PeriodKind::Custom, first, last);
}

Period Period::containing(PeriodKind kind, const QDate &d)
{
    if (!d.isValid())
        return {};
    switch (kind) {
    case PeriodKind::Day:
    case PeriodKind::Custom:
        return day(d);
    case PeriodKind::Week:
        return week(d);
    case PeriodKind::Month:
        return month(d.year(), d.month());
    case PeriodKind::Quarter:
        return quarter(d.year(), (d.month() - 1) / 3 + 1);
    }
    return {};
}

namespace {

Result<QDate> parseDay(const QString &text, const QString &whole)
{
    static const QRegularExpression pattern(u"^(\\d{4})-(\\d{2})-(\\d{2})$"_s);
    const auto m = pattern.match(text);
    if (!m.hasMatch())
        return makeError(ErrorCode::InvalidInput,
                         u"period '%1': '%2' is not a day written as YYYY-MM-DD"_s.arg(whole, text));
    const QDate d(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    if (!d.isValid())
        return makeError(ErrorCode::InvalidInput,
                         u"period '%1': %2 is not a day of the calendar"_s.arg(whole, text));
    return d;
}

} // namespace

Result<Period> Period::parse(const QString &input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         u"the period is empty; write e.g. 2026-10, 2026-W43, 2026-Q4, 2026-10-31 or "
                         u"2026-10-01..2026-10-15"_s);
    const qsizetype dots = text.indexOf(u".."_s);
    if (dots >= 0) {
        auto first = parseDay(text.left(dots).trimmed(), text);
        if (!first)
            return first.error();
        auto last = parseDay(text.mid(dots + 2).trimmed(), text);
        if (!last)
            return last.error();
        if (*last < *first)
            return makeError(ErrorCode::InvalidInput, u"period '%1' ends before it begins"_s.arg(text));
        return Period(PeriodKind::Custom, *first, *last);
    }
    static const QRegularExpression monthPattern(u"^(\\d{4})-(\\d{2})$"_s);
    static const QRegularExpression weekPattern(u"^(\\d{4})-[Ww](\\d{1,2})$"_s);
    static const QRegularExpression quarterPattern(u"^(\\d{4})-[Qq](\\d)$"_s);
    if (const auto m = monthPattern.match(text); m.hasMatch()) {
        const int month = m.captured(2).toInt();
        if (month < 1 || month > 12)
            return makeError(ErrorCode::InvalidInput,
                             u"period '%1': month %2 is not between 01 and 12"_s.arg(text, m.captured(2)));
        return Period::month(m.captured(1).toInt(), month);
    }
    if (const auto m = weekPattern.match(text); m.hasMatch()) {
        const int year = m.captured(1).toInt();
        const int week = m.captured(2).toInt();
        // ISO 8601: week 1 holds 4 January; a year has 52 or 53 weeks.
        const QDate jan4(year, 1, 4);
        const QDate week1Monday = jan4.addDays(1 - jan4.dayOfWeek());
        const QDate dec28(year, 12, 28);
        const int weeks = dec28.weekNumber();
        if (week < 1 || week > weeks)
            return makeError(
                ErrorCode::InvalidInput,
                u"period '%1': %2 has ISO weeks 1 to %3, not %4"_s.arg(text).arg(year).arg(weeks).arg(week));
        return Period::week(week1Monday.addDays(7 * (week - 1)));
    }
    if (const auto m = quarterPattern.match(text); m.hasMatch()) {
        const int quarter = m.captured(2).toInt();
        if (quarter < 1 || quarter > 4)
            return makeError(ErrorCode::InvalidInput,
                             u"period '%1': quarter %2 is not between 1 and 4"_s.arg(text).arg(quarter));
        return Period::quarter(m.captured(1).toInt(), quarter);
    }
    if (text.size() == 10 && text[4] == u'-') {
        auto d = parseDay(text, text);
        if (!d)
            return d.error();
        return Period::day(*d);
    }
    return makeError(
        ErrorCode::InvalidInput,
        u"period '%1' is not understood; write a month (2026-10), an ISO week (2026-W43), a "
        u"quarter (2026-Q4), a day (2026-10-31) or a range (2026-10-01..2026-10-15)"_s.arg(text));
}

Period Period::previous() const
{
    if (!isValid())
        return {};
    switch (mKind) {
    case PeriodKind::Day:
        return day(mFirst.addDays(-1));
    case PeriodKind::Week:
        return week(mFirst.addDays(-7));
    case PeriodKind::Month:
        return containing(PeriodKind::Month, mFirst.addDays(-1));
    case PeriodKind::Quarter:
        return containing(PeriodKind::Quarter, mFirst.addDays(-1));
    case PeriodKind::Custom:
        return Period(PeriodKind::Custom, mFirst.addDays(-dayCount()), mFirst.addDays(-1));
    }
    return {};
}

QString Period::label() const
{
    if (!isValid())
        return {};
    switch (mKind) {
    case PeriodKind::Day:
        return mFirst.toString(Qt::ISODate);
    case PeriodKind::Week: {
        int year = 0;
        const int week = mFirst.weekNumber(&year);
        return u"%1-W%2"_s.arg(year).arg(week, 2, 10, QChar(u'0'));
    }
    case PeriodKind::Month:
        return mFirst.toString(u"yyyy-MM"_s);
    case PeriodKind::Quarter:
        return u"%1-Q%2"_s.arg(mFirst.year()).arg((mFirst.month() - 1) / 3 + 1);
    case PeriodKind::Custom:
        return mFirst.toString(Qt::ISODate) + u".."_s + mLast.toString(Qt::ISODate);
    }
    return {};
}

namespace {

struct SubjectKindInfo
{
    SubjectKind kind;
    const char16_t *name;
    const char *label;
};

constexpr std::array<SubjectKindInfo, SubjectKindCount> subjectKinds{{
    {SubjectKind::Supervisor, u"supervisor", QT_TRANSLATE_NOOP("cg::Evaluation", "Grid supervisors")},
    {SubjectKind::Acceptor, u"acceptor", QT_TRANSLATE_NOOP("cg::Evaluation", "Acceptors")},
    {SubjectKind::ShiftLeader, u"shift_leader", QT_TRANSLATE_NOOP("cg::Evaluation", "Shift leaders")},
    {SubjectKind::Dispatcher, u"dispatcher", QT_TRANSLATE_NOOP("cg::Evaluation", "Dispatchers")},
    {SubjectKind::ResponsibleUnit, u"responsible_unit",
     QT_TRANSLATE_NOOP("cg::Evaluation", "Responsible units")},
    {SubjectKind::UnitGrid, u"unit_grid", QT_TRANSLATE_NOOP("cg::Evaluation", "Unit grids")},
    {SubjectKind::ResponsibilityGrid, u"responsibility_grid",
     QT_TRANSLATE_NOOP("cg::Evaluation", "Responsibility grids")},
    {SubjectKind::Community, u"community", QT_TRANSLATE_NOOP("cg::Evaluation", "Communities")},
    {SubjectKind::Street, u"street", QT_TRANSLATE_NOOP("cg::Evaluation", "Streets")},
    {SubjectKind::District, u"district", QT_TRANSLATE_NOOP("cg::Evaluation", "Districts")},
}};

struct ScoreKindInfo
{
    ScoreKind kind;
    const char16_t *name;
};

constexpr std::array<ScoreKindInfo, 6> scoreKinds{{
    {ScoreKind::Supervisor, u"supervisor"},
    {ScoreKind::Acceptor, u"acceptor"},
    {ScoreKind::ShiftLeader, u"shift_leader"},
    {ScoreKind::Dispatcher, u"dispatcher"},
    {ScoreKind::ResponsibleUnit, u"responsible_unit"},
    {ScoreKind::Area, u"area"},
}};

} // namespace

QString subjectKindName(SubjectKind kind)
{
    return QString::fromUtf16(subjectKinds[int(kind)].name);
}

QString subjectKindLabel(SubjectKind kind)
{
    return QCoreApplication::translate("cg::Evaluation", subjectKinds[int(kind)].label);
}

Result<SubjectKind> parseSubjectKind(const QString &input)
{
    const QString name = input.trimmed().toLower().replace(u'-', u'_');
    if (name == u"unit")
        return SubjectKind::ResponsibleUnit;
    if (name == u"grid")
        return SubjectKind::UnitGrid;
    for (const auto &k : subjectKinds) {
        if (name == QStringView(k.name))
            return k.kind;
    }
    QStringList names;
    for (const auto &k : subjectKinds)
        names.append(QString::fromUtf16(k.name));
    return makeError(ErrorCode::InvalidInput,
                     u"subject kind '%1' is unknown; use one of %2"_s.arg(input, names.join(u", "_s)));
}

ScoreKind scoreKindOf(SubjectKind kind)
{
    switch (kind) {
    case SubjectKind::Supervisor:
        return ScoreKind::Supervisor;
    case SubjectKind::Acceptor:
        return ScoreKind::Acceptor;
    case SubjectKind::ShiftLeader:
        return ScoreKind::ShiftLeader;
    case SubjectKind::Dispatcher:
        return ScoreKind::Dispatcher;
    case SubjectKind::ResponsibleUnit:
        return ScoreKind::ResponsibleUnit;
    case SubjectKind::UnitGrid:
    case SubjectKind::ResponsibilityGrid:
    case SubjectKind::Community:
    case SubjectKind::Street:
    case SubjectKind::District:
        return ScoreKind::Area;
    }
    return ScoreKind::Area;
}

bool isAreaKind(SubjectKind kind)
{
    return scoreKindOf(kind) == ScoreKind::Area;
}

QString scoreKindName(ScoreKind kind)
{
    for (const auto &k : scoreKinds) {
        if (k.kind == kind)
            return QString::fromUtf16(k.name);
    }
    return {};
}

Result<ScoreKind> parseScoreKind(const QString &input)
{
    const QString name = input.trimmed().toLower().replace(u'-', u'_');
    if (name == u"unit")
        return ScoreKind::ResponsibleUnit;
    for (const auto &k : scoreKinds) {
        if (name == QStringView(k.name))
            return k.kind;
    }
    QStringList names;
    for (const auto &k : scoreKinds)
        names.append(QString::fromUtf16(k.name));
    return makeError(ErrorCode::InvalidInput,
                     u"score kind '%1' is unknown; use one of %2"_s.arg(input, names.join(u", "_s)));
}

void rankRows(QList<EvaluationRow> &rows)
{
    std::sort(rows.begin(), rows.end(), [](const EvaluationRow &a, const EvaluationRow &b) {
        if (a.score.points.has_value() != b.score.points.has_value())
            return a.score.points.has_value();
        if (a.score.points && *a.score.points != *b.score.points)
            return *a.score.points > *b.score.points;
        return a.subject < b.subject;
    });
    int rank = 0;
    std::optional<double> last;
    for (int i = 0; i < rows.size(); ++i) {
        EvaluationRow &r = rows[i];
        if (!r.score.points) {
            r.rank = 0;
            continue;
        }
        if (!last || *last != *r.score.points)
            rank = i + 1;
        last = r.score.points;
        r.rank = rank;
    }
}

void applyPrevious(QList<EvaluationRow> &rows, const QList<EvaluationRow> &previous)
{
    QHash<QString, const EvaluationRow *> bySubject;
    for (const EvaluationRow &p : previous)
        bySubject.insert(p.subject, &p);
    for (EvaluationRow &r : rows) {
        r.previousRank.reset();
        r.previousPoints.reset();
        r.change.reset();
        const EvaluationRow *p = bySubject.value(r.subject);
        if (!p)
            continue;
        if (p->rank > 0)
            r.previousRank = p->rank;
        r.previousPoints = p->score.points;
        if (r.score.points && p->score.points)
            r.change = std::round((*r.score.points - *p->score.points) * 100.0) / 100.0;
    }
}

} // namespace cg
