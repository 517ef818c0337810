-- catalog schema, V9: the manager window's product search by any part of a
-- SKU or name.
--
-- The search is "sku ILIKE '%text%' OR name ILIKE '%text%'" (any case, any
-- position). A btree cannot serve a pattern that starts with a wildcard, so
-- at 1,000,000 products every search and its count read the whole table
-- (docs/performance.md, "Catalog and orders at 1,000,000"). Trigram indexes
-- (pg_trgm) serve ILIKE with a wildcard on both sides: PostgreSQL looks up
-- the pattern's three-letter pieces and reads only the rows that have all
-- of them.
--
-- pg_trgm ships with PostgreSQL (Debian's postgresql-15 package holds the
-- contrib extensions) and is a trusted extension: the database owner, which
-- runs the migrations (docs/install.md: createdb --owner shop), may create
-- it without being a superuser. It goes into public, where every session
-- finds its operators.
--
-- Cost: two GIN indexes; a product insert or a change of its SKU or name
-- updates them (GIN's pending list batches that). Stock changes do not
-- touch them. Built inside the migration's transaction, so writes to
-- catalog.products wait while they build (about 30 s per million products
-- on a busy 2-core machine).

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE INDEX products_sku_trgm_idx ON catalog.products USING gin (sku public.gin_trgm_ops);
CREATE INDEX products_name_trgm_idx ON catalog.products USING gin (name public.gin_trgm_ops);
