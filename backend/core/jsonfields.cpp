#include "jsonfields.h"

#include "ids.h"

#include <cmath>

namespace shop {

JsonFields::JsonFields(QJsonObject object, QString prefix)
    : m_object(std::move(object))
    , m_prefix(std::move(prefix))
{
}

QString JsonFields::path(const QString &name) const
{
    return m_prefix.isEmpty() ? name : m_prefix + u'.' + name;
}

bool JsonFields::has(const QString &name) const
{
    const QJsonValue value = m_object.value(name);
    return !value.isUndefined() && !value.isNull();
}

std::optional<QJsonValue> JsonFields::value(const QString &name, Presence presence)
{
    if (has(name))
        return m_object.value(name);
    if (presence == Required)
        m_errors.append({path(name), QStringLiteral("is required")});
    return std::nullopt;
}

std::optional<QString> JsonFields::string(const QString &name, Presence presence)
{
    const auto v = value(name, presence);
    if (!v)
        return std::nullopt;
    if (!v->isString()) {
        m_errors.append({path(name), QStringLiteral("must be a string")});
        return std::nullopt;
    }
    return v->toString();
}

std::optional<qint64> JsonFields::integer(const QString &name, Presence presence)
{
    const auto v = value(name, presence);
    if (!v)
        return std::nullopt;
    const double number = v->toDouble();
    // Whole numbers only, and only where a double holds them exactly.
    if (!v->isDouble() || number != std::floor(number) || std::fabs(number) > 9007199254740991.0) {
        m_errors.append({path(name), QStringLiteral("must be a whole number")});
        return std::nullopt;
    }
    return static_cast<qint64>(number);
}

std::optional<bool> JsonFields::boolean(const QString &name, Presence presence)
{
    const auto v = value(name, presence);
    if (!v)
        return std::nullopt;
    if (!v->isBool()) {
        m_errors.append({path(name), QStringLiteral("must be true or false")});
        return std::nullopt;
    }
    return v->toBool();
}

std::optional<Money> JsonFields::money(const QString &name, Presence presence)
{
    const auto v = value(name, presence);
    if (!v)
        return std::nullopt;
    QString error;
    const auto amount = Money::fromJson(*v, &error);
    if (!amount)
        m_errors.append({path(name), error});
    return amount;
}

std::optional<QUuid> JsonFields::uuid(const QString &name, Presence presence)
{
    const auto text = string(name, presence);
    if (!text)
        return std::nullopt;
    const std::optional<QUuid> id = idFromText(*text);
    if (!id)
        m_errors.append({path(name), QStringLiteral("must be a UUID")});
    return id;
}

std::optional<QJsonObject> JsonFields::object(const QString &name, Presence presence)
{
    const auto v = value(name, presence);
    if (!v)
        return std::nullopt;
    if (!v->isObject()) {
        m_errors.append({path(name), QStringLiteral("must be an object")});
        return std::nullopt;
    }
    return v->toObject();
}

std::optional<QJsonArray> JsonFields::array(const QString &name, Presence presence)
{
    const auto v = value(name, presence);
    if (!v)
        return std::nullopt;
    if (!v->isArray()) {
        m_errors.append({path(name), QStringLiteral("must be an array")});
        return std::nullopt;
    }
    return v->toArray();
}

std::optional<QDateTime> JsonFields::dateTime(const QString &name, Presence presence)
{
    const auto text = string(name, presence);
    if (!text)
        return std::nullopt;
    const QDateTime time = QDateTime::fromString(*text, Qt::ISODateWithMs);
    if (!time.isValid() || time.timeSpec() == Qt::LocalTime) {
        m_errors.append({path(name), QStringLiteral("must be an ISO-8601 date-time with a time zone")});
        return std::nullopt;
    }
    return time.toUTC();
}

} // namespace shop
