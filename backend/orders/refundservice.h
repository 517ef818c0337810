#pragma once

#include "core/errors.h"
#include "refundrepository.h"
#include "refundrequests.h"

namespace shop {

class Clock;
class Database;

// What a manager does about refunds, for the order REST API and the
// manager window alike: list them (those that FAILED need attention) and
// retry a FAILED one. The daemon pays them (RefundProcessor).
class RefundService
{
public:
    RefundService(Database &database, const Clock &clock);
    RefundService(const RefundService &) = delete;
    RefundService &operator=(const RefundService &) = delete;

    // Oldest first, all or those of one status.
    Result<RefundPage> list(std::optional<RefundStatus> status, qint64 offset, int limit);
    // In one transaction: FAILED -> REQUESTED and a new RefundRequested in
    // orders.outbox. NotFound for an unknown refund, Conflict unless it is
    // FAILED (so a double click asks once). actor is the manager's username.
    Result<Refund> retry(const QUuid &refundId, const QString &actor, const QString &correlationId);

private:
    Database &m_database;
    const Clock &m_clock;
    RefundRepository m_refunds;
    RefundRequests m_requests;
};

} // namespace shop
