#include "core/workflow.h"

#include <QCoreApplication>

#include <array>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

template<typename E>
struct Named
{
    E value;
    const char16_t *name; // stable identifier
    const char *label;    // English source text of the translated label
};

template<typename E, size_t N>
QString nameIn(const std::array<Named<E>, N> &table, E value)
{
    for (const auto &n : table) {
        if (n.value == value)
            return QString::fromUtf16(n.name);
    }
    return {};
}

template<typename E, size_t N>
QString labelIn(const std::array<Named<E>, N> &table, E value)
{
    for (const auto &n : table) {
        if (n.value == value)
            return QCoreApplication::translate("cg::Workflow", n.label);
    }
    return {};
}

template<typename E, size_t N>
Result<E> parseIn(const std::array<Named<E>, N> &table, const QString &text, const char16_t *what)
{
    QStringList names;
    for (const auto &n : table) {
        if (text == QStringView(n.name))
            return n.value;
        names.append(QString::fromUtf16(n.name));
    }
    return makeError(ErrorCode::InvalidInput, u"%1 '%2' is unknown; expected one of: %3"_s.arg(
                                                  QString::fromUtf16(what), text, names.join(u", ")));
}

using enum CaseState;
using enum Action;

constexpr std::array<Named<CaseState>, CaseStateCount> stateNames{{
    {None, u"none", QT_TRANSLATE_NOOP("cg::Workflow", "None")},
    {Reported, u"reported", QT_TRANSLATE_NOOP("cg::Workflow", "Reported")},
    {Verifying, u"verifying", QT_TRANSLATE_NOOP("cg::Workflow", "Verifying")},
    {SelfDisposed, u"self_disposed", QT_TRANSLATE_NOOP("cg::Workflow", "Self-disposed")},
    {Accepted, u"accepted", QT_TRANSLATE_NOOP("cg::Workflow", "Accepted")},
    {Rejected, u"rejected", QT_TRANSLATE_NOOP("cg::Workflow", "Rejected")},
    {Filed, u"filed", QT_TRANSLATE_NOOP("cg::Workflow", "Filed")},
    {Dispatched, u"dispatched", QT_TRANSLATE_NOOP("cg::Workflow", "Dispatched")},
    {ReturnRequested, u"return_requested", QT_TRANSLATE_NOOP("cg::Workflow", "Return requested")},
    {VoidRequested, u"void_requested", QT_TRANSLATE_NOOP("cg::Workflow", "Voiding proposed")},
    {ParkRequested, u"park_requested", QT_TRANSLATE_NOOP("cg::Workflow", "Parking requested")},
    {Parked, u"parked", QT_TRANSLATE_NOOP("cg::Workflow", "Parked")},
    {Handled, u"handled", QT_TRANSLATE_NOOP("cg::Workflow", "Handled")},
    {Checking, u"checking", QT_TRANSLATE_NOOP("cg::Workflow", "Checking")},
    {CheckPassed, u"check_passed", QT_TRANSLATE_NOOP("cg::Workflow", "Check passed")},
    {CheckFailed, u"check_failed", QT_TRANSLATE_NOOP("cg::Workflow", "Check failed")},
    {Closed, u"closed", QT_TRANSLATE_NOOP("cg::Workflow", "Closed")},
    {Voided, u"voided", QT_TRANSLATE_NOOP("cg::Workflow", "Voided")},
}};

