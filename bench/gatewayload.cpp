// citygrid-gateway-load: hotline tickets into an in-process gateway over loopback HTTP/1.1 keep-alive
// connections, bounded in count and time. Reports throughput, latency percentiles and the group-commit batch
// sizes, then checks that every acknowledged ticket is in the store exactly once.
//
// Open loop (--rate R): tickets are due at a fixed rate and latency counts from the moment a ticket was due,
// so a stalled server cannot hide its queue (no coordinated omission). Closed loop (--rate 0): each
// connection sends its next ticket when the last one is answered.

#include "net/gateway.h"
#include "session/demo.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <numeric>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString ApiKey = u"load-hotline-key-000001"_s;

struct Options
{
    int tickets = 20000;
    int connections = 32;
    double rate = 1000; // tickets per second; 0: closed loop
    int maxSeconds = 60;
    QString run; // ticket ids are LOAD-<run>-<n>: a second run on the same database sends new tickets
};

// The client side, in a thread of its own so that it does not share the gateway's event loop.
class LoadClient : public QObject
{
public:
    LoadClient(quint16 port, Options options, QList<QPointF> points)
        : mPort(port)
        , mOptions(options)
        , mPoints(std::move(points))
    {}

    void start()
    {
        mTimer.start();
        for (int i = 0; i < mOptions.connections; ++i) {
            auto *socket = new QTcpSocket(this);
            Connection c{socket, {}, -1};
            mConnections.push_back(c);
            const int index = int(mConnections.size()) - 1;
            connect(socket, &QTcpSocket::readyRead, this, [this, index] { read(index); });
            connect(socket, &QTcpSocket::connected, this, [this] { pump(); });
            socket->connectToHost(QHostAddress::LocalHost, mPort);
        }
        mTick = new QTimer(this);
        mTick->setInterval(1);
        connect(mTick, &QTimer::timeout, this, &LoadClient::pump);
        mTick->start();
    }

    QList<double> latenciesMs;
    int ok = 0, failed = 0, sent = 0;
    qint64 elapsedNs = 0;
    bool done = false;

private:
    struct Connection
    {
        QTcpSocket *socket;
        QByteArray buffer;
        int inFlight; // ticket number, -1 when idle
        qint64 dueNs = 0;
    };

    qint64 dueNs(int ticket) const
    {
        return mOptions.rate > 0 ? qint64(double(ticket) / mOptions.rate * 1e9) : mTimer.nsecsElapsed();
    }

    void pump()
    {
        const qint64 now = mTimer.nsecsElapsed();
        if (now > qint64(mOptions.maxSeconds) * 1000000000LL ||
            (sent >= mOptions.tickets && ok + failed >= sent)) {
            finish();
            return;
        }
        for (Connection &c : mConnections) {
            if (sent >= mOptions.tickets)
                break;
            if (c.inFlight >= 0 || c.socket->state() != QAbstractSocket::ConnectedState)
                continue;
            if (mOptions.rate > 0 && dueNs(sent) > now)
                break;
            send(c, sent++);
        }
    }

    void send(Connection &c, int ticket)
    {
        const QPointF p = mPoints[ticket % mPoints.size()];
        const QJsonObject body{
            {u"ticketId"_s, u"LOAD-%1-%2"_s.arg(mOptions.run).arg(ticket, 8, 10, QLatin1Char('0'))},
            {u"hotline"_s, u"12345"_s},
            {u"type"_s, ticket % 5 == 0 ? u"consultation"_s : u"complaint"_s},
            {u"content"_s, ticket % 3 == 0 ? u"路边有暴露垃圾"_s : u"人行道上有人摆摊"_s},
            {u"address"_s, u"测试路%1号"_s.arg(ticket)},
            {u"location"_s, QJsonObject{{u"lon"_s, p.x()}, {u"lat"_s, p.y()}}},
            {u"caller"_s, QJsonObject{{u"phone"_s, u"13800000000"_s}}}};
        const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
        c.inFlight = ticket;
        c.dueNs = mOptions.rate > 0 ? dueNs(ticket) : mTimer.nsecsElapsed();
        c.socket->write(
            "POST /hotline/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "X-API-Key: " +
            ApiKey.toUtf8() + "\r\nContent-Length: " + QByteArray::number(json.size()) + "\r\n\r\n" + json);
    }

