#include "ui/duplicates/duplicatesmodel.h"

#include "session/sessionthread.h"
#include "session/whenfinished.h"

#include <QFutureWatcher>
#include <QLocale>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

QString localTime(const QDateTime &t)
{
    return t.isValid() ? QLocale().toString(t.toOffsetFromUtc(8 * 3600), u"yyyy-MM-dd HH:mm"_s) : QString();
}

} // namespace

DuplicatesModel::DuplicatesModel(SessionThread *session, const Actor &actor, QObject *parent)
    : QAbstractTableModel(parent)
    , mSession(session)
    , mActor(actor)
{}

QString DuplicatesModel::stateLabel(DuplicateState state)
{
    switch (state) {
    case DuplicateState::Pending:
        return tr("Pending");
    case DuplicateState::Merged:
        return tr("Merged");
    case DuplicateState::Separated:
        return tr("Separated");
    }
    return {};
}

void DuplicatesModel::setStateFilter(std::optional<DuplicateState> state)
{
    if (state == mState)
        return;
    mState = state;
    reload();
}

void DuplicatesModel::reload()
{
    if (mBusy) {
        mReloadAgain = true;
        return;
    }
    mBusy = true;
    mReloadAgain = false;
    const int epoch = ++mEpoch;
    whenFinished(mSession->run([actor = mActor, state = mState](Session &s) {
        return s.duplicates().entries(actor, state);
    }),
                 this, [this, epoch](const Result<QList<DuplicateEntry>> &rows) {
                     if (epoch != mEpoch)
                         return;
                     mBusy = false;
                     if (!rows) {
                         mError = rows.errorMessage();
                         Q_EMIT loadFailed(mError);
                     } else {
                         mError.clear();
                         apply(*rows);
                         Q_EMIT reloaded();
                     }
                     if (mReloadAgain)
                         reload();
                 });
}

void DuplicatesModel::apply(const QList<DuplicateEntry> &rows)
{
    // Rows are few (a day's duplicates): a reset keeps the model simple; the view keeps nothing to lose
    // but its selection, which the panel restores by case id.
    beginResetModel();
    mRows = rows;
    endResetModel();
}

void DuplicatesModel::merge(int row)
{
    decide(row, DuplicateState::Merged);
}

void DuplicatesModel::separate(int row)
{
    decide(row, DuplicateState::Separated);
}

void DuplicatesModel::decide(int row, DuplicateState to)
{
    if (row < 0 || row >= mRows.size())
        return;
    const qint64 caseId = mRows.at(row).link.caseId;
    whenFinished(mSession->run([actor = mActor, caseId, to](Session &s) {
        return to == DuplicateState::Merged ? s.duplicates().merge(actor, caseId)
                                            : s.duplicates().separate(actor, caseId);
    }),
                 this, [this, caseId, to](const Result<ProbableDuplicate> &r) {
                     if (!r) {
                         Q_EMIT actionFailed(r.errorMessage());
                     } else {
                         mSession->notifyLocalChange();
                         Q_EMIT decided(caseId, to);
                     }
                     reload();
                 });
}

int DuplicatesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRows.size());
}

int DuplicatesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DuplicatesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DuplicateEntry &e = mRows.at(index.row());
    switch (role) {
    case CaseIdRole:
        return e.link.caseId;
    case MainCaseIdRole:
        return e.link.duplicateOf;
    case StateRole:
        return duplicateStateName(e.link.state);
    case Qt::TextAlignmentRole:
        return index.column() == DistanceColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == ReportColumn)
            return e.duplicate.description;
        if (index.column() == MainColumn)
            return e.main.description;
        return {};
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case ReportColumn:
            return e.duplicate.number;
        case MainColumn:
            return tr("%1 (%2)").arg(e.main.number, cg::stateLabel(e.main.state));
        case ClassColumn:
            return e.duplicate.classKey.toString();
        case DistanceColumn:
            return tr("%1 m").arg(QLocale().toString(e.link.distanceM, 'f', 1));
        case DetectedColumn:
            return localTime(e.link.detectedAt);
        case StateColumn:
            return stateLabel(e.link.state);
        case ColumnCount:
            break;
        }
        return {};
    default:
        return {};
    }
}

QVariant DuplicatesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case ReportColumn:
        return tr("Report");
    case MainColumn:
        return tr("Main case");
    case ClassColumn:
        return tr("Class");
    case DistanceColumn:
        return tr("Distance");
    case DetectedColumn:
        return tr("Detected");
    case StateColumn:
        return tr("State");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace cg