constexpr std::array<Named<Action>, ActionCount> actionNames{{
    {Report, u"report", QT_TRANSLATE_NOOP("cg::Workflow", "Report")},
    {SelfDispose, u"self_dispose", QT_TRANSLATE_NOOP("cg::Workflow", "Self-dispose")},
    {ApproveSelfDisposal, u"approve_self_disposal",
     QT_TRANSLATE_NOOP("cg::Workflow", "Approve self-disposal")},
    {RefuseSelfDisposal, u"refuse_self_disposal", QT_TRANSLATE_NOOP("cg::Workflow", "Refuse self-disposal")},
    {SendToVerify, u"send_to_verify", QT_TRANSLATE_NOOP("cg::Workflow", "Send to verify")},
    {VerifyConfirmed, u"verify_confirmed", QT_TRANSLATE_NOOP("cg::Workflow", "Verified: confirmed")},
    {VerifyNotFound, u"verify_not_found", QT_TRANSLATE_NOOP("cg::Workflow", "Verified: not found")},
    {Accept, u"accept", QT_TRANSLATE_NOOP("cg::Workflow", "Accept")},
    {Reject, u"reject", QT_TRANSLATE_NOOP("cg::Workflow", "Reject as invalid")},
    {File, u"file", QT_TRANSLATE_NOOP("cg::Workflow", "File")},
    {SendBack, u"send_back", QT_TRANSLATE_NOOP("cg::Workflow", "Send back")},
    {DeclineToFile, u"decline_to_file", QT_TRANSLATE_NOOP("cg::Workflow", "Decline to file")},
    {Dispatch, u"dispatch", QT_TRANSLATE_NOOP("cg::Workflow", "Dispatch")},
    {ReportHandled, u"report_handled", QT_TRANSLATE_NOOP("cg::Workflow", "Report handled")},
    {ReportStage, u"report_stage", QT_TRANSLATE_NOOP("cg::Workflow", "Report stage done")},
    {RequestReturn, u"request_return", QT_TRANSLATE_NOOP("cg::Workflow", "Ask to return")},
    {ApproveReturn, u"approve_return", QT_TRANSLATE_NOOP("cg::Workflow", "Approve return")},
    {RefuseReturn, u"refuse_return", QT_TRANSLATE_NOOP("cg::Workflow", "Refuse return")},
    {ProposeVoid, u"propose_void", QT_TRANSLATE_NOOP("cg::Workflow", "Propose voiding")},
    {ApproveVoid, u"approve_void", QT_TRANSLATE_NOOP("cg::Workflow", "Approve voiding")},
    {RefuseVoid, u"refuse_void", QT_TRANSLATE_NOOP("cg::Workflow", "Refuse voiding")},
    {RequestPark, u"request_park", QT_TRANSLATE_NOOP("cg::Workflow", "Ask to park")},
    {ApprovePark, u"approve_park", QT_TRANSLATE_NOOP("cg::Workflow", "Approve parking")},
    {RefusePark, u"refuse_park", QT_TRANSLATE_NOOP("cg::Workflow", "Refuse parking")},
    {Resume, u"resume", QT_TRANSLATE_NOOP("cg::Workflow", "Resume")},
    {RequestExtension, u"request_extension", QT_TRANSLATE_NOOP("cg::Workflow", "Ask for extension")},
    {ApproveExtension, u"approve_extension", QT_TRANSLATE_NOOP("cg::Workflow", "Approve extension")},
    {RefuseExtension, u"refuse_extension", QT_TRANSLATE_NOOP("cg::Workflow", "Refuse extension")},
    {SendToCheck, u"send_to_check", QT_TRANSLATE_NOOP("cg::Workflow", "Send to check")},
    {CheckPass, u"check_pass", QT_TRANSLATE_NOOP("cg::Workflow", "Check: fixed")},
    {CheckFail, u"check_fail", QT_TRANSLATE_NOOP("cg::Workflow", "Check: not fixed")},
    {Rework, u"rework", QT_TRANSLATE_NOOP("cg::Workflow", "Rework")},
    {CheckAgain, u"check_again", QT_TRANSLATE_NOOP("cg::Workflow", "Check again")},
    {Close, u"close", QT_TRANSLATE_NOOP("cg::Workflow", "Close")},
    {Urge, u"urge", QT_TRANSLATE_NOOP("cg::Workflow", "Urge")},
    {Escalate, u"escalate", QT_TRANSLATE_NOOP("cg::Workflow", "Escalate")},
    {HandDown, u"hand_down", QT_TRANSLATE_NOOP("cg::Workflow", "Hand down")},
}};

