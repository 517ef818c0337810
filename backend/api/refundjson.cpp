#include "refundjson.h"

#include "core/clock.h"
#include "core/ids.h"

namespace shop::refundjson {

QJsonObject toJson(const Refund &refund)
{
    QJsonObject object{
        {QStringLiteral("id"), idText(refund.id)},
        {QStringLiteral("orderId"), idText(refund.orderId)},
        {QStringLiteral("orderNumber"), refund.orderNumber},
        {QStringLiteral("kind"), refund.kind},
        {QStringLiteral("amount"), refund.amount.toJson()},
        {QStringLiteral("status"), refundStatusName(refund.status)},
        {QStringLiteral("reason"), refund.reason},
        {QStringLiteral("requestedBy"), refund.requestedBy},
        {QStringLiteral("attempts"), refund.attempts},
        {QStringLiteral("createdAt"), toIsoUtc(refund.createdAt)},
        {QStringLiteral("updatedAt"), toIsoUtc(refund.updatedAt)},
    };
    if (refund.externalRefundId)
        object.insert(QStringLiteral("externalRefundId"), *refund.externalRefundId);
    if (refund.failureReason)
        object.insert(QStringLiteral("failureReason"), *refund.failureReason);
    if (refund.completedAt)
        object.insert(QStringLiteral("completedAt"), toIsoUtc(*refund.completedAt));
    return object;
}

QJsonArray toJson(const QList<Refund> &refunds)
{
    QJsonArray array;
    for (const Refund &refund : refunds)
        array.append(toJson(refund));
    return array;
}

} // namespace shop::refundjson
