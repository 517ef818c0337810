#include "checkoutcontroller.h"

#include "checkout/checkoutservice.h"
#include "checkoutjson.h"
#include "jsonbody.h"

namespace shop {

CheckoutController::CheckoutController(CheckoutService &service)
    : m_service(service)
{
}

void CheckoutController::registerRoutes(Router &router)
{
    router.add({"POST", QStringLiteral("/api/v1/checkout"), Execution::Worker,
                [this](const HttpRequest &request) { return checkoutAction(request); }});
}

HttpResponse CheckoutController::checkoutAction(const HttpRequest &request)
{
    const QString key = QString::fromLatin1(request.header("idempotency-key"));
    const Result<QJsonObject> body = parseJsonObject(request);
    if (!body) {
        ServiceError error = body.error();
        error.fields = validateIdempotencyKey(key) + error.fields;
        return problemResponse(error, request);
    }
    QList<FieldError> typeErrors;
    const CheckoutRequest checkout = readCheckoutRequest(body.value(), typeErrors);
    if (!typeErrors.isEmpty()) {
        // Report every broken field at once, not only the mistyped ones.
        const QList<FieldError> rules = validateIdempotencyKey(key) + validateCheckoutRequest(checkout);
        return problemResponse(ServiceError::validation(mergeFieldErrors(typeErrors, rules)), request);
    }

    const Result<CheckoutReceipt> receipt = m_service.placeOrder(checkout, key);
    if (!receipt)
        return problemResponse(receipt.error(), request);
    HttpResponse response;
    response.status = receipt->status;
    response.contentType = QByteArrayLiteral("application/json");
    response.body = receipt->body; // stored bytes on a replay, unchanged
    if (receipt->isReplay)
        response.setHeader("Idempotent-Replayed", "true");
    return response;
}

} // namespace shop
