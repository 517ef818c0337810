-- POST /api/v1/checkout of a one-line cart, the carts' products spread over
-- the benchmark's 1,000: CheckoutService::decide (IdempotencyStore kTryLock,
-- kClaim, kComplete; CartRepository kLockLive, kDeleteCart; CheckoutRepository
-- kLockLines, kDecrementStock, kNextOrderNumber, kReserveStock; OutboxWriter).
-- Bookkeeping, not the server's: the next pool cart (its session id is the
-- Idempotency-Key too) and the ids the server makes with QUuid::createUuid.
SELECT session_id, event_id, order_id FROM bench.take(:prefix, :lines, :spread) \gset
BEGIN;
SELECT pg_try_advisory_xact_lock(hashtextextended(:session_id, 0));
INSERT INTO catalog.checkout_idempotency
    (idempotency_key, request_fingerprint, state, created_at, expires_at)
VALUES (:session_id, :fingerprint, 'IN_PROGRESS', :now, :key_expires)
ON CONFLICT (idempotency_key) DO UPDATE
   SET request_fingerprint = EXCLUDED.request_fingerprint, state = 'IN_PROGRESS',
       response_status = NULL, response_body = NULL,
       created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
 WHERE catalog.checkout_idempotency.expires_at <= EXCLUDED.created_at;
SELECT id FROM catalog.carts WHERE session_id = :session_id AND expires_at > :now FOR UPDATE \gset cart_
SELECT i.product_id, i.product_sku, i.product_name, i.quantity, i.price_snapshot_cents,
       p.inventory_quantity, p.is_active, p.price_cents, p.reorder_level
  FROM catalog.cart_items i JOIN catalog.products p ON p.id = i.product_id
 WHERE i.cart_id = :cart_id
 ORDER BY p.id
   FOR NO KEY UPDATE OF p;
UPDATE catalog.products p
   SET inventory_quantity = p.inventory_quantity - i.quantity, version = p.version + 1, updated_at = :now
  FROM catalog.cart_items i
 WHERE i.cart_id = :cart_id AND i.product_id = p.id;
SELECT catalog.next_order_number(:day);
INSERT INTO catalog.outbox (id, aggregate_id, event_type, topic, message_key, payload, correlation_id)
VALUES (:event_id, :order_id, :event_type, :topic, :order_id, :payload, :correlation_id);
INSERT INTO catalog.stock_reservations (order_id, product_id, quantity)
SELECT :order_id, product_id, quantity FROM catalog.cart_items WHERE cart_id = :cart_id;
UPDATE catalog.checkout_idempotency
   SET state = 'COMPLETED', response_status = :status, response_body = :body
 WHERE idempotency_key = :session_id;
DELETE FROM catalog.carts WHERE id = :cart_id;
COMMIT;
