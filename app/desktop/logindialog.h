#pragma once

#include "ui/cases/casedirectory.h"

#include <QDialog>

class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace cg {

// Chooses who works at this station: the store's active users with their role and where they belong.
// Demo users have no passwords; a double-click or "Log in" logs in.
class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    LoginDialog(const CaseDirectory &directory, const QString &storePath, const QString &preselect,
                QWidget *parent = nullptr);

    QString login() const; // the chosen user's login; empty if none

private:
    void updateButtons();

    QStandardItemModel *mUsers;
    QSortFilterProxyModel *mFiltered;
    QLineEdit *mFilter;
    QTableView *mView;
    QPushButton *mLogin;
};

} // namespace cg
