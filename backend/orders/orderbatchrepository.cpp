#include "orderbatchrepository.h"

#include "core/clock.h"
#include "core/ids.h"
#include "db/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace shop {

namespace {

// set_config rather than SET LOCAL: SET cannot be prepared.
const QString kPlanEachStatementAnew =
    QStringLiteral("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)");

// $1: the events, in the order they came (ordinal); $2: their lines. The
// sub-statements see the same snapshot, so each takes its rows from the one
// before through RETURNING: only new events create orders, only orders
// inserted now get items, history and payment (as insertOrder). The order
// rows are inserted in id order; the foreign keys are checked at the end of
// the statement, when the orders exist.
const QString kCreateOrders = QStringLiteral(R"(
    WITH event AS (
        SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(
            ordinal int, event_id uuid, id uuid, order_number text, customer_name text, customer_email text,
            customer_phone text, shipping_street text, shipping_city text, shipping_state text,
            shipping_postal_code text, shipping_country text, subtotal_cents bigint, payment_method text,
            cart_id uuid, correlation_id text, created_at timestamptz)),
    fresh AS (
        INSERT INTO orders.processed_events (event_id, event_type)
        SELECT event_id, 'ORDER_CREATED' FROM event ORDER BY event_id
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id),
    chosen AS (
        SELECT DISTINCT ON (e.id) e.*
          FROM event e JOIN fresh f ON f.event_id = e.event_id
         ORDER BY e.id, e.ordinal),
    created AS (
        INSERT INTO orders.orders (id, order_number, customer_name, customer_email, customer_phone,
                                   shipping_street, shipping_city, shipping_state, shipping_postal_code,
                                   shipping_country, subtotal_cents, payment_method, cart_id, correlation_id,
                                   created_at)
        SELECT id, order_number, customer_name, customer_email, customer_phone, shipping_street, shipping_city,
               shipping_state, shipping_postal_code, shipping_country, subtotal_cents, payment_method, cart_id,
               correlation_id, created_at
          FROM chosen ORDER BY id
        ON CONFLICT (id) DO NOTHING
        RETURNING id, order_number, subtotal_cents, payment_method, correlation_id),
    items AS (
        INSERT INTO orders.order_items (order_id, line_no, product_id, product_sku, product_name,
                                        quantity, price_snapshot_cents, subtotal_cents)
        SELECT c.id, i.line_no, i.product_id, i.product_sku, i.product_name, i.quantity,
               i.price_snapshot_cents, i.subtotal_cents
          FROM jsonb_to_recordset($2::jsonb) AS i(
                   ordinal int, line_no int, product_id uuid, product_sku text, product_name text, quantity int,
                   price_snapshot_cents bigint, subtotal_cents bigint)
          JOIN chosen ch ON ch.ordinal = i.ordinal
          JOIN created c ON c.id = ch.id
         ORDER BY c.id, i.line_no),
    history AS (
        INSERT INTO orders.order_status_history (order_id, to_status, changed_by, correlation_id)
        SELECT id, 'PENDING', 'system', correlation_id FROM created ORDER BY id),
    payment AS (
        INSERT INTO orders.payment_transactions (order_id, amount_cents, payment_method)
        SELECT id, subtotal_cents, payment_method FROM created ORDER BY id
        ON CONFLICT (order_id) DO NOTHING)
    SELECT order_number FROM created ORDER BY order_number)");

// As OrderProcessingRepository's lock for payment, for many orders; the
// rows are locked as they leave the sort, so in id order. Here and below,
// each table is reached through "= ANY (ids)" on its key, which the planner
// answers from the index whatever it believes about the table's size (a
// join to the batch's rows was a sequential scan of tables that grew from
// empty and had no statistics yet); OFFSET 0 keeps it from hashing the
// whole outbox instead of probing its index per order.
const QString kLockForPayment = QStringLiteral(R"(
    SELECT o.id, o.order_number, o.status, o.subtotal_cents, o.correlation_id, p.id, p.payment_method,
           p.status <> 'PENDING' OR EXISTS (SELECT 1 FROM orders.outbox x
                                             WHERE x.aggregate_id = o.id AND x.event_type = 'PAYMENT_COMPLETED'
                                            OFFSET 0)
      FROM orders.orders o JOIN orders.payment_transactions p ON p.order_id = o.id
     WHERE o.id = ANY ($1::uuid[]) AND p.order_id = ANY ($1::uuid[])
     ORDER BY o.id
       FOR NO KEY UPDATE OF o)");

const QString kClaimPayments = QStringLiteral(R"(
    WITH claim AS (
        SELECT * FROM jsonb_to_recordset($1::jsonb) AS c(
            order_id uuid, payment_id uuid, is_pending boolean, correlation_id text)),
    moved AS (
        UPDATE orders.orders o SET status = 'PROCESSING', updated_at = now(), version = o.version + 1
         WHERE o.id = ANY (ARRAY(SELECT order_id FROM claim WHERE is_pending))),
    history AS (
        INSERT INTO orders.order_status_history (order_id, from_status, to_status, changed_by, correlation_id)
        SELECT order_id, 'PENDING', 'PROCESSING', 'system', correlation_id
          FROM claim WHERE is_pending ORDER BY order_id)
    UPDATE orders.payment_transactions p SET attempts = p.attempts + 1, updated_at = now()
     WHERE p.id = ANY (ARRAY(SELECT payment_id FROM claim)))");

// created_at stays the database's now(), as OutboxWriter's.
const QString kAppendToOutbox = QStringLiteral(R"(
    INSERT INTO orders.outbox (id, aggregate_id, event_type, topic, message_key, payload, correlation_id)
    SELECT id, aggregate_id, event_type, topic, message_key, payload, correlation_id
      FROM jsonb_to_recordset($1::jsonb) AS m(
               ordinal int, id uuid, aggregate_id uuid, event_type text, topic text, message_key text,
               payload text, correlation_id text)
     ORDER BY ordinal)");

// As applyPaymentResult for each event not recorded before, one per order.
// An order cancelled meanwhile stays CANCELLED; its payment is recorded all
// the same. The orders are locked in id order before they change.
const QString kApplyPaymentResults = QStringLiteral(R"(
    WITH event AS (
        SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(
            event_id uuid, order_id uuid, payment_status text, order_target text, external_id text,
            failure_reason text, correlation_id text)),
    fresh AS (
        INSERT INTO orders.processed_events (event_id, event_type)
        SELECT event_id, 'PAYMENT_COMPLETED' FROM event ORDER BY event_id
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id),
    todo AS (
        SELECT e.* FROM event e JOIN fresh f ON f.event_id = e.event_id),
    settled AS (
        UPDATE orders.payment_transactions p
           SET status = t.payment_status, external_transaction_id = t.external_id,
               failure_reason = t.failure_reason, completed_at = now(), updated_at = now()
          FROM todo t
         WHERE p.order_id = ANY (ARRAY(SELECT order_id FROM todo)) AND p.order_id = t.order_id
           AND p.status = 'PENDING'),
    before AS (
        SELECT o.id, o.status FROM orders.orders o
         WHERE o.id = ANY (ARRAY(SELECT order_id FROM todo))
         ORDER BY o.id
           FOR NO KEY UPDATE),
    moved AS (
        UPDATE orders.orders o
           SET status = CASE WHEN b.status IN ('PENDING', 'PROCESSING') THEN t.order_target ELSE o.status END,
               payment_status = t.payment_status,
               completed_at = CASE WHEN b.status IN ('PENDING', 'PROCESSING') THEN now() ELSE o.completed_at END,
               updated_at = now(), version = o.version + 1
          FROM before b JOIN todo t ON t.order_id = b.id
         WHERE o.id = ANY (ARRAY(SELECT id FROM before)) AND o.id = b.id
        RETURNING t.event_id, t.order_id, t.failure_reason, t.correlation_id,
                  b.status AS previous, o.status AS current, o.created_at),
    history AS (
        INSERT INTO orders.order_status_history (order_id, from_status, to_status, reason, changed_by, correlation_id)
        SELECT order_id, previous, current, failure_reason, 'payment', correlation_id
          FROM moved WHERE previous <> current ORDER BY order_id)
    SELECT event_id, previous, current, created_at FROM moved)");

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QString jsonText(const QJsonArray &rows)
{
    return QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact));
}

