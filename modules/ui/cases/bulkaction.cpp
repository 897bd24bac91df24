#include "ui/cases/bulkaction.h"

#include "session/sessionthread.h"
#include "session/whenfinished.h"

#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

struct Applied
{
    BulkOutcome outcome;
    CaseRecord record;
};

} // namespace

int BulkSummary::doneCount() const
{
    return int(
        std::count_if(outcomes.cbegin(), outcomes.cend(), [](const BulkOutcome &o) { return o.done; }));
}

int BulkSummary::refusedCount() const
{
    return int(outcomes.size()) - doneCount();
}

QString BulkSummary::text() const
{
    QString text = QCoreApplication::translate("cg::BulkSummary", "\"%1\": %2 of %3 cases done.")
                       .arg(actionLabel(action))
                       .arg(doneCount())
                       .arg(total);
    if (cancelled)
        text += u' ' + QCoreApplication::translate("cg::BulkSummary", "Cancelled; %n case(s) not tried.",
                                                   nullptr, total - int(outcomes.size()));
    const int refused = refusedCount();
    if (refused > 0) {
        text += u'\n' + QCoreApplication::translate("cg::BulkSummary", "%n refused:", nullptr, refused);
        for (const BulkOutcome &o : outcomes) {
            if (!o.done)
                text += u"\n• "_s + (o.number.isEmpty() ? QString::number(o.caseId) : o.number) + u": "_s +
                        o.message;
        }
    }
    return text;
}

BulkActionRunner::BulkActionRunner(SessionThread *session, const Actor &actor,
                                   std::shared_ptr<const CaseDirectory> directory, QObject *parent)
    : QObject(parent)
    , mSession(session)
    , mActor(actor)
    , mDirectory(std::move(directory))
{}

bool BulkActionRunner::roleMayTake(Role role, Action action)
{
    if (!isBulkAction(action))
        return false;
    for (const Transition &t : transitionTable()) {
        if (t.role == role && t.action == action)
            return true;
    }
    return false;
}

void BulkActionRunner::start(const ActionRequest &request, const QList<qint64> &caseIds)
{
    Q_ASSERT(!mRunning);
    mRequest = request;
    mIds = caseIds;
    mSummary = {};
    mSummary.action = request.action;
    mSummary.total = int(caseIds.size());
    mRunning = true;
    mCancel = false;
    Q_EMIT progress(0, mSummary.total);
    next();
}

void BulkActionRunner::cancel()
{
    mCancel = true;
}

void BulkActionRunner::next()
{
    const int i = int(mSummary.outcomes.size());
    if (mCancel || i >= mIds.size()) {
        mRunning = false;
        mSummary.cancelled = mCancel && i < mIds.size();
        if (mSummary.doneCount() > 0)
            mSession->notifyLocalChange(); // the queues, counts and map of this station follow
        Q_EMIT finished(mSummary);
        return;
    }
    ActionRequest request = mRequest;
    request.caseId = mIds.at(i);
    auto work = [actor = mActor, request, directory = mDirectory](Session &session) mutable -> Applied {
        Applied a;
        a.outcome.caseId = request.caseId;
        auto record = session.store().findCase(request.caseId);
        if (!record) {
            a.outcome.message = record.errorMessage();
            return a;
        }
        a.outcome.number = record->number;
        request.expectedVersion = record->version;
        request.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        if (request.action == Action::Dispatch && request.unitId <= 0) {
            request.unitId = directory ? directory->suggestedUnit(*record) : 0;
            if (request.unitId <= 0) {
                a.outcome.message = QCoreApplication::translate(
                    "cg::BulkActionRunner", "no responsible unit fits its class in its district; dispatch it "
                                            "on its own");
                return a;
            }
        }
        auto applied = session.cases().apply(actor, request);
        if (!applied) {
            a.outcome.message = applied.errorMessage();
            return a;
        }
        a.outcome.done = true;
        a.record = *applied;
        return a;
    };
    whenFinished(mSession->run(std::move(work)), this, [this](const Applied &a) {
        mSummary.outcomes.append(a.outcome);
        if (a.outcome.done)
            Q_EMIT caseApplied(a.record);
        Q_EMIT progress(int(mSummary.outcomes.size()), mSummary.total);
        next();
    });
}

} // namespace cg
