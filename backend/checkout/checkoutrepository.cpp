#include "checkoutrepository.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

namespace {

// The advisory lock comes first (the claim reads `attempt`), the claim
// next, and the cart's lock only after a claim (EXISTS ... claim): a
// duplicate that finds the key busy or used locks nothing. The lock is a
// 64-bit hash of the key; a collision between two keys in flight at the
// same moment would only answer one of them 409 "in progress". An expired
// record that the purge job has not removed yet counts as absent: it is
// overwritten. The order number is taken before any product row is locked;
// a rollback leaves a gap, which the sequence allows anyway.
//
// `locked` then locks the cart's products, in id order (the sorted result is
// produced, and locked, in that order). It must be this statement and not
// kTakeStock's: a statement that locks a row another checkout has just
// changed gets that row's latest version, but its UPDATE, working from the
// statement's older snapshot, would follow the row's update chain and wait
// for the tuple lock again, and two such checkouts and a third waiting on
// the same hot product deadlock (PostgreSQL 15 reported it in about one of
// 200 checkouts at 8 at a time). Locked here, the rows cannot change before
// kTakeStock starts, so its snapshot already holds their latest versions.
// NO KEY UPDATE (what the UPDATE takes anyway) serialises checkouts of a
// product but, unlike FOR UPDATE, does not block carts meanwhile adding it
// (their foreign key check takes KEY SHARE).
const QString kStart = QStringLiteral(R"(
    WITH attempt AS MATERIALIZED (
        SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS admitted),
    claim AS (
        INSERT INTO catalog.checkout_idempotency
            (idempotency_key, request_fingerprint, state, created_at, expires_at)
        SELECT $1, $2, 'IN_PROGRESS', $3, $4 FROM attempt WHERE admitted
        ON CONFLICT (idempotency_key) DO UPDATE
           SET request_fingerprint = EXCLUDED.request_fingerprint, state = 'IN_PROGRESS',
               response_status = NULL, response_body = NULL,
               created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
         WHERE catalog.checkout_idempotency.expires_at <= EXCLUDED.created_at
        RETURNING catalog.next_order_number($5) AS order_number),
    cart AS MATERIALIZED (
        SELECT id FROM catalog.carts
         WHERE session_id = $6 AND expires_at > $3 AND EXISTS (SELECT FROM claim)
           FOR UPDATE),
    locked AS MATERIALIZED (
        SELECT p.id
          FROM catalog.cart_items i JOIN catalog.products p ON p.id = i.product_id
         WHERE i.cart_id = (SELECT id FROM cart)
         ORDER BY p.id
           FOR NO KEY UPDATE OF p)
    SELECT admitted, (SELECT order_number FROM claim), (SELECT id FROM cart), (SELECT count(*) FROM locked)
      FROM attempt)");

// The products are locked already (kStart's `locked`; the lock here only
// says so and waits for nothing), so `line` reads their latest stock and the
// UPDATE changes those same rows: the stock returned is exactly what this
// sale took from, which the stock-low crossings rely on. The UPDATE runs
// only when every line is sellable as it stands; CheckoutService tells
// which refusal applies from the lines.
// version moves too: a manager's edit based on the old row must not write a
// stale inventoryQuantity back (optimistic lock of the catalog).
const QString kTakeStock = QStringLiteral(R"(
    WITH line AS MATERIALIZED (
        SELECT i.product_id, i.product_sku, i.product_name, i.quantity, i.price_snapshot_cents,
               p.inventory_quantity, p.is_active, p.price_cents, p.reorder_level
          FROM catalog.cart_items i JOIN catalog.products p ON p.id = i.product_id
         WHERE i.cart_id = $1
         ORDER BY p.id
           FOR NO KEY UPDATE OF p),
    sellable AS (
        SELECT count(*) > 0 AND bool_and(is_active AND inventory_quantity >= quantity
                                         AND price_cents = price_snapshot_cents) AS every_line
          FROM line),
    taken AS (
        UPDATE catalog.products p
           SET inventory_quantity = p.inventory_quantity - line.quantity, version = p.version + 1,
               updated_at = $2
          FROM line, sellable
         WHERE sellable.every_line AND p.id = line.product_id
        RETURNING p.id)
    SELECT line.*, (SELECT count(*) FROM taken) FROM line ORDER BY line.product_id)");

// The reservations read the cart's items from the statement's snapshot, so
// deleting the cart (its items go by ON DELETE CASCADE, at the end of the
// statement) in the same statement does not hide them. created_at of the
// outbox row stays the database's now(): the relay orders by it, and rows
// from several instances must sort by one clock.
const QString kFinish = QStringLiteral(R"(
    WITH created AS (
        INSERT INTO catalog.outbox (id, aggregate_id, event_type, topic, message_key, payload, correlation_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7)),
    reserved AS (
        INSERT INTO catalog.stock_reservations (order_id, product_id, quantity)
        SELECT $2, product_id, quantity FROM catalog.cart_items WHERE cart_id = $8),
    completed AS (
        UPDATE catalog.checkout_idempotency
           SET state = 'COMPLETED', response_status = $10, response_body = $11
         WHERE idempotency_key = $9)
    DELETE FROM catalog.carts WHERE id = $8)");

LockedLine lockedLineFrom(const QSqlQuery &query)
{
    const QVariant reorderLevel = query.value(8);
    return {{QUuid::fromString(query.value(0).toString()), query.value(1).toString(), query.value(2).toString(),
             query.value(3).toInt(), Money::fromCents(query.value(4).toLongLong())},
            query.value(5).toInt(),
            query.value(6).toBool(),
            Money::fromCents(query.value(7).toLongLong()),
            reorderLevel.isNull() ? std::nullopt : std::optional<qint64>(reorderLevel.toLongLong())};
}

} // namespace

