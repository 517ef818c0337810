-- orders schema, V7: indexes for the sales reports (backend/reports).
--
-- The reports find orders by created_at (orders_created_idx, V1), their
-- payment by order_id (payment_transactions_order_uq, V2) and their items by
-- order_id (order_items_order_id_idx, V1). What they lacked:
-- * the units refunds took back of an order item: refund_items is keyed by
--   (refund_id, order_item_id), so asking by item scanned the table;
-- * failed payments and succeeded refunds by when they happened, for the
--   "failed and refunded over time" report. Partial indexes: only those rows,
--   which are a small share of all.

CREATE INDEX refund_items_order_item_idx ON orders.refund_items (order_item_id);

CREATE INDEX payment_transactions_failed_idx
    ON orders.payment_transactions (completed_at)
    WHERE status = 'FAILED';

CREATE INDEX refunds_succeeded_idx
    ON orders.refunds (completed_at)
    WHERE status = 'SUCCEEDED';
