#include "eventjson.h"

#include "core/clock.h"
#include "core/ids.h"
#include "eventvalues.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace shop {

QByteArray eventJson(const QUuid &eventId, const char *type, const char *version, const QDateTime &timestamp,
                     const QString &correlationId, QJsonObject fields)
{
    fields.insert(QStringLiteral("eventId"), idText(eventId));
    fields.insert(QStringLiteral("eventType"), QLatin1String(type));
    fields.insert(QStringLiteral("eventVersion"), QLatin1String(version));
    fields.insert(QStringLiteral("timestamp"), toIsoUtc(timestamp));
    fields.insert(QStringLiteral("correlationId"), correlationId);
    return QJsonDocument(fields).toJson(QJsonDocument::Compact);
}

EventFields::EventFields(const QByteArray &json, const QString &expectedType)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        m_errors.append({QStringLiteral("payload"), QStringLiteral("is not valid JSON: %1").arg(error.errorString())});
        return;
    }
    if (!document.isObject()) {
        m_errors.append({QStringLiteral("payload"), QStringLiteral("must be a JSON object")});
        return;
    }
    m_fields.emplace(document.object());
    m_eventId = m_fields->uuid(QStringLiteral("eventId"), JsonFields::Required).value_or(QUuid());
    const auto type = m_fields->string(QStringLiteral("eventType"), JsonFields::Required);
    if (type && *type != expectedType)
        m_errors.append({QStringLiteral("eventType"), QStringLiteral("must be %1").arg(expectedType)});
    const auto version = m_fields->string(QStringLiteral("eventVersion"), JsonFields::Required);
    if (version && !version->startsWith(QStringLiteral("1.")))
        m_errors.append({QStringLiteral("eventVersion"), QStringLiteral("must be 1.x")});
    m_timestamp = readEventTime(*m_fields, QStringLiteral("timestamp"), JsonFields::Required).value_or(QDateTime());
    m_correlationId = m_fields->string(QStringLiteral("correlationId"), JsonFields::Required).value_or(QString());
}

QList<FieldError> EventFields::errors() const
{
    return m_fields ? m_errors + m_fields->errors() : m_errors;
}

} // namespace shop