constexpr std::array<Named<Role>, RoleCount> roleNames{{
    {Role::Supervisor, u"supervisor", QT_TRANSLATE_NOOP("cg::Workflow", "Grid supervisor")},
    {Role::Acceptor, u"acceptor", QT_TRANSLATE_NOOP("cg::Workflow", "Acceptor")},
    {Role::ShiftLeader, u"shift_leader", QT_TRANSLATE_NOOP("cg::Workflow", "Shift leader")},
    {Role::Dispatcher, u"dispatcher", QT_TRANSLATE_NOOP("cg::Workflow", "Dispatcher")},
    {Role::UnitHandler, u"unit_handler", QT_TRANSLATE_NOOP("cg::Workflow", "Responsible unit")},
    {Role::Inspector, u"inspector", QT_TRANSLATE_NOOP("cg::Workflow", "Inspector")},
    {Role::Leader, u"leader", QT_TRANSLATE_NOOP("cg::Workflow", "Centre leader")},
    {Role::Administrator, u"administrator", QT_TRANSLATE_NOOP("cg::Workflow", "Administrator")},
    {Role::System, u"system", QT_TRANSLATE_NOOP("cg::Workflow", "System")},
}};

constexpr std::array<Named<Step>, StepCount> stepNames{{
    {Step::None, u"none", QT_TRANSLATE_NOOP("cg::Workflow", "None")},
    {Step::Accept, u"accept", QT_TRANSLATE_NOOP("cg::Workflow", "Accept")},
    {Step::Verify, u"verify", QT_TRANSLATE_NOOP("cg::Workflow", "Verify")},
    {Step::ReviewSelfDisposal, u"review_self_disposal",
     QT_TRANSLATE_NOOP("cg::Workflow", "Review self-disposal")},
    {Step::File, u"file", QT_TRANSLATE_NOOP("cg::Workflow", "File")},
    {Step::Dispatch, u"dispatch", QT_TRANSLATE_NOOP("cg::Workflow", "Dispatch")},
    {Step::Handle, u"handle", QT_TRANSLATE_NOOP("cg::Workflow", "Handle")},
    {Step::ApproveReturn, u"approve_return", QT_TRANSLATE_NOOP("cg::Workflow", "Decide return")},
    {Step::ApproveVoid, u"approve_void", QT_TRANSLATE_NOOP("cg::Workflow", "Decide voiding")},
    {Step::ApprovePark, u"approve_park", QT_TRANSLATE_NOOP("cg::Workflow", "Decide parking")},
    {Step::SendToCheck, u"send_to_check", QT_TRANSLATE_NOOP("cg::Workflow", "Send to check")},
    {Step::Check, u"check", QT_TRANSLATE_NOOP("cg::Workflow", "Check")},
    {Step::Close, u"close", QT_TRANSLATE_NOOP("cg::Workflow", "Close")},
    {Step::DecideRework, u"decide_rework", QT_TRANSLATE_NOOP("cg::Workflow", "Decide rework")},
}};

constexpr std::array<Named<ClosingType>, 5> closingTypeNames{{
    {ClosingType::Normal, u"normal", QT_TRANSLATE_NOOP("cg::Workflow", "Normal")},
    {ClosingType::Overdue, u"overdue", QT_TRANSLATE_NOOP("cg::Workflow", "Overdue")},
    {ClosingType::Error, u"error", QT_TRANSLATE_NOOP("cg::Workflow", "Error")},
    {ClosingType::Special, u"special", QT_TRANSLATE_NOOP("cg::Workflow", "Special")},
    {ClosingType::SelfDisposal, u"self_disposal", QT_TRANSLATE_NOOP("cg::Workflow", "Self-disposal")},
}};

