#include "ui/dispatch/dispatchmodels.h"

#include <QBrush>
#include <QColor>

using namespace Qt::Literals::StringLiterals;

namespace cg {

int DispatchQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DispatchQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CaseSummary &c = mCases.at(index.row());
    if (role == CaseIdRole)
        return c.id;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NumberColumn:
            return c.number;
        case ClassColumn:
            return c.className;
        case StreetColumn:
            return c.streetName;
        case DueColumn:
            return beijingShortTime(c.stepDueAt);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == DueColumn && c.stepDueAt.isValid() &&
        c.stepDueAt < QDateTime::currentDateTimeUtc())
        return QBrush(QColor(0xc6, 0x28, 0x28));
    if (role == Qt::ToolTipRole)
        return c.address;
    return {};
}

QVariant DispatchQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NumberColumn:
        return tr("Case");
    case ClassColumn:
        return tr("Class");
    case StreetColumn:
        return tr("Street");
    case DueColumn:
        return tr("Dispatch due");
    }
    return {};
}

void UnitCandidateModel::setCandidates(const QList<UnitCandidate> &candidates)
{
    beginResetModel();
    mCandidates = candidates;
    endResetModel();
}

QString UnitCandidateModel::reasons(const UnitCandidate &c)
{
    QStringList why;
    if (c.componentOwner)
        why.append(tr("owns the component"));
    if (c.typeMatch)
        why.append(tr("catalogue unit type"));
    if (c.jurisdictionMatch)
        why.append(tr("jurisdiction"));
    return why.join(u", "_s);
}

int UnitCandidateModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mCandidates.size());
}

int UnitCandidateModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UnitCandidateModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UnitCandidate &c = mCandidates.at(index.row());
    if (role == UnitIdRole)
        return c.unitId;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case UnitColumn:
            return c.name;
        case ReasonColumn:
            return reasons(c);
        case LoadColumn:
            return c.openLoad;
        case RateColumn:
            return c.onTimeRate() < 0 ? tr("no record") : u"%1%"_s.arg(qRound(c.onTimeRate() * 100));
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == LoadColumn || index.column() == RateColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == RateColumn)
        return tr("%1 handled, %2 of them on time, %3 open and overdue")
            .arg(c.handled)
            .arg(c.handledOnTime)
            .arg(c.overdueOpen);
    return {};
}

QVariant UnitCandidateModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case UnitColumn:
        return tr("Unit");
    case ReasonColumn:
        return tr("Why");
    case LoadColumn:
        return tr("Open");
    case RateColumn:
        return tr("On time");
    }
    return {};
}

} // namespace cg
