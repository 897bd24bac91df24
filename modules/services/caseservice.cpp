#include "services/caseservice.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

QString isoLocal(const QDateTime &t)
{
    return t.isValid() ? t.toOffsetFromUtc(8 * 3600).toString(Qt::ISODate) : QString();
}

// Tier of an actor's jurisdiction: communities work on the street platform.
JurisdictionLevel tierOf(const JurisdictionCode &code)
{
    return code.level() == JurisdictionLevel::Community ? JurisdictionLevel::Street : code.level();
}

} // namespace

CaseService::CaseService(CaseRepository &cases, DirectoryRepository &directory, const Catalogue &catalogue,
                         const WorkCalendar &calendar, const Clock &clock, StepLimits stepLimits)
    : mCases(cases)
    , mDirectory(directory)
    , mCatalogue(catalogue)
    , mCalendar(calendar)
    , mClock(clock)
    , mStepLimits(stepLimits)
{}

Error CaseService::refused(const Actor &actor, const QString &what, Error why) const
{
    if (mRefusalAudit && (why.code == ErrorCode::NotPermitted || why.code == ErrorCode::OutOfScope))
        mRefusalAudit(actor, what, why);
    return why;
}

CaseFacts CaseService::factsOf(const CaseRecord &record) const
{
    CaseFacts facts;
    facts.state = record.state;
    const CatalogueClass *cls = mCatalogue.find(record.classKey);
    facts.selfDisposalAllowed = cls && cls->selfDisposalAllowed;
    facts.extensionPending = record.extensionPending;
    facts.extensionsGranted = record.extensionCount;
    facts.owningTier = record.owningTier;
    if (cls && record.hardCase)
        facts.closingStagesLeft = std::max(0, int(cls->closingStages.size()) - record.hardCaseStage);
    return facts;
}

Result<QDateTime> CaseService::handlingDeadlineIfDispatched(const CaseRecord &record,
                                                            const QDateTime &at) const
{
    auto cls = mCatalogue.require(record.classKey);
    if (!cls)
        return cls.error();
    CaseRecord withLimit = record;
    withLimit.handlingLimit = (*cls)->rule(record.areaClass).limit;
    if (auto s = applyMajorEvents(withLimit); !s)
        return s.error();
    return mCalendar.deadline(at, withLimit.handlingLimit);
}

Status CaseService::applyMajorEvents(CaseRecord &record) const
{
    if (!mMajorEvents || !record.reportedAt.isValid())
        return {};
    auto events = mMajorEvents->majorEventsAt(record.reportedAt);
    if (!events)
        return events.error();
    for (const MajorEvent &e : std::as_const(*events)) {
        if (!e.covers(record.reportedAt, record.grid, record.community, record.longitude, record.latitude))
            continue;
        record.handlingLimit = e.tighten(record.handlingLimit);
        if (e.keyClasses.contains(record.classKey)) {
            record.keySupervision = true;
            record.priority = std::max(record.priority, Priority::High);
        }
    }
    return {};
}

Status CaseService::checkScope(const Actor &actor, const CaseRecord &record) const
{
    if (actor.role == Role::System)
        return {};
    if (actor.role == Role::UnitHandler) {
        if (actor.unitId <= 0 || record.unitId != actor.unitId)
            return makeError(
                ErrorCode::OutOfScope,
                u"case %1 is not dispatched to your unit; a responsible unit acts only on its own "
                u"cases"_s.arg(record.number));
        return {};
    }
    if (actor.jurisdiction.isNull() || !actor.jurisdiction.covers(record.community))
        return makeError(ErrorCode::OutOfScope,
                         u"case %1 lies in community %2, outside your jurisdiction %3"_s.arg(
                             record.number, record.community.text(),
                             actor.jurisdiction.isNull() ? u"(none)"_s : actor.jurisdiction.text()));
    // Supervisors verify and check in the field for every tier; the others act at their tier or above it.
    if (actor.role != Role::Supervisor && tierOf(actor.jurisdiction) > record.owningTier)
        return makeError(ErrorCode::OutOfScope,
                         u"case %1 is owned by the %2 tier; a %3 of the %4 tier cannot act on it"_s.arg(
                             record.number, levelName(record.owningTier), roleName(actor.role),
                             levelName(tierOf(actor.jurisdiction))));
    return {};
}

QList<Action> CaseService::availableActions(const Actor &actor, const CaseRecord &record) const
{
    if (!checkScope(actor, record))
        return {};
    return cg::availableActions(factsOf(record), actor.role);
}

bool CaseService::isAroundTheClock(const CaseRecord &record) const
{
    return !record.handlingLimit.isNull() ? !isWorkingUnit(record.handlingLimit.unit) : false;
}

