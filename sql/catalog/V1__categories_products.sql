-- catalog schema, V1: categories and products.
--
-- The runner has already done CREATE SCHEMA IF NOT EXISTS catalog and wraps
-- this file in a transaction, so there is no BEGIN/COMMIT here.
--
-- Choices:
-- * Length limits are the contract's, checked with char_length (characters,
--   not bytes). Qt counts UTF-16 units, so the application's check is never
--   more lenient than this one.
-- * description is nullable (absent in the request = NULL); when present it
--   must fit the contract limit.
-- * products.category_id is ON DELETE RESTRICT: deleting a category that
--   still has products (active or soft-deleted) fails with SQLSTATE 23503,
--   which the API maps to 409.
-- * Products are soft-deleted (is_active = false), never removed by the API.
-- * products.version supports optimistic locking:
--     UPDATE ... SET ..., version = version + 1
--      WHERE id = :id AND version = :expected
--   zero rows updated = concurrent update = 409.
-- * Listing is paged with ORDER BY created_at, id; the two listing indexes
--   cover both filter shapes (with and without categoryId) in that order.
--   The first one also serves the foreign key check when a category is deleted.
-- * Money is integer cents (bigint). Times are timestamptz(3), the precision of
--   the wire format and QDateTime, so keyset comparisons on values read back
--   through Qt stay exact.

CREATE TABLE catalog.categories (
    id          uuid            PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text            NOT NULL,
    description text            NULL,
    created_at  timestamptz(3)  NOT NULL DEFAULT now(),
    updated_at  timestamptz(3)  NOT NULL DEFAULT now(),

    CONSTRAINT categories_name_uq      UNIQUE (name),
    CONSTRAINT categories_name_len_ck  CHECK (char_length(name) BETWEEN 1 AND 100),
    CONSTRAINT categories_desc_len_ck  CHECK (description IS NULL OR char_length(description) <= 1000)
);

CREATE TABLE catalog.products (
    id                 uuid            PRIMARY KEY DEFAULT gen_random_uuid(),
    sku                text            NOT NULL,
    name               text            NOT NULL,
    description        text            NULL,
    price_cents        bigint          NOT NULL,
    inventory_quantity integer         NOT NULL DEFAULT 0,
    category_id        uuid            NOT NULL
                           REFERENCES catalog.categories (id) ON DELETE RESTRICT,
    is_active          boolean         NOT NULL DEFAULT true,
    version            bigint          NOT NULL DEFAULT 0,
    created_at         timestamptz(3)  NOT NULL DEFAULT now(),
    updated_at         timestamptz(3)  NOT NULL DEFAULT now(),

    CONSTRAINT products_sku_uq         UNIQUE (sku),
    CONSTRAINT products_sku_format_ck  CHECK (sku ~ '^[A-Z0-9-]+$'),
    CONSTRAINT products_sku_len_ck     CHECK (char_length(sku) BETWEEN 1 AND 50),
    CONSTRAINT products_name_len_ck    CHECK (char_length(name) BETWEEN 1 AND 200),
    CONSTRAINT products_desc_len_ck    CHECK (description IS NULL OR char_length(description) <= 5000),
    CONSTRAINT products_price_ck       CHECK (price_cents >= 1),
    CONSTRAINT products_inventory_ck   CHECK (inventory_quantity >= 0),
    CONSTRAINT products_version_ck     CHECK (version >= 0)
);

-- GET /products?categoryId=..&isActive=..  ORDER BY created_at, id
CREATE INDEX products_category_active_idx
    ON catalog.products (category_id, is_active, created_at, id);

-- GET /products?isActive=..  ORDER BY created_at, id
CREATE INDEX products_active_idx
    ON catalog.products (is_active, created_at, id);

COMMENT ON COLUMN catalog.products.price_cents IS 'Price in minor units (cents), >= 1.';
COMMENT ON COLUMN catalog.products.version IS 'Optimistic lock counter; bump on every update.';
