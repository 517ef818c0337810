#include "stocklowevent.h"

#include "core/ids.h"
#include "eventjson.h"

namespace shop {

namespace {

void readCount(JsonFields &fields, const QString &name, qint64 &target)
{
    const auto value = fields.integer(name, JsonFields::Required);
    if (value && *value < 0)
        fields.errors().append({name, QStringLiteral("must not be negative")});
    target = value.value_or(0);
}

} // namespace

QByteArray StockLowEvent::toJson() const
{
    return eventJson(eventId, kType, kVersion, timestamp, correlationId, {
        {QStringLiteral("productId"), idText(productId)},
        {QStringLiteral("sku"), sku},
        {QStringLiteral("name"), name},
        {QStringLiteral("previousStock"), previousStock},
        {QStringLiteral("stock"), stock},
        {QStringLiteral("reorderLevel"), reorderLevel},
        {QStringLiteral("reorderLevelSource"), isDefaultLevel ? QStringLiteral("DEFAULT") : QStringLiteral("PRODUCT")},
        {QStringLiteral("cause"), cause},
    });
}

Result<StockLowEvent> StockLowEvent::parse(const QByteArray &json)
{
    EventFields envelope(json, QLatin1String(kType));
    if (!envelope.isObject())
        return ServiceError::validation(envelope.errors());
    StockLowEvent event;
    event.eventId = envelope.eventId();
    event.timestamp = envelope.timestamp();
    event.correlationId = envelope.correlationId();
    JsonFields &fields = envelope.fields();
    event.productId = fields.uuid(QStringLiteral("productId"), JsonFields::Required).value_or(QUuid());
    event.sku = fields.string(QStringLiteral("sku"), JsonFields::Required).value_or(QString());
    event.name = fields.string(QStringLiteral("name"), JsonFields::Required).value_or(QString());
    readCount(fields, QStringLiteral("previousStock"), event.previousStock);
    readCount(fields, QStringLiteral("stock"), event.stock);
    readCount(fields, QStringLiteral("reorderLevel"), event.reorderLevel);
    const auto source = fields.string(QStringLiteral("reorderLevelSource"), JsonFields::Required);
    if (source && *source != u"DEFAULT" && *source != u"PRODUCT")
        fields.errors().append({QStringLiteral("reorderLevelSource"), QStringLiteral("must be DEFAULT or PRODUCT")});
    event.isDefaultLevel = source == QStringLiteral("DEFAULT");
    event.cause = fields.string(QStringLiteral("cause"), JsonFields::Required).value_or(QString());
    if (const QList<FieldError> errors = envelope.errors(); !errors.isEmpty())
        return ServiceError::validation(errors);
    return event;
}

std::optional<StockLowEvent> stockLowCrossing(const StockChange &change, qint64 defaultLevel, const char *cause,
                                              const QDateTime &now, const QString &correlationId)
{
    const qint64 level = change.ownLevel.value_or(defaultLevel);
    if (!crossesReorderLevel(change.before, change.after, level))
        return std::nullopt;
    StockLowEvent event;
    event.eventId = QUuid::createUuid();
    event.timestamp = now;
    event.correlationId = correlationId.isEmpty() ? idText(QUuid::createUuid()) : correlationId;
    event.productId = change.productId;
    event.sku = change.sku;
    event.name = change.name;
    event.previousStock = change.before;
    event.stock = change.after;
    event.reorderLevel = level;
    event.isDefaultLevel = !change.ownLevel.has_value();
    event.cause = QLatin1String(cause);
    return event;
}

} // namespace shop