constexpr std::array<Named<UrgeLevel>, 3> urgeLevelNames{{
    {UrgeLevel::Ordinary, u"ordinary", QT_TRANSLATE_NOOP("cg::Workflow", "Ordinary")},
    {UrgeLevel::Key, u"key", QT_TRANSLATE_NOOP("cg::Workflow", "Key")},
    {UrgeLevel::Listed, u"listed", QT_TRANSLATE_NOOP("cg::Workflow", "Listed")},
}};

constexpr std::array<Named<CaseSource>, 8> sourceNames{{
    {CaseSource::Patrol, u"patrol", QT_TRANSLATE_NOOP("cg::Workflow", "Supervisor patrol")},
    {CaseSource::Hotline12345, u"hotline_12345", QT_TRANSLATE_NOOP("cg::Workflow", "12345 hotline")},
    {CaseSource::Hotline12319, u"hotline_12319", QT_TRANSLATE_NOOP("cg::Workflow", "12319 hotline")},
    {CaseSource::Video, u"video", QT_TRANSLATE_NOOP("cg::Workflow", "Video")},
    {CaseSource::Community, u"community", QT_TRANSLATE_NOOP("cg::Workflow", "Community workstation")},
    {CaseSource::Public, u"public", QT_TRANSLATE_NOOP("cg::Workflow", "Public")},
    {CaseSource::Inspection, u"inspection", QT_TRANSLATE_NOOP("cg::Workflow", "Inspection")},
    {CaseSource::Department, u"department", QT_TRANSLATE_NOOP("cg::Workflow", "Other department")},
}};

QList<Transition> buildTable()
{
    using R = Role;
    QList<Transition> t{
        // Creation: supervisors on patrol, acceptors registering calls, inspectors, the gateway.
        {None, Report, R::Supervisor, Reported},
        {None, Report, R::Acceptor, Reported},
        {None, Report, R::Inspector, Reported},
        {None, Report, R::System, Reported},
        {None, SelfDispose, R::Supervisor, SelfDisposed, Guard::SelfDisposalAllowed},
        {SelfDisposed, ApproveSelfDisposal, R::Acceptor, Closed},
        {SelfDisposed, RefuseSelfDisposal, R::Acceptor, Reported},
        {Reported, SendToVerify, R::Acceptor, Verifying},
        {Verifying, VerifyConfirmed, R::Supervisor, Reported},
        {Verifying, VerifyNotFound, R::Supervisor, Reported},
        {Reported, Accept, R::Acceptor, Accepted},
        {Reported, Reject, R::Acceptor, Rejected},
        {Accepted, File, R::ShiftLeader, Filed},
        {Accepted, SendBack, R::ShiftLeader, Reported},
        {Accepted, DeclineToFile, R::ShiftLeader, Rejected},
        {Filed, Dispatch, R::Dispatcher, Dispatched},
        {Dispatched, ReportHandled, R::UnitHandler, Handled, Guard::LastStageReached},
        {Dispatched, ReportStage, R::UnitHandler, Dispatched, Guard::StagesRemain},
        {Dispatched, RequestReturn, R::UnitHandler, ReturnRequested},
        {ReturnRequested, ApproveReturn, R::Dispatcher, Filed},
        {ReturnRequested, RefuseReturn, R::Dispatcher, Dispatched},
        {ReturnRequested, ProposeVoid, R::Dispatcher, VoidRequested},
        {VoidRequested, ApproveVoid, R::ShiftLeader, Voided},
        {VoidRequested, RefuseVoid, R::ShiftLeader, ReturnRequested},
        {Dispatched, RequestPark, R::UnitHandler, ParkRequested},
        {ParkRequested, ApprovePark, R::Dispatcher, Parked},
        {ParkRequested, RefusePark, R::Dispatcher, Dispatched},
        {Parked, Resume, R::Dispatcher, Dispatched},
        {Parked, Resume, R::System, Dispatched},
        {Dispatched, RequestExtension, R::UnitHandler, Dispatched, Guard::NoPendingExtension},
        {Dispatched, ApproveExtension, R::Dispatcher, Dispatched, Guard::PendingFirstExtension},
        {Dispatched, RefuseExtension, R::Dispatcher, Dispatched, Guard::PendingFirstExtension},
        {Dispatched, ApproveExtension, R::Leader, Dispatched, Guard::PendingLaterExtension},
        {Dispatched, RefuseExtension, R::Leader, Dispatched, Guard::PendingLaterExtension},
        {Handled, SendToCheck, R::Acceptor, Checking},
        {Checking, CheckPass, R::Supervisor, CheckPassed},
        {Checking, CheckFail, R::Supervisor, CheckFailed},
        {CheckFailed, Rework, R::Acceptor, Filed},
        {CheckFailed, CheckAgain, R::Acceptor, Checking},
        {CheckPassed, Close, R::ShiftLeader, Closed},
    };
    // Any open state: urging (inspectors, leaders, automatic) and moving between tiers.
    for (int s = int(Reported); s < CaseStateCount; ++s) {
        const auto state = CaseState(s);
        if (!isOpen(state))
            continue;
        t.append({state, Urge, R::Inspector, state});
        t.append({state, Urge, R::Leader, state});
        t.append({state, Urge, R::System, state});
        t.append({state, Escalate, R::ShiftLeader, state, Guard::BelowCity});
        t.append({state, Escalate, R::Dispatcher, state, Guard::BelowCity});
        t.append({state, HandDown, R::ShiftLeader, state, Guard::AboveStreet});
        t.append({state, HandDown, R::Dispatcher, state, Guard::AboveStreet});
    }
    return t;
}

