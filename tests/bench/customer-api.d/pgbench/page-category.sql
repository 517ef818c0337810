-- GET /api/v1/products?categoryId=…&sortBy=price&sortDir=desc&page=0&size=20:
-- ProductRepository::findPage with a category and the price order.
SELECT COALESCE(sum(product_count), 0)::bigint FROM catalog.product_counts
 WHERE category_id = :category AND is_active = :active;
SELECT id, sku, name, description, price_cents, inventory_quantity, category_id, is_active, version,
       created_at, updated_at, reorder_level
  FROM catalog.products WHERE category_id = :category AND is_active = :active
 ORDER BY price_cents DESC, id DESC LIMIT :size;
