#pragma once

#include "apitestserver.h"
#include "catalogapiclient.h"
#include "orderfixtures.h"

#include <QObject>
#include <QtTest>

#include <memory>

// What every order API test starts from: the order API of `daemon` on a
// fresh database, orders written by OrderFixtures, and helpers to call it
// as a manager. Test classes derive from it and call start() in init().
namespace testsupport {

class OrderApiTestBase : public QObject
{
protected:
    std::unique_ptr<ApiTestServer> m_api;
    std::unique_ptr<OrderFixtures> m_orders;

    // Empty when ready; otherwise why not.
    QString start()
    {
        m_api = std::make_unique<ApiTestServer>(ServedApi::Orders);
        if (!m_api->error().isEmpty())
            return m_api->error();
        m_orders = std::make_unique<OrderFixtures>(m_api->database());
        return {};
    }

    void stop()
    {
        m_orders.reset();
        m_api.reset();
    }

    // An order in status, created minutesAgo before the test clock's now;
    // fails the test when it cannot be added.
    FixtureOrder addOrder(const QString &status, int minutesAgo = 60,
                          const QString &email = QStringLiteral("ada@example.com"))
    {
        const FixtureOrder order = m_orders->addOrder(status, now().addSecs(-60 * minutesAgo), email);
        if (order.orderNumber.isEmpty())
            qWarning("adding a %s order: %s", qPrintable(status), qPrintable(m_orders->lastError()));
        return order;
    }

    QDateTime now() const { return m_api->clock().now(); }
    static QString iso(const QDateTime &time) { return time.toUTC().toString(Qt::ISODateWithMs); }

    static QString pathOf(const QString &orderNumber) { return QStringLiteral("/api/v1/orders/") + orderNumber; }

    QList<QPair<QByteArray, QByteArray>> asManager() { return {{"Authorization", m_api->bearer()}}; }

    // The whole order, as a manager sees it.
    HttpReply getOrder(const QString &orderNumber) { return m_api->get(pathOf(orderNumber), asManager()); }

    // The lookup without a token, as a customer or anyone makes it; query
    // ("?email=...") and headers as given.
    HttpReply lookUp(const QString &orderNumber, const QString &query = {},
                     const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return m_api->get(pathOf(orderNumber) + query, headers);
    }

    HttpReply list(const QString &query = {})
    {
        return m_api->get(QStringLiteral("/api/v1/orders") + query, asManager());
    }

    HttpReply cancel(const QString &orderNumber, const QJsonObject &body,
                     QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        if (headers.isEmpty())
            headers = asManager();
        return m_api->sendJson("POST", pathOf(orderNumber) + QStringLiteral("/cancel"), body, headers);
    }

    HttpReply fulfill(const QString &orderNumber, const QJsonObject &body,
                      QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        if (headers.isEmpty())
            headers = asManager();
        return m_api->sendJson("POST", pathOf(orderNumber) + QStringLiteral("/fulfill"), body, headers);
    }

    static QStringList orderNumbersOf(const HttpReply &page)
    {
        QStringList numbers;
        for (const QJsonValue &order : page.json().value(QStringLiteral("content")).toArray())
            numbers.append(order.toObject().value(QStringLiteral("orderNumber")).toString());
        return numbers;
    }

    // Problem Details that say nothing about the database.
    static void verifyNoInternals(const HttpReply &reply)
    {
        const QString leak = problemLeaks(reply);
        QVERIFY2(leak.isEmpty(), qPrintable(leak));
        QVERIFY2(!reply.body.contains("orders.") && !reply.body.contains("order_"), reply.body.constData());
    }
};

} // namespace testsupport
