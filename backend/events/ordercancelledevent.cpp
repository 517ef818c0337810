#include "ordercancelledevent.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/jsonfields.h"
#include "core/textrules.h"
#include "eventjson.h"

#include <QJsonArray>
#include <QJsonDocument>

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

void readItems(JsonFields &event, QList<FieldError> &errors, QList<OrderCancelledEvent::Item> &items)
{
    const auto found = event.array(QStringLiteral("items"), JsonFields::Required);
    if (!found)
        return;
    const QJsonArray &array = *found;
    if (array.isEmpty())
        errors.append({QStringLiteral("items"), QStringLiteral("must not be empty")});
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
    return eventJson(eventId, kType, kVersion, timestamp, correlationId, {
        {QStringLiteral("orderId"), idText(orderId)},
        {QStringLiteral("orderNumber"), orderNumber},
        {QStringLiteral("previousStatus"), statusName(previousStatus)},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("cancelledBy"), cancelledBy},
        {QStringLiteral("items"), lines},
    });
}

Result<OrderCancelledEvent> OrderCancelledEvent::parse(const QByteArray &json)
{
    EventFields envelope(json, QLatin1String(kType));
    if (!envelope.isObject())
        return ServiceError::validation(envelope.errors());
    OrderCancelledEvent event;
    event.eventId = envelope.eventId();
    event.timestamp = envelope.timestamp();
    event.correlationId = envelope.correlationId();
    readOrder(envelope.fields(), event);
    QList<FieldError> errors;
    readItems(envelope.fields(), errors, event.items);
    errors = envelope.errors() + errors;
    if (!errors.isEmpty())
        return ServiceError::validation(errors);
    return event;
}

} // namespace shop
