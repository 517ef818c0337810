#include "auth/userservice.h"
#include "commandoptions.h"
#include "core/log.h"
#include "db/database.h"
#include "exitcodes.h"
#include "modes.h"

#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace shop {

namespace {

// From a pipe: the first line. From a terminal: a prompt without echo.
// Never from the arguments, which other users can read in the process list.
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

// Bad input and unknown users are the operator's to fix (exit 2).
int finish(const UserService::Result &result, const QString &doneMessage)
{
    switch (result.outcome) {
    case UserService::Outcome::Done:
        std::printf("%s\n", qPrintable(doneMessage));
        return ExitSuccess;
    case UserService::Outcome::InvalidInput:
    case UserService::Outcome::AlreadyExists:
    case UserService::Outcome::NotFound:
        return fail(result.message, ExitUsage);
    case UserService::Outcome::DatabaseError:
        return fail(result.message, ExitFailure);
    }
    return ExitFailure;
}

QString timeText(const std::optional<QDateTime> &time)
{
    return time ? time->toUTC().toString(Qt::ISODate) : QStringLiteral("-");
}

int listUsers(UserService &users)
{
    const UserService::Accounts listed = users.list(false);
    if (!listed.error.isEmpty())
        return fail(listed.error, ExitFailure);
    std::printf("%-24s %-9s %-11s %-20s %6s %s\n", "USERNAME", "ROLE", "STATUS", "LAST LOGIN", "FAILED",
                "LOCKED UNTIL");
    for (const UserAccount &account : listed.accounts)
        std::printf("%-24s %-9s %-11s %-20s %6d %s\n", qPrintable(account.username),
                    qPrintable(account.roles.join(u',').toLower()),
                    account.isActive ? "active" : "deactivated", qPrintable(timeText(account.lastLoginAt)),
                    account.failedLogins, qPrintable(timeText(account.lockedUntil)));
    if (listed.accounts.size() == UserService::kMaxListed)
        std::fprintf(stderr, "shop: only the first %d users are listed\n", UserService::kMaxListed);
    return ExitSuccess;
}

} // namespace

int runUser(const QStringList &arguments)
{
    CommandOptions options(QStringLiteral("user list|add|passwd|deactivate|unlock [NAME] [options]"),
                           QStringLiteral("Lists and manages login accounts. add and passwd read the password "
                                          "from standard input (first line) or ask for it at the terminal."),
                           {});
    options.addPositional(QStringLiteral("ACTION"),
                          QStringLiteral("list; add NAME --role ROLE; passwd NAME (new password, ends the "
                                         "user's tokens); deactivate NAME; unlock NAME (lifts a lockout)"));
    options.addPositional(QStringLiteral("NAME"), QStringLiteral("the user name"));
    options.addValueOption(QStringLiteral("role"), QStringLiteral("for add: manager, cashier or customer"),
                           QStringLiteral("role"));
    if (auto exit = options.parse(arguments))
        return *exit;
    const QStringList positional = options.positionalArguments();
    const QString action = positional.value(0);
    const QStringList withName{QStringLiteral("add"), QStringLiteral("passwd"), QStringLiteral("deactivate"),
                               QStringLiteral("unlock")};
    // Before the database and the password prompt: a typo costs nothing.
    if (action == u"list") {
        if (positional.size() != 1)
            return fail(QStringLiteral("user list takes no name"), ExitUsage);
    } else if (withName.contains(action)) {
        if (positional.size() != 2)
            return fail(QStringLiteral("expected: user %1 NAME").arg(action), ExitUsage);
    } else {
        return fail(QStringLiteral("unknown action '%1': expected list, add, passwd, deactivate or unlock")
                        .arg(action),
                    ExitUsage);
    }
    const QString role = options.value(QStringLiteral("role"));
    if (action == u"add" && role.isEmpty())
        return fail(QStringLiteral("--role is required (manager, cashier or customer)"), ExitUsage);
    if (action == u"add" && UserService::roleNamed(role).isEmpty())
        return fail(UserService::kUnknownRoleMessage, ExitUsage);
    if (action != u"add" && !role.isEmpty())
        return fail(QStringLiteral("--role is only for user add"), ExitUsage);
    log::setLevel(options.settings().logLevel);

    Database database(*DatabaseUrl::parse(options.settings().databaseUrl));
    UserService users(database);
    if (action == u"list")
        return listUsers(users);
    const QString name = positional.at(1);
    if (action == u"add")
        return finish(users.addUser(name, role, readPassword()), QStringLiteral("user '%1' created").arg(name));
    if (action == u"passwd") {
        const QByteArray password = readPassword();
        if (const QString problem = UserService::passwordProblem(password); !problem.isEmpty())
            return fail(problem, ExitUsage);
        return finish(users.resetPassword(name, password),
                      QStringLiteral("password of '%1' changed; its old tokens no longer work").arg(name));
    }
    if (action == u"deactivate")
        return finish(users.deactivate(name), QStringLiteral("user '%1' deactivated").arg(name));
    return finish(users.liftLockout(name), QStringLiteral("lockout of '%1' lifted").arg(name));
}

} // namespace shop
