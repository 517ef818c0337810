#include "catalog/democataloggenerator.h"
#include "catalog/demoseeder.h"
#include "commandoptions.h"
#include "core/log.h"
#include "db/database.h"
#include "exitcodes.h"
#include "modes.h"
#include "orders/demoordergenerator.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <cstdio>
#include <optional>

namespace shop {

namespace {

const CommandOptions::Flag kForceFlag{
    QStringLiteral("force"),
    QStringLiteral("with --products/--orders: add to a database that already holds products or orders")};

int fail(const QString &message, int code)
{
    std::fprintf(stderr, "shop: %s\n", qPrintable(message));
    return code;
}

// --products / --orders: absent (nullopt), or a whole number within 0..max.
std::optional<qint64> readCount(const CommandOptions &options, const QString &name, qint64 max, bool &isBad)
{
    if (!options.isSet(name))
        return std::nullopt;
    bool ok = false;
    const qint64 value = options.value(name).toLongLong(&ok);
    if (!ok || value < 0 || value > max)
        isBad = true;
    return value;
}

// Different for every run (seconds since 1970 in base 36), so generated
// SKUs and order ids of two runs never collide.
QString runToken()
{
    return QString::number(QDateTime::currentSecsSinceEpoch(), 36).toUpper();
}

int seedSmallCatalog(Database &database)
{
    const DemoSeeder::Result result = DemoSeeder(database).seed();
    if (!result.error.isEmpty())
        return fail(QStringLiteral("cannot seed the demo catalog: %1").arg(result.error), ExitFailure);
    std::printf("demo catalog: %d categories and %d products added\n", result.categoriesAdded, result.productsAdded);
    return ExitSuccess;
}

} // namespace

int runSeedDemo(const QStringList &arguments)
{
    CommandOptions options(QStringLiteral("seed-demo [--products N] [--orders M] [--force] [options]"),
                           QStringLiteral("Adds demo data (local runs only). Without --products and --orders: a "
                                          "small demo catalog (running it twice adds nothing). With them: N "
                                          "generated products and M generated orders, for load tests; only into "
                                          "a database without products and orders, unless --force."),
                           {kForceFlag});
    options.addValueOption(QStringLiteral("products"), QStringLiteral("generate N products (0 to 10000000)"),
                           QStringLiteral("N"));
    options.addValueOption(QStringLiteral("orders"), QStringLiteral("generate M orders (0 to 10000000)"),
                           QStringLiteral("M"));
    if (auto exit = options.parse(arguments))
        return *exit;
    bool isBad = false;
    const std::optional<qint64> products =
        readCount(options, QStringLiteral("products"), DemoCatalogGenerator::kMaxProducts, isBad);
    if (isBad)
        return options.usageError(QStringLiteral("--products must be a whole number from 0 to 10000000"));
    const std::optional<qint64> orders =
        readCount(options, QStringLiteral("orders"), DemoOrderGenerator::kMaxOrders, isBad);
    if (isBad)
        return options.usageError(QStringLiteral("--orders must be a whole number from 0 to 10000000"));
    const bool isForced = options.isSet(kForceFlag.name);
    if (!products && !orders && isForced)
        return options.usageError(QStringLiteral("--force only goes with --products or --orders"));
    log::setLevel(options.settings().logLevel);
    Database database(*DatabaseUrl::parse(options.settings().databaseUrl));
    if (!products && !orders)
        return seedSmallCatalog(database);

    DemoCatalogGenerator catalog(database);
    DemoOrderGenerator orderGenerator(database);
    if (!isForced) {
        const DbResult<bool> noProducts = catalog.isEmpty();
        const DbResult<bool> noOrders = orderGenerator.isEmpty();
        if (!noProducts || !noOrders)
            return fail(QStringLiteral("cannot read the database: %1")
                            .arg((!noProducts ? noProducts.error() : noOrders.error()).text()),
                        ExitFailure);
        if (!noProducts.value() || !noOrders.value())
            return fail(QStringLiteral("the database already holds products or orders; generated data goes only "
                                       "into an empty one (add --force to add it anyway)"),
                        ExitUsage);
    }
    const QString token = runToken();
    QElapsedTimer clock;
    if (products.value_or(0) > 0) {
        clock.start();
        const DbResult<qint64> added = catalog.generate(*products, token);
        if (!added)
            return fail(QStringLiteral("cannot generate products: %1").arg(added.error().text()), ExitFailure);
        std::printf("products: %lld added in %.1f s\n", static_cast<long long>(added.value()),
                    clock.elapsed() / 1000.0);
        std::fflush(stdout);
    }
    if (orders.value_or(0) > 0) {
        const DbResult<bool> orderable = orderGenerator.hasProducts();
        if (!orderable)
            return fail(QStringLiteral("cannot read the catalog: %1").arg(orderable.error().text()), ExitFailure);
        if (!orderable.value())
            return fail(QStringLiteral("orders need active products: add --products"), ExitUsage);
        clock.start();
        const DbResult<qint64> added = orderGenerator.generate(*orders, token);
        if (!added)
            return fail(QStringLiteral("cannot generate orders: %1").arg(added.error().text()), ExitFailure);
        std::printf("orders: %lld added in %.1f s\n", static_cast<long long>(added.value()),
                    clock.elapsed() / 1000.0);
    }
    return ExitSuccess;
}

} // namespace shop
