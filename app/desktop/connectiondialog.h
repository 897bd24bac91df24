#pragma once

#include "store/pgconnection.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace cg {

// Asks where a shared PostgreSQL store is: host, port, database, user, password and TLS mode (with the CA
// file that verify-ca / verify-full check the server's certificate against). url() is what --store takes.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(const PgConnectionSettings &initial = {}, QWidget *parent = nullptr);

    PgConnectionSettings settings() const;
    QString url() const { return settings().url(); }

private:
    QLineEdit *mHost;
    QSpinBox *mPort;
    QLineEdit *mDatabase;
    QLineEdit *mUser;
    QLineEdit *mPassword;
    QComboBox *mTlsMode;
    QLineEdit *mCaFile;
};

} // namespace cg
