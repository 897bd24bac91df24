#include "net/hotlineticket.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

Error invalid(const QString &message)
{
    return makeError(ErrorCode::InvalidInput, message);
}

} // namespace

QString hotlineTicketTypeName(HotlineTicketType type)
{
    switch (type) {
    case HotlineTicketType::Consultation:
        return u"consultation"_s;
    case HotlineTicketType::Help:
        return u"help"_s;
    case HotlineTicketType::Complaint:
        return u"complaint"_s;
    case HotlineTicketType::Suggestion:
        return u"suggestion"_s;
    case HotlineTicketType::Urge:
        return u"urge"_s;
    }
    return {};
}

Result<HotlineTicketType> parseHotlineTicketType(const QString &text)
{
    for (auto t : {HotlineTicketType::Consultation, HotlineTicketType::Help, HotlineTicketType::Complaint,
                   HotlineTicketType::Suggestion, HotlineTicketType::Urge}) {
        if (hotlineTicketTypeName(t) == text)
            return t;
    }
    return invalid(
        u"type '%1' is unknown; use consultation, help, complaint, suggestion or urge"_s.arg(text));
}

TimeLimit hotlineLimit(HotlineTicketType type, bool complex)
{
    if (complex)
        return {15, TimeUnit::WorkingDays};
    switch (type) {
    case HotlineTicketType::Consultation:
        return {1, TimeUnit::WorkingDays};
    case HotlineTicketType::Urge:
        return {3, TimeUnit::WorkingDays};
    case HotlineTicketType::Help:
    case HotlineTicketType::Complaint:
    case HotlineTicketType::Suggestion:
        return {5, TimeUnit::WorkingDays};
    }
    return {5, TimeUnit::WorkingDays};
}

QString maskPhone(const QString &phone)
{
    QString digits = phone.trimmed();
    if (digits.size() <= 4)
        return QString(digits.size(), u'*');
    if (digits.size() < 8)
        return QString(digits.size() - 2, u'*') + digits.right(2);
    return digits.left(3) + QString(digits.size() - 7, u'*') + digits.right(4);
}

QString maskName(const QString &name)
{
    const QString n = name.trimmed();
    if (n.isEmpty())
        return {};
    return n.left(1) + QString(std::max<qsizetype>(1, n.size() - 1), u'*');
}