bool guardHolds(Guard guard, const CaseFacts &f)
{
    switch (guard) {
    case Guard::None:
        return true;
    case Guard::SelfDisposalAllowed:
        return f.selfDisposalAllowed;
    case Guard::NoPendingExtension:
        return !f.extensionPending;
    case Guard::PendingFirstExtension:
        return f.extensionPending && f.extensionsGranted == 0;
    case Guard::PendingLaterExtension:
        return f.extensionPending && f.extensionsGranted > 0;
    case Guard::BelowCity:
        return f.owningTier != JurisdictionLevel::City;
    case Guard::AboveStreet:
        return f.owningTier == JurisdictionLevel::City || f.owningTier == JurisdictionLevel::District;
    case Guard::StagesRemain:
        return f.closingStagesLeft > 1;
    case Guard::LastStageReached:
        return f.closingStagesLeft <= 1;
    }
    return false;
}

QString guardRefusal(Guard guard, Action action)
{
    switch (guard) {
    case Guard::None:
        return {};
    case Guard::SelfDisposalAllowed:
        return u"this class of problem may not be self-disposed; report it instead"_s;
    case Guard::NoPendingExtension:
        return u"an extension request is already waiting for a decision"_s;
    case Guard::PendingFirstExtension:
    case Guard::PendingLaterExtension:
        return u"no extension request is waiting for a decision"_s;
    case Guard::BelowCity:
        return u"the case is already owned by the city tier and cannot be escalated further"_s;
    case Guard::AboveStreet:
        return u"the case is owned by the street tier and cannot be handed further down"_s;
    case Guard::StagesRemain:
        return u"no closing stage is left before the last one; report the case handled"_s;
    case Guard::LastStageReached:
        return u"this hard case still has closing stages to report before it can be reported handled"_s;
    }
    return u"%1 is not possible now"_s.arg(actionName(action));
}

} // namespace

const QList<Transition> &transitionTable()
{
    static const QList<Transition> table = buildTable();
    return table;
}

