#pragma once

#include "http/router.h"

namespace shop {

class Metrics;

// GET /actuator/metrics and /actuator/metrics/{name}: the registry behind
// /actuator/prometheus in Spring Boot Actuator's JSON shape, for tools and
// people that read the other platform's endpoints. Names are the Prometheus
// family names; ?tag=key:value (repeatable) narrows to the series carrying
// every given label.
class MetricsController
{
public:
    explicit MetricsController(Metrics &metrics);

    void registerRoutes(Router &router);

private:
    HttpResponse names(const HttpRequest &request);
    HttpResponse metric(const HttpRequest &request);

    Metrics &m_metrics;
};

} // namespace shop
