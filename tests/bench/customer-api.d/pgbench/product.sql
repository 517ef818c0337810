-- GET /api/v1/products/{id}: ProductRepository::findById (kSelectById).
SELECT id, sku, name, description, price_cents, inventory_quantity, category_id, is_active, version,
       created_at, updated_at, reorder_level
  FROM catalog.products WHERE id = :product;
