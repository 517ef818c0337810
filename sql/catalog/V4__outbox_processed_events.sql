-- catalog schema, V4: transactional outbox and processed-events table.
--
-- Outbox:
-- * Checkout inserts the OrderCreated event here in its own transaction;
--   nothing is sent to Kafka inside that transaction. The relay claims unsent
--   rows oldest first:
--     SELECT ... FROM catalog.outbox WHERE sent_at IS NULL
--      ORDER BY created_at, id LIMIT :n FOR UPDATE SKIP LOCKED
--   (served by the partial index below), produces them, then sets sent_at.
--   On failure it bumps attempts and records last_error.
-- * id is the eventId (also the Kafka 'eventId' header), aggregate_id the
--   orderId (also the message key, kept in message_key as text).
-- * payload is text, not jsonb: the relay must send the exact JSON bytes that
--   were written (jsonb reorders keys and rewrites numbers such as 19.90).
-- * Sent rows are purged after 7 days (Kafka's retention):
--   DELETE ... WHERE sent_at < now() - interval '7 days' (index on sent_at).
-- * An AFTER INSERT ... FOR EACH STATEMENT trigger sends
--   NOTIFY catalog_outbox (empty payload) so a relay that LISTENs wakes at
--   once; notifications are delivered on commit only, and a rolled-back
--   checkout sends none. The relay must still poll now and then: a
--   notification is lost while no connection is listening.
--
-- processed_events: ids of Kafka events catalog's own consumers have applied
-- (e.g. stock compensation after a failed payment), written in the same
-- transaction as the state change so a redelivery is a no-op.

CREATE TABLE catalog.outbox (
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

-- Relay: unsent rows, oldest first.
CREATE INDEX outbox_unsent_idx
    ON catalog.outbox (created_at, id)
    WHERE sent_at IS NULL;

-- Purge of rows sent more than 7 days ago.
CREATE INDEX outbox_sent_at_idx
    ON catalog.outbox (sent_at)
    WHERE sent_at IS NOT NULL;

CREATE FUNCTION catalog.outbox_notify()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('catalog_outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_notify_after_insert
    AFTER INSERT ON catalog.outbox
    FOR EACH STATEMENT
    EXECUTE FUNCTION catalog.outbox_notify();

CREATE TABLE catalog.processed_events (
    event_id      uuid            PRIMARY KEY,
    event_type    text            NOT NULL,
    processed_at  timestamptz(3)  NOT NULL DEFAULT now()
);

-- Purge of old entries (older than the topic retention).
CREATE INDEX processed_events_processed_at_idx
    ON catalog.processed_events (processed_at);

COMMENT ON TABLE  catalog.outbox IS 'Transactional outbox; relay publishes rows with sent_at IS NULL.';
COMMENT ON COLUMN catalog.outbox.id IS 'eventId of the message.';
COMMENT ON COLUMN catalog.outbox.payload IS 'Exact JSON bytes to publish.';
