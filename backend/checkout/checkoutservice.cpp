#include "checkoutservice.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/metrics.h"
#include "db/database.h"
#include "db/databasefailure.h"
#include "events/stocklowevent.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QStringList>

namespace shop {

namespace {

// One transaction: a few milliseconds, more while rows are locked by other checkouts.
const prometheus::Histogram::BucketBoundaries kDurationBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

QByteArray createdBody(const QString &orderNumber)
{
    return QJsonDocument(QJsonObject{
                             {QStringLiteral("orderNumber"), orderNumber},
                             {QStringLiteral("status"), QStringLiteral("PENDING")},
                             {QStringLiteral("message"), QStringLiteral("Order placed; payment is being processed.")},
                         })
        .toJson(QJsonDocument::Compact);
}

ServiceError inProgress()
{
    return ServiceError::conflict(QStringLiteral("a checkout with this Idempotency-Key is still in progress; retry shortly"));
}

ServiceError pricesChanged(const QList<PriceChange> &changes)
{
    QStringList lines;
    for (const PriceChange &change : changes)
        lines.append(QStringLiteral("%1 %2 -> %3")
                         .arg(change.productSku, change.oldPrice.toDecimalString(), change.newPrice.toDecimalString()));
    return ServiceError::conflict(
        QStringLiteral("prices changed since the items were added to the cart (%1); the cart now has the current "
                       "prices: check the new total and check out again")
            .arg(lines.join(QStringLiteral(", "))));
}

} // namespace

// Nothing made (go on), the answer to give (a new order or a replay), or a
// refusal with its failure label. A refusal rolls back, except one for
// changed prices, which commits the cart's new prices.
struct CheckoutService::Decision
{
    std::optional<CheckoutReceipt> receipt;
    std::optional<ServiceError> error;
    const char *failureReason = "";
    QList<PriceChange> priceChanges;

    static Decision answer(CheckoutReceipt receipt) { return {std::move(receipt), {}, "", {}}; }
    static Decision failed(const char *reason, ServiceError why) { return {{}, std::move(why), reason, {}}; }
    bool isMade() const { return receipt || error; }
    bool commits() const { return receipt || !priceChanges.isEmpty(); }
};

CheckoutService::CheckoutService(Database &database, Metrics &metrics, const Clock &clock, int defaultReorderLevel)
    : m_database(database)
    , m_clock(clock)
    , m_defaultReorderLevel(defaultReorderLevel)
    , m_carts(database)
    , m_stock(database)
    , m_keys(database)
    , m_outbox(database, QStringLiteral("catalog.outbox"))
    , m_attempts(prometheus::BuildCounter()
                     .Name("checkout_attempts_total")
                     .Help("Checkout requests, including invalid ones and replays")
                     .Register(metrics.registry())
                     .Add({}))
    , m_successes(prometheus::BuildCounter()
                      .Name("checkout_success_total")
                      .Help("Orders placed (replays of an Idempotency-Key not counted)")
                      .Register(metrics.registry())
                      .Add({}))
    , m_failures(prometheus::BuildCounter()
                     .Name("checkout_failure_total")
                     .Help("Checkouts refused or failed, by reason")
                     .Register(metrics.registry()))
    , m_duration(prometheus::BuildHistogram()
                     .Name("checkout_duration_seconds")
                     .Help("Checkouts from the request to the answer, by outcome (placed, replayed, refused)")
                     .Register(metrics.registry()))
{
    for (const char *outcome : {"placed", "replayed", "refused"})
        m_duration.Add({{"outcome", outcome}}, kDurationBuckets);
    // Every reason exists from the start, so dashboards and alerts see 0
    // instead of no series until the first failure of each kind.
    for (const char *reason : {"validation", "in_progress", "idempotency_mismatch", "cart_not_found", "cart_empty",
                               "product_inactive", "out_of_stock", "price_changed", "error"})
        m_failures.Add({{"reason", reason}});
}

QString CheckoutService::fingerprint(const CheckoutRequest &request)
{
    QJsonObject canonical{
        {QStringLiteral("sessionId"), request.sessionId},
        {QStringLiteral("customerInfo"), customerJson(request.customerInfo)},
    };
    if (!request.paymentMethod.isEmpty()) // absent for web checkouts, so their fingerprints stay as they were
        canonical.insert(QStringLiteral("paymentMethod"), request.paymentMethod);
    return IdempotencyStore::fingerprint(QJsonDocument(canonical).toJson(QJsonDocument::Compact));
}

Result<CheckoutReceipt> CheckoutService::placeOrder(const CheckoutRequest &request, const QString &idempotencyKey,
                                                    QList<PriceChange> *priceChanges)
{
    QElapsedTimer timer;
    timer.start();
    Result<CheckoutReceipt> receipt = decide(request, idempotencyKey, priceChanges);
    const char *outcome = !receipt ? "refused" : receipt->isReplay ? "replayed" : "placed";
    m_duration.Add({{"outcome", outcome}}, kDurationBuckets).Observe(double(timer.nsecsElapsed()) / 1e9);
    return receipt;
}

Result<CheckoutReceipt> CheckoutService::decide(const CheckoutRequest &request, const QString &idempotencyKey,
                                                QList<PriceChange> *priceChanges)
{
    m_attempts.Increment();
    const QList<FieldError> errors = validateIdempotencyKey(idempotencyKey) + validateCheckoutRequest(request);
    if (!errors.isEmpty()) {
        countFailure("validation");
        return ServiceError::validation(errors);
    }
    const QString requestFingerprint = fingerprint(request);
    const QDateTime now = m_clock.now();
    const DbResult<Decision> decided = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Decision> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<CheckoutStart> started =
                m_stock.start(idempotencyKey, requestFingerprint, request.sessionId, now);
            if (!started)
                return started.error();
            // A replay or a refusal returns here and rolls back: nothing changed.
            if (!started->claimed)
                return resolveUsedKey(started.value(), idempotencyKey, requestFingerprint, now);
            DbResult<Decision> created = createOrder(request, idempotencyKey, started.value(), now);
            if (!created || !created->commits())
                return created;
            if (!transaction.commit())
                return transaction.error();
            return created;
        },
        Database::Retry::Never);
    if (!decided) {
        countFailure("error");
        return databaseFailure("checkout", QStringLiteral("checkout"), decided.error());
    }
    const Decision &decision = decided.value();
    if (decision.error) {
        countFailure(decision.failureReason);
        if (priceChanges)
            *priceChanges = decision.priceChanges;
        return *decision.error;
    }
    if (!decision.receipt->isReplay) {
        m_successes.Increment();
        log::info("checkout", QStringLiteral("order placed"), {{QStringLiteral("orderNumber"), decision.receipt->orderNumber}});
    }
    return *decision.receipt;
}

