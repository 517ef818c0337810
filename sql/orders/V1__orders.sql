-- orders schema, V1: orders, their items and their status history.
--
-- The runner has already done CREATE SCHEMA IF NOT EXISTS orders and wraps this
-- file in a transaction, so there is no BEGIN/COMMIT here.
--
-- Bounded context: this schema is filled only from Kafka events
-- (orders.created, payments.completed) and by manager actions. There are no
-- foreign keys into catalog; product ids and the cart id are plain uuids.
--
-- Choices:
-- * orders.id is the orderId from the OrderCreated event (no default on
--   purpose); order_number comes from the event as well and is unique here.
-- * Customer and shipping columns carry the contract's CustomerInfo limits.
--   customer_email must contain '@'; filter it with
--   lower(customer_email) = lower(:email) to use the index.
-- * status / payment_status are text with CHECKs (easier to evolve than enum
--   types). Transitions are enforced by the service, not here; the CHECKs only
--   tie terminal states to their timestamps (FULFILLED -> fulfilled_at,
--   CANCELLED -> cancelled_at and a reason of 1..500 chars).
-- * version: optional optimistic-lock counter (a manager action racing the
--   payment consumer); SELECT ... FOR UPDATE works just as well.
-- * The manager list is newest first: ORDER BY created_at DESC, id DESC; the
--   three indexes cover no filter, a status filter and an e-mail filter, each
--   combined with a startDate/endDate range on created_at.
-- * order_items.line_no keeps the event's item order (1..n; ORDER BY line_no).
--   subtotal_cents must equal quantity * price_snapshot_cents.
-- * order_status_history feeds the GUI history pane: one row per transition,
--   from_status NULL for the row written when the order is created.
-- * Times are timestamptz(3) (wire and QDateTime precision).

CREATE TABLE orders.orders (
    id                     uuid            PRIMARY KEY,
    order_number           text            NOT NULL,
    customer_name          text            NOT NULL,
    customer_email         text            NOT NULL,
    customer_phone         text            NOT NULL,
    shipping_street        text            NOT NULL,
    shipping_city          text            NOT NULL,
    shipping_state         text            NOT NULL,
    shipping_postal_code   text            NOT NULL,
    shipping_country       text            NOT NULL,
    subtotal_cents         bigint          NOT NULL,
    status                 text            NOT NULL DEFAULT 'PENDING',
    payment_status         text            NOT NULL DEFAULT 'PENDING',
    payment_method         text            NULL,
    cart_id                uuid            NULL,
    correlation_id         text            NULL,
    version                bigint          NOT NULL DEFAULT 0,
    created_at             timestamptz(3)  NOT NULL DEFAULT now(),
    updated_at             timestamptz(3)  NOT NULL DEFAULT now(),
    completed_at           timestamptz(3)  NULL,
    tracking_number        text            NULL,
    carrier                text            NULL,
    fulfillment_notes      text            NULL,
    fulfilled_at           timestamptz(3)  NULL,
    cancellation_reason    text            NULL,
    cancelled_at           timestamptz(3)  NULL,

    CONSTRAINT orders_order_number_uq      UNIQUE (order_number),
    CONSTRAINT orders_order_number_ck      CHECK (order_number ~ '^ORD-[0-9]{8}-[0-9]{3,}$'),
    CONSTRAINT orders_customer_name_ck     CHECK (char_length(customer_name) BETWEEN 1 AND 200),
    CONSTRAINT orders_customer_email_ck    CHECK (char_length(customer_email) BETWEEN 1 AND 100
                                                  AND strpos(customer_email, '@') > 0),
    CONSTRAINT orders_customer_phone_ck    CHECK (customer_phone ~ '^\+?[0-9]{10,20}$'),
    CONSTRAINT orders_ship_street_ck       CHECK (char_length(shipping_street) BETWEEN 1 AND 200),
    CONSTRAINT orders_ship_city_ck         CHECK (char_length(shipping_city) BETWEEN 1 AND 100),
    CONSTRAINT orders_ship_state_ck        CHECK (char_length(shipping_state) BETWEEN 2 AND 100),
    CONSTRAINT orders_ship_postal_code_ck  CHECK (char_length(shipping_postal_code) BETWEEN 1 AND 20),
    CONSTRAINT orders_ship_country_ck      CHECK (char_length(shipping_country) BETWEEN 2 AND 100),
    CONSTRAINT orders_subtotal_ck          CHECK (subtotal_cents >= 0),
    CONSTRAINT orders_status_ck            CHECK (status IN ('PENDING', 'PROCESSING', 'PAID',
                                                             'FULFILLED', 'FAILED', 'CANCELLED')),
    CONSTRAINT orders_payment_status_ck    CHECK (payment_status IN ('PENDING', 'SUCCESS', 'FAILED')),
    CONSTRAINT orders_version_ck           CHECK (version >= 0),
    CONSTRAINT orders_cancel_reason_len_ck CHECK (cancellation_reason IS NULL
                                                  OR char_length(cancellation_reason) BETWEEN 1 AND 500),
    CONSTRAINT orders_fulfilled_ck         CHECK (status <> 'FULFILLED' OR fulfilled_at IS NOT NULL),
    CONSTRAINT orders_cancelled_ck         CHECK (status <> 'CANCELLED'
                                                  OR (cancelled_at IS NOT NULL
                                                      AND cancellation_reason IS NOT NULL))
);

