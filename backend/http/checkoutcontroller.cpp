#include "checkoutcontroller.h"

#include "checkout/checkoutservice.h"
#include "jsonbody.h"

namespace shop {

namespace {

// Reads the body into a request; `typeErrors` gets fields that are missing
// where an object is needed or have the wrong JSON type. Blank or missing
// strings are left empty for the service's rules to name.
CheckoutRequest readRequest(const QJsonObject &body, QList<FieldError> &typeErrors)
{
    CheckoutRequest request;
    JsonFields fields(body);
    request.sessionId = fields.string(QStringLiteral("sessionId"), JsonFields::Required).value_or(QString());
    const auto info = fields.object(QStringLiteral("customerInfo"), JsonFields::Required);
    typeErrors += fields.errors();
    if (!info)
        return request;

    JsonFields customer(*info, QStringLiteral("customerInfo"));
    CustomerInfo &target = request.customerInfo;
    target.name = customer.string(QStringLiteral("name"), JsonFields::Optional).value_or(QString());
    target.email = customer.string(QStringLiteral("email"), JsonFields::Optional).value_or(QString());
    target.phone = customer.string(QStringLiteral("phone"), JsonFields::Optional).value_or(QString());
    const auto address = customer.object(QStringLiteral("shippingAddress"), JsonFields::Required);
    typeErrors += customer.errors();
    if (!address)
        return request;

    JsonFields fieldsOfAddress(*address, QStringLiteral("customerInfo.shippingAddress"));
    const auto text = [&fieldsOfAddress](const char *name) {
        return fieldsOfAddress.string(QLatin1String(name), JsonFields::Optional).value_or(QString());
    };
    target.shippingAddress = {text("street"), text("city"), text("state"), text("postalCode"), text("country")};
    typeErrors += fieldsOfAddress.errors();
    return request;
}

// True when `field` is, or lies inside, a field that already has an error.
bool isReported(const QString &field, const QList<FieldError> &errors)
{
    for (const FieldError &error : errors) {
        if (field == error.field || field.startsWith(error.field + u'.'))
            return true;
    }
    return false;
}

} // namespace

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
    QList<FieldError> errors;
    const CheckoutRequest checkout = readRequest(body.value(), errors);
    if (!errors.isEmpty()) {
        // Report every broken field at once, not only the mistyped ones.
        for (const FieldError &error : validateIdempotencyKey(key) + validateCheckoutRequest(checkout)) {
            if (!isReported(error.field, errors))
                errors.append(error);
        }
        return problemResponse(ServiceError::validation(errors), request);
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
