#include "core/workcalendar.h"

#include <QTest>

#include <vector>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

// Tables are written in Shanghai wall time ("2025-03-03 11:00", optionally with seconds); the calendar takes
// and returns UTC instants, so these helpers convert at UTC+8 by hand, independently of the calendar.
QDateTime sh(const QString &text)
{
    const QDate date = QDate::fromString(text.left(10), u"yyyy-MM-dd"_s);
    const QTime time = QTime::fromString(text.mid(11), text.size() > 16 ? u"HH:mm:ss"_s : u"HH:mm"_s);
    Q_ASSERT(date.isValid() && time.isValid());
    return QDateTime(date, time, Qt::UTC).addSecs(-8 * 3600);
}

QString shText(const QDateTime &utc)
{
    if (!utc.isValid())
        return u"(invalid)"_s;
    return utc.toUTC().addSecs(8 * 3600).toString(u"yyyy-MM-dd HH:mm"_s);
}

WorkCalendar shippedCalendar()
{
    auto calendar = WorkCalendar::loadDefault();
    Q_ASSERT(calendar.ok());
    return calendar.value();
}

// "08:30-11:30 13:00-17:30" → periods; "xx" makes an invalid time.
QList<WorkPeriod> periods(const QString &text)
{
    QList<WorkPeriod> list;
    for (const QString &p : text.split(u' ', Qt::SkipEmptyParts)) {
        const QStringList ends = p.split(u'-');
        list.append(
            {QTime::fromString(ends.value(0), u"HH:mm"_s), QTime::fromString(ends.value(1), u"HH:mm"_s)});
    }
    return list;
}

TimeLimit limit(const QString &text)
{
    auto parsed = TimeLimit::parse(text);
    Q_ASSERT(parsed.ok());
    return parsed.value();
}

} // namespace

class TestWorkCalendar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults();
    void loadDefault();
    void deadlines_data();
    void deadlines();
    void utcInAndOut();
    void otherUtcOffset();
    void nullAndInvalid();
    void customPeriods_data();
    void customPeriods();
    void customWeekend();
    void workPeriodErrors_data();
    void workPeriodErrors();
    void holidayCsvErrors_data();
    void holidayCsvErrors();
    void holidaysMerge();
    void isWorkingDay_data();
    void isWorkingDay();
    void addedDays();
    void isWorkingTime_data();
    void isWorkingTime();
    void workingMinutesBetween_data();
    void workingMinutesBetween();
    void parkAndResume_data();
    void parkAndResume();
    void resumeRoundTrip();
    void againstMinuteWalk();
    void noWorkingDaysAtAll();
    void copiesAreIndependent();
};

void TestWorkCalendar::defaults()
{
    const WorkCalendar calendar;
    QCOMPARE(calendar.workPeriods(), periods(u"08:30-11:30 13:00-17:30"_s));
    QCOMPARE(calendar.workingMinutesPerDay(), 450);
    QCOMPARE(calendar.weekendDays(), (QList<Qt::DayOfWeek>{Qt::Saturday, Qt::Sunday}));
    QCOMPARE(calendar.utcOffsetMinutes(), 480);
    QCOMPARE(calendar.holidayCount(), 0);
    QCOMPARE(calendar.makeupWorkdayCount(), 0);
    // No holidays: National Day is an ordinary Wednesday.
    QVERIFY(calendar.isWorkingDay(QDate(2025, 10, 1)));
    QVERIFY(!calendar.isWorkingDay(QDate(2025, 10, 11)));
}

void TestWorkCalendar::loadDefault()
{
    auto calendar = WorkCalendar::loadDefault();
    QVERIFY2(calendar.ok(), qPrintable(calendar.errorMessage()));
    QCOMPARE(calendar->holidayCount(), 61);
    QCOMPARE(calendar->makeupWorkdayCount(), 11);
    QVERIFY(!calendar->isWorkingDay(QDate(2025, 10, 1)));
    QVERIFY(calendar->isWorkingDay(QDate(2025, 10, 11)));
    // 2025: 261 weekdays - 18 weekday holidays + 5 make-up weekend days = 248 working days.
    QCOMPARE(calendar->workingMinutesBetween(sh(u"2025-01-01 00:00"_s), sh(u"2026-01-01 00:00"_s)),
             248 * 450);
    QCOMPARE(calendar->workingMinutesBetween(sh(u"2026-01-01 00:00"_s), sh(u"2027-01-01 00:00"_s)),
             248 * 450);
}