-- GET /orders (manager), newest first, optional startDate/endDate.
CREATE INDEX orders_created_idx
    ON orders.orders (created_at DESC, id DESC);

-- ... with ?status=
CREATE INDEX orders_status_created_idx
    ON orders.orders (status, created_at DESC, id DESC);

-- ... with ?customerEmail= (case-insensitive)
CREATE INDEX orders_email_created_idx
    ON orders.orders (lower(customer_email), created_at DESC, id DESC);

CREATE TABLE orders.order_items (
    id                    uuid     PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id              uuid     NOT NULL
                              REFERENCES orders.orders (id) ON DELETE CASCADE,
    line_no               integer  NOT NULL DEFAULT 0,
    product_id            uuid     NOT NULL,
    product_sku           text     NOT NULL,
    product_name          text     NOT NULL,
    quantity              integer  NOT NULL,
    price_snapshot_cents  bigint   NOT NULL,
    subtotal_cents        bigint   NOT NULL,

    CONSTRAINT order_items_line_no_ck   CHECK (line_no >= 0),
    CONSTRAINT order_items_sku_len_ck   CHECK (char_length(product_sku) BETWEEN 1 AND 50),
    CONSTRAINT order_items_name_len_ck  CHECK (char_length(product_name) BETWEEN 1 AND 200),
    CONSTRAINT order_items_quantity_ck  CHECK (quantity >= 1),
    CONSTRAINT order_items_price_ck     CHECK (price_snapshot_cents >= 1),
    CONSTRAINT order_items_subtotal_ck  CHECK (subtotal_cents = quantity * price_snapshot_cents)
);

CREATE INDEX order_items_order_id_idx ON orders.order_items (order_id, line_no);

CREATE TABLE orders.order_status_history (
    id              bigserial       PRIMARY KEY,
    order_id        uuid            NOT NULL
                        REFERENCES orders.orders (id) ON DELETE CASCADE,
    from_status     text            NULL,
    to_status       text            NOT NULL,
    reason          text            NULL,
    changed_by      text            NULL,
    correlation_id  text            NULL,
    changed_at      timestamptz(3)  NOT NULL DEFAULT now(),

    CONSTRAINT order_status_history_from_ck CHECK (from_status IS NULL
        OR from_status IN ('PENDING', 'PROCESSING', 'PAID', 'FULFILLED', 'FAILED', 'CANCELLED')),
    CONSTRAINT order_status_history_to_ck   CHECK (
        to_status IN ('PENDING', 'PROCESSING', 'PAID', 'FULFILLED', 'FAILED', 'CANCELLED'))
);

CREATE INDEX order_status_history_order_idx
    ON orders.order_status_history (order_id, changed_at, id);

COMMENT ON COLUMN orders.orders.id IS 'orderId from the OrderCreated event.';
COMMENT ON COLUMN orders.order_status_history.changed_by IS 'Who caused the change: a username, or e.g. ''system''/''payment''.';
