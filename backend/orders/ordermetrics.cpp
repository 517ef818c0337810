#include "ordermetrics.h"

#include "core/metrics.h"

namespace shop {

prometheus::Family<prometheus::Counter> &orderStatusTransitions(Metrics &metrics)
{
    prometheus::Family<prometheus::Counter> &family =
        prometheus::BuildCounter()
            .Name("order_status_transitions_total")
            .Help("Orders entering a status, by the status entered (to)")
            .Register(metrics.registry());
    for (const char *status : {"PENDING", "PROCESSING", "PAID", "FAILED", "CANCELLED", "FULFILLED"})
        family.Add({{"to", status}});
    return family;
}

} // namespace shop