void TestWorkCalendar::deadlines_data()
{
    QTest::addColumn<QString>("start"); // Shanghai wall time
    QTest::addColumn<QString>("limit");
    QTest::addColumn<QString>("expected"); // Shanghai wall time

    // Working hours: consumed period by period.
    QTest::newRow("across lunch (Mon)") << u"2025-03-03 11:00"_s << u"4wh"_s << u"2025-03-03 16:30"_s;
    QTest::newRow("lands on morning end") << u"2025-03-03 11:00"_s << u"30wm"_s << u"2025-03-03 11:30"_s;
    QTest::newRow("lands on day end") << u"2025-03-03 16:30"_s << u"1wh"_s << u"2025-03-03 17:30"_s;
    QTest::newRow("lands on day end, whole day")
        << u"2025-03-03 08:30"_s << u"450wm"_s << u"2025-03-03 17:30"_s;
    QTest::newRow("one minute past a day") << u"2025-03-03 08:30"_s << u"451wm"_s << u"2025-03-04 08:31"_s;
    QTest::newRow("start before 08:30") << u"2025-03-03 07:00"_s << u"2wh"_s << u"2025-03-03 10:30"_s;
    QTest::newRow("start at midnight") << u"2025-03-03 00:00"_s << u"3wh"_s << u"2025-03-03 11:30"_s;
    QTest::newRow("start at lunch") << u"2025-03-03 12:00"_s << u"2wh"_s << u"2025-03-03 15:00"_s;
    QTest::newRow("start on morning end") << u"2025-03-03 11:30"_s << u"1wh"_s << u"2025-03-03 14:00"_s;
    QTest::newRow("start after 17:30") << u"2025-03-03 19:00"_s << u"2wh"_s << u"2025-03-04 10:30"_s;
    QTest::newRow("working minutes over night")
        << u"2025-03-03 17:20"_s << u"30wm"_s << u"2025-03-04 08:50"_s;
    QTest::newRow("Fri evening to Mon") << u"2025-03-07 16:30"_s << u"4wh"_s << u"2025-03-10 11:30"_s;
    QTest::newRow("Saturday start") << u"2025-03-08 10:00"_s << u"4wh"_s << u"2025-03-10 14:00"_s;
    QTest::newRow("Dragon Boat long weekend") << u"2025-05-30 16:00"_s << u"4wh"_s << u"2025-06-03 11:00"_s;
    QTest::newRow("Qingming Fri-Sun") << u"2025-04-03 17:00"_s << u"1wh"_s << u"2025-04-07 09:00"_s;
    QTest::newRow("make-up Sun 2025-09-28") << u"2025-09-26 17:00"_s << u"1wh"_s << u"2025-09-28 09:00"_s;
    QTest::newRow("National Day week") << u"2025-09-30 16:00"_s << u"4wh"_s << u"2025-10-09 11:00"_s;
    QTest::newRow("start inside National Day") << u"2025-10-03 10:00"_s << u"2wh"_s << u"2025-10-09 10:30"_s;
    QTest::newRow("make-up Sat 2025-10-11") << u"2025-10-10 17:00"_s << u"1wh"_s << u"2025-10-11 09:00"_s;
    QTest::newRow("New Year 2026, make-up Sun") << u"2025-12-31 17:00"_s << u"1wh"_s << u"2026-01-04 09:00"_s;
    QTest::newRow("make-up Sat 2026-02-14") << u"2026-02-13 17:00"_s << u"1wh"_s << u"2026-02-14 09:00"_s;
    QTest::newRow("Spring Festival 2026") << u"2026-02-14 16:00"_s << u"4wh"_s << u"2026-02-24 11:00"_s;
    QTest::newRow("Spring Festival, 20 h") << u"2026-02-13 08:30"_s << u"20wh"_s << u"2026-02-24 15:00"_s;
    QTest::newRow("make-up Sat 2026-02-28") << u"2026-02-27 17:00"_s << u"1wh"_s << u"2026-02-28 09:00"_s;
    QTest::newRow("1000 working hours") << u"2025-03-03 08:30"_s << u"1000wh"_s << u"2025-09-10 11:00"_s;

    // Working days: the same clock time on the N-th working day after the (moved) start.
    QTest::newRow("5 wd, plain weeks") << u"2025-03-03 10:00"_s << u"5wd"_s << u"2025-03-10 10:00"_s;
    QTest::newRow("20 wd demolition") << u"2025-03-03 10:00"_s << u"20wd"_s << u"2025-03-31 10:00"_s;
    QTest::newRow("Fri 18:00 + 1 wd") << u"2025-03-07 18:00"_s << u"1wd"_s << u"2025-03-11 08:30"_s;
    QTest::newRow("lunch start + 1 wd") << u"2025-03-03 12:00"_s << u"1wd"_s << u"2025-03-04 13:00"_s;
    QTest::newRow("on morning end + 1 wd") << u"2025-03-03 11:30"_s << u"1wd"_s << u"2025-03-04 13:00"_s;
    QTest::newRow("on day end + 1 wd") << u"2025-03-03 17:30"_s << u"1wd"_s << u"2025-03-05 08:30"_s;
    QTest::newRow("over National Day, 1 wd") << u"2025-09-30 10:00"_s << u"1wd"_s << u"2025-10-09 10:00"_s;
    QTest::newRow("onto make-up Sat, 3 wd") << u"2025-09-30 10:00"_s << u"3wd"_s << u"2025-10-11 10:00"_s;
    QTest::newRow("over National Day, 5 wd") << u"2025-09-30 10:00"_s << u"5wd"_s << u"2025-10-14 10:00"_s;
    QTest::newRow("onto make-up Sun, 1 wd") << u"2025-09-26 10:00"_s << u"1wd"_s << u"2025-09-28 10:00"_s;
    QTest::newRow("Spring Festival, 1 wd") << u"2026-02-14 10:00"_s << u"1wd"_s << u"2026-02-24 10:00"_s;
    QTest::newRow("Spring Festival, 5 wd") << u"2026-02-12 09:00"_s << u"5wd"_s << u"2026-02-26 09:00"_s;
    QTest::newRow("60 wd (table search)") << u"2025-09-01 09:00"_s << u"60wd"_s << u"2025-11-28 09:00"_s;

    // Natural units ignore the calendar.
    QTest::newRow("2 nh across midnight") << u"2025-03-03 23:00"_s << u"2nh"_s << u"2025-03-04 01:00"_s;
    QTest::newRow("4 nh into a Saturday") << u"2025-03-07 22:00"_s << u"4nh"_s << u"2025-03-08 02:00"_s;
    QTest::newRow("4 nh into National Day") << u"2025-09-30 22:00"_s << u"4nh"_s << u"2025-10-01 02:00"_s;
    QTest::newRow("4 nh on a holiday") << u"2025-10-01 10:00"_s << u"4nh"_s << u"2025-10-01 14:00"_s;
    QTest::newRow("3 nd over holidays") << u"2025-09-30 10:00"_s << u"3nd"_s << u"2025-10-03 10:00"_s;
    QTest::newRow("45 minutes at night") << u"2025-10-01 23:50"_s << u"45m"_s << u"2025-10-02 00:35"_s;

    // Outside the precomputed 2000–2100 table the rules still apply.
    QTest::newRow("into 2000") << u"1999-12-31 17:00"_s << u"1wh"_s << u"2000-01-03 09:00"_s;
    QTest::newRow("out of 2100") << u"2100-12-31 17:00"_s << u"1wh"_s << u"2101-01-03 09:00"_s;
    QTest::newRow("wd into 2000") << u"1999-12-31 10:00"_s << u"2wd"_s << u"2000-01-04 10:00"_s;
}

