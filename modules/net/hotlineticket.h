#pragma once

// A hotline ticket as a value, its strict parser and the hotline's rules; no I/O, so the tests and the fuzzer
// call them directly.

#include "core/result.h"
#include "core/timelimit.h"
#include "net/chinacrs.h"

#include <QDateTime>
#include <QList>
#include <QPointF>
#include <QString>

namespace cg {

enum class HotlineTicketType { Consultation, Help, Complaint, Suggestion, Urge };
QString hotlineTicketTypeName(HotlineTicketType type);
Result<HotlineTicketType> parseHotlineTicketType(const QString &text);
// The hotline's own handling limit (DOMAIN.md §5): consultation 1 working day, help and complaint 5,
// suggestion 5, urged tickets 3, complex matters with approval 15.
TimeLimit hotlineLimit(HotlineTicketType type, bool complex);
inline constexpr TimeLimit HotlineFirstContactLimit{1, TimeUnit::WorkingDays};
inline constexpr TimeLimit HotlineSecondHandlingLimit{3, TimeUnit::WorkingDays};

struct HotlineAttachment
{
    QString name;
    QString mimeType;
    QByteArray content;
};

// A ticket as a hotline sends it (docs/hotline-api.md).
struct HotlineTicket
{
    QString hotline; // "12345" or "12319"
    QString ticketId;
    HotlineTicketType type = HotlineTicketType::Complaint;
    bool complex = false;
    QString content;
    QString address;
    QPointF location;    // as sent, in `crs`
    bool located = true; // false: no location sent; the address is looked up in the gazetteer
    InputCrs crs = InputCrs::Wgs84;
    QString callerName;        // masked before it is stored
    QString callerPhone;       // masked before it is stored
    QDateTime hotlineDeadline; // null: computed from the type
    QList<HotlineAttachment> attachments;
};

// Strict parsing: every problem names the field. Pure, so the fuzzer and the tests call it directly.
Result<HotlineTicket> parseHotlineTicket(const QByteArray &json);
QString maskPhone(const QString &phone); // "13812345678" → "138****5678"
QString maskName(const QString &name);   // "张三丰" → "张**"

// Standard reasons for returning a ticket (退单), recognised at the start of the rejecting comment.
struct ReturnReason
{
    QString code; // not_in_jurisdiction, not_our_duty, duplicate, insufficient_information, not_found, other
    QString text;
};
ReturnReason parseReturnReason(const QString &comment);

} // namespace cg