Result<CaseState> decide(const CaseFacts &facts, Action action, Role role)
{
    const auto &table = transitionTable();
    bool actionExistsInState = false;
    QStringList rolesThatMay;
    bool roleMatched = false;
    Guard failedGuard = Guard::None;
    bool laterExtensionNeedsLeader = false;
    for (const Transition &t : table) {
        if (t.from != facts.state || t.action != action)
            continue;
        actionExistsInState = true;
        if (t.role != role) {
            if (!guardHolds(t.guard, facts)) {
                if (failedGuard == Guard::None)
                    failedGuard = t.guard;
            } else if (!rolesThatMay.contains(roleName(t.role))) {
                rolesThatMay.append(roleName(t.role));
            }
            continue;
        }
        roleMatched = true;
        if (guardHolds(t.guard, facts))
            return t.to;
        failedGuard = t.guard;
        if (t.guard == Guard::PendingFirstExtension && facts.extensionPending && facts.extensionsGranted > 0)
            laterExtensionNeedsLeader = true;
    }
    if (!actionExistsInState) {
        if (facts.state == CaseState::None)
            return makeError(
                ErrorCode::IllegalTransition,
                u"'%1' needs an existing case; a new case starts with 'report' or 'self_dispose'"_s.arg(
                    actionName(action)));
        return makeError(ErrorCode::IllegalTransition, u"'%1' is not possible on a case in state '%2'"_s.arg(
                                                           actionName(action), stateName(facts.state)));
    }
    if (laterExtensionNeedsLeader)
        return makeError(
            ErrorCode::NotPermitted,
            u"a second extension needs the centre leader's approval; the %1 may approve only the "
            u"first"_s.arg(roleName(role)));
    if (!rolesThatMay.isEmpty())
        return makeError(
            ErrorCode::NotPermitted,
            u"role '%1' may not '%2' a case in state '%3'; this is for: %4"_s.arg(
                roleName(role), actionName(action), stateName(facts.state), rolesThatMay.join(u", ")));
    if (roleMatched)
        return makeError(
            ErrorCode::IllegalTransition,
            u"'%1' is not possible now: %2"_s.arg(actionName(action), guardRefusal(failedGuard, action)));
    return makeError(ErrorCode::IllegalTransition,
                     u"'%1' is not possible on a case in state '%2' now: %3"_s.arg(
                         actionName(action), stateName(facts.state), guardRefusal(failedGuard, action)));
}

QList<Action> availableActions(const CaseFacts &facts, Role role)
{
    QList<Action> actions;
    for (const Transition &t : transitionTable()) {
        if (t.from == facts.state && t.role == role && guardHolds(t.guard, facts) &&
            !actions.contains(t.action))
            actions.append(t.action);
    }
    return actions;
}

bool actionNeedsReason(Action action)
{
    switch (action) {
    case Reject:
    case DeclineToFile:
    case SendBack:
    case RequestReturn:
    case RequestPark:
    case RequestExtension:
    case ProposeVoid:
    case RefuseSelfDisposal:
    case CheckFail:
    case ReportHandled:
        return true;
    default:
        return false;
    }
}

bool isTerminal(CaseState state)
{
    return state == Rejected || state == Closed || state == Voided;
}

bool isOpen(CaseState state)
{
    return state != None && !isTerminal(state);
}

Step stepOf(CaseState state)
{
    switch (state) {
    case Reported:
        return Step::Accept;
    case Verifying:
        return Step::Verify;
    case SelfDisposed:
        return Step::ReviewSelfDisposal;
    case Accepted:
        return Step::File;
    case Filed:
        return Step::Dispatch;
    case Dispatched:
        return Step::Handle;
    case ReturnRequested:
        return Step::ApproveReturn;
    case VoidRequested:
        return Step::ApproveVoid;
    case ParkRequested:
        return Step::ApprovePark;
    case Handled:
        return Step::SendToCheck;
    case Checking:
        return Step::Check;
    case CheckPassed:
        return Step::Close;
    case CheckFailed:
        return Step::DecideRework;
    case None:
    case Parked: // the clock stops
    case Rejected:
    case Closed:
    case Voided:
        return Step::None;
    }
    return Step::None;
}