void TestWorkCalendar::deadlines()
{
    QFETCH(QString, start);
    QFETCH(QString, limit);
    QFETCH(QString, expected);
    const WorkCalendar calendar = shippedCalendar();
    const QDateTime due = calendar.deadline(sh(start), ::limit(limit));
    QCOMPARE(shText(due), expected);
    QCOMPARE(due, sh(expected));
    QCOMPARE(due.timeSpec(), Qt::UTC);
}

void TestWorkCalendar::utcInAndOut()
{
    const WorkCalendar calendar = shippedCalendar();
    // Mon 2025-03-03 11:00 in Shanghai is 03:00 UTC; 16:30 there is 08:30 UTC.
    const QDateTime start(QDate(2025, 3, 3), QTime(3, 0), Qt::UTC);
    const QDateTime expected(QDate(2025, 3, 3), QTime(8, 30), Qt::UTC);
    QCOMPARE(calendar.deadline(start, limit(u"4wh"_s)), expected);
    // Any representation of the same instant gives the same answer.
    const QDateTime withOffset(QDate(2025, 3, 3), QTime(11, 0), Qt::OffsetFromUTC, 8 * 3600);
    QCOMPARE(calendar.deadline(withOffset, limit(u"4wh"_s)), expected);
    // A working day starts at 08:30 local = 00:30 UTC; a UTC date boundary is not a local one.
    QCOMPARE(calendar.nextWorkingTime(QDateTime(QDate(2025, 3, 2), QTime(20, 0), Qt::UTC)),
             QDateTime(QDate(2025, 3, 3), QTime(0, 30), Qt::UTC));
    QCOMPARE(calendar.fromLocal(QDate(2025, 3, 3), QTime(11, 0)), start);
    QCOMPARE(calendar.localDate(QDateTime(QDate(2025, 3, 2), QTime(16, 0), Qt::UTC)), QDate(2025, 3, 3));
    const QDateTime local = calendar.toLocal(start);
    QCOMPARE(local.time(), QTime(11, 0));
    QCOMPARE(local.offsetFromUtc(), 8 * 3600);
    QCOMPARE(local, start);
}

void TestWorkCalendar::otherUtcOffset()
{
    WorkCalendar calendar;
    calendar.setUtcOffsetMinutes(0);
    QCOMPARE(calendar.utcOffsetMinutes(), 0);
    const QDateTime start(QDate(2025, 3, 3), QTime(11, 0), Qt::UTC);
    QCOMPARE(calendar.deadline(start, limit(u"4wh"_s)), QDateTime(QDate(2025, 3, 3), QTime(16, 30), Qt::UTC));
    calendar.setUtcOffsetMinutes(-300); // UTC-5: 11:00 UTC is 06:00 local, before the day starts
    QCOMPARE(calendar.deadline(start, limit(u"1wh"_s)), QDateTime(QDate(2025, 3, 3), QTime(14, 30), Qt::UTC));
}

