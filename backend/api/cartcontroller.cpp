#include "cartcontroller.h"

#include "cart/cartservice.h"
#include "cartjson.h"
#include "jsonbody.h"

namespace shop {

namespace {

const QString kSessionId = QStringLiteral("sessionId");
const QString kCartItemId = QStringLiteral("cartItemId");

HttpResponse cartResponse(const Result<Cart> &cart, const HttpRequest &request)
{
    if (!cart)
        return problemResponse(cart.error(), request);
    return HttpResponse::json(200, QJsonDocument(cartJson(cart.value())));
}

} // namespace

CartController::CartController(CartService &service)
    : m_service(service)
{
}

void CartController::registerRoutes(Router &router)
{
    const QString cart = QStringLiteral("/api/v1/carts/{sessionId}");
    const QString items = cart + QStringLiteral("/items");
    const QString item = items + QStringLiteral("/{cartItemId}");
    router.add({"GET", cart, Execution::Worker, [this](const HttpRequest &r) { return getCartAction(r); }});
    router.add({"DELETE", cart, Execution::Worker, [this](const HttpRequest &r) { return deleteCartAction(r); }});
    router.add({"POST", items, Execution::Worker, [this](const HttpRequest &r) { return addItemAction(r); }});
    router.add({"PUT", item, Execution::Worker, [this](const HttpRequest &r) { return updateItemAction(r); }});
    router.add({"DELETE", item, Execution::Worker, [this](const HttpRequest &r) { return removeItemAction(r); }});
}

HttpResponse CartController::getCartAction(const HttpRequest &request)
{
    return cartResponse(m_service.cart(request.pathParameters.value(kSessionId)), request);
}

HttpResponse CartController::deleteCartAction(const HttpRequest &request)
{
    const Result<Done> deleted = m_service.deleteCart(request.pathParameters.value(kSessionId));
    if (!deleted)
        return problemResponse(deleted.error(), request);
    return HttpResponse::noContent();
}

HttpResponse CartController::addItemAction(const HttpRequest &request)
{
    const Result<QJsonObject> body = parseJsonObject(request);
    if (!body)
        return problemResponse(body.error(), request);
    JsonFields fields(body.value());
    const auto productId = fields.uuid(QStringLiteral("productId"), JsonFields::Required);
    const auto quantity = fields.integer(QStringLiteral("quantity"), JsonFields::Required);
    if (!fields.errors().isEmpty())
        return problemResponse(ServiceError::validation(fields.errors()), request);
    return cartResponse(m_service.addItem(request.pathParameters.value(kSessionId), *productId, *quantity), request);
}

HttpResponse CartController::updateItemAction(const HttpRequest &request)
{
    const Result<QUuid> itemId = uuidParameter(request, kCartItemId);
    if (!itemId)
        return problemResponse(itemId.error(), request);
    const Result<QJsonObject> body = parseJsonObject(request);
    if (!body)
        return problemResponse(body.error(), request);
    JsonFields fields(body.value());
    const auto quantity = fields.integer(QStringLiteral("quantity"), JsonFields::Required);
    if (!fields.errors().isEmpty())
        return problemResponse(ServiceError::validation(fields.errors()), request);
    return cartResponse(m_service.updateItem(request.pathParameters.value(kSessionId), itemId.value(), *quantity),
                        request);
}

HttpResponse CartController::removeItemAction(const HttpRequest &request)
{
    const Result<QUuid> itemId = uuidParameter(request, kCartItemId);
    if (!itemId)
        return problemResponse(itemId.error(), request);
    return cartResponse(m_service.removeItem(request.pathParameters.value(kSessionId), itemId.value()), request);
}

} // namespace shop
