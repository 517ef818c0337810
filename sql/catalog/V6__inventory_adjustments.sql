-- catalog schema, V6: why stock changed by hand.
--
-- One row per manual stock adjustment, written in the same transaction as the
-- products row it changes, so the ledger and the stock never disagree.
-- delta is signed (quantity_after - quantity before); quantity_after is what
-- the row held right after the change. Sales and reservations do not write
-- here: orders already record those. adjusted_by is the username, kept as
-- text so the row survives a removed user.

CREATE TABLE catalog.inventory_adjustments (
    id             bigint          GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id     uuid            NOT NULL REFERENCES catalog.products (id) ON DELETE RESTRICT,
    delta          integer         NOT NULL,
    quantity_after integer         NOT NULL,
    reason         text            NOT NULL,
    adjusted_by    text            NOT NULL,
    adjusted_at    timestamptz(3)  NOT NULL DEFAULT now(),

    CONSTRAINT inventory_adjustments_qty_ck    CHECK (quantity_after >= 0),
    CONSTRAINT inventory_adjustments_reason_ck CHECK (char_length(btrim(reason)) BETWEEN 1 AND 200)
);

CREATE INDEX inventory_adjustments_product_idx ON catalog.inventory_adjustments (product_id, adjusted_at DESC);
