-- The sales reports' statements as backend/reports/reportrepository.cpp builds them
-- (keep in step), prepared for tests/bench/sales-reports.
PREPARE over_time(text, text, text, text) AS
WITH buckets AS (
        SELECT generate_series(date_trunc($4, $1::date::timestamp),
                               ($2::date + 1)::timestamp - interval '1 microsecond',
                               ('1 ' || $4)::interval) AS bucket),
    figures AS (
        SELECT date_trunc($4, o.created_at AT TIME ZONE $3) AS bucket,
               count(*) AS orders,
               count(*) FILTER (WHERE p.status = 'SUCCESS') AS paid,
               sum(o.subtotal_cents - p.refunded_cents) FILTER (WHERE p.status = 'SUCCESS') AS revenue
          FROM orders.orders o
          LEFT JOIN orders.payment_transactions p ON p.order_id = o.id
         WHERE o.created_at >= ($1::date::timestamp AT TIME ZONE $3)
    AND o.created_at < (($2::date + 1)::timestamp AT TIME ZONE $3)
         GROUP BY 1)
    SELECT to_char(k.bucket, 'YYYY-MM-DD"T"HH24:MI:SS'), coalesce(f.orders, 0), coalesce(f.paid, 0), coalesce(f.revenue, 0)
      FROM buckets k LEFT JOIN figures f USING (bucket)
     ORDER BY k.bucket;
PREPARE by_category(text, text, text) AS
    WITH sold AS (
        SELECT i.product_id, i.product_sku, i.product_name, o.created_at, i.price_snapshot_cents,
               i.quantity - least(i.quantity, coalesce(back.quantity, 0)) AS units
          FROM orders.orders o
          JOIN orders.payment_transactions p ON p.order_id = o.id AND p.status = 'SUCCESS'
          JOIN orders.order_items i ON i.order_id = o.id
          LEFT JOIN LATERAL (
              SELECT sum(ri.quantity) AS quantity
                FROM orders.refund_items ri JOIN orders.refunds r ON r.id = ri.refund_id
               WHERE ri.order_item_id = i.id AND r.status = 'SUCCEEDED') back ON true
         WHERE o.created_at >= ($1::date::timestamp AT TIME ZONE $3)
    AND o.created_at < (($2::date + 1)::timestamp AT TIME ZONE $3))
    SELECT coalesce(c.name, 'Uncategorised') AS category, sum(s.units), sum(s.units * s.price_snapshot_cents) AS revenue
      FROM sold s
      LEFT JOIN catalog.products cp ON cp.id = s.product_id
      LEFT JOIN catalog.categories c ON c.id = cp.category_id
     GROUP BY c.id, c.name
    HAVING sum(s.units) > 0
     ORDER BY revenue DESC, category;
PREPARE top_products(text, text, text) AS
    WITH sold AS (
        SELECT i.product_id, i.product_sku, i.product_name, o.created_at, i.price_snapshot_cents,
               i.quantity - least(i.quantity, coalesce(back.quantity, 0)) AS units
          FROM orders.orders o
          JOIN orders.payment_transactions p ON p.order_id = o.id AND p.status = 'SUCCESS'
          JOIN orders.order_items i ON i.order_id = o.id
          LEFT JOIN LATERAL (
              SELECT sum(ri.quantity) AS quantity
                FROM orders.refund_items ri JOIN orders.refunds r ON r.id = ri.refund_id
               WHERE ri.order_item_id = i.id AND r.status = 'SUCCEEDED') back ON true
         WHERE o.created_at >= ($1::date::timestamp AT TIME ZONE $3)
    AND o.created_at < (($2::date + 1)::timestamp AT TIME ZONE $3)),
    totals AS (
        SELECT product_id,
               (array_agg(product_sku ORDER BY created_at DESC))[1] AS sku,
               (array_agg(product_name ORDER BY created_at DESC))[1] AS name,
               sum(units) AS units, sum(units * price_snapshot_cents) AS revenue
          FROM sold
         GROUP BY product_id
        HAVING sum(units) > 0)
    SELECT product_id, sku, name, units, revenue FROM totals ORDER BY revenue DESC, units DESC, sku LIMIT 20;
PREPARE payment_mix(text, text, text) AS
    SELECT CASE WHEN EXISTS (SELECT 1 FROM pos.sales s WHERE s.order_number = o.order_number)
                THEN 'POS' ELSE 'WEB' END AS channel,
           coalesce(o.payment_method, p.payment_method) AS method,
           count(*), sum(o.subtotal_cents - p.refunded_cents)
      FROM orders.orders o
      JOIN orders.payment_transactions p ON p.order_id = o.id AND p.status = 'SUCCESS'
     WHERE o.created_at >= ($1::date::timestamp AT TIME ZONE $3)
    AND o.created_at < (($2::date + 1)::timestamp AT TIME ZONE $3)
     GROUP BY 1, 2
     ORDER BY 1, 2;
PREPARE problems(text, text, text, text) AS
WITH buckets AS (
        SELECT generate_series(date_trunc($4, $1::date::timestamp),
                               ($2::date + 1)::timestamp - interval '1 microsecond',
                               ('1 ' || $4)::interval) AS bucket),
    failed AS (
        SELECT date_trunc($4, p.completed_at AT TIME ZONE $3) AS bucket, count(*) AS payments,
               sum(p.amount_cents) AS cents
          FROM orders.payment_transactions p
         WHERE p.status = 'FAILED' AND p.completed_at >= ($1::date::timestamp AT TIME ZONE $3) AND p.completed_at < (($2::date + 1)::timestamp AT TIME ZONE $3)
         GROUP BY 1),
    refunded AS (
        SELECT date_trunc($4, r.completed_at AT TIME ZONE $3) AS bucket, count(*) AS refunds,
               sum(r.amount_cents) AS cents
          FROM orders.refunds r
         WHERE r.status = 'SUCCEEDED' AND r.completed_at >= ($1::date::timestamp AT TIME ZONE $3) AND r.completed_at < (($2::date + 1)::timestamp AT TIME ZONE $3)
         GROUP BY 1)
    SELECT to_char(k.bucket, 'YYYY-MM-DD"T"HH24:MI:SS'), coalesce(f.payments, 0), coalesce(f.cents, 0),
           coalesce(r.refunds, 0), coalesce(r.cents, 0)
      FROM buckets k LEFT JOIN failed f USING (bucket) LEFT JOIN refunded r USING (bucket)
     ORDER BY k.bucket;
