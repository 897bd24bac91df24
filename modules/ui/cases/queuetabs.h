#pragma once

#include "core/casetypes.h"
#include "core/repositories.h"

#include <QCoreApplication>
#include <QList>

namespace cg {

// The queues of the command centre: one per workflow step and the cross-cutting ones (late, near due, key
// supervision, hard cases, the actor's own tasks). A tab is a preset of the query; the person's filters
// narrow it further.
enum class QueueTab {
    All,
    ToAccept,
    ToVerify,
    ToFile,
    ToDispatch,
    InHandling,
    Requests, // return, voiding and parking requested, or an extension waiting
    ToCheck,
    ToClose,
    Overdue,
    NearDue,
    KeySupervision,
    HardCases,
    MyTasks,
};
inline constexpr int QueueTabCount = int(QueueTab::MyTasks) + 1;

// "Near due": the current step is due within this many minutes (yellow light and sooner).
inline constexpr int NearDueMinutes = 120;

class QueueTabs
{
    Q_DECLARE_TR_FUNCTIONS(cg::QueueTabs)
public:
    static QString label(QueueTab tab);
    static QString toolTip(QueueTab tab);
    static QString name(QueueTab tab); // stable: "to_accept", ... (settings, tests)
    // The states a tab lists (empty: any state) and whether cases waiting for an extension decision are in
    // it.
    static QList<CaseState> states(QueueTab tab, Role role, bool *withExtensionRequests = nullptr);
    // Puts the tab's preset into `query` (its states, overdue and near-due windows, flags) at time `now`.
    static void apply(QueueTab tab, Role role, CaseQuery &query, const QDateTime &now);
    // Moves the query's reference time to `now`, and the near-due window with it (the store thread's clock).
    static void rebase(CaseQuery &query, const QDateTime &now);
    // The states in which `role` has a workflow action of its own to take (urging and escalating aside).
    static QList<CaseState> taskStates(Role role, bool *extensionRequests = nullptr);
};

} // namespace cg
