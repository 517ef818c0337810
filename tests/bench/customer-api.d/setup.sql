-- The benchmark's own objects in its database (schema bench), made by every
-- run of tests/bench/customer-api (idempotent). Nothing of the shop reads them.
CREATE SCHEMA IF NOT EXISTS bench;

-- Written once the catalog is seeded: a rerun finds it and does not seed again.
CREATE TABLE IF NOT EXISTS bench.seeded (
    products   bigint       NOT NULL,
    orders     bigint       NOT NULL,
    seeded_at  timestamptz  NOT NULL DEFAULT now()
);

-- The products the scenarios buy: 1,000 spread over the whole catalog
-- (every n-th active product by SKU), or every active one of a smaller
-- catalog, numbered from 0. Carts name them by number.
CREATE TABLE IF NOT EXISTS bench.products (
    idx          integer  PRIMARY KEY,
    id           uuid     NOT NULL,
    sku          text     NOT NULL,
    name         text     NOT NULL,
    price_cents  bigint   NOT NULL
);
INSERT INTO bench.products
SELECT row_number() OVER (ORDER BY sku) - 1, id, sku, name, price_cents
  FROM (SELECT id, sku, name, price_cents, row_number() OVER (ORDER BY sku) AS rn, count(*) OVER () AS n
          FROM catalog.products WHERE is_active) p
 WHERE (rn - 1) % greatest(n / 1000, 1) = 0 AND NOT EXISTS (SELECT FROM bench.products)
 ORDER BY sku LIMIT 1000;

-- Enough stock that no checkout of any run runs out or crosses a reorder
-- level (which would add a stock-low outbox row the scripts do not have).
UPDATE catalog.products SET inventory_quantity = 1000000000
 WHERE id IN (SELECT id FROM bench.products) AND inventory_quantity < 500000000;

-- Line j of pool cart n holds product (n * lines + j) % spread; the product
-- a request adds to cart n is the next one (line = lines), so it is never in
-- the cart yet (and a new cart, lines = 0, adds product n % spread).
CREATE OR REPLACE FUNCTION bench.product_for(n bigint, line integer, lines integer, spread integer)
RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT ((n * greatest(lines, 1) + line) % spread)::integer $$;

-- Pool carts prefix || n for n in first..last, each with `lines` lines at the
-- current price (an old price would make checkout refuse with 409), live
-- for a day. Checkouts and "add to an existing cart" need a full cart per
-- request; making them in SQL takes seconds where the API would take minutes.
CREATE OR REPLACE FUNCTION bench.fill_carts(prefix text, first bigint, last bigint, lines integer, spread integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO catalog.carts (session_id, expires_at)
    SELECT prefix || n, now() + interval '1 day' FROM generate_series(first, last) n;
    INSERT INTO catalog.cart_items (cart_id, product_id, product_sku, product_name, quantity, price_snapshot_cents)
    SELECT c.id, p.id, p.sku, p.name, 1, p.price_cents
      FROM generate_series(first, last) n
      JOIN catalog.carts c ON c.session_id = prefix || n
      CROSS JOIN generate_series(0, lines - 1) j
      JOIN bench.products b ON b.idx = bench.product_for(n, j, lines, spread)
      JOIN catalog.products p ON p.id = b.id;
$$;

-- pgbench's clients take pool entries with nextval (it has no shared
-- counter): one extra cheap round trip per transaction, before BEGIN.
CREATE SEQUENCE IF NOT EXISTS bench.take;

-- The next pool entry: its session id and the product a request adds to it.
CREATE OR REPLACE FUNCTION bench.take(prefix text, lines integer, spread integer)
RETURNS TABLE (session_id text, product uuid, event_id uuid, order_id uuid)
LANGUAGE sql AS $$
    SELECT prefix || n, b.id, gen_random_uuid(), gen_random_uuid()
      FROM nextval('bench.take') n
      JOIN bench.products b ON b.idx = bench.product_for(n, lines, lines, spread)
$$;
