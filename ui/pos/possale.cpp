#include "possale.h"

#include "cart/cartservice.h"
#include "checkout/checkoutservice.h"
#include "orders/orderservice.h"

#include <QDeadlineTimer>
#include <QThread>

namespace shop {

namespace {

// Contact details of the till itself; the order API requires some.
const QString kStoreEmail = QStringLiteral("till@store.example");
const QString kStorePhone = QStringLiteral("+10000000000");
const QString kInStore = QStringLiteral("In store");
const QString kInStoreCarrier = QStringLiteral("IN_STORE");

constexpr std::chrono::milliseconds kPollInterval{250};

} // namespace

CustomerInfo walkInCustomer(const PosStore &store)
{
    CustomerInfo customer;
    customer.name = store.shopName.left(200);
    customer.email = kStoreEmail;
    customer.phone = kStorePhone;
    // The configured address is one line; the whole of it is the street.
    customer.shippingAddress.street = store.shopAddress.isEmpty() ? kInStore : store.shopAddress.left(200);
    customer.shippingAddress.city = kInStore;
    customer.shippingAddress.state = kInStore;
    customer.shippingAddress.postalCode = QStringLiteral("0");
    customer.shippingAddress.country = kInStore;
    return customer;
}

Result<QString> placeSale(PosBackend &backend, const QString &sessionId, const QString &idempotencyKey,
                          const QList<SaleLine> &lines, const CustomerInfo &customer, const QString &paymentMethod)
{
    if (const Result<Done> deleted = backend.cart.deleteCart(sessionId);
        !deleted && deleted.error().kind != ServiceError::Kind::NotFound)
        return deleted.error();
    for (const SaleLine &line : lines) {
        const Result<Cart> added = backend.cart.addItem(sessionId, line.productId, line.quantity);
        if (!added)
            return added.error();
    }
    const Result<CheckoutReceipt> placed =
        backend.checkout.placeOrder({sessionId, customer, paymentMethod}, idempotencyKey);
    if (!placed)
        return placed.error();
    return placed->orderNumber;
}

PaymentOutcome awaitPayment(OrderService &orders, const QString &orderNumber, const QString &terminalId,
                            std::chrono::milliseconds wait, const std::atomic<bool> &stop)
{
    const QDeadlineTimer deadline(wait);
    PaymentOutcome outcome;
    while (!stop.load()) {
        const Result<Order> order = orders.getByNumber(orderNumber);
        // NotFound: the daemon has not received the order from Kafka yet.
        if (!order && order.error().kind != ServiceError::Kind::NotFound)
            return {PaymentOutcome::Kind::Error, order.error().detail, std::nullopt};
        if (!order) {
            if (deadline.hasExpired())
                break;
            QThread::msleep(static_cast<unsigned long>(kPollInterval.count()));
            continue;
        }
        outcome.order = order.value();
        if (order->status == OrderStatus::Failed) {
            outcome.kind = PaymentOutcome::Kind::Failed;
            outcome.failureReason = order->paymentFailureReason.value_or(QString());
            return outcome;
        }
        if (order->status == OrderStatus::Fulfilled) {
            outcome.kind = PaymentOutcome::Kind::Paid;
            return outcome;
        }
        if (order->status == OrderStatus::Paid) {
            const Result<Order> fulfilled = orders.fulfill(
                orderNumber, {std::nullopt, kInStoreCarrier, QString(QStringLiteral("terminal ") + terminalId)},
                QStringLiteral("pos:") + terminalId, QString());
            if (!fulfilled)
                return {PaymentOutcome::Kind::Error, fulfilled.error().detail, outcome.order};
            return {PaymentOutcome::Kind::Paid, QString(), fulfilled.value()};
        }
        if (order->status == OrderStatus::Cancelled)
            return {PaymentOutcome::Kind::Error, QStringLiteral("the order was cancelled"), outcome.order};
        if (deadline.hasExpired())
            break;
        QThread::msleep(static_cast<unsigned long>(kPollInterval.count()));
    }
    outcome.kind = PaymentOutcome::Kind::StillPending;
    return outcome;
}

} // namespace shop