QDateTime CaseService::stepDeadline(const CaseRecord &record, Step step, const QDateTime &now) const
{
    if (step == Step::None)
        return {};
    if (step == Step::Handle) {
        // A hard case's current closing stage may have a shorter limit of its own (停止施工 in 4 working
        // hours).
        const CatalogueClass *cls = record.hardCase ? mCatalogue.find(record.classKey) : nullptr;
        if (cls && record.hardCaseStage < cls->closingStageLimits.size()) {
            const TimeLimit stage = cls->closingStageLimits[record.hardCaseStage];
            if (!stage.isNull())
                return std::min(record.handlingDueAt, mCalendar.deadline(now, stage));
        }
        return record.handlingDueAt;
    }
    return mCalendar.deadline(now, mStepLimits.limit(step, isAroundTheClock(record)));
}

Result<std::optional<CaseRecord>> CaseService::alreadyApplied(const QString &requestId)
{
    if (requestId.isEmpty())
        return std::optional<CaseRecord>();
    auto earlier = mCases.findEventByRequestId(requestId);
    if (!earlier)
        return earlier.error();
    if (!earlier->has_value())
        return std::optional<CaseRecord>();
    auto record = mCases.findCase((*earlier)->caseId);
    if (!record)
        return record.error();
    return std::optional<CaseRecord>(*record);
}

Result<CaseRecord> CaseService::report(const Actor &actor, const NewCaseRequest &request)
{
    if (auto earlier = alreadyApplied(request.requestIdUnused ? QString() : request.requestId);
        !earlier || earlier->has_value())
        return earlier ? Result<CaseRecord>(**earlier) : Result<CaseRecord>(earlier.error());
    if (request.action != Action::Report && request.action != Action::SelfDispose)
        return makeError(
            ErrorCode::InvalidInput,
            u"a new case starts with 'report' or 'self_dispose', not '%1'"_s.arg(actionName(request.action)));
    auto cls = mCatalogue.require(request.classKey);
    if (!cls)
        return cls.error();
    auto grid = mDirectory.findGrid(request.grid);
    if (!grid)
        return grid.error();
    if (request.description.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, u"a report needs a description of the problem"_s);

    CaseFacts facts;
    facts.selfDisposalAllowed = (*cls)->selfDisposalAllowed;
    auto to = decide(facts, request.action, actor.role);
    if (!to)
        return refused(actor, u"%1 in grid %2"_s.arg(actionName(request.action), request.grid.text()),
                       to.error());
    if (request.action == Action::SelfDispose && request.attachments.size() < 2)
        return makeError(ErrorCode::InvalidInput,
                         u"self-disposal needs a photo before and a photo after (%1 given)"_s.arg(
                             request.attachments.size()));

    const QDateTime now = mClock.now();
    CaseRecord record;
    record.state = *to;
    record.source = request.source;
    record.classKey = request.classKey;
    record.grid = request.grid;
    record.community = grid->community;
    record.areaClass = grid->areaClass;
    const ClassRule &rule = (*cls)->rule(record.areaClass);
    record.priority = rule.priority;
    record.handlingLimit = rule.limit;
    record.keySupervision = (*cls)->keySupervision;
    record.hardCase = (*cls)->hardCase;
    record.owningTier = actor.role == Role::System || actor.jurisdiction.isNull()
                            ? JurisdictionLevel::District
                            : tierOf(actor.jurisdiction);
    record.longitude = request.longitude;
    record.latitude = request.latitude;
    record.address = request.address;
    record.description = request.description;
    record.hotlineTicket = request.hotlineTicket;
    record.reporterId = actor.userId;
    record.reportedAt = now;
    record.updatedAt = now;
    if (auto s = applyMajorEvents(record); !s)
        return s.error();
    if (actor.role != Role::System) {
        if (actor.jurisdiction.isNull() || !actor.jurisdiction.covers(record.community))
            return refused(
                actor, u"%1 in grid %2"_s.arg(actionName(request.action), record.grid.text()),
                makeError(ErrorCode::OutOfScope,
                          u"grid %1 lies in community %2, outside your jurisdiction %3"_s.arg(
                              record.grid.text(), record.community.text(),
                              actor.jurisdiction.isNull() ? u"(none)"_s : actor.jurisdiction.text())));
    }
    record.step = stepOf(record.state);
    record.stepDueAt = stepDeadline(record, record.step, now);

    CaseEvent event;
    event.action = request.action;
    event.fromState = CaseState::None;
    event.toState = record.state;
    event.actorId = actor.userId;
    event.role = actor.role;
    event.actorName = actor.name;
    event.station = actor.station;
    event.at = now;
    event.comment = request.description;
    event.requestId = request.requestId;
    QJsonObject details{{u"class"_s, record.classKey.toString()},
                        {u"grid"_s, record.grid.text()},
                        {u"source"_s, sourceName(record.source)},
                        {u"step_due_at"_s, isoLocal(record.stepDueAt)}};
    if (!request.attachments.isEmpty())
        details.insert(u"attachments"_s, QJsonArray::fromStringList(request.attachments));
    event.details = details;
    auto created = mCases.createCase(record, event);
    if (created && mAfterReport)
        mAfterReport(*created);
    return created;
}

