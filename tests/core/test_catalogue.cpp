#include "core/catalogue.h"
#include "core/csv.h"

#include <QSet>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

CatalogueKey key(const QString &text)
{
    return CatalogueKey::parse(text).value();
}

TimeLimit limit(const QString &text)
{
    return TimeLimit::parse(text).value();
}

// Minutes of a limit within its family (working: 8-hour days; natural: 24-hour days).
int minutes(const TimeLimit &l)
{
    switch (l.unit) {
    case TimeUnit::WorkingMinutes:
    case TimeUnit::Minutes:
        return l.amount;
    case TimeUnit::WorkingHours:
    case TimeUnit::NaturalHours:
        return l.amount * 60;
    case TimeUnit::WorkingDays:
        return l.amount * 8 * 60;
    case TimeUnit::NaturalDays:
        return l.amount * 24 * 60;
    }
    return 0;
}

// Names compared for "exact" mapping rows: bracket width and punctuation do not count.
QString normalised(QString name)
{
    name.replace(u'（', u'(').replace(u'）', u')');
    name.remove(u'、');
    return name;
}

// A small valid catalogue; each malformed-input test replaces one file.
struct Files
{
    QByteArray classes = "kind,major_code,major_name,minor_code,minor_name\n"
                         "component,01,市政公用设施,01001,供水井盖\n"
                         "event,06,市容环境类,06010,暴露垃圾\n"
                         "event,06,市容环境类,06012,道路不洁\n";
    QByteArray rules =
        "scope,area,filing_condition,limit,closing_condition,unit_type,priority,key_supervision,"
        "self_disposal,hard_case,closing_stages,reason\n"
        "*/*,*,问题存在,3wd,已处置,sanitation,normal,no,no,no,-,base\n"
        "event/06010,*,成堆垃圾,2wh / 4wh / 1wd / 2wd,,,,,yes,,,garbage\n";
    QByteArray units = "code,name_zh,name_en\n"
                       "sanitation,环卫作业单位,Sanitation contractor\n"
                       "water,供水企业,Water supply company\n";
    QByteArray classic = "kind,major_code,major_name,minor_code,minor_name\n"
                         "event,01,市容环境,0102,暴露垃圾\n"
                         "event,01,市容环境,0199,其他市容环境问题\n";
    QByteArray mapping = "kind,classic_code,gbt_code,match\n"
                         "event,0102,06010,exact\n"
                         "event,0199,,none\n";

    Result<Catalogue> load() const { return Catalogue::load(classes, rules, units, classic, mapping); }
};

const QByteArray rulesHeader = "scope,area,filing_condition,limit,closing_condition,unit_type,priority,"
                               "key_supervision,self_disposal,hard_case,closing_stages,reason\n";
const QByteArray baseRule = "*/*,*,问题存在,3wd,已处置,sanitation,normal,no,no,no,-,base\n";

} // namespace

class TestCatalogue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void defaultCatalogue();
    void everyRuleComplete();
    void rules_data();
    void rules();
    void flags_data();
    void flags();
    void keySupervisionList();
    void monotonicLooseness();
    void unitTypes();
    void findAndRequire();
    void resolutionOrder();
    void overrides();
    void overrideErrors_data();
    void overrideErrors();
    void classicPairs_data();
    void classicPairs();
    void classicCoverage();
    void loadErrors_data();
    void loadErrors();

private:
    Catalogue mCat;
};

void TestCatalogue::initTestCase()
{
    auto cat = Catalogue::loadDefault();
    QVERIFY2(cat.ok(), qPrintable(cat.errorMessage()));
    mCat = *cat;
}

void TestCatalogue::defaultCatalogue()
{
    QCOMPARE(mCat.classes().size(), 403);
    int components = 0;
    int events = 0;
    for (const CatalogueClass &c : mCat.classes())
        ++(c.key.kind() == ClassKind::Component ? components : events);
    QCOMPARE(components, 153);
    QCOMPARE(events, 250);
    QVERIFY(std::is_sorted(mCat.classes().cbegin(), mCat.classes().cend(),
                           [](const CatalogueClass &a, const CatalogueClass &b) { return a.key < b.key; }));
    QCOMPARE(mCat.classes().first().key, key(u"component/01001"_s));
    QCOMPARE(mCat.classes().last().key, key(u"event/10002"_s));
    for (const CatalogueClass &c : mCat.classes())
        QCOMPARE(mCat.find(c.key), &c); // the index points into the list
    const CatalogueClass *garbage = mCat.find(key(u"event/06010"_s));
    QVERIFY(garbage);
    QCOMPARE(garbage->name, u"暴露垃圾"_s);
    QCOMPARE(garbage->majorName, u"市容环境类"_s);
    QCOMPARE(mCat.find(key(u"component/01001"_s))->name, u"供水井盖"_s);
    QCOMPARE(mCat.find(key(u"event/01001"_s))->name, u"供水井盖异常"_s);
    // A second load returns the same catalogue.
    QCOMPARE(Catalogue::loadDefault()->classes().size(), 403);
}

void TestCatalogue::everyRuleComplete()
{
    for (const CatalogueClass &c : mCat.classes()) {
        for (int a = 0; a < AreaClassCount; ++a) {
            const ClassRule &r = c.rule(AreaClass(a));
            QVERIFY2(r.isComplete(), qPrintable(c.key.toString()));
            QVERIFY2(mCat.unitType(r.unitType), qPrintable(QString(c.key.toString() + u' ' + r.unitType)));
        }
        QCOMPARE(c.closingStageLimits.size(), c.closingStages.size());
        QVERIFY2(c.closingStages.isEmpty() || c.hardCase, qPrintable(c.key.toString()));
    }
}

