// The desktop's login to a shared PostgreSQL store, against the real server of the pg_server fixture: the
// login dialog asks for login and password (masked) and connects as the login's database role, which the
// store matches to the CityGrid user; the connection dialog holds host, port, database, user and TLS mode;
// every failure (wrong password, TLS, unreachable server, other schema version, another program's database,
// a role of no active user) is named in words that say which.
#include "connectiondialog.h"
#include "logindialog.h"
#include "serverlogin.h"
#include "support/testworld.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSqlQuery>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using namespace cg;

namespace {

// A port on 127.0.0.1 where nothing listens.
int closedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

} // namespace

class TestServerLogin : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void loginDialogAsksLoginAndMaskedPassword();
    void loginDialogChoices();
    void connectionDialogHoldsWhereTheServerIs();
    void loginConnectsAsTheLoginsRole();
    void failuresAreNamed_data();
    void failuresAreNamed();

private:
    std::unique_ptr<test::TestWorld> mWorld;
    PgConnectionSettings mStore; // the test store, owner's settings
};

void TestServerLogin::initTestCase()
{
    QVERIFY2(test::pgServerUrl().has_value(),
             "no PostgreSQL test server: run through ctest (fixture pg_server)");
    qputenv("CG_TEST_STORE", "postgresql");
    mWorld = std::make_unique<test::TestWorld>();
    QVERIFY(mWorld->open());
    QVERIFY(mWorld->onPostgres());
    QVERIFY(mWorld->store().setPassword(u"xh.dispatcher"_s, u"徐汇-dispatch-2026"_s).ok());
    QVERIFY(mWorld->store().setPassword(u"inspector"_s, u"inspector-password"_s).ok());
    mStore = parsePostgresUrl(mWorld->path()).value();
    mStore.sslMode = u"require"_s;
}

void TestServerLogin::cleanupTestCase()
{
    mWorld.reset();
}

void TestServerLogin::loginDialogAsksLoginAndMaskedPassword()
{
    PgConnectionSettings server = mStore;
    server.password.clear();
    LoginDialog dialog(server, u"xh.dispatcher"_s, u"The login or the password is wrong."_s);
    auto *login = dialog.findChild<QLineEdit *>(u"login"_s);
    auto *password = dialog.findChild<QLineEdit *>(u"password"_s);
    auto *logIn = dialog.findChild<QPushButton *>(u"logIn"_s);
    auto *problem = dialog.findChild<QLabel *>(u"problem"_s);
    QVERIFY(login && password && logIn && problem);
    QCOMPARE(login->text(), u"xh.dispatcher"_s);
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QCOMPARE(problem->text(), u"The login or the password is wrong."_s);
    QVERIFY(!problem->isHidden());
    QVERIFY(!logIn->isEnabled()); // no password yet
    QTest::keyClicks(password, u"secret"_s);
    QVERIFY(logIn->isEnabled());
    login->clear();
    QVERIFY(!logIn->isEnabled()); // no login
    QTest::keyClicks(login, u" hp.dispatcher "_s);
    QCOMPARE(dialog.login(), u"hp.dispatcher"_s);
    QCOMPARE(dialog.password(), u"secret"_s);

    // Without a problem of a previous attempt nothing is shown.
    LoginDialog fresh(server, QString(), QString());
    QVERIFY(fresh.findChild<QLabel *>(u"problem"_s)->isHidden());
}

void TestServerLogin::loginDialogChoices()
{
    PgConnectionSettings server = mStore;
    server.password.clear();
    const QList<std::pair<QString, LoginDialog::Choice>> buttons{
        {u"logIn"_s, LoginDialog::Choice::LogIn},
        {u"connectionSettings"_s, LoginDialog::Choice::ConnectionSettings},
        {u"otherStore"_s, LoginDialog::Choice::OtherStore},
        {u"quit"_s, LoginDialog::Choice::Quit}};
    for (const auto &[name, choice] : buttons) {
        LoginDialog dialog(server, u"xh.dispatcher"_s, QString());
        dialog.findChild<QLineEdit *>(u"password"_s)->setText(u"pw"_s);
        dialog.open();
        QTest::mouseClick(dialog.findChild<QPushButton *>(name), Qt::LeftButton);
        QCOMPARE(dialog.choice(), choice);
        QCOMPARE(dialog.result(),
                 choice == LoginDialog::Choice::Quit ? int(QDialog::Rejected) : int(QDialog::Accepted));
    }
}