void TestWorkCalendar::nullAndInvalid()
{
    const WorkCalendar calendar = shippedCalendar();
    const QDateTime saturday = sh(u"2025-03-08 10:00"_s);
    QCOMPARE(calendar.deadline(saturday, TimeLimit{0, TimeUnit::WorkingHours}), saturday);
    QCOMPARE(calendar.deadline(saturday, TimeLimit{-3, TimeUnit::WorkingDays}), saturday);
    QVERIFY(!calendar.deadline(QDateTime(), limit(u"4wh"_s)).isValid());
    QVERIFY(!calendar.nextWorkingTime(QDateTime()).isValid());
    QCOMPARE(calendar.workingMinutesBetween(QDateTime(), saturday), 0);
    QCOMPARE(calendar.addWorkingMinutes(saturday, 0), saturday);
    QVERIFY(!calendar.isWorkingDay(QDate()));
}

void TestWorkCalendar::customPeriods_data()
{
    QTest::addColumn<QString>("periods");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("limit");
    QTest::addColumn<QString>("expected");
    const QString nineToSix = u"09:00-12:00 14:00-18:00"_s;
    QTest::newRow("across a long lunch")
        << nineToSix << u"2025-03-03 11:00"_s << u"4wh"_s << u"2025-03-03 17:00"_s;
    QTest::newRow("early start, period end")
        << nineToSix << u"2025-03-03 08:45"_s << u"3wh"_s << u"2025-03-03 12:00"_s;
    QTest::newRow("Fri to Mon") << nineToSix << u"2025-03-07 17:00"_s << u"2wh"_s << u"2025-03-10 10:00"_s;
    QTest::newRow("7 h day, 8 h") << nineToSix << u"2025-03-03 09:00"_s << u"8wh"_s << u"2025-03-04 10:00"_s;
    QTest::newRow("lunch + 1 wd") << nineToSix << u"2025-03-03 13:00"_s << u"1wd"_s << u"2025-03-04 14:00"_s;
    QTest::newRow("one period") << u"08:00-12:00"_s << u"2025-03-03 11:00"_s << u"2wh"_s
                                << u"2025-03-04 09:00"_s;
    QTest::newRow("three periods") << u"08:00-10:00 10:30-12:00 18:00-20:00"_s << u"2025-03-03 09:00"_s
                                   << u"4wh"_s << u"2025-03-03 19:30"_s;
    QTest::newRow("touching periods")
        << u"08:00-12:00 12:00-16:00"_s << u"2025-03-03 11:00"_s << u"2wh"_s << u"2025-03-03 13:00"_s;
}

void TestWorkCalendar::customPeriods()
{
    QFETCH(QString, periods);
    QFETCH(QString, start);
    QFETCH(QString, limit);
    QFETCH(QString, expected);
    WorkCalendar calendar;
    const Status set = calendar.setWorkPeriods(::periods(periods));
    QVERIFY2(set.ok(), qPrintable(set.errorMessage()));
    QCOMPARE(calendar.workPeriods(), ::periods(periods));
    const QDateTime due = calendar.deadline(sh(start), ::limit(limit));
    QCOMPARE(shText(due), expected);
    QCOMPARE(calendar.workingMinutesBetween(sh(start), due), ::limit(limit).unit == TimeUnit::WorkingHours
                                                                 ? ::limit(limit).amount * 60
                                                                 : calendar.workingMinutesPerDay());
}

void TestWorkCalendar::customWeekend()
{
    WorkCalendar calendar;
    calendar.setWeekendDays({Qt::Friday, Qt::Saturday});
    QCOMPARE(calendar.weekendDays(), (QList<Qt::DayOfWeek>{Qt::Friday, Qt::Saturday}));
    QVERIFY(!calendar.isWorkingDay(QDate(2025, 3, 7)));
    QVERIFY(calendar.isWorkingDay(QDate(2025, 3, 9)));
    QCOMPARE(shText(calendar.deadline(sh(u"2025-03-06 17:00"_s), limit(u"1wh"_s))), u"2025-03-09 09:00"_s);
    calendar.setWeekendDays({});
    QCOMPARE(shText(calendar.deadline(sh(u"2025-03-07 17:00"_s), limit(u"1wh"_s))), u"2025-03-08 09:00"_s);
}

void TestWorkCalendar::workPeriodErrors_data()
{
    QTest::addColumn<QString>("periods");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QString() << u"work periods: at least one period is needed"_s;
    QTest::newRow("end before start")
        << u"08:30-11:30 13:00-12:00"_s << u"work period 2 (13:00–12:00): the end must be after the start"_s;
    QTest::newRow("zero length") << u"09:00-09:00"_s
                                 << u"work period 1 (09:00–09:00): the end must be after the start"_s;
    QTest::newRow("overlap")
        << u"08:30-12:00 11:30-17:30"_s
        << u"work period 2 (11:30–17:30) starts before period 1 (08:30–12:00) ends; periods "
           u"must be in order of time and must not overlap"_s;
    QTest::newRow("unsorted")
        << u"13:00-17:30 08:30-11:30"_s
        << u"work period 2 (08:30–11:30) starts before period 1 (13:00–17:30) ends; periods "
           u"must be in order of time and must not overlap"_s;
    QTest::newRow("invalid time") << u"08:30-11:30 xx-17:30"_s
                                  << u"work period 2: the start and the end must be valid times"_s;
}