Result<HotlineTicket> parseHotlineTicket(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (doc.isNull())
        return invalid(u"malformed JSON at offset %1: %2"_s.arg(error.offset).arg(error.errorString()));
    if (!doc.isObject())
        return invalid(u"a ticket is a JSON object"_s);
    const QJsonObject o = doc.object();
    HotlineTicket t;

    static const QRegularExpression idPattern(u"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"_s);
    t.ticketId = o.value(u"ticketId"_s).toString();
    if (!idPattern.match(t.ticketId).hasMatch())
        return invalid(u"ticketId must be 1–64 letters, digits, '_', '.', ':' or '-' (got '%1')"_s.arg(
            t.ticketId.left(80)));
    t.hotline = o.value(u"hotline"_s).toString();
    if (t.hotline != u"12345"_s && t.hotline != u"12319"_s)
        return invalid(u"hotline must be \"12345\" or \"12319\""_s);
    auto type = parseHotlineTicketType(o.value(u"type"_s).toString());
    if (!type)
        return type.error();
    t.type = *type;
    if (o.contains(u"complex"_s) && !o.value(u"complex"_s).isBool())
        return invalid(u"complex must be true or false"_s);
    t.complex = o.value(u"complex"_s).toBool();
    t.content = o.value(u"content"_s).toString().trimmed();
    if (t.content.isEmpty() || t.content.size() > 4000)
        return invalid(u"content must be 1–4000 characters"_s);
    t.address = o.value(u"address"_s).toString().trimmed();
    if (t.address.size() > 500)
        return invalid(u"address must be at most 500 characters"_s);

    const QJsonValue location = o.value(u"location"_s);
    if ((location.isUndefined() || location.isNull()) && !t.address.isEmpty()) {
        // Placed by its address (a point of interest or community the gazetteer knows) when it is stored.
        t.located = false;
    } else if (!location.isObject()) {
        return invalid(u"location {\"lon\", \"lat\", \"crs\"} is required, or an address naming a point of "
                       u"interest or community: the ticket must be placed in a grid"_s);
    }
    if (t.located) {
        const QJsonObject lo = location.toObject();
        if (!lo.value(u"lon"_s).isDouble() || !lo.value(u"lat"_s).isDouble())
            return invalid(u"location.lon and location.lat must be numbers (degrees)"_s);
        t.location = {lo.value(u"lon"_s).toDouble(), lo.value(u"lat"_s).toDouble()};
        if (!std::isfinite(t.location.x()) || !std::isfinite(t.location.y()) ||
            std::abs(t.location.x()) > 180 || std::abs(t.location.y()) > 90)
            return invalid(u"location (%1, %2) is not a longitude/latitude in degrees"_s.arg(t.location.x())
                               .arg(t.location.y()));
        auto crs = parseInputCrs(lo.value(u"crs"_s).toString(u"WGS84"_s));
        if (!crs)
            return invalid(u"location.crs: "_s + crs.errorMessage());
        t.crs = *crs;
    }

    const QJsonObject caller = o.value(u"caller"_s).toObject();
    t.callerName = caller.value(u"name"_s).toString();
    t.callerPhone = caller.value(u"phone"_s).toString();

    if (o.contains(u"hotlineDeadline"_s)) {
        t.hotlineDeadline = QDateTime::fromString(o.value(u"hotlineDeadline"_s).toString(), Qt::ISODate);
        if (!t.hotlineDeadline.isValid() || t.hotlineDeadline.timeSpec() == Qt::LocalTime)
            return invalid(u"hotlineDeadline must be an ISO 8601 date-time with its offset, e.g. "
                           u"2026-11-30T17:30:00+08:00"_s);
        t.hotlineDeadline = t.hotlineDeadline.toUTC();
    }

    const QJsonValue attachments = o.value(u"attachments"_s);
    if (!attachments.isUndefined() && !attachments.isArray())
        return invalid(u"attachments must be an array"_s);
    const QJsonArray list = attachments.toArray();
    if (list.size() > 10)
        return invalid(u"at most 10 attachments per ticket (got %1)"_s.arg(list.size()));
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject a = list[i].toObject();
        HotlineAttachment att;
        att.name = a.value(u"name"_s).toString();
        att.mimeType = a.value(u"mimeType"_s).toString(u"application/octet-stream"_s);
        auto decoded = QByteArray::fromBase64Encoding(a.value(u"contentBase64"_s).toString().toLatin1(),
                                                      QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.isEmpty())
            return invalid(u"attachments[%1].contentBase64 is not valid, non-empty base64"_s.arg(i));
        att.content = std::move(decoded.decoded);
        t.attachments.append(att);
    }
    return t;
}

ReturnReason parseReturnReason(const QString &comment)
{
    static const struct
    {
        const char16_t *code;
        const char16_t *zh;
    } reasons[] = {
        {u"not_in_jurisdiction", u"非本辖区"}, {u"not_our_duty", u"非城管职责"},
        {u"duplicate", u"重复工单"},           {u"insufficient_information", u"信息不全"},
        {u"not_found", u"现场未发现"},         {u"other", u"其他"},
    };
    QString text = comment.trimmed();
    QString lead = text;
    if (lead.startsWith(u'[')) {
        const qsizetype end = lead.indexOf(u']');
        if (end > 0)
            lead = lead.mid(1, end - 1);
    }
    for (const auto &r : reasons) {
        const QString code = QString::fromUtf16(r.code), zh = QString::fromUtf16(r.zh);
        for (const QString &word : {code, zh}) {
            if (lead.startsWith(word)) {
                QString rest =
                    text.startsWith(u'[') ? text.mid(text.indexOf(u']') + 1) : text.mid(word.size());
                rest = rest.trimmed();
                while (rest.startsWith(u':') || rest.startsWith(u'：'))
                    rest = rest.mid(1).trimmed();
                return {code, rest.isEmpty() ? zh : rest};
            }
        }
    }
    return {u"other"_s, text};
}

} // namespace cg