Result<CaseRecord> CaseService::apply(const Actor &actor, const ActionRequest &request)
{
    if (auto earlier = alreadyApplied(request.requestId); !earlier || earlier->has_value())
        return earlier ? Result<CaseRecord>(**earlier) : Result<CaseRecord>(earlier.error());
    auto current = mCases.findCase(request.caseId);
    if (!current)
        return current.error();
    CaseRecord record = *current;
    if (request.expectedVersion != record.version)
        return makeError(
            ErrorCode::StaleVersion,
            u"case %1 was changed by someone else (you read version %2, it is now version %3 in state "
            u"'%4'); reload it and try again"_s.arg(record.number)
                .arg(request.expectedVersion)
                .arg(record.version)
                .arg(stateName(record.state)));
    const QString what = u"%1 on case %2"_s.arg(actionName(request.action), record.number);
    auto to = decide(factsOf(record), request.action, actor.role);
    if (!to)
        return refused(actor, what,
                       makeError(to.errorCode(), u"case %1: %2"_s.arg(record.number, to.errorMessage())));
    if (auto s = checkScope(actor, record); !s)
        return refused(actor, what, s.error());
    if (actionNeedsReason(request.action) && request.comment.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, u"'%1' needs a comment giving the reason or result"_s.arg(
                                                      actionName(request.action)));

    const QDateTime now = mClock.now();
    CaseEvent event;
    event.action = request.action;
    event.fromState = record.state;
    event.toState = *to;
    event.actorId = actor.userId;
    event.role = actor.role;
    event.actorName = actor.name;
    event.station = actor.station;
    event.at = now;
    event.comment = request.comment;
    event.requestId = request.requestId;
    const bool changesState = *to != record.state;
    if (changesState) {
        event.step = record.step;
        event.stepDueAt = record.stepDueAt;
        event.onTime = !record.stepDueAt.isValid() || now <= record.stepDueAt;
    }

    const CaseState from = record.state;
    record.state = *to;
    if (auto s = applyEffects(actor, request, record, event, now); !s)
        return makeError(s.errorCode(), u"case %1: %2"_s.arg(record.number, s.errorMessage()));
    if (changesState || request.action == Action::ApproveExtension || request.action == Action::ReportStage) {
        const Step newStep = stepOf(record.state);
        if (newStep != record.step || from != record.state)
            record.autoUrgedStep = Step::None;
        record.step = newStep;
        record.stepDueAt = stepDeadline(record, newStep, now);
    }
    if (isTerminal(record.state))
        record.closedAt = now;
    record.updatedAt = now;
    QJsonObject details = event.details;
    if (record.stepDueAt.isValid())
        details.insert(u"step_due_at"_s, isoLocal(record.stepDueAt));
    if (!request.attachments.isEmpty())
        details.insert(u"attachments"_s, QJsonArray::fromStringList(request.attachments));
    event.details = details;
    return mCases.updateCase(record, request.expectedVersion, event);
}

