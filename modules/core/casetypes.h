#pragma once

#include "core/codes.h"
#include "core/timelimit.h"
#include "core/workflow.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace cg {

// Who acts: a user with one role, bound to a jurisdiction node (city, district, street, community) or to a
// responsible unit.
struct Actor
{
    qint64 userId = 0;
    QString login;
    QString name;
    Role role = Role::System;
    JurisdictionCode jurisdiction; // null for unit handlers
    qint64 unitId = 0;             // the responsible unit of a unit handler
    QString station;               // workstation or terminal the action comes from
};

// A case as stored: the current state of one problem. Times are UTC.
struct CaseRecord
{
    qint64 id = 0;
    QString number; // human case number, e.g. 202611290001
    int version = 0;

    CaseState state = CaseState::None;
    Step step = Step::None;
    QDateTime stepDueAt;     // due time of the current step; null when no clock runs
    QDateTime handlingDueAt; // the unit's handling deadline once dispatched
    qint64 pausedRemainingMinutes =
        -1;             // handling time left when parked (in the limit's minutes); -1 if not parked
    QDateTime resumeAt; // a parked case resumes by itself then
    TimeLimit handlingLimit;

    CaseSource source = CaseSource::Patrol;
    CatalogueKey classKey;
    AreaClass areaClass = AreaClass::B;
    Priority priority = Priority::Normal;
    bool keySupervision = false;
    bool hardCase = false;
    int hardCaseStage = 0; // index into the class's closing stages reached so far

    UnitGridCode grid;
    JurisdictionCode community;
    JurisdictionLevel owningTier = JurisdictionLevel::District;
    double longitude = 0;
    double latitude = 0;
    QString address;
    QString description;

    qint64 reporterId = 0;
    qint64 unitId = 0; // responsible unit once dispatched
    QDateTime reportedAt;
    QDateTime updatedAt;
    QDateTime closedAt;

    bool extensionPending = false;
    QDateTime requestedDueAt; // the new date an extension request asks for
    int extensionCount = 0;
    int reworkCount = 0;
    int urgeCount = 0;
    UrgeLevel lastUrgeLevel = UrgeLevel::Ordinary;
    bool verifiedConfirmed = false;
    ClosingType closingType = ClosingType::Normal;
    QString hotlineTicket;
    Step autoUrgedStep = Step::None; // the step already urged automatically for being late

    int eventCount = 0;
    QByteArray lastEventHash; // head of the case's audit chain

    JurisdictionCode street() const { return community.isNull() ? JurisdictionCode() : community.parent(); }
    JurisdictionCode district() const
    {
        return community.isNull() ? JurisdictionCode() : community.parent().parent();
    }
    bool isOpen() const { return cg::isOpen(state); }
    bool isStepOverdue(const QDateTime &now) const
    {
        return isOpen() && stepDueAt.isValid() && stepDueAt < now;
    }
    bool isHandlingOverdue(const QDateTime &now) const
    {
        return state == CaseState::Dispatched && handlingDueAt.isValid() && handlingDueAt < now;
    }
};

// One action on a case: append-only, hash-chained per case. Records what evaluation needs.
struct CaseEvent
{
    qint64 id = 0;
    qint64 caseId = 0;
    int seq = 0; // 1, 2, ... within the case
    Action action = Action::Report;
    CaseState fromState = CaseState::None;
    CaseState toState = CaseState::None;
    qint64 actorId = 0;
    Role role = Role::System;
    QString actorName;
    QString station;
    QDateTime at;
    QString comment;
    QJsonObject details;    // unit, due times, closing type, urge level, requested date, attachments, ...
    Step step = Step::None; // the step this action completed
    QDateTime stepDueAt;    // its due time
    bool onTime = true;     // done at or before the due time
    QString requestId;      // client-generated id: a retried request is applied once
    QByteArray prevHash;
    QByteArray hash;
};

// SHA-256 over the previous hash and the event's fields in a fixed order; the chain's link.
QByteArray computeEventHash(const QByteArray &prevHash, const CaseEvent &event);

// A request to act on an existing case.
struct ActionRequest
{
    qint64 caseId = 0;
    int expectedVersion = 0; // the version the caller read; a stale one is refused
    Action action = Action::Accept;
    QString comment;
    qint64 unitId = 0;       // dispatch: the responsible unit
    QDateTime requestedDate; // extension: the new due date; park: the resume date
    ClosingType closingType = ClosingType::Normal;
    UrgeLevel urgeLevel = UrgeLevel::Ordinary;
    QStringList attachments; // content hashes of stored files (photos)
    QString requestId;       // optional idempotency key
};

// A request to create a case (report or self-dispose).
struct NewCaseRequest
{
    Action action = Action::Report; // Report or SelfDispose
    CaseSource source = CaseSource::Patrol;
    CatalogueKey classKey;
    UnitGridCode grid;
    double longitude = 0;
    double latitude = 0;
    QString address;
    QString description;
    QString hotlineTicket;
    QStringList attachments;
    QString requestId;
    // The caller found requestId unused in this transaction (the gateway looks its ticket up first), so the
    // service does not look again; the store's unique request id still refuses a copy written meanwhile.
    bool requestIdUnused = false;
};

} // namespace cg
