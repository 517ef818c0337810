#pragma once

#include "apitestserver.h"

#include <QObject>
#include <QUuid>
#include <QtTest>

#include <memory>

// Catalog data made through the REST API as a manager, and readers for the
// answers, shared by the catalog API tests.
namespace testsupport {

// The `field` of every entry of a Problem's `errors`, in order.
inline QStringList errorFields(const HttpReply &reply)
{
    QStringList fields;
    for (const QJsonValue &error : reply.json().value(QStringLiteral("errors")).toArray())
        fields.append(error.toObject().value(QStringLiteral("field")).toString());
    return fields;
}

inline QStringList skusOf(const QJsonArray &products)
{
    QStringList skus;
    for (const QJsonValue &product : products)
        skus.append(product.toObject().value(QStringLiteral("sku")).toString());
    return skus;
}

// Empty when reply is Problem Details that name nothing of the database;
// otherwise what is wrong with it.
inline QString problemLeaks(const HttpReply &reply)
{
    if (reply.header("Content-Type") != "application/problem+json")
        return QStringLiteral("not application/problem+json: ") + QString::fromUtf8(reply.header("Content-Type"));
    for (const char *leak : {"products_", "categories_", "catalog.", "SQL", "ERROR:", "duplicate key", "violates"}) {
        if (reply.body.contains(leak))
            return QStringLiteral("body mentions '%1': %2").arg(QLatin1String(leak), QString::fromUtf8(reply.body));
    }
    return {};
}

class CatalogApiClient
{
public:
    explicit CatalogApiClient(ApiTestServer &api) : m_api(api) {}

    QList<QPair<QByteArray, QByteArray>> asManager() { return {{"Authorization", m_api.bearer()}}; }

    // The new category's id, or empty (with a warning) when creating it failed.
    QString createCategory(const QString &name)
    {
        const HttpReply reply = m_api.sendJson("POST", QStringLiteral("/api/v1/categories"),
                                               {{QStringLiteral("name"), name}}, asManager());
        if (reply.status != 201)
            qWarning("creating category %s: %d %s", qPrintable(name), reply.status, reply.body.constData());
        return reply.json().value(QStringLiteral("id")).toString();
    }

    // A valid product, priced 19.99 with 120 in stock.
    static QJsonObject productBody(const QString &sku, const QString &categoryId)
    {
        return {{QStringLiteral("sku"), sku},
                {QStringLiteral("name"), QStringLiteral("Espresso beans")},
                {QStringLiteral("description"), QStringLiteral("Dark roast")},
                {QStringLiteral("price"), 19.99},
                {QStringLiteral("inventoryQuantity"), 120},
                {QStringLiteral("categoryId"), categoryId}};
    }

    HttpReply postProduct(const QJsonObject &body)
    {
        return m_api.sendJson("POST", QStringLiteral("/api/v1/products"), body, asManager());
    }

    // The new product's path, or empty (with a warning) when creating it failed.
    QString createProduct(const QString &sku, const QString &categoryId)
    {
        const HttpReply reply = postProduct(productBody(sku, categoryId));
        if (reply.status != 201)
            qWarning("creating product %s: %d %s", qPrintable(sku), reply.status, reply.body.constData());
        return QString::fromUtf8(reply.header("Location"));
    }

    HttpReply put(const QString &path, const QJsonObject &body) { return m_api.sendJson("PUT", path, body, asManager()); }
    HttpReply remove(const QString &path) { return m_api.send("DELETE", path, {}, asManager()); }

private:
    ApiTestServer &m_api;
};

// What every product API test starts from: a fresh server, a manager's
// client and a "Coffee" category that products go into unless told otherwise.
// Test classes derive from it and call startWithCoffeeCategory() in init().
class ProductApiTestBase : public QObject
{
protected:
    std::unique_ptr<ApiTestServer> m_api;
    std::unique_ptr<CatalogApiClient> m_catalog;
    QString m_coffeeId;

    // Empty when ready; otherwise why not.
    QString startWithCoffeeCategory(TestServerShape shape = {})
    {
        m_api = std::make_unique<ApiTestServer>(ServedApi::Customer, shape);
        if (!m_api->error().isEmpty())
            return m_api->error();
        m_catalog = std::make_unique<CatalogApiClient>(*m_api);
        m_coffeeId = createCategory(QStringLiteral("Coffee"));
        return m_coffeeId.isEmpty() ? QStringLiteral("cannot create the Coffee category") : QString();
    }

    QList<QPair<QByteArray, QByteArray>> asManager() { return m_catalog->asManager(); }
    QString createCategory(const QString &name) { return m_catalog->createCategory(name); }
    QJsonObject productBody(const QString &sku, const QString &categoryId = {})
    {
        return CatalogApiClient::productBody(sku, categoryId.isEmpty() ? m_coffeeId : categoryId);
    }
    HttpReply postProduct(const QJsonObject &body) { return m_catalog->postProduct(body); }
    QString createProduct(const QString &sku, const QString &categoryId = {})
    {
        return m_catalog->createProduct(sku, categoryId.isEmpty() ? m_coffeeId : categoryId);
    }
    HttpReply put(const QString &path, const QJsonObject &body) { return m_catalog->put(path, body); }
    // Problem Details that say nothing about the database.
    static void verifyNoInternals(const HttpReply &reply)
    {
        const QString leak = problemLeaks(reply);
        QVERIFY2(leak.isEmpty(), qPrintable(leak));
    }
};

} // namespace testsupport
