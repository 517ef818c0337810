-- orders schema, V6: refunds, and the mock gateway's ledger of them.
--
-- refunds: money given back for a paid order, one row per refund.
-- * id is the refund id: written with the RefundRequested event that asks
--   for it (same transaction), and the gateway's idempotency key (with
--   key_generation, below), so a redelivered request or a daemon killed
--   between the gateway call and its commit never pays twice.
-- * status REQUESTED -> SUCCEEDED | FAILED; FAILED is retryable by a manager
--   (back to REQUESTED with a new RefundRequested). The partial index lists
--   what needs attention.
-- * failure_outcome says whether the gateway decided (DECLINED: no money
--   moved, so a retry may use a new key) or not (UNAVAILABLE: it may have
--   moved money, so a retry must repeat the same key). key_generation is 0
--   for the first key (the refund id itself) and grows only after a decline.
-- * kind: CANCELLATION (the whole order, at most one per order: the partial
--   unique index) or RETURN (a subset of the items, later from the till).
--   refund_items says which items and how many a refund covers.
-- * payment_transactions.refunded_cents sums the SUCCEEDED refunds; its CHECK
--   makes paying back more than was charged impossible even for a bug.

CREATE TABLE orders.refunds (
    id                  uuid            PRIMARY KEY,
    order_id            uuid            NOT NULL REFERENCES orders.orders (id) ON DELETE CASCADE,
    payment_id          uuid            NOT NULL REFERENCES orders.payment_transactions (id) ON DELETE CASCADE,
    kind                text            NOT NULL,
    amount_cents        bigint          NOT NULL,
    status              text            NOT NULL DEFAULT 'REQUESTED',
    reason              text            NOT NULL,
    requested_by        text            NOT NULL,
    key_generation      integer         NOT NULL DEFAULT 0,
    attempts            integer         NOT NULL DEFAULT 0,
    external_refund_id  text            NULL,
    failure_outcome     text            NULL,
    failure_reason      text            NULL,
    correlation_id      text            NULL,
    created_at          timestamptz(3)  NOT NULL DEFAULT now(),
    updated_at          timestamptz(3)  NOT NULL DEFAULT now(),
    completed_at        timestamptz(3)  NULL,

    CONSTRAINT refunds_kind_ck      CHECK (kind IN ('CANCELLATION', 'RETURN')),
    CONSTRAINT refunds_amount_ck    CHECK (amount_cents > 0),
    CONSTRAINT refunds_status_ck    CHECK (status IN ('REQUESTED', 'SUCCEEDED', 'FAILED')),
    CONSTRAINT refunds_reason_ck    CHECK (char_length(reason) BETWEEN 1 AND 500),
    CONSTRAINT refunds_key_gen_ck   CHECK (key_generation >= 0),
    CONSTRAINT refunds_attempts_ck  CHECK (attempts >= 0),
    CONSTRAINT refunds_result_ck    CHECK (
        (status = 'REQUESTED')
        OR (status = 'SUCCEEDED' AND external_refund_id IS NOT NULL AND completed_at IS NOT NULL)
        OR (status = 'FAILED' AND failure_outcome IN ('DECLINED', 'UNAVAILABLE') AND failure_reason IS NOT NULL))
);

CREATE UNIQUE INDEX refunds_one_cancellation_uq ON orders.refunds (order_id) WHERE kind = 'CANCELLATION';
CREATE INDEX refunds_order_idx ON orders.refunds (order_id, created_at);
CREATE INDEX refunds_status_idx ON orders.refunds (status, created_at, id);

CREATE TABLE orders.refund_items (
    refund_id      uuid     NOT NULL REFERENCES orders.refunds (id) ON DELETE CASCADE,
    order_item_id  uuid     NOT NULL REFERENCES orders.order_items (id) ON DELETE CASCADE,
    quantity       integer  NOT NULL,

    PRIMARY KEY (refund_id, order_item_id),
    CONSTRAINT refund_items_quantity_ck CHECK (quantity >= 1)
);

ALTER TABLE orders.payment_transactions
    ADD COLUMN refunded_cents bigint NOT NULL DEFAULT 0,
    ADD CONSTRAINT payment_transactions_refunded_ck CHECK (refunded_cents BETWEEN 0 AND amount_cents);

ALTER TABLE orders.orders
    DROP CONSTRAINT orders_payment_status_ck,
    ADD CONSTRAINT orders_payment_status_ck
        CHECK (payment_status IN ('PENDING', 'SUCCESS', 'FAILED', 'PARTIALLY_REFUNDED', 'REFUNDED'));

-- The mock gateway's side, like mock_gateway_charges (V4): what an external
-- provider would keep. Keyed by the idempotency key, so asking again returns
-- the first decision; payment_reference is the charge's
-- external_transaction_id. Only decisions are recorded (APPROVED, DECLINED);
-- a simulated timeout or error, and a refusal of a refund above what is left
-- of the charge, record nothing.
CREATE TABLE orders.mock_gateway_refunds (
    idempotency_key     text            PRIMARY KEY,
    payment_reference   text            NOT NULL,
    amount_cents        bigint          NOT NULL,
    outcome             text            NOT NULL,
    external_refund_id  text            NULL,
    failure_reason      text            NULL,
    calls               integer         NOT NULL DEFAULT 1,
    created_at          timestamptz(3)  NOT NULL DEFAULT now(),
    updated_at          timestamptz(3)  NOT NULL DEFAULT now(),

    CONSTRAINT mock_gateway_refunds_amount_ck   CHECK (amount_cents > 0),
    CONSTRAINT mock_gateway_refunds_outcome_ck  CHECK (outcome IN ('APPROVED', 'DECLINED')),
    CONSTRAINT mock_gateway_refunds_result_ck   CHECK (
        (outcome = 'APPROVED' AND external_refund_id IS NOT NULL AND failure_reason IS NULL)
        OR (outcome = 'DECLINED' AND external_refund_id IS NULL AND failure_reason IS NOT NULL)),
    CONSTRAINT mock_gateway_refunds_calls_ck    CHECK (calls >= 1)
);

CREATE INDEX mock_gateway_refunds_payment_idx ON orders.mock_gateway_refunds (payment_reference);
-- A refund names the charge by its external_transaction_id.
CREATE INDEX mock_gateway_charges_transaction_idx ON orders.mock_gateway_charges (external_transaction_id);

COMMENT ON TABLE orders.refunds IS 'Refunds of paid orders; id = refund id = the gateway idempotency key (generation 0).';
COMMENT ON TABLE orders.mock_gateway_refunds IS 'Refund ledger of the mock payment gateway (stands in for an external provider).';
