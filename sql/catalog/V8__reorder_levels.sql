-- catalog schema, V8: reorder levels and the StockLow alerts.
--
-- reorder_level: the stock at or below which the product needs reordering.
-- NULL means the shop's default (setting stock-reorder-level). 0 is a level
-- like any other: the alert comes when the last unit is sold. A stock change
-- that takes inventory_quantity from above the level to at or below it
-- writes one StockLow event (event_type 'STOCK_LOW', topic stock.low) to
-- catalog.outbox in the same transaction; the code compares the values
-- before and after the change while it holds the row lock (docs/api/events.md).
-- Adding a nullable column without a default rewrites nothing.

ALTER TABLE catalog.products
    ADD COLUMN reorder_level integer NULL,
    ADD CONSTRAINT products_reorder_level_ck CHECK (reorder_level BETWEEN 0 AND 1000000);

-- The manager window asks every few seconds for the StockLow events of the
-- last minute; this keeps that a read of a few index entries however many
-- order events the outbox holds.
CREATE INDEX outbox_stock_low_idx
    ON catalog.outbox (created_at)
    WHERE event_type = 'STOCK_LOW';
