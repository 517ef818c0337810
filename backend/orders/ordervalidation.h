#pragma once

#include "core/errors.h"
#include "ordertypes.h"

// The input rules of the manager operations, in one place for REST and the
// manager window. Pure functions: each returns one FieldError per broken
// field (named as in the REST bodies), empty when everything is fine.
// Lengths are counted in characters after trimming surrounding whitespace,
// and the service stores the trimmed text.
namespace shop::orders {

inline constexpr int kReasonMax = 500;
inline constexpr int kTrackingNumberMax = 100;
inline constexpr int kCarrierMax = 100;
inline constexpr int kNotesMax = 1000;

// reason: 1..500 characters.
QList<FieldError> validateCancellation(const QString &reason);
// trackingNumber, carrier: at most 100 characters; notes: at most 1000.
QList<FieldError> validateFulfillment(const Fulfillment &fulfillment);
// customerEmail not blank; startDate not after endDate.
QList<FieldError> validateOrderFilter(const OrderFilter &filter);

// What is stored: the reason trimmed; fulfillment texts trimmed, blank ones
// dropped (a blank tracking number is no tracking number).
QString normalizedReason(const QString &reason);
Fulfillment normalized(const Fulfillment &fulfillment);

} // namespace shop::orders