Status CaseService::applyEffects(const Actor &actor, const ActionRequest &request, CaseRecord &record,
                                 CaseEvent &event, const QDateTime &now)
{
    QJsonObject details;
    switch (request.action) {
    case Action::Dispatch: {
        if (request.unitId <= 0)
            return makeError(ErrorCode::InvalidInput, u"'dispatch' needs the responsible unit"_s);
        auto unit = mDirectory.findUnit(request.unitId);
        if (!unit)
            return unit.error();
        const CatalogueClass *cls = mCatalogue.find(record.classKey);
        record.handlingLimit = cls ? cls->rule(record.areaClass).limit : record.handlingLimit;
        if (auto s = applyMajorEvents(record); !s)
            return s;
        record.unitId = unit->id;
        record.handlingDueAt = mCalendar.deadline(now, record.handlingLimit);
        record.extensionPending = false;
        record.requestedDueAt = {};
        details.insert(u"unit_id"_s, unit->id);
        details.insert(u"unit"_s, unit->name);
        details.insert(u"handling_limit"_s, record.handlingLimit.toString());
        details.insert(u"handling_due_at"_s, isoLocal(record.handlingDueAt));
        break;
    }
    case Action::ApproveReturn:
    case Action::Rework:
        details.insert(u"previous_unit_id"_s, record.unitId);
        if (request.action == Action::Rework)
            ++record.reworkCount;
        record.unitId = 0;
        record.handlingDueAt = {};
        record.extensionPending = false;
        record.requestedDueAt = {};
        break;
    case Action::RequestExtension:
        if (!request.requestedDate.isValid())
            return makeError(ErrorCode::InvalidInput, u"'request_extension' needs the new due date"_s);
        if (request.requestedDate <= record.handlingDueAt)
            return makeError(ErrorCode::InvalidInput,
                             u"the new due date %1 must be later than the current deadline %2"_s.arg(
                                 isoLocal(request.requestedDate), isoLocal(record.handlingDueAt)));
        record.extensionPending = true;
        record.requestedDueAt = request.requestedDate;
        details.insert(u"requested_due_at"_s, isoLocal(request.requestedDate));
        break;
    case Action::ApproveExtension:
        details.insert(u"previous_due_at"_s, isoLocal(record.handlingDueAt));
        record.handlingDueAt = record.requestedDueAt;
        ++record.extensionCount;
        record.extensionPending = false;
        record.requestedDueAt = {};
        details.insert(u"handling_due_at"_s, isoLocal(record.handlingDueAt));
        break;
    case Action::RefuseExtension:
        details.insert(u"refused_due_at"_s, isoLocal(record.requestedDueAt));
        record.extensionPending = false;
        record.requestedDueAt = {};
        break;
    case Action::RequestPark:
        if (!request.requestedDate.isValid() || request.requestedDate <= now)
            return makeError(ErrorCode::InvalidInput, u"'request_park' needs a resume date in the future"_s);
        record.resumeAt = request.requestedDate;
        details.insert(u"resume_at"_s, isoLocal(record.resumeAt));
        break;
    case Action::ApprovePark:
        if (request.requestedDate.isValid())
            record.resumeAt = request.requestedDate;
        record.pausedRemainingMinutes = std::max<qint64>(
            0, mCalendar.remainingMinutes(now, record.handlingDueAt, record.handlingLimit.unit));
        details.insert(u"remaining_minutes"_s, record.pausedRemainingMinutes);
        details.insert(u"resume_at"_s, isoLocal(record.resumeAt));
        break;
    case Action::RefusePark:
        record.resumeAt = {};
        break;
    case Action::Resume:
        record.handlingDueAt = mCalendar.resume(now, std::max<qint64>(0, record.pausedRemainingMinutes),
                                                record.handlingLimit.unit);
        record.pausedRemainingMinutes = -1;
        record.resumeAt = {};
        details.insert(u"handling_due_at"_s, isoLocal(record.handlingDueAt));
        break;
    case Action::ReportStage: {
        const CatalogueClass *cls = mCatalogue.find(record.classKey);
        details.insert(u"stage"_s, cls ? cls->closingStages.value(record.hardCaseStage) : QString());
        ++record.hardCaseStage;
        details.insert(u"next_stage"_s, cls ? cls->closingStages.value(record.hardCaseStage) : QString());
        break;
    }
    case Action::VerifyConfirmed:
    case Action::VerifyNotFound:
        record.verifiedConfirmed = request.action == Action::VerifyConfirmed;
        break;
    case Action::Close:
        record.closingType = request.closingType;
        details.insert(u"closing_type"_s, closingTypeName(request.closingType));
        break;
    case Action::ApproveSelfDisposal:
        record.closingType = ClosingType::SelfDisposal;
        details.insert(u"closing_type"_s, closingTypeName(ClosingType::SelfDisposal));
        break;
    case Action::Urge:
        ++record.urgeCount;
        record.lastUrgeLevel = request.urgeLevel;
        if (actor.role == Role::System)
            record.autoUrgedStep = record.step;
        details.insert(u"urge_level"_s, urgeLevelName(request.urgeLevel));
        details.insert(u"urged_step"_s, stepName(record.step));
        break;
    case Action::Escalate:
    case Action::HandDown: {
        const JurisdictionLevel before = record.owningTier;
        const int delta = request.action == Action::Escalate ? -1 : 1;
        record.owningTier = JurisdictionLevel(int(record.owningTier) + delta);
        details.insert(u"from_tier"_s, levelName(before));
        details.insert(u"to_tier"_s, levelName(record.owningTier));
        break;
    }
    default:
        break;
    }
    event.details = details;
    return {};
}

} // namespace cg
