-- catalog schema, V3: checkout support -- idempotency records and order numbers.
--
-- Idempotency (POST /checkout with an Idempotency-Key header):
-- * One row per key. request_fingerprint is the lowercase hex SHA-256 of the
--   request body: the same key with a different fingerprint is a 422.
-- * response_body is text, not jsonb: a replay must return the exact bytes of
--   the first response, and jsonb would reorder keys and normalise numbers.
-- * state: the checkout transaction writes the row as COMPLETED together with
--   the order. IN_PROGRESS exists for a flow that reserves the key first
--   (concurrent duplicate -> 409/retry); a COMPLETED row always carries its
--   response (CHECK below).
-- * Records live 24 hours (expires_at, default set here); a purge job deletes
--   WHERE expires_at < now(), and a lookup must ignore expired rows.
--
-- Order numbers (ORD-YYYYMMDD-NNN):
-- * NNN comes from a plain SEQUENCE, not from a per-day counter row. A counter
--   row is a hot row every checkout must lock until commit, which serialises
--   checkouts; nextval() never blocks and is not rolled back. The contract
--   accepts the resulting gaps and measured the difference (about 1,250/s with
--   a counter row vs 3,200/s with nextval on 2 cores).
-- * The sequence is global, so NNN does not restart each day; it is unique
--   across instances and restarts, which is what the contract requires.
--   Uniqueness of the full number is enforced again by orders.orders.
-- * NNN is zero-padded to at least 3 digits and simply grows past 999.
--   Beware lpad(n, 3, '0') and to_char(n, 'FM000'): both mangle n >= 1000.
--   catalog.next_order_number(day) does the formatting right; using it is
--   optional (nextval + formatting in C++ is equivalent).

CREATE TABLE catalog.checkout_idempotency (
    idempotency_key      text            PRIMARY KEY,
    request_fingerprint  text            NOT NULL,
    state                text            NOT NULL DEFAULT 'IN_PROGRESS',
    response_status      integer         NULL,
    response_body        text            NULL,
    created_at           timestamptz(3)  NOT NULL DEFAULT now(),
    expires_at           timestamptz(3)  NOT NULL DEFAULT now() + interval '24 hours',

    CONSTRAINT checkout_idem_key_len_ck      CHECK (char_length(idempotency_key) BETWEEN 1 AND 255),
    CONSTRAINT checkout_idem_fingerprint_ck  CHECK (request_fingerprint ~ '^[0-9a-f]{64}$'),
    CONSTRAINT checkout_idem_state_ck        CHECK (state IN ('IN_PROGRESS', 'COMPLETED')),
    CONSTRAINT checkout_idem_status_ck       CHECK (response_status IS NULL
                                                    OR response_status BETWEEN 100 AND 599),
    CONSTRAINT checkout_idem_completed_ck    CHECK (state <> 'COMPLETED'
                                                    OR (response_status IS NOT NULL
                                                        AND response_body IS NOT NULL)),
    CONSTRAINT checkout_idem_expiry_ck       CHECK (expires_at > created_at)
);

CREATE INDEX checkout_idempotency_expires_at_idx
    ON catalog.checkout_idempotency (expires_at);

CREATE SEQUENCE catalog.order_number_seq
    AS bigint
    START WITH 1
    INCREMENT BY 1
    MINVALUE 1
    NO MAXVALUE
    NO CYCLE
    CACHE 1;

-- 'ORD-' || YYYYMMDD of p_day || '-' || nextval zero-padded to >= 3 digits.
-- The caller passes the (UTC) day from its own clock so tests can fix it.
CREATE FUNCTION catalog.next_order_number(p_day date)
RETURNS text
LANGUAGE sql
VOLATILE
AS $$
    SELECT 'ORD-' || to_char(p_day, 'YYYYMMDD') || '-'
           || lpad(s.n::text, greatest(3, length(s.n::text)), '0')
      FROM (SELECT nextval('catalog.order_number_seq') AS n) AS s
$$;

COMMENT ON TABLE  catalog.checkout_idempotency IS 'Idempotency-Key records for POST /checkout, kept 24 h.';
COMMENT ON COLUMN catalog.checkout_idempotency.response_body IS 'Exact bytes of the first response; replayed verbatim.';
COMMENT ON SEQUENCE catalog.order_number_seq IS 'NNN part of ORD-YYYYMMDD-NNN; gaps are expected.';
