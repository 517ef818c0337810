#pragma once

#include "db/database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

// The till's day written straight into the pos schema (terminals, shifts,
// sales), as the shift service would, so return tests need no till. Uses
// the test thread's connection; errors come back as text.
namespace testsupport {

class TillFixtures
{
public:
    explicit TillFixtures(shop::Database &database) : m_database(database) {}

    // An open shift (no shift_closes row) of terminal, creating the terminal; its id, or "" (see lastError()).
    QString openShift(const QString &terminal, const QString &openedBy = QStringLiteral("cashier"))
    {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        if (!exec(QStringLiteral("INSERT INTO pos.terminals (name) VALUES (?) ON CONFLICT DO NOTHING"), {terminal})
            || !exec(QStringLiteral("INSERT INTO pos.shifts (id, terminal, opened_by, opening_float_cents) "
                                    "VALUES (?, ?, ?, 10000)"),
                     {id, terminal, openedBy}))
            return {};
        return id;
    }

    bool closeShift(const QString &shiftId)
    {
        return exec(QStringLiteral("INSERT INTO pos.shift_closes (shift_id, closed_by, counted_cents, expected_cents, "
                                   "difference_cents) VALUES (?, 'manager', 0, 0, 0)"),
                    {shiftId});
    }

    // The till sale of an order; its receipt number, or -1.
    qint64 recordSale(const QString &orderNumber, const QString &shiftId, const QString &method)
    {
        QSqlQuery query(m_database.connection());
        query.prepare(QStringLiteral("INSERT INTO pos.sales (order_number, shift_id, cashier, payment_method) "
                                     "VALUES (?, ?, 'cashier', ?) RETURNING receipt_number"));
        query.bindValue(0, orderNumber);
        query.bindValue(1, shiftId);
        query.bindValue(2, method);
        if (!query.exec() || !query.next()) {
            m_lastError = query.lastError().text();
            return -1;
        }
        return query.value(0).toLongLong();
    }

    const QString &lastError() const { return m_lastError; }

private:
    bool exec(const QString &sql, const QVariantList &values)
    {
        QSqlQuery query(m_database.connection());
        query.prepare(sql);
        for (qsizetype i = 0; i < values.size(); ++i)
            query.bindValue(static_cast<int>(i), values.at(i));
        if (query.exec())
            return true;
        m_lastError = query.lastError().text();
        return false;
    }

    shop::Database &m_database;
    QString m_lastError;
};

} // namespace testsupport
