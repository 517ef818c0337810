#pragma once

#include "checkout/checkoutrequest.h"
#include "core/errors.h"
#include "orders/ordertypes.h"
#include "salelinemodel.h"

#include <QList>
#include <QString>

#include <atomic>
#include <chrono>

namespace shop {

class CartService;
class CatalogService;
class CheckoutService;
class OrderService;

// The services the POS terminal calls: the same ones the web store's REST
// API uses, so a till sale follows every checkout rule.
struct PosBackend
{
    CatalogService &catalog;
    CartService &cart;
    CheckoutService &checkout;
    OrderService &orders;
};

// Where the terminal stands and what its receipts say.
struct PosStore
{
    QString terminalId;
    QString shopName;
    QString shopAddress;
    QString receiptFolder;                      // receipts are saved here as PDF
    std::chrono::milliseconds paymentWait{30000}; // then the order is left PENDING
};

// A walk-in buyer has no address of their own: the order carries the
// store's details, so it passes the same customer rules as a web order.
CustomerInfo walkInCustomer(const PosStore &store);

// The sale's lines become the cart of sessionId (emptied first, so a retried
// payment does not add the lines twice) and then an order, once per
// idempotencyKey. Answers the order number. Runs on a worker thread.
Result<QString> placeSale(PosBackend &backend, const QString &sessionId, const QString &idempotencyKey,
                          const QList<SaleLine> &lines, const CustomerInfo &customer, const QString &paymentMethod);

// What became of a sale's payment.
struct PaymentOutcome
{
    enum class Kind { Paid, Failed, StillPending, Error };

    Kind kind = Kind::StillPending;
    QString failureReason; // Failed: the gateway's reason; Error: what went wrong
    std::optional<Order> order;
};

// Polls the order until the daemon settles it (PAID or FAILED) or wait runs
// out, and fulfills a PAID sale at once (carrier IN_STORE: the buyer takes
// the goods). Runs on a worker thread; stop ends the wait early.
PaymentOutcome awaitPayment(OrderService &orders, const QString &orderNumber, const QString &terminalId,
                            std::chrono::milliseconds wait, const std::atomic<bool> &stop);

} // namespace shop