// Concurrency: a transaction-scoped advisory lock on the key, taken without
// waiting, admits one transaction per key at a time. Whoever holds it sees
// every earlier attempt either committed (a COMPLETED record: replay or 422)
// or rolled back (no record: go ahead), because the lock is released only
// after the holder's commit became visible. A duplicate that arrives while
// the first is still running gets 409 at once instead of parking a worker
// thread on a row lock. The key's primary key stays the last line of defence:
// even without the lock a second INSERT would wait for the first and then
// find the record. The IN_PROGRESS row is never visible to others (it
// commits as COMPLETED or not at all), so a crash cannot strand a key.
// The record is read by a statement of its own: its snapshot is taken after
// the lock was (start's own snapshot predates it), so it sees the commit of
// whoever held the lock before.
DbResult<CheckoutService::Decision> CheckoutService::resolveUsedKey(const CheckoutStart &start, const QString &key,
                                                                    const QString &fingerprint, const QDateTime &now)
{
    if (!start.admitted)
        return Decision::failed("in_progress", inProgress());
    const DbResult<std::optional<IdempotencyRecord>> found = m_keys.find(key, now);
    if (!found)
        return found.error();
    const std::optional<IdempotencyRecord> &record = found.value();
    if (record && record->fingerprint != fingerprint) {
        return Decision::failed("idempotency_mismatch",
                                ServiceError::unprocessable(QStringLiteral(
                                    "this Idempotency-Key was already used with a different request")));
    }
    if (record && record->isCompleted) {
        const QString orderNumber = QJsonDocument::fromJson(record->response.body)
                                        .object()
                                        .value(QStringLiteral("orderNumber"))
                                        .toString();
        return Decision::answer(CheckoutReceipt{record->response.status, record->response.body, orderNumber, true});
    }
    return Decision::failed("in_progress", inProgress()); // cannot happen while we hold the lock
}

DbResult<CheckoutService::Decision> CheckoutService::createOrder(const CheckoutRequest &request, const QString &key,
                                                                 const CheckoutStart &start, const QDateTime &now)
{
    // start locked the cart row; takeStock locks its products in id order:
    // the same order everywhere, and a second checkout of the same cart under
    // another key waits in start and then finds the cart gone (404).
    if (!start.cartId) {
        return Decision::failed("cart_not_found",
                                ServiceError::notFound(QStringLiteral("there is no cart for this session")));
    }
    const QUuid cartId = *start.cartId;
    const DbResult<TakenLines> taken = m_stock.takeStock(cartId, now);
    if (!taken)
        return taken.error();
    const QList<LockedLine> &locked = taken->lines;
    if (Decision refused = checkStock(locked); refused.isMade())
        return refused;
    if (DbResult<Decision> refused = refreshChangedPrices(locked, cartId, key, now); !refused || refused->isMade())
        return refused;
    if (!taken->taken) { // cannot happen: the statement and checkStock apply the same rules
        return QSqlError(QStringLiteral("checkout: the stock of sellable lines was not taken"), QString(),
                         QSqlError::UnknownError);
    }

    OrderCreatedEvent event;
    event.eventId = QUuid::createUuid();
    event.timestamp = now;
    event.correlationId = log::currentCorrelationId();
    if (event.correlationId.isEmpty()) // e.g. the POS terminal: start a chain here
        event.correlationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    event.orderId = QUuid::createUuid();
    event.orderNumber = start.orderNumber;
    event.customer = request.customerInfo;
    for (const LockedLine &line : locked)
        event.items.append(line.line);
    event.cartId = cartId;
    event.paymentMethod = request.paymentMethod;
    const OutboxMessage message{event.eventId, event.orderId, QLatin1String(OrderCreatedEvent::kType),
                                QLatin1String(OrderCreatedEvent::kTopic),
                                idText(event.orderId), event.toJson(), event.correlationId};
    const CheckoutReceipt receipt{201, createdBody(event.orderNumber), event.orderNumber, false};
    if (const DbResult<Done> finished = m_stock.finish(message, cartId, key, {receipt.status, receipt.body});
        !finished)
        return finished.error();
    if (const DbResult<Done> alerted = appendStockLowCrossings(locked, now, event.correlationId); !alerted)
        return alerted.error();
    return Decision::answer(receipt);
}

