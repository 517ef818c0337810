#pragma once

#include "checkout/checkoutrequest.h"
#include "core/errors.h"
#include "orders/ordertypes.h"
#include "shifttypes.h"

#include <QString>
#include <QUuid>

namespace shop {

class CartService;
class CheckoutService;
class OrderService;
class ShiftService;

// The calls a till sale makes to the engine, named after the service calls
// they stand for. SaleWorkflow depends on this rather than on the services
// so its unit tests can play the database and the order daemon.
class SaleServices
{
public:
    virtual ~SaleServices() = default;

    // CartService: Done also when the session has no cart.
    virtual Result<Done> deleteCart(const QString &sessionId) = 0;
    virtual Result<Done> addItem(const QString &sessionId, const QUuid &productId, qint64 quantity) = 0;
    // CheckoutService: the number of the order placed (or placed before under idempotencyKey).
    virtual Result<QString> placeOrder(const CheckoutRequest &request, const QString &idempotencyKey) = 0;
    // OrderService: NotFound until the order daemon has received the order.
    virtual Result<Order> getByNumber(const QString &orderNumber) = 0;
    virtual Result<Order> fulfill(const QString &orderNumber, const Fulfillment &fulfillment, const QString &actor) = 0;
    // ShiftService: Conflict (its detail says so) when the terminal has no open shift.
    virtual Result<Done> requireOpenShift(const QString &terminal) = 0;
    virtual Result<RecordedSale> recordSale(const TillSale &sale) = 0;
};

// SaleServices over the engine's own services, the ones the web store uses,
// so a till sale follows every cart and checkout rule.
class EngineSaleServices final : public SaleServices
{
public:
    EngineSaleServices(CartService &cart, CheckoutService &checkout, OrderService &orders, ShiftService &shifts);

    Result<Done> deleteCart(const QString &sessionId) override;
    Result<Done> addItem(const QString &sessionId, const QUuid &productId, qint64 quantity) override;
    Result<QString> placeOrder(const CheckoutRequest &request, const QString &idempotencyKey) override;
    Result<Order> getByNumber(const QString &orderNumber) override;
    Result<Order> fulfill(const QString &orderNumber, const Fulfillment &fulfillment, const QString &actor) override;
    Result<Done> requireOpenShift(const QString &terminal) override;
    Result<RecordedSale> recordSale(const TillSale &sale) override;

private:
    CartService &m_cart;
    CheckoutService &m_checkout;
    OrderService &m_orders;
    ShiftService &m_shifts;
};

} // namespace shop
