#include "orderprocessingrepository.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

namespace {

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

} // namespace

OrderProcessingRepository::OrderProcessingRepository(Database &database)
    : m_database(database)
{
}

QSqlError OrderProcessingRepository::insertOrder(const OrderCreatedEvent &event, const QString &paymentMethod,
                                                 bool &isNew)
{
    const CustomerInfo &customer = event.customer;
    const ShippingAddress &address = customer.shippingAddress;
    int inserted = 0;
    if (QSqlError e = m_database.execute(
            QStringLiteral(
                "INSERT INTO orders.orders (id, order_number, customer_name, customer_email, customer_phone, "
                "  shipping_street, shipping_city, shipping_state, shipping_postal_code, shipping_country, "
                "  subtotal_cents, payment_method, cart_id, correlation_id, created_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
                "ON CONFLICT (id) DO NOTHING"),
            {idText(event.orderId), event.orderNumber, customer.name, customer.email, customer.phone, address.street,
             address.city, address.state, address.postalCode, address.country, event.subtotal().cents(), paymentMethod,
             idText(event.cartId), textOrNull(event.correlationId), event.timestamp},
            &inserted);
        e.isValid())
        return e;
    isNew = inserted == 1;
    if (!isNew)
        return {};
    if (QSqlError e = insertItems(event); e.isValid())
        return e;
    if (QSqlError e = m_database.execute(
            QStringLiteral("INSERT INTO orders.order_status_history (order_id, to_status, changed_by, correlation_id) "
                           "VALUES ($1, 'PENDING', 'system', $2)"),
            {idText(event.orderId), textOrNull(event.correlationId)});
        e.isValid())
        return e;
    return m_database.execute(
        QStringLiteral("INSERT INTO orders.payment_transactions (order_id, amount_cents, payment_method) "
                       "VALUES ($1, $2, $3) ON CONFLICT (order_id) DO NOTHING"),
        {idText(event.orderId), event.subtotal().cents(), paymentMethod});
}

QSqlError OrderProcessingRepository::insertItems(const OrderCreatedEvent &event)
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
    return m_database.execute(
        QStringLiteral("INSERT INTO orders.order_items (order_id, line_no, product_id, product_sku, product_name, "
                       "quantity, price_snapshot_cents, subtotal_cents) VALUES ")
            + rows.join(u", "),
        values);
}

QSqlError OrderProcessingRepository::lockForPayment(const QUuid &orderId, std::optional<OrderPaymentState> &state)
{
    // orders.outbox rows are purged after 7 days, but by then the payment
    // row is no longer PENDING: either one says "settled".
    auto query = m_database.prepared(QStringLiteral(
        "SELECT o.order_number, o.status, o.subtotal_cents, o.correlation_id, p.id, p.payment_method, "
        "       p.status <> 'PENDING' OR EXISTS (SELECT 1 FROM orders.outbox x "
        "                                         WHERE x.aggregate_id = o.id AND x.event_type = 'PAYMENT_COMPLETED') "
        "  FROM orders.orders o JOIN orders.payment_transactions p ON p.order_id = o.id "
        " WHERE o.id = $1 "
        "   FOR NO KEY UPDATE OF o"));
    if (!execPrepared(*query, {idText(orderId)}))
        return query->lastError();
    state.reset();
    if (query->next()) {
        state = OrderPaymentState{orderId,
                                  query->value(0).toString(),
                                  query->value(1).toString(),
                                  Money::fromCents(query->value(2).toLongLong()),
                                  query->value(3).toString(),
                                  idValue(query->value(4)),
                                  query->value(5).toString(),
                                  query->value(6).toBool()};
    }
    query->finish();
    return {};
}

QSqlError OrderProcessingRepository::changeStatus(const QUuid &orderId, const QString &from, const QString &to,
                                                  const QString &reason, const QString &correlationId)
{
    if (QSqlError e = m_database.execute(
            QStringLiteral("UPDATE orders.orders SET status = $2, updated_at = now(), version = version + 1 "
                           " WHERE id = $1"),
            {idText(orderId), to});
        e.isValid())
        return e;
    return m_database.execute(
        QStringLiteral("INSERT INTO orders.order_status_history (order_id, from_status, to_status, reason, changed_by, "
                       "correlation_id) VALUES ($1, $2, $3, $4, 'system', $5)"),
        {idText(orderId), from, to, textOrNull(reason), textOrNull(correlationId)});
}

QSqlError OrderProcessingRepository::countPaymentAttempt(const QUuid &paymentTransactionId)
{
    return m_database.execute(
        QStringLiteral("UPDATE orders.payment_transactions SET attempts = attempts + 1, updated_at = now() WHERE id = $1"),
        {idText(paymentTransactionId)});
}

QSqlError OrderProcessingRepository::applyPaymentResult(const PaymentCompletedEvent &event,
                                                        std::optional<QDateTime> &orderCreatedAt, QString &orderStatus)
{
    const QString paymentStatus = QLatin1String(event.isSuccess ? PaymentCompletedEvent::kSuccess
                                                                : PaymentCompletedEvent::kFailed);
    if (QSqlError e = m_database.execute(
            QStringLiteral("UPDATE orders.payment_transactions "
                           "   SET status = $2, external_transaction_id = $3, failure_reason = $4, "
                           "       completed_at = now(), updated_at = now() "
                           " WHERE order_id = $1 AND status = 'PENDING'"),
            {idText(event.orderId), paymentStatus, textOrNull(event.externalTransactionId),
             textOrNull(event.failureReason)});
        e.isValid())
        return e;
    // An order cancelled meanwhile stays CANCELLED; its payment is recorded all the same.
    auto query = m_database.prepared(QStringLiteral(
        "WITH before AS (SELECT id, status FROM orders.orders WHERE id = $1 FOR NO KEY UPDATE) "
        "UPDATE orders.orders o "
        "   SET status = CASE WHEN b.status IN ('PENDING', 'PROCESSING') THEN $2 ELSE o.status END, "
        "       payment_status = $3, "
        "       completed_at = CASE WHEN b.status IN ('PENDING', 'PROCESSING') THEN now() ELSE o.completed_at END, "
        "       updated_at = now(), version = o.version + 1 "
        "  FROM before b WHERE o.id = b.id "
        "RETURNING b.status, o.status, o.created_at"));
    const QString orderTarget = event.isSuccess ? QStringLiteral("PAID") : QStringLiteral("FAILED");
    if (!execPrepared(*query, {idText(event.orderId), orderTarget, paymentStatus}))
        return query->lastError();
    QString previous;
    orderCreatedAt.reset();
    orderStatus.clear();
    if (query->next()) {
        previous = query->value(0).toString();
        orderStatus = query->value(1).toString();
        if (previous != orderStatus)
            orderCreatedAt = query->value(2).toDateTime();
    }
    query->finish();
    if (!orderCreatedAt)
        return {};
    return m_database.execute(
        QStringLiteral("INSERT INTO orders.order_status_history (order_id, from_status, to_status, reason, changed_by, "
                       "correlation_id) VALUES ($1, $2, $3, $4, 'payment', $5)"),
        {idText(event.orderId), previous, orderStatus, textOrNull(event.failureReason), textOrNull(event.correlationId)});
}

} // namespace shop
