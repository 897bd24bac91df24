#pragma once

#include "core/casetypes.h"
#include "ui/cases/casedirectory.h"

#include <QCoreApplication>
#include <QObject>

#include <memory>

namespace cg {

class SessionThread;

// One case's answer to a bulk action.
struct BulkOutcome
{
    qint64 caseId = 0;
    QString number;  // empty when the case could not be read
    QString message; // why it was refused; empty when done
    bool done = false;
};

struct BulkSummary
{
    Action action = Action::Urge;
    int total = 0;
    QList<BulkOutcome> outcomes; // in the order of the cases; shorter than total when cancelled
    bool cancelled = false;

    int doneCount() const;
    int refusedCount() const;
    // "3 of 5 cases urged; 2 refused: …" for a message box.
    QString text() const;
};

// Applies one action to many cases through CaseService, one request per case in the store thread (each
// checked by the workflow and the actor's scope on its own, each its own transaction), one after the other so
// that progress shows and cancel stops before the next case. Dispatch with unitId 0 sends each case to the
// directory's suggested unit for it.
class BulkActionRunner : public QObject
{
    Q_OBJECT
public:
    BulkActionRunner(SessionThread *session, const Actor &actor,
                     std::shared_ptr<const CaseDirectory> directory, QObject *parent = nullptr);

    // The actions a queue offers for a selection of cases, and whether `role` can take them at all.
    static bool isBulkAction(Action action) { return action == Action::Dispatch || action == Action::Urge; }
    static bool roleMayTake(Role role, Action action);

    // `request` is the template: action, unit, urge level, comment; caseId and version are set per case.
    void start(const ActionRequest &request, const QList<qint64> &caseIds);
    void cancel();
    bool isRunning() const { return mRunning; }
    const BulkSummary &summary() const { return mSummary; }

Q_SIGNALS:
    void progress(int done, int total);
    void caseApplied(const cg::CaseRecord &record);
    void finished(const cg::BulkSummary &summary);

private:
    void next();

    SessionThread *mSession;
    Actor mActor;
    std::shared_ptr<const CaseDirectory> mDirectory;
    ActionRequest mRequest;
    QList<qint64> mIds;
    BulkSummary mSummary;
    bool mRunning = false;
    bool mCancel = false;
};

} // namespace cg

Q_DECLARE_METATYPE(cg::BulkSummary)
