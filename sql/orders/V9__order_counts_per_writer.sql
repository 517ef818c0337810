-- orders schema, V9: order counters sharded by the writing connection, not
-- by the order.
--
-- V8 spread each status's counter over 16 rows by order id, so one order's
-- transaction locked one row per status it touched. The daemon now creates
-- and claims the orders of one poll in one transaction (and applies their
-- payment results in another): 50 orders touch nearly every shard of PENDING
-- and PROCESSING, so those transactions waited for each other, and, taking
-- the rows in the order of their orders, deadlocked (56 deadlocks in one
-- 20,000-order run of tests/bench/daemon-ceiling).
--
-- A counter row is only a share of a status's total: the sum is what is
-- read, and a shard may go below zero (an order created by one connection
-- and paid by another). So the shard can be the connection's: every
-- transaction then changes only rows of its own shard, and two writers
-- contend only when their backend pids fall in the same of 128 shards.
-- Readers sum at most 6 x 128 rows, through the primary key for a status.

CREATE OR REPLACE FUNCTION orders.count_order_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO orders.order_counts AS counts (status, shard, order_count)
    SELECT change.status, (pg_backend_pid() % 128)::smallint, sum(change.delta)
      FROM (SELECT OLD.status, -1 WHERE TG_OP <> 'INSERT'
            UNION ALL
            SELECT NEW.status, 1 WHERE TG_OP <> 'DELETE')
           AS change (status, delta)
     GROUP BY change.status
     ORDER BY change.status
    ON CONFLICT (status, shard)
    DO UPDATE SET order_count = counts.order_count + EXCLUDED.order_count;
    RETURN NULL;
END
$$;
