#pragma once

#include "core/evaluationquery.h"

#include <QAbstractTableModel>

namespace cg {

// Ranked evaluation rows as a table: rank, name, code, points, grade, change against the previous period,
// previous rank, then the rate of every indicator of the score. Holds values only; EvaluationPanel fills it
// from the store thread.
class EvaluationModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Rank, Name, Subject, Points, Grade, Change, PreviousRank, FirstRate };
    enum Role { SubjectRole = Qt::UserRole + 1, PointsRole, KindRole };

    explicit EvaluationModel(QObject *parent = nullptr);

    // Replaces the rows; `rates` are the indicators shown after the fixed columns (the score's terms).
    void setRows(QList<EvaluationRow> rows, QList<Indicator> rates);
    const QList<EvaluationRow> &rows() const { return mRows; }
    const QList<Indicator> &rates() const { return mRates; }
    const EvaluationRow *rowAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<EvaluationRow> mRows;
    QList<Indicator> mRates;
};

} // namespace cg
