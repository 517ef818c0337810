#pragma once

#include "core/errors.h"
#include "core/money.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>

#include <optional>

namespace shop {

// Reads typed fields of a JSON object and collects one FieldError per field
// of the wrong type or missing when required. Business rules (lengths,
// patterns, ranges) are the services' job, so REST, GUI and POS share them.
// Unknown fields are ignored, as the contract says. Used for request bodies
// (http/) and for Kafka event payloads (events/) alike.
class JsonFields
{
public:
    enum Presence { Optional, Required };

    // prefix names nested objects in errors: "customerInfo.email", "items[0]".
    explicit JsonFields(QJsonObject object, QString prefix = {});

    bool has(const QString &name) const;
    // The value as it is (undefined when missing), for readers of their own
    // that accept more than one JSON type.
    QJsonValue raw(const QString &name) const { return m_object.value(name); }
    std::optional<QString> string(const QString &name, Presence presence);
    std::optional<qint64> integer(const QString &name, Presence presence);
    std::optional<bool> boolean(const QString &name, Presence presence);
    std::optional<Money> money(const QString &name, Presence presence);
    std::optional<QUuid> uuid(const QString &name, Presence presence);
    std::optional<QJsonObject> object(const QString &name, Presence presence);
    std::optional<QJsonArray> array(const QString &name, Presence presence);
    // ISO-8601 with an offset or Z, e.g. 2026-11-23T12:34:56.789Z; returned in UTC.
    std::optional<QDateTime> dateTime(const QString &name, Presence presence);

    QString path(const QString &name) const; // prefix.name
    QList<FieldError> &errors() { return m_errors; }
    const QList<FieldError> &errors() const { return m_errors; }

private:
    // The value if present and not null; records "is required" when missing.
    std::optional<QJsonValue> value(const QString &name, Presence presence);

    QJsonObject m_object;
    QString m_prefix;
    QList<FieldError> m_errors;
};

} // namespace shop
