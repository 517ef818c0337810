#include "core/log.h"
#include "exitcodes.h"
#include "modes.h"

#ifdef SHOP_WITH_GUI
#include <QApplication>
#endif
#include <QCoreApplication>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

const char kUsage[] =
    "Usage: shop MODE [options]\n"
    "\n"
    "Modes:\n"
    "  serve       customer REST API and outbox relay (port 8080)\n"
    "  daemon      order and payment processor with the order REST API (port 8081)\n"
    "  gui         store manager window (serves the REST API unless --no-api)\n"
    "  pos         point-of-sale checkout terminal\n"
    "  migrate     apply database migrations and exit\n"
    "  user add NAME --role ROLE   create a user (password from stdin or a prompt)\n"
    "  seed-demo   add demo catalog data (local runs only)\n"
    "  dlt list TOPIC   list the dead letters of a topic (kept in TOPIC.DLT)\n"
    "  dlt replay TOPIC [--id EVENTID]   publish them to TOPIC again (safe: consumers skip processed eventIds)\n"
    "  catalog import FILE [--dry-run]   import products from CSV (all rows or none)\n"
    "  catalog export [--output FILE]    export products as CSV (filters: --category, --active, --search)\n"
    "\n"
    "  shop MODE --help   options of a mode\n"
    "  shop --version     version\n";

struct Mode
{
    const char *name;
    bool needsWidgets;
    int (*run)(const QStringList &);
};

const Mode kModes[] = {
    {"serve", false, shop::runServe},
    {"daemon", false, shop::runDaemon},
    {"migrate", false, shop::runMigrate},
    {"user", false, shop::runUser},
    {"seed-demo", false, shop::runSeedDemo},
    {"dlt", false, shop::runDlt},
    {"catalog", false, shop::runCatalog},
#ifdef SHOP_WITH_GUI
    {"gui", true, shop::runGui},
    {"pos", true, shop::runPos},
#endif
};

#ifdef SHOP_WITH_GUI
// --help works without a display, so it needs no QApplication.
bool asksForHelp(int argc, char *argv[])
{
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0
            || std::strcmp(argv[i], "--help-all") == 0)
            return true;
    }
    return false;
}

// Without one, Qt would abort the process instead of saying what is missing.
bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}
#endif

} // namespace

int main(int argc, char *argv[])
{
    if (argc < 2) {
        std::fputs(kUsage, stderr);
        return shop::ExitUsage;
    }
    const char *first = argv[1];
    if (std::strcmp(first, "--help") == 0 || std::strcmp(first, "-h") == 0) {
        std::fputs(kUsage, stdout);
        return shop::ExitSuccess;
    }
    if (std::strcmp(first, "--version") == 0) {
        std::printf("shop %s\n", SHOP_VERSION);
        return shop::ExitSuccess;
    }
    const Mode *mode = nullptr;
    for (const Mode &candidate : kModes) {
        if (std::strcmp(first, candidate.name) == 0)
            mode = &candidate;
    }
    if (!mode) {
        std::fprintf(stderr, "shop: unknown mode '%s'\n%s", first, kUsage);
        return shop::ExitUsage;
    }

    // Without TZ, glibc reads /etc/localtime again (a stat per call) at every
    // local time conversion, and Qt converts each timestamp read from
    // PostgreSQL: 80 stat calls per product page, about 40 % of its CPU
    // (docs/performance.md, "Catalog reads: where the time went"). Naming the
    // same file lets glibc keep what it read; the modes without windows then
    // take a new system time zone at their next start (the windows keep
    // following it at once).
    if (!mode->needsWidgets && !qEnvironmentVariableIsSet("TZ"))
        qputenv("TZ", ":/etc/localtime");

    // Before the application object, whose construction may already warn.
    shop::log::installQtMessageHandler();
    std::unique_ptr<QCoreApplication> app;
#ifdef SHOP_WITH_GUI
    if (mode->needsWidgets && !asksForHelp(argc, argv)) {
        if (!hasDisplay()) {
            std::fprintf(stderr, "shop: %s needs a display: set DISPLAY or WAYLAND_DISPLAY "
                                 "(or QT_QPA_PLATFORM=offscreen to run without one)\n", mode->name);
            return shop::ExitUsage;
        }
        app = std::make_unique<QApplication>(argc, argv);
    }
#endif
    if (!app)
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("shop"));
    QCoreApplication::setApplicationName(QStringLiteral("shop"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SHOP_VERSION));

    // The parser sees "shop MODE ..." as its program name plus options.
    QStringList arguments = QCoreApplication::arguments();
    arguments[0] = QStringLiteral("shop ") + QString::fromUtf8(mode->name);
    arguments.removeAt(1);
    return mode->run(arguments);
}
