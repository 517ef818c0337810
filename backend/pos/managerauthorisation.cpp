#include "managerauthorisation.h"

#include "auth/accesstokens.h"
#include "auth/authservice.h"
#include "core/log.h"
#include "db/database.h"

namespace shop {

namespace {

const QString kManagerRole = QStringLiteral("MANAGER");

} // namespace

ManagerAuthorisation::ManagerAuthorisation(Database &database, AuthService &auth, const AccessTokens &tokens)
    : m_database(database)
    , m_auth(auth)
    , m_tokens(tokens)
    , m_till(database)
{
}

Result<QString> ManagerAuthorisation::authorise(const TillActor &till, const ManagerCredentials &manager,
                                                const QString &what)
{
    const QString username = manager.username.trimmed();
    const Result<AccessToken> token = m_auth.login(username, manager.password);
    if (!token) {
        if (token.error().kind != ServiceError::Kind::Unauthorized)
            return token.error();
        journalRefusal(till, username, what, QStringLiteral("wrong username or password"));
        return ServiceError{ServiceError::Kind::Unauthorized, QStringLiteral("Wrong manager username or password."),
                            {{QStringLiteral("manager"), QStringLiteral("wrong username or password")}}};
    }
    // A token we issued this instant: only its roles matter here.
    const AccessTokens::Verification verified = m_tokens.verify(token->token);
    if (verified.failure != AccessTokens::Failure::None || !verified.principal.hasRole(kManagerRole)) {
        journalRefusal(till, username, what, QStringLiteral("not a manager"));
        return ServiceError{ServiceError::Kind::Forbidden,
                            QStringLiteral("%1 is not a manager: only a manager can authorise this.").arg(username),
                            {{QStringLiteral("manager"), QStringLiteral("not a manager")}}};
    }
    return verified.principal.username;
}

void ManagerAuthorisation::journalRefusal(const TillActor &till, const QString &username, const QString &what,
                                          const QString &why)
{
    const DbResult<Done> journaled = m_database.run(
        [&](QSqlDatabase &) -> DbResult<Done> {
            const DbResult<std::optional<QUuid>> shift = m_till.openShift(till.terminal);
            if (!shift)
                return shift.error();
            return m_till.journal(till.terminal, shift.value(), till.cashier, QStringLiteral("AUTHORISATION_REFUSED"),
                                  username.left(100), std::nullopt, QStringLiteral("%1: %2").arg(what, why));
        },
        Database::Retry::Never); // a write: never twice
    if (!journaled)
        log::error("pos", QStringLiteral("cannot journal a refused authorisation"),
                   {{QStringLiteral("error"), journaled.error().text()}});
    log::warn("pos", QStringLiteral("manager authorisation refused"),
              {{QStringLiteral("terminal"), till.terminal},
               {QStringLiteral("cashier"), till.cashier},
               {QStringLiteral("username"), username},
               {QStringLiteral("reason"), why}});
}

} // namespace shop