// {a,b,c}: a uuid[] literal (ids contain neither commas nor braces).
QString uuidArray(const std::vector<QUuid> &ids)
{
    QStringList texts;
    for (const QUuid &id : ids)
        texts << idText(id);
    return QLatin1Char('{') + texts.join(QLatin1Char(',')) + QLatin1Char('}');
}

} // namespace

OrderBatchRepository::OrderBatchRepository(Database &database)
    : m_database(database)
{
}

DbResult<Done> OrderBatchRepository::planEachStatementAnew()
{
    return m_database.execute(kPlanEachStatementAnew, {});
}

DbResult<QStringList> OrderBatchRepository::createOrders(const std::vector<NewOrder> &orders)
{
    QJsonArray events;
    QJsonArray lines;
    for (std::size_t ordinal = 0; ordinal < orders.size(); ++ordinal) {
        const OrderCreatedEvent &event = *orders[ordinal].event;
        const CustomerInfo &customer = event.customer;
        const ShippingAddress &address = customer.shippingAddress;
        events.append(QJsonObject{{QStringLiteral("ordinal"), qint64(ordinal)},
                                  {QStringLiteral("event_id"), idText(event.eventId)},
                                  {QStringLiteral("id"), idText(event.orderId)},
                                  {QStringLiteral("order_number"), event.orderNumber},
                                  {QStringLiteral("customer_name"), customer.name},
                                  {QStringLiteral("customer_email"), customer.email},
                                  {QStringLiteral("customer_phone"), customer.phone},
                                  {QStringLiteral("shipping_street"), address.street},
                                  {QStringLiteral("shipping_city"), address.city},
                                  {QStringLiteral("shipping_state"), address.state},
                                  {QStringLiteral("shipping_postal_code"), address.postalCode},
                                  {QStringLiteral("shipping_country"), address.country},
                                  {QStringLiteral("subtotal_cents"), event.subtotal().cents()},
                                  {QStringLiteral("payment_method"), orders[ordinal].paymentMethod},
                                  {QStringLiteral("cart_id"), idText(event.cartId)},
                                  {QStringLiteral("correlation_id"), textOrNull(event.correlationId)},
                                  {QStringLiteral("created_at"), toIsoUtc(event.timestamp)}});
        for (qsizetype i = 0; i < event.items.size(); ++i) {
            const OrderLine &line = event.items.at(i);
            lines.append(QJsonObject{{QStringLiteral("ordinal"), qint64(ordinal)},
                                     {QStringLiteral("line_no"), qint64(i + 1)},
                                     {QStringLiteral("product_id"), idText(line.productId)},
                                     {QStringLiteral("product_sku"), line.productSku},
                                     {QStringLiteral("product_name"), line.productName},
                                     {QStringLiteral("quantity"), line.quantity},
                                     {QStringLiteral("price_snapshot_cents"), line.priceSnapshot.cents()},
                                     {QStringLiteral("subtotal_cents"), line.subtotal().cents()}});
        }
    }
    return fetchAll(*m_database.prepared(kCreateOrders), {jsonText(events), jsonText(lines)},
                    [](const QSqlQuery &query) { return query.value(0).toString(); });
}

