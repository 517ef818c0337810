#pragma once

#include "core/errors.h"
#include "shifttypes.h"

#include <optional>

namespace shop {

// The input rules of the till's shifts, one field at a time.
namespace shiftrules {

// A Validation error naming field.
ServiceError invalid(const QString &field, const QString &message);
// Whether amount lies between minimumCents and ShiftService::kMaxCashCents.
std::optional<ServiceError> checkAmount(const QString &field, Money amount, qint64 minimumCents);
// The counted total of a close, or why the count is not one.
Result<Money> countedTotal(const CashCount &count);

} // namespace shiftrules

} // namespace shop
