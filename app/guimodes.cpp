#include "ui/common/backgroundtask.h"
#include "commandoptions.h"
#include "core/log.h"
#include "core/threadend.h"
#include "engine.h"
#include "exitcodes.h"
#include "ui/common/logindialog.h"
#include "ui/common/moneyformat.h"
#include "ui/manager/managerwindow.h"
#include "modes.h"
#include "pos/nosaleservice.h"
#include "pos/returnservice.h"
#include "ui/pos/poswindow.h"
#include "ui/pos/tilllock.h"
#include "signalwatcher.h"

#include <QApplication>
#include <QDir>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QSysInfo>

namespace shop {

namespace {

const CommandOptions::Flag kNoApiFlag{QStringLiteral("no-api"),
                                      QStringLiteral("do not serve the customer REST API from this window")};

// Both windows stop cleanly on SIGTERM/SIGINT as well as on close.
int runWindow(Engine &engine, QWidget &window)
{
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::stopRequested, &window, [&window] { window.close(); });
    window.show();
    const int exitCode = QApplication::exec();
    // Service calls still running use the engine. The pool's threads close
    // their database connections before the process starts to end.
    runEndWorkOnPoolThreads(backgroundPool(), std::chrono::seconds(30));
    shop::backgroundPool().waitForDone();
    engine.stop();
    return exitCode;
}

// Who logged in; nullopt when the user cancels or the process is asked to stop.
// allowedRoles: the accounts the window is for (any when empty).
std::optional<Principal> logIn(DesktopServices &services, const QStringList &allowedRoles = {})
{
    LoginDialog login(services.auth, services.tokens);
    login.setAllowedRoles(allowedRoles);
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::stopRequested, &login, &QDialog::reject);
    const bool isAccepted = login.exec() == QDialog::Accepted;
    shop::backgroundPool().waitForDone(); // a login still being checked uses the engine
    if (!isAccepted)
        return std::nullopt;
    return login.principal();
}

} // namespace

int runGui(const QStringList &arguments)
{
    CommandOptions options(QStringLiteral("gui [options]"),
                           QStringLiteral("Opens the store manager window (and serves the customer REST API)."),
                           {CommandOptions::devFlag, CommandOptions::noMigrateFlag, kNoApiFlag});
    if (auto exit = options.parse(arguments))
        return *exit;
    Settings settings = options.settings();
    log::setLevel(settings.logLevel);
    if (auto exit = requireJwtSecret(settings, options.isSet(CommandOptions::devFlag.name)))
        return *exit;

    moneyformat::setCurrency(settings.currency);
    Engine engine(settings, QStringLiteral("gui"));
    if (options.isSet(CommandOptions::noMigrateFlag.name))
        engine.assumeMigrated();
    else if (auto exit = engine.migrate())
        return *exit;
    const bool servesApi = !options.isSet(kNoApiFlag.name);
    engine.startCatalogEvents(); // checkouts from the API (and later the window) reach the daemon
    if (servesApi) {
        engine.addCustomerApi();
        if (!engine.startHttp())
            return ExitFailure;
    }
    DesktopServices &services = engine.desktopServices();
    const std::optional<Principal> user = logIn(services);
    if (!user) {
        engine.stop();
        return ExitSuccess;
    }
    ManagerWindow window(servesApi ? engine.httpUrl() : QString(),
                         {services.catalog, services.orders, services.orderStatistics, services.refunds,
                          services.reports, services.catalogTransfer, services.shifts, services.users},
                         *user);
    return runWindow(engine, window);
}

int runPos(const QStringList &arguments)
{
    CommandOptions options(QStringLiteral("pos [options]"), QStringLiteral("Opens the point-of-sale checkout terminal."),
                           {CommandOptions::noMigrateFlag});
    if (auto exit = options.parse(arguments))
        return *exit;
    Settings settings = options.settings();
    log::setLevel(settings.logLevel);
    // The till checks its logins in this process and its tokens never leave
    // it, so without a configured secret a random one for this run does.
    if (settings.jwtSecret.size() < 32) {
        settings.jwtSecret = QByteArray(48, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(settings.jwtSecret.data()), 12);
    }
    moneyformat::setCurrency(settings.currency);
    Engine engine(settings, QStringLiteral("pos"));
    if (options.isSet(CommandOptions::noMigrateFlag.name))
        engine.assumeMigrated();
    else if (auto exit = engine.migrate())
        return *exit;
    DesktopServices &desktop = engine.desktopServices();
    const std::optional<Principal> cashier = logIn(desktop, TillLock::kTillRoles);
    if (!cashier) {
        engine.stop();
        return ExitSuccess;
    }
    // Publishes the terminal's checkouts and gives stock back for failed
    // card payments; the payments themselves need a running `shop daemon`.
    engine.startCatalogEvents();
    PosServices &services = engine.posServices();
    PosStore store{settings.posTerminal.isEmpty() ? QSysInfo::machineHostName().left(40) : settings.posTerminal,
                   settings.shopName, settings.shopAddress,
                   QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("receipts")),
                   std::chrono::seconds(30)};
    if (store.terminalId.isEmpty())
        store.terminalId = QStringLiteral("till");
    const ReceiptPrinterSetup receiptPrinter{settings.receiptPrinter,
                                             {settings.receiptPrinterCharset, settings.receiptPrinterColumns},
                                             std::chrono::milliseconds(settings.receiptPrinterTimeoutMs)};
    const SystemClock clock;
    ReturnService returns(engine.database(), desktop.auth, desktop.tokens, clock, settings.posReturnAuthorisationLimit);
    NoSaleService noSale(engine.database(), desktop.auth, desktop.tokens);
    PosWindow window({services.catalog, services.cart, services.checkout, services.orders, services.shifts}, store,
                     receiptPrinter);
    window.requireCashier(desktop.auth, desktop.tokens, *cashier, std::chrono::seconds(settings.posIdleLockSeconds));
    window.enableReturns(returns, noSale);
    return runWindow(engine, window);
}

} // namespace shop