DbResult<std::vector<OrderPaymentState>> OrderBatchRepository::lockForPayment(std::vector<QUuid> orderIds)
{
    std::sort(orderIds.begin(), orderIds.end());
    orderIds.erase(std::unique(orderIds.begin(), orderIds.end()), orderIds.end());
    const DbResult<QList<OrderPaymentState>> rows = fetchAll(
        *m_database.prepared(kLockForPayment), {uuidArray(orderIds)}, [](const QSqlQuery &query) {
            return OrderPaymentState{idValue(query.value(0)),
                                     query.value(1).toString(),
                                     query.value(2).toString(),
                                     Money::fromCents(query.value(3).toLongLong()),
                                     query.value(4).toString(),
                                     idValue(query.value(5)),
                                     query.value(6).toString(),
                                     query.value(7).toBool()};
        });
    if (!rows)
        return rows.error();
    return std::vector<OrderPaymentState>(rows.value().begin(), rows.value().end());
}

DbResult<Done> OrderBatchRepository::claimPayments(const std::vector<OrderPaymentState> &locked)
{
    if (locked.empty())
        return Done();
    QJsonArray claims;
    for (const OrderPaymentState &state : locked)
        claims.append(QJsonObject{{QStringLiteral("order_id"), idText(state.orderId)},
                                  {QStringLiteral("payment_id"), idText(state.paymentTransactionId)},
                                  {QStringLiteral("is_pending"), state.status == u"PENDING"},
                                  {QStringLiteral("correlation_id"), textOrNull(state.correlationId)}});
    return m_database.execute(kClaimPayments, {jsonText(claims)});
}

