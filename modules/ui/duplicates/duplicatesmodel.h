#pragma once

#include "services/duplicateservice.h"

#include <QAbstractTableModel>

#include <optional>

namespace cg {

class SessionThread;

// The probable duplicates in the actor's scope (pending ones by default), newest first, read in the store
// thread. merge() and separate() decide the selected link there and reload; failures come back as
// actionFailed with the service's message.
class DuplicatesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        ReportColumn,
        MainColumn,
        ClassColumn,
        DistanceColumn,
        DetectedColumn,
        StateColumn,
        ColumnCount
    };
    enum DataRole { CaseIdRole = Qt::UserRole + 1, MainCaseIdRole, StateRole };

    DuplicatesModel(SessionThread *session, const Actor &actor, QObject *parent = nullptr);

    // nullopt: every state.
    void setStateFilter(std::optional<DuplicateState> state);
    std::optional<DuplicateState> stateFilter() const { return mState; }

    void reload();
    bool isLoading() const { return mBusy; }
    QString errorString() const { return mError; }
    const DuplicateEntry &entryAt(int row) const { return mRows.at(row); }

    void merge(int row);
    void separate(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString stateLabel(DuplicateState state);

Q_SIGNALS:
    void reloaded();
    void loadFailed(const QString &message);
    void decided(qint64 caseId, cg::DuplicateState state);
    void actionFailed(const QString &message);

private:
    void decide(int row, DuplicateState to);
    void apply(const QList<DuplicateEntry> &rows);

    SessionThread *mSession;
    Actor mActor;
    std::optional<DuplicateState> mState = DuplicateState::Pending;
    QList<DuplicateEntry> mRows;
    bool mBusy = false;
    bool mReloadAgain = false;
    int mEpoch = 0;
    QString mError;
};

} // namespace cg
