#include "core/codes.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

class TestCodes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jurisdictionLevels_data();
    void jurisdictionLevels();
    void jurisdictionErrors_data();
    void jurisdictionErrors();
    void parentsAndCoverage();
    void gridCodes_data();
    void gridCodes();
    void gridNextSerial();
    void gridBelongsTo();
    void componentIds_data();
    void componentIds();
    void matterCodes();
    void catalogueKeys();
};

void TestCodes::jurisdictionLevels_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("level");
    QTest::newRow("municipality") << u"310000"_s << int(JurisdictionLevel::City);
    QTest::newRow("prefecture") << u"320500"_s << int(JurisdictionLevel::City);
    QTest::newRow("district") << u"310101"_s << int(JurisdictionLevel::District);
    QTest::newRow("street") << u"310101002"_s << int(JurisdictionLevel::Street);
    QTest::newRow("town") << u"310115101"_s << int(JurisdictionLevel::Street);
    QTest::newRow("community") << u"310101002003"_s << int(JurisdictionLevel::Community);
}

void TestCodes::jurisdictionLevels()
{
    QFETCH(QString, code);
    QFETCH(int, level);
    auto parsed = JurisdictionCode::parse(code);
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
    QCOMPARE(int(parsed->level()), level);
    QCOMPARE(parsed->text(), code);
}

void TestCodes::jurisdictionErrors_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("letters") << u"31010A"_s
                             << u"jurisdiction code '31010A' must contain digits only (6, 9 or 12 of them)"_s;
    QTest::newRow("length") << u"3101010"_s
                            << u"jurisdiction code 3101010 has 7 digits; expected 6 (city or district), 9 "
                               u"(street/town) or 12 (community/village)"_s;
    QTest::newRow("street 000")
        << u"310101000"_s
        << u"street code 310101000: the street/town part 000 must be 001–399 (001–099 "
           u"street, 100–199 town, 200–399 township)"_s;
    QTest::newRow("street under city")
        << u"310000001"_s
        << u"street code 310000001 must start with a district code, not the city "
           u"code 310000"_s;
    QTest::newRow("community 000")
        << u"310101002000"_s
        << u"community code 310101002000: the community/village part must be 001–999, "
           u"not 000"_s;
}

void TestCodes::jurisdictionErrors()
{
    QFETCH(QString, code);
    QFETCH(QString, message);
    auto parsed = JurisdictionCode::parse(code);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.errorCode(), ErrorCode::InvalidInput);
    QCOMPARE(parsed.errorMessage(), message);
}

void TestCodes::parentsAndCoverage()
{
    const auto city = JurisdictionCode::parse(u"310000"_s).value();
    const auto district = JurisdictionCode::parse(u"310101"_s).value();
    const auto street = JurisdictionCode::parse(u"310101002"_s).value();
    const auto community = JurisdictionCode::parse(u"310101002003"_s).value();
    const auto otherDistrict = JurisdictionCode::parse(u"310104"_s).value();
    QCOMPARE(community.parent(), street);
    QCOMPARE(street.parent(), district);
    QCOMPARE(district.parent(), city);
    QVERIFY(city.parent().isNull());
    QCOMPARE(JurisdictionCode::parse(u"320505"_s)->parent().text(), u"320500"_s);
    QVERIFY(city.covers(community));
    QVERIFY(district.covers(community));
    QVERIFY(district.covers(district));
    QVERIFY(!otherDistrict.covers(community));
    QVERIFY(!community.covers(street));
    QVERIFY(!JurisdictionCode::parse(u"320500"_s)->covers(district));
}

void TestCodes::gridCodes_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("error");
    QTest::newRow("15 digits") << u"310101002003017"_s << QString();
    QTest::newRow("14 digits") << u"31010100200317"_s << QString();
    QTest::newRow("11 digits")
        << u"31010100101"_s
        << u"grid code 31010100101 has 11 characters; expected 14 or 15 digits (community "
           u"code + serial)"_s;
    QTest::newRow("serial 0") << u"310101002003000"_s
                              << u"grid code 310101002003000: the serial must start at 1, not 0"_s;
    QTest::newRow("bad community") << u"310101000003001"_s
                                   << u"grid code 310101000003001: community code 310101000003: street code "
                                      u"310101000: the street/town part 000 must be 001–399 (001–099 street, "
                                      u"100–199 town, 200–399 township)"_s;
}

