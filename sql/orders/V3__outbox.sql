-- orders schema, V3: transactional outbox for the order daemon.
--
-- Not named in the table list of the architecture, added so the daemon can
-- publish payments.completed with the same at-least-once guarantee as
-- checkout: the row is written in the transaction that records the payment
-- result, and a relay publishes it afterwards. If the daemon publishes
-- directly instead, this table simply stays empty.
--
-- Same shape and rules as catalog.outbox (see catalog V4): id = eventId,
-- aggregate_id = orderId, payload = exact JSON bytes (text, not jsonb),
-- partial index for the relay, sent_at index for the 7-day purge, and a
-- statement-level trigger that NOTIFYs channel 'orders_outbox' on commit.

CREATE TABLE orders.outbox (
    id              uuid            PRIMARY KEY DEFAULT gen_random_uuid(),
    aggregate_id    uuid            NOT NULL,
    event_type      text            NOT NULL,
    topic           text            NOT NULL,
    message_key     text            NOT NULL,
    payload         text            NOT NULL,
    correlation_id  text            NULL,
    created_at      timestamptz(3)  NOT NULL DEFAULT now(),
    sent_at         timestamptz(3)  NULL,
    attempts        integer         NOT NULL DEFAULT 0,
    last_error      text            NULL,

    CONSTRAINT outbox_event_type_ck  CHECK (char_length(event_type) >= 1),
    CONSTRAINT outbox_topic_ck       CHECK (char_length(topic) >= 1),
    CONSTRAINT outbox_attempts_ck    CHECK (attempts >= 0)
);

CREATE INDEX outbox_unsent_idx
    ON orders.outbox (created_at, id)
    WHERE sent_at IS NULL;

CREATE INDEX outbox_sent_at_idx
    ON orders.outbox (sent_at)
    WHERE sent_at IS NOT NULL;

CREATE FUNCTION orders.outbox_notify()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('orders_outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_notify_after_insert
    AFTER INSERT ON orders.outbox
    FOR EACH STATEMENT
    EXECUTE FUNCTION orders.outbox_notify();

COMMENT ON TABLE orders.outbox IS 'Outbox for events the order daemon publishes (payments.completed).';
