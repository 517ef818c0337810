#include "saleservices.h"

#include "cart/cartservice.h"
#include "checkout/checkoutservice.h"
#include "orders/orderservice.h"
#include "shiftservice.h"

namespace shop {

EngineSaleServices::EngineSaleServices(CartService &cart, CheckoutService &checkout, OrderService &orders,
                                       ShiftService &shifts)
    : m_cart(cart)
    , m_checkout(checkout)
    , m_orders(orders)
    , m_shifts(shifts)
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

Result<Done> EngineSaleServices::requireOpenShift(const QString &terminal)
{
    const Result<std::optional<Shift>> shift = m_shifts.openShift(terminal);
    if (!shift)
        return shift.error();
    if (!shift.value())
        return ServiceError::conflict(
            QStringLiteral("No shift is open on terminal %1: open a shift before selling.").arg(terminal));
    return Done{};
}

Result<RecordedSale> EngineSaleServices::recordSale(const TillSale &sale)
{
    return m_shifts.recordSale(sale);
}

} // namespace shop
