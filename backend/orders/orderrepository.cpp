#include "orderrepository.h"

#include "core/ids.h"
#include "db/database.h"
#include "refundrepository.h"

#include <QHash>

#include <utility>

namespace shop {

namespace {

// The columns of kColumns, in order.
enum Column {
    Id, OrderNumber, CustomerName, CustomerEmail, CustomerPhone, Street, City, State, PostalCode, Country,
    SubtotalCents, Status, PaymentStatusColumn, PaymentMethod, Version, CreatedAt, UpdatedAt, CompletedAt,
    TrackingNumber, Carrier, FulfillmentNotes, FulfilledAt, CancellationReason, CancelledAt,
};

const QString kColumns = QStringLiteral(R"(
    id, order_number, customer_name, customer_email, customer_phone, shipping_street, shipping_city,
    shipping_state, shipping_postal_code, shipping_country, subtotal_cents, status, payment_status,
    payment_method, version, created_at, updated_at, completed_at, tracking_number, carrier,
    fulfillment_notes, fulfilled_at, cancellation_reason, cancelled_at)");

const QString kSelectByNumber = QStringLiteral(R"(
    SELECT %1 FROM orders.orders WHERE order_number = $1)").arg(kColumns);

const QString kLockByNumber = QStringLiteral(R"(
    SELECT %1 FROM orders.orders WHERE order_number = $1 FOR UPDATE)").arg(kColumns);

// The listing's statements, completed by whereOf() below and its page.
const QString kCountListing = QStringLiteral(R"(
    SELECT count(*) FROM orders.orders)");

// The total of a list filtered by status alone (or not at all) without
// reading the matches: orders V8 keeps counters per status.
const QString kSumCounters = QStringLiteral(R"(
    SELECT COALESCE(sum(order_count), 0)::bigint FROM orders.order_counts)");

const QString kSelectListing = QStringLiteral(R"(
    SELECT %1 FROM orders.orders)").arg(kColumns);

const QString kSelectFailureReason = QStringLiteral(R"(
    SELECT failure_reason FROM orders.payment_transactions WHERE order_id = $1 AND failure_reason IS NOT NULL)");

// One statement for the items of a whole page; order_items_order_id_idx
// serves it.
const QString kSelectItems = QStringLiteral(R"(
    SELECT order_id, id, product_id, product_sku, product_name, quantity, price_snapshot_cents, subtotal_cents
      FROM orders.order_items
     WHERE order_id = ANY($1::uuid[])
     ORDER BY order_id, line_no, id)");

const QString kSelectHistory = QStringLiteral(R"(
    SELECT from_status, to_status, reason, changed_by, correlation_id, changed_at
      FROM orders.order_status_history
     WHERE order_id = $1
     ORDER BY changed_at, id)");

const QString kMarkCancelled = QStringLiteral(R"(
    UPDATE orders.orders
       SET status = 'CANCELLED', cancellation_reason = $1, cancelled_at = $2, updated_at = $2, version = version + 1
     WHERE id = $3)");

const QString kMarkFulfilled = QStringLiteral(R"(
    UPDATE orders.orders
       SET status = 'FULFILLED', tracking_number = $1::text, carrier = $2::text, fulfillment_notes = $3::text,
           fulfilled_at = $4, updated_at = $4, version = version + 1
     WHERE id = $5)");

const QString kInsertHistory = QStringLiteral(R"(
    INSERT INTO orders.order_status_history
        (order_id, from_status, to_status, reason, changed_by, correlation_id, changed_at)
    VALUES ($1, $2::text, $3, $4::text, $5::text, $6::text, $7))");

QVariant orNull(const std::optional<QString> &text)
{
    return text ? QVariant(*text) : QVariant();
}

std::optional<QString> optionalText(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<QString>(value.toString());
}

std::optional<QDateTime> optionalTime(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<QDateTime>(value.toDateTime());
}

Order fromRow(const QSqlQuery &query)
{
    const auto column = [&query](Column c) { return query.value(c); };
    Order order;
    order.id = idValue(column(Id));
    order.orderNumber = column(OrderNumber).toString();
    order.customer = {column(CustomerName).toString(), column(CustomerEmail).toString(), column(CustomerPhone).toString(),
                      {column(Street).toString(), column(City).toString(), column(State).toString(),
                       column(PostalCode).toString(), column(Country).toString()}};
    order.subtotal = Money::fromCents(column(SubtotalCents).toLongLong());
    // The table's CHECKs admit only known names.
    order.status = parseOrderStatus(column(Status).toString()).value_or(OrderStatus::Pending);
    order.paymentStatus = parsePaymentStatus(column(PaymentStatusColumn).toString()).value_or(PaymentStatus::Pending);
    order.paymentMethod = optionalText(column(PaymentMethod));
    order.version = column(Version).toLongLong();
    order.createdAt = column(CreatedAt).toDateTime();
    order.updatedAt = column(UpdatedAt).toDateTime();
    order.completedAt = optionalTime(column(CompletedAt));
    order.trackingNumber = optionalText(column(TrackingNumber));
    order.carrier = optionalText(column(Carrier));
    order.fulfillmentNotes = optionalText(column(FulfillmentNotes));
    order.fulfilledAt = optionalTime(column(FulfilledAt));
    order.cancellationReason = optionalText(column(CancellationReason));
    order.cancelledAt = optionalTime(column(CancelledAt));
    return order;
}

// An item, with its order's id first.
std::pair<QUuid, OrderItem> itemFrom(const QSqlQuery &query)
{
    OrderItem item;
    item.id = idValue(query.value(1));
    item.productId = idValue(query.value(2));
    item.productSku = query.value(3).toString();
    item.productName = query.value(4).toString();
    item.quantity = query.value(5).toInt();
    item.priceSnapshot = Money::fromCents(query.value(6).toLongLong());
    item.subtotal = Money::fromCents(query.value(7).toLongLong());
    return {idValue(query.value(0)), item};
}

OrderStatusChange historyFrom(const QSqlQuery &query)
{
    OrderStatusChange change;
    if (!query.value(0).isNull())
        change.from = parseOrderStatus(query.value(0).toString());
    change.to = parseOrderStatus(query.value(1).toString()).value_or(OrderStatus::Pending);
    change.reason = optionalText(query.value(2));
    change.changedBy = optionalText(query.value(3));
    change.correlationId = optionalText(query.value(4));
    change.changedAt = query.value(5).toDateTime();
    return change;
}

// The WHERE clause of a listing and its values. The clause is assembled
// from fixed fragments only (every value is bound), so each combination of
// filters is one prepared statement per connection, and a plain condition
// per filter lets the planner pick the matching index, which
// "($1 IS NULL OR status = $1)" would not.
struct Where
{
    QString clause;
    QVariantList values;
};

Where whereOf(const OrderFilter &filter)
{
    QStringList conditions;
    Where where;
    const auto add = [&](const char *condition, const QVariant &value) {
        where.values.append(value);
        conditions.append(QString::fromLatin1(condition).arg(where.values.size()));
    };
    if (filter.status)
        add("status = $%1::text", statusName(*filter.status));
    if (filter.customerEmail) // the form of orders_email_created_idx
        add("lower(customer_email) = lower($%1::text)", *filter.customerEmail);
    if (filter.startDate)
        add("created_at >= $%1::timestamptz", *filter.startDate);
    if (filter.endDate)
        add("created_at <= $%1::timestamptz", *filter.endDate);
    if (!conditions.isEmpty())
        where.clause = QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    return where;
}

} // namespace

OrderRepository::OrderRepository(Database &database)
    : m_database(database)
{
}

DbResult<std::optional<Order>> OrderRepository::findByNumber(const QString &orderNumber) const
{
    DbResult<std::optional<Order>> found = findOne(kSelectByNumber, orderNumber);
    if (!found || !found.value())
        return found;
    Order &order = *found.value();
    const DbResult<std::optional<QString>> failureReason =
        fetchFirst(*m_database.prepared(kSelectFailureReason), {idText(order.id)},
                   [](const QSqlQuery &query) { return query.value(0).toString(); });
    if (!failureReason)
        return failureReason.error();
    order.paymentFailureReason = failureReason.value();
    const DbResult<QList<OrderStatusChange>> history =
        fetchAll(*m_database.prepared(kSelectHistory), {idText(order.id)}, historyFrom);
    if (!history)
        return history.error();
    order.history = history.value();
    const DbResult<QList<Refund>> refunds = RefundRepository(m_database).findForOrder(order.id);
    if (!refunds)
        return refunds.error();
    order.refunds = refunds.value();
    return found;
}

DbResult<std::optional<Order>> OrderRepository::lockByNumber(const QString &orderNumber) const
{
    return findOne(kLockByNumber, orderNumber);
}

DbResult<std::optional<Order>> OrderRepository::findOne(const QString &sql, const QString &orderNumber) const
{
    const DbResult<std::optional<Order>> found = fetchFirst(*m_database.prepared(sql), {orderNumber}, fromRow);
    if (!found || !found.value())
        return found;
    const DbResult<QList<Order>> loaded = withItems({*found.value()});
    if (!loaded)
        return loaded.error();
    return std::optional<Order>(loaded.value().constFirst());
}

DbResult<qint64> OrderRepository::count(const OrderFilter &filter) const
{
    const Where where = whereOf(filter);
    const bool isCounted = !filter.customerEmail && !filter.startDate && !filter.endDate;
    return fetchNumber(*m_database.prepared((isCounted ? kSumCounters : kCountListing) + where.clause),
                       where.values);
}

DbResult<OrderPage> OrderRepository::findPage(const OrderFilter &filter, qint64 offset, int limit) const
{
    const Where where = whereOf(filter);
    const DbResult<qint64> total = count(filter);
    if (!total)
        return total.error();

    const qsizetype n = where.values.size();
    QString statement;
    if (offset == 0) {
        statement = kSelectListing + where.clause
                  + QStringLiteral(" ORDER BY created_at DESC, id DESC LIMIT $%1 OFFSET $%2").arg(n + 1).arg(n + 2);
    } else {
        // A deep page skips its offset in the ids alone, which the listing's
        // index holds (an index-only scan), then reads the rows of the page.
        statement = kSelectListing
                  + QStringLiteral(" WHERE id IN (SELECT id FROM orders.orders%1"
                                   " ORDER BY created_at DESC, id DESC LIMIT $%2 OFFSET $%3)"
                                   " ORDER BY created_at DESC, id DESC")
                        .arg(where.clause)
                        .arg(n + 1)
                        .arg(n + 2);
    }
    const DbResult<QList<Order>> orders =
        fetchAll(*m_database.prepared(statement), where.values + QVariantList{limit, offset}, fromRow);
    if (!orders)
        return orders.error();
    const DbResult<QList<Order>> loaded = withItems(orders.value());
    if (!loaded)
        return loaded.error();
    return OrderPage{loaded.value(), total.value()};
}

DbResult<OrderPage> OrderRepository::findPageAfter(const OrderFilter &filter, const OrderCursor &after, int limit,
                                                   PageTotal pageTotal) const
{
    qint64 total = 0;
    if (pageTotal == PageTotal::Counted) {
        const DbResult<qint64> counted = count(filter);
        if (!counted)
            return counted.error();
        total = counted.value();
    }
    Where where = whereOf(filter);
    // A row comparison, so the listing's index starts its scan at the cursor.
    const qsizetype n = where.values.size();
    where.clause += (where.clause.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND "))
                  + QStringLiteral("(created_at, id) < ($%1::timestamptz, $%2::uuid)").arg(n + 1).arg(n + 2);
    const QString statement =
        kSelectListing + where.clause + QStringLiteral(" ORDER BY created_at DESC, id DESC LIMIT $%1").arg(n + 3);
    const DbResult<QList<Order>> orders =
        fetchAll(*m_database.prepared(statement),
                 where.values + QVariantList{after.createdAt, idText(after.id), limit}, fromRow);
    if (!orders)
        return orders.error();
    const DbResult<QList<Order>> loaded = withItems(orders.value());
    if (!loaded)
        return loaded.error();
    return OrderPage{loaded.value(), total};
}

DbResult<QList<Order>> OrderRepository::withItems(QList<Order> orders) const
{
    if (orders.isEmpty())
        return orders;
    QHash<QUuid, qsizetype> indexById;
    QStringList ids;
    for (qsizetype i = 0; i < orders.size(); ++i) {
        indexById.insert(orders.at(i).id, i);
        ids.append(idText(orders.at(i).id));
    }
    // A PostgreSQL array literal of uuids, bound as one value.
    const QString idArray = QStringLiteral("{") + ids.join(u',') + u'}';
    const DbResult<QList<std::pair<QUuid, OrderItem>>> items =
        fetchAll(*m_database.prepared(kSelectItems), {idArray}, itemFrom);
    if (!items)
        return items.error();
    for (const auto &[orderId, item] : items.value())
        orders[indexById.value(orderId)].items.append(item);
    return orders;
}

DbResult<Done> OrderRepository::markCancelled(const QUuid &orderId, const QString &reason, const QDateTime &at) const
{
    return m_database.execute(kMarkCancelled, {reason, at, idText(orderId)});
}

DbResult<Done> OrderRepository::markFulfilled(const QUuid &orderId, const Fulfillment &fulfillment,
                                              const QDateTime &at) const
{
    return m_database.execute(kMarkFulfilled, {orNull(fulfillment.trackingNumber), orNull(fulfillment.carrier),
                                               orNull(fulfillment.notes), at, idText(orderId)});
}

DbResult<Done> OrderRepository::addHistory(const QUuid &orderId, const OrderStatusChange &change) const
{
    const QVariant from = change.from ? QVariant(statusName(*change.from)) : QVariant();
    return m_database.execute(kInsertHistory, {idText(orderId), from, statusName(change.to), orNull(change.reason),
                                               orNull(change.changedBy), orNull(change.correlationId),
                                               change.changedAt});
}

} // namespace shop
