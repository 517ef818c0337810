#pragma once

#include "cart/cartrepository.h"
#include "checkoutrepository.h"
#include "checkoutrequest.h"
#include "core/settings.h"
#include "messaging/outboxwriter.h"
#include "idempotencystore.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>

namespace shop {

class Clock;
class Database;
class Metrics;

// The answer to a checkout: the contract's 201 {orderNumber, status,
// message}, as exact bytes, because a replay must repeat them byte for byte.
struct CheckoutReceipt
{
    int status = 201;
    QByteArray body;
    QString orderNumber;
    bool isReplay = false; // answered from the idempotency record
};

// A cart line whose product's price changed since the line took its price:
// checkout refused it and the line now holds newPrice.
struct PriceChange
{
    QUuid productId;
    QString productSku;
    QString productName;
    int quantity = 0;
    Money oldPrice;
    Money newPrice;
};

// Turns a session's cart into an order, once per Idempotency-Key: one
// transaction locks the products, takes the stock, allocates the order
// number, writes the OrderCreated outbox row (and a StockLow row for each
// product whose stock it takes to or below its reorder level), stores the
// answer under the key and deletes the cart. Used by REST and by the POS
// terminal.
class CheckoutService
{
public:
    // defaultReorderLevel: the setting stock-reorder-level.
    CheckoutService(Database &database, Metrics &metrics, const Clock &clock,
                    int defaultReorderLevel = Settings().stockReorderLevel);
    CheckoutService(const CheckoutService &) = delete;
    CheckoutService &operator=(const CheckoutService &) = delete;

    // Validation (bad key or customer info, empty cart), NotFound (cart),
    // Conflict (stock, inactive product, same key still in progress, a
    // price changed since its line was added), Unprocessable (same key,
    // different request).
    // A changed price is the one refusal that changes something: the cart's
    // lines take the current prices (and *priceChanges, when given, lists
    // the lines that changed), no order is placed and the key stays unused,
    // so the next checkout of the cart, under any key, charges the new total.
    Result<CheckoutReceipt> placeOrder(const CheckoutRequest &request, const QString &idempotencyKey,
                                       QList<PriceChange> *priceChanges = nullptr);

    // Deletes idempotency records older than 24 hours; for PeriodicJobs.
    void purgeExpiredKeys();

    // SHA-256 of the canonical JSON of the request (sorted keys, known
    // fields only), so formatting, key order and ignored fields of the body
    // do not make the same request look different.
    static QString fingerprint(const CheckoutRequest &request);

private:
    struct Decision; // what one step of the transaction decided, if anything

    Result<CheckoutReceipt> decide(const CheckoutRequest &request, const QString &idempotencyKey,
                                   QList<PriceChange> *priceChanges);
    // A key that start did not claim: busy (409), used by another request
    // (422) or completed (the replay).
    DbResult<Decision> resolveUsedKey(const CheckoutStart &start, const QString &key, const QString &fingerprint,
                                      const QDateTime &now);
    DbResult<Decision> createOrder(const CheckoutRequest &request, const QString &key, const CheckoutStart &start,
                                   const QDateTime &now);
    // Refuses an empty cart, an inactive product or a line short of stock.
    static Decision checkStock(const QList<LockedLine> &locked);
    // Refuses lines whose price changed, giving them the current price.
    DbResult<Decision> refreshChangedPrices(const QList<LockedLine> &locked, const QUuid &cartId, const QString &key,
                                            const QDateTime &now);
    // A StockLow outbox row for each line whose sale crosses its product's reorder level.
    DbResult<Done> appendStockLowCrossings(const QList<LockedLine> &locked, const QDateTime &now,
                                           const QString &correlationId);
    void countFailure(const char *reason);

    Database &m_database;
    const Clock &m_clock;
    int m_defaultReorderLevel;
    CartRepository m_carts;
    CheckoutRepository m_stock;
    IdempotencyStore m_keys;
    OutboxWriter m_outbox;
    prometheus::Counter &m_attempts;
    prometheus::Counter &m_successes;
    prometheus::Family<prometheus::Counter> &m_failures;
    prometheus::Family<prometheus::Histogram> &m_duration;
};

} // namespace shop
