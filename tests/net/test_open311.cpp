// Open311 GeoReport v2, tested by a client written from the specification (wiki.open311.org/GeoReport_v2):
// it knows the resource paths, the parameters, the JSON fields and the XML conversion (plural container,
// singular items), and nothing of the gateway's code.

#include "gatewayfixture.h"

#include <QSqlQuery>
#include <QTest>
#include <QXmlStreamReader>

using namespace cg;
using namespace cg::test;
using namespace Qt::Literals::StringLiterals;

namespace {

// XML → the JSON shape the spec pairs it with: an element with element children is an object, except the
// spec's list containers (plural names) whose children become an array; text elements become strings.
QJsonValue readElement(QXmlStreamReader &xml)
{
    static const QStringList lists{u"services"_s,   u"service_requests"_s, u"endpoints"_s, u"formats"_s,
                                   u"attributes"_s, u"values"_s,           u"errors"_s};
    const QString name = xml.name().toString();
    const bool isList = lists.contains(name);
    QJsonObject object;
    QJsonArray array;
    QString text;
    bool hasChildren = false;
    while (xml.readNext() != QXmlStreamReader::Invalid) {
        if (xml.isEndElement())
            break;
        if (xml.isCharacters())
            text += xml.text();
        if (xml.isStartElement()) {
            hasChildren = true;
            const QString child = xml.name().toString();
            const QJsonValue value = readElement(xml);
            if (isList)
                array.append(value);
            else
                object.insert(child, value);
        }
    }
    if (isList)
        return array;
    return hasChildren ? QJsonValue(object) : QJsonValue(text.trimmed());
}

struct SpecReply
{
    int status = 0;
    QByteArray contentType;
    QJsonValue body; // JSON as sent, or the XML read into the same shape
    QString xmlRoot;
};

class Open311Client
{
public:
    Open311Client(HttpClient &http, QUrl endpoint, QString jurisdiction)
        : mHttp(http)
        , mEndpoint(std::move(endpoint))
        , mJurisdiction(std::move(jurisdiction))
    {}

    SpecReply get(const QString &resource, const QString &format, QUrlQuery query = {})
    {
        query.addQueryItem(u"jurisdiction_id"_s, mJurisdiction);
        QUrl url = mEndpoint;
        url.setPath(mEndpoint.path() + u"/"_s + resource + u"."_s + format);
        url.setQuery(query);
        return read(mHttp.send("GET", url), format);
    }

    SpecReply post(const QString &format, QUrlQuery form)
    {
        form.addQueryItem(u"jurisdiction_id"_s, mJurisdiction);
        QUrl url = mEndpoint;
        url.setPath(mEndpoint.path() + u"/requests."_s + format);
        return read(mHttp.send("POST", url, form.query(QUrl::FullyEncoded).toUtf8(),
                               "application/x-www-form-urlencoded"),
                    format);
    }

private:
    static SpecReply read(const HttpResult &r, const QString &format)
    {
        SpecReply out;
        out.status = r.status;
        out.contentType = r.headers.value("content-type");
        if (format == u"json"_s) {
            const QJsonDocument doc = QJsonDocument::fromJson(r.body);
            out.body = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
        } else {
            QXmlStreamReader xml(r.body);
            while (!xml.atEnd() && !xml.isStartElement())
                xml.readNext();
            out.xmlRoot = xml.name().toString();
            out.body = readElement(xml);
            if (xml.hasError())
                out.body = QJsonValue(u"XML ERROR: "_s + xml.errorString());
        }
        return out;
    }
    HttpClient &mHttp;
    QUrl mEndpoint;
    QString mJurisdiction;
};

QString firstErrorDescription(const SpecReply &r)
{
    return r.body.toArray().first().toObject().value(u"description"_s).toString();
}

int caseCount(TestWorld &w)
{
    QSqlQuery q(w.store().database());
    return q.exec(u"SELECT count(*) FROM cases"_s) && q.next() ? q.value(0).toInt() : -1;
}

} // namespace

