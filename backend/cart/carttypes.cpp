#include "carttypes.h"

#include "core/textrules.h"

#include <limits>

namespace shop {

QDateTime cartExpiryAfter(const QDateTime &lastChange)
{
    return lastChange.addSecs(std::chrono::duration_cast<std::chrono::seconds>(kCartLifetime).count());
}

Cart emptyCart(const QString &sessionId, const QDateTime &now)
{
    Cart cart;
    cart.sessionId = sessionId;
    cart.createdAt = now;
    cart.updatedAt = now;
    cart.expiresAt = cartExpiryAfter(now);
    return cart;
}

QList<FieldError> validateSessionId(const QString &sessionId, const QString &field)
{
    const qsizetype length = characterCount(sessionId);
    if (length < 1 || length > 100)
        return {{field, QStringLiteral("must be 1 to 100 characters")}};
    return {};
}

QList<FieldError> validateQuantity(qint64 quantity, const QString &field)
{
    if (quantity < 1)
        return {{field, QStringLiteral("must be at least 1")}};
    // The column is an int; no shop holds more stock than that anyway.
    if (quantity > std::numeric_limits<int>::max())
        return {{field, QStringLiteral("is too large")}};
    return {};
}

} // namespace shop
