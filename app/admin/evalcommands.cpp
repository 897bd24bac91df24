#include "evalcommands.h"

#include "session/session.h"

#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace cg::admin {

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

int fail(const QString &message, int code = 1)
{
    QTextStream(stderr) << "citygrid-admin: " << message << Qt::endl;
    return code;
}

QString csvField(QString v)
{
    if (v.contains(u',') || v.contains(u'"') || v.contains(u'\n')) {
        v.replace(u"\""_s, u"\"\""_s);
        return u'"' + v + u'"';
    }
    return v;
}

QString points(const std::optional<double> &p)
{
    return p ? QString::number(*p, 'f', 2) : u"-"_s;
}

QString percent(const std::optional<double> &r)
{
    return r ? QString::number(*r * 100.0, 'f', 1) + u'%' : u"n/a"_s;
}

QString local(const QDateTime &t)
{
    return t.isValid() ? t.toOffsetFromUtc(8 * 3600).toString(u"yyyy-MM-dd HH:mm"_s) : u"-"_s;
}

// "2026-11-04 09:00" or "2026-11-04" in Beijing time.
Result<QDateTime> parseBeijing(const QString &text, const QString &option)
{
    for (const QString &format : {u"yyyy-MM-dd HH:mm"_s, u"yyyy-MM-ddTHH:mm"_s, u"yyyy-MM-dd"_s}) {
        const QDateTime t = QDateTime::fromString(text.trimmed(), format);
        if (t.isValid())
            return QDateTime(t.date(), t.time(), Qt::OffsetFromUTC, 8 * 3600).toUTC();
    }
    return makeError(
        ErrorCode::InvalidInput,
        u"--%1 '%2' is not a Beijing time written as YYYY-MM-DD or YYYY-MM-DD HH:MM"_s.arg(option, text));
}

// "handling_rate=30,on_time_handling_rate=20,1-rework_rate=20": "1-" marks a term counted as (1 − rate).
Result<ScoreWeights> parseTerms(const QString &text)
{
    QList<ScoreTerm> terms;
    const QStringList parts = text.split(u',', Qt::SkipEmptyParts);
    for (const QString &raw : parts) {
        const QString part = raw.trimmed();
        const qsizetype eq = part.indexOf(u'=');
        if (eq <= 0)
            return makeError(ErrorCode::InvalidInput,
                             u"weight term '%1' is not INDICATOR=WEIGHT (or 1-INDICATOR=WEIGHT)"_s.arg(part));
        QString name = part.left(eq).trimmed();
        const bool inverted = name.startsWith(u"1-"_s);
        if (inverted)
            name = name.mid(2).trimmed();
        auto indicator = parseIndicator(name);
        if (!indicator)
            return makeError(ErrorCode::InvalidInput,
                             u"weight term '%1': %2"_s.arg(part, indicator.errorMessage()));
        bool ok = false;
        const double weight = part.mid(eq + 1).trimmed().toDouble(&ok);
        if (!ok)
            return makeError(ErrorCode::InvalidInput, u"weight term '%1': '%2' is not a number"_s.arg(
                                                          part, part.mid(eq + 1).trimmed()));
        terms.append({*indicator, weight, inverted});
    }
    return ScoreWeights::make(terms);
}

QString termsText(const ScoreWeights &w)
{
    QStringList parts;
    for (const ScoreTerm &t : w.terms())
        parts.append((t.inverted ? u"1-"_s : QString()) + indicatorName(t.indicator) + u'=' +
                     QString::number(t.weight));
    return parts.join(u',');
}

