#include "checkoutservice.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/metrics.h"
#include "db/database.h"
#include "db/databasefailure.h"

#include <QJsonDocument>

namespace shop {

namespace {

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

} // namespace

struct CheckoutService::Decision
{
    std::optional<CheckoutReceipt> receipt;
    std::optional<ServiceError> error;
    const char *failureReason = "";

    bool isMade() const { return receipt || error; }
    void fail(const char *reason, ServiceError why)
    {
        failureReason = reason;
        error = std::move(why);
    }
};

CheckoutService::CheckoutService(Database &database, Metrics &metrics, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
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
{
    // Every reason exists from the start, so dashboards and alerts see 0
    // instead of no series until the first failure of each kind.
    for (const char *reason : {"validation", "in_progress", "idempotency_mismatch", "cart_not_found", "cart_empty",
                               "product_inactive", "out_of_stock", "error"})
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

Result<CheckoutReceipt> CheckoutService::placeOrder(const CheckoutRequest &request, const QString &idempotencyKey)
{
    m_attempts.Increment();
    const QList<FieldError> errors = validateIdempotencyKey(idempotencyKey) + validateCheckoutRequest(request);
    if (!errors.isEmpty()) {
        countFailure("validation");
        return ServiceError::validation(errors);
    }
    const QString requestFingerprint = fingerprint(request);
    const QDateTime now = m_clock.now();
    Decision decision;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &db) {
            decision = {};
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            // A replay or a refusal returns here and rolls back: nothing changed.
            if (QSqlError e = resolveKey(idempotencyKey, requestFingerprint, now, decision); e.isValid() || decision.isMade())
                return e;
            if (QSqlError e = createOrder(request, idempotencyKey, now, decision); e.isValid() || decision.error)
                return e;
            if (!transaction.commit())
                return transaction.error();
            return QSqlError();
        },
        Database::Retry::Never);
    if (error.isValid()) {
        countFailure("error");
        return databaseFailure("checkout", QStringLiteral("checkout"), error);
    }
    if (decision.error) {
        countFailure(decision.failureReason);
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
QSqlError CheckoutService::resolveKey(const QString &key, const QString &fingerprint, const QDateTime &now,
                                      Decision &decision)
{
    bool locked = false;
    if (QSqlError e = m_keys.tryLock(key, locked); e.isValid())
        return e;
    if (!locked) {
        decision.fail("in_progress", inProgress());
        return {};
    }
    bool claimed = false;
    if (QSqlError e = m_keys.claim(key, fingerprint, now, claimed); e.isValid() || claimed)
        return e;
    std::optional<IdempotencyRecord> record;
    if (QSqlError e = m_keys.find(key, now, record); e.isValid())
        return e;
    if (record && record->fingerprint != fingerprint) {
        decision.fail("idempotency_mismatch", ServiceError::unprocessable(QStringLiteral(
                                                  "this Idempotency-Key was already used with a different request")));
    } else if (record && record->isCompleted) {
        const QString orderNumber = QJsonDocument::fromJson(record->response.body)
                                        .object()
                                        .value(QStringLiteral("orderNumber"))
                                        .toString();
        decision.receipt = CheckoutReceipt{record->response.status, record->response.body, orderNumber, true};
    } else {
        decision.fail("in_progress", inProgress()); // cannot happen while we hold the lock
    }
    return {};
}

QSqlError CheckoutService::createOrder(const CheckoutRequest &request, const QString &key, const QDateTime &now,
                                       Decision &decision)
{
    // The cart row first, then its products in id order (checkStock): the
    // same order everywhere, and a second checkout of the same cart under
    // another key waits here and then finds the cart gone (404).
    std::optional<QUuid> cartId;
    if (QSqlError e = m_carts.lockLive(request.sessionId, now, cartId); e.isValid())
        return e;
    if (!cartId) {
        decision.fail("cart_not_found", ServiceError::notFound(QStringLiteral("there is no cart for this session")));
        return {};
    }
    QList<OrderLine> lines;
    if (QSqlError e = checkStock(*cartId, lines, decision); e.isValid() || decision.isMade())
        return e;
    if (QSqlError e = m_stock.decrementStock(*cartId, now); e.isValid())
        return e;
    QString orderNumber;
    if (QSqlError e = m_stock.nextOrderNumber(now.toUTC().date(), orderNumber); e.isValid())
        return e;

    OrderCreatedEvent event;
    event.eventId = QUuid::createUuid();
    event.timestamp = now;
    event.correlationId = log::currentCorrelationId();
    if (event.correlationId.isEmpty()) // e.g. the POS terminal: start a chain here
        event.correlationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    event.orderId = QUuid::createUuid();
    event.orderNumber = orderNumber;
    event.customer = request.customerInfo;
    event.items = lines;
    event.cartId = *cartId;
    event.paymentMethod = request.paymentMethod;
    const OutboxMessage message{event.eventId, event.orderId, QLatin1String(OrderCreatedEvent::kType),
                                QLatin1String(OrderCreatedEvent::kTopic),
                                idText(event.orderId), event.toJson(), event.correlationId};
    if (QSqlError e = m_outbox.append(message); e.isValid())
        return e;
    if (QSqlError e = m_stock.reserveStock(event.orderId, *cartId); e.isValid())
        return e;

    const CheckoutReceipt receipt{201, createdBody(orderNumber), orderNumber, false};
    if (QSqlError e = m_keys.complete(key, {receipt.status, receipt.body}); e.isValid())
        return e;
    if (QSqlError e = m_carts.deleteCart(*cartId); e.isValid())
        return e;
    decision.receipt = receipt;
    return {};
}

QSqlError CheckoutService::checkStock(const QUuid &cartId, QList<OrderLine> &lines, Decision &decision)
{
    QList<LockedLine> locked;
    if (QSqlError e = m_stock.lockLines(cartId, locked); e.isValid())
        return e;
    if (locked.isEmpty()) {
        decision.fail("cart_empty", ServiceError{ServiceError::Kind::Validation, QStringLiteral("the cart is empty"),
                                                 {{QStringLiteral("sessionId"), QStringLiteral("the cart has no items")}}});
        return {};
    }
    for (const LockedLine &candidate : locked) {
        if (!candidate.isActive) {
            decision.fail("product_inactive", ServiceError::conflict(QStringLiteral("product %1 is no longer sold")
                                                                         .arg(candidate.line.productSku)));
            return {};
        }
        if (candidate.inventoryQuantity < candidate.line.quantity) {
            decision.fail("out_of_stock", ServiceError::conflict(QStringLiteral("not enough stock of %1: %2 available")
                                                                     .arg(candidate.line.productSku)
                                                                     .arg(candidate.inventoryQuantity)));
            return {};
        }
        lines.append(candidate.line);
    }
    return {};
}

void CheckoutService::purgeExpiredKeys()
{
    int deleted = 0;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &) { return m_keys.purgeExpired(m_clock.now(), deleted); }, Database::Retry::Never);
    if (error.isValid())
        log::warn("checkout", QStringLiteral("idempotency record purge failed"), {{QStringLiteral("error"), error.text()}});
    else if (deleted > 0)
        log::info("checkout", QStringLiteral("expired idempotency records deleted"), {{QStringLiteral("count"), deleted}});
}

void CheckoutService::countFailure(const char *reason)
{
    m_failures.Add({{"reason", reason}}).Increment();
}

} // namespace shop
