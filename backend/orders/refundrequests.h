#pragma once

#include "db/dbresult.h"
#include "messaging/outboxwriter.h"
#include "refundrepository.h"

#include <QDateTime>

#include <optional>

namespace shop {

class Database;

// Asks for refunds: the refund row and the RefundRequested event that makes
// the daemon pay it, always in the caller's transaction, so a refund exists
// exactly when its request is on its way (orders.outbox).
class RefundRequests
{
public:
    explicit RefundRequests(Database &database);

    // Who asked, why, and the chain the request belongs to.
    struct Origin
    {
        QString reason;
        QString requestedBy; // a manager's username, or "system"
        QString correlationId;
        QDateTime at;
    };

    // A CANCELLATION refund of what is left of the order's approved
    // payment, covering all its items. The caller holds the order's row
    // lock. Empty when there is nothing to give back: the payment is not
    // (yet) approved, or refunded or being refunded already.
    DbResult<std::optional<QUuid>> requestCancellationRefund(const QUuid &orderId, const Origin &origin);
    // A new RefundRequested for a refund that exists (a retry).
    DbResult<Done> announce(const Refund &refund, const Origin &origin);

private:
    RefundRepository m_refunds;
    OutboxWriter m_outbox;
};

} // namespace shop
