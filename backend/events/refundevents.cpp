#include "refundevents.h"

#include "core/ids.h"
#include "core/textrules.h"
#include "eventjson.h"

#include <QJsonArray>

#include <limits>

namespace shop {

namespace {

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonObject refundJson(const RefundFields &refund)
{
    QJsonArray items;
    for (const RefundItem &item : refund.items)
        items.append(QJsonObject{{QStringLiteral("productId"), idText(item.productId)},
                                 {QStringLiteral("productSku"), item.productSku},
                                 {QStringLiteral("quantity"), item.quantity}});
    return {
        {QStringLiteral("refundId"), idText(refund.refundId)},
        {QStringLiteral("orderId"), idText(refund.orderId)},
        {QStringLiteral("orderNumber"), refund.orderNumber},
        {QStringLiteral("amount"), refund.amount.toJson()},
        {QStringLiteral("kind"), refund.kind},
        {QStringLiteral("items"), items},
    };
}

QJsonObject withFields(QJsonObject object, std::initializer_list<std::pair<QString, QJsonValue>> fields)
{
    for (const auto &[name, value] : fields)
        object.insert(name, value);
    return object;
}

void readItems(JsonFields &fields, QList<RefundItem> &items)
{
    const auto found = fields.array(QStringLiteral("items"), JsonFields::Required);
    if (!found)
        return;
    for (qsizetype i = 0; i < found->size(); ++i) {
        const QString path = QStringLiteral("items[%1]").arg(i);
        if (!found->at(i).isObject()) {
            fields.errors().append({path, QStringLiteral("must be an object")});
            continue;
        }
        JsonFields line(found->at(i).toObject(), path);
        RefundItem item;
        item.productId = line.uuid(QStringLiteral("productId"), JsonFields::Required).value_or(QUuid());
        item.productSku = line.string(QStringLiteral("productSku"), JsonFields::Required).value_or(QString());
        const auto quantity = line.integer(QStringLiteral("quantity"), JsonFields::Required);
        if (quantity && (*quantity < 1 || *quantity > std::numeric_limits<int>::max()))
            line.errors().append({line.path(QStringLiteral("quantity")), QStringLiteral("must be a positive whole number")});
        else if (quantity)
            item.quantity = static_cast<int>(*quantity);
        fields.errors() += line.errors();
        items.append(item);
    }
}

RefundFields readRefund(JsonFields &fields)
{
    RefundFields refund;
    refund.refundId = fields.uuid(QStringLiteral("refundId"), JsonFields::Required).value_or(QUuid());
    refund.orderId = fields.uuid(QStringLiteral("orderId"), JsonFields::Required).value_or(QUuid());
    refund.orderNumber = fields.string(QStringLiteral("orderNumber"), JsonFields::Required).value_or(QString());
    if (!refund.orderNumber.isEmpty() && !isOrderNumber(refund.orderNumber))
        fields.errors().append({QStringLiteral("orderNumber"), QStringLiteral("must look like ORD-YYYYMMDD-NNN")});
    const auto amount = fields.money(QStringLiteral("amount"), JsonFields::Required);
    if (amount && amount->cents() <= 0)
        fields.errors().append({QStringLiteral("amount"), QStringLiteral("must be positive")});
    refund.amount = amount.value_or(Money());
    refund.kind = fields.string(QStringLiteral("kind"), JsonFields::Required).value_or(QString());
    if (!refund.kind.isEmpty() && refund.kind != u"CANCELLATION" && refund.kind != u"RETURN")
        fields.errors().append({QStringLiteral("kind"), QStringLiteral("must be CANCELLATION or RETURN")});
    readItems(fields, refund.items);
    return refund;
}

} // namespace

QByteArray RefundRequestedEvent::toJson() const
{
    return eventJson(eventId, kType, kVersion, timestamp, correlationId,
                     withFields(refundJson(refund), {{QStringLiteral("reason"), reason},
                                                     {QStringLiteral("requestedBy"), requestedBy}}));
}

Result<RefundRequestedEvent> RefundRequestedEvent::parse(const QByteArray &json)
{
    EventFields envelope(json, QLatin1String(kType));
    if (!envelope.isObject())
        return ServiceError::validation(envelope.errors());
    JsonFields &fields = envelope.fields();
    RefundRequestedEvent event;
    event.eventId = envelope.eventId();
    event.timestamp = envelope.timestamp();
    event.correlationId = envelope.correlationId();
    event.refund = readRefund(fields);
    event.reason = fields.string(QStringLiteral("reason"), JsonFields::Required).value_or(QString());
    event.requestedBy = fields.string(QStringLiteral("requestedBy"), JsonFields::Required).value_or(QString());
    if (const QList<FieldError> errors = envelope.errors(); !errors.isEmpty())
        return ServiceError::validation(errors);
    return event;
}

QByteArray PaymentRefundedEvent::toJson() const
{
    return eventJson(eventId, kType, kVersion, timestamp, correlationId,
                     withFields(refundJson(refund),
                                {{QStringLiteral("status"), QLatin1String(isSuccess ? kSucceeded : kFailed)},
                                 {QStringLiteral("externalRefundId"), textOrNull(isSuccess ? externalRefundId : QString())},
                                 {QStringLiteral("failureReason"), textOrNull(isSuccess ? QString() : failureReason)}}));
}

Result<PaymentRefundedEvent> PaymentRefundedEvent::parse(const QByteArray &json)
{
    EventFields envelope(json, QLatin1String(kType));
    if (!envelope.isObject())
        return ServiceError::validation(envelope.errors());
    JsonFields &fields = envelope.fields();
    PaymentRefundedEvent event;
    event.eventId = envelope.eventId();
    event.timestamp = envelope.timestamp();
    event.correlationId = envelope.correlationId();
    event.refund = readRefund(fields);
    const auto status = fields.string(QStringLiteral("status"), JsonFields::Required);
    if (status && *status != QLatin1String(kSucceeded) && *status != QLatin1String(kFailed))
        fields.errors().append({QStringLiteral("status"), QStringLiteral("must be SUCCEEDED or FAILED")});
    event.isSuccess = status == QLatin1String(kSucceeded);
    event.externalRefundId = fields.string(QStringLiteral("externalRefundId"), JsonFields::Optional).value_or(QString());
    event.failureReason = fields.string(QStringLiteral("failureReason"), JsonFields::Optional).value_or(QString());
    if (event.isSuccess && event.externalRefundId.isEmpty())
        fields.errors().append({QStringLiteral("externalRefundId"), QStringLiteral("is required when status is SUCCEEDED")});
    if (const QList<FieldError> errors = envelope.errors(); !errors.isEmpty())
        return ServiceError::validation(errors);
    return event;
}

} // namespace shop
