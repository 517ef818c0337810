#pragma once

#include "payments/circuitbreaker.h"

#include <QJsonObject>

namespace shop {

// The paymentGateway component of /actuator/health: UP while the breaker is
// closed, CIRCUIT_OPEN / CIRCUIT_HALF_OPEN otherwise, with the state named in
// the details. Informational: an open circuit does not make the service DOWN.
inline QJsonObject circuitBreakerHealth(CircuitBreaker::State state)
{
    const QString name = CircuitBreaker::stateName(state);
    return {{QStringLiteral("status"),
             state == CircuitBreaker::State::Closed ? QStringLiteral("UP") : QStringLiteral("CIRCUIT_") + name},
            {QStringLiteral("details"), QJsonObject{{QStringLiteral("circuitBreaker"), name}}}};
}

} // namespace shop
