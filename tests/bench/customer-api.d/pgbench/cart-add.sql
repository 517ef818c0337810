-- POST /api/v1/carts/{session}/items: CartService::addItem, to a new cart
-- (:lines 0) or to a pool cart of :lines lines (CartRepository: kAddItem,
-- kSelectLive).
-- Bookkeeping, not the server's: the session and the product it adds.
SELECT session_id, product FROM bench.take(:prefix, :lines, :spread) \gset
BEGIN;
WITH product AS MATERIALIZED (
    SELECT id, sku, name, price_cents, inventory_quantity, is_active FROM catalog.products WHERE id = :product),
expired AS (
    DELETE FROM catalog.carts
     WHERE session_id = :session_id AND expires_at <= :now AND EXISTS (SELECT FROM product WHERE is_active)
    RETURNING id),
cart AS (
    INSERT INTO catalog.carts (session_id, created_at, updated_at, expires_at)
    SELECT :session_id, :now, :now, :expires FROM product WHERE is_active AND (SELECT count(*) FROM expired) >= 0
    ON CONFLICT (session_id) DO UPDATE SET updated_at = EXCLUDED.updated_at, expires_at = EXCLUDED.expires_at
    RETURNING id),
item AS (
    INSERT INTO catalog.cart_items
        (cart_id, product_id, product_sku, product_name, quantity, price_snapshot_cents, created_at, updated_at)
    SELECT cart.id, product.id, product.sku, product.name, :quantity, product.price_cents, :now, :now
      FROM cart, product
     WHERE :quantity <= product.inventory_quantity
    ON CONFLICT (cart_id, product_id) DO UPDATE
       SET quantity = catalog.cart_items.quantity + EXCLUDED.quantity,
           price_snapshot_cents = EXCLUDED.price_snapshot_cents, updated_at = EXCLUDED.updated_at
     WHERE catalog.cart_items.quantity::bigint + EXCLUDED.quantity <= (SELECT inventory_quantity FROM product)
    RETURNING id)
SELECT id, sku, name, price_cents, inventory_quantity, is_active, (SELECT count(*) FROM item) FROM product;
SELECT c.id, c.created_at, c.updated_at, c.expires_at,
       i.id, i.product_id, i.product_sku, i.product_name, i.quantity, i.price_snapshot_cents
  FROM catalog.carts c LEFT JOIN catalog.cart_items i ON i.cart_id = c.id
 WHERE c.session_id = :session_id AND c.expires_at > :now
 ORDER BY i.created_at, i.product_sku, i.id;
COMMIT;
