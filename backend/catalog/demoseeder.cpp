#include "demoseeder.h"

#include "db/database.h"

namespace shop {

namespace {

struct DemoProduct
{
    const char *sku;
    const char *name;
    const char *description;
    qint64 priceCents;
    int stock;
};

struct DemoCategory
{
    const char *name;
    const char *description;
    std::initializer_list<DemoProduct> products;
};

const DemoCategory kCatalog[] = {
    {"Coffee", "Beans and ground coffee",
     {{"COF-ESP-250", "Espresso beans 250 g", "Dark roast, chocolate notes", 899, 120},
      {"COF-FLT-500", "Filter coffee 500 g", "Medium roast for filter and French press", 1249, 80},
      {"COF-DEC-250", "Decaf beans 250 g", "Swiss water process", 949, 40}}},
    {"Tea", "Loose leaf and bagged tea",
     {{"TEA-GRN-100", "Sencha green tea 100 g", "Japanese steamed green tea", 699, 60},
      {"TEA-BLK-100", "Assam black tea 100 g", "Strong breakfast tea", 599, 75}}},
    {"Accessories", "Brewing equipment",
     {{"ACC-GRN-01", "Hand grinder", "Ceramic burrs, adjustable", 3499, 15},
      {"ACC-KTL-01", "Gooseneck kettle 1 l", "Stainless steel, for pour-over", 2999, 10},
      {"ACC-FLT-100", "Paper filters x100", "Size 02 cone filters", 449, 200}}},
};

// Existing names and SKUs are left alone, so seeding twice adds nothing.
const QString kInsertCategory = QStringLiteral(R"(
    INSERT INTO catalog.categories (name, description) VALUES ($1, $2)
    ON CONFLICT (name) DO NOTHING)");

const QString kInsertProduct = QStringLiteral(R"(
    INSERT INTO catalog.products (sku, name, description, price_cents, inventory_quantity, category_id)
    SELECT $1, $2, $3, $4, $5, id FROM catalog.categories WHERE name = $6
    ON CONFLICT (sku) DO NOTHING)");

} // namespace

DemoSeeder::DemoSeeder(Database &database)
    : m_database(database)
{
}

DemoSeeder::Result DemoSeeder::seed()
{
    Result result;
    QSqlDatabase db = m_database.connection();
    if (!db.isOpen()) {
        result.error = db.lastError().text();
        return result;
    }
    Transaction transaction(db);
    const auto failWith = [&result](const QSqlError &error) {
        result.error = error.text();
        return result;
    };
    for (const DemoCategory &category : kCatalog) {
        const DbResult<int> categories = m_database.executeAndCount(
            kInsertCategory, {QString::fromUtf8(category.name), QString::fromUtf8(category.description)});
        if (!categories)
            return failWith(categories.error());
        result.categoriesAdded += categories.value();
        for (const DemoProduct &product : category.products) {
            const DbResult<int> products = m_database.executeAndCount(
                kInsertProduct, {QString::fromUtf8(product.sku), QString::fromUtf8(product.name),
                                 QString::fromUtf8(product.description), product.priceCents, product.stock,
                                 QString::fromUtf8(category.name)});
            if (!products)
                return failWith(products.error());
            result.productsAdded += products.value();
        }
    }
    if (!transaction.commit())
        result.error = transaction.error().text();
    return result;
}

} // namespace shop
