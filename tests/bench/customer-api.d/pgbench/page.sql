-- GET /api/v1/products?page=0&size=20: ProductRepository::findPage, default
-- order (name), active products only (the API's default filter).
SELECT COALESCE(sum(product_count), 0)::bigint FROM catalog.product_counts WHERE is_active = :active;
SELECT id, sku, name, description, price_cents, inventory_quantity, category_id, is_active, version,
       created_at, updated_at, reorder_level
  FROM catalog.products WHERE is_active = :active ORDER BY name ASC, id ASC LIMIT :size;