void TestWorkCalendar::workPeriodErrors()
{
    QFETCH(QString, periods);
    QFETCH(QString, message);
    WorkCalendar calendar;
    const Status set = calendar.setWorkPeriods(::periods(periods));
    QVERIFY(!set.ok());
    QCOMPARE(set.errorCode(), ErrorCode::InvalidInput);
    QCOMPARE(set.errorMessage(), message);
    // A refused change leaves the calendar as it was.
    QCOMPARE(calendar.workPeriods(), WorkCalendar().workPeriods());
    QCOMPARE(calendar.workingMinutesPerDay(), 450);
}

void TestWorkCalendar::holidayCsvErrors_data()
{
    QTest::addColumn<QString>("csv");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad date")
        << u"date,kind,name\n2025-10-01,holiday,National Day\n2025-13-01,holiday,Nowhere\n"_s
        << u"test-holidays.csv line 3: date '2025-13-01' is not a valid date; expected "
           u"YYYY-MM-DD"_s;
    QTest::newRow("short date")
        << u"date,kind,name\n2025-1-01,holiday,New Year\n"_s
        << u"test-holidays.csv line 2: date '2025-1-01' is not a valid date; expected "
           u"YYYY-MM-DD"_s;
    QTest::newRow("unknown kind")
        << u"date,kind,name\n2025-10-01,vacation,National Day\n"_s
        << u"test-holidays.csv line 2: kind 'vacation' is unknown; expected holiday or "
           u"workday"_s;
    QTest::newRow("listed twice")
        << u"date,kind,name\n2025-10-01,holiday,National Day\n2025-10-02,holiday,National Day\n"
           u"2025-10-01,workday,Again\n"_s
        << u"test-holidays.csv line 4: date 2025-10-01 is listed twice (first on line 2)"_s;
    QTest::newRow("missing column") << u"day,kind\n2025-10-01,holiday\n"_s
                                    << u"test-holidays.csv: missing column(s) date; the header is day,kind"_s;
    QTest::newRow("bad CSV") << u"date,kind,name\n2025-10-01,holiday\n"_s
                             << u"test-holidays.csv line 2: 2 fields; the header has 3"_s;
}

void TestWorkCalendar::holidayCsvErrors()
{
    QFETCH(QString, csv);
    QFETCH(QString, message);
    WorkCalendar calendar;
    const Status loaded = calendar.loadHolidays(csv.toUtf8(), u"test-holidays.csv"_s);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.errorCode(), ErrorCode::InvalidInput);
    QCOMPARE(loaded.errorMessage(), message);
    // Nothing of a refused file is applied, not even its good lines.
    QVERIFY(calendar.isWorkingDay(QDate(2025, 10, 1)));
    QCOMPARE(calendar.holidayCount(), 0);
}

void TestWorkCalendar::holidaysMerge()
{
    WorkCalendar calendar = shippedCalendar();
    // A local table adds to the shipped one and wins where both name a date.
    const Status loaded = calendar.loadHolidays(
        "\xEF\xBB\xBF"
        "date,kind,name\r\n2027-01-01,holiday,New Year\r\n2025-10-08,workday,\"Local, changed\"\r\n",
        u"local.csv"_s);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
    QVERIFY(!calendar.isWorkingDay(QDate(2027, 1, 1)));
    QVERIFY(calendar.isWorkingDay(QDate(2025, 10, 8)));
    QVERIFY(!calendar.isWorkingDay(QDate(2025, 10, 7)));
    QCOMPARE(calendar.holidayCount(), 61);
    QCOMPARE(calendar.makeupWorkdayCount(), 12);
}

