#pragma once

#include "apitestserver.h"

#include <QRegularExpression>

// Requests of the cart and checkout tests: a valid CustomerInfo, checkout
// bodies, and the calls that fill a cart and check it out.
namespace testsupport {

inline QJsonObject validCustomerInfo()
{
    return {
        {QStringLiteral("name"), QStringLiteral("Ada Lovelace")},
        {QStringLiteral("email"), QStringLiteral("ada@example.com")},
        {QStringLiteral("phone"), QStringLiteral("+441234567890")},
        {QStringLiteral("shippingAddress"),
         QJsonObject{{QStringLiteral("street"), QStringLiteral("1 Main St")},
                     {QStringLiteral("city"), QStringLiteral("London")},
                     {QStringLiteral("state"), QStringLiteral("LN")},
                     {QStringLiteral("postalCode"), QStringLiteral("N1 9GU")},
                     {QStringLiteral("country"), QStringLiteral("GB")}}},
    };
}

inline QByteArray checkoutBody(const QString &session, const QJsonObject &info = validCustomerInfo())
{
    return QJsonDocument(QJsonObject{{QStringLiteral("sessionId"), session}, {QStringLiteral("customerInfo"), info}})
        .toJson(QJsonDocument::Compact);
}

// The contract's ORD-YYYYMMDD-NNN, NNN growing past 999.
inline bool isOrderNumber(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^ORD-\d{8}-\d{3,}$)"));
    return pattern.match(text).hasMatch();
}

inline HttpReply addToCart(ApiTestServer &api, const QString &session, const QString &productId, int quantity)
{
    return api.sendJson("POST", QStringLiteral("/api/v1/carts/%1/items").arg(session),
                        {{QStringLiteral("productId"), productId}, {QStringLiteral("quantity"), quantity}});
}

// A null key sends no Idempotency-Key header at all.
inline HttpReply checkout(ApiTestServer &api, const QByteArray &body, const QByteArray &key,
                          QList<QPair<QByteArray, QByteArray>> headers = {})
{
    if (!key.isNull())
        headers.append({"Idempotency-Key", key});
    return api.send("POST", QStringLiteral("/api/v1/checkout"), body, headers);
}

} // namespace testsupport
