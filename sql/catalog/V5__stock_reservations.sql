-- catalog schema, V5: what each order took from stock, so it can go back.
--
-- Checkout writes one row per order line in its transaction. When the order
-- daemon reports a failed payment (payments.completed, FAILED) or a
-- cancellation (orders.cancelled), the catalog's consumer releases the
-- order's rows and adds their quantities back to the products. Releasing is
-- "UPDATE ... SET released_at = now() WHERE released_at IS NULL RETURNING",
-- so the stock returns exactly once per order even when both events arrive
-- (cancelled while the payment was failing) or one arrives twice.
--
-- No foreign key to products: a reservation outlives a product's soft delete
-- and must not block housekeeping. Rows of orders older than the outbox and
-- topic retention could be purged; they are small, so nothing does yet.

CREATE TABLE catalog.stock_reservations (
    order_id     uuid            NOT NULL,
    product_id   uuid            NOT NULL,
    quantity     integer         NOT NULL,
    created_at   timestamptz(3)  NOT NULL DEFAULT now(),
    released_at  timestamptz(3)  NULL,
    release_reason text          NULL,

    CONSTRAINT stock_reservations_pk PRIMARY KEY (order_id, product_id),
    CONSTRAINT stock_reservations_quantity_ck CHECK (quantity >= 1)
);
