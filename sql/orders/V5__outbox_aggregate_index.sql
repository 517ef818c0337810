-- orders schema, V5: find an order's events in the outbox by the order.
--
-- The daemon asks, for every order it charges, whether a PaymentCompleted was
-- already written for it (OrderProcessingRepository's lock for payment:
-- EXISTS ... WHERE aggregate_id = $order AND event_type = 'PAYMENT_COMPLETED').
-- Sent rows stay 7 days, so without this index that question scanned the
-- whole table: at ~29,000 rows one daemon paid 15 orders/s.
--
-- An order has a handful of events, so the index on aggregate_id alone
-- narrows the search to them; event_type is in the key so the EXISTS is
-- answered from the index without visiting the rows.
--
-- Built inside the migration's transaction (the runner wraps every file in
-- one), so it blocks writes to orders.outbox while it builds: about a second
-- per million rows.

CREATE INDEX outbox_aggregate_event_idx
    ON orders.outbox (aggregate_id, event_type);
