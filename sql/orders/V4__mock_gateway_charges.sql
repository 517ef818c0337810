-- orders schema, V4: the ledger of the mock payment gateway.
--
-- Not part of the order model. It stands in for the books an external
-- payment provider keeps on its side, so that "each order is charged at most
-- once, even if the daemon dies between charging and committing" is real and
-- testable with the mock: the daemon's own payment_transactions row may be
-- rolled back, this one never is, and the next charge of the same order
-- finds it and returns the first result.
--
-- Choices:
-- * order_id is the idempotency key the gateway is called with; the primary
--   key makes two daemons charging the same order at once end up with one
--   row (INSERT ... ON CONFLICT (order_id) DO UPDATE).
-- * No foreign key into orders.orders: an external gateway knows nothing of
--   our tables, and the charge may be asked for before or without the order
--   row being committed.
-- * Only decided charges are recorded (APPROVED, DECLINED). A simulated
--   timeout or error records nothing, like a provider that never got the
--   request, so asking again may still succeed.
-- * calls counts how often the order was asked for, including the first
--   time; tests read it to see that a repeat moved no money.

CREATE TABLE orders.mock_gateway_charges (
    order_id                 uuid            PRIMARY KEY,
    amount_cents             bigint          NOT NULL,
    outcome                  text            NOT NULL,
    external_transaction_id  text            NULL,
    failure_reason           text            NULL,
    calls                    integer         NOT NULL DEFAULT 1,
    created_at               timestamptz(3)  NOT NULL DEFAULT now(),
    updated_at               timestamptz(3)  NOT NULL DEFAULT now(),

    CONSTRAINT mock_gateway_charges_amount_ck   CHECK (amount_cents >= 0),
    CONSTRAINT mock_gateway_charges_outcome_ck  CHECK (outcome IN ('APPROVED', 'DECLINED')),
    -- approved charges have the provider's id, declined ones say why
    CONSTRAINT mock_gateway_charges_result_ck   CHECK (
        (outcome = 'APPROVED' AND external_transaction_id IS NOT NULL AND failure_reason IS NULL)
        OR (outcome = 'DECLINED' AND external_transaction_id IS NULL AND failure_reason IS NOT NULL)),
    CONSTRAINT mock_gateway_charges_calls_ck    CHECK (calls >= 1)
);

COMMENT ON TABLE orders.mock_gateway_charges IS 'Ledger of the mock payment gateway (stands in for an external provider).';