int runEval(Session &session, const QCommandLineParser &p)
{
    if (!p.isSet(u"period"_s))
        return fail(
            u"usage: citygrid-admin eval --period 2026-10 --kind street [--scope CODE] [--csv FILE]"_s, 2);
    auto period = Period::parse(p.value(u"period"_s));
    if (!period)
        return fail(period.errorMessage(), 2);
    auto kind = parseSubjectKind(p.isSet(u"kind"_s) ? p.value(u"kind"_s) : u"street"_s);
    if (!kind)
        return fail(kind.errorMessage(), 2);
    EvaluationQuery q;
    q.period = *period;
    q.kind = *kind;
    if (p.isSet(u"scope"_s)) {
        auto scope = JurisdictionCode::parse(p.value(u"scope"_s));
        if (!scope)
            return fail(u"--scope: "_s + scope.errorMessage(), 2);
        q.scope = *scope;
    }
    auto rows = session.evaluation().evaluate(q);
    if (!rows)
        return fail(rows.errorMessage());
    QList<Indicator> shown; // the indicators of the score
    if (auto w = session.evaluation().weights(scoreKindOf(*kind)); w) {
        for (const ScoreTerm &t : w->terms())
            shown.append(t.indicator);
    }
    if (p.isSet(u"csv"_s)) {
        QSaveFile file(p.value(u"csv"_s));
        if (!file.open(QIODevice::WriteOnly))
            return fail(u"%1 cannot be written: %2"_s.arg(file.fileName(), file.errorString()));
        QTextStream csv(&file);
        csv.setEncoding(QStringConverter::Utf8);
        csv.setGenerateByteOrderMark(true); // spreadsheets open UTF-8 Chinese names correctly
        QStringList header{u"period"_s, u"kind"_s,  u"rank"_s,          u"subject"_s,         u"name"_s,
                           u"points"_s, u"grade"_s, u"previous_rank"_s, u"previous_points"_s, u"change"_s};
        for (int i = 0; i < IndicatorCount; ++i)
            header.append(indicatorName(Indicator(i)));
        csv << header.join(u',') << "\n";
        for (const EvaluationRow &r : std::as_const(*rows)) {
            QStringList fields{period->label(),
                               subjectKindName(r.kind),
                               r.rank > 0 ? QString::number(r.rank) : QString(),
                               r.subject,
                               r.name,
                               r.score.points ? QString::number(*r.score.points, 'f', 2) : QString(),
                               r.score.grade.isNull() ? QString() : QString(r.score.grade),
                               r.previousRank ? QString::number(*r.previousRank) : QString(),
                               r.previousPoints ? QString::number(*r.previousPoints, 'f', 2) : QString(),
                               r.change ? QString::number(*r.change, 'f', 2) : QString()};
            for (int i = 0; i < IndicatorCount; ++i) {
                const auto value = rate(r.counts, Indicator(i));
                fields.append(value ? QString::number(*value, 'f', 4) : QString());
            }
            QStringList escaped;
            for (const QString &f : fields)
                escaped.append(csvField(f));
            csv << escaped.join(u',') << "\n";
        }
        csv.flush();
        if (!file.commit())
            return fail(u"%1 cannot be written: %2"_s.arg(file.fileName(), file.errorString()));
        out() << "wrote " << rows->size() << " row(s) of " << subjectKindName(*kind) << " for "
              << period->label() << " to " << file.fileName() << Qt::endl;
        return 0;
    }
    out() << subjectKindLabel(*kind) << ", " << period->label() << " ("
          << period->first().toString(Qt::ISODate) << " .. " << period->last().toString(Qt::ISODate)
          << ", compared with " << period->previous().label() << ")\n";
    out() << "rank  subject          points grade  change  prev  ";
    for (Indicator i : shown)
        out() << indicatorName(i) << "  ";
    out() << "name\n";
    for (const EvaluationRow &r : std::as_const(*rows)) {
        out() << QString(r.rank > 0 ? QString::number(r.rank) : u"-"_s).leftJustified(6)
              << r.subject.leftJustified(16) << ' ' << points(r.score.points).rightJustified(6) << ' '
              << QString(r.score.grade.isNull() ? u"-"_s : QString(r.score.grade)).rightJustified(5) << ' '
              << QString(r.change ? QString::asprintf("%+.2f", *r.change) : u"-"_s).rightJustified(7) << ' '
              << QString(r.previousRank ? QString::number(*r.previousRank) : u"-"_s).rightJustified(5)
              << "  ";
        for (Indicator i : shown)
            out() << percent(rate(r.counts, i)).rightJustified(int(indicatorName(i).size())) << "  ";
        out() << r.name << "\n";
    }
    out() << rows->size() << " row(s)" << Qt::endl;
    return 0;
}

