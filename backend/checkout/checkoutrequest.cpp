#include "checkoutrequest.h"

#include "cart/carttypes.h"

namespace shop {

QList<FieldError> validateCheckoutRequest(const CheckoutRequest &request)
{
    return validateSessionId(request.sessionId) + validateCustomerInfo(request.customerInfo);
}

QList<FieldError> validateIdempotencyKey(const QString &key)
{
    const QString field = QStringLiteral("Idempotency-Key");
    if (key.isEmpty())
        return {{field, QStringLiteral("header is required")}};
    if (key.size() > 255)
        return {{field, QStringLiteral("must be at most 255 characters")}};
    for (const QChar c : key) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return {{field, QStringLiteral("must be printable ASCII")}};
    }
    return {};
}

} // namespace shop