void TestCatalogue::rules_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("area");
    QTest::addColumn<QString>("limit");
    QTest::addColumn<int>("priority");
    QTest::addColumn<QString>("unitType");
    QTest::addColumn<QString>("filing");
    QTest::addColumn<QString>("closing");

    const int normal = int(Priority::Normal);
    const int high = int(Priority::High);
    const int urgent = int(Priority::Urgent);
    const QString garbageClosed = u"垃圾已清除，地面无残留"_s;
    QTest::newRow("06010 A") << u"event/06010"_s << u"A"_s << u"2 working hours"_s << normal
                             << u"sanitation"_s << u"主次干道、广场可见暴露垃圾（成堆、成片或散落多处）"_s
                             << garbageClosed;
    QTest::newRow("06010 B") << u"event/06010"_s << u"B"_s << u"4 working hours"_s << normal
                             << u"sanitation"_s << u"主次干道可见成堆或成片垃圾"_s << garbageClosed;
    QTest::newRow("06010 C") << u"event/06010"_s << u"C"_s << u"1wd"_s << normal << u"sanitation"_s
                             << u"主次干道可见成堆或成片垃圾"_s << garbageClosed;
    QTest::newRow("06010 rural") << u"event/06010"_s << u"rural"_s << u"2wd"_s << normal << u"sanitation"_s
                                 << u"村内主要道路、河岸可见成堆垃圾"_s << garbageClosed;
    QTest::newRow("06012 B") << u"event/06012"_s << u"B"_s << u"2wh"_s << normal << u"sanitation"_s
                             << u"08:00后道路仍有明显积泥、污渍或散落垃圾"_s << u"道路已清扫冲洗，路面干净"_s;
    QTest::newRow("06012 rural") << u"event/06012"_s << u"rural"_s << u"1wd"_s << normal << u"sanitation"_s
                                 << u"村内主要道路有明显积泥或散落垃圾"_s << u"道路已清扫冲洗，路面干净"_s;
    const QString coverFiled = u"井盖缺失、破损、移位或沉陷凸起，发现即立案"_s;
    const QString coverClosed = u"井盖已补齐或更换，安装平稳牢固，周边无安全隐患"_s;
    QTest::newRow("component 01001 A") << u"component/01001"_s << u"A"_s << u"4 natural hours"_s << urgent
                                       << u"water"_s << coverFiled << coverClosed;
    QTest::newRow("event 01011 rural")
        << u"event/01011"_s << u"rural"_s << u"4nh"_s << urgent << u"gas"_s << coverFiled << coverClosed;
    QTest::newRow("event 01023 C") << u"event/01023"_s << u"C"_s << u"4nh"_s << urgent << u"street_office"_s
                                   << coverFiled << coverClosed;
    QTest::newRow("rain grate B") << u"event/01004"_s << u"B"_s << u"4wh"_s << high << u"drainage"_s
                                  << u"雨水箅子缺失、破损，或堵塞造成路面积水"_s
                                  << u"箅子已补齐或疏通，路面积水已排除"_s;
    QTest::newRow("fallen line B") << u"event/10002"_s << u"B"_s << u"4nh"_s << urgent << u"telecom"_s
                                   << u"架空线缆脱落、垂落或断落，妨碍通行或存在触电隐患"_s
                                   << u"线缆已重新架设、绑扎或拆除，通行无碍"_s;
    QTest::newRow("illegal building A")
        << u"event/06001"_s << u"A"_s << u"20wd"_s << high << u"urban_management"_s
        << u"新发现正在搭建或已建成的违法建筑物、构筑物"_s << u"违法建筑已拆除或依法处理完毕"_s;
    QTest::newRow("illegal building rural")
        << u"event/06001"_s << u"rural"_s << u"40wd"_s << high << u"urban_management"_s
        << u"新发现正在搭建或已建成的违法建筑物、构筑物"_s << u"违法建筑已拆除或依法处理完毕"_s;
    QTest::newRow("small ads B") << u"event/07001"_s << u"B"_s << u"1wd"_s << normal << u"sanitation"_s
                                 << u"墙面、立杆、设施上张贴、涂写或喷涂小广告"_s
                                 << u"小广告已清除，无明显残留"_s;
    QTest::newRow("street vendors A")
        << u"event/09001"_s << u"A"_s << u"2wh"_s << high << u"urban_management"_s
        << u"无照游商聚集经营，占用道路或公共场所"_s << u"游商已劝离或取缔，现场已清理"_s;
    QTest::newRow("night market C") << u"event/09002"_s << u"C"_s << u"4wh"_s << high << u"street_office"_s
                                    << u"早（夜）市超时、超范围经营或环境脏乱"_s
                                    << u"早（夜）市已按规定时间、范围经营，环境整洁"_s;
    QTest::newRow("signal A") << u"component/02014"_s << u"A"_s << u"4wh"_s << high << u"traffic_police"_s
                              << u"交通信号灯不亮、显示异常或灯杆倾斜"_s << u"信号灯恢复正常显示"_s;
    QTest::newRow("snow rural") << u"event/10001"_s << u"rural"_s << u"24nh"_s << high << u"roads"_s
                                << u"道路、桥梁积雪或结冰，影响通行"_s << u"积雪已清除，冰面已处理"_s;
    // Classes without rows of their own inherit their major's and kind's rows.
    QTest::newRow("green space B (major)")
        << u"component/04013"_s << u"B"_s << u"3wd"_s << normal << u"greening"_s
        << u"绿化设施破损、缺失，或树木倒伏、断枝、枯死"_s << u"已修复、补植或清理"_s;
    QTest::newRow("kiosk rural (kind)")
        << u"event/01040"_s << u"rural"_s << u"7wd"_s << normal << u"facility_owner"_s
        << u"设施破损、缺失、倾斜或功能异常"_s << u"设施已修复或更换，功能正常"_s;
    QTest::newRow("banner A (major)")
        << u"event/07007"_s << u"A"_s << u"1wd"_s << normal << u"urban_management"_s
        << u"违规张贴、设置或散发的宣传品可见"_s << u"违规宣传品已清除或整改"_s;
}

void TestCatalogue::rules()
{
    QFETCH(QString, key);
    QFETCH(QString, area);
    QFETCH(QString, limit);
    QFETCH(int, priority);
    QFETCH(QString, unitType);
    QFETCH(QString, filing);
    QFETCH(QString, closing);
    auto cls = mCat.require(::key(key));
    QVERIFY2(cls.ok(), qPrintable(cls.errorMessage()));
    const ClassRule &rule = (*cls)->rule(parseAreaClass(area).value());
    QCOMPARE(rule.limit, ::limit(limit));
    QCOMPARE(int(rule.priority), priority);
    QCOMPARE(rule.unitType, unitType);
    QCOMPARE(rule.filingCondition, filing);
    QCOMPARE(rule.closingCondition, closing);
}

