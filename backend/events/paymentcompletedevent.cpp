#include "paymentcompletedevent.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/textrules.h"
#include "eventjson.h"
#include "eventvalues.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace shop {

namespace {

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QByteArray PaymentCompletedEvent::toJson() const
{
    return eventJson(eventId, kType, kVersion, timestamp, correlationId, {
        {QStringLiteral("orderId"), idText(orderId)},
        {QStringLiteral("orderNumber"), orderNumber},
        {QStringLiteral("paymentTransactionId"), idText(paymentTransactionId)},
        {QStringLiteral("status"), QLatin1String(isSuccess ? kSuccess : kFailed)},
        {QStringLiteral("amount"), amount.toJson()},
        {QStringLiteral("paymentMethod"), paymentMethod},
        {QStringLiteral("externalTransactionId"), textOrNull(isSuccess ? externalTransactionId : QString())},
        {QStringLiteral("failureReason"), textOrNull(isSuccess ? QString() : failureReason)},
    });
}

Result<PaymentCompletedEvent> PaymentCompletedEvent::parse(const QByteArray &json)
{
    EventFields envelope(json, QLatin1String(kType));
    if (!envelope.isObject())
        return ServiceError::validation(envelope.errors());
    JsonFields &fields = envelope.fields();
    PaymentCompletedEvent event;
    event.eventId = envelope.eventId();
    event.timestamp = envelope.timestamp();
    event.correlationId = envelope.correlationId();
    event.orderId = fields.uuid(QStringLiteral("orderId"), JsonFields::Required).value_or(QUuid());
    event.orderNumber = fields.string(QStringLiteral("orderNumber"), JsonFields::Required).value_or(QString());
    event.paymentTransactionId = fields.uuid(QStringLiteral("paymentTransactionId"), JsonFields::Required).value_or(QUuid());
    const auto status = fields.string(QStringLiteral("status"), JsonFields::Required);
    event.amount = readEventMoney(fields, QStringLiteral("amount"), JsonFields::Required).value_or(Money());
    event.paymentMethod = fields.string(QStringLiteral("paymentMethod"), JsonFields::Required).value_or(QString());
    event.externalTransactionId = fields.string(QStringLiteral("externalTransactionId"), JsonFields::Optional).value_or(QString());
    event.failureReason = fields.string(QStringLiteral("failureReason"), JsonFields::Optional).value_or(QString());
    QList<FieldError> errors = envelope.errors();
    if (!event.orderNumber.isEmpty() && !isOrderNumber(event.orderNumber))
        errors.append({QStringLiteral("orderNumber"), QStringLiteral("must look like ORD-YYYYMMDD-NNN")});
    if (status && *status != QLatin1String(kSuccess) && *status != QLatin1String(kFailed))
        errors.append({QStringLiteral("status"), QStringLiteral("must be SUCCESS or FAILED")});
    event.isSuccess = status == QLatin1String(kSuccess);
    if (event.isSuccess && event.externalTransactionId.isEmpty())
        errors.append({QStringLiteral("externalTransactionId"), QStringLiteral("is required when status is SUCCESS")});
    if (!errors.isEmpty())
        return ServiceError::validation(errors);
    return event;
}

} // namespace shop
