#pragma once

#include "core/errors.h"
#include "managerauthorisation.h"
#include "orders/refundrequests.h"
#include "returntypes.h"
#include "tillrepository.h"

namespace shop {

class AccessTokens;
class AuthService;
class Clock;
class Database;

// Returns at the till. A sale is found by its receipt number (a till sale)
// or its order number (what the receipt's barcode holds; a web order too);
// some of its items come back, and the money goes back the way it came:
// cash from the drawer (the daemon records a cash refund at once), a card
// through the gateway, both by the refund path a cancellation takes
// (RefundRequested, the daemon's RefundProcessor). The stock comes back when
// the refund is paid (the catalog's StockCompensation, once per refund).
//
// What is "already returned": the items of every refund of the order,
// RETURN or CANCELLATION, whatever its status. A FAILED refund is not
// abandoned: it waits for a manager's retry and its goods are back.
class ReturnService
{
public:
    // Returns worth more than authorisationLimit need a manager; a zero limit: every return does.
    ReturnService(Database &database, AuthService &auth, const AccessTokens &tokens, const Clock &clock,
                  Money authorisationLimit);
    ReturnService(const ReturnService &) = delete;
    ReturnService &operator=(const ReturnService &) = delete;

    // By receipt number (digits only) or order number. NotFound when there
    // is no such sale; Conflict when it cannot be returned (not paid,
    // cancelled, or returned in full already: the message says which).
    Result<ReturnableSale> findSale(const QString &receiptOrOrderNumber);
    bool needsAuthorisation(Money amount) const;
    Money authorisationLimit() const { return m_limit; }
    // In one transaction, under the order's row lock (concurrent returns of
    // one order, or a return and a cancel, happen one after the other): the
    // RETURN refund and its items, its RefundRequested in orders.outbox, the
    // pos.returns row in the terminal's open shift and a RETURN journal row.
    // Refused, changing nothing: Validation (no lines, a quantity below 1 or
    // above what is left to return, an item not of the order), Conflict (not
    // returnable, no open shift), Forbidden/Unauthorized (a manager is
    // needed and was not given, or was refused: journaled).
    Result<ReturnOutcome> returnItems(const ReturnRequest &request);

private:
    Result<ReturnableSale> loadSale(const QString &orderNumber);

    Database &m_database;
    const Clock &m_clock;
    Money m_limit;
    ManagerAuthorisation m_authorisation;
    TillRepository m_till;
    RefundRepository m_refunds;
    RefundRequests m_requests;
};

} // namespace shop
