#pragma once

#include "db/dbresult.h"
#include "events/refundevents.h"
#include "payments/paymentgateway.h"
#include "refundtypes.h"

#include <optional>

namespace shop {

class Database;

// A refund about to be asked for.
struct RefundDraft
{
    QUuid id;
    QUuid orderId;
    QUuid paymentId;
    QString kind;
    Money amount;
    QString reason;
    QString requestedBy;
    QString correlationId;
    // Which of the order's items it covers and how many of each.
    QList<std::pair<QUuid, int>> items; // orderItemId, quantity
};

// An order's payment as a refund sees it.
struct RefundablePayment
{
    QUuid paymentId;
    bool isSettledAsSuccess = false; // the charge was approved and recorded
    // Charged minus what is refunded or asked for already (REQUESTED or FAILED refunds).
    Money left;
};

// One item of an order, as a return at the till sees it.
struct ReturnableItem
{
    QUuid orderItemId;
    QUuid productId;
    QString sku;
    QString name;
    Money unitPrice;
    int sold = 0;
    // In every refund of the order whatever its status: a FAILED one waits
    // for a manager's retry (there is no "abandoned"), and its goods are back.
    int returned = 0;

    int returnable() const { return sold > returned ? sold - returned : 0; }
};

// What the daemon needs to pay a REQUESTED refund back.
struct RefundClaim
{
    QUuid refundId;
    QString orderNumber;
    Money amount;
    QString paymentMethod;
    QString chargeReference; // the charge's external_transaction_id
    int keyGeneration = 0;
    QString idempotencyKey;
};

// All SQL on orders.refunds and orders.refund_items, and what a refund
// changes on the payment and the order. Runs on the calling thread's
// connection inside the caller's transaction.
class RefundRepository
{
public:
    explicit RefundRepository(Database &database);

    // The order's payment; empty when the order has none. The caller holds
    // the order's row lock, which serialises the refunds of one order.
    DbResult<std::optional<RefundablePayment>> paymentOf(const QUuid &orderId);
    // Every item of the order with what is not returned yet: what a cancellation gives back.
    DbResult<QList<std::pair<QUuid, int>>> wholeOrder(const QUuid &orderId);
    // The order's items with what its refunds (RETURN and CANCELLATION)
    // cover already, in line order. The caller holds the order's row lock
    // when it acts on the answer.
    DbResult<QList<ReturnableItem>> returnableItems(const QUuid &orderId);
    // The refund and its items. False when the order has a CANCELLATION
    // refund already (then nothing is written).
    DbResult<bool> insert(const RefundDraft &draft);
    // The refund's items, as events name them.
    DbResult<QList<RefundItem>> itemsOf(const QUuid &refundId);
    // A REQUESTED refund, its attempt counted; empty when it is not REQUESTED (or unknown).
    DbResult<std::optional<RefundClaim>> claim(const QUuid &refundId);
    // REQUESTED -> SUCCEEDED or FAILED, and on success the refunded amount
    // on the payment, the order's paymentStatus and a history row. Empty
    // when the refund is no longer REQUESTED under the claim's key (someone
    // recorded it first, or a retry moved on to a new key): a stale answer
    // never overwrites a newer one.
    DbResult<std::optional<Refund>> recordResult(const RefundClaim &claim, const RefundResult &result);
    // FAILED -> REQUESTED for a retry; after a decline the gateway key
    // changes (nothing was paid under the old one), after no answer it
    // stays (something may have been). Empty when the refund is not FAILED.
    DbResult<std::optional<Refund>> reopen(const QUuid &refundId);

    DbResult<std::optional<Refund>> findById(const QUuid &refundId);
    DbResult<QList<Refund>> findForOrder(const QUuid &orderId);
    DbResult<RefundPage> findPage(std::optional<RefundStatus> status, qint64 offset, int limit);
    DbResult<qint64> countFailed();

private:
    Database &m_database;
};

} // namespace shop