void TestCatalogue::flags_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("keySupervision");
    QTest::addColumn<bool>("selfDisposal");
    QTest::addColumn<bool>("hardCase");
    QTest::addColumn<QString>("stages"); // "name=limit|name", a null limit written as nothing

    QTest::newRow("illegal building") << u"event/06001"_s << false << false << true
                                      << u"停止施工=4 working hours|立案处罚=5 working days|拆除"_s;
    QTest::newRow("unlicensed building") << u"event/08016"_s << false << false << true
                                         << u"停止施工=4 working hours|立案处罚=5 working days|拆除"_s;
    QTest::newRow("illegal outdoor ad") << u"event/07003"_s << false << false << true
                                        << u"责令整改=5 working days|立案处罚=5 working days|拆除"_s;
    QTest::newRow("small ads") << u"event/07001"_s << false << true << false << QString();
    QTest::newRow("exposed garbage") << u"event/06010"_s << false << true << false << QString();
    QTest::newRow("bicycles") << u"event/09010"_s << false << true << false << QString();
    QTest::newRow("road not clean") << u"event/06012"_s << false << false << false << QString();
    QTest::newRow("water cover") << u"component/01001"_s << true << false << false << QString();
    QTest::newRow("unknown cover event") << u"event/01023"_s << true << false << false << QString();
    QTest::newRow("rain grate") << u"event/01004"_s << false << false << false << QString();
    QTest::newRow("hydrant") << u"component/01013"_s << false << false << false << QString();
    QTest::newRow("fallen line") << u"event/10002"_s << true << false << false << QString();
    QTest::newRow("street vendors") << u"event/09001"_s << true << false << false << QString();
    QTest::newRow("night market") << u"event/09002"_s << true << false << false << QString();
    QTest::newRow("stalls on the road") << u"event/09006"_s << true << false << false << QString();
    QTest::newRow("shop front") << u"event/09005"_s << false << false << false << QString();
}

void TestCatalogue::flags()
{
    QFETCH(QString, key);
    QFETCH(bool, keySupervision);
    QFETCH(bool, selfDisposal);
    QFETCH(bool, hardCase);
    QFETCH(QString, stages);
    const CatalogueClass *c = mCat.find(::key(key));
    QVERIFY(c);
    QCOMPARE(c->keySupervision, keySupervision);
    QCOMPARE(c->selfDisposalAllowed, selfDisposal);
    QCOMPARE(c->hardCase, hardCase);
    QStringList written;
    for (qsizetype i = 0; i < c->closingStages.size(); ++i) {
        const TimeLimit &l = c->closingStageLimits.at(i);
        written.append(l.isNull() ? c->closingStages.at(i) : c->closingStages.at(i) + u'=' + l.toString());
    }
    QCOMPARE(written.join(u'|'), stages);
}

void TestCatalogue::keySupervisionList()
{
    // Exactly the manhole covers (both kinds), fallen overhead lines and gathered street stalls.
    QStringList expected{u"event/09001"_s, u"event/09002"_s, u"event/09006"_s, u"event/10002"_s};
    int covers = 0;
    for (const CatalogueClass &c : mCat.classes()) {
        if (c.key.majorCode() == u"01"_s && c.name.contains(u"井盖"_s)) {
            expected.append(c.key.toString());
            ++covers;
            for (int a = 0; a < AreaClassCount; ++a) {
                QCOMPARE(c.rules[a].limit, limit(u"4nh"_s));
                QCOMPARE(c.rules[a].priority, Priority::Urgent);
            }
        }
    }
    QCOMPARE(covers, 40);
    QStringList actual;
    for (const CatalogueClass &c : mCat.classes()) {
        if (c.keySupervision)
            actual.append(c.key.toString());
    }
    expected.sort();
    actual.sort();
    QCOMPARE(actual, expected);
}

void TestCatalogue::monotonicLooseness()
{
    // A ≤ B ≤ C ≤ rural; the shipped defaults keep one unit family per class so that they compare.
    for (const CatalogueClass &c : mCat.classes()) {
        const bool working = isWorkingUnit(c.rules[0].limit.unit);
        for (int a = 1; a < AreaClassCount; ++a) {
            const TimeLimit &tighter = c.rules[a - 1].limit;
            const TimeLimit &looser = c.rules[a].limit;
            QVERIFY2(isWorkingUnit(looser.unit) == working, qPrintable(c.key.toString()));
            QVERIFY2(minutes(tighter) <= minutes(looser),
                     qPrintable(u"%1: %2 %3 is tighter than %4 %5"_s.arg(
                         c.key.toString(), areaClassName(AreaClass(a)), looser.toString(),
                         areaClassName(AreaClass(a - 1)), tighter.toString())));
        }
    }
}

void TestCatalogue::unitTypes()
{
    const QList<UnitType> types = mCat.unitTypes();
    QCOMPARE(types.size(), 28);
    QCOMPARE(types.first().code, u"water"_s);
    const UnitType *sanitation = mCat.unitType(u"sanitation"_s);
    QVERIFY(sanitation);
    QCOMPARE(sanitation->nameZh, u"环卫作业单位"_s);
    QCOMPARE(sanitation->nameEn, u"Sanitation contractor"_s);
    QCOMPARE(mCat.unitType(u"urban_management"_s)->nameZh, u"城管执法"_s);
    QVERIFY(!mCat.unitType(u"police"_s));
    // Every unit type is used by some rule: no dead entries.
    QSet<QString> used;
    for (const CatalogueClass &c : mCat.classes()) {
        for (const ClassRule &r : c.rules)
            used.insert(r.unitType);
    }
    for (const UnitType &t : types)
        QVERIFY2(used.contains(t.code), qPrintable(t.code));
}

void TestCatalogue::findAndRequire()
{
    QVERIFY(!mCat.find(key(u"component/06010"_s))); // the same code as an event, but no such component
    QVERIFY(!mCat.find(CatalogueKey()));
    auto unknown = mCat.require(key(u"event/06099"_s));
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.errorCode(), ErrorCode::UnknownClass);
    QCOMPARE(unknown.errorMessage(), u"catalogue class event/06099 is unknown"_s);
    auto known = mCat.require(key(u"E06010"_s));
    QVERIFY(known.ok());
    QCOMPARE((*known)->name, u"暴露垃圾"_s);
}