void TestCodes::gridCodes()
{
    QFETCH(QString, code);
    QFETCH(QString, error);
    auto parsed = UnitGridCode::parse(code);
    QCOMPARE(parsed.errorMessage(), error);
    if (error.isEmpty()) {
        QCOMPARE(parsed->community().text(), code.left(12));
        QCOMPARE(parsed->serial(), code.mid(12).toInt());
        QCOMPARE(parsed->serialDigits(), int(code.size()) - 12);
    }
}

void TestCodes::gridNextSerial()
{
    const auto community = JurisdictionCode::parse(u"310101002003"_s).value();
    QCOMPARE(UnitGridCode::next(community, 0)->text(), u"310101002003001"_s);
    QCOMPARE(UnitGridCode::next(community, 41)->text(), u"310101002003042"_s);
    QCOMPARE(UnitGridCode::next(community, 9, 2)->text(), u"31010100200310"_s);
    auto overflow = UnitGridCode::next(community, 999);
    QVERIFY(!overflow.ok());
    QCOMPARE(overflow.errorMessage(), u"community 310101002003 has used all 999 serials of its 15-digit grid "
                                      u"codes; split the community or use 15-digit codes"_s);
    QVERIFY(!UnitGridCode::next(community, 99, 2).ok());
    auto notCommunity = UnitGridCode::make(community.parent(), 1);
    QCOMPARE(notCommunity.errorMessage(), u"unit grids belong to a community; 310101002 is a street"_s);
}

void TestCodes::gridBelongsTo()
{
    const auto grid = UnitGridCode::parse(u"310101002003017"_s).value();
    QVERIFY(grid.checkBelongsTo(JurisdictionCode::parse(u"310101002003"_s).value()).ok());
    auto wrong = grid.checkBelongsTo(JurisdictionCode::parse(u"310101002004"_s).value());
    QCOMPARE(wrong.errorMessage(),
             u"grid 310101002003017 does not belong to community 310101002004 (its community part is "
             u"310101002003)"_s);
}

void TestCodes::componentIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("classCode");
    QTest::addColumn<int>("serial");
    QTest::newRow("17 digits") << u"31010101001000123"_s << true << u"01001"_s << 123;
    QTest::newRow("16 digits") << u"3101010101000123"_s << true << u"0101"_s << 123;
    QTest::newRow("15 digits") << u"310101010010001"_s << false << QString() << 0;
    QTest::newRow("letters") << u"3101010100100012X"_s << false << QString() << 0;
}

void TestCodes::componentIds()
{
    QFETCH(QString, id);
    QFETCH(bool, valid);
    QFETCH(QString, classCode);
    QFETCH(int, serial);
    auto parsed = ComponentId::parse(id);
    QCOMPARE(parsed.ok(), valid);
    if (valid) {
        QCOMPARE(parsed->classCode(), classCode);
        QCOMPARE(parsed->serial(), serial);
        QCOMPARE(parsed->countyCode(), u"310101"_s);
    } else {
        QVERIFY(parsed.errorMessage().startsWith(u"component id "_s + id));
    }
}

void TestCodes::matterCodes()
{
    auto m = MatterCode::parse(u"31010106010"_s);
    QVERIFY(m.ok());
    QCOMPARE(m->classCode(), u"06010"_s);
    QCOMPARE(MatterCode::parse(u"3101010601"_s).errorMessage(),
             u"matter code 3101010601 has 10 characters; expected 11 digits (county 6 + class 5)"_s);
}

void TestCodes::catalogueKeys()
{
    QCOMPARE(CatalogueKey::parse(u"event/06010"_s)->toString(), u"event/06010"_s);
    QCOMPARE(CatalogueKey::parse(u"C01001"_s)->kind(), ClassKind::Component);
    QCOMPARE(CatalogueKey::parse(u"event/6010"_s).errorMessage(),
             u"class code '6010' must have 5 digits (major 2 + minor 3)"_s);
    QCOMPARE(CatalogueKey::parse(u"thing/06010"_s).errorMessage(),
             u"class kind 'thing' is unknown; expected 'component' or 'event'"_s);
    QVERIFY(!(CatalogueKey::parse(u"event/06010"_s).value() ==
              CatalogueKey::parse(u"component/06010"_s).value()));
}

QTEST_GUILESS_MAIN(TestCodes)
#include "test_codes.moc"
