#pragma once

#include "db/database.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

// Orders written straight into the orders schema, in any status, so the
// order API tests need neither checkout nor Kafka. Uses the test thread's
// connection.
namespace testsupport {

struct FixtureItem
{
    QString productId;
    QString sku;
    QString name;
    int quantity = 1;
    qint64 priceCents = 0;
};

struct FixtureOrder
{
    QString id;
    QString orderNumber; // empty when adding failed (see OrderFixtures::lastError())
    QList<FixtureItem> items;
    qint64 subtotalCents = 0;
};

class OrderFixtures
{
public:
    explicit OrderFixtures(shop::Database &database) : m_database(database) {}

    // Two lines: 2 x COF-1 at 19.99 and 1 x TEA-1 at 5.50 (45.48 in all).
    static QList<FixtureItem> defaultItems()
    {
        return {{newId(), QStringLiteral("COF-1"), QStringLiteral("Espresso beans"), 2, 1999},
                {newId(), QStringLiteral("TEA-1"), QStringLiteral("Green tea"), 1, 550}};
    }

    // An order in the given status, created at createdAt (updated then
    // too), with its items, its payment transaction (MOCK; SUCCESS once
    // paid, FAILED for FAILED orders) and the history row of its arrival.
    // FULFILLED and CANCELLED orders get the timestamps and reason the
    // table's CHECKs require.
    FixtureOrder addOrder(const QString &status, const QDateTime &createdAt,
                          const QString &email = QStringLiteral("ada@example.com"),
                          const QList<FixtureItem> &items = defaultItems())
    {
        FixtureOrder order;
        order.id = newId();
        order.items = items;
        for (const FixtureItem &item : items)
            order.subtotalCents += item.priceCents * item.quantity;
        const QString number = QStringLiteral("ORD-%1-%2")
                                   .arg(createdAt.toUTC().toString(QStringLiteral("yyyyMMdd")))
                                   .arg(++m_lastNumber, 3, 10, QLatin1Char('0'));
        const bool isPaid = status == u"PAID" || status == u"FULFILLED";
        const QString paymentStatus = isPaid ? QStringLiteral("SUCCESS")
            : status == u"FAILED"            ? QStringLiteral("FAILED")
                                             : QStringLiteral("PENDING");
        const QVariant completedAt = paymentStatus == u"PENDING" ? QVariant() : QVariant(createdAt);
        const QVariant fulfilledAt = status == u"FULFILLED" ? QVariant(createdAt) : QVariant();
        const QVariant cancelledAt = status == u"CANCELLED" ? QVariant(createdAt) : QVariant();
        const QVariant reason = status == u"CANCELLED" ? QVariant(QStringLiteral("fixture")) : QVariant();
        const bool added =
            exec(QStringLiteral(
                     "INSERT INTO orders.orders (id, order_number, customer_name, customer_email, customer_phone, "
                     "shipping_street, shipping_city, shipping_state, shipping_postal_code, shipping_country, "
                     "subtotal_cents, status, payment_status, payment_method, created_at, updated_at, "
                     "completed_at, fulfilled_at, cancelled_at, cancellation_reason) "
                     "VALUES (?, ?, 'Ada Lovelace', ?, '+441234567890', '1 Main St', 'London', 'LN', 'N1 9GU', "
                     "'GB', ?, ?, ?, 'MOCK', ?, ?, ?, ?, ?, ?)"),
                 {order.id, number, email, order.subtotalCents, status, paymentStatus, createdAt, createdAt,
                  completedAt, fulfilledAt, cancelledAt, reason})
            && addItems(order)
            && exec(QStringLiteral("INSERT INTO orders.payment_transactions (order_id, amount_cents, status, "
                                   "payment_method, attempts, created_at, updated_at, completed_at) "
                                   "VALUES (?, ?, ?, 'MOCK', 1, ?, ?, ?)"),
                    {order.id, order.subtotalCents, paymentStatus, createdAt, createdAt, completedAt})
            && exec(QStringLiteral("INSERT INTO orders.order_status_history (order_id, to_status, changed_by, "
                                   "changed_at) VALUES (?, 'PENDING', 'system', ?)"),
                    {order.id, createdAt});
        if (added)
            order.orderNumber = number;
        return order;
    }

    // Runs one statement with ? placeholders; the first column of its first
    // row, or an invalid QVariant (see lastError()).
    QVariant scalar(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query(m_database.connection());
        if (!run(query, sql, values))
            return {};
        return query.next() ? query.value(0) : QVariant();
    }

    // Rows in a table, e.g. "orders.outbox"; -1 on error.
    int count(const QString &table)
    {
        const QVariant rows = scalar(QStringLiteral("SELECT count(*) FROM ") + table);
        return rows.isValid() ? rows.toInt() : -1;
    }

    const QString &lastError() const { return m_lastError; }

private:
    static QString newId() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

    bool addItems(const FixtureOrder &order)
    {
        for (qsizetype i = 0; i < order.items.size(); ++i) {
            const FixtureItem &item = order.items.at(i);
            if (!exec(QStringLiteral("INSERT INTO orders.order_items (order_id, line_no, product_id, product_sku, "
                                     "product_name, quantity, price_snapshot_cents, subtotal_cents) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                      {order.id, int(i + 1), item.productId, item.sku, item.name, item.quantity, item.priceCents,
                       item.priceCents * item.quantity}))
                return false;
        }
        return true;
    }

    bool exec(const QString &sql, const QVariantList &values)
    {
        QSqlQuery query(m_database.connection());
        return run(query, sql, values);
    }

    bool run(QSqlQuery &query, const QString &sql, const QVariantList &values)
    {
        query.prepare(sql);
        for (qsizetype i = 0; i < values.size(); ++i)
            query.bindValue(static_cast<int>(i), values.at(i));
        if (query.exec())
            return true;
        m_lastError = query.lastError().text();
        return false;
    }

    shop::Database &m_database;
    int m_lastNumber = 0;
    QString m_lastError;
};

} // namespace testsupport
