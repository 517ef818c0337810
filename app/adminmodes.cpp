#include "auth/userservice.h"
#include "commandoptions.h"
#include "core/log.h"
#include "db/database.h"
#include "db/migrationrunner.h"
#include "exitcodes.h"
#include "modes.h"

#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace shop {

namespace {

Database openDatabase(const Settings &settings)
{
    return Database(*DatabaseUrl::parse(settings.databaseUrl));
}

// From a pipe: the first line. From a terminal: a prompt without echo.
QByteArray readPassword()
{
    const bool interactive = ::isatty(STDIN_FILENO);
    termios original = {};
    if (interactive) {
        std::fprintf(stderr, "Password: ");
        std::fflush(stderr);
        tcgetattr(STDIN_FILENO, &original);
        termios silent = original;
        silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (interactive) {
        tcsetattr(STDIN_FILENO, TCSANOW, &original);
        std::fprintf(stderr, "\n");
    }
    return line.toUtf8();
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

int runUser(const QStringList &arguments)
{
    CommandOptions options(QStringLiteral("user add NAME --role ROLE [options]"),
                           QStringLiteral("Creates a user. The password is read from standard input "
                                          "(first line) or asked for at the terminal."),
                           {});
    options.addPositional(QStringLiteral("add"), QStringLiteral("the action (only add exists)"));
    options.addPositional(QStringLiteral("NAME"), QStringLiteral("the user name"));
    options.addValueOption(QStringLiteral("role"), QStringLiteral("manager, cashier or customer"),
                           QStringLiteral("role"));
    if (auto exit = options.parse(arguments))
        return *exit;
    const QStringList positional = options.positionalArguments();
    if (positional.size() != 2 || positional.front() != u"add")
        return options.usageError(QStringLiteral("expected: user add NAME --role ROLE"));
    if (options.value(QStringLiteral("role")).isEmpty())
        return options.usageError(QStringLiteral("--role is required (manager, cashier or customer)"));
    // Before the database and the password prompt: a typo costs nothing.
    if (UserService::roleNamed(options.value(QStringLiteral("role"))).isEmpty())
        return fail(UserService::kUnknownRoleMessage, ExitUsage);
    log::setLevel(options.settings().logLevel);

    Database database = openDatabase(options.settings());
    const QByteArray password = readPassword();
    const UserService::Result result =
        UserService(database).addUser(positional.at(1), options.value(QStringLiteral("role")), password);
    switch (result.outcome) {
    case UserService::Outcome::Created:
        std::printf("user '%s' created\n", qPrintable(positional.at(1)));
        return ExitSuccess;
    case UserService::Outcome::InvalidInput:
    case UserService::Outcome::AlreadyExists:
        return fail(result.message, ExitUsage);
    case UserService::Outcome::DatabaseError:
        return fail(result.message, ExitFailure);
    }
    return ExitFailure;
}

} // namespace shop