void TestCatalogue::resolutionOrder()
{
    Files f;
    f.rules = rulesHeader + baseRule +
              "event/*,rural,,7wd,,,,,,,,kind-level area row\n"
              "event/*,B,,6wd,,,,,,,,a tie that more specific rows settle\n"
              "event/*,B,,8wd,,,,,,,,\n"
              "event/06,*,,1wd,,water,,,,,,major beats the kind's area row\n"
              "event/06010,*,,2wh / 4wh / 1wd / 2wd,,,high,,yes,,,\n"
              "event/06010,rural,村内成堆垃圾,,,,,,,,,\n"
              "event/06012,A,,2wh,,,,,,,,\n"
              "\"*/01001 event/06012\",*,,,\"已处置,复核通过\",,,,,,,a list of scopes; a quoted comma\n";
    auto cat = f.load();
    QVERIFY2(cat.ok(), qPrintable(cat.errorMessage()));
    const CatalogueClass *cover = cat->find(key(u"component/01001"_s));
    const CatalogueClass *garbage = cat->find(key(u"event/06010"_s));
    const CatalogueClass *road = cat->find(key(u"event/06012"_s));
    QCOMPARE(cover->rule(AreaClass::Rural).limit, limit(u"3wd"_s)); // the event row does not reach components
    QCOMPARE(cover->rule(AreaClass::A).unitType, u"sanitation"_s);
    QCOMPARE(cover->rule(AreaClass::A).closingCondition, u"已处置,复核通过"_s);
    QCOMPARE(road->rule(AreaClass::A).limit, limit(u"2wh"_s));
    QCOMPARE(road->rule(AreaClass::B).limit, limit(u"1wd"_s));
    QCOMPARE(road->rule(AreaClass::Rural).limit, limit(u"1wd"_s)); // major '*' beats kind 'rural'
    QCOMPARE(road->rule(AreaClass::Rural).unitType, u"water"_s);
    QCOMPARE(road->rule(AreaClass::Rural).closingCondition, u"已处置,复核通过"_s);
    QCOMPARE(garbage->rule(AreaClass::A).limit, limit(u"2wh"_s));
    QCOMPARE(garbage->rule(AreaClass::Rural).limit, limit(u"2wd"_s));
    QCOMPARE(garbage->rule(AreaClass::Rural).filingCondition, u"村内成堆垃圾"_s);
    QCOMPARE(garbage->rule(AreaClass::C).filingCondition, u"问题存在"_s);
    QCOMPARE(garbage->rule(AreaClass::C).priority, Priority::High);
    QCOMPARE(garbage->rule(AreaClass::C).closingCondition, u"已处置"_s);
    QVERIFY(garbage->selfDisposalAllowed);
    QVERIFY(!road->selfDisposalAllowed);
    QVERIFY(garbage->closingStages.isEmpty());
}

void TestCatalogue::overrides()
{
    Catalogue cat = mCat;
    const CatalogueKey garbage = key(u"event/06010"_s);

    CatalogueOverride one;
    one.key = garbage;
    one.area = AreaClass::A;
    one.limit = limit(u"1wh"_s);
    one.filingCondition = u"可见垃圾即立案"_s;
    QVERIFY(cat.applyOverride(one).ok());
    QCOMPARE(cat.find(garbage)->rule(AreaClass::A).limit, limit(u"1wh"_s));
    QCOMPARE(cat.find(garbage)->rule(AreaClass::A).filingCondition, u"可见垃圾即立案"_s);
    QCOMPARE(cat.find(garbage)->rule(AreaClass::B).limit, limit(u"4wh"_s));
    QCOMPARE(cat.find(garbage)->rule(AreaClass::B).filingCondition, u"主次干道可见成堆或成片垃圾"_s);
    // The copy taken before is a separate value.
    QCOMPARE(mCat.find(garbage)->rule(AreaClass::A).limit, limit(u"2wh"_s));

    CatalogueOverride all;
    all.key = garbage;
    all.unitType = u"urban_management"_s;
    all.priority = Priority::High;
    all.closingCondition = u"已清除"_s;
    all.keySupervision = true;
    all.selfDisposalAllowed = false;
    QVERIFY(cat.applyOverride(all).ok());
    const CatalogueClass *c = cat.find(garbage);
    for (const ClassRule &r : c->rules) {
        QCOMPARE(r.unitType, u"urban_management"_s);
        QCOMPARE(r.priority, Priority::High);
        QCOMPARE(r.closingCondition, u"已清除"_s);
    }
    QCOMPARE(c->rule(AreaClass::A).limit, limit(u"1wh"_s)); // untouched fields stay
    QVERIFY(c->keySupervision);
    QVERIFY(!c->selfDisposalAllowed);
    QVERIFY(!c->hardCase);

    CatalogueOverride stages;
    stages.key = key(u"event/07006"_s);
    stages.hardCase = true;
    stages.closingStages = QStringList{u"责令整改"_s, u"拆除"_s};
    QVERIFY(cat.applyOverride(stages).ok());
    QCOMPARE(cat.find(stages.key)->closingStages, (QStringList{u"责令整改"_s, u"拆除"_s}));
    QCOMPARE(cat.find(stages.key)->closingStageLimits, (QList<TimeLimit>{TimeLimit{}, TimeLimit{}}));
    stages.closingStages.reset();
    stages.closingStageLimits = QList<TimeLimit>{limit(u"3wd"_s), TimeLimit{}};
    QVERIFY(cat.applyOverride(stages).ok());
    QCOMPARE(cat.find(stages.key)->closingStageLimits.first(), limit(u"3wd"_s));
    QVERIFY(cat.find(stages.key)->hardCase);
}