void TestWorkCalendar::isWorkingDay_data()
{
    QTest::addColumn<QDate>("date");
    QTest::addColumn<bool>("working");
    QTest::newRow("plain Monday") << QDate(2025, 3, 3) << true;
    QTest::newRow("plain Saturday") << QDate(2025, 3, 8) << false;
    QTest::newRow("plain Sunday") << QDate(2025, 3, 9) << false;
    QTest::newRow("New Year 2025 (Wed)") << QDate(2025, 1, 1) << false;
    QTest::newRow("make-up Sun 2025-01-26") << QDate(2025, 1, 26) << true;
    QTest::newRow("make-up Sun 2025-09-28") << QDate(2025, 9, 28) << true;
    QTest::newRow("Sat 2025-09-27") << QDate(2025, 9, 27) << false;
    QTest::newRow("Tue 2025-09-30") << QDate(2025, 9, 30) << true;
    QTest::newRow("National Day (Wed)") << QDate(2025, 10, 1) << false;
    QTest::newRow("last holiday 2025-10-08") << QDate(2025, 10, 8) << false;
    QTest::newRow("Thu 2025-10-09") << QDate(2025, 10, 9) << true;
    QTest::newRow("make-up Sat 2025-10-11") << QDate(2025, 10, 11) << true;
    QTest::newRow("Sun 2025-10-12") << QDate(2025, 10, 12) << false;
    QTest::newRow("make-up Sun 2026-01-04") << QDate(2026, 1, 4) << true;
    QTest::newRow("make-up Sat 2026-02-14") << QDate(2026, 2, 14) << true;
    QTest::newRow("Spring Festival 2026-02-15") << QDate(2026, 2, 15) << false;
    QTest::newRow("Spring Festival Mon 2026-02-23") << QDate(2026, 2, 23) << false;
    QTest::newRow("Tue 2026-02-24") << QDate(2026, 2, 24) << true;
    QTest::newRow("make-up Sat 2026-02-28") << QDate(2026, 2, 28) << true;
    QTest::newRow("unlisted year: 2024-10-01 (Tue)") << QDate(2024, 10, 1) << true;
    QTest::newRow("before the table: 1999-10-01 (Fri)") << QDate(1999, 10, 1) << true;
    QTest::newRow("after the table: 2101-01-01 (Sat)") << QDate(2101, 1, 1) << false;
    QTest::newRow("last table day: 2100-12-31 (Fri)") << QDate(2100, 12, 31) << true;
}

void TestWorkCalendar::isWorkingDay()
{
    QFETCH(QDate, date);
    QFETCH(bool, working);
    QCOMPARE(shippedCalendar().isWorkingDay(date), working);
}

void TestWorkCalendar::addedDays()
{
    WorkCalendar calendar;
    calendar.addHoliday(QDate(2025, 3, 5));
    calendar.addMakeupWorkday(QDate(2025, 3, 8));
    QVERIFY(!calendar.isWorkingDay(QDate(2025, 3, 5)));
    QVERIFY(calendar.isWorkingDay(QDate(2025, 3, 8)));
    QCOMPARE(shText(calendar.deadline(sh(u"2025-03-04 17:00"_s), limit(u"1wh"_s))), u"2025-03-06 09:00"_s);
    QCOMPARE(shText(calendar.deadline(sh(u"2025-03-07 17:00"_s), limit(u"1wh"_s))), u"2025-03-08 09:00"_s);
    // The last call for a date wins.
    calendar.addHoliday(QDate(2025, 3, 8));
    QVERIFY(!calendar.isWorkingDay(QDate(2025, 3, 8)));
    // Days outside the precomputed table are honoured too.
    calendar.addHoliday(QDate(1999, 12, 31));
    calendar.addMakeupWorkday(QDate(2101, 1, 1));
    QCOMPARE(shText(calendar.deadline(sh(u"1999-12-30 17:00"_s), limit(u"1wh"_s))), u"2000-01-03 09:00"_s);
    QCOMPARE(shText(calendar.deadline(sh(u"2100-12-31 17:00"_s), limit(u"1wh"_s))), u"2101-01-01 09:00"_s);
    QCOMPARE(calendar.workingMinutesBetween(sh(u"1999-12-29 00:00"_s), sh(u"2000-01-04 00:00"_s)), 3 * 450);
}

void TestWorkCalendar::isWorkingTime_data()
{
    QTest::addColumn<QString>("instant");
    QTest::addColumn<bool>("working");
    QTest::newRow("08:29") << u"2025-03-03 08:29"_s << false;
    QTest::newRow("08:30") << u"2025-03-03 08:30"_s << true;
    QTest::newRow("11:29") << u"2025-03-03 11:29"_s << true;
    QTest::newRow("11:30") << u"2025-03-03 11:30"_s << false;
    QTest::newRow("13:00") << u"2025-03-03 13:00"_s << true;
    QTest::newRow("17:30") << u"2025-03-03 17:30"_s << false;
    QTest::newRow("holiday 10:00") << u"2025-10-01 10:00"_s << false;
    QTest::newRow("make-up Sat 10:00") << u"2025-10-11 10:00"_s << true;
}

void TestWorkCalendar::isWorkingTime()
{
    QFETCH(QString, instant);
    QFETCH(bool, working);
    QCOMPARE(shippedCalendar().isWorkingTime(sh(instant)), working);
}