class TestOpen311 : public QObject
{
    Q_OBJECT

    std::unique_ptr<GatewayFixture> f;
    std::unique_ptr<Open311Client> client;

private Q_SLOTS:
    void init()
    {
        f = std::make_unique<GatewayFixture>();
        QVERIFY(f->open());
        client =
            std::make_unique<Open311Client>(f->http, f->url(u"/open311/v2"_s), f->config.open311Jurisdiction);
    }

    void cleanup()
    {
        client.reset();
        f.reset();
    }

    void discovery()
    {
        const SpecReply json = client->get(u"discovery"_s, u"json"_s);
        QCOMPARE(json.status, 200);
        const QJsonArray endpoints = json.body.toObject().value(u"endpoints"_s).toArray();
        QVERIFY(!endpoints.isEmpty());
        const QJsonObject e = endpoints.first().toObject();
        QCOMPARE(e.value(u"specification"_s).toString(), u"http://wiki.open311.org/GeoReport_v2"_s);
        QVERIFY(e.value(u"formats"_s).toArray().contains(u"application/json"_s));
        QVERIFY(e.value(u"formats"_s).toArray().contains(u"text/xml"_s));
        const SpecReply xml = client->get(u"discovery"_s, u"xml"_s);
        QCOMPARE(xml.status, 200);
        QVERIFY(xml.contentType.startsWith("text/xml"));
        QCOMPARE(xml.xmlRoot, u"discovery"_s);
        QCOMPARE(
            xml.body.toObject().value(u"endpoints"_s).toArray().first().toObject().value(u"specification"_s),
            e.value(u"specification"_s));
    }

    void servicesFromTheCatalogueGroupedByMajorClass()
    {
        const SpecReply json = client->get(u"services"_s, u"json"_s);
        QCOMPARE(json.status, 200);
        const QJsonArray services = json.body.toArray();
        QVERIFY(services.size() >= 200);
        QJsonObject garbage;
        for (const QJsonValue &v : services) {
            const QJsonObject s = v.toObject();
            for (const QString &field : {u"service_code"_s, u"service_name"_s, u"type"_s, u"group"_s})
                QVERIFY2(!s.value(field).toString().isEmpty(), qPrintable(field));
            QVERIFY(s.value(u"metadata"_s).isBool());
            QVERIFY(QStringList({u"realtime"_s, u"batch"_s, u"blackbox"_s})
                        .contains(s.value(u"type"_s).toString()));
            if (s.value(u"service_code"_s).toString() == u"E06010"_s)
                garbage = s;
        }
        QCOMPARE(garbage.value(u"service_name"_s).toString(), u"暴露垃圾"_s);
        QCOMPARE(garbage.value(u"group"_s).toString(), u"市容环境类"_s);

        const SpecReply xml = client->get(u"services"_s, u"xml"_s);
        QCOMPARE(xml.xmlRoot, u"services"_s);
        QCOMPARE(xml.body.toArray().size(), services.size());
        // The XML says the same as the JSON (XML carries every value as text).
        const QJsonObject firstXml = xml.body.toArray().first().toObject();
        const QJsonObject firstJson = services.first().toObject();
        QCOMPARE(firstXml.value(u"service_code"_s), firstJson.value(u"service_code"_s));
        QCOMPARE(firstXml.value(u"metadata"_s).toString(), u"true"_s);
    }