void TestServerLogin::connectionDialogHoldsWhereTheServerIs()
{
    PgConnectionSettings initial;
    initial.host = u"db.example"_s;
    initial.port = 6543;
    initial.database = u"citygrid"_s;
    initial.user = u"hp.dispatcher"_s;
    initial.password = u"never shown"_s;
    initial.sslMode = u"verify-full"_s;
    initial.sslRootCert = u"/etc/citygrid/ca.pem"_s;
    ConnectionDialog dialog(initial);
    QCOMPARE(dialog.findChild<QLineEdit *>(u"host"_s)->text(), u"db.example"_s);
    QCOMPARE(dialog.findChild<QSpinBox *>(u"port"_s)->value(), 6543);
    QCOMPARE(dialog.findChild<QLineEdit *>(u"database"_s)->text(), u"citygrid"_s);
    QCOMPARE(dialog.findChild<QLineEdit *>(u"user"_s)->text(), u"hp.dispatcher"_s);
    QCOMPARE(dialog.findChild<QComboBox *>(u"tlsMode"_s)->currentData().toString(), u"verify-full"_s);
    QCOMPARE(dialog.findChild<QLineEdit *>(u"caFile"_s)->text(), u"/etc/citygrid/ca.pem"_s);
    // The password is the login dialog's: no field for it here, and none in what the dialog gives back.
    for (const QLineEdit *edit : dialog.findChildren<QLineEdit *>())
        QVERIFY(edit->echoMode() != QLineEdit::Password);
    QCOMPARE(dialog.url(), u"postgresql://hp.dispatcher@db.example:6543/citygrid?sslmode=verify-full&"
                           u"sslrootcert=/etc/citygrid/ca.pem"_s);
    QVERIFY(dialog.isComplete());
    auto *tls = dialog.findChild<QComboBox *>(u"tlsMode"_s);
    tls->setCurrentIndex(tls->findData(u"require"_s));
    QCOMPARE(dialog.settings().sslMode, u"require"_s);
    dialog.findChild<QLineEdit *>(u"host"_s)->clear();
    QVERIFY(!dialog.isComplete());
}

void TestServerLogin::loginConnectsAsTheLoginsRole()
{
    PgConnectionSettings server = mStore;
    server.user = u"anyone"_s;
    const PgConnectionSettings station =
        ServerLogin::connectionFor(server, u" xh.dispatcher"_s, u"徐汇-dispatch-2026"_s);
    QCOMPARE(station.user, u"cg_xh_dispatcher"_s);
    QCOMPARE(station.password, u"徐汇-dispatch-2026"_s);
    QCOMPARE(station.host, server.host);
    QCOMPARE(station.database, server.database);
    auto store = SqlStore::open(station.url(), SqlStore::OpenMode::MustExist);
    QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
    QCOMPARE((*store)->databaseUser(), u"cg_xh_dispatcher"_s);
    auto login = (*store)->connectedLogin();
    QVERIFY2(login.ok(), qPrintable(login.errorMessage()));
    QCOMPARE(*login, u"xh.dispatcher"_s);
    // Row-level security applies: the station sees Xuhui's cases only.
    QVERIFY(mWorld->report().ok()); // a Huangpu case
    QCOMPARE((*store)->casePage(CaseQuery{})->rows.size(), 0);
}

void TestServerLogin::failuresAreNamed_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<int>("problem");
    QTest::addColumn<QString>("headline");
    QTest::newRow("wrong password") << u"wrong password"_s << int(ServerLogin::Problem::WrongPassword)
                                    << u"The login or the password is wrong."_s;
    QTest::newRow("unknown login") << u"unknown login"_s << int(ServerLogin::Problem::WrongPassword)
                                   << u"The login or the password is wrong."_s;
    QTest::newRow("TLS off") << u"tls off"_s << int(ServerLogin::Problem::Tls)
                             << u"The TLS setting does not match the server: choose another TLS mode or CA "
                                u"file in the connection settings."_s;
    QTest::newRow("TLS verify-full without CA")
        << u"tls no ca"_s << int(ServerLogin::Problem::Tls)
        << u"The TLS setting does not match the server: choose "
           u"another TLS mode or CA file in the connection settings."_s;
    QTest::newRow("unreachable")
        << u"unreachable"_s << int(ServerLogin::Problem::Unreachable)
        << u"The server cannot be reached: check the host and port, or the network."_s;
    QTest::newRow("no database") << u"no database"_s << int(ServerLogin::Problem::NoDatabase)
                                 << u"The server has no CityGrid store under that database name."_s;
    QTest::newRow("newer schema") << u"newer schema"_s << int(ServerLogin::Problem::SchemaTooNew)
                                  << u"The store belongs to a newer version of CityGrid: update CityGrid on "
                                     u"this station."_s;
    QTest::newRow("not CityGrid") << u"not citygrid"_s << int(ServerLogin::Problem::NotCityGrid)
                                  << u"The database is not a CityGrid store."_s;
    QTest::newRow("disabled user") << u"disabled user"_s << int(ServerLogin::Problem::NoUser)
                                   << u"The database user belongs to no active CityGrid user."_s;
}

