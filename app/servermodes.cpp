#include "commandoptions.h"
#include "core/log.h"
#include "engine.h"
#include "exitcodes.h"
#include "modes.h"
#include "signalwatcher.h"

#include <QCoreApplication>

namespace shop {

namespace {


enum class ServerRole { CustomerApi, OrderDaemon };

int runServer(const QStringList &arguments, const QString &mode, quint16 defaultPort, const QString &description,
              ServerRole role)
{
    CommandOptions options(mode + QStringLiteral(" [options]"), description, {CommandOptions::devFlag, CommandOptions::noMigrateFlag}, defaultPort);
    if (auto exit = options.parse(arguments))
        return *exit;
    Settings settings = options.settings();
    log::setLevel(settings.logLevel);
    if (auto exit = requireJwtSecret(settings, options.isSet(CommandOptions::devFlag.name)))
        return *exit;

    Engine engine(settings, mode);
    if (options.isSet(CommandOptions::noMigrateFlag.name))
        engine.assumeMigrated();
    else if (auto exit = engine.migrate())
        return *exit;
    if (role == ServerRole::CustomerApi) {
        engine.addCustomerApi(Engine::CatalogReads::OnIoThreads);
        engine.startCatalogEvents();
    } else {
        engine.addOrderApi();
        engine.startOrderProcessing();
    }
    if (!engine.startHttp())
        return ExitFailure;
    log::info("app", QStringLiteral("shop %1 started").arg(mode), {{QStringLiteral("url"), engine.httpUrl()}});

    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::stopRequested, qApp, [&engine, &mode](int signalNumber) {
        log::info("app", QStringLiteral("stopping %1: finishing requests in flight").arg(mode),
                  {{QStringLiteral("signal"), signalNumber}});
        engine.stop();
        QCoreApplication::exit(ExitSuccess);
    });
    const int exitCode = QCoreApplication::exec();
    log::info("app", QStringLiteral("shop %1 stopped").arg(mode));
    return exitCode;
}

} // namespace

int runServe(const QStringList &arguments)
{
    return runServer(arguments, QStringLiteral("serve"), 8080,
                     QStringLiteral("Serves the customer REST API and relays the outbox to Kafka."),
                     ServerRole::CustomerApi);
}

int runDaemon(const QStringList &arguments)
{
    return runServer(arguments, QStringLiteral("daemon"), 8081,
                     QStringLiteral("Processes orders and payments from Kafka and serves the order REST API."),
                     ServerRole::OrderDaemon);
}

} // namespace shop