int runWeights(Session &session, const QStringList &args, const QCommandLineParser &p)
{
    const QString sub = args.value(1);
    QList<ScoreKind> kinds;
    if (p.isSet(u"kind"_s)) {
        auto k = parseScoreKind(p.value(u"kind"_s));
        if (!k)
            return fail(k.errorMessage(), 2);
        kinds.append(*k);
    } else {
        kinds = {ScoreKind::Supervisor, ScoreKind::Acceptor,        ScoreKind::ShiftLeader,
                 ScoreKind::Dispatcher, ScoreKind::ResponsibleUnit, ScoreKind::Area};
    }
    auto &eval = session.evaluation();
    if (sub == u"show"_s) {
        for (ScoreKind k : kinds) {
            auto w = eval.weights(k);
            if (!w)
                return fail(w.errorMessage());
            out() << scoreKindName(k).leftJustified(18) << termsText(*w) << "\n";
        }
        out().flush();
        return 0;
    }
    if (sub == u"set"_s) {
        if (!p.isSet(u"kind"_s) || !p.isSet(u"terms"_s))
            return fail(u"usage: citygrid-admin weights set --kind KIND --terms "
                        u"\"handling_rate=30,on_time_handling_rate=20,1-rework_rate=20,...\""_s,
                        2);
        auto w = parseTerms(p.value(u"terms"_s));
        if (!w)
            return fail(
                u"the %1 weights were not changed: %2"_s.arg(scoreKindName(kinds.first()), w.errorMessage()));
        if (auto s = eval.setWeights(kinds.first(), *w); !s)
            return fail(s.errorMessage());
        out() << scoreKindName(kinds.first()) << ": " << termsText(*w) << Qt::endl;
        return 0;
    }
    if (sub == u"reset"_s) {
        if (!p.isSet(u"kind"_s))
            return fail(u"usage: citygrid-admin weights reset --kind KIND"_s, 2);
        if (auto s = eval.resetWeights(kinds.first()); !s)
            return fail(s.errorMessage());
        out() << scoreKindName(kinds.first()) << ": " << termsText(ScoreWeights::defaults(kinds.first()))
              << " (defaults)" << Qt::endl;
        return 0;
    }
    return fail(u"usage: citygrid-admin weights show|set|reset [--kind KIND] [--terms ...]"_s, 2);
}

