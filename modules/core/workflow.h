#pragma once

#include "core/codes.h"
#include "core/result.h"
#include "core/timelimit.h"

#include <QList>
#include <QString>

namespace cg {

// The closed loop of DOMAIN.md §4. The workflow is data (transitionTable()) plus one function (decide()).

enum class CaseState {
    None, // before a case exists
    Reported,
    Verifying,
    SelfDisposed,
    Accepted,
    Rejected,
    Filed,
    Dispatched,
    ReturnRequested,
    VoidRequested,
    ParkRequested,
    Parked,
    Handled,
    Checking,
    CheckPassed,
    CheckFailed,
    Closed,
    Voided,
};
inline constexpr int CaseStateCount = int(CaseState::Voided) + 1;

enum class Action {
    Report,
    SelfDispose,
    ApproveSelfDisposal,
    RefuseSelfDisposal,
    SendToVerify,
    VerifyConfirmed,
    VerifyNotFound,
    Accept,
    Reject,
    File,
    SendBack,
    DeclineToFile,
    Dispatch,
    ReportHandled,
    ReportStage, // a hard case: one closing stage done (停止施工 → 立案处罚 → 拆除), more to come
    RequestReturn,
    ApproveReturn,
    RefuseReturn,
    ProposeVoid,
    ApproveVoid,
    RefuseVoid,
    RequestPark,
    ApprovePark,
    RefusePark,
    Resume,
    RequestExtension,
    ApproveExtension,
    RefuseExtension,
    SendToCheck,
    CheckPass,
    CheckFail,
    Rework,
    CheckAgain,
    Close,
    Urge,
    Escalate,
    HandDown,
};
inline constexpr int ActionCount = int(Action::HandDown) + 1;

enum class Role {
    Supervisor,  // 网格监督员
    Acceptor,    // 受理员
    ShiftLeader, // 值班长
    Dispatcher,  // 派遣员
    UnitHandler, // 处置单位
    Inspector,   // 督察员
    Leader,      // 领导 (centre leader: approves a second extension)
    Administrator,
    System, // the gateway's intake, timers (automatic resume and urging)
};
inline constexpr int RoleCount = int(Role::System) + 1;

// The step whose clock runs in a state; each has its own limit and overdue flag (红灯).
enum class Step {
    None,
    Accept,
    Verify,
    ReviewSelfDisposal,
    File,
    Dispatch,
    Handle,
    ApproveReturn,
    ApproveVoid,
    ApprovePark,
    SendToCheck,
    Check,
    Close,
    DecideRework,
};
inline constexpr int StepCount = int(Step::DecideRework) + 1;

// Conditions on the case beyond its state.
enum class Guard {
    None,
    SelfDisposalAllowed,   // the class allows self-disposal
    NoPendingExtension,    // no extension request is waiting
    PendingFirstExtension, // an extension request waits and none was granted before
    PendingLaterExtension, // an extension request waits and one was granted before: the centre leader decides
    BelowCity,             // the owning tier can escalate
    AboveStreet,           // the owning tier can hand down
    StagesRemain,          // a hard case has closing stages left before its last one
    LastStageReached,      // no closing stage is left but the last (or the class has none)
};

struct Transition
{
    CaseState from;
    Action action;
    Role role;
    CaseState to; // equal to `from` for actions that keep the state (urge, escalate, extension, ...)
    Guard guard = Guard::None;
};

// What decide() needs to know of a case.
struct CaseFacts
{
    CaseState state = CaseState::None;
    bool selfDisposalAllowed = false;
    bool extensionPending = false;
    int extensionsGranted = 0;
    JurisdictionLevel owningTier = JurisdictionLevel::District;
    int closingStagesLeft = 0; // hard cases: stages not yet done, including the last
};

const QList<Transition> &transitionTable();

// The state `action` by `role` leads to, or a refusal naming why (illegal in this state, wrong role, guard).
Result<CaseState> decide(const CaseFacts &facts, Action action, Role role);
// The actions `role` may take now, in table order (for the buttons of the case dock).
QList<Action> availableActions(const CaseFacts &facts, Role role);

// Actions that need a comment giving the reason or the result (rejections, requests, failed checks,
// handling).
bool actionNeedsReason(Action action);

bool isTerminal(CaseState state);
bool isOpen(CaseState state); // exists and not terminal
Step stepOf(CaseState state);

// Stable names used in the store, files and the command line ("dispatched", "request_extension", ...).
QString stateName(CaseState state);
QString actionName(Action action);
QString roleName(Role role);
QString stepName(Step step);
Result<CaseState> parseState(const QString &name);
Result<Action> parseAction(const QString &name);
Result<Role> parseRole(const QString &name);
Result<Step> parseStep(const QString &name);

// Translated labels for people (context "cg::Workflow").
QString stateLabel(CaseState state);
QString actionLabel(Action action);
QString roleLabel(Role role);
QString stepLabel(Step step);

// Limits of the steps other than handling (which comes from the catalogue). Around-the-clock classes
// (key supervision with natural-hour limits) count the same amounts in natural minutes.
class StepLimits
{
public:
    StepLimits(); // defaults: accept/file/dispatch/send-to-check/close/rework 30, verify/check/review 60
                  // working minutes; approvals 2 working hours
    TimeLimit limit(Step step, bool aroundTheClock) const;
    void setLimit(Step step, TimeLimit limit);

private:
    TimeLimit mLimits[StepCount];
};

// Closing types (结案类型), urge levels (督办) and report channels.
enum class ClosingType { Normal, Overdue, Error, Special, SelfDisposal };
enum class UrgeLevel { Ordinary, Key, Listed };
enum class CaseSource {
    Patrol,
    Hotline12345,
    Hotline12319,
    Video,
    Community,
    Public,
    Inspection,
    Department
};

QString closingTypeName(ClosingType type);
QString urgeLevelName(UrgeLevel level);
QString sourceName(CaseSource source);
Result<ClosingType> parseClosingType(const QString &name);
Result<UrgeLevel> parseUrgeLevel(const QString &name);
Result<CaseSource> parseSource(const QString &name);
QString closingTypeLabel(ClosingType type);
QString urgeLevelLabel(UrgeLevel level);
QString sourceLabel(CaseSource source);

} // namespace cg
