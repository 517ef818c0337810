#pragma once

#include <QString>

namespace shop {

class Database;

// Fills an empty local catalog with a few categories and products so a new
// user has something to browse. For local runs only; running it twice adds
// nothing (existing names and SKUs are left alone).
class DemoSeeder
{
public:
    explicit DemoSeeder(Database &database);

    struct Result
    {
        int categoriesAdded = 0;
        int productsAdded = 0;
        QString error; // empty on success
    };

    Result seed();

private:
    Database &m_database;
};

} // namespace shop