QString stateName(CaseState state)
{
    return nameIn(stateNames, state);
}
QString actionName(Action action)
{
    return nameIn(actionNames, action);
}
QString roleName(Role role)
{
    return nameIn(roleNames, role);
}
QString stepName(Step step)
{
    return nameIn(stepNames, step);
}
QString closingTypeName(ClosingType type)
{
    return nameIn(closingTypeNames, type);
}
QString urgeLevelName(UrgeLevel level)
{
    return nameIn(urgeLevelNames, level);
}
QString sourceName(CaseSource source)
{
    return nameIn(sourceNames, source);
}

Result<CaseState> parseState(const QString &name)
{
    return parseIn(stateNames, name, u"state");
}
Result<Action> parseAction(const QString &name)
{
    return parseIn(actionNames, name, u"action");
}
Result<Role> parseRole(const QString &name)
{
    return parseIn(roleNames, name, u"role");
}
Result<Step> parseStep(const QString &name)
{
    return parseIn(stepNames, name, u"step");
}
Result<ClosingType> parseClosingType(const QString &name)
{
    return parseIn(closingTypeNames, name, u"closing type");
}
Result<UrgeLevel> parseUrgeLevel(const QString &name)
{
    return parseIn(urgeLevelNames, name, u"urge level");
}
Result<CaseSource> parseSource(const QString &name)
{
    return parseIn(sourceNames, name, u"source");
}

QString stateLabel(CaseState state)
{
    return labelIn(stateNames, state);
}
QString actionLabel(Action action)
{
    return labelIn(actionNames, action);
}
QString roleLabel(Role role)
{
    return labelIn(roleNames, role);
}
QString stepLabel(Step step)
{
    return labelIn(stepNames, step);
}
QString closingTypeLabel(ClosingType type)
{
    return labelIn(closingTypeNames, type);
}
QString urgeLevelLabel(UrgeLevel level)
{
    return labelIn(urgeLevelNames, level);
}
QString sourceLabel(CaseSource source)
{
    return labelIn(sourceNames, source);
}

StepLimits::StepLimits()
{
    for (auto &l : mLimits)
        l = TimeLimit{30, TimeUnit::WorkingMinutes};
    mLimits[int(Step::None)] = TimeLimit{};
    mLimits[int(Step::Handle)] = TimeLimit{}; // from the catalogue
    mLimits[int(Step::Verify)] = TimeLimit{60, TimeUnit::WorkingMinutes};
    mLimits[int(Step::Check)] = TimeLimit{60, TimeUnit::WorkingMinutes};
    mLimits[int(Step::ReviewSelfDisposal)] = TimeLimit{60, TimeUnit::WorkingMinutes};
    mLimits[int(Step::ApproveReturn)] = TimeLimit{2, TimeUnit::WorkingHours};
    mLimits[int(Step::ApproveVoid)] = TimeLimit{2, TimeUnit::WorkingHours};
    mLimits[int(Step::ApprovePark)] = TimeLimit{2, TimeUnit::WorkingHours};
}

TimeLimit StepLimits::limit(Step step, bool aroundTheClock) const
{
    TimeLimit l = mLimits[int(step)];
    if (aroundTheClock && !l.isNull()) {
        switch (l.unit) {
        case TimeUnit::WorkingMinutes:
            l.unit = TimeUnit::Minutes;
            break;
        case TimeUnit::WorkingHours:
            l.unit = TimeUnit::NaturalHours;
            break;
        case TimeUnit::WorkingDays:
            l.unit = TimeUnit::NaturalDays;
            break;
        default:
            break;
        }
    }
    return l;
}

void StepLimits::setLimit(Step step, TimeLimit limit)
{
    mLimits[int(step)] = limit;
}

} // namespace cg