    void serviceDefinition()
    {
        const SpecReply json = client->get(u"services/E06010"_s, u"json"_s);
        QCOMPARE(json.status, 200);
        const QJsonObject d = json.body.toObject();
        QCOMPARE(d.value(u"service_code"_s).toString(), u"E06010"_s);
        const QJsonArray attributes = d.value(u"attributes"_s).toArray();
        QVERIFY(!attributes.isEmpty());
        static const QStringList datatypes{u"string"_s, u"number"_s,          u"datetime"_s,
                                           u"text"_s,   u"singlevaluelist"_s, u"multivaluelist"_s};
        for (const QJsonValue &v : attributes) {
            const QJsonObject a = v.toObject();
            QVERIFY(a.value(u"variable"_s).isBool());
            QVERIFY(!a.value(u"code"_s).toString().isEmpty());
            QVERIFY(datatypes.contains(a.value(u"datatype"_s).toString()));
            QVERIFY(a.value(u"required"_s).isBool());
            QVERIFY(a.value(u"order"_s).isDouble());
            if (a.value(u"datatype"_s).toString().endsWith(u"valuelist"_s)) {
                const QJsonArray values = a.value(u"values"_s).toArray();
                QVERIFY(!values.isEmpty());
                QVERIFY(values.first().toObject().contains(u"key"_s) &&
                        values.first().toObject().contains(u"name"_s));
            }
        }
        const SpecReply xml = client->get(u"services/E06010"_s, u"xml"_s);
        QCOMPARE(xml.xmlRoot, u"service_definition"_s);
        QCOMPARE(xml.body.toObject().value(u"attributes"_s).toArray().size(), attributes.size());
    }

    void errorsAreTheSpecsErrorLists_data()
    {
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("status");
        QTest::newRow("unknown service json") << u"services/E99999"_s << u"json"_s << 404;
        QTest::newRow("unknown service xml") << u"services/E99999"_s << u"xml"_s << 404;
        QTest::newRow("unknown request") << u"requests/19990101000001"_s << u"json"_s << 404;
        QTest::newRow("unknown token") << u"tokens/no-such-token"_s << u"xml"_s << 404;
        QTest::newRow("bad status filter") << u"requests"_s << u"json"_s << 400;
    }

    void errorsAreTheSpecsErrorLists()
    {
        QFETCH(QString, resource);
        QFETCH(QString, format);
        QFETCH(int, status);
        QUrlQuery query;
        if (resource == u"requests"_s)
            query.addQueryItem(u"status"_s, u"pending"_s);
        const SpecReply r = client->get(resource, format, query);
        QCOMPARE(r.status, status);
        const QJsonArray errors = r.body.toArray();
        QCOMPARE(errors.size(), 1);
        if (format == u"xml"_s) {
            QCOMPARE(r.xmlRoot, u"errors"_s);
            QCOMPARE(errors.first().toObject().value(u"code"_s).toString(), QString::number(status));
        } else {
            QCOMPARE(errors.first().toObject().value(u"code"_s).toInt(), status);
        }
        QVERIFY(!errors.first().toObject().value(u"description"_s).toString().isEmpty());
    }

    void unknownJurisdictionIs404()
    {
        Open311Client other(f->http, f->url(u"/open311/v2"_s), u"beijing.example"_s);
        const SpecReply r = other.get(u"services"_s, u"json"_s);
        QCOMPARE(r.status, 404);
        QVERIFY(firstErrorDescription(r).contains(u"jurisdiction_id"_s));
    }

