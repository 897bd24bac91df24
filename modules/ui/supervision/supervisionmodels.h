#pragma once

#include "store/casestatistics.h"
#include "ui/casesummarymodel.h"

#include <QAbstractTableModel>

namespace cg {

// Counts of open cases per tier, street or unit as red (overdue), yellow (near due) and green cells.
class SupervisionBoardModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, OverdueColumn, NearDueColumn, OnTimeColumn, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;
    void setRows(const QList<BoardRow> &rows, BoardDimension dimension);
    const QList<BoardRow> &rows() const { return mRows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<BoardRow> mRows;
    BoardDimension mDimension = BoardDimension::Street;
};

// Cases to supervise: with their deadline light, urges and (hard cases) closing stage.
class SupervisedCaseModel : public CaseSummaryTableModel
{
    Q_OBJECT
public:
    enum Column {
        LightColumn,
        NumberColumn,
        ClassColumn,
        StreetColumn,
        UnitColumn,
        StepColumn,
        DueColumn,
        UrgeColumn,
        StageColumn,
        ColumnCount
    };
    using CaseSummaryTableModel::CaseSummaryTableModel;
    void setCases(const QList<CaseSummary> &cases, const QDateTime &now, int nearMinutes);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QDateTime mNow;
    int mNearMinutes = 60;
};

// Escalations and hand-downs between tiers, newest first.
class EscalationModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        NumberColumn,
        ClassColumn,
        MoveColumn,
        ActorColumn,
        CommentColumn,
        ColumnCount
    };
    enum DataRole { CaseIdRole = Qt::UserRole + 1 };
    using QAbstractTableModel::QAbstractTableModel;
    void setEscalations(const QList<Escalation> &rows);
    const Escalation &escalationAt(int row) const { return mRows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Escalation> mRows;
};

// Translated tier names ("street" → 街镇 / Street).
QString tierLabel(const QString &levelName);

} // namespace cg
