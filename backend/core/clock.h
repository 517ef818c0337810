#pragma once

#include <QDateTime>
#include <QString>

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

} // namespace shop
