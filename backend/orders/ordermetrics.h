#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>

namespace shop {

class Metrics;

// Orders entering each status (label `to`), counted once the change commits:
// the daemon counts PENDING (created), PROCESSING, PAID and FAILED, serve
// CANCELLED and FULFILLED. Every status has a series from the start. Both
// OrderService and OrderProcessor call this; the registry gives the second
// caller the family the first registered.
prometheus::Family<prometheus::Counter> &orderStatusTransitions(Metrics &metrics);

} // namespace shop
