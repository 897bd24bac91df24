#pragma once

#include "store/pgconnection.h"
#include "ui/cases/casedirectory.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace cg {

// Who works at this station.
// - An embedded (SQLite) store: the store's active users with their role and where they belong; demo users
//   have no passwords; a double-click or "Log in" logs in.
// - A shared PostgreSQL store: the login and its password (masked), asked before connecting; the station
//   then connects as the login's database role. A problem of the previous attempt (wrong password, TLS,
//   unreachable server, ...) is shown above the fields; the connection settings or another store can be
//   chosen instead.
class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    LoginDialog(const CaseDirectory &directory, const QString &storePath, const QString &preselect,
                QWidget *parent = nullptr);
    LoginDialog(const PgConnectionSettings &server, const QString &preselect, const QString &problem,
                QWidget *parent = nullptr);

    // What the person chose in the server form.
    enum class Choice { LogIn, ConnectionSettings, OtherStore, Quit };
    Choice choice() const { return mChoice; }

    QString login() const; // the chosen or typed login; empty if none
    QString password() const;
    QString problem() const; // the problem shown (server form)

private:
    void updateButtons();
    void finish(Choice choice);

    QStandardItemModel *mUsers = nullptr;
    QSortFilterProxyModel *mFiltered = nullptr;
    QLineEdit *mFilter = nullptr;
    QTableView *mView = nullptr;
    QLineEdit *mLoginEdit = nullptr;
    QLineEdit *mPassword = nullptr;
    QLabel *mProblem = nullptr;
    QPushButton *mLogin = nullptr;
    Choice mChoice = Choice::Quit;
};

} // namespace cg