    void read(int index)
    {
        Connection &c = mConnections[size_t(index)];
        c.buffer += c.socket->readAll();
        while (true) {
            const qsizetype end = c.buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            qsizetype length = 0;
            for (const QByteArray &line : c.buffer.left(end).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (c.buffer.size() < end + 4 + length)
                return;
            const int status = c.buffer.mid(9, 3).toInt();
            c.buffer.remove(0, end + 4 + length);
            latenciesMs.append(double(mTimer.nsecsElapsed() - c.dueNs) / 1e6);
            (status == 201 || status == 200) ? ++ok : ++failed;
            c.inFlight = -1;
        }
    }

    void finish()
    {
        if (done)
            return;
        done = true;
        elapsedNs = mTimer.nsecsElapsed();
        mTick->stop();
        for (Connection &c : mConnections)
            c.socket->disconnectFromHost();
        QThread::currentThread()->quit();
    }

    quint16 mPort;
    Options mOptions;
    QList<QPointF> mPoints;
    std::vector<Connection> mConnections;
    QElapsedTimer mTimer;
    QTimer *mTick = nullptr;
};

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size())))];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Hotline tickets into an in-process gateway over loopback (bounded)."_s);
    parser.addHelpOption();
    const QCommandLineOption ticketsOption(u"tickets"_s, u"Tickets to send (<= 200000)."_s, u"n"_s,
                                           u"20000"_s);
    const QCommandLineOption connectionsOption(u"connections"_s, u"Keep-alive connections (<= 256)."_s,
                                               u"n"_s, u"32"_s);
    const QCommandLineOption rateOption(u"rate"_s, u"Offered tickets per second; 0 = closed loop."_s, u"r"_s,
                                        u"1000"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Stop after this many seconds (<= 300)."_s, u"s"_s,
                                           u"60"_s);
    const QCommandLineOption storeOption(u"store"_s, u"Folder for the store (default: a temporary folder)."_s,
                                         u"dir"_s);
    const QCommandLineOption postgresOption(
        u"postgresql"_s,
        u"Run on this PostgreSQL database instead (an empty one, e.g. postgresql://u@host/db)."_s, u"url"_s);
    const QCommandLineOption writersOption(
        u"writers"_s,
        u"Store connections that write (0: the engine's default, %1 on PostgreSQL; SQLite has one)."_s.arg(
            cg::GatewayConfig::DefaultPostgresWriters),
        u"n"_s, u"0"_s);
    parser.addOptions({ticketsOption, connectionsOption, rateOption, secondsOption, storeOption,
                       postgresOption, writersOption});
    parser.process(app);
    Options o;
    o.tickets = std::clamp(parser.value(ticketsOption).toInt(), 1, 200000);
    o.connections = std::clamp(parser.value(connectionsOption).toInt(), 1, 256);
    o.rate = std::clamp(parser.value(rateOption).toDouble(), 0.0, 100000.0);
    o.maxSeconds = std::clamp(parser.value(secondsOption).toInt(), 1, 300);
    o.run = QString::number(QDateTime::currentMSecsSinceEpoch(), 36);

    QTemporaryDir temp;
    const QString folder = parser.isSet(storeOption) ? parser.value(storeOption) : temp.path();
    const QString storePath =
        parser.isSet(postgresOption) ? parser.value(postgresOption) : folder + u"/load.sqlite"_s;
    QList<QPointF> points;
    {
        auto session = cg::Session::open(storePath);
        if (!session) {
            std::fprintf(stderr, "%s\n", qPrintable(session.errorMessage()));
            return 1;
        }
        cg::DemoOptions demo;
        demo.cases = 500;
        demo.days = 10;
        // A store that holds a city already (a second run on the same database) is used as it is.
        if ((*session)->store().isEmpty()) {
            if (auto s = cg::generateDemoCity(**session, demo, {}); !s) {
                std::fprintf(stderr, "%s\n", qPrintable(s.errorMessage()));
                return 1;
            }
        }
        QSqlQuery q((*session)->store().database());
        q.exec(u"SELECT min_x, min_y, max_x, max_y FROM unit_grids ORDER BY id"_s);
        while (q.next()) // the middle of each grid's box (inside the grid for the demo city's grids)
            points.append({(q.value(0).toDouble() + q.value(2).toDouble()) / 2,
                           (q.value(1).toDouble() + q.value(3).toDouble()) / 2});
    }

    cg::GatewayConfig config;
    config.storePath = storePath;
    config.listenAddress = QHostAddress::LocalHost;
    config.listenPort = 0;
    config.requestsPerSecond = 1e6;
    config.burst = 1e6;
    config.storeWriters =
        std::clamp(parser.value(writersOption).toInt(), 0, cg::GatewayConfig::MaxStoreWriters);
    config.clients = {
        {u"load-12345"_s, ApiKey, cg::ClientKind::Hotline, u"12345"_s, QUrl(u"http://127.0.0.1:9/none"_s)}};
    cg::Gateway gateway(config);
    gateway.setLogSink({}); // the access log would measure the terminal
    QList<int> batches;
    QObject::connect(&gateway, &cg::Gateway::writesCommitted, [&batches](int n) { batches.append(n); });
    if (auto s = gateway.start(); !s) {
        std::fprintf(stderr, "%s\n", qPrintable(s.errorMessage()));
        return 1;
    }

    QThread clientThread;
    auto *client = new LoadClient(gateway.port(), o, points);
    client->moveToThread(&clientThread);
    QObject::connect(&clientThread, &QThread::started, client, [client] { client->start(); });
    QObject::connect(&clientThread, &QThread::finished, &app, &QCoreApplication::quit);
    clientThread.start();
    app.exec();
    clientThread.wait();

    // A graceful stop commits what is queued; the store is checked only after it (a fresh connection that
    // read while batches still commit would count a batch's cases without its tickets).
    QObject::disconnect(&gateway, &cg::Gateway::writesCommitted, nullptr, nullptr);
    {
        QEventLoop wait;
        bool stopped = false;
        QObject::connect(&gateway, &cg::Gateway::stopped, &wait, [&wait, &stopped] {
            stopped = true;
            wait.quit();
        });
        QTimer::singleShot(60000, &wait, &QEventLoop::quit);
        gateway.stop();
        if (!stopped)
            wait.exec();
    }
    const double seconds = double(client->elapsedNs) / 1e9;
    const QList<int> realBatches = batches; // includes the once-a-second result collector's empty writes
    const double meanBatch =
        realBatches.isEmpty()
            ? 0
            : double(std::accumulate(realBatches.begin(), realBatches.end(), 0)) / realBatches.size();
    std::printf("citygrid-gateway-load: %d tickets offered at %s over %d keep-alive connections, %d store "
                "writer(s)\n",
                client->sent, o.rate > 0 ? qPrintable(u"%1/s"_s.arg(o.rate)) : "full speed (closed loop)",
                o.connections, gateway.storeWriters());
    std::printf("  acknowledged  %d (errors %d) in %.2f s = %.0f tickets/s\n", client->ok, client->failed,
                seconds, client->ok / seconds);
    std::printf("  latency ms    p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n",
                percentile(client->latenciesMs, 0.50), percentile(client->latenciesMs, 0.90),
                percentile(client->latenciesMs, 0.99), percentile(client->latenciesMs, 1.0));
    std::printf("  group commit  %lld transactions, %.1f writes each on average, largest %d\n",
                qlonglong(realBatches.size()), meanBatch,
                realBatches.isEmpty() ? 0 : *std::max_element(realBatches.begin(), realBatches.end()));
    const int acknowledged = client->ok;
    delete client;

    // Every acknowledged ticket of this run is in the store, once, with one case (a fresh connection reads
    // it).
    int stored = -1, distinct = -1, cases = -1, duplicates = -1;
    {
        auto check = cg::SqlStore::open(storePath, cg::SqlStore::OpenMode::MustExist);
        if (check) {
            const QString like = u"LOAD-%1-%"_s.arg(o.run);
            QSqlQuery q((*check)->database());
            // One statement, so one snapshot.
            q.prepare(u"SELECT (SELECT count(*) FROM net_hotline_tickets WHERE ticket_id LIKE ?), "
                      u"(SELECT count(DISTINCT ticket_id) FROM net_hotline_tickets WHERE ticket_id LIKE ?), "
                      u"(SELECT count(*) FROM cases WHERE hotline_ticket LIKE ?)"_s);
            q.addBindValue(like);
            q.addBindValue(like);
            q.addBindValue(like);
            if (q.exec() && q.next()) {
                stored = q.value(0).toInt();
                distinct = q.value(1).toInt();
                cases = q.value(2).toInt();
            }
            if (q.exec(u"SELECT count(*) FROM probable_duplicates"_s) && q.next())
                duplicates = q.value(0).toInt();
        }
    }
    const bool once = stored == distinct && cases == stored && stored >= acknowledged;
    std::printf("  store         %s, %d probable duplicates detected on intake\n",
                storePath.startsWith(u"postgresql:"_s) ? "PostgreSQL" : "SQLite", duplicates);
    std::printf("  durability    %d tickets stored, %d distinct, %d cases, %d acknowledged: %s\n", stored,
                distinct, cases, acknowledged, once ? "ok" : "MISMATCH");
    return once ? 0 : 1;
}
