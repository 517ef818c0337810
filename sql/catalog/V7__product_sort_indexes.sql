-- catalog schema, V7: the product listing's sorts and its cheap total.
--
-- GET /api/v1/products sorts by name (the default), price, createdAt, sku or
-- inventoryQuantity, ascending or descending, always with id as the last key
-- so equal values keep one order and pages never overlap. Each sort has one
-- index per filter shape the API sends (isActive alone; categoryId and
-- isActive), so a page is an index range read, never a sort of every match.
-- A descending sort reads the same index backwards. created_at has its two
-- indexes since V1.
--
-- Cost: eight more indexes on products, and the one on inventory_quantity
-- means a stock change is no longer a HOT update (every index of the row gets
-- a new entry). Stock changes are one row per order line; the listing is what
-- every visitor reads.
--
-- The total: every page answers totalElements. A count(*) over the matches
-- reads every matching index entry (a million for the unfiltered listing),
-- so catalog.product_counts keeps the number of products per category and
-- activity, maintained by triggers in the same transaction as the change:
-- always exact, and the listing sums at most two rows per category. Only the
-- manager window's search (text that matches part of a SKU or name) still
-- counts its matches.

CREATE INDEX products_active_name_idx ON catalog.products (is_active, name, id);
CREATE INDEX products_category_active_name_idx ON catalog.products (category_id, is_active, name, id);
CREATE INDEX products_active_price_idx ON catalog.products (is_active, price_cents, id);
CREATE INDEX products_category_active_price_idx ON catalog.products (category_id, is_active, price_cents, id);
CREATE INDEX products_active_sku_idx ON catalog.products (is_active, sku, id);
CREATE INDEX products_category_active_sku_idx ON catalog.products (category_id, is_active, sku, id);
CREATE INDEX products_active_inventory_idx ON catalog.products (is_active, inventory_quantity, id);
CREATE INDEX products_category_active_inventory_idx
    ON catalog.products (category_id, is_active, inventory_quantity, id);

CREATE TABLE catalog.product_counts (
    category_id   uuid     NOT NULL REFERENCES catalog.categories (id) ON DELETE CASCADE,
    is_active     boolean  NOT NULL,
    product_count bigint   NOT NULL,

    -- No CHECK (product_count >= 0): ON CONFLICT checks the proposed row,
    -- and a move proposes -1 for the counter it leaves.
    PRIMARY KEY (category_id, is_active)
);

INSERT INTO catalog.product_counts (category_id, is_active, product_count)
SELECT category_id, is_active, count(*) FROM catalog.products GROUP BY category_id, is_active;

-- One statement for both sides of a move, its rows in key order, so two
-- moves in opposite directions lock the counters in the same order and
-- cannot deadlock. A product that stays where it was never reaches here (the
-- UPDATE trigger's WHEN), so a stock change takes no counter lock.
CREATE FUNCTION catalog.count_product_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalog.product_counts AS counts (category_id, is_active, product_count)
    SELECT change.category_id, change.is_active, change.delta
      FROM (SELECT OLD.category_id, OLD.is_active, -1 WHERE TG_OP <> 'INSERT'
            UNION ALL
            SELECT NEW.category_id, NEW.is_active, 1 WHERE TG_OP <> 'DELETE')
           AS change (category_id, is_active, delta)
     ORDER BY change.category_id, change.is_active
    ON CONFLICT (category_id, is_active)
    DO UPDATE SET product_count = counts.product_count + EXCLUDED.product_count;
    RETURN NULL;
END
$$;

CREATE FUNCTION catalog.forget_product_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM catalog.product_counts;
    RETURN NULL;
END
$$;

CREATE TRIGGER products_counted_on_insert_or_delete
    AFTER INSERT OR DELETE ON catalog.products
    FOR EACH ROW EXECUTE FUNCTION catalog.count_product_change();

CREATE TRIGGER products_counted_on_move
    AFTER UPDATE OF category_id, is_active ON catalog.products
    FOR EACH ROW
    WHEN (OLD.category_id IS DISTINCT FROM NEW.category_id OR OLD.is_active IS DISTINCT FROM NEW.is_active)
    EXECUTE FUNCTION catalog.count_product_change();

CREATE TRIGGER products_counted_on_truncate
    AFTER TRUNCATE ON catalog.products
    FOR EACH STATEMENT EXECUTE FUNCTION catalog.forget_product_counts();
