#include "orderprocessingrepository.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

namespace {

const QString kInsertOrder = QStringLiteral(R"(
    INSERT INTO orders.orders (id, order_number, customer_name, customer_email, customer_phone,
                               shipping_street, shipping_city, shipping_state, shipping_postal_code, shipping_country,
                               subtotal_cents, payment_method, cart_id, correlation_id, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
    ON CONFLICT (id) DO NOTHING)");

// Completed by one row of values per line.
const QString kInsertItems = QStringLiteral(R"(
    INSERT INTO orders.order_items (order_id, line_no, product_id, product_sku, product_name,
                                    quantity, price_snapshot_cents, subtotal_cents)
    VALUES )");

const QString kInsertFirstHistory = QStringLiteral(R"(
    INSERT INTO orders.order_status_history (order_id, to_status, changed_by, correlation_id)
    VALUES ($1, 'PENDING', 'system', $2))");

const QString kInsertPayment = QStringLiteral(R"(
    INSERT INTO orders.payment_transactions (order_id, amount_cents, payment_method)
    VALUES ($1, $2, $3)
    ON CONFLICT (order_id) DO NOTHING)");

// orders.outbox rows are purged after 7 days, but by then the payment row is
// no longer PENDING: either one says "settled".
const QString kLockForPayment = QStringLiteral(R"(
    SELECT o.order_number, o.status, o.subtotal_cents, o.correlation_id, p.id, p.payment_method,
           p.status <> 'PENDING' OR EXISTS (SELECT 1 FROM orders.outbox x
                                             WHERE x.aggregate_id = o.id AND x.event_type = 'PAYMENT_COMPLETED')
      FROM orders.orders o JOIN orders.payment_transactions p ON p.order_id = o.id
     WHERE o.id = $1
       FOR NO KEY UPDATE OF o)");

const QString kChangeStatus = QStringLiteral(R"(
    UPDATE orders.orders SET status = $2, updated_at = now(), version = version + 1
     WHERE id = $1)");

const QString kInsertSystemHistory = QStringLiteral(R"(
    INSERT INTO orders.order_status_history (order_id, from_status, to_status, reason, changed_by, correlation_id)
    VALUES ($1, $2, $3, $4, 'system', $5))");

const QString kCountPaymentAttempt = QStringLiteral(R"(
    UPDATE orders.payment_transactions SET attempts = attempts + 1, updated_at = now() WHERE id = $1)");

const QString kSettlePayment = QStringLiteral(R"(
    UPDATE orders.payment_transactions
       SET status = $2, external_transaction_id = $3, failure_reason = $4, completed_at = now(), updated_at = now()
     WHERE order_id = $1 AND status = 'PENDING')");

// An order cancelled meanwhile stays CANCELLED; its payment is recorded all the same.
const QString kApplyPaymentToOrder = QStringLiteral(R"(
    WITH before AS (SELECT id, status FROM orders.orders WHERE id = $1 FOR NO KEY UPDATE)
    UPDATE orders.orders o
       SET status = CASE WHEN b.status IN ('PENDING', 'PROCESSING') THEN $2 ELSE o.status END,
           payment_status = $3,
           completed_at = CASE WHEN b.status IN ('PENDING', 'PROCESSING') THEN now() ELSE o.completed_at END,
           updated_at = now(), version = o.version + 1
      FROM before b
     WHERE o.id = b.id
    RETURNING b.status, o.status, o.created_at)");

const QString kInsertPaymentHistory = QStringLiteral(R"(
    INSERT INTO orders.order_status_history (order_id, from_status, to_status, reason, changed_by, correlation_id)
    VALUES ($1, $2, $3, $4, 'payment', $5))");

// orders_status_created_idx answers it from the index.
const QString kCountInFlight =
    QStringLiteral("SELECT count(*) FROM orders.orders WHERE status IN ('PENDING', 'PROCESSING')");

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

OrderPaymentState paymentStateFrom(const QUuid &orderId, const QSqlQuery &query)
{
    return {orderId,
            query.value(0).toString(),
            query.value(1).toString(),
            Money::fromCents(query.value(2).toLongLong()),
            query.value(3).toString(),
            idValue(query.value(4)),
            query.value(5).toString(),
            query.value(6).toBool()};
}

// The order's status before and after the payment, and when it was created.
struct PaymentMove
{
    QString previous;
    QString current;
    QDateTime createdAt;
};

PaymentMove paymentMoveFrom(const QSqlQuery &query)
{
    return {query.value(0).toString(), query.value(1).toString(), query.value(2).toDateTime()};
}

} // namespace

OrderProcessingRepository::OrderProcessingRepository(Database &database)
    : m_database(database)
{
}

DbResult<bool> OrderProcessingRepository::insertOrder(const OrderCreatedEvent &event, const QString &paymentMethod)
{
    const CustomerInfo &customer = event.customer;
    const ShippingAddress &address = customer.shippingAddress;
    const DbResult<int> inserted = m_database.executeAndCount(
        kInsertOrder,
        {idText(event.orderId), event.orderNumber, customer.name, customer.email, customer.phone, address.street,
         address.city, address.state, address.postalCode, address.country, event.subtotal().cents(), paymentMethod,
         idText(event.cartId), textOrNull(event.correlationId), event.timestamp});
    if (!inserted)
        return inserted.error();
    if (inserted.value() != 1)
        return false; // the order exists already
    if (const DbResult<Done> items = insertItems(event); !items)
        return items.error();
    if (const DbResult<Done> history =
            m_database.execute(kInsertFirstHistory, {idText(event.orderId), textOrNull(event.correlationId)});
        !history)
        return history.error();
    if (const DbResult<Done> payment =
            m_database.execute(kInsertPayment, {idText(event.orderId), event.subtotal().cents(), paymentMethod});
        !payment)
        return payment.error();
    return true;
}

DbResult<Done> OrderProcessingRepository::insertItems(const OrderCreatedEvent &event)
{
    // One statement for all lines; statements are cached per line count.
    QStringList rows;
    QVariantList values;
    for (qsizetype i = 0; i < event.items.size(); ++i) {
        const OrderLine &line = event.items.at(i);
        const qsizetype base = values.size();
        rows << QStringLiteral("($%1, $%2, $%3, $%4, $%5, $%6, $%7, $%8)")
                    .arg(base + 1).arg(base + 2).arg(base + 3).arg(base + 4)
                    .arg(base + 5).arg(base + 6).arg(base + 7).arg(base + 8);
        values << idText(event.orderId) << int(i + 1) << idText(line.productId) << line.productSku << line.productName
               << line.quantity << line.priceSnapshot.cents() << line.subtotal().cents();
    }
    return m_database.execute(kInsertItems + rows.join(u", "), values);
}

DbResult<std::optional<OrderPaymentState>> OrderProcessingRepository::lockForPayment(const QUuid &orderId)
{
    return fetchFirst(*m_database.prepared(kLockForPayment), {idText(orderId)},
                      [&orderId](const QSqlQuery &query) { return paymentStateFrom(orderId, query); });
}

DbResult<Done> OrderProcessingRepository::changeStatus(const QUuid &orderId, const QString &from, const QString &to,
                                                       const QString &reason, const QString &correlationId)
{
    if (const DbResult<Done> changed = m_database.execute(kChangeStatus, {idText(orderId), to}); !changed)
        return changed;
    return m_database.execute(kInsertSystemHistory,
                              {idText(orderId), from, to, textOrNull(reason), textOrNull(correlationId)});
}

DbResult<Done> OrderProcessingRepository::countPaymentAttempt(const QUuid &paymentTransactionId)
{
    return m_database.execute(kCountPaymentAttempt, {idText(paymentTransactionId)});
}

DbResult<OrderAfterPayment> OrderProcessingRepository::applyPaymentResult(const PaymentCompletedEvent &event)
{
    const QString paymentStatus = QLatin1String(event.isSuccess ? PaymentCompletedEvent::kSuccess
                                                                : PaymentCompletedEvent::kFailed);
    const QVariantList settlement{idText(event.orderId), paymentStatus, textOrNull(event.externalTransactionId),
                                  textOrNull(event.failureReason)};
    if (const DbResult<Done> settled = m_database.execute(kSettlePayment, settlement); !settled)
        return settled.error();
    const QString orderTarget = event.isSuccess ? QStringLiteral("PAID") : QStringLiteral("FAILED");
    const DbResult<std::optional<PaymentMove>> moved = fetchFirst(
        *m_database.prepared(kApplyPaymentToOrder), {idText(event.orderId), orderTarget, paymentStatus},
        paymentMoveFrom);
    if (!moved)
        return moved.error();
    if (!moved.value())
        return OrderAfterPayment();
    const PaymentMove &move = *moved.value();
    if (move.previous == move.current)
        return OrderAfterPayment{move.current, std::nullopt};
    if (const DbResult<Done> history = m_database.execute(
            kInsertPaymentHistory, {idText(event.orderId), move.previous, move.current,
                                    textOrNull(event.failureReason), textOrNull(event.correlationId)});
        !history)
        return history.error();
    return OrderAfterPayment{move.current, move.createdAt};
}

DbResult<qint64> OrderProcessingRepository::countInFlight()
{
    return fetchNumber(*m_database.prepared(kCountInFlight), {});
}

} // namespace shop
