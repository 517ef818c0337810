#include "cartcontroller.h"

#include "apiresponses.h"
#include "cart/cartservice.h"
#include "cartjson.h"
#include "jsonbody.h"

namespace shop {

namespace {

const QString kSessionId = QStringLiteral("sessionId");
const QString kCartItemId = QStringLiteral("cartItemId");

QString sessionId(const ApiCall &call)
{
    return call.request.pathParameters.value(kSessionId);
}

// {quantity}
qint64 readQuantity(JsonFields &fields)
{
    return fields.integer(QStringLiteral("quantity"), JsonFields::Required).value_or(0);
}

// {productId, quantity}
struct NewItem
{
    QUuid productId;
    qint64 quantity = 0;
};

NewItem readNewItem(JsonFields &fields)
{
    NewItem item;
    item.productId = fields.uuid(QStringLiteral("productId"), JsonFields::Required).value_or(QUuid());
    item.quantity = readQuantity(fields);
    return item;
}

} // namespace

CartController::CartController(CartService &service)
    : m_service(service)
{
}

void CartController::registerRoutes(ApiRoutes &routes)
{
    const QString cart = QStringLiteral("/api/v1/carts/{sessionId}");
    const QString items = cart + QStringLiteral("/items");
    const QString item = items + QStringLiteral("/{cartItemId}");
    routes.add(Access::Public, "GET", cart, [this](const ApiCall &call) { return getCartAction(call); });
    routes.add(Access::Public, "DELETE", cart, [this](const ApiCall &call) { return deleteCartAction(call); });
    routes.add(Access::Public, "POST", items, [this](const ApiCall &call) { return addItemAction(call); });
    routes.add(Access::Public, "PUT", item, kCartItemId,
               [this](const ApiCall &call) { return updateItemAction(call); });
    routes.add(Access::Public, "DELETE", item, kCartItemId,
               [this](const ApiCall &call) { return removeItemAction(call); });
}

Result<HttpResponse> CartController::getCartAction(const ApiCall &call)
{
    return jsonResponse(200, m_service.cart(sessionId(call)), &cartJson);
}

Result<HttpResponse> CartController::deleteCartAction(const ApiCall &call)
{
    return noContentResponse(m_service.deleteCart(sessionId(call)));
}

Result<HttpResponse> CartController::addItemAction(const ApiCall &call)
{
    const Result<NewItem> item = readJsonBody(call.request, &readNewItem);
    if (!item)
        return item.error();
    return jsonResponse(200, m_service.addItem(sessionId(call), item->productId, item->quantity), &cartJson);
}

Result<HttpResponse> CartController::updateItemAction(const ApiCall &call)
{
    const Result<qint64> quantity = readJsonBody(call.request, &readQuantity);
    if (!quantity)
        return quantity.error();
    return jsonResponse(200, m_service.updateItem(sessionId(call), call.id, quantity.value()), &cartJson);
}

Result<HttpResponse> CartController::removeItemAction(const ApiCall &call)
{
    return jsonResponse(200, m_service.removeItem(sessionId(call), call.id), &cartJson);
}

} // namespace shop
