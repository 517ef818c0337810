-- POST /api/v1/checkout of a cart of :lines lines, over :spread products
-- (the scenarios: one line spread over 1,000, one line on one hot product,
-- five lines): CheckoutService::decide (CheckoutRepository kStart,
-- kTakeStock, kFinish).
-- Bookkeeping, not the server's: the next pool cart (its session id is the
-- Idempotency-Key too) and the ids the server makes with QUuid::createUuid.
SELECT session_id, event_id, order_id FROM bench.take(:prefix, :lines, :spread) \gset
BEGIN;
WITH attempt AS MATERIALIZED (
    SELECT pg_try_advisory_xact_lock(hashtextextended(:session_id, 0)) AS admitted),
claim AS (
    INSERT INTO catalog.checkout_idempotency
        (idempotency_key, request_fingerprint, state, created_at, expires_at)
    SELECT :session_id, :fingerprint, 'IN_PROGRESS', :now, :key_expires FROM attempt WHERE admitted
    ON CONFLICT (idempotency_key) DO UPDATE
       SET request_fingerprint = EXCLUDED.request_fingerprint, state = 'IN_PROGRESS',
           response_status = NULL, response_body = NULL,
           created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
     WHERE catalog.checkout_idempotency.expires_at <= EXCLUDED.created_at
    RETURNING catalog.next_order_number(:day) AS order_number),
cart AS MATERIALIZED (
    SELECT id FROM catalog.carts
     WHERE session_id = :session_id AND expires_at > :now AND EXISTS (SELECT FROM claim)
       FOR UPDATE),
locked AS MATERIALIZED (
    SELECT p.id
      FROM catalog.cart_items i JOIN catalog.products p ON p.id = i.product_id
     WHERE i.cart_id = (SELECT id FROM cart)
     ORDER BY p.id
       FOR NO KEY UPDATE OF p)
SELECT admitted, (SELECT order_number FROM claim), (SELECT id FROM cart), (SELECT count(*) FROM locked)
  FROM attempt \gset start_
WITH line AS MATERIALIZED (
    SELECT i.product_id, i.product_sku, i.product_name, i.quantity, i.price_snapshot_cents,
           p.inventory_quantity, p.is_active, p.price_cents, p.reorder_level
      FROM catalog.cart_items i JOIN catalog.products p ON p.id = i.product_id
     WHERE i.cart_id = :start_id
     ORDER BY p.id
       FOR NO KEY UPDATE OF p),
sellable AS (
    SELECT count(*) > 0 AND bool_and(is_active AND inventory_quantity >= quantity
                                     AND price_cents = price_snapshot_cents) AS every_line
      FROM line),
taken AS (
    UPDATE catalog.products p
       SET inventory_quantity = p.inventory_quantity - line.quantity, version = p.version + 1,
           updated_at = :now
      FROM line, sellable
     WHERE sellable.every_line AND p.id = line.product_id
    RETURNING p.id)
SELECT line.*, (SELECT count(*) FROM taken) FROM line ORDER BY line.product_id;
WITH created AS (
    INSERT INTO catalog.outbox (id, aggregate_id, event_type, topic, message_key, payload, correlation_id)
    VALUES (:event_id, :order_id, :event_type, :topic, :order_id, :payload, :correlation_id)),
reserved AS (
    INSERT INTO catalog.stock_reservations (order_id, product_id, quantity)
    SELECT :order_id, product_id, quantity FROM catalog.cart_items WHERE cart_id = :start_id),
completed AS (
    UPDATE catalog.checkout_idempotency
       SET state = 'COMPLETED', response_status = :status, response_body = :body
     WHERE idempotency_key = :session_id)
DELETE FROM catalog.carts WHERE id = :start_id;
COMMIT;
