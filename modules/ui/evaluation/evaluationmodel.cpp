#include "ui/evaluation/evaluationmodel.h"

#include <QBrush>
#include <QColor>

using namespace Qt::Literals::StringLiterals;

namespace cg {

EvaluationModel::EvaluationModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void EvaluationModel::setRows(QList<EvaluationRow> rows, QList<Indicator> rates)
{
    beginResetModel();
    mRows = std::move(rows);
    mRates = std::move(rates);
    endResetModel();
}

const EvaluationRow *EvaluationModel::rowAt(int row) const
{
    return row >= 0 && row < mRows.size() ? &mRows[row] : nullptr;
}

int EvaluationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRows.size());
}

int EvaluationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FirstRate + int(mRates.size());
}

QVariant EvaluationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EvaluationRow &r = mRows[index.row()];
    if (role == SubjectRole)
        return r.subject;
    if (role == PointsRole)
        return r.score.points ? QVariant(*r.score.points) : QVariant();
    if (role == KindRole)
        return int(r.kind);
    const int column = index.column();
    if (role == Qt::TextAlignmentRole)
        return column == Name || column == Subject ? QVariant(int(Qt::AlignLeft | Qt::AlignVCenter))
                                                   : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    if (role == Qt::ForegroundRole && column == Change && r.change && *r.change != 0)
        return QBrush(*r.change > 0 ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xc0, 0x1c, 0x28));
    if (role == Qt::ToolTipRole && column == Points && !r.score.leftOut.isEmpty()) {
        QStringList names;
        for (Indicator i : r.score.leftOut)
            names.append(indicatorLabel(i));
        return tr("Not applicable (nothing due), left out of the score: %1").arg(names.join(u", "_s));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Rank:
        return r.rank > 0 ? QVariant(r.rank) : QVariant(u"-"_s);
    case Name:
        return r.name;
    case Subject:
        return r.subject;
    case Points:
        return r.score.points ? QString::number(*r.score.points, 'f', 2) : u"-"_s;
    case Grade:
        return r.score.grade.isNull() ? u"-"_s : QString(r.score.grade);
    case Change:
        return r.change ? QString::asprintf("%+.2f", *r.change) : u"-"_s;
    case PreviousRank:
        return r.previousRank ? QVariant(*r.previousRank) : QVariant(u"-"_s);
    default:
        break;
    }
    const int rateIndex = column - FirstRate;
    if (rateIndex < 0 || rateIndex >= mRates.size())
        return {};
    const auto value = rate(r.counts, mRates[rateIndex]);
    return value ? QString::number(*value * 100.0, 'f', 1) + u'%' : tr("n/a");
}

QVariant EvaluationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Rank:
        return tr("Rank");
    case Name:
        return tr("Name");
    case Subject:
        return tr("Code");
    case Points:
        return tr("Points");
    case Grade:
        return tr("Grade");
    case Change:
        return tr("Change");
    case PreviousRank:
        return tr("Previous rank");
    default:
        break;
    }
    const int rateIndex = section - FirstRate;
    if (rateIndex >= 0 && rateIndex < mRates.size())
        return indicatorLabel(mRates[rateIndex]);
    return {};
}

} // namespace cg
