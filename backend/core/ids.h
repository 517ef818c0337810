#pragma once

#include <QString>
#include <QUuid>
#include <QVariant>

namespace shop {

// The contract's id form: a UUID without braces, as sent in JSON, bound to
// SQL (PostgreSQL casts the text to uuid) and put into Kafka keys.
inline QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

// An id read back from a uuid column, which QPSQL delivers as text.
inline QUuid idValue(const QVariant &value)
{
    return QUuid::fromString(value.toString());
}

} // namespace shop
