#pragma once

#include "core/dispatchadvice.h"
#include "store/casestatistics.h"
#include "ui/casesummarymodel.h"

#include <QAbstractTableModel>

namespace cg {

// Filed cases waiting for a responsible unit, the longest waiting first.
class DispatchQueueModel : public CaseSummaryTableModel
{
    Q_OBJECT
public:
    enum Column { NumberColumn, ClassColumn, StreetColumn, DueColumn, ColumnCount };

    using CaseSummaryTableModel::CaseSummaryTableModel;
    void setCases(const QList<CaseSummary> &cases)
    {
        resetCases(cases, [] {});
    }

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

// The units a dispatcher can pick for one case, best first, with why and how they are doing.
class UnitCandidateModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { UnitColumn, ReasonColumn, LoadColumn, RateColumn, ColumnCount };
    enum DataRole { UnitIdRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;
    void setCandidates(const QList<UnitCandidate> &candidates);
    const QList<UnitCandidate> &candidates() const { return mCandidates; }

    static QString reasons(const UnitCandidate &candidate);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<UnitCandidate> mCandidates;
};

} // namespace cg
