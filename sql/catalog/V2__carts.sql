-- catalog schema, V2: anonymous shopping carts keyed by the client's session id.
--
-- Choices:
-- * A cart expires 30 minutes after its last change; the application sets
--   expires_at on every change, and an expiry job deletes
--   WHERE expires_at < now() (index below). Items go with it (CASCADE).
-- * cart_items keeps a snapshot of SKU, name and price at the time the item
--   was added (priceSnapshot in the contract); the line subtotal is computed,
--   not stored.
-- * UNIQUE (cart_id, product_id): adding a product already in the cart adds to
--   the existing line (INSERT ... ON CONFLICT (cart_id, product_id)
--   DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity works).
--   That index also serves lookups by cart_id.
-- * cart_items.product_id is ON DELETE CASCADE: products are only soft-deleted
--   by the API, but a hard delete (tests, maintenance) should not be blocked
--   by somebody's abandoned cart.

CREATE TABLE catalog.carts (
    id          uuid            PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id  text            NOT NULL,
    created_at  timestamptz(3)  NOT NULL DEFAULT now(),
    updated_at  timestamptz(3)  NOT NULL DEFAULT now(),
    expires_at  timestamptz(3)  NOT NULL DEFAULT now() + interval '30 minutes',

    CONSTRAINT carts_session_id_uq      UNIQUE (session_id),
    CONSTRAINT carts_session_id_len_ck  CHECK (char_length(session_id) BETWEEN 1 AND 100)
);

CREATE INDEX carts_expires_at_idx ON catalog.carts (expires_at);

CREATE TABLE catalog.cart_items (
    id                    uuid            PRIMARY KEY DEFAULT gen_random_uuid(),
    cart_id               uuid            NOT NULL
                              REFERENCES catalog.carts (id) ON DELETE CASCADE,
    product_id            uuid            NOT NULL
                              REFERENCES catalog.products (id) ON DELETE CASCADE,
    product_sku           text            NOT NULL,
    product_name          text            NOT NULL,
    quantity              integer         NOT NULL,
    price_snapshot_cents  bigint          NOT NULL,
    created_at            timestamptz(3)  NOT NULL DEFAULT now(),
    updated_at            timestamptz(3)  NOT NULL DEFAULT now(),

    CONSTRAINT cart_items_cart_product_uq  UNIQUE (cart_id, product_id),
    CONSTRAINT cart_items_sku_len_ck       CHECK (char_length(product_sku) BETWEEN 1 AND 50),
    CONSTRAINT cart_items_name_len_ck      CHECK (char_length(product_name) BETWEEN 1 AND 200),
    CONSTRAINT cart_items_quantity_ck      CHECK (quantity >= 1),
    CONSTRAINT cart_items_price_ck         CHECK (price_snapshot_cents >= 1)
);

-- Foreign key support (product hard delete) and "which carts hold product X".
CREATE INDEX cart_items_product_id_idx ON catalog.cart_items (product_id);
