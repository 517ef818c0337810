-- EXPLAIN (ANALYZE, BUFFERS) of the REST API's cursor pages (?cursor=, the
-- keyset read after a row) for every sortBy and sortDir, with and without
-- categoryId, on a database seeded by `shop seed-demo --products 1000000`
-- (plans in docs/performance.md, "Cursor pages of the REST API"). Each
-- cursor is the row 800,000 down the listing (page 40,000 at size 20), or
-- 5,000 down one category's; the statement is ProductRepository's, with the
-- values written in as it binds them.
--   psql "$DATABASE_URL" -X -q -f tests/bench/cursor-pages-explain.sql
\set cols 'id, sku, name, description, price_cents, inventory_quantity, category_id, is_active, version, created_at, updated_at, reorder_level'
SELECT set_config('cursor.garden', id::text, false) FROM catalog.categories WHERE name = 'Garden 3' \g /dev/null
SELECT set_config('cursor.cols', :'cols', false) \g /dev/null
DO $$
DECLARE
    sort record;
    direction text;
    category uuid;
    filter text;
    key text;
    row_id uuid;
    line text;
BEGIN
    FOR sort IN SELECT * FROM (VALUES ('name', 'name', 'text'), ('price', 'price_cents', 'bigint'),
                                      ('createdAt', 'created_at', 'timestamptz'), ('sku', 'sku', 'text'),
                                      ('inventoryQuantity', 'inventory_quantity', 'integer')) s (api, col, type)
    LOOP
        FOREACH direction IN ARRAY ARRAY['ASC', 'DESC'] LOOP
            FOREACH category IN ARRAY ARRAY[NULL, current_setting('cursor.garden')::uuid] LOOP
                filter := CASE WHEN category IS NULL THEN '' ELSE format('category_id = %L AND ', category) END;
                EXECUTE format('SELECT %I::text, id FROM catalog.products WHERE %s is_active = true'
                               ' ORDER BY %I %s, id %s OFFSET %s LIMIT 1', sort.col, filter, sort.col, direction,
                               direction, CASE WHEN category IS NULL THEN 800000 ELSE 5000 END)
                    INTO key, row_id;
                RAISE NOTICE '### sortBy=% sortDir=% %', sort.api, lower(direction),
                    CASE WHEN category IS NULL THEN '' ELSE ' categoryId=(Garden 3)' END;
                FOR line IN EXECUTE format('EXPLAIN (ANALYZE, BUFFERS) SELECT %s FROM catalog.products'
                                           ' WHERE %s is_active = true AND (%I, id) %s (%L::%s, %L::uuid)'
                                           ' ORDER BY %I %s, id %s LIMIT 20',
                                           current_setting('cursor.cols'), filter, sort.col,
                                           CASE direction WHEN 'ASC' THEN '>' ELSE '<' END, key, sort.type, row_id,
                                           sort.col, direction, direction)
                LOOP
                    RAISE NOTICE '%', line;
                END LOOP;
            END LOOP;
        END LOOP;
    END LOOP;
END
$$;
