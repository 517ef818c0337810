#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace shop {

// Where "now" comes from, so tests can move time (cart expiry, token expiry).
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; // UTC
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

// The contract's time format: ISO-8601 UTC with milliseconds, 2026-11-23T12:34:56.789Z.
inline QString toIsoUtc(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

// An ISO-8601 date-time: the contract's form, or with seconds, milliseconds
// or the zone left out or given as an offset ("2026-11-23T14:34:56+02:00");
// without a zone it is read as UTC, so the result never depends on the
// machine's time zone. nullopt for anything else, plain dates included.
inline std::optional<QDateTime> parseIsoDateTime(const QString &text)
{
    if (text.size() <= 10 || text.at(10) != u'T')
        return std::nullopt;
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    if (time.timeSpec() == Qt::LocalTime)
        return QDateTime(time.date(), time.time(), Qt::UTC);
    return time.toUTC();
}

} // namespace shop