void TestServerLogin::failuresAreNamed()
{
    QFETCH(QString, what);
    QFETCH(int, problem);
    QFETCH(QString, headline);
    PgConnectionSettings s = ServerLogin::connectionFor(mStore, u"xh.dispatcher"_s, u"徐汇-dispatch-2026"_s);
    std::optional<test::PgRawConnection> scratchAdmin;
    QString scratch;
    const auto server = test::pgServerUrl().value();
    auto makeScratch = [&](const QString &sql) {
        scratch = u"cg_login_"_s + QString::number(QCoreApplication::applicationPid());
        test::PgRawConnection admin(server);
        admin.exec(u"DROP DATABASE IF EXISTS %1"_s.arg(scratch));
        QCOMPARE(admin.exec(u"CREATE DATABASE %1"_s.arg(scratch)), QString());
        test::PgRawConnection db(test::pgUrlWith(server, scratch));
        QCOMPARE(db.exec(sql), QString());
        s = parsePostgresUrl(test::pgUrlWith(server, scratch)).value();
    };
    if (what == u"wrong password"_s) {
        s.password = u"guess-guess"_s;
    } else if (what == u"unknown login"_s) {
        s = ServerLogin::connectionFor(mStore, u"nobody"_s, u"guess-guess"_s);
    } else if (what == u"tls off"_s) {
        s.sslMode = u"disable"_s;
    } else if (what == u"tls no ca"_s) {
        s.sslMode = u"verify-full"_s;
        s.sslRootCert = test::pgStateFolder() + u"/none.pem"_s;
    } else if (what == u"unreachable"_s) {
        s.port = closedPort();
    } else if (what == u"no database"_s) {
        s.database = u"nowhere"_s;
    } else if (what == u"newer schema"_s) {
        makeScratch(u"CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL); INSERT INTO meta VALUES "
                    u"('application', 'CityGrid'), ('schema_version', '99')"_s);
    } else if (what == u"not citygrid"_s) {
        makeScratch(u"CREATE TABLE invoices (id int)"_s);
    } else if (what == u"disabled user"_s) {
        test::PgRawConnection admin(mWorld->path());
        QCOMPARE(admin.exec(u"UPDATE users SET active = 0 WHERE login = 'inspector'"_s), QString());
        s = ServerLogin::connectionFor(mStore, u"inspector"_s, u"inspector-password"_s);
    }
    if (QTest::currentTestFailed())
        return;
    Error error;
    {
        auto store = SqlStore::open(s.url(), SqlStore::OpenMode::MustExist);
        if (store) {
            auto login = (*store)->connectedLogin();
            QVERIFY2(!login.ok(), "the store opened and found a login");
            error = login.error();
        } else {
            error = store.error();
        }
    }
    if (!scratch.isEmpty())
        test::dropPgTestDatabase(test::pgUrlWith(server, scratch));
    QCOMPARE(int(ServerLogin::problemOf(error)), problem);
    QCOMPARE(ServerLogin::headline(ServerLogin::problemOf(error)), headline);
    const QString explained = ServerLogin::explain(error);
    QCOMPARE(explained, headline + u'\n' + error.message);
    QVERIFY2(!explained.contains(u"徐汇-dispatch-2026"_s), qPrintable(explained));
    QVERIFY2(!explained.contains(mStore.password), qPrintable(explained));
}

QTEST_MAIN(TestServerLogin)
#include "test_serverlogin.moc"
