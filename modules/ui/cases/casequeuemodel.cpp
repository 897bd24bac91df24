#include "ui/cases/casequeuemodel.h"

#include "session/sessionthread.h"
#include "session/whenfinished.h"
#include "ui/cases/caseformat.h"
#include "ui/cases/queuetabs.h"

#include <QBrush>
#include <QColor>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace cg {

CaseQueueModel::CaseQueueModel(SessionThread *session, QObject *parent)
    : QAbstractTableModel(parent)
    , mSession(session)
    , mDirectory(std::make_shared<CaseDirectory>())
    , mNow(QDateTime::currentDateTimeUtc())
{}

void CaseQueueModel::setActor(const Actor &actor)
{
    mActor = actor;
}

void CaseQueueModel::setDirectory(std::shared_ptr<const CaseDirectory> directory)
{
    mDirectory = directory ? std::move(directory) : std::make_shared<CaseDirectory>();
    if (!mRows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void CaseQueueModel::setFilter(const CaseFilter &filter)
{
    if (filter == mFilter && (mLoaded || mBusy))
        return;
    mFilter = filter;
    reload();
}

CaseQuery CaseQueueModel::scopeQuery(const Actor &actor)
{
    CaseQuery query;
    if (actor.role == Role::UnitHandler) {
        // A unit sees the cases dispatched to it (the desktop refuses a unit handler without a unit at
        // login).
        query.unitId = actor.unitId;
    } else {
        query.scope = actor.jurisdiction;
    }
    return query;
}

CaseQuery CaseQueueModel::queryOf(const Actor &actor, const CaseFilter &filter, const QDateTime &now)
{
    CaseQuery query = scopeQuery(actor);
    QueueTabs::apply(filter.tab, actor.role, query, now);
    if (filter.state) {
        // Inside a tab a state narrows the tab's states; one the tab does not list matches nothing (but the
        // extension requests of the requests tab).
        if (query.states.isEmpty() || query.states.contains(*filter.state))
            query.states = {*filter.state};
        else
            query.states = {CaseState::None};
    }
    query.overdueStep = filter.overdueStep;
    query.overdueOnly = query.overdueOnly || filter.overdueOnly;
    query.search = filter.search.trimmed();
    query.classKey = filter.classKey;
    query.place = filter.place;
    query.filterUnitId = filter.unitId;
    query.source = filter.source;
    query.priority = filter.priority;
    query.reportedFrom = filter.reportedFrom;
    query.reportedBefore = filter.reportedBefore;
    query.order = filter.order;
    query.now = now;
    return query;
}

CaseQuery CaseQueueModel::query() const
{
    CaseQuery query = queryOf(mActor, mFilter, QDateTime::currentDateTimeUtc());
    query.limit = mPageSize;
    return query;
}

qint64 CaseQueueModel::caseId(int row) const
{
    return row >= 0 && row < mRows.size() ? mRows.at(row).id : 0;
}

int CaseQueueModel::rowOfCase(qint64 caseId) const
{
    for (qsizetype i = 0; i < mRows.size(); ++i) {
        if (mRows.at(i).id == caseId)
            return int(i);
    }
    return -1;
}

void CaseQueueModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!mRows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void CaseQueueModel::setNow(const QDateTime &now)
{
    mNow = now;
    if (!mRows.isEmpty())
        Q_EMIT dataChanged(
            index(0, StepColumn), index(rowCount() - 1, StepColumn),
            {Qt::DisplayRole, Qt::DecorationRole, Qt::ToolTipRole, Qt::ForegroundRole, DeadlineLightRole});
}

void CaseQueueModel::reload()
{
    ++mEpoch;
    mBusy = false;
    mRefreshPending = false;
    mLoaded = false;
    beginResetModel();
    mRows.clear();
    mNext.reset();
    endResetModel();
    requestPage(true);
}

void CaseQueueModel::refresh()
{
    if (mBusy) {
        mRefreshPending = true;
        return;
    }
    if (!mLoaded) {
        reload();
        return;
    }
    CaseQuery query = this->query();
    query.limit = std::max(mPageSize, int(mRows.size()));
    mBusy = true;
    const int epoch = mEpoch;
    auto page = mSession->run([query](Session &session) mutable -> Result<CasePage> {
        QueueTabs::rebase(query, session.clock().now());
        return session.store().casePage(query);
    });
    whenFinished(page, this, [this, epoch](Result<CasePage> result) {
        if (epoch != mEpoch)
            return;
        if (!result) {
            mBusy = false;
            mError = result.errorMessage();
            Q_EMIT loadFailed(mError);
        } else {
            mError.clear();
            // Still busy while the rows change: a view or tester calling fetchMore() from a row signal must
            // not start a page from the old cursor.
            mNext = result->next;
            applyRefresh(result->rows);
            mBusy = false;
            Q_EMIT refreshed();
        }
        finishRequest();
    });
}

void CaseQueueModel::requestPage(bool first)
{
    CaseQuery query = this->query();
    if (!first)
        query.after = mNext;
    mBusy = true;
    const int epoch = mEpoch;
    auto page = mSession->run([query](Session &session) mutable -> Result<CasePage> {
        QueueTabs::rebase(query, session.clock().now());
        return session.store().casePage(query);
    });
    whenFinished(page, this, [this, epoch, first](Result<CasePage> result) {
        if (epoch != mEpoch)
            return;
        if (!result) {
            mBusy = false;
            mError = result.errorMessage();
            mLoaded = true; // nothing more to fetch until the next reload
            mNext.reset();
            Q_EMIT loadFailed(mError);
            finishRequest();
            return;
        }
        mError.clear();
        // The cursor moves before the rows arrive, and the model stays busy until they have (see refresh()).
        mNext = result->next;
        mLoaded = true;
        const QList<CaseRecord> &rows = result->rows;
        if (!rows.isEmpty()) {
            beginInsertRows({}, int(mRows.size()), int(mRows.size() + rows.size() - 1));
            mRows.append(rows);
            endInsertRows();
        }
        mBusy = false;
        if (first)
            Q_EMIT reloaded();
        else
            Q_EMIT pageLoaded();
        finishRequest();
    });
}

void CaseQueueModel::finishRequest()
{
    if (mRefreshPending && !mBusy) {
        mRefreshPending = false;
        refresh();
    }
}

void CaseQueueModel::applyRefresh(const QList<CaseRecord> &rows)
{
    QSet<qint64> newIds;
    newIds.reserve(rows.size());
    for (const CaseRecord &r : rows)
        newIds.insert(r.id);

    // The order (reported at, id) never changes for a case, so the cases that stay keep their relative order.
    // If that ever does not hold, fall back to a reset rather than show rows twice.
    QSet<qint64> oldIds;
    QList<qint64> staying;
    for (const CaseRecord &r : std::as_const(mRows)) {
        oldIds.insert(r.id);
        if (newIds.contains(r.id))
            staying.append(r.id);
    }
    qsizetype s = 0;
    for (const CaseRecord &r : rows) {
        if (!oldIds.contains(r.id))
            continue;
        if (s >= staying.size() || staying.at(s) != r.id) {
            beginResetModel();
            mRows = rows;
            endResetModel();
            return;
        }
        ++s;
    }

    // Remove the rows of cases that left the queue, bottom up, in contiguous runs.
    for (int i = int(mRows.size()) - 1; i >= 0; --i) {
        if (newIds.contains(mRows.at(i).id))
            continue;
        const int last = i;
        while (i > 0 && !newIds.contains(mRows.at(i - 1).id))
            --i;
        beginRemoveRows({}, i, last);
        mRows.remove(i, last - i + 1);
        endRemoveRows();
    }

    // Insert the new cases where they belong and take the fresh values of the others; only rows whose case
    // changed (a new version) are announced, so that a refresh of many loaded rows repaints little.
    int row = 0;
    int changedFirst = -1, changedLast = -1;
    auto announce = [&] {
        if (changedFirst >= 0)
            Q_EMIT dataChanged(index(changedFirst, 0), index(changedLast, ColumnCount - 1));
        changedFirst = changedLast = -1;
    };
    for (qsizetype k = 0; k < rows.size();) {
        if (row < mRows.size() && mRows.at(row).id == rows.at(k).id) {
            if (mRows.at(row).version != rows.at(k).version) {
                mRows[row] = rows.at(k);
                if (changedFirst >= 0 && changedLast != row - 1)
                    announce();
                if (changedFirst < 0)
                    changedFirst = row;
                changedLast = row;
            }
            ++row;
            ++k;
            continue;
        }
        announce();
        const qsizetype start = k;
        while (k < rows.size() && (row >= mRows.size() || rows.at(k).id != mRows.at(row).id))
            ++k;
        const int count = int(k - start);
        beginInsertRows({}, row, row + count - 1);
        for (int j = 0; j < count; ++j)
            mRows.insert(row + j, rows.at(start + j));
        endInsertRows();
        row += count;
    }
    announce();
}

int CaseQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRows.size());
}

int CaseQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CaseQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CaseRecord &c = mRows.at(index.row());
    const bool stepClock = c.step != Step::None && c.stepDueAt.isValid();
    switch (role) {
    case CaseIdRole:
        return c.id;
    case StateRole:
        return int(c.state);
    case DeadlineLightRole:
        return int(stepClock ? CaseFormat::light(c.stepDueAt, mNow) : DeadlineLight::None);
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case NumberColumn:
            return c.keySupervision ? c.number + u" ★"_s : c.number;
        case StateColumn:
            return stateLabel(c.state);
        case StepColumn:
            if (c.step == Step::None)
                return QString();
            return stepClock
                       ? tr("%1 · due %2").arg(stepLabel(c.step), CaseFormat::shortDateTime(c.stepDueAt))
                       : stepLabel(c.step);
        case ClassColumn: {
            const QString name = mDirectory->className(c.classKey);
            return name.isEmpty() ? c.classKey.toString() : name;
        }
        case PlaceColumn:
            return mDirectory->placeName(c);
        case SourceColumn:
            return sourceLabel(c.source);
        case ReportedColumn:
            return CaseFormat::dateTime(c.reportedAt);
        case UnitColumn:
            return c.unitId > 0 ? mDirectory->unitName(c.unitId) : QString();
        case ColumnCount:
            break;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == StepColumn && stepClock)
            return CaseFormat::lightIcon(CaseFormat::light(c.stepDueAt, mNow));
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StepColumn && stepClock && c.stepDueAt < mNow)
            return QBrush(QColor(0xb7, 0x1c, 0x1c));
        return {};
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case NumberColumn:
            return c.keySupervision ? tr("Key supervision: %1").arg(c.description) : c.description;
        case StepColumn:
            if (!stepClock)
                return {};
            return tr("%1: %2 (%3)")
                .arg(CaseFormat::lightLabel(CaseFormat::light(c.stepDueAt, mNow)),
                     CaseFormat::countdown(c.stepDueAt, mNow), CaseFormat::dateTime(c.stepDueAt));
        case ClassColumn:
            return c.classKey.toString();
        case PlaceColumn:
            return c.address;
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant CaseQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case NumberColumn:
        return tr("Case number");
    case StateColumn:
        return tr("State");
    case StepColumn:
        return tr("Current step");
    case ClassColumn:
        return tr("Class");
    case PlaceColumn:
        return tr("Street / community");
    case SourceColumn:
        return tr("Source");
    case ReportedColumn:
        return tr("Reported at");
    case UnitColumn:
        return tr("Responsible unit");
    case ColumnCount:
        break;
    }
    return {};
}

bool CaseQueueModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && mLoaded && !mBusy && mNext.has_value();
}

void CaseQueueModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    requestPage(false);
}

} // namespace cg