CheckoutService::Decision CheckoutService::checkStock(const QList<LockedLine> &locked)
{
    if (locked.isEmpty()) {
        return Decision::failed("cart_empty",
                                ServiceError{ServiceError::Kind::Validation, QStringLiteral("the cart is empty"),
                                             {{QStringLiteral("sessionId"), QStringLiteral("the cart has no items")}}});
    }
    for (const LockedLine &candidate : locked) {
        const QString &sku = candidate.line.productSku;
        if (!candidate.isActive) {
            return Decision::failed("product_inactive",
                                    ServiceError::conflict(QStringLiteral("product %1 is no longer sold").arg(sku)));
        }
        if (candidate.inventoryQuantity < candidate.line.quantity) {
            return Decision::failed("out_of_stock",
                                    ServiceError::conflict(QStringLiteral("not enough stock of %1: %2 available")
                                                               .arg(sku)
                                                               .arg(candidate.inventoryQuantity)));
        }
    }
    return Decision(); // every line can be sold
}

// Checked after stock, so a client told of new prices can expect the retry
// to succeed. The product rows are locked: the prices compared are the ones
// an order placed now would be charged.
DbResult<CheckoutService::Decision> CheckoutService::refreshChangedPrices(const QList<LockedLine> &locked,
                                                                          const QUuid &cartId, const QString &key,
                                                                          const QDateTime &now)
{
    QList<PriceChange> changes;
    for (const LockedLine &candidate : locked) {
        if (candidate.priceChanged()) {
            const OrderLine &line = candidate.line;
            changes.append({line.productId, line.productSku, line.productName, line.quantity, line.priceSnapshot,
                            candidate.currentPrice});
        }
    }
    if (changes.isEmpty())
        return Decision(); // every line has its current price
    if (const DbResult<Done> refreshed = m_carts.refreshPrices(cartId, now); !refreshed)
        return refreshed.error();
    // The claim must not outlive this refusal, or the key would answer 409
    // "in progress" forever; without it the key is as unused as before.
    if (const DbResult<Done> released = m_keys.release(key); !released)
        return released.error();
    Decision refused = Decision::failed("price_changed", pricesChanged(changes));
    refused.priceChanges = std::move(changes);
    return refused;
}

// The stock each line saw was read under the product's row lock (takeStock),
// so before and after are exact even with buyers racing for the last units:
// of the checkouts that take a product across its level, only the one whose
// lock came first sees the stock above it. A sale that starts at or below
// the level writes nothing, which keeps checkout at its statements but for
// the rare crossing.
DbResult<Done> CheckoutService::appendStockLowCrossings(const QList<LockedLine> &locked, const QDateTime &now,
                                                        const QString &correlationId)
{
    for (const LockedLine &candidate : locked) {
        const OrderLine &line = candidate.line;
        const StockChange change{line.productId, line.productSku, line.productName, candidate.inventoryQuantity,
                                 candidate.inventoryQuantity - line.quantity, candidate.reorderLevel};
        const std::optional<StockLowEvent> crossing =
            stockLowCrossing(change, m_defaultReorderLevel, StockLowEvent::kCauseSale, now, correlationId);
        if (!crossing)
            continue;
        if (const DbResult<Done> appended =
                m_outbox.append({crossing->eventId, crossing->productId, QLatin1String(StockLowEvent::kType),
                                 QLatin1String(StockLowEvent::kTopic), idText(crossing->productId), crossing->toJson(),
                                 crossing->correlationId});
            !appended)
            return appended.error();
    }
    return Done{};
}

void CheckoutService::purgeExpiredKeys()
{
    const DbResult<int> deleted =
        m_database.run([&](QSqlDatabase &) { return m_keys.purgeExpired(m_clock.now()); }, Database::Retry::Never);
    if (!deleted)
        log::warn("checkout", QStringLiteral("idempotency record purge failed"),
                  {{QStringLiteral("error"), deleted.error().text()}});
    else if (deleted.value() > 0)
        log::info("checkout", QStringLiteral("expired idempotency records deleted"),
                  {{QStringLiteral("count"), deleted.value()}});
}

void CheckoutService::countFailure(const char *reason)
{
    m_failures.Add({{"reason", reason}}).Increment();
}

} // namespace shop
