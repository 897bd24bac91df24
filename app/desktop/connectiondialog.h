#pragma once

#include "store/pgconnection.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace cg {

// Asks where a shared PostgreSQL store is: host, port, database, user and TLS mode (with the CA file that
// verify-ca / verify-full check the server's certificate against). url() is what --store takes; the password
// is asked by the login dialog, which connects as the login's database role.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(const PgConnectionSettings &initial = {}, QWidget *parent = nullptr);

    PgConnectionSettings settings() const;
    QString url() const { return settings().url(); }
    // Whether the fields are complete enough to connect (host, database and user given).
    bool isComplete() const;

private:
    QLineEdit *mHost;
    QSpinBox *mPort;
    QLineEdit *mDatabase;
    QLineEdit *mUser;
    QComboBox *mTlsMode;
    QLineEdit *mCaFile;
};

} // namespace cg
