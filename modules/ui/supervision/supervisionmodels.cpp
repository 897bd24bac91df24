#include "ui/supervision/supervisionmodels.h"

#include <QBrush>
#include <QColor>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

const QColor Red(0xe5, 0x73, 0x73), Yellow(0xff, 0xd5, 0x4f), Green(0x81, 0xc7, 0x84);

QColor lightOf(const QDateTime &due, const QDateTime &now, int nearMinutes)
{
    if (!due.isValid())
        return {};
    if (due < now)
        return Red;
    return due < now.addSecs(qint64(nearMinutes) * 60) ? Yellow : Green;
}

} // namespace

QString tierLabel(const QString &level)
{
    if (level == u"city"_s)
        return SupervisionBoardModel::tr("City tier");
    if (level == u"district"_s)
        return SupervisionBoardModel::tr("District tier");
    if (level == u"street"_s)
        return SupervisionBoardModel::tr("Street tier");
    if (level == u"community"_s)
        return SupervisionBoardModel::tr("Community");
    return level;
}

void SupervisionBoardModel::setRows(const QList<BoardRow> &rows, BoardDimension dimension)
{
    beginResetModel();
    mRows = rows;
    mDimension = dimension;
    endResetModel();
}

int SupervisionBoardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRows.size());
}

int SupervisionBoardModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SupervisionBoardModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BoardRow &r = mRows.at(index.row());
    const int counts[] = {0, r.overdue, r.nearDue, r.onTime};
    if (role == Qt::DisplayRole) {
        if (index.column() == NameColumn)
            return mDimension == BoardDimension::Tier ? tierLabel(r.key)
                                                      : (r.name.isEmpty() ? r.key : r.name);
        return counts[index.column()];
    }
    if (role == Qt::BackgroundRole && index.column() != NameColumn && counts[index.column()] > 0) {
        const QColor colours[] = {{}, Red, Yellow, Green};
        return QBrush(colours[index.column()]);
    }
    if (role == Qt::TextAlignmentRole && index.column() != NameColumn)
        return QVariant::fromValue(Qt::AlignCenter);
    return {};
}

QVariant SupervisionBoardModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return mDimension == BoardDimension::Tier   ? tr("Tier")
               : mDimension == BoardDimension::Unit ? tr("Unit")
                                                    : tr("Street");
    case OverdueColumn:
        return tr("Overdue");
    case NearDueColumn:
        return tr("Near due");
    case OnTimeColumn:
        return tr("On time");
    }
    return {};
}

void SupervisedCaseModel::setCases(const QList<CaseSummary> &cases, const QDateTime &now, int nearMinutes)
{
    resetCases(cases, [&] {
        mNow = now;
        mNearMinutes = nearMinutes;
    });
}

int SupervisedCaseModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SupervisedCaseModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CaseSummary &c = mCases.at(index.row());
    if (role == CaseIdRole)
        return c.id;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case LightColumn:
            return QString();
        case NumberColumn:
            return c.number;
        case ClassColumn:
            return c.className;
        case StreetColumn:
            return c.streetName;
        case UnitColumn:
            return c.unitName;
        case StepColumn:
            return stepLabel(c.step);
        case DueColumn:
            return beijingShortTime(c.stepDueAt);
        case UrgeColumn:
            return c.urgeCount > 0 ? u"%1 (%2)"_s.arg(c.urgeCount).arg(urgeLevelLabel(c.lastUrgeLevel))
                                   : QString();
        case StageColumn:
            return c.hardCase ? c.stageName : QString();
        }
    }
    if (role == Qt::BackgroundRole && index.column() == LightColumn) {
        const QColor light = lightOf(c.stepDueAt, mNow, mNearMinutes);
        return light.isValid() ? QVariant(QBrush(light)) : QVariant();
    }
    if (role == Qt::ToolTipRole)
        return c.address;
    return {};
}

QVariant SupervisedCaseModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case LightColumn:
        return QString();
    case NumberColumn:
        return tr("Case");
    case ClassColumn:
        return tr("Class");
    case StreetColumn:
        return tr("Street");
    case UnitColumn:
        return tr("Unit");
    case StepColumn:
        return tr("Step");
    case DueColumn:
        return tr("Due");
    case UrgeColumn:
        return tr("Urged");
    case StageColumn:
        return tr("Stage");
    }
    return {};
}

void EscalationModel::setEscalations(const QList<Escalation> &rows)
{
    beginResetModel();
    mRows = rows;
    endResetModel();
}

int EscalationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRows.size());
}

int EscalationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EscalationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Escalation &e = mRows.at(index.row());
    if (role == CaseIdRole)
        return e.summary.id;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return beijingShortTime(e.at);
    case NumberColumn:
        return e.summary.number;
    case ClassColumn:
        return e.summary.className;
    case MoveColumn:
        return u"%1 → %2"_s.arg(tierLabel(e.fromTier), tierLabel(e.toTier));
    case ActorColumn:
        return e.actorName;
    case CommentColumn:
        return e.comment;
    }
    return {};
}

QVariant EscalationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("When");
    case NumberColumn:
        return tr("Case");
    case ClassColumn:
        return tr("Class");
    case MoveColumn:
        return tr("Tiers");
    case ActorColumn:
        return tr("By");
    case CommentColumn:
        return tr("Comment");
    }
    return {};
}

} // namespace cg
