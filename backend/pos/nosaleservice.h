#pragma once

#include "core/errors.h"
#include "managerauthorisation.h"
#include "returntypes.h"
#include "tillrepository.h"

namespace shop {

class AccessTokens;
class AuthService;
class Database;

// Opening the cash drawer without a sale ("no sale"): only with a manager's
// authorisation, in the terminal's open shift, recorded as a NO_SALE cash
// movement of 0 and a NO_SALE journal row in one transaction. The till
// kicks the drawer once this answers.
class NoSaleService
{
public:
    NoSaleService(Database &database, AuthService &auth, const AccessTokens &tokens);
    NoSaleService(const NoSaleService &) = delete;
    NoSaleService &operator=(const NoSaleService &) = delete;

    // The authorising manager's username. Validation for a missing or too
    // long reason, Unauthorized/Forbidden for refused credentials
    // (journaled), Conflict without an open shift.
    Result<QString> openDrawer(const TillActor &till, const QString &reason, const ManagerCredentials &manager);

private:
    Database &m_database;
    ManagerAuthorisation m_authorisation;
    TillRepository m_till;
};

} // namespace shop
