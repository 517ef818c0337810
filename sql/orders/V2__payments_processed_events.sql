-- orders schema, V2: payment transactions and processed events.
--
-- payment_transactions:
-- * id is the paymentTransactionId published in PaymentCompleted.
-- * One transaction per order (UNIQUE order_id): gateway retries are counted
--   in attempts on the same row, and a redelivered OrderCreated cannot start
--   a second payment (INSERT ... ON CONFLICT (order_id) DO NOTHING).
--   A FAILED payment makes the order FAILED, which is terminal, so there is
--   never a second payment for the same order.
-- * completed_at is set when status leaves PENDING.
--
-- processed_events: eventIds of consumed Kafka messages (orders.created,
-- payments.completed), inserted in the same transaction as the state change;
-- a duplicate delivery hits the primary key (or ON CONFLICT DO NOTHING
-- returns no row) and is skipped.

CREATE TABLE orders.payment_transactions (
    id                       uuid            PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id                 uuid            NOT NULL
                                 REFERENCES orders.orders (id) ON DELETE CASCADE,
    amount_cents             bigint          NOT NULL,
    status                   text            NOT NULL DEFAULT 'PENDING',
    payment_method           text            NOT NULL,
    external_transaction_id  text            NULL,
    failure_reason           text            NULL,
    attempts                 integer         NOT NULL DEFAULT 0,
    created_at               timestamptz(3)  NOT NULL DEFAULT now(),
    updated_at               timestamptz(3)  NOT NULL DEFAULT now(),
    completed_at             timestamptz(3)  NULL,

    CONSTRAINT payment_transactions_order_uq   UNIQUE (order_id),
    CONSTRAINT payment_transactions_amount_ck  CHECK (amount_cents >= 0),
    CONSTRAINT payment_transactions_status_ck  CHECK (status IN ('PENDING', 'SUCCESS', 'FAILED')),
    CONSTRAINT payment_transactions_method_ck  CHECK (char_length(payment_method) >= 1),
    CONSTRAINT payment_transactions_attempts_ck CHECK (attempts >= 0)
);

CREATE TABLE orders.processed_events (
    event_id      uuid            PRIMARY KEY,
    event_type    text            NOT NULL,
    processed_at  timestamptz(3)  NOT NULL DEFAULT now()
);

-- Purge of old entries (older than the 7-day topic retention).
CREATE INDEX processed_events_processed_at_idx
    ON orders.processed_events (processed_at);

COMMENT ON COLUMN orders.payment_transactions.id IS 'paymentTransactionId of the PaymentCompleted event.';
