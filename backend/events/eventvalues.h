#pragma once

#include "core/jsonfields.h"

namespace shop {

// Readers for the values whose JSON shape differs between producers. Ours
// write ISO-8601 strings and JSON numbers; the Spring platform we replace
// writes with Jackson's defaults (java.time.Instant as epoch seconds with a
// nanosecond fraction, BigDecimal as a number or, with some settings, a
// string). A consumer accepts all of them, so either side can produce.
// docs/api/events.md ("Accepted shapes") is the user's description.

// 1e11 seconds is the year 5138 and 1e11 milliseconds March 1973: no event of
// this shop's is stamped at either, so the two readings cannot be confused.
inline constexpr double kEpochMillisecondsFrom = 1e11;

// A timestamp: an ISO-8601 string with an offset or Z, or an epoch number.
// A number below kEpochMillisecondsFrom is seconds (a fraction is kept to the
// millisecond), from it up milliseconds. Returned in UTC.
std::optional<QDateTime> readEventTime(JsonFields &fields, const QString &name, JsonFields::Presence presence);

// Money: a JSON number or a decimal string, at most two decimals either way.
std::optional<Money> readEventMoney(JsonFields &fields, const QString &name, JsonFields::Presence presence);

} // namespace shop