int runEvent(Session &session, const QStringList &args, const QCommandLineParser &p)
{
    const QString sub = args.value(1);
    auto &eval = session.evaluation();
    if (sub == u"list"_s) {
        auto events = eval.majorEvents();
        if (!events)
            return fail(events.errorMessage());
        for (const MajorEvent &e : std::as_const(*events)) {
            QStringList area;
            for (const auto &a : e.areas)
                area.append(a.text());
            for (const auto &g : e.grids)
                area.append(g.text());
            if (!e.polygon.isEmpty())
                area.append(u"polygon(%1 points)"_s.arg(e.polygon.size()));
            QStringList classes;
            for (const auto &k : e.keyClasses)
                classes.append(k.toString());
            out() << e.id << "  " << e.name << "  " << local(e.startsAt) << " .. " << local(e.effectiveEnd())
                  << (e.endedAt.isValid() ? u" (ended early)"_s : QString()) << "  area: " << area.join(u' ')
                  << "  factor: " << (e.limitFactor ? QString::number(*e.limitFactor) : u"-"_s)
                  << "  limit: " << (e.handlingLimit.isNull() ? u"-"_s : e.handlingLimit.toString())
                  << "  key classes: " << (classes.isEmpty() ? u"-"_s : classes.join(u' ')) << "\n";
        }
        out() << events->size() << " major event(s)" << Qt::endl;
        return 0;
    }
    if (sub == u"add"_s) {
        if (!p.isSet(u"name"_s) || !p.isSet(u"starts"_s) || !p.isSet(u"ends"_s))
            return fail(
                u"usage: citygrid-admin event add --name NAME --starts \"2026-11-04 00:00\" --ends "
                u"\"2026-11-11 00:00\" [--areas \"CODE ...\"] [--polygon \"lon lat, ...\"] [--factor 0.5] "
                u"[--handling-limit 2wh] [--key-classes \"event/06010 ...\"]"_s,
                2);
        MajorEvent e;
        e.name = p.value(u"name"_s);
        auto starts = parseBeijing(p.value(u"starts"_s), u"starts"_s);
        if (!starts)
            return fail(starts.errorMessage(), 2);
        auto ends = parseBeijing(p.value(u"ends"_s), u"ends"_s);
        if (!ends)
            return fail(ends.errorMessage(), 2);
        e.startsAt = *starts;
        e.endsAt = *ends;
        for (const QString &code :
             p.value(u"areas"_s).split(QRegularExpression(u"[\\s,]+"_s), Qt::SkipEmptyParts)) {
            if (code.size() > 12) {
                auto g = UnitGridCode::parse(code);
                if (!g)
                    return fail(u"--areas: "_s + g.errorMessage(), 2);
                e.grids.append(*g);
            } else {
                auto j = JurisdictionCode::parse(code);
                if (!j)
                    return fail(u"--areas: "_s + j.errorMessage(), 2);
                e.areas.append(*j);
            }
        }
        if (p.isSet(u"polygon"_s)) {
            auto polygon = parsePolygon(p.value(u"polygon"_s));
            if (!polygon)
                return fail(u"--polygon: "_s + polygon.errorMessage(), 2);
            e.polygon = *polygon;
        }
        if (p.isSet(u"factor"_s)) {
            bool ok = false;
            e.limitFactor = p.value(u"factor"_s).toDouble(&ok);
            if (!ok)
                return fail(u"--factor '%1' is not a number"_s.arg(p.value(u"factor"_s)), 2);
        }
        if (p.isSet(u"handling-limit"_s)) {
            auto limit = TimeLimit::parse(p.value(u"handling-limit"_s));
            if (!limit)
                return fail(u"--handling-limit: "_s + limit.errorMessage(), 2);
            e.handlingLimit = *limit;
        }
        for (const QString &key :
             p.value(u"key-classes"_s).split(QRegularExpression(u"[\\s,]+"_s), Qt::SkipEmptyParts)) {
            auto k = CatalogueKey::parse(key);
            if (!k)
                return fail(u"--key-classes: "_s + k.errorMessage(), 2);
            if (!session.catalogue().find(*k))
                return fail(u"--key-classes: the catalogue has no class %1"_s.arg(k->toString()), 2);
            e.keyClasses.append(*k);
        }
        auto added = eval.addMajorEvent(e);
        if (!added)
            return fail(added.errorMessage());
        out() << "major event " << added->id << " '" << added->name << "' from " << local(added->startsAt)
              << " to " << local(added->endsAt) << Qt::endl;
        return 0;
    }
    if (sub == u"end"_s) {
        bool ok = false;
        const qint64 id = args.value(2).toLongLong(&ok);
        if (args.size() != 3 || !ok)
            return fail(u"usage: citygrid-admin event end ID [--at \"2026-11-06 18:00\"]"_s, 2);
        QDateTime at = QDateTime::currentDateTimeUtc();
        if (p.isSet(u"at"_s)) {
            auto t = parseBeijing(p.value(u"at"_s), u"at"_s);
            if (!t)
                return fail(t.errorMessage(), 2);
            at = *t;
        }
        if (auto s = eval.endMajorEvent(id, at); !s)
            return fail(s.errorMessage());
        out() << "major event " << id << " ended at " << local(at) << Qt::endl;
        return 0;
    }
    return fail(u"usage: citygrid-admin event add|list|end ..."_s, 2);
}

} // namespace

