// citygrid-gateway: the headless service for the 12345/12319 hotlines, Open311 GeoReport v2 and supervisors'
// phones. Parses options, builds the Gateway of cg_net and runs until SIGTERM or SIGINT.

#include "net/gateway.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[0], &byte, 1);
}

void printError(const QString &message)
{
    std::fprintf(stderr, "<3>citygrid-gateway: %s\n", message.toUtf8().constData());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"citygrid-gateway"_s);
    QCoreApplication::setApplicationVersion(u"0.1.0"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"CityGrid gateway: 12345/12319 hotlines, Open311 GeoReport v2, field terminals"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption(u"config"_s,
                                          u"JSON configuration file (see docs/hotline-api.md)."_s, u"file"_s);
    const QCommandLineOption storeOption(
        u"store"_s, u"The store: an SQLite file or a postgresql:// URL (overrides the configuration)."_s,
        u"path|url"_s);
    const QCommandLineOption listenOption(u"listen"_s, u"Address and port, e.g. 127.0.0.1:8080 or :8443."_s,
                                          u"address:port"_s);
    parser.addOptions({configOption, storeOption, listenOption});
    parser.process(app);

    cg::GatewayConfig config;
    if (parser.isSet(configOption)) {
        auto loaded = cg::GatewayConfig::fromFile(parser.value(configOption));
        if (!loaded) {
            printError(loaded.errorMessage());
            return 2;
        }
        config = *loaded;
    }
    if (parser.isSet(storeOption))
        config.storePath = parser.value(storeOption);
    if (parser.isSet(listenOption)) {
        if (auto s = config.setListen(parser.value(listenOption)); !s) {
            printError(s.errorMessage());
            return 2;
        }
    }

    // SIGTERM (systemd stop) and SIGINT (Ctrl-C) reach the event loop through a socket pair.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0) {
        printError(u"cannot create the signal socket pair"_s);
        return 1;
    }
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);

    cg::Gateway gateway(config);
    if (auto s = gateway.start(); !s) {
        printError(s.errorMessage());
        return 1;
    }
    QSocketNotifier notifier(signalPipe[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &gateway, [&gateway] {
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(signalPipe[1], &byte, 1);
        if (gateway.isStopping())
            return;
        gateway.log(6, u"signal received: stopping gracefully"_s);
        gateway.stop();
    });
    QObject::connect(&gateway, &cg::Gateway::stopped, &app, &QCoreApplication::quit);
    return app.exec();
}