void TestCatalogue::overrideErrors_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("change");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const int invalid = int(ErrorCode::InvalidInput);
    QTest::newRow("unknown class") << u"event/06099"_s << u"limit"_s << int(ErrorCode::UnknownClass)
                                   << u"catalogue class event/06099 is unknown"_s;
    QTest::newRow("unknown unit type") << u"event/06010"_s << u"unit"_s << invalid
                                       << u"override of event/06010: unit type 'cleaners' is unknown"_s;
    QTest::newRow("zero limit") << u"event/06010"_s << u"zero"_s << invalid
                                << u"override of event/06010: the time limit must be greater than zero"_s;
    QTest::newRow("empty filing") << u"event/06010"_s << u"filing"_s << invalid
                                  << u"override of event/06010: the filing condition must not be empty"_s;
    QTest::newRow("flag for one area")
        << u"event/06010"_s << u"areaflag"_s << invalid
        << u"override of event/06010: key supervision, self-disposal, hard case and "
           u"closing stages apply to every area class; leave the area empty"_s;
    QTest::newRow("stage limits") << u"event/06001"_s << u"stagelimits"_s << invalid
                                  << u"override of event/06001: 2 stage limits for 3 closing stages"_s;
}

void TestCatalogue::overrideErrors()
{
    QFETCH(QString, key);
    QFETCH(QString, change);
    QFETCH(int, code);
    QFETCH(QString, message);
    CatalogueOverride o;
    o.key = ::key(key);
    o.limit = limit(u"1wh"_s); // valid, and must not be applied when another field is wrong
    if (change == u"unit"_s)
        o.unitType = u"cleaners"_s;
    else if (change == u"zero"_s)
        o.limit = TimeLimit{0, TimeUnit::WorkingHours};
    else if (change == u"filing"_s)
        o.filingCondition = u" "_s;
    else if (change == u"areaflag"_s) {
        o.area = AreaClass::B;
        o.keySupervision = true;
    } else if (change == u"stagelimits"_s)
        o.closingStageLimits = QList<TimeLimit>{limit(u"1wh"_s), limit(u"1wd"_s)};
    Catalogue cat = mCat;
    auto status = cat.applyOverride(o);
    QVERIFY(!status.ok());
    QCOMPARE(int(status.errorCode()), code);
    QCOMPARE(status.errorMessage(), message);
    if (const CatalogueClass *c = cat.find(o.key)) {
        const CatalogueClass *before = mCat.find(o.key);
        QCOMPARE(c->rules, before->rules);
        QCOMPARE(c->keySupervision, before->keySupervision);
        QCOMPARE(c->closingStageLimits, before->closingStageLimits);
    }
}

void TestCatalogue::classicPairs_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("target");  // empty when there is none
    QTest::addColumn<QString>("message"); // the error when there is none
    QTest::addColumn<int>("match");
    QTest::newRow("上水井盖") << u"component"_s << u"0101"_s << u"component/01001"_s << QString()
                              << int(ClassicMatch::Synonym);
    QTest::newRow("污水井盖") << u"component"_s << u"0102"_s << u"component/01002"_s << QString()
                              << int(ClassicMatch::Exact);
    QTest::newRow("通讯井盖") << u"component"_s << u"0107"_s << u"component/01007"_s << QString()
                              << int(ClassicMatch::Synonym);
    QTest::newRow("无主井盖") << u"component"_s << u"0114"_s << u"component/01023"_s << QString()
                              << int(ClassicMatch::Synonym);
    QTest::newRow("输油(气)井盖") << u"component"_s << u"0129"_s << u"component/01021"_s << QString()
                                  << int(ClassicMatch::Exact);
    QTest::newRow("宣传栏 moved major")
        << u"component"_s << u"0501"_s << u"component/03008"_s << QString() << int(ClassicMatch::Exact);
    QTest::newRow("防洪墙") << u"component"_s << u"0606"_s << u"component/01071"_s << QString()
                            << int(ClassicMatch::Synonym);
    QTest::newRow("泵站") << u"component"_s << u"2115"_s << u"component/01072"_s << QString()
                          << int(ClassicMatch::Narrower);
    QTest::newRow("立杆 split")
        << u"component"_s << u"0117"_s << QString()
        << u"CJ/T 214 component 0117 立杆 has no GB/T 47678.5 counterpart; choose a class by "
           u"hand"_s
        << int(ClassicMatch::None);
    QTest::newRow("私搭乱建") << u"event"_s << u"0101"_s << u"event/06001"_s << QString()
                              << int(ClassicMatch::Exact);
    QTest::newRow("暴露垃圾") << u"event"_s << u"0102"_s << u"event/06010"_s << QString()
                              << int(ClassicMatch::Exact);
    QTest::newRow("道路遗撒") << u"event"_s << u"0112"_s << u"event/06014"_s << QString()
                              << int(ClassicMatch::Synonym);
    QTest::newRow("非法小广告") << u"event"_s << u"0201"_s << u"event/07001"_s << QString()
                                << int(ClassicMatch::Exact);
    QTest::newRow("施工占道") << u"event"_s << u"0304"_s << u"event/08002"_s << QString()
                              << int(ClassicMatch::Exact);
    QTest::newRow("路面塌陷") << u"event"_s << u"0401"_s << u"event/06013"_s << QString()
                              << int(ClassicMatch::Broader);
    QTest::newRow("道路积雪结冰") << u"event"_s << u"0407"_s << u"event/10001"_s << QString()
                                  << int(ClassicMatch::Exact);
    QTest::newRow("架空线缆损坏") << u"event"_s << u"0408"_s << u"event/10002"_s << QString()
                                  << int(ClassicMatch::Narrower);
    QTest::newRow("无照经营游商") << u"event"_s << u"0501"_s << u"event/09001"_s << QString()
                                  << int(ClassicMatch::Exact);
    QTest::newRow("沿街晾挂") << u"event"_s << u"0511"_s << u"event/06007"_s << QString()
                              << int(ClassicMatch::Exact);
    QTest::newRow("其他市容环境问题")
        << u"event"_s << u"0199"_s << QString()
        << u"CJ/T 214 event 0199 其他市容环境问题 has no GB/T 47678.5 counterpart; choose a "
           u"class by hand"_s
        << int(ClassicMatch::None);
    QTest::newRow("道路积水")
        << u"event"_s << u"0406"_s << QString()
        << u"CJ/T 214 event 0406 道路积水 has no GB/T 47678.5 counterpart; choose a class by hand"_s
        << int(ClassicMatch::None);
    QTest::newRow("unknown code") << u"event"_s << u"0999"_s << QString()
                                  << u"CJ/T 214 event code '0999' is unknown"_s << -1;
    QTest::newRow("new code") << u"event"_s << u"06010"_s << QString()
                              << u"CJ/T 214 event code '06010' is unknown"_s << -1;
}

