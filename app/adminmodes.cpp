#include "commandoptions.h"
#include "core/log.h"
#include "db/database.h"
#include "db/migrationrunner.h"
#include "exitcodes.h"
#include "modes.h"

#include <cstdio>

namespace shop {

namespace {

Database openDatabase(const Settings &settings)
{
    return Database(*DatabaseUrl::parse(settings.databaseUrl));
}

int fail(const QString &message, int code)
{
    std::fprintf(stderr, "shop: %s\n", qPrintable(message));
    return code;
}

} // namespace

int runMigrate(const QStringList &arguments)
{
    CommandOptions options(QStringLiteral("migrate [options]"),
                           QStringLiteral("Applies pending database migrations and exits."), {});
    if (auto exit = options.parse(arguments))
        return *exit;
    log::setLevel(options.settings().logLevel);
    Database database = openDatabase(options.settings());
    const MigrationResult result = MigrationRunner(database).run();
    switch (result.outcome) {
    case MigrationResult::Outcome::Applied:
        std::printf("migrations applied: %d\n", result.appliedCount);
        return ExitSuccess;
    case MigrationResult::Outcome::Tampered:
        return fail(result.error, ExitUsage);
    case MigrationResult::Outcome::Failed:
        return fail(result.error, ExitFailure);
    }
    return ExitFailure;
}

} // namespace shop
