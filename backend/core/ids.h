#pragma once

#include <QString>
#include <QUuid>
#include <QVariant>

#include <optional>

namespace shop {

// The contract's id form: a UUID without braces, as sent in JSON, bound to
// SQL (PostgreSQL casts the text to uuid) and put into Kafka keys.
inline QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

// An id as a client sends it: a UUID of 36 characters, without braces; the
// nil UUID is no id.
inline std::optional<QUuid> idFromText(const QString &text)
{
    const QUuid id = QUuid::fromString(text);
    if (id.isNull() || text.size() != 36)
        return std::nullopt;
    return id;
}

// An id read back from a uuid column, which QPSQL delivers as text.
inline QUuid idValue(const QVariant &value)
{
    return QUuid::fromString(value.toString());
}

} // namespace shop