void TestWorkCalendar::workingMinutesBetween_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<qint64>("minutes");
    QTest::newRow("one day") << u"2025-03-03 08:30"_s << u"2025-03-03 17:30"_s << qint64(450);
    QTest::newRow("calendar day") << u"2025-03-03 00:00"_s << u"2025-03-04 00:00"_s << qint64(450);
    QTest::newRow("over lunch") << u"2025-03-03 11:00"_s << u"2025-03-03 13:30"_s << qint64(60);
    QTest::newRow("inside lunch") << u"2025-03-03 11:40"_s << u"2025-03-03 12:50"_s << qint64(0);
    QTest::newRow("Fri to Mon") << u"2025-03-07 16:00"_s << u"2025-03-10 09:00"_s << qint64(120);
    QTest::newRow("Mon back to Fri") << u"2025-03-10 09:00"_s << u"2025-03-07 16:00"_s << qint64(-120);
    QTest::newRow("weekend") << u"2025-03-08 00:00"_s << u"2025-03-09 23:59"_s << qint64(0);
    QTest::newRow("same instant") << u"2025-03-03 10:00"_s << u"2025-03-03 10:00"_s << qint64(0);
    QTest::newRow("under a minute") << u"2025-03-03 10:00:00"_s << u"2025-03-03 10:00:59"_s << qint64(0);
    QTest::newRow("under a minute, back")
        << u"2025-03-03 10:00:59"_s << u"2025-03-03 10:00:00"_s << qint64(0);
    QTest::newRow("seconds") << u"2025-03-03 10:00:30"_s << u"2025-03-03 10:02:00"_s << qint64(1);
    QTest::newRow("National Day") << u"2025-09-30 08:30"_s << u"2025-10-09 08:30"_s << qint64(450);
    // 09-26 Fri, 09-28 Sun (make-up), 09-29, 09-30, 10-09, 10-10, 10-11 Sat (make-up)
    QTest::newRow("around National Day") << u"2025-09-26 08:30"_s << u"2025-10-13 08:30"_s << qint64(7 * 450);
    // 02-13, 02-14 (make-up), 02-24 .. 02-27, 02-28 (make-up)
    QTest::newRow("Spring Festival 2026")
        << u"2026-02-13 00:00"_s << u"2026-03-02 00:00"_s << qint64(7 * 450);
    QTest::newRow("across the table start")
        << u"1999-12-31 00:00"_s << u"2000-01-04 00:00"_s << qint64(2 * 450);
}

void TestWorkCalendar::workingMinutesBetween()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(qint64, minutes);
    QCOMPARE(shippedCalendar().workingMinutesBetween(sh(from), sh(to)), minutes);
}

void TestWorkCalendar::parkAndResume_data()
{
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("limit");
    QTest::addColumn<QString>("due");
    QTest::addColumn<QString>("parkAt");
    QTest::addColumn<qint64>("remaining");
    QTest::addColumn<QString>("resumeAt");
    QTest::addColumn<QString>("newDue");
    QTest::newRow("park Fri, resume Tue")
        << u"2025-03-07 16:00"_s << u"2wh"_s << u"2025-03-10 09:00"_s << u"2025-03-07 16:00"_s << qint64(120)
        << u"2025-03-11 09:00"_s << u"2025-03-11 11:00"_s;
    QTest::newRow("over National Day")
        << u"2025-09-30 09:00"_s << u"4wh"_s << u"2025-09-30 14:30"_s << u"2025-09-30 11:00"_s << qint64(120)
        << u"2025-10-09 16:30"_s << u"2025-10-10 09:30"_s;
    QTest::newRow("parked outside hours")
        << u"2025-03-03 16:00"_s << u"2wh"_s << u"2025-03-04 09:00"_s << u"2025-03-03 20:00"_s << qint64(30)
        << u"2025-03-08 10:00"_s << u"2025-03-10 09:00"_s;
    QTest::newRow("working days clock")
        << u"2025-03-03 10:00"_s << u"2wd"_s << u"2025-03-05 10:00"_s << u"2025-03-04 10:00"_s << qint64(450)
        << u"2025-03-07 15:00"_s << u"2025-03-10 15:00"_s;
    QTest::newRow("overdue when parked")
        << u"2025-03-07 14:00"_s << u"1wh"_s << u"2025-03-07 15:00"_s << u"2025-03-07 16:00"_s << qint64(-60)
        << u"2025-03-11 09:00"_s << u"2025-03-10 17:00"_s;
    QTest::newRow("natural hours") << u"2025-03-03 10:00"_s << u"4nh"_s << u"2025-03-03 14:00"_s
                                   << u"2025-03-03 12:00"_s << qint64(120) << u"2025-03-08 23:00"_s
                                   << u"2025-03-09 01:00"_s;
    QTest::newRow("natural, overdue")
        << u"2025-10-01 10:00"_s << u"30m"_s << u"2025-10-01 10:30"_s << u"2025-10-01 11:15"_s << qint64(-45)
        << u"2025-10-02 08:00"_s << u"2025-10-02 07:15"_s;
}

void TestWorkCalendar::parkAndResume()
{
    QFETCH(QString, start);
    QFETCH(QString, limit);
    QFETCH(QString, due);
    QFETCH(QString, parkAt);
    QFETCH(qint64, remaining);
    QFETCH(QString, resumeAt);
    QFETCH(QString, newDue);
    const WorkCalendar calendar = shippedCalendar();
    const TimeLimit l = ::limit(limit);
    const QDateTime dueAt = calendar.deadline(sh(start), l);
    QCOMPARE(shText(dueAt), due);
    QCOMPARE(calendar.remainingMinutes(sh(parkAt), dueAt, l.unit), remaining);
    const QDateTime resumed = calendar.resume(sh(resumeAt), remaining, l.unit);
    QCOMPARE(shText(resumed), newDue);
    QCOMPARE(resumed.timeSpec(), Qt::UTC);
    QCOMPARE(calendar.remainingMinutes(sh(resumeAt), resumed, l.unit), remaining);
}

