-- POST /api/v1/carts/{new session}/items: CartService::addItem on a session
-- without a cart (CartRepository: kSelectProduct, kDeleteExpiredOfSession,
-- kUpsert, kSelectItemQuantity, kAddToItem, kSelectLive).
-- Bookkeeping, not the server's: a new session id and the product it adds.
SELECT session_id, product FROM bench.take(:prefix, 0, :spread) \gset
BEGIN;
SELECT id, sku, name, price_cents, inventory_quantity, is_active FROM catalog.products WHERE id = :product \gset p_
DELETE FROM catalog.carts WHERE session_id = :session_id AND expires_at <= :now;
INSERT INTO catalog.carts (session_id, created_at, updated_at, expires_at) VALUES (:session_id, :now, :now, :expires)
ON CONFLICT (session_id) DO UPDATE SET updated_at = EXCLUDED.updated_at, expires_at = EXCLUDED.expires_at
RETURNING id \gset cart_
SELECT quantity FROM catalog.cart_items WHERE cart_id = :cart_id AND product_id = :product;
INSERT INTO catalog.cart_items
    (cart_id, product_id, product_sku, product_name, quantity, price_snapshot_cents, created_at, updated_at)
VALUES (:cart_id, :product, :p_sku, :p_name, :quantity, :p_price_cents, :now, :now)
ON CONFLICT (cart_id, product_id) DO UPDATE
   SET quantity = catalog.cart_items.quantity + EXCLUDED.quantity,
       price_snapshot_cents = EXCLUDED.price_snapshot_cents, updated_at = EXCLUDED.updated_at;
SELECT c.id, c.created_at, c.updated_at, c.expires_at,
       i.id, i.product_id, i.product_sku, i.product_name, i.quantity, i.price_snapshot_cents
  FROM catalog.carts c LEFT JOIN catalog.cart_items i ON i.cart_id = c.id
 WHERE c.session_id = :session_id AND c.expires_at > :now
 ORDER BY i.created_at, i.product_sku, i.id;
COMMIT;
