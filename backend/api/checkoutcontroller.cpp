#include "checkoutcontroller.h"

#include "checkout/checkoutservice.h"
#include "checkoutjson.h"
#include "jsonbody.h"
#include "problem.h"

namespace shop {

CheckoutController::CheckoutController(CheckoutService &service)
    : m_service(service)
{
}

void CheckoutController::registerRoutes(ApiRoutes &routes)
{
    routes.add(Access::Public, "POST", QStringLiteral("/api/v1/checkout"),
               [this](const ApiCall &call) { return checkoutAction(call); });
}

Result<HttpResponse> CheckoutController::checkoutAction(const ApiCall &call)
{
    const HttpRequest &request = call.request;
    const QString key = QString::fromLatin1(request.header("idempotency-key"));
    const Result<QJsonObject> body = parseJsonObject(request);
    if (!body) {
        ServiceError error = body.error();
        error.fields = validateIdempotencyKey(key) + error.fields;
        return error;
    }
    QList<FieldError> typeErrors;
    const CheckoutRequest checkout = readCheckoutRequest(body.value(), typeErrors);
    if (!typeErrors.isEmpty()) {
        // Report every broken field at once, not only the mistyped ones.
        const QList<FieldError> rules = validateIdempotencyKey(key) + validateCheckoutRequest(checkout);
        return ServiceError::validation(mergeFieldErrors(typeErrors, rules));
    }

    QList<PriceChange> priceChanges;
    const Result<CheckoutReceipt> receipt = m_service.placeOrder(checkout, key, &priceChanges);
    if (!receipt && !priceChanges.isEmpty()) {
        Problem problem = Problem::pricesChanged(receipt.error().detail);
        problem.extensions.insert(QStringLiteral("changedLines"), changedLinesJson(priceChanges));
        return problem.toResponse(request);
    }
    if (!receipt)
        return receipt.error();
    HttpResponse response;
    response.status = receipt->status;
    response.contentType = QByteArrayLiteral("application/json");
    response.body = receipt->body; // stored bytes on a replay, unchanged
    if (receipt->isReplay)
        response.setHeader("Idempotent-Replayed", "true");
    return response;
}

} // namespace shop
