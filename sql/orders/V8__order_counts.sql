-- orders schema, V8: the order list's cheap total.
--
-- Every page of GET /orders answers totalElements, and a count(*) over the
-- matches read every matching index entry: 0.3 s per page at 1,000,000
-- orders, 18 pages a second at most (docs/performance.md, "Catalog and
-- orders at 1,000,000"). orders.order_counts keeps the number of orders per
-- status, maintained by triggers in the same transaction as the change, so
-- the list without a filter, or with a status alone, sums at most 6 x 16
-- rows. Lists filtered by customer or dates still count their matches (a
-- customer has few orders; a date range is what it is).
--
-- Unlike products, orders change status three or four times in their life
-- (the daemon's PROCESSING and PAID, a manager's fulfilment), so one counter
-- row per status would be a row every payment locks until its commit,
-- serialising the daemon. The counters are split in 16 shards by the order
-- id: two orders contend only when their ids fall in the same shard, and a
-- status change locks its two rows in one statement in key order (as V7's
-- product counters do), so two changes cannot deadlock over them.

CREATE TABLE orders.order_counts (
    status       text      NOT NULL,
    shard        smallint  NOT NULL,
    order_count  bigint    NOT NULL,

    -- No CHECK (order_count >= 0): ON CONFLICT checks the proposed row,
    -- and a change proposes -1 for the status it leaves.
    PRIMARY KEY (status, shard)
);

CREATE FUNCTION orders.order_shard(p_id uuid) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
    SELECT (abs(hashtext(p_id::text)) % 16)::smallint
$$;

INSERT INTO orders.order_counts (status, shard, order_count)
SELECT status, orders.order_shard(id), count(*) FROM orders.orders GROUP BY 1, 2;

CREATE FUNCTION orders.count_order_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO orders.order_counts AS counts (status, shard, order_count)
    SELECT change.status, change.shard, change.delta
      FROM (SELECT OLD.status, orders.order_shard(OLD.id), -1 WHERE TG_OP <> 'INSERT'
            UNION ALL
            SELECT NEW.status, orders.order_shard(NEW.id), 1 WHERE TG_OP <> 'DELETE')
           AS change (status, shard, delta)
     ORDER BY change.status, change.shard
    ON CONFLICT (status, shard)
    DO UPDATE SET order_count = counts.order_count + EXCLUDED.order_count;
    RETURN NULL;
END
$$;

CREATE FUNCTION orders.forget_order_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM orders.order_counts;
    RETURN NULL;
END
$$;

CREATE TRIGGER orders_counted_on_insert_or_delete
    AFTER INSERT OR DELETE ON orders.orders
    FOR EACH ROW EXECUTE FUNCTION orders.count_order_change();

CREATE TRIGGER orders_counted_on_status_change
    AFTER UPDATE OF status ON orders.orders
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION orders.count_order_change();

CREATE TRIGGER orders_counted_on_truncate
    AFTER TRUNCATE ON orders.orders
    FOR EACH STATEMENT EXECUTE FUNCTION orders.forget_order_counts();
