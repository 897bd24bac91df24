#include "ui/cases/queuetabs.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

QList<CaseState> openStates()
{
    QList<CaseState> states;
    for (int s = int(CaseState::Reported); s < CaseStateCount; ++s) {
        if (isOpen(CaseState(s)))
            states.append(CaseState(s));
    }
    return states;
}

} // namespace

QString QueueTabs::label(QueueTab tab)
{
    switch (tab) {
    case QueueTab::All:
        return tr("All");
    case QueueTab::ToAccept:
        return tr("To accept");
    case QueueTab::ToVerify:
        return tr("To verify");
    case QueueTab::ToFile:
        return tr("To file");
    case QueueTab::ToDispatch:
        return tr("To dispatch");
    case QueueTab::InHandling:
        return tr("In handling");
    case QueueTab::Requests:
        return tr("Requests");
    case QueueTab::ToCheck:
        return tr("To check");
    case QueueTab::ToClose:
        return tr("To close");
    case QueueTab::Overdue:
        return tr("Overdue");
    case QueueTab::NearDue:
        return tr("Near due");
    case QueueTab::KeySupervision:
        return tr("Key supervision");
    case QueueTab::HardCases:
        return tr("Hard cases");
    case QueueTab::MyTasks:
        return tr("My tasks");
    }
    return {};
}

QString QueueTabs::toolTip(QueueTab tab)
{
    switch (tab) {
    case QueueTab::All:
        return tr("Every case of your jurisdiction");
    case QueueTab::ToAccept:
        return tr("Reported cases and self-disposals waiting for the acceptor");
    case QueueTab::ToVerify:
        return tr("Cases a supervisor is verifying on site");
    case QueueTab::ToFile:
        return tr("Accepted cases waiting for the shift leader to file them");
    case QueueTab::ToDispatch:
        return tr("Filed cases waiting for a responsible unit");
    case QueueTab::InHandling:
        return tr("Cases with a responsible unit, parked ones included");
    case QueueTab::Requests:
        return tr("Requests to approve: return, extension, parking and voiding");
    case QueueTab::ToCheck:
        return tr("Handled cases to send to check, being checked, or failed the check");
    case QueueTab::ToClose:
        return tr("Cases that passed the check and wait to be closed");
    case QueueTab::Overdue:
        return tr("Open cases late in their current step");
    case QueueTab::NearDue:
        return tr("Open cases whose current step is due within %n minute(s)", nullptr, NearDueMinutes);
    case QueueTab::KeySupervision:
        return tr("Open cases under key supervision");
    case QueueTab::HardCases:
        return tr("Open hard cases");
    case QueueTab::MyTasks:
        return tr("Cases waiting for an action of your role");
    }
    return {};
}

QString QueueTabs::name(QueueTab tab)
{
    static const char *const names[QueueTabCount] = {
        "all",      "to_accept", "to_verify", "to_file",  "to_dispatch",     "in_handling", "requests",
        "to_check", "to_close",  "overdue",   "near_due", "key_supervision", "hard_cases",  "my_tasks"};
    return QString::fromLatin1(names[int(tab)]);
}

void QueueTabs::rebase(CaseQuery &query, const QDateTime &now)
{
    if (query.dueBefore.isValid() && query.now.isValid())
        query.dueBefore = now.addMSecs(query.now.msecsTo(query.dueBefore));
    query.now = now;
}

QList<CaseState> QueueTabs::taskStates(Role role, bool *extensionRequests)
{
    QList<CaseState> states;
    bool extensions = false;
    for (const Transition &t : transitionTable()) {
        if (t.role != role || t.from == CaseState::None)
            continue;
        if (t.action == Action::Urge || t.action == Action::Escalate || t.action == Action::HandDown)
            continue;
        if (t.guard == Guard::PendingFirstExtension || t.guard == Guard::PendingLaterExtension) {
            extensions = true; // a dispatched case is the role's task only while a request waits
            continue;
        }
        if (t.action == Action::RequestExtension || t.action == Action::ReportStage)
            continue; // done along with handling, not a task of its own
        if (!states.contains(t.from))
            states.append(t.from);
    }
    std::sort(states.begin(), states.end());
    if (extensionRequests)
        *extensionRequests = extensions;
    return states;
}

QList<CaseState> QueueTabs::states(QueueTab tab, Role role, bool *withExtensionRequests)
{
    bool extensions = false;
    QList<CaseState> states;
    switch (tab) {
    case QueueTab::All:
    case QueueTab::Overdue:
    case QueueTab::NearDue:
        break;
    case QueueTab::ToAccept:
        states = {CaseState::Reported, CaseState::SelfDisposed};
        break;
    case QueueTab::ToVerify:
        states = {CaseState::Verifying};
        break;
    case QueueTab::ToFile:
        states = {CaseState::Accepted};
        break;
    case QueueTab::ToDispatch:
        states = {CaseState::Filed};
        break;
    case QueueTab::InHandling:
        states = {CaseState::Dispatched, CaseState::Parked};
        break;
    case QueueTab::Requests:
        states = {CaseState::ReturnRequested, CaseState::VoidRequested, CaseState::ParkRequested};
        extensions = true;
        break;
    case QueueTab::ToCheck:
        states = {CaseState::Handled, CaseState::Checking, CaseState::CheckFailed};
        break;
    case QueueTab::ToClose:
        states = {CaseState::CheckPassed};
        break;
    case QueueTab::KeySupervision:
    case QueueTab::HardCases:
        states = openStates();
        break;
    case QueueTab::MyTasks:
        states = taskStates(role, &extensions);
        break;
    }
    if (withExtensionRequests)
        *withExtensionRequests = extensions;
    return states;
}

void QueueTabs::apply(QueueTab tab, Role role, CaseQuery &query, const QDateTime &now)
{
    bool extensions = false;
    query.states = states(tab, role, &extensions);
    query.orExtensionPending = extensions;
    if (extensions && query.states.isEmpty())
        query.states = {CaseState::None}; // no state matches: only the extension requests
    query.now = now;
    switch (tab) {
    case QueueTab::Overdue:
        query.overdueOnly = true;
        break;
    case QueueTab::NearDue:
        query.dueBefore = now.addSecs(qint64(NearDueMinutes) * 60);
        break;
    case QueueTab::KeySupervision:
        query.keySupervision = true;
        break;
    case QueueTab::HardCases:
        query.hardCase = true;
        break;
    case QueueTab::MyTasks:
        if (query.states.isEmpty() && !extensions)
            query.overdueOnly = true; // inspectors: their task is urging what is late
        break;
    default:
        break;
    }
}

} // namespace cg
