#include "logindialog.h"

#include "ui/cases/caseformat.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace cg {

LoginDialog::LoginDialog(const CaseDirectory &directory, const QString &storePath, const QString &preselect,
                         QWidget *parent)
    : QDialog(parent)
    , mUsers(new QStandardItemModel(this))
    , mFiltered(new QSortFilterProxyModel(this))
    , mFilter(new QLineEdit(this))
    , mView(new QTableView(this))
{
    setObjectName(u"loginDialog"_s);
    setWindowTitle(tr("CityGrid: log in"));
    resize(820, 560);

    mUsers->setHorizontalHeaderLabels({tr("Login"), tr("Name"), tr("Role"), tr("Jurisdiction or unit")});
    for (const UserRecord &u : directory.users()) {
        if (!u.active)
            continue;
        QString place;
        if (u.unitId > 0)
            place = directory.unitName(u.unitId);
        else if (!u.jurisdiction.isNull())
            place = directory.jurisdictionName(u.jurisdiction);
        if (place.isEmpty())
            place = u.jurisdiction.text();
        QList<QStandardItem *> row{new QStandardItem(u.login), new QStandardItem(u.name),
                                   new QStandardItem(roleLabel(u.role)), new QStandardItem(place)};
        for (QStandardItem *item : row)
            item->setEditable(false);
        mUsers->appendRow(row);
    }
    mFiltered->setSourceModel(mUsers);
    mFiltered->setFilterKeyColumn(-1);
    mFiltered->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto *intro = new QLabel(tr("Store: %1\nChoose who works at this station.").arg(storePath), this);
    intro->setWordWrap(true);
    mFilter->setObjectName(u"userFilter"_s);
    mFilter->setPlaceholderText(tr("Filter by login, name, role or jurisdiction"));
    mFilter->setClearButtonEnabled(true);

    mView->setObjectName(u"users"_s);
    mView->setModel(mFiltered);
    mView->setSelectionBehavior(QAbstractItemView::SelectRows);
    mView->setSelectionMode(QAbstractItemView::SingleSelection);
    mView->setSortingEnabled(true);
    mView->sortByColumn(-1, Qt::AscendingOrder); // store order until a header is clicked
    mView->setAlternatingRowColors(true);
    mView->verticalHeader()->hide();
    mView->horizontalHeader()->setStretchLastSection(true);
    mView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    mView->resizeColumnsToContents();

    auto *buttons = new QDialogButtonBox(this);
    mLogin = buttons->addButton(tr("Log in"), QDialogButtonBox::AcceptRole);
    mLogin->setDefault(true);
    buttons->addButton(tr("Quit"), QDialogButtonBox::RejectRole);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(mFilter);
    layout->addWidget(mView, 1);
    layout->addWidget(buttons);

    connect(mFilter, &QLineEdit::textChanged, mFiltered, &QSortFilterProxyModel::setFilterFixedString);
    connect(mFilter, &QLineEdit::textChanged, this, [this] {
        if (!mView->selectionModel()->hasSelection() && mFiltered->rowCount() > 0)
            mView->selectRow(0);
        updateButtons();
    });
    connect(mView, &QAbstractItemView::doubleClicked, this, &QDialog::accept);
    connect(mView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &LoginDialog::updateButtons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    const QList<QStandardItem *> found = mUsers->findItems(preselect, Qt::MatchExactly, 0);
    if (!preselect.isEmpty() && !found.isEmpty()) {
        const QModelIndex index = mFiltered->mapFromSource(found.constFirst()->index());
        mView->selectRow(index.row());
        mView->scrollTo(index);
    }
    updateButtons();
    mFilter->setFocus();
}

LoginDialog::LoginDialog(const PgConnectionSettings &server, const QString &preselect, const QString &problem,
                         QWidget *parent)
    : QDialog(parent)
    , mLoginEdit(new QLineEdit(preselect, this))
    , mPassword(new QLineEdit(this))
    , mProblem(new QLabel(problem, this))
{
    setObjectName(u"serverLoginDialog"_s);
    setWindowTitle(tr("CityGrid: log in to the server"));
    auto *intro = new QLabel(tr("Store: %1\nLog in with your CityGrid login and password; the station then "
                                "works with that login's rights.")
                                 .arg(server.displayUrl()),
                             this);
    intro->setWordWrap(true);
    mProblem->setObjectName(u"problem"_s);
    mProblem->setWordWrap(true);
    mProblem->setStyleSheet(u"color: #b00020"_s);
    mProblem->setVisible(!problem.isEmpty());
    mLoginEdit->setObjectName(u"login"_s);
    mPassword->setObjectName(u"password"_s);
    mPassword->setEchoMode(QLineEdit::Password);

    auto *form = new QFormLayout;
    form->addRow(tr("&Login:"), mLoginEdit);
    form->addRow(tr("&Password:"), mPassword);

    auto *buttons = new QDialogButtonBox(this);
    mLogin = buttons->addButton(tr("Log in"), QDialogButtonBox::AcceptRole);
    mLogin->setObjectName(u"logIn"_s);
    mLogin->setDefault(true);
    QPushButton *settings = buttons->addButton(tr("Connection settings…"), QDialogButtonBox::ActionRole);
    settings->setObjectName(u"connectionSettings"_s);
    QPushButton *other = buttons->addButton(tr("Other store…"), QDialogButtonBox::ActionRole);
    other->setObjectName(u"otherStore"_s);
    QPushButton *quit = buttons->addButton(tr("Quit"), QDialogButtonBox::RejectRole);
    quit->setObjectName(u"quit"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(mProblem);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(mLogin, &QPushButton::clicked, this, [this] { finish(Choice::LogIn); });
    connect(settings, &QPushButton::clicked, this, [this] { finish(Choice::ConnectionSettings); });
    connect(other, &QPushButton::clicked, this, [this] { finish(Choice::OtherStore); });
    connect(quit, &QPushButton::clicked, this, [this] { finish(Choice::Quit); });
    for (QLineEdit *edit : {mLoginEdit, mPassword})
        connect(edit, &QLineEdit::textChanged, this, &LoginDialog::updateButtons);
    updateButtons();
    if (preselect.isEmpty())
        mLoginEdit->setFocus();
    else
        mPassword->setFocus();
}

void LoginDialog::finish(Choice choice)
{
    if (choice == Choice::LogIn && !mLogin->isEnabled())
        return;
    mChoice = choice;
    if (choice == Choice::Quit)
        reject();
    else
        accept();
}

QString LoginDialog::login() const
{
    if (mLoginEdit)
        return mLoginEdit->text().trimmed();
    const QModelIndexList rows = mView->selectionModel()->selectedRows(0);
    return rows.isEmpty() ? QString() : rows.constFirst().data().toString();
}

QString LoginDialog::password() const
{
    return mPassword ? mPassword->text() : QString();
}

QString LoginDialog::problem() const
{
    return mProblem ? mProblem->text() : QString();
}

void LoginDialog::updateButtons()
{
    mLogin->setEnabled(!login().isEmpty() && (!mPassword || !mPassword->text().isEmpty()));
}

} // namespace cg