    void postAndReadARequest_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("json") << u"json"_s;
        QTest::newRow("xml") << u"xml"_s;
    }

    void postAndReadARequest()
    {
        QFETCH(QString, format);
        QUrlQuery form;
        form.addQueryItem(u"api_key"_s, Open311Key);
        form.addQueryItem(u"service_code"_s, u"E06010"_s);
        form.addQueryItem(u"lat"_s, u"31.2304"_s);
        form.addQueryItem(u"long"_s, u"121.4705"_s);
        form.addQueryItem(u"address_string"_s, u"南京东路 100 号"_s);
        form.addQueryItem(u"description"_s, u"路边垃圾 & 纸箱"_s);
        form.addQueryItem(u"attribute[landmark]"_s, u"公交站"_s);
        form.addQueryItem(u"media_url"_s, u"https://example.org/p/1.jpg"_s);
        form.addQueryItem(u"email"_s, u"a@example.org"_s);
        const SpecReply posted = client->post(format, form);
        QCOMPARE(posted.status, 200);
        if (format == u"xml"_s)
            QCOMPARE(posted.xmlRoot, u"service_requests"_s);
        const QJsonObject created = posted.body.toArray().first().toObject();
        const QString id = created.value(u"service_request_id"_s).toString();
        QVERIFY(!id.isEmpty());

        const SpecReply read = client->get(u"requests/"_s + id, format);
        QCOMPARE(read.status, 200);
        const QJsonArray list = read.body.toArray();
        QCOMPARE(list.size(), 1);
        const QJsonObject r = list.first().toObject();
        QCOMPARE(r.value(u"service_request_id"_s).toString(), id);
        QCOMPARE(r.value(u"status"_s).toString(), u"open"_s);
        QCOMPARE(r.value(u"service_code"_s).toString(), u"E06010"_s);
        QCOMPARE(r.value(u"service_name"_s).toString(), u"暴露垃圾"_s);
        QCOMPARE(r.value(u"address"_s).toString(), u"南京东路 100 号"_s);
        QVERIFY(r.value(u"description"_s).toString().startsWith(u"路边垃圾 & 纸箱"_s));
        const double lat =
            format == u"json"_s ? r.value(u"lat"_s).toDouble() : r.value(u"lat"_s).toString().toDouble();
        QVERIFY(std::abs(lat - 31.2304) < 1e-9);
        QVERIFY(QDateTime::fromString(r.value(u"requested_datetime"_s).toString(), Qt::ISODate).isValid());
        QVERIFY(r.value(u"requested_datetime"_s).toString().endsWith(u"+08:00"_s));

        // The token leads to the same request.
        const QString token = created.value(u"token"_s).toString();
        if (!token.isEmpty()) {
            const SpecReply t = client->get(u"tokens/"_s + token, format);
            QCOMPARE(t.status, 200);
            QCOMPARE(t.body.toArray().first().toObject().value(u"service_request_id"_s).toString(), id);
        }
    }

    void postErrorsWriteNothing_data()
    {
        QTest::addColumn<QString>("apiKey");
        QTest::addColumn<QString>("serviceCode");
        QTest::addColumn<QString>("lat");
        QTest::addColumn<QString>("lon");
        QTest::addColumn<QString>("addressString");
        QTest::addColumn<int>("status");
        QTest::newRow("no api_key") << QString() << u"E06010"_s << u"31.2304"_s << u"121.4705"_s << QString()
                                    << 403;
        QTest::newRow("wrong api_key")
            << u"nope-nope-nope-nope"_s << u"E06010"_s << u"31.2304"_s << u"121.4705"_s << QString() << 403;
        QTest::newRow("hotline key") << HotlineKey << u"E06010"_s << u"31.2304"_s << u"121.4705"_s
                                     << QString() << 403;
        QTest::newRow("no service_code")
            << Open311Key << QString() << u"31.2304"_s << u"121.4705"_s << QString() << 400;
        QTest::newRow("unknown service_code")
            << Open311Key << u"E99999"_s << u"31.2304"_s << u"121.4705"_s << QString() << 404;
        QTest::newRow("no location") << Open311Key << u"E06010"_s << QString() << QString() << QString()
                                     << 400;
        QTest::newRow("address_string only")
            << Open311Key << u"E06010"_s << QString() << QString() << u"南京东路"_s << 400;
        QTest::newRow("lat not a number")
            << Open311Key << u"E06010"_s << u"north"_s << u"121.4705"_s << QString() << 400;
        QTest::newRow("out of area") << Open311Key << u"E06010"_s << u"39.9"_s << u"116.39"_s << QString()
                                     << 400;
        QTest::newRow("sql injection code")
            << Open311Key << u"E06010' OR '1'='1"_s << u"31.2304"_s << u"121.4705"_s << QString() << 404;
    }

    void postErrorsWriteNothing()
    {
        QFETCH(QString, apiKey);
        QFETCH(QString, serviceCode);
        QFETCH(QString, lat);
        QFETCH(QString, lon);
        QFETCH(QString, addressString);
        QFETCH(int, status);
        const int before = caseCount(f->world);
        QUrlQuery form;
        if (!apiKey.isEmpty())
            form.addQueryItem(u"api_key"_s, apiKey);
        if (!serviceCode.isEmpty())
            form.addQueryItem(u"service_code"_s, serviceCode);
        if (!lat.isEmpty())
            form.addQueryItem(u"lat"_s, lat);
        if (!lon.isEmpty())
            form.addQueryItem(u"long"_s, lon);
        if (!addressString.isEmpty())
            form.addQueryItem(u"address_string"_s, addressString);
        const SpecReply r = client->post(u"json"_s, form);
        QCOMPARE(r.status, status);
        QCOMPARE(r.body.toArray().first().toObject().value(u"code"_s).toInt(), status);
        QVERIFY(!firstErrorDescription(r).isEmpty());
        QCOMPARE(caseCount(f->world), before);
    }

    void addressIdIsAUnitGrid()
    {
        QUrlQuery form;
        form.addQueryItem(u"api_key"_s, Open311Key);
        form.addQueryItem(u"service_code"_s, u"E09006"_s);
        form.addQueryItem(u"address_id"_s, u"310101002001002"_s);
        const SpecReply r = client->post(u"json"_s, form);
        QCOMPARE(r.status, 200);
        const QString id = r.body.toArray().first().toObject().value(u"service_request_id"_s).toString();
        const QJsonObject read =
            client->get(u"requests/"_s + id, u"json"_s).body.toArray().first().toObject();
        QCOMPARE(read.value(u"address_id"_s).toString(), u"310101002001002"_s);
    }

    void addressStringFromTheGazetteer()
    {
        {
            QSqlQuery q(f->world.store().database());
            QVERIFY(q.exec(
                u"INSERT INTO points_of_interest (kind, name, longitude, latitude) VALUES "
                u"('landmark', '贵州路菜场', 121.4712, 31.2305), ('bus_stop', '双名站', 121.4701, 31.2301), "
                u"('bus_stop', '双名站', 121.4715, 31.2302)"_s));
        }
        const auto post = [&](const QString &address) {
            QUrlQuery form;
            form.addQueryItem(u"api_key"_s, Open311Key);
            form.addQueryItem(u"service_code"_s, u"E09006"_s);
            form.addQueryItem(u"address_string"_s, address);
            return client->post(u"json"_s, form);
        };
        // A point of interest: the case lies there, in its grid.
        SpecReply r = post(u"贵州路菜场"_s);
        QCOMPARE(r.status, 200);
        QString id = r.body.toArray().first().toObject().value(u"service_request_id"_s).toString();
        CaseRecord c = f->world.store().findCaseByNumber(id).value();
        QCOMPARE(c.longitude, 121.4712);
        QCOMPARE(c.latitude, 31.2305);
        QCOMPARE(c.grid.text(), u"310101002001002"_s);
        QCOMPARE(c.address, u"贵州路菜场"_s);
        // A community: the centre of its unit grid nearest the middle of them all (two grids side by side:
        // the first).
        r = post(u"贵州居委会"_s);
        QCOMPARE(r.status, 200);
        id = r.body.toArray().first().toObject().value(u"service_request_id"_s).toString();
        c = f->world.store().findCaseByNumber(id).value();
        QVERIFY(std::abs(c.longitude - 121.470525) < 1e-9);
        QVERIFY(std::abs(c.latitude - 31.23045) < 1e-9);
        QCOMPARE(c.grid.text(), u"310101002001001"_s);
        QCOMPARE(c.community.text(), u"310101002001"_s);
        // Unknown and ambiguous names are refused, naming the field; nothing is written.
        const int before = caseCount(f->world);
        r = post(u"南京东路"_s);
        QCOMPARE(r.status, 400);
        QCOMPARE(
            firstErrorDescription(r),
            u"address_string 南京东路 names no point of interest or community of this jurisdiction; send lat "
            u"and long, or address_id (a unit grid code)"_s);
        r = post(u"双名站"_s);
        QCOMPARE(r.status, 400);
        QCOMPARE(firstErrorDescription(r),
                 u"address_string 双名站 names more than one place; send lat and long, "
                 u"or address_id (a unit grid code)"_s);
        QCOMPARE(caseCount(f->world), before);
    }

    void listingDefaultsAndFilters()
    {
        TestWorld &w = f->world;
        const QDateTime now = w.clock->now();
        auto reportAt = [&](const QDateTime &at, const QString &cls) {
            w.clock->setNow(at);
            auto c = w.report(u"sup"_s, cls);
            w.clock->setNow(now);
            return c.value();
        };
        const CaseRecord old = reportAt(now.addDays(-100), u"event/06010"_s);
        const CaseRecord recent = reportAt(now.addDays(-10), u"event/06010"_s);
        const CaseRecord stall = reportAt(now.addDays(-5), u"event/09006"_s);
        const CaseRecord rejected = w.act(u"acceptor"_s, reportAt(now.addDays(-3), u"event/06010"_s),
                                          Action::Reject, [](ActionRequest &a) { a.comment = u"无效"_s; })
                                        .value();
        const auto ids = [](const SpecReply &r) {
            QStringList out;
            for (const QJsonValue &v : r.body.toArray())
                out.append(v.toObject().value(u"service_request_id"_s).toString());
            return out;
        };
        // Defaults: the last 90 days, open and closed.
        QStringList all = ids(client->get(u"requests"_s, u"json"_s));
        QVERIFY(all.contains(recent.number) && all.contains(stall.number) && all.contains(rejected.number));
        QVERIFY(!all.contains(old.number));
        // start_date reaches further back.
        QUrlQuery since;
        since.addQueryItem(u"start_date"_s,
                           now.addDays(-120).toOffsetFromUtc(8 * 3600).toString(Qt::ISODate));
        QVERIFY(ids(client->get(u"requests"_s, u"json"_s, since)).contains(old.number));
        // end_date with start_date: a window.
        QUrlQuery window;
        window.addQueryItem(u"start_date"_s,
                            now.addDays(-11).toOffsetFromUtc(8 * 3600).toString(Qt::ISODate));
        window.addQueryItem(u"end_date"_s, now.addDays(-4).toOffsetFromUtc(8 * 3600).toString(Qt::ISODate));
        QCOMPARE(ids(client->get(u"requests"_s, u"json"_s, window)),
                 QStringList({stall.number, recent.number}));
        // status: closed is the rejected one; open excludes it.
        QUrlQuery closed;
        closed.addQueryItem(u"status"_s, u"closed"_s);
        QCOMPARE(ids(client->get(u"requests"_s, u"json"_s, closed)), QStringList{rejected.number});
        QUrlQuery open;
        open.addQueryItem(u"status"_s, u"open"_s);
        QVERIFY(!ids(client->get(u"requests"_s, u"xml"_s, open)).contains(rejected.number));
        // service_code filter (comma-separated list).
        QUrlQuery byCode;
        byCode.addQueryItem(u"service_code"_s, u"E09006"_s);
        QCOMPARE(ids(client->get(u"requests"_s, u"json"_s, byCode)), QStringList{stall.number});
        // service_request_id: other parameters are ignored.
        QUrlQuery byId;
        byId.addQueryItem(u"service_request_id"_s, old.number + u","_s + stall.number);
        byId.addQueryItem(u"status"_s, u"closed"_s);
        QCOMPARE(ids(client->get(u"requests"_s, u"json"_s, byId)), QStringList({old.number, stall.number}));
    }

    void atMostOneThousandRequests()
    {
        TestWorld &w = f->world;
        QVERIFY(w.store().beginBatch().ok());
        for (int i = 0; i < 1005; ++i)
            QVERIFY(w.report().ok());
        QVERIFY(w.store().commitBatch().ok());
        const SpecReply r = client->get(u"requests"_s, u"json"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.toArray().size(), 1000);
    }
};

QTEST_GUILESS_MAIN(TestOpen311)
#include "test_open311.moc"