CheckoutRepository::CheckoutRepository(Database &database)
    : m_database(database)
{
}

DbResult<CheckoutStart> CheckoutRepository::start(const QString &key, const QString &fingerprint,
                                                  const QString &sessionId, const QDateTime &now)
{
    const DbResult<std::optional<CheckoutStart>> started = fetchFirst(
        *m_database.prepared(kStart),
        {key, fingerprint, now, IdempotencyStore::expiryAfter(now), now.toUTC().date().toString(Qt::ISODate),
         sessionId},
        [](const QSqlQuery &query) {
            CheckoutStart start;
            start.admitted = query.value(0).toBool();
            start.claimed = !query.isNull(1);
            start.orderNumber = query.value(1).toString();
            if (!query.isNull(2))
                start.cartId = idValue(query.value(2));
            return start;
        });
    if (!started)
        return started.error();
    return started.value().value_or(CheckoutStart()); // `attempt` always gives its row
}

DbResult<TakenLines> CheckoutRepository::takeStock(const QUuid &cartId, const QDateTime &now)
{
    auto query = m_database.prepared(kTakeStock);
    if (!execPrepared(*query, {idText(cartId), now}))
        return query->lastError();
    TakenLines taken;
    while (query->next()) {
        taken.lines.append(lockedLineFrom(*query));
        taken.taken = query->value(9).toLongLong() > 0;
    }
    query->finish();
    return taken;
}

DbResult<Done> CheckoutRepository::finish(const OutboxMessage &created, const QUuid &cartId, const QString &key,
                                          const StoredResponse &response)
{
    const QVariant correlationId = created.correlationId.isEmpty() ? QVariant() : QVariant(created.correlationId);
    return m_database.execute(kFinish, {idText(created.eventId), idText(created.aggregateId), created.eventType,
                                        created.topic, created.key, QString::fromUtf8(created.payload),
                                        correlationId, idText(cartId), key, response.status,
                                        QString::fromUtf8(response.body)});
}

} // namespace shop
