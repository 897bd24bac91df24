#pragma once

#include "core/inspection.h"
#include "store/casestatistics.h"

#include <QAbstractTableModel>
#include <QHash>

namespace cg {

// The MIME type of dragged inspection tasks: case ids, one per line.
inline constexpr char16_t InspectionTaskMimeType[] = u"application/x-citygrid-inspection-tasks";

// Open verify and check tasks; rows can be dragged onto a supervisor.
class InspectionTaskModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NumberColumn,
        StepColumn,
        StreetColumn,
        GridColumn,
        AssignedColumn,
        DueColumn,
        ColumnCount
    };
    enum DataRole { CaseIdRole = Qt::UserRole + 1 };
    using QAbstractTableModel::QAbstractTableModel;
    void setTasks(const QList<InspectionTask> &tasks, const QHash<qint64, QString> &names,
                  const QDateTime &now);
    const InspectionTask &taskAt(int row) const { return mTasks.at(row); }
    int rowOfCase(qint64 caseId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::MoveAction | Qt::CopyAction; }

private:
    QList<InspectionTask> mTasks;
    QHash<qint64, QString> mNames;
    QDateTime mNow;
};

// The supervisors with their open tasks and the time to the soonest due; a task dropped on a row asks to
// reassign it (assignRequested), nothing changes here until the store says so.
class SupervisorLoadModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, TasksColumn, NextDueColumn, ColumnCount };
    enum DataRole { UserIdRole = Qt::UserRole + 1 };
    using QAbstractTableModel::QAbstractTableModel;
    void setSupervisors(const QList<SupervisorLoad> &supervisors, const QDateTime &now);
    const SupervisorLoad &supervisorAt(int row) const { return mRows.at(row); }
    int rowOfUser(qint64 userId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction | Qt::CopyAction; }
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

Q_SIGNALS:
    void assignRequested(qint64 caseId, qint64 supervisorId);

private:
    QList<SupervisorLoad> mRows;
    QDateTime mNow;
};

// The duty roster: a row per responsibility grid, a column per day and shift; empty slots are gaps.
class RosterModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum DataRole { GapRole = Qt::UserRole + 1 };
    using QAbstractTableModel::QAbstractTableModel;
    void setRoster(const QList<ResponsibilityGrid> &grids, const QList<RosterEntry> &roster, QDate from,
                   int days, const QHash<qint64, QString> &names);
    int gapCount() const;
    QDate dayOfColumn(int column) const { return mFrom.addDays(column / ShiftCount); }
    Shift shiftOfColumn(int column) const { return column % ShiftCount == 0 ? Shift::Day : Shift::Night; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ResponsibilityGrid> mGrids;
    QHash<QString, QStringList> mCells; // "<grid>/<column>" → names on duty
    QDate mFrom;
    int mDays = 0;
};

} // namespace cg
