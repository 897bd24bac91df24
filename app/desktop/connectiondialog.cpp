#include "connectiondialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

using namespace Qt::Literals::StringLiterals;

namespace cg {

ConnectionDialog::ConnectionDialog(const PgConnectionSettings &initial, QWidget *parent)
    : QDialog(parent)
    , mHost(new QLineEdit(initial.host.isEmpty() ? u"localhost"_s : initial.host))
    , mPort(new QSpinBox)
    , mDatabase(new QLineEdit(initial.database.isEmpty() ? u"citygrid"_s : initial.database))
    , mUser(new QLineEdit(initial.user))
    , mTlsMode(new QComboBox)
    , mCaFile(new QLineEdit(initial.sslRootCert))
{
    setWindowTitle(tr("Connect to a CityGrid server"));
    mPort->setRange(1, 65535);
    mPort->setValue(initial.port);
    setObjectName(u"connectionDialog"_s);
    mHost->setObjectName(u"host"_s);
    mPort->setObjectName(u"port"_s);
    mDatabase->setObjectName(u"database"_s);
    mUser->setObjectName(u"user"_s);
    mTlsMode->setObjectName(u"tlsMode"_s);
    mCaFile->setObjectName(u"caFile"_s);
    // The modes libpq knows, from none to full verification of the server's certificate and name.
    const QList<std::pair<QString, QString>> modes{
        {u"disable"_s, tr("No encryption")},
        {u"prefer"_s, tr("Encrypt if the server can")},
        {u"require"_s, tr("Always encrypt")},
        {u"verify-ca"_s, tr("Encrypt and check the server's certificate")},
        {u"verify-full"_s, tr("Encrypt and check the server's certificate and name")},
    };
    for (const auto &[mode, label] : modes)
        mTlsMode->addItem(label + u" ("_s + mode + u')', mode);
    mTlsMode->setCurrentIndex(std::max(0, mTlsMode->findData(initial.sslMode)));
    mCaFile->setPlaceholderText(tr("CA certificate file, for the two checking modes"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Host:"), mHost);
    form->addRow(tr("P&ort:"), mPort);
    form->addRow(tr("&Database:"), mDatabase);
    form->addRow(tr("&User:"), mUser);
    form->addRow(tr("&TLS:"), mTlsMode);
    form->addRow(tr("&CA file:"), mCaFile);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto updateOk = [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(isComplete());
    };
    for (QLineEdit *edit : {mHost, mDatabase, mUser})
        connect(edit, &QLineEdit::textChanged, this, updateOk);
    updateOk();
    form->addRow(buttons);
    setLayout(form);
}

bool ConnectionDialog::isComplete() const
{
    return !mHost->text().trimmed().isEmpty() && !mDatabase->text().trimmed().isEmpty() &&
           !mUser->text().trimmed().isEmpty();
}

PgConnectionSettings ConnectionDialog::settings() const
{
    PgConnectionSettings s;
    s.host = mHost->text().trimmed();
    s.port = mPort->value();
    s.database = mDatabase->text().trimmed();
    s.user = mUser->text().trimmed();
    s.sslMode = mTlsMode->currentData().toString();
    s.sslRootCert = mCaFile->text().trimmed();
    return s;
}

} // namespace cg
