#include "ordercancelledevent.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/jsonfields.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <limits>

namespace shop {

namespace {

QJsonObject itemJson(const OrderCancelledEvent::Item &item)
{
    return {
        {QStringLiteral("productId"), idText(item.productId)},
        {QStringLiteral("productSku"), item.productSku},
        {QStringLiteral("quantity"), item.quantity},
    };
}

// Presence and JSON types come from JsonFields; these add the rules a
// consumer relies on, each error naming the field.
void requireNotBlank(JsonFields &fields, const QString &name, QString &target)
{
    const auto text = fields.string(name, JsonFields::Required);
    if (text && text->trimmed().isEmpty())
        fields.errors().append({fields.path(name), QStringLiteral("must not be blank")});
    target = text.value_or(QString());
}

void readHeader(JsonFields &fields, OrderCancelledEvent &event)
{
    event.eventId = fields.uuid(QStringLiteral("eventId"), JsonFields::Required).value_or(QUuid());
    const auto type = fields.string(QStringLiteral("eventType"), JsonFields::Required);
    if (type && *type != QLatin1String(OrderCancelledEvent::kType))
        fields.errors().append({QStringLiteral("eventType"), QStringLiteral("must be ORDER_CANCELLED")});
    // A 1.x producer may add fields, which are ignored; 2.0 would be a breaking change.
    const auto version = fields.string(QStringLiteral("eventVersion"), JsonFields::Required);
    if (version && !version->startsWith(QLatin1String("1.")))
        fields.errors().append({QStringLiteral("eventVersion"), QStringLiteral("must be a 1.x version")});
    if (const auto timestamp = fields.string(QStringLiteral("timestamp"), JsonFields::Required)) {
        const auto time = parseIsoDateTime(*timestamp);
        if (!time)
            fields.errors().append({QStringLiteral("timestamp"), QStringLiteral("must be an ISO-8601 date-time")});
        event.timestamp = time.value_or(QDateTime());
    }
    event.correlationId = fields.string(QStringLiteral("correlationId"), JsonFields::Required).value_or(QString());
}

void readOrder(JsonFields &fields, OrderCancelledEvent &event)
{
    event.orderId = fields.uuid(QStringLiteral("orderId"), JsonFields::Required).value_or(QUuid());
    const auto number = fields.string(QStringLiteral("orderNumber"), JsonFields::Required);
    if (number && !isOrderNumber(*number))
        fields.errors().append({QStringLiteral("orderNumber"), QStringLiteral("must look like ORD-YYYYMMDD-NNN")});
    event.orderNumber = number.value_or(QString());
    if (const auto previous = fields.string(QStringLiteral("previousStatus"), JsonFields::Required)) {
        const auto status = parseOrderStatus(*previous);
        if (!status || !canCancel(*status))
            fields.errors().append({QStringLiteral("previousStatus"), QStringLiteral("must be PENDING, PROCESSING or PAID")});
        event.previousStatus = status.value_or(OrderStatus::Pending);
    }
    requireNotBlank(fields, QStringLiteral("reason"), event.reason);
    requireNotBlank(fields, QStringLiteral("cancelledBy"), event.cancelledBy);
}

void readItems(const QJsonObject &object, QList<FieldError> &errors, QList<OrderCancelledEvent::Item> &items)
{
    const QString name = QStringLiteral("items");
    const QJsonValue value = object.value(name);
    if (value.isUndefined() || value.isNull()) {
        errors.append({name, QStringLiteral("is required")});
        return;
    }
    if (!value.isArray()) {
        errors.append({name, QStringLiteral("must be an array")});
        return;
    }
    const QJsonArray array = value.toArray();
    if (array.isEmpty())
        errors.append({name, QStringLiteral("must not be empty")});
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = QStringLiteral("items[%1]").arg(i);
        if (!array.at(i).isObject()) {
            errors.append({path, QStringLiteral("must be an object")});
            continue;
        }
        JsonFields fields(array.at(i).toObject(), path);
        OrderCancelledEvent::Item item;
        item.productId = fields.uuid(QStringLiteral("productId"), JsonFields::Required).value_or(QUuid());
        requireNotBlank(fields, QStringLiteral("productSku"), item.productSku);
        const auto quantity = fields.integer(QStringLiteral("quantity"), JsonFields::Required);
        if (quantity && (*quantity < 1 || *quantity > std::numeric_limits<int>::max()))
            fields.errors().append({fields.path(QStringLiteral("quantity")), QStringLiteral("must be a positive whole number")});
        else if (quantity)
            item.quantity = static_cast<int>(*quantity);
        errors += fields.errors();
        items.append(item);
    }
}

} // namespace

QByteArray OrderCancelledEvent::toJson() const
{
    QJsonArray lines;
    for (const Item &item : items)
        lines.append(itemJson(item));
    const QJsonObject event{
        {QStringLiteral("eventId"), idText(eventId)},
        {QStringLiteral("eventType"), QLatin1String(kType)},
        {QStringLiteral("eventVersion"), QLatin1String(kVersion)},
        {QStringLiteral("timestamp"), toIsoUtc(timestamp)},
        {QStringLiteral("correlationId"), correlationId},
        {QStringLiteral("orderId"), idText(orderId)},
        {QStringLiteral("orderNumber"), orderNumber},
        {QStringLiteral("previousStatus"), statusName(previousStatus)},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("cancelledBy"), cancelledBy},
        {QStringLiteral("items"), lines},
    };
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

Result<OrderCancelledEvent> OrderCancelledEvent::parse(const QByteArray &json)
{
    const QString payload = QStringLiteral("payload");
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return ServiceError::validation({{payload, QStringLiteral("is not valid JSON: ") + parseError.errorString()}});
    if (!document.isObject())
        return ServiceError::validation({{payload, QStringLiteral("must be a JSON object")}});

    OrderCancelledEvent event;
    JsonFields fields(document.object());
    readHeader(fields, event);
    readOrder(fields, event);
    QList<FieldError> errors = fields.errors();
    readItems(document.object(), errors, event.items);
    if (!errors.isEmpty())
        return ServiceError::validation(errors);
    return event;
}

} // namespace shop
