#pragma once

#include "orderfixtures.h"

#include <QTimeZone>
#include <QUuid>

// Orders for the sales reports, written straight into the tables like
// OrderFixtures: at a wall-clock time in a given zone, in a category of the
// catalog, from the web or a till, with refunds that succeeded or not.
namespace testsupport {

class ReportFixtures
{
public:
    ReportFixtures(shop::Database &database, QTimeZone zone) : m_orders(database), m_zone(std::move(zone)) {}

    // A category and a product in it; the item to put into orders.
    FixtureItem addProduct(const QString &category, const QString &sku, const QString &name, qint64 priceCents,
                           int quantity = 1)
    {
        QVariant categoryId = m_orders.scalar(QStringLiteral("SELECT id FROM catalog.categories WHERE name = ?"),
                                              {category});
        if (!categoryId.isValid())
            categoryId = m_orders.scalar(
                QStringLiteral("INSERT INTO catalog.categories (name) VALUES (?) RETURNING id"), {category});
        const QVariant productId = m_orders.scalar(
            QStringLiteral("INSERT INTO catalog.products (sku, name, price_cents, inventory_quantity, category_id) "
                           "VALUES (?, ?, ?, 100, ?) RETURNING id"),
            {sku, name, priceCents, categoryId});
        return {productId.toString(), sku, name, quantity, priceCents};
    }

    QDateTime at(QDate day, QTime time) const { return QDateTime(day, time, m_zone).toUTC(); }

    // status as for OrderFixtures::addOrder; a till sale when tillMethod is
    // CASH or CARD (its pos.sales row and payment method), a web order
    // (method MOCK) when it is empty.
    FixtureOrder addOrder(const QString &status, const QDateTime &createdAt, const QList<FixtureItem> &items,
                          const QString &tillMethod = QString())
    {
        FixtureOrder order = m_orders.addOrder(status, createdAt, QStringLiteral("ada@example.com"), items);
        if (order.orderNumber.isEmpty() || tillMethod.isEmpty())
            return order;
        if (m_shiftId.isNull() && !openShift()) {
            order.orderNumber.clear();
            return order;
        }
        const bool marked =
            m_orders.scalar(QStringLiteral("UPDATE orders.orders SET payment_method = ? WHERE id = ? RETURNING 1"),
                            {tillMethod, order.id}).isValid()
            && m_orders.scalar(QStringLiteral("UPDATE orders.payment_transactions SET payment_method = ? "
                                              "WHERE order_id = ? RETURNING 1"),
                               {tillMethod, order.id}).isValid()
            && m_orders.scalar(QStringLiteral("INSERT INTO pos.sales (order_number, shift_id, cashier, "
                                              "payment_method, recorded_at) VALUES (?, ?, 'tom', ?, ?) "
                                              "RETURNING 1"),
                               {order.orderNumber, m_shiftId.toString(QUuid::WithoutBraces), tillMethod, createdAt})
                   .isValid();
        if (!marked)
            order.orderNumber.clear();
        return order;
    }

    // A refund of a paid order: kind CANCELLATION (every item) or RETURN
    // (the given item lines, 0-based, with their quantities). A SUCCEEDED
    // one adds to the payment's refunded_cents and the order's payment
    // status, as RefundProcessor does (and a cancellation cancels). False on error (see lastError()).
    bool addRefund(const FixtureOrder &order, const QString &kind, const QList<std::pair<int, int>> &lines,
                   const QString &status, const QDateTime &at)
    {
        qint64 cents = 0;
        for (const auto &[line, quantity] : lines)
            cents += order.items.at(line).priceCents * quantity;
        const QString refundId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const bool succeeded = status == u"SUCCEEDED";
        if (!m_orders
                 .scalar(QStringLiteral(
                             "INSERT INTO orders.refunds (id, order_id, payment_id, kind, amount_cents, status, reason, "
                             "requested_by, external_refund_id, completed_at, created_at, updated_at) "
                             "SELECT ?, ?, id, ?, ?, ?, 'fixture', 'maria', ?, ?, ?, ? "
                             "FROM orders.payment_transactions WHERE order_id = ? RETURNING 1"),
                         {refundId, order.id, kind, cents, status,
                          succeeded ? QVariant(QStringLiteral("REF-") + refundId.left(8)) : QVariant(),
                          succeeded ? QVariant(at) : QVariant(), at, at, order.id})
                 .isValid())
            return false;
        for (const auto &[line, quantity] : lines) {
            if (!m_orders
                     .scalar(QStringLiteral("INSERT INTO orders.refund_items (refund_id, order_item_id, quantity) "
                                            "SELECT ?, id, ? FROM orders.order_items WHERE order_id = ? "
                                            "AND line_no = ? RETURNING 1"),
                             {refundId, quantity, order.id, line + 1})
                     .isValid())
                return false;
        }
        if (!succeeded)
            return true;
        if (kind == u"CANCELLATION"
            && !m_orders
                    .scalar(QStringLiteral("UPDATE orders.orders SET status = 'CANCELLED', cancelled_at = ?, "
                                           "cancellation_reason = 'fixture' WHERE id = ? RETURNING 1"),
                            {at, order.id})
                    .isValid())
            return false;
        return m_orders
            .scalar(QStringLiteral(
                        "WITH paid AS (UPDATE orders.payment_transactions SET refunded_cents = refunded_cents + ? "
                        "WHERE order_id = ? RETURNING refunded_cents = amount_cents AS whole) "
                        "UPDATE orders.orders SET payment_status = CASE WHEN (SELECT whole FROM paid) "
                        "THEN 'REFUNDED' ELSE 'PARTIALLY_REFUNDED' END WHERE id = ? RETURNING 1"),
                    {cents, order.id, order.id})
            .isValid();
    }

    OrderFixtures &orders() { return m_orders; }
    const QString &lastError() const { return m_orders.lastError(); }

private:
    bool openShift()
    {
        const QUuid shift = QUuid::createUuid();
        const bool opened =
            m_orders.scalar(QStringLiteral("INSERT INTO pos.terminals (name) VALUES ('till-1') RETURNING 1")).isValid()
            && m_orders.scalar(QStringLiteral("INSERT INTO pos.shifts (id, terminal, opened_by, opening_float_cents) "
                                              "VALUES (?, 'till-1', 'tom', 10000) RETURNING 1"),
                               {shift.toString(QUuid::WithoutBraces)})
                   .isValid();
        if (opened)
            m_shiftId = shift;
        return opened;
    }

    OrderFixtures m_orders;
    QTimeZone m_zone;
    QUuid m_shiftId;
};

} // namespace testsupport
