-- 200,000 orders over 13 months for tests/bench/sales-reports (see there).
INSERT INTO catalog.categories (name) SELECT 'Category ' || c FROM generate_series(1, 20) c;
INSERT INTO catalog.products (sku, name, price_cents, category_id)
SELECT 'SKU-' || p, 'Product ' || p, 100 + (p * 37) % 5000,
       (SELECT id FROM catalog.categories WHERE name = 'Category ' || (1 + p % 20))
  FROM generate_series(1, 500) p;
CREATE TEMP TABLE prods AS SELECT row_number() OVER (ORDER BY sku) AS n, id, sku, name, price_cents FROM catalog.products;
INSERT INTO orders.orders (id, order_number, customer_name, customer_email, customer_phone, shipping_street, shipping_city,
    shipping_state, shipping_postal_code, shipping_country, subtotal_cents, status, payment_status, payment_method,
    created_at, updated_at, completed_at)
SELECT md5('o' || i)::uuid, 'ORD-20250101-' || lpad(i::text, 6, '0'), 'Ada', 'ada@example.com', '+441234567890', 'x', 'y', 'LN', '1', 'GB',
       0, CASE WHEN i % 14 = 0 THEN 'FAILED' WHEN i % 33 = 0 THEN 'PENDING' ELSE 'PAID' END,
       CASE WHEN i % 14 = 0 THEN 'FAILED' WHEN i % 33 = 0 THEN 'PENDING' ELSE 'SUCCESS' END,
       CASE WHEN i % 5 = 0 THEN 'CASH' ELSE 'MOCK' END,
       timestamptz '2025-11-01' + (i * interval '172.8 seconds'), now(), timestamptz '2025-11-01' + (i * interval '172.8 seconds')
  FROM generate_series(1, 200000) i;
INSERT INTO orders.order_items (order_id, line_no, product_id, product_sku, product_name, quantity, price_snapshot_cents, subtotal_cents)
SELECT md5('o' || i)::uuid, l, p.id, p.sku, p.name, 1 + (i + l) % 3, p.price_cents, (1 + (i + l) % 3) * p.price_cents
  FROM generate_series(1, 200000) i CROSS JOIN generate_series(1, 2) l
  JOIN prods p ON p.n = 1 + (i * 7 + l * 13) % 500;
UPDATE orders.orders o SET subtotal_cents = s.total FROM (SELECT order_id, sum(subtotal_cents) total FROM orders.order_items GROUP BY 1) s WHERE s.order_id = o.id;
INSERT INTO orders.payment_transactions (order_id, amount_cents, status, payment_method, completed_at)
SELECT id, subtotal_cents, payment_status, payment_method, completed_at FROM orders.orders WHERE payment_status <> 'PENDING';
INSERT INTO pos.terminals (name) VALUES ('t1');
INSERT INTO pos.shifts (id, terminal, opened_by, opening_float_cents) VALUES ('00000000-0000-0000-0000-000000000001', 't1', 'tom', 0);
INSERT INTO pos.sales (order_number, shift_id, cashier, payment_method)
SELECT order_number, '00000000-0000-0000-0000-000000000001', 'tom', 'CASH' FROM orders.orders WHERE payment_method = 'CASH';
-- a cancellation refund for every 25th paid order
INSERT INTO orders.refunds (id, order_id, payment_id, kind, amount_cents, status, reason, requested_by, external_refund_id, completed_at)
SELECT md5('r' || o.id)::uuid, o.id, p.id, 'CANCELLATION', p.amount_cents, 'SUCCEEDED', 'bench', 'maria', 'x', o.created_at + interval '1 day'
  FROM orders.orders o JOIN orders.payment_transactions p ON p.order_id = o.id
 WHERE p.status = 'SUCCESS' AND substr(o.order_number, 15)::int % 25 = 0;
INSERT INTO orders.refund_items (refund_id, order_item_id, quantity)
SELECT r.id, i.id, i.quantity FROM orders.refunds r JOIN orders.order_items i ON i.order_id = r.order_id;
UPDATE orders.payment_transactions p SET refunded_cents = p.amount_cents FROM orders.refunds r WHERE r.payment_id = p.id;
ANALYZE catalog.products, catalog.categories, orders.orders, orders.order_items, orders.payment_transactions,
        orders.refunds, orders.refund_items, pos.sales;
