-- EXPLAIN (ANALYZE, BUFFERS) of the listings' hot statements on a database
-- seeded by `shop seed-demo --products 1000000 --orders 1000000` (numbers in
-- docs/performance.md, "Catalog and orders at 1,000,000"). Values are written
-- in as the services bind them.
--   psql "$DATABASE_URL" -X -q -f tests/bench/catalog-at-scale-explain.sql
-- The keyset cursors: the rows half way down each list.
SELECT name AS cursor_name, id AS cursor_id FROM catalog.products WHERE is_active ORDER BY name, id OFFSET 500000 LIMIT 1 \gset
SELECT created_at AS cursor_at, id AS cursor_order FROM orders.orders ORDER BY created_at DESC, id DESC OFFSET 500000 LIMIT 1 \gset
SELECT substr(sku, length(sku) - 7) AS rare_text FROM catalog.products ORDER BY id LIMIT 1 \gset
\set cols 'id, sku, name, description, price_cents, inventory_quantity, category_id, is_active, version, created_at, updated_at'
\echo '### P1 product page 0, name order (API default)'
EXPLAIN (ANALYZE, BUFFERS) SELECT :cols FROM catalog.products WHERE is_active = true ORDER BY name ASC, id ASC LIMIT 20 OFFSET 0;
\echo '### P2 product page 40000 (OFFSET 800000), plain OFFSET (before)'
EXPLAIN (ANALYZE, BUFFERS) SELECT :cols FROM catalog.products WHERE is_active = true ORDER BY name ASC, id ASC LIMIT 20 OFFSET 800000;
\echo '### P3 product page 40000 (OFFSET 800000), ids first (after)'
EXPLAIN (ANALYZE, BUFFERS) SELECT :cols FROM catalog.products WHERE id IN (SELECT id FROM catalog.products WHERE is_active = true ORDER BY name ASC, id ASC LIMIT 20 OFFSET 800000) ORDER BY name ASC, id ASC;
\echo '### P4 product page after a row half way (keyset, GUI)'
EXPLAIN (ANALYZE, BUFFERS) SELECT :cols FROM catalog.products WHERE is_active = true AND (name, id) > (:'cursor_name'::text, :'cursor_id'::uuid) ORDER BY name ASC, id ASC LIMIT 200;
\echo '### P5 category, price descending, page 0'
EXPLAIN (ANALYZE, BUFFERS) SELECT :cols FROM catalog.products WHERE category_id = (SELECT id FROM catalog.categories WHERE name = 'Garden 3') AND is_active = true ORDER BY price_cents DESC, id DESC LIMIT 20;
\echo '### P6 total (counters)'
EXPLAIN (ANALYZE, BUFFERS) SELECT COALESCE(sum(product_count), 0)::bigint FROM catalog.product_counts WHERE is_active = true;
\echo '### S1 search count, rare text (the digits of one SKU)'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM catalog.products WHERE is_active = true AND (sku ILIKE '%' || :'rare_text' || '%' OR name ILIKE '%' || :'rare_text' || '%');
\echo '### S2 search first page, rare text, SKU order'
EXPLAIN (ANALYZE, BUFFERS) SELECT :cols FROM catalog.products WHERE is_active = true AND (sku ILIKE '%' || :'rare_text' || '%' OR name ILIKE '%' || :'rare_text' || '%') ORDER BY sku ASC, id ASC LIMIT 200;
\echo '### S3 search count, common text (oak lamp: 1 in 300)'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM catalog.products WHERE is_active = true AND (sku ILIKE '%oak lamp%' OR name ILIKE '%oak lamp%');
\echo '### S4 search first page, common text, SKU order'
EXPLAIN (ANALYZE, BUFFERS) SELECT :cols FROM catalog.products WHERE is_active = true AND (sku ILIKE '%oak lamp%' OR name ILIKE '%oak lamp%') ORDER BY sku ASC, id ASC LIMIT 200;
\echo '### S5 search count, very common text (lamp: 1 in 24)'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM catalog.products WHERE is_active = true AND (sku ILIKE '%lamp%' OR name ILIKE '%lamp%');
\echo '### C1 category order first page (GUI sort by category)'
EXPLAIN (ANALYZE, BUFFERS) SELECT :cols FROM catalog.products WHERE is_active = true ORDER BY (SELECT c.name FROM catalog.categories c WHERE c.id = products.category_id) ASC, id ASC LIMIT 200;
\echo '### O1 order count, no filter'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM orders.orders;
\echo '### O2 order count, status PAID'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM orders.orders WHERE status = 'PAID';
\echo '### O1c order total, no filter, counters (orders V8)'
EXPLAIN (ANALYZE, BUFFERS) SELECT COALESCE(sum(order_count), 0)::bigint FROM orders.order_counts;
\echo '### O2c order total, status PAID, counters (orders V8)'
EXPLAIN (ANALYZE, BUFFERS) SELECT COALESCE(sum(order_count), 0)::bigint FROM orders.order_counts WHERE status = 'PAID';
\echo '### O3 order page 0'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM orders.orders ORDER BY created_at DESC, id DESC LIMIT 100 OFFSET 0;
\echo '### O4 order page at OFFSET 500000, plain OFFSET (before)'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM orders.orders ORDER BY created_at DESC, id DESC LIMIT 100 OFFSET 500000;
\echo '### O5 order page at OFFSET 500000, ids first (after)'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM orders.orders WHERE id IN (SELECT id FROM orders.orders ORDER BY created_at DESC, id DESC LIMIT 100 OFFSET 500000) ORDER BY created_at DESC, id DESC;
\echo '### O6 order page after an order half way (keyset, GUI)'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM orders.orders WHERE (created_at, id) < (:'cursor_at'::timestamptz, :'cursor_order'::uuid) ORDER BY created_at DESC, id DESC LIMIT 100;
\echo '### O7 order page, customer e-mail'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM orders.orders WHERE lower(customer_email) = lower('customer4242@example.com') ORDER BY created_at DESC, id DESC LIMIT 100;
\echo '### O8 items of a page of 100 orders'
EXPLAIN (ANALYZE, BUFFERS) SELECT order_id, id, product_id, product_sku, product_name, quantity, price_snapshot_cents, subtotal_cents FROM orders.order_items WHERE order_id = ANY((SELECT array_agg(id) FROM (SELECT id FROM orders.orders ORDER BY created_at DESC, id DESC LIMIT 100) o)::uuid[]) ORDER BY order_id, line_no, id;
\echo '### O9 order page, status PAID, page 0'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM orders.orders WHERE status = 'PAID' ORDER BY created_at DESC, id DESC LIMIT 100;
\echo '### C2 category order first page, a page per category (after)'
EXPLAIN (ANALYZE, BUFFERS) SELECT p.* FROM catalog.categories c CROSS JOIN LATERAL (SELECT :cols FROM catalog.products WHERE is_active = true AND category_id = c.id ORDER BY name ASC, id ASC LIMIT 200) p ORDER BY c.name ASC, c.id ASC, p.name ASC, p.id ASC LIMIT 200;
\echo '### C3 category order, all products (active and not), first page (after)'
EXPLAIN (ANALYZE, BUFFERS) SELECT p.* FROM catalog.categories c CROSS JOIN LATERAL (SELECT :cols FROM catalog.products WHERE category_id = c.id ORDER BY name ASC, id ASC LIMIT 200) p ORDER BY c.name ASC, c.id ASC, p.name ASC, p.id ASC LIMIT 200;
\echo '### A1 all products (active and not), name order, first page'
EXPLAIN (ANALYZE, BUFFERS) SELECT :cols FROM catalog.products ORDER BY name ASC, id ASC LIMIT 200;