void TestCatalogue::classicPairs()
{
    QFETCH(QString, kind);
    QFETCH(QString, code);
    QFETCH(QString, target);
    QFETCH(QString, message);
    QFETCH(int, match);
    const ClassKind k = parseKind(kind).value();
    auto mapped = mCat.fromClassic(k, code);
    if (!target.isEmpty()) {
        QVERIFY2(mapped.ok(), qPrintable(mapped.errorMessage()));
        QCOMPARE(*mapped, key(target));
    } else {
        QVERIFY(!mapped.ok());
        QCOMPARE(mapped.errorMessage(), message);
        QCOMPARE(mapped.errorCode(), match < 0 ? ErrorCode::UnknownClass : ErrorCode::NotFound);
    }
    const ClassicClass *c = mCat.classic(k, code);
    QCOMPARE(c ? int(c->match) : -1, match);
    if (c)
        QCOMPARE(mCat.classicName(k, code), c->name);
    else
        QVERIFY(mCat.classicName(k, code).isEmpty());
}

void TestCatalogue::classicCoverage()
{
    // The compiled-in classic file, read independently of the catalogue.
    auto table = CsvTable::readFile(u":/citygrid/catalog/cjt214-classic.csv"_s);
    QVERIFY2(table.ok(), qPrintable(table.errorMessage()));
    QCOMPARE(table->records().size(), 161);
    QCOMPARE(mCat.classicClasses().size(), 161);
    int none = 0;
    for (const CsvRecord &r : table->records()) {
        const ClassKind kind = parseKind(table->value(r, u"kind"_s)).value();
        const QString code = table->value(r, u"minor_code"_s);
        const ClassicClass *c = mCat.classic(kind, code);
        QVERIFY2(c, qPrintable(code));
        QCOMPARE(c->name, table->value(r, u"minor_name"_s));
        QCOMPARE(c->majorName, table->value(r, u"major_name"_s));
        if (c->match == ClassicMatch::None) {
            QVERIFY(c->target.isNull());
            ++none;
            continue;
        }
        const CatalogueClass *target = mCat.find(c->target);
        QVERIFY2(target, qPrintable(c->target.toString()));
        QCOMPARE(target->key.kind(), kind);
        if (c->match == ClassicMatch::Exact)
            QCOMPARE(normalised(target->name), normalised(c->name));
        else
            QVERIFY2(normalised(target->name) != normalised(c->name), qPrintable(code)); // else it is exact
    }
    QCOMPARE(none, 33);
    QCOMPARE(classicMatchName(ClassicMatch::Narrower), u"narrower"_s);
    QCOMPARE(parseClassicMatch(u"Synonym"_s).value(), ClassicMatch::Synonym);
    QCOMPARE(parseClassicMatch(u"close"_s).errorMessage(),
             u"match 'close' is unknown; expected exact, synonym, broader, narrower or none"_s);
}

