#include "core/steptimer.h"
#include "db/bulkload.h"
#include "db/database.h"
#include "db/migrationrunner.h"
#include "testdatabase.h"

#include <QtTest>

using namespace shop;

namespace {

const QStringList kTables{QStringLiteral("catalog.products"), QStringLiteral("orders.orders"),
                          QStringLiteral("orders.order_items")};

// Every index and constraint of the schemas, as PostgreSQL defines them.
QStringList schemaDefinitions(QSqlDatabase &db)
{
    QSqlQuery query(db);
    const bool ran = query.exec(QStringLiteral(R"(
        SELECT schemaname || '.' || indexname || ' ' || indexdef FROM pg_indexes
         WHERE schemaname IN ('auth', 'catalog', 'orders', 'pos')
        UNION ALL
        SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated
          FROM pg_constraint WHERE connamespace::regnamespace::text IN ('auth', 'catalog', 'orders', 'pos')
         ORDER BY 1)"));
    if (!ran)
        return {query.lastError().text()};
    QStringList definitions;
    while (query.next())
        definitions.append(query.value(0).toString());
    return definitions;
}

// The statement's error, empty when it ran.
QString exec(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    return query.exec(sql) ? QString() : query.lastError().text();
}

} // namespace

// seed-demo's loads into empty tables drop what PostgreSQL would maintain
// row by row and make it again after: what comes back must be exactly what
// the migrations made, and a key made again still refuses duplicates.
class BulkLoadTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<testsupport::ScratchDatabase> m_scratch;
    std::unique_ptr<Database> m_database;
    QStringList m_migrated;

private Q_SLOTS:
    void initTestCase()
    {
        m_scratch = std::make_unique<testsupport::ScratchDatabase>();
        QVERIFY2(m_scratch->error().isEmpty(), qPrintable(m_scratch->error()));
        m_database = std::make_unique<Database>(m_scratch->url());
        QCOMPARE(MigrationRunner(*m_database).run().outcome, MigrationResult::Outcome::Applied);
        QSqlDatabase db = m_database->connection();
        m_migrated = schemaDefinitions(db);
        QVERIFY(m_migrated.size() > 100);
    }

    void dropsEverythingMaintainedPerRowAndMakesItAgain()
    {
        QSqlDatabase db = m_database->connection();
        StepTimer steps("test");
        Transaction transaction(db);
        const DbResult<BulkLoad> load = BulkLoad::prepare(db, kTables);
        QVERIFY2(load, qPrintable(load ? QString() : load.error().text()));
        const QStringList during = schemaDefinitions(db);
        for (const QString &table : kTables) {
            // Nothing is left on the loaded tables but what no row maintains.
            const QString prefix = table + u' ';
            const auto onTable = std::count_if(during.cbegin(), during.cend(), [&](const QString &definition) {
                return definition.startsWith(prefix) && !definition.contains(QStringLiteral(" CHECK "))
                    && !definition.contains(QStringLiteral(" NOT NULL"));
            });
            QVERIFY2(onTable == 0, qPrintable(table));
        }
        // Foreign keys of other tables that pointed at the loaded ones went too.
        QVERIFY(std::none_of(during.cbegin(), during.cend(), [](const QString &definition) {
            return definition.startsWith(QStringLiteral("catalog.cart_items cart_items_product_id_fkey"));
        }));
        const DbResult<Done> finished = load->finish(db, steps);
        QVERIFY2(finished, qPrintable(finished ? QString() : finished.error().text()));
        QVERIFY(transaction.commit());
        QCOMPARE(schemaDefinitions(db), m_migrated);
    }

    void aRollbackBringsEverythingBack()
    {
        QSqlDatabase db = m_database->connection();
        {
            Transaction transaction(db);
            QVERIFY(BulkLoad::prepare(db, kTables));
            QVERIFY(schemaDefinitions(db) != m_migrated);
        } // not committed
        QCOMPARE(schemaDefinitions(db), m_migrated);
    }

    void aKeyMadeAgainRefusesDuplicateRows()
    {
        QSqlDatabase db = m_database->connection();
        StepTimer steps("test");
        Transaction transaction(db);
        QCOMPARE(exec(db, QStringLiteral("INSERT INTO catalog.categories (id, name)"
                                         " VALUES ('6f0c0a52-0000-4000-8000-0000000000c1', 'Bulk')")),
                 QString());
        const DbResult<BulkLoad> load = BulkLoad::prepare(db, {QStringLiteral("catalog.products")});
        QVERIFY(load);
        const QString insert = QStringLiteral(
            "INSERT INTO catalog.products (id, sku, name, price_cents, inventory_quantity, category_id)"
            " VALUES ('6f0c0a52-0000-4000-8000-000000000001', 'DUP-1', 'Twice', 100, 1,"
            "         '6f0c0a52-0000-4000-8000-0000000000c1')");
        QCOMPARE(exec(db, insert), QString());
        QCOMPARE(exec(db, insert), QString()); // nothing checks while the key is gone
        const DbResult<Done> finished = load->finish(db, steps);
        QVERIFY(!finished);
        QVERIFY2(finished.error().text().contains(QStringLiteral("products_pkey")), qPrintable(finished.error().text()));
    }

    void cleanupTestCase()
    {
        m_database.reset();
        m_scratch.reset();
    }
};

QTEST_GUILESS_MAIN(BulkLoadTest)
#include "tst_bulkload.moc"