DbResult<Done> OrderBatchRepository::appendToOutbox(const std::vector<OutboxMessage> &messages)
{
    if (messages.empty())
        return Done();
    QJsonArray rows;
    for (std::size_t ordinal = 0; ordinal < messages.size(); ++ordinal) {
        const OutboxMessage &message = messages[ordinal];
        rows.append(QJsonObject{{QStringLiteral("ordinal"), qint64(ordinal)},
                                {QStringLiteral("id"), idText(message.eventId)},
                                {QStringLiteral("aggregate_id"), idText(message.aggregateId)},
                                {QStringLiteral("event_type"), message.eventType},
                                {QStringLiteral("topic"), message.topic},
                                {QStringLiteral("message_key"), message.key},
                                {QStringLiteral("payload"), QString::fromUtf8(message.payload)},
                                {QStringLiteral("correlation_id"), textOrNull(message.correlationId)}});
    }
    return m_database.execute(kAppendToOutbox, {jsonText(rows)});
}

DbResult<std::vector<OrderBatchRepository::AppliedPayment>>
OrderBatchRepository::applyPaymentResults(const std::vector<const PaymentCompletedEvent *> &events)
{
    QJsonArray rows;
    for (const PaymentCompletedEvent *event : events)
        rows.append(QJsonObject{
            {QStringLiteral("event_id"), idText(event->eventId)},
            {QStringLiteral("order_id"), idText(event->orderId)},
            {QStringLiteral("payment_status"), QLatin1String(event->isSuccess ? PaymentCompletedEvent::kSuccess
                                                                              : PaymentCompletedEvent::kFailed)},
            {QStringLiteral("order_target"), event->isSuccess ? QStringLiteral("PAID") : QStringLiteral("FAILED")},
            {QStringLiteral("external_id"), textOrNull(event->externalTransactionId)},
            {QStringLiteral("failure_reason"), textOrNull(event->failureReason)},
            {QStringLiteral("correlation_id"), textOrNull(event->correlationId)}});
    const DbResult<QList<AppliedPayment>> applied = fetchAll(
        *m_database.prepared(kApplyPaymentResults), {jsonText(rows)}, [](const QSqlQuery &query) {
            const QString previous = query.value(1).toString();
            const QString current = query.value(2).toString();
            return AppliedPayment{idValue(query.value(0)),
                                  {current, previous == current ? std::nullopt
                                                                : std::optional<QDateTime>(query.value(3).toDateTime())}};
        });
    if (!applied)
        return applied.error();
    return std::vector<AppliedPayment>(applied.value().begin(), applied.value().end());
}

} // namespace shop
