#include "orderrepository.h"

#include "core/ids.h"
#include "db/database.h"

#include <QHash>

namespace shop {

namespace {

// The columns of kColumns, in order.
enum Column {
    Id, OrderNumber, CustomerName, CustomerEmail, CustomerPhone, Street, City, State, PostalCode, Country,
    SubtotalCents, Status, PaymentStatusColumn, PaymentMethod, Version, CreatedAt, UpdatedAt, CompletedAt,
    TrackingNumber, Carrier, FulfillmentNotes, FulfilledAt, CancellationReason, CancelledAt,
};

const QString kColumns = QStringLiteral(
    "id, order_number, customer_name, customer_email, customer_phone, shipping_street, shipping_city, "
    "shipping_state, shipping_postal_code, shipping_country, subtotal_cents, status, payment_status, "
    "payment_method, version, created_at, updated_at, completed_at, tracking_number, carrier, "
    "fulfillment_notes, fulfilled_at, cancellation_reason, cancelled_at");

const QString kSelectByNumber =
    QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM orders.orders WHERE order_number = $1");
const QString kLockByNumber = kSelectByNumber + QStringLiteral(" FOR UPDATE");
const QString kSelectFailureReason = QStringLiteral(
    "SELECT failure_reason FROM orders.payment_transactions WHERE order_id = $1 AND failure_reason IS NOT NULL");

// One statement for the items of a whole page; order_items_order_id_idx
// serves it.
const QString kSelectItems = QStringLiteral(
    "SELECT order_id, id, product_id, product_sku, product_name, quantity, price_snapshot_cents, subtotal_cents "
    "FROM orders.order_items WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, line_no, id");

const QString kSelectHistory = QStringLiteral(
    "SELECT from_status, to_status, reason, changed_by, correlation_id, changed_at "
    "FROM orders.order_status_history WHERE order_id = $1 ORDER BY changed_at, id");

const QString kMarkCancelled = QStringLiteral(
    "UPDATE orders.orders SET status = 'CANCELLED', cancellation_reason = $1, cancelled_at = $2, "
    "updated_at = $2, version = version + 1 WHERE id = $3");

const QString kMarkFulfilled = QStringLiteral(
    "UPDATE orders.orders SET status = 'FULFILLED', tracking_number = $1::text, carrier = $2::text, "
    "fulfillment_notes = $3::text, fulfilled_at = $4, updated_at = $4, version = version + 1 WHERE id = $5");

const QString kInsertHistory = QStringLiteral(
    "INSERT INTO orders.order_status_history "
    "(order_id, from_status, to_status, reason, changed_by, correlation_id, changed_at) "
    "VALUES ($1, $2::text, $3, $4::text, $5::text, $6::text, $7)");

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

QSqlError OrderRepository::findByNumber(const QString &orderNumber, std::optional<Order> &order) const
{
    if (QSqlError e = findOne(kSelectByNumber, orderNumber, order); e.isValid() || !order)
        return e;
    if (QSqlError e = loadFailureReason(*order); e.isValid())
        return e;
    return loadHistory(*order);
}

QSqlError OrderRepository::lockByNumber(const QString &orderNumber, std::optional<Order> &order) const
{
    return findOne(kLockByNumber, orderNumber, order);
}

QSqlError OrderRepository::findOne(const QString &sql, const QString &orderNumber, std::optional<Order> &order) const
{
    order.reset();
    auto query = m_database.prepared(sql);
    if (!execPrepared(*query, {orderNumber}))
        return query->lastError();
    QList<Order> found;
    if (query->next())
        found.append(fromRow(*query));
    query->finish();
    if (found.isEmpty())
        return {};
    if (QSqlError e = loadItems(found); e.isValid())
        return e;
    order = found.takeFirst();
    return {};
}

QSqlError OrderRepository::findPage(const OrderFilter &filter, qint64 offset, int limit, OrderPage &page) const
{
    page = {};
    const Where where = whereOf(filter);

    auto count = m_database.prepared(QStringLiteral("SELECT count(*) FROM orders.orders") + where.clause);
    if (!execPrepared(*count, where.values))
        return count->lastError();
    if (count->next())
        page.totalElements = count->value(0).toLongLong();
    count->finish();

    const qsizetype n = where.values.size();
    auto rows = m_database.prepared(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM orders.orders")
                                    + where.clause
                                    + QStringLiteral(" ORDER BY created_at DESC, id DESC LIMIT $%1 OFFSET $%2")
                                          .arg(n + 1)
                                          .arg(n + 2));
    if (!execPrepared(*rows, where.values + QVariantList{limit, offset}))
        return rows->lastError();
    while (rows->next())
        page.items.append(fromRow(*rows));
    rows->finish();
    return loadItems(page.items);
}

QSqlError OrderRepository::loadItems(QList<Order> &orders) const
{
    if (orders.isEmpty())
        return {};
    QHash<QUuid, qsizetype> indexById;
    QStringList ids;
    for (qsizetype i = 0; i < orders.size(); ++i) {
        indexById.insert(orders.at(i).id, i);
        ids.append(idText(orders.at(i).id));
    }
    auto query = m_database.prepared(kSelectItems);
    // A PostgreSQL array literal of uuids, bound as one value.
    const QString idArray = QStringLiteral("{") + ids.join(u',') + u'}';
    if (!execPrepared(*query, {idArray}))
        return query->lastError();
    while (query->next()) {
        OrderItem item;
        item.id = idValue(query->value(1));
        item.productId = idValue(query->value(2));
        item.productSku = query->value(3).toString();
        item.productName = query->value(4).toString();
        item.quantity = query->value(5).toInt();
        item.priceSnapshot = Money::fromCents(query->value(6).toLongLong());
        item.subtotal = Money::fromCents(query->value(7).toLongLong());
        orders[indexById.value(idValue(query->value(0)))].items.append(item);
    }
    query->finish();
    return {};
}

QSqlError OrderRepository::loadFailureReason(Order &order) const
{
    auto query = m_database.prepared(kSelectFailureReason);
    if (!execPrepared(*query, {idText(order.id)}))
        return query->lastError();
    if (query->next())
        order.paymentFailureReason = query->value(0).toString();
    query->finish();
    return {};
}

QSqlError OrderRepository::loadHistory(Order &order) const
{
    auto query = m_database.prepared(kSelectHistory);
    if (!execPrepared(*query, {idText(order.id)}))
        return query->lastError();
    while (query->next()) {
        OrderStatusChange change;
        if (!query->value(0).isNull())
            change.from = parseOrderStatus(query->value(0).toString());
        change.to = parseOrderStatus(query->value(1).toString()).value_or(OrderStatus::Pending);
        change.reason = optionalText(query->value(2));
        change.changedBy = optionalText(query->value(3));
        change.correlationId = optionalText(query->value(4));
        change.changedAt = query->value(5).toDateTime();
        order.history.append(change);
    }
    query->finish();
    return {};
}

QSqlError OrderRepository::markCancelled(const QUuid &orderId, const QString &reason, const QDateTime &at) const
{
    return m_database.execute(kMarkCancelled, {reason, at, idText(orderId)});
}

QSqlError OrderRepository::markFulfilled(const QUuid &orderId, const Fulfillment &fulfillment,
                                         const QDateTime &at) const
{
    return m_database.execute(kMarkFulfilled, {orNull(fulfillment.trackingNumber), orNull(fulfillment.carrier),
                                               orNull(fulfillment.notes), at, idText(orderId)});
}

QSqlError OrderRepository::addHistory(const QUuid &orderId, const OrderStatusChange &change) const
{
    const QVariant from = change.from ? QVariant(statusName(*change.from)) : QVariant();
    return m_database.execute(kInsertHistory, {idText(orderId), from, statusName(change.to), orNull(change.reason),
                                               orNull(change.changedBy), orNull(change.correlationId),
                                               change.changedAt});
}

} // namespace shop
