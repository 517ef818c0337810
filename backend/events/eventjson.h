#pragma once

#include "core/jsonfields.h"

#include <QJsonObject>

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUuid>

#include <optional>

namespace shop {

// The envelope every event of the contract shares (eventId, eventType,
// eventVersion, timestamp, correlationId), read and checked once, plus the
// JsonFields for the event's own fields. Version 1.x is accepted: minor
// versions only add optional fields.
// An event's exact JSON bytes: the shared envelope plus the event's own fields.
QByteArray eventJson(const QUuid &eventId, const char *type, const char *version, const QDateTime &timestamp,
                     const QString &correlationId, QJsonObject fields);

class EventFields
{
public:
    EventFields(const QByteArray &json, const QString &expectedType);

    bool isObject() const { return m_fields.has_value(); }
    JsonFields &fields() { return *m_fields; }
    // Envelope errors, then whatever fields() collected since.
    QList<FieldError> errors() const;

    QUuid eventId() const { return m_eventId; }
    QDateTime timestamp() const { return m_timestamp; }
    QString correlationId() const { return m_correlationId; }

private:
    std::optional<JsonFields> m_fields;
    QList<FieldError> m_errors;
    QUuid m_eventId;
    QDateTime m_timestamp;
    QString m_correlationId;
};

} // namespace shop
