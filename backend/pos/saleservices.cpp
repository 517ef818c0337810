#include "saleservices.h"

#include "cart/cartservice.h"
#include "checkout/checkoutservice.h"
#include "orders/orderservice.h"

namespace shop {

EngineSaleServices::EngineSaleServices(CartService &cart, CheckoutService &checkout, OrderService &orders)
    : m_cart(cart)
    , m_checkout(checkout)
    , m_orders(orders)
{
}

Result<Done> EngineSaleServices::deleteCart(const QString &sessionId)
{
    return m_cart.deleteCart(sessionId);
}

Result<Done> EngineSaleServices::addItem(const QString &sessionId, const QUuid &productId, qint64 quantity)
{
    const Result<Cart> cart = m_cart.addItem(sessionId, productId, quantity);
    if (!cart)
        return cart.error();
    return Done{};
}

Result<QString> EngineSaleServices::placeOrder(const CheckoutRequest &request, const QString &idempotencyKey)
{
    const Result<CheckoutReceipt> receipt = m_checkout.placeOrder(request, idempotencyKey);
    if (!receipt)
        return receipt.error();
    return receipt->orderNumber;
}

Result<Order> EngineSaleServices::getByNumber(const QString &orderNumber)
{
    return m_orders.getByNumber(orderNumber);
}

Result<Order> EngineSaleServices::fulfill(const QString &orderNumber, const Fulfillment &fulfillment,
                                          const QString &actor)
{
    return m_orders.fulfill(orderNumber, fulfillment, actor, QString()); // a new correlation chain
}

} // namespace shop
