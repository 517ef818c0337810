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
    // A RETURN refund of amount for the given items (orderItemId, quantity)
    // of the order's approved payment. The caller holds the order's row
    // lock and has checked the quantities against returnableItems(). Empty
    // when the payment is not approved or has less than amount left.
    DbResult<std::optional<QUuid>> requestReturnRefund(const QUuid &orderId, Money amount,
                                                       const QList<std::pair<QUuid, int>> &items, const Origin &origin);
    // A new RefundRequested for a refund that exists (a retry).
    DbResult<Done> announce(const Refund &refund, const Origin &origin);

private:
    // Inserts draft and announces it; empty when the insert was refused.
    DbResult<std::optional<QUuid>> request(const RefundDraft &draft, const Origin &origin);

    RefundRepository m_refunds;
    OutboxWriter m_outbox;
};

} // namespace shop
