#pragma once

#include "core/errors.h"
#include "returntypes.h"
#include "tillrepository.h"

namespace shop {

class AccessTokens;
class AuthService;
class Database;

// A manager's say-so at the till (a large return, a drawer opened without a
// sale): the username and password typed there, checked by the engine's
// AuthService like any login. Only a MANAGER may authorise; every refusal
// is journaled (AUTHORISATION_REFUSED) with who tried and for what.
class ManagerAuthorisation
{
public:
    ManagerAuthorisation(Database &database, AuthService &auth, const AccessTokens &tokens);

    // The manager's username. Unauthorized for a wrong username or password,
    // Forbidden for a user who is not a manager; Unavailable when logins
    // cannot be checked now (nothing journaled: nobody was refused).
    // what says what was to be authorised ("return of ORD-...").
    Result<QString> authorise(const TillActor &till, const ManagerCredentials &manager, const QString &what);

private:
    void journalRefusal(const TillActor &till, const QString &username, const QString &what, const QString &why);

    Database &m_database;
    AuthService &m_auth;
    const AccessTokens &m_tokens;
    TillRepository m_till;
};

} // namespace shop