void TestWorkCalendar::resumeRoundTrip()
{
    // Whatever the resume time, the clock restarts with exactly the minutes it was parked with, and a
    // deadline holds exactly its working time.
    const WorkCalendar calendar = shippedCalendar();
    const QList<qint64> remainders{-2000, -451, -450, -61, -1, 0, 1, 59, 449, 450, 451, 2000};
    const QDateTime first = sh(u"2025-09-25 00:00"_s);
    for (QDateTime at = first; at < sh(u"2025-10-15 00:00"_s); at = at.addSecs(23 * 60)) {
        for (qint64 r : remainders) {
            const QDateTime due = calendar.resume(at, r, TimeUnit::WorkingMinutes);
            QCOMPARE(calendar.remainingMinutes(at, due, TimeUnit::WorkingMinutes), r);
            QCOMPARE(
                calendar.remainingMinutes(at, calendar.resume(at, r, TimeUnit::Minutes), TimeUnit::Minutes),
                r);
        }
        for (int hours : {1, 4, 8, 40}) {
            const QDateTime due = calendar.deadline(at, TimeLimit{hours, TimeUnit::WorkingHours});
            QCOMPARE(calendar.workingMinutesBetween(at, due), qint64(hours) * 60);
            QCOMPARE(calendar.workingMinutesBetween(due, at), -qint64(hours) * 60);
        }
    }
}

void TestWorkCalendar::againstMinuteWalk()
{
    // A slow, obviously right reference: mark every working minute of two months, then walk minute by minute.
    const WorkCalendar calendar = shippedCalendar();
    const QDate firstDay(2025, 9, 15);
    const int days = 61;
    std::vector<bool> working(size_t(days) * 1440);
    for (int d = 0; d < days; ++d) {
        if (!calendar.isWorkingDay(firstDay.addDays(d)))
            continue;
        for (int m = 0; m < 1440; ++m)
            working[size_t(d * 1440 + m)] = (m >= 510 && m < 690) || (m >= 780 && m < 1050);
    }
    const QDateTime origin = calendar.fromLocal(firstDay, QTime(0, 0));
    const int lastStart = 40 * 1440;
    for (int start = 0; start < lastStart; start += 37) {
        for (int amount : {1, 30, 180, 449, 450, 451, 3000}) {
            int at = start;
            for (int left = amount; left > 0; ++at) {
                if (working[size_t(at)])
                    --left;
            }
            const QDateTime due = calendar.deadline(origin.addSecs(qint64(start) * 60),
                                                    TimeLimit{amount, TimeUnit::WorkingMinutes});
            QCOMPARE(shText(due), shText(origin.addSecs(qint64(at) * 60)));
        }
        const int end = start + 5 * 1440 + 13;
        qint64 count = 0;
        for (int m = start; m < end; ++m)
            count += working[size_t(m)] ? 1 : 0;
        QCOMPARE(calendar.workingMinutesBetween(origin.addSecs(qint64(start) * 60),
                                                origin.addSecs(qint64(end) * 60)),
                 count);
    }
}

void TestWorkCalendar::noWorkingDaysAtAll()
{
    // A calendar without working days cannot give a deadline; it must say so rather than hang.
    WorkCalendar calendar;
    calendar.setWeekendDays(
        {Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday, Qt::Saturday, Qt::Sunday});
    QVERIFY(!calendar.deadline(sh(u"2025-03-03 10:00"_s), limit(u"4wh"_s)).isValid());
    QVERIFY(!calendar.deadline(sh(u"2025-03-03 10:00"_s), limit(u"100wd"_s)).isValid());
    QVERIFY(!calendar.resume(sh(u"2025-03-03 10:00"_s), -30, TimeUnit::WorkingHours).isValid());
    QCOMPARE(shText(calendar.deadline(sh(u"2025-03-03 10:00"_s), limit(u"4nh"_s))), u"2025-03-03 14:00"_s);
    QCOMPARE(calendar.workingMinutesBetween(sh(u"2025-03-03 10:00"_s), sh(u"2025-04-03 10:00"_s)), 0);
}

void TestWorkCalendar::copiesAreIndependent()
{
    const WorkCalendar original = shippedCalendar();
    WorkCalendar copy = original;
    copy.addMakeupWorkday(QDate(2025, 10, 1));
    QVERIFY(copy.setWorkPeriods(periods(u"09:00-17:00"_s)).ok());
    QVERIFY(copy.isWorkingDay(QDate(2025, 10, 1)));
    QVERIFY(!original.isWorkingDay(QDate(2025, 10, 1)));
    QCOMPARE(original.workingMinutesPerDay(), 450);
    QCOMPARE(copy.workingMinutesPerDay(), 480);
}

QTEST_GUILESS_MAIN(TestWorkCalendar)
#include "test_workcalendar.moc"