void TestCatalogue::loadErrors_data()
{
    QTest::addColumn<int>("file"); // 0 classes, 1 rules, 2 unit types, 3 classic, 4 mapping
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");

    const Files f;
    const QByteArray classesHeader = "kind,major_code,major_name,minor_code,minor_name\n";
    const QByteArray rules = rulesHeader + baseRule;

    QTest::newRow("limit in words")
        << 1 << QByteArray(rules + "event/06010,*,,four hours,,,,,,,,\n")
        << u"class-rules.csv line 3: time limit 'four hours' is not a number followed by a unit, such as "
           u"'4 working hours' or '20wd'"_s;
    QTest::newRow("limit unit")
        << 1 << QByteArray(rules + "event/06010,*,,4 hours,,,,,,,,\n")
        << u"class-rules.csv line 3: time limit '4 hours': time unit 'hours' is unknown; "
           u"expected working_minutes, working_hours, working_days, minutes, natural_hours "
           u"or natural_days"_s;
    QTest::newRow("two limits")
        << 1 << QByteArray(rules + "event/06010,*,,2wh / 4wh,,,,,,,,\n")
        << u"class-rules.csv line 3: limit '2wh / 4wh' gives 2 values; give one, or four "
           u"for A / B / C / rural"_s;
    QTest::newRow("four limits for one area")
        << 1 << QByteArray(rules + "event/06010,B,,2wh / 4wh / 1wd / 2wd,,,,,,,,\n")
        << u"class-rules.csv line 3: limit '2wh / 4wh / 1wd / 2wd': a row for one area class takes one limit"_s;
    QTest::newRow("unknown class in scope")
        << 1 << QByteArray(rules + "event/06099,*,成堆垃圾,,,,,,,,,\n")
        << u"class-rules.csv line 3: scope 'event/06099' names a class that is not in gbt47678-5.csv"_s;
    QTest::newRow("component scope for an event")
        << 1 << QByteArray(rules + "component/06010,*,成堆垃圾,,,,,,,,,\n")
        << u"class-rules.csv line 3: scope 'component/06010' names a class that is not in gbt47678-5.csv"_s;
    QTest::newRow("empty major") << 1 << QByteArray(rules + "event/11,*,成堆垃圾,,,,,,,,,\n")
                                 << u"class-rules.csv line 3: scope 'event/11' matches no class in "
                                    u"gbt47678-5.csv"_s;
    QTest::newRow("classic code in scope")
        << 1 << QByteArray(rules + "event/0102,*,成堆垃圾,,,,,,,,,\n")
        << u"class-rules.csv line 3: scope 'event/0102' has a 4-digit CJ/T 214 code; use the 5-digit GB/T "
           u"47678.5 code"_s;
    QTest::newRow("scope form")
        << 1 << QByteArray(rules + "06010,*,成堆垃圾,,,,,,,,,\n")
        << u"class-rules.csv line 3: scope '06010' is not of the form kind/code, such as "
           u"event/*, event/06, event/06010 or */01001"_s;
    QTest::newRow("scope kind") << 1 << QByteArray(rules + "incident/06,*,成堆垃圾,,,,,,,,,\n")
                                << u"class-rules.csv line 3: scope 'incident/06': class kind 'incident' is "
                                   u"unknown; expected 'component' or 'event'"_s;
    QTest::newRow("unknown unit type")
        << 1 << QByteArray(rules + "event/06010,*,,,,sanitaton,,,,,,\n")
        << u"class-rules.csv line 3: unit type 'sanitaton' is not in unit-types.csv"_s;
    QTest::newRow("area")
        << 1 << QByteArray(rules + "event/06010,D,成堆垃圾,,,,,,,,,\n")
        << u"class-rules.csv line 3: area class 'D' is unknown; expected A, B, C or rural"_s;
    QTest::newRow("no area") << 1 << QByteArray(rules + "event/06010,,成堆垃圾,,,,,,,,,\n")
                             << u"class-rules.csv line 3: area is empty; use * for every area class"_s;
    QTest::newRow("priority")
        << 1 << QByteArray(rules + "event/06010,*,,,,,asap,,,,,\n")
        << u"class-rules.csv line 3: priority 'asap' is unknown; expected normal, high or "
           u"urgent"_s;
    QTest::newRow("flag") << 1 << QByteArray(rules + "event/06010,*,,,,,,maybe,,,,\n")
                          << u"class-rules.csv line 3: key_supervision 'maybe' must be yes or no"_s;
    QTest::newRow("flag for one area")
        << 1 << QByteArray(rules + "event/06010,A,,,,,,yes,,,,\n")
        << u"class-rules.csv line 3: key_supervision applies to the whole class; set it on a row with area *"_s;
    QTest::newRow("stage limit")
        << 1 << QByteArray(rules + "event/06010,*,,,,,,,,yes,停止施工=soon|拆除,\n")
        << u"class-rules.csv line 3: closing stage 停止施工: time limit 'soon' is not a "
           u"number followed by a unit, such as '4 working hours' or '20wd'"_s;
    QTest::newRow("empty stage")
        << 1 << QByteArray(rules + "event/06010,*,,,,,,,,yes,停止施工||拆除,\n")
        << u"class-rules.csv line 3: closing stages '停止施工||拆除' contain an empty "
           u"stage"_s;
    QTest::newRow("row sets nothing") << 1 << QByteArray(rules + "event/06010,*,,,,,,,,,,just a note\n")
                                      << u"class-rules.csv line 3: the row sets nothing"_s;
    QTest::newRow("same field twice")
        << 1 << QByteArray(rules + "event/06010,*,,2wh,,,,,,,,\nevent/06010,*,,4wh,,,,,,,,\n")
        << u"class-rules.csv line 4: limit of event/06010 area A is already set on line 3 by a row of the "
           u"same "
           u"scope level and area; keep one of them"_s;
    QTest::newRow("flag twice")
        << 1 << QByteArray(rules + "event/06010,*,,,,,,yes,,,,\n\"event/06010 event/06012\",*,,,,,,no,,,,\n")
        << u"class-rules.csv line 4: key_supervision of event/06010 is already set on line "
           u"3 by a row of the same scope level and area; keep one of them"_s;
    QTest::newRow("incomplete area")
        << 1
        << QByteArray(rulesHeader +
                      "*/*,*,问题存在,,已处置,sanitation,normal,no,no,no,-,\nevent/*,A,,4wh,,,,,,,,\n")
        << u"class-rules.csv: component/01001 供水井盖, area A, has no limit; add a row whose scope covers it"_s;
    QTest::newRow("incomplete area fields")
        << 1
        << QByteArray(rulesHeader +
                      "*/*,*,,3wd,,water,normal,no,no,no,-,\ncomponent/*,*,问题存在,,已处置,,,,,,,\n")
        << u"class-rules.csv: event/06010 暴露垃圾, area A, has no filing_condition, closing_condition; add "
           u"a row "
           u"whose scope covers it"_s;
    QTest::newRow("incomplete flag")
        << 1 << QByteArray(rulesHeader + "*/*,*,问题存在,3wd,已处置,sanitation,normal,no,no,,-,\n")
        << u"class-rules.csv: component/01001 供水井盖 has no hard_case; add a row whose scope covers it"_s;
    QTest::newRow("missing column")
        << 1 << QByteArray("scope,area,filing_condition,limit,closing_condition,unit_type,priority\n")
        << u"class-rules.csv: missing column(s) key_supervision, self_disposal, hard_case, closing_stages; "
           u"the "
           u"header is scope,area,filing_condition,limit,closing_condition,unit_type,priority"_s;
    QTest::newRow("unknown column")
        << 1
        << QByteArray(QByteArray(rulesHeader).replace("reason\n", "reason,notes\n") +
                      "*/*,*,a,3wd,b,water,normal,no,no,no,-,,\n")
        << u"class-rules.csv: unknown column 'notes'; expected scope, area, filing_condition, limit, "
           u"closing_condition, unit_type, priority, key_supervision, self_disposal, hard_case, "
           u"closing_stages "
           u"and reason"_s;
    QTest::newRow("unclosed quote")
        << 1 << QByteArray(rules + "event/06010,*,\"成堆垃圾,,,,,,,,,\n")
        << u"class-rules.csv line 3: a quoted field is not closed before the end of "
           u"the file"_s;

    QTest::newRow("unknown kind")
        << 0 << QByteArray(classesHeader + "thing,01,市政公用设施,01001,供水井盖\n")
        << u"gbt47678-5.csv line 2: class kind 'thing' is unknown; expected 'component' "
           u"or 'event'"_s;
    QTest::newRow("classic code in the class file")
        << 0 << QByteArray(classesHeader + "component,01,市政公用设施,0101,供水井盖\n")
        << u"gbt47678-5.csv line 2: class code '0101' has 4 digits, the CJ/T 214 form; this file needs "
           u"5-digit "
           u"GB/T 47678.5 codes (major 2 + minor 3)"_s;
    QTest::newRow("code letters")
        << 0 << QByteArray(classesHeader + "component,01,市政公用设施,0100A,供水井盖\n")
        << u"gbt47678-5.csv line 2: class code '0100A' must have 5 digits (major 2 + "
           u"minor 3)"_s;
    QTest::newRow("major mismatch")
        << 0 << QByteArray(classesHeader + "component,02,市政公用设施,01001,供水井盖\n")
        << u"gbt47678-5.csv line 2: class 01001 does not start with its major code 02"_s;
    QTest::newRow("duplicate class")
        << 0 << QByteArray(f.classes + "event,06,市容环境类,06010,暴露垃圾\n")
        << u"gbt47678-5.csv line 5: duplicate class event/06010 (first on line 3)"_s;
    QTest::newRow("major renamed") << 0 << QByteArray(f.classes + "event,06,市容环境,06011,积存垃圾渣土\n")
                                   << u"gbt47678-5.csv line 5: major event/06 is named '市容环境' here but "
                                      u"'市容环境类' on line 3"_s;
    QTest::newRow("no name") << 0 << QByteArray(classesHeader + "component,01,市政公用设施,01001,\n")
                             << u"gbt47678-5.csv line 2: major_name and minor_name must not be empty"_s;
    QTest::newRow("no classes") << 0 << classesHeader << u"gbt47678-5.csv: no classes"_s;
    QTest::newRow("field count") << 0 << QByteArray(classesHeader + "component,01,市政公用设施,01001\n")
                                 << u"gbt47678-5.csv line 2: 4 fields; the header has 5"_s;

    QTest::newRow("unit code") << 2 << QByteArray("code,name_zh,name_en\nSanitation,环卫,Sanitation\n")
                               << u"unit-types.csv line 2: unit type code 'Sanitation' must be lower-case "
                                  u"letters, digits and underscores"_s;
    QTest::newRow("unit names") << 2 << QByteArray("code,name_zh,name_en\nsanitation,环卫,\n")
                                << u"unit-types.csv line 2: unit type sanitation needs name_zh and name_en"_s;
    QTest::newRow("duplicate unit")
        << 2 << QByteArray(f.units + "water,供水,Water\n")
        << u"unit-types.csv line 4: duplicate unit type water (first on line 3)"_s;
    QTest::newRow("unit columns") << 2 << QByteArray("code,name\nwater,供水\n")
                                  << u"unit-types.csv: missing column(s) name_zh, name_en; the header is "
                                     u"code,name"_s;

    QTest::newRow("new code in the classic file")
        << 3 << QByteArray(classesHeader + "event,01,市容环境,01020,暴露垃圾\n")
        << u"cjt214-classic.csv line 2: class code '01020' must have 4 digits (major 2 + minor 2)"_s;

    const QByteArray mapHeader = "kind,classic_code,gbt_code,match\n";
    QTest::newRow("unmapped")
        << 4 << QByteArray(mapHeader + "event,0102,06010,exact\n")
        << u"cjt214-mapping.csv: CJ/T 214 event 0199 其他市容环境问题 is not mapped; add a row "
           u"(match none when no class fits)"_s;
    QTest::newRow("unknown target")
        << 4 << QByteArray(mapHeader + "event,0102,06099,exact\nevent,0199,,none\n")
        << u"cjt214-mapping.csv line 2: target event/06099 is not in gbt47678-5.csv"_s;
    QTest::newRow("target of the other kind")
        << 4 << QByteArray(mapHeader + "event,0102,01001,synonym\nevent,0199,,none\n")
        << u"cjt214-mapping.csv line 2: target event/01001 is not in gbt47678-5.csv"_s;
    QTest::newRow("4-digit target")
        << 4 << QByteArray(mapHeader + "event,0102,0102,exact\nevent,0199,,none\n")
        << u"cjt214-mapping.csv line 2: class code '0102' must have 5 digits (major 2 + "
           u"minor 3)"_s;
    QTest::newRow("unknown classic") << 4 << QByteArray(f.mapping + "event,0198,06010,exact\n")
                                     << u"cjt214-mapping.csv line 4: CJ/T 214 event 0198 is not in "
                                        u"cjt214-classic.csv"_s;
    QTest::newRow("mapped twice")
        << 4 << QByteArray(f.mapping + "event,0102,06012,broader\n")
        << u"cjt214-mapping.csv line 4: CJ/T 214 event 0102 is mapped twice (first on "
           u"line 2)"_s;
    QTest::newRow("none with a code")
        << 4 << QByteArray(mapHeader + "event,0102,06010,exact\nevent,0199,06012,none\n")
        << u"cjt214-mapping.csv line 3: match none takes no gbt_code (found 06012)"_s;
    QTest::newRow("match without code")
        << 4 << QByteArray(mapHeader + "event,0102,,synonym\nevent,0199,,none\n")
        << u"cjt214-mapping.csv line 2: match synonym needs a gbt_code"_s;
    QTest::newRow("match word")
        << 4 << QByteArray(mapHeader + "event,0102,06010,same\nevent,0199,,none\n")
        << u"cjt214-mapping.csv line 2: match 'same' is unknown; expected exact, synonym, "
           u"broader, narrower or none"_s;
    QTest::newRow("shifted name")
        << 4
        << QByteArray("kind,classic_code,classic_name,gbt_code,gbt_name,match\n"
                      "event,0102,积存垃圾渣土,06010,暴露垃圾,exact\nevent,0199,,,,none\n")
        << u"cjt214-mapping.csv line 2: classic_name '积存垃圾渣土' differs from cjt214-classic.csv ('暴露垃圾')"_s;
    QTest::newRow("shifted target name")
        << 4
        << QByteArray("kind,classic_code,classic_name,gbt_code,gbt_name,match\n"
                      "event,0102,暴露垃圾,06010,道路不洁,exact\nevent,0199,,,,none\n")
        << u"cjt214-mapping.csv line 2: gbt_name '道路不洁' differs from gbt47678-5.csv ('暴露垃圾')"_s;
}

void TestCatalogue::loadErrors()
{
    QFETCH(int, file);
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    Files f;
    QVERIFY2(f.load().ok(), qPrintable(f.load().errorMessage())); // the base is valid
    QByteArray *files[] = {&f.classes, &f.rules, &f.units, &f.classic, &f.mapping};
    *files[file] = content;
    auto cat = f.load();
    QVERIFY(!cat.ok());
    QCOMPARE(cat.errorCode(), ErrorCode::InvalidInput);
    QCOMPARE(cat.errorMessage(), message);
}

QTEST_GUILESS_MAIN(TestCatalogue)
#include "test_catalogue.moc"
