#pragma once

#include "store/casestatistics.h"

#include <QAbstractTableModel>
#include <QDateTime>

// Shared by the feature panels that list cases (header only: features do not link each other).

namespace cg {

// "MM-dd HH:mm" in Beijing time; empty for a null time.
inline QString beijingShortTime(const QDateTime &utc)
{
    using namespace Qt::Literals::StringLiterals;
    return utc.isValid() ? utc.toOffsetFromUtc(8 * 3600).toString(u"MM-dd HH:mm"_s) : QString();
}

// A table with one CaseSummary per row; subclasses give the columns.
class CaseSummaryTableModel : public QAbstractTableModel
{
public:
    enum DataRole { CaseIdRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;
    const CaseSummary &caseAt(int row) const { return mCases.at(row); }
    // The row of a case, -1 when it is not listed.
    int rowOfCase(qint64 caseId) const
    {
        for (qsizetype i = 0; i < mCases.size(); ++i) {
            if (mCases[i].id == caseId)
                return int(i);
        }
        return -1;
    }
    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(mCases.size());
    }

protected:
    // Replaces the rows; `alsoChange` sets what else the rows are shown with, inside the same reset.
    template<typename Change>
    void resetCases(const QList<CaseSummary> &cases, Change alsoChange)
    {
        beginResetModel();
        mCases = cases;
        alsoChange();
        endResetModel();
    }

    QList<CaseSummary> mCases;
};

} // namespace cg
