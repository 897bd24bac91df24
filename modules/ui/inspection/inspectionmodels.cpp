#include "ui/inspection/inspectionmodels.h"

#include <QBrush>
#include <QColor>
#include <QMimeData>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

QString countdown(const QDateTime &due, const QDateTime &now)
{
    if (!due.isValid())
        return {};
    const qint64 minutes = now.secsTo(due) / 60;
    const qint64 a = std::abs(minutes);
    const QString amount = a >= 60 ? InspectionTaskModel::tr("%1 h %2 min").arg(a / 60).arg(a % 60)
                                   : InspectionTaskModel::tr("%1 min").arg(a);
    return minutes < 0 ? InspectionTaskModel::tr("%1 overdue").arg(amount)
                       : InspectionTaskModel::tr("%1 left").arg(amount);
}

const QColor Red(0xe5, 0x73, 0x73);
const QString mimeType = QString::fromUtf16(InspectionTaskMimeType);

} // namespace

void InspectionTaskModel::setTasks(const QList<InspectionTask> &tasks, const QHash<qint64, QString> &names,
                                   const QDateTime &now)
{
    beginResetModel();
    mTasks = tasks;
    mNames = names;
    mNow = now;
    endResetModel();
}

int InspectionTaskModel::rowOfCase(qint64 caseId) const
{
    for (qsizetype i = 0; i < mTasks.size(); ++i) {
        if (mTasks[i].summary.id == caseId)
            return int(i);
    }
    return -1;
}

int InspectionTaskModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mTasks.size());
}

int InspectionTaskModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InspectionTaskModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const InspectionTask &t = mTasks.at(index.row());
    if (role == CaseIdRole)
        return t.summary.id;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NumberColumn:
            return t.summary.number;
        case StepColumn:
            return stepLabel(t.summary.step);
        case StreetColumn:
            return t.summary.streetName;
        case GridColumn:
            return t.responsibilityCode;
        case AssignedColumn:
            return t.assignedTo ? mNames.value(t.assignedTo, QString::number(t.assignedTo))
                                : tr("(unassigned)");
        case DueColumn:
            return countdown(t.summary.stepDueAt, mNow);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == DueColumn && t.summary.stepDueAt.isValid() &&
        t.summary.stepDueAt < mNow)
        return QBrush(QColor(0xc6, 0x28, 0x28));
    if (role == Qt::ToolTipRole)
        return u"%1 %2"_s.arg(t.summary.className, t.summary.address);
    return {};
}

QVariant InspectionTaskModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NumberColumn:
        return tr("Case");
    case StepColumn:
        return tr("Task");
    case StreetColumn:
        return tr("Street");
    case GridColumn:
        return tr("Responsibility grid");
    case AssignedColumn:
        return tr("Supervisor");
    case DueColumn:
        return tr("Due");
    }
    return {};
}

Qt::ItemFlags InspectionTaskModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid())
        f |= Qt::ItemIsDragEnabled;
    return f;
}

QStringList InspectionTaskModel::mimeTypes() const
{
    return {mimeType};
}

QMimeData *InspectionTaskModel::mimeData(const QModelIndexList &indexes) const
{
    QStringList ids;
    for (const QModelIndex &index : indexes) {
        const QString id = QString::number(mTasks.value(index.row()).summary.id);
        if (index.isValid() && !ids.contains(id))
            ids.append(id);
    }
    auto *data = new QMimeData;
    data->setData(mimeType, ids.join(u'\n').toUtf8());
    return data;
}

void SupervisorLoadModel::setSupervisors(const QList<SupervisorLoad> &supervisors, const QDateTime &now)
{
    beginResetModel();
    mRows = supervisors;
    mNow = now;
    endResetModel();
}

int SupervisorLoadModel::rowOfUser(qint64 userId) const
{
    for (qsizetype i = 0; i < mRows.size(); ++i) {
        if (mRows[i].userId == userId)
            return int(i);
    }
    return -1;
}

int SupervisorLoadModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRows.size());
}

int SupervisorLoadModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SupervisorLoadModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SupervisorLoad &s = mRows.at(index.row());
    if (role == UserIdRole)
        return s.userId;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return s.name;
        case TasksColumn:
            return s.openTasks;
        case NextDueColumn:
            return countdown(s.nextDue, mNow);
        }
    }
    if (role == Qt::ToolTipRole)
        return s.login;
    if (role == Qt::TextAlignmentRole && index.column() == TasksColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant SupervisorLoadModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Supervisor");
    case TasksColumn:
        return tr("Open tasks");
    case NextDueColumn:
        return tr("Next due");
    }
    return {};
}

Qt::ItemFlags SupervisorLoadModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid())
        f |= Qt::ItemIsDropEnabled;
    return f;
}

QStringList SupervisorLoadModel::mimeTypes() const
{
    return {mimeType};
}

bool SupervisorLoadModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                          const QModelIndex &parent) const
{
    Q_UNUSED(action);
    Q_UNUSED(column);
    const int target = parent.isValid() ? parent.row() : row;
    return data && data->hasFormat(mimeType) && target >= 0 && target < mRows.size();
}

bool SupervisorLoadModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                       const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const qint64 supervisor = mRows.at(parent.isValid() ? parent.row() : row).userId;
    const QStringList ids = QString::fromUtf8(data->data(mimeType)).split(u'\n', Qt::SkipEmptyParts);
    bool any = false;
    for (const QString &id : ids) {
        bool ok = false;
        const qint64 caseId = id.toLongLong(&ok);
        if (ok && caseId > 0) {
            Q_EMIT assignRequested(caseId, supervisor);
            any = true;
        }
    }
    // The rows change when the store has the assignment; the drag source keeps its row (no removal).
    return any;
}

void RosterModel::setRoster(const QList<ResponsibilityGrid> &grids, const QList<RosterEntry> &roster,
                            QDate from, int days, const QHash<qint64, QString> &names)
{
    beginResetModel();
    mGrids = grids;
    mFrom = from;
    mDays = days;
    mCells.clear();
    for (const RosterEntry &e : roster) {
        const qint64 day = from.daysTo(e.day);
        if (day < 0 || day >= days)
            continue;
        const int column = int(day) * ShiftCount + (e.shift == Shift::Day ? 0 : 1);
        mCells[e.responsibilityCode + u'/' + QString::number(column)].append(
            names.value(e.userId, QString::number(e.userId)));
    }
    endResetModel();
}

int RosterModel::gapCount() const
{
    int gaps = 0;
    for (const ResponsibilityGrid &g : mGrids) {
        for (int c = 0; c < mDays * ShiftCount; ++c)
            gaps += mCells.contains(g.code + u'/' + QString::number(c)) ? 0 : 1;
    }
    return gaps;
}

int RosterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mGrids.size());
}

int RosterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : mDays * ShiftCount;
}

QVariant RosterModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ResponsibilityGrid &g = mGrids.at(index.row());
    const auto it = mCells.constFind(g.code + u'/' + QString::number(index.column()));
    const bool gap = it == mCells.cend();
    switch (role) {
    case Qt::DisplayRole:
        return gap ? tr("uncovered") : it->join(u", "_s);
    case GapRole:
        return gap;
    case Qt::BackgroundRole:
        return gap ? QVariant(QBrush(Red)) : QVariant();
    case Qt::ToolTipRole:
        return u"%1 %2 %3"_s.arg(g.name, dayOfColumn(index.column()).toString(Qt::ISODate),
                                 shiftLabel(shiftOfColumn(index.column())));
    }
    return {};
}

QVariant RosterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Vertical)
        return section >= 0 && section < mGrids.size() ? mGrids.at(section).name : QVariant();
    if (section < 0 || section >= mDays * ShiftCount)
        return {};
    return u"%1 %2"_s.arg(dayOfColumn(section).toString(u"MM-dd"_s),
                          shiftOfColumn(section) == Shift::Day ? tr("day") : tr("night"));
}

} // namespace cg