void addEvalOptions(QCommandLineParser &parser)
{
    // (--kind and --scope are shared with other commands; --csv is also read by report.)
    parser.addOptions({
        {u"period"_s, u"eval: 2026-10, 2026-W43, 2026-Q4, 2026-10-31 or 2026-10-01..2026-10-15."_s,
         u"period"_s},
        {u"csv"_s, u"eval, report: write the ranked rows (with every rate) to this CSV file."_s, u"file"_s},
        {u"terms"_s, u"weights set: INDICATOR=WEIGHT,1-INDICATOR=WEIGHT,... adding up to 100."_s, u"terms"_s},
        {u"name"_s, u"event add: the major event's name."_s, u"name"_s},
        {u"starts"_s, u"event add: start (Beijing time)."_s, u"datetime"_s},
        {u"ends"_s, u"event add: end (Beijing time)."_s, u"datetime"_s},
        {u"areas"_s, u"event add: jurisdiction codes and unit grid codes of the key area."_s, u"codes"_s},
        {u"polygon"_s, u"event add: the key area as \"lon lat, lon lat, ...\"."_s, u"points"_s},
        {u"factor"_s, u"event add: handling limits times this factor (0 < f < 1)."_s, u"f"_s},
        {u"handling-limit"_s, u"event add: an explicit handling limit, e.g. 2wh."_s, u"limit"_s},
        {u"key-classes"_s, u"event add: classes under key supervision during the event."_s, u"keys"_s},
        {u"at"_s, u"event end: when (Beijing time; default now)."_s, u"datetime"_s},
    });
}

QString evalUsage()
{
    return u"  eval --period 2026-10 --kind street [--scope CODE] [--csv FILE]\n"
           u"                                rank supervisors, acceptors, shift leaders, dispatchers, "
           u"units,\n"
           u"                                unit grids, responsibility grids, communities, streets, "
           u"districts\n"
           u"  eval rebuild                  recompute the daily evaluation facts from every case event\n"
           u"  weights show [--kind KIND]    score weights (supervisor, acceptor, shift_leader, dispatcher,\n"
           u"                                responsible_unit, area)\n"
           u"  weights set --kind KIND --terms \"handling_rate=30,1-rework_rate=20,...\"\n"
           u"  weights reset --kind KIND\n"
           u"  event add --name N --starts T --ends T [--areas CODES] [--polygon PTS] [--factor F]\n"
           u"            [--handling-limit L] [--key-classes KEYS]    major-event mode (重大活动)\n"
           u"  event list | event end ID [--at T]"_s;
}

bool isEvalCommand(const QStringList &arguments)
{
    return !arguments.isEmpty() && (arguments.first() == u"eval"_s || arguments.first() == u"weights"_s ||
                                    arguments.first() == u"event"_s);
}

int runEvalCommand(const QStringList &arguments, const QCommandLineParser &parser, const QString &storePath)
{
    auto session = Session::open(storePath, SqlStore::OpenMode::MustExist);
    if (!session)
        return fail(session.errorMessage());
    Session &s = **session;
    const QString command = arguments.first();
    if (command == u"eval"_s) {
        if (arguments.value(1) == u"rebuild"_s) {
            if (auto r = s.evaluation().recomputeFacts(); !r)
                return fail(r.errorMessage());
            out() << "rebuilt the evaluation facts of " << s.store().path() << Qt::endl;
            return 0;
        }
        return runEval(s, parser);
    }
    if (command == u"weights"_s)
        return runWeights(s, arguments, parser);
    return runEvent(s, arguments, parser);
}

} // namespace cg::admin
