#include "eventvalues.h"

#include <cmath>

namespace shop {

namespace {

// 9999-12-31T23:59:59.999Z: QDateTime and ISO-8601 both end there.
constexpr double kLatestMilliseconds = 253402300799999.0;

std::optional<QDateTime> fromEpochNumber(double number)
{
    const double milliseconds = number < kEpochMillisecondsFrom ? number * 1000.0 : number;
    if (!std::isfinite(milliseconds) || milliseconds < 0 || milliseconds > kLatestMilliseconds)
        return std::nullopt;
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(std::round(milliseconds)), Qt::UTC);
}

} // namespace

std::optional<QDateTime> readEventTime(JsonFields &fields, const QString &name, JsonFields::Presence presence)
{
    const QJsonValue value = fields.raw(name);
    if (!value.isDouble())
        return fields.dateTime(name, presence); // a string, or missing or wrong, which it reports
    const std::optional<QDateTime> time = fromEpochNumber(value.toDouble());
    if (!time)
        fields.errors().append({fields.path(name), QStringLiteral("is out of range")});
    return time;
}

std::optional<Money> readEventMoney(JsonFields &fields, const QString &name, JsonFields::Presence presence)
{
    const QJsonValue value = fields.raw(name);
    if (!value.isString())
        return fields.money(name, presence);
    QString error;
    const std::optional<Money> amount = Money::fromDecimalString(value.toString(), &error);
    if (!amount)
        fields.errors().append({fields.path(name), error});
    return amount;
}

} // namespace shop
