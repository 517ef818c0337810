#include "db/database.h"
#include "db/migrationrunner.h"
#include "testdatabase.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <future>

using namespace shop;
using testsupport::ScratchDatabase;

class MigrationsTest : public QObject
{
    Q_OBJECT

private:
    static int embeddedFileCount()
    {
        QString error;
        return static_cast<int>(MigrationRunner::discover(QStringLiteral(":/sql"), &error).size());
    }

    // A writable copy of the embedded migrations, to change on purpose.
    static bool copyMigrations(const QString &target)
    {
        QDirIterator it(QStringLiteral(":/sql"), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString source = it.next();
            const QString destination = target + source.mid(QStringLiteral(":/sql").size());
            QDir().mkpath(QFileInfo(destination).path());
            if (!QFile::copy(source, destination))
                return false;
            QFile::setPermissions(destination, QFile::ReadOwner | QFile::WriteOwner);
        }
        return true;
    }

    static QVariant scalar(Database &database, const QString &sql)
    {
        QSqlQuery query(database.connection());
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }

private Q_SLOTS:
    void fromEmptyEveryMigrationIsAppliedAndRecorded()
    {
        ScratchDatabase scratch;
        QVERIFY2(scratch.error().isEmpty(), qPrintable(scratch.error()));
        Database database(scratch.url());

        const MigrationResult result = MigrationRunner(database).run();

        QVERIFY2(result.outcome == MigrationResult::Outcome::Applied, qPrintable(result.error));
        QVERIFY(embeddedFileCount() >= 3);
        QCOMPARE(result.appliedCount, embeddedFileCount());
        for (const char *table : {"auth.users", "catalog.categories", "catalog.products", "catalog.carts",
                                  "catalog.cart_items", "catalog.checkout_idempotency", "catalog.outbox",
                                  "catalog.processed_events", "orders.orders", "orders.order_items",
                                  "orders.payment_transactions", "orders.processed_events", "pos.shifts",
                                  "pos.sales", "pos.journal"}) {
            QVERIFY2(scalar(database, QStringLiteral("SELECT to_regclass('%1') IS NOT NULL").arg(QLatin1String(table))).toBool(),
                     table);
        }
        int recorded = 0;
        for (const QString &schema : MigrationRunner::schemaOrder)
            recorded += scalar(database, QStringLiteral("SELECT count(*) FROM %1.schema_migrations "
                                                        "WHERE checksum ~ '^[0-9a-f]{64}$'").arg(schema)).toInt();
        QCOMPARE(recorded, embeddedFileCount());
    }

    void runningAgainAppliesNothing()
    {
        ScratchDatabase scratch;
        QVERIFY2(scratch.error().isEmpty(), qPrintable(scratch.error()));
        Database database(scratch.url());
        QCOMPARE(MigrationRunner(database).run().outcome, MigrationResult::Outcome::Applied);

        const MigrationResult again = MigrationRunner(database).run();

        QCOMPARE(again.outcome, MigrationResult::Outcome::Applied);
        QCOMPARE(again.appliedCount, 0);
    }

    void twoConcurrentRunnersApplyEachFileOnce()
    {
        ScratchDatabase scratch;
        QVERIFY2(scratch.error().isEmpty(), qPrintable(scratch.error()));
        auto runOnOwnConnection = [&scratch] {
            Database database(scratch.url()); // one connection per runner, as two processes would have
            return MigrationRunner(database).run();
        };

        auto first = std::async(std::launch::async, runOnOwnConnection);
        auto second = std::async(std::launch::async, runOnOwnConnection);
        const MigrationResult a = first.get();
        const MigrationResult b = second.get();

        QVERIFY2(a.outcome == MigrationResult::Outcome::Applied, qPrintable(a.error));
        QVERIFY2(b.outcome == MigrationResult::Outcome::Applied, qPrintable(b.error));
        QCOMPARE(a.appliedCount + b.appliedCount, embeddedFileCount());
    }

    void aChangedAppliedFileIsRefused()
    {
        ScratchDatabase scratch;
        QVERIFY2(scratch.error().isEmpty(), qPrintable(scratch.error()));
        QTemporaryDir folder;
        QVERIFY(copyMigrations(folder.path()));
        Database database(scratch.url());
        QCOMPARE(MigrationRunner(database, folder.path()).run().outcome, MigrationResult::Outcome::Applied);

        QFile applied(folder.path() + QStringLiteral("/catalog/V1__categories_products.sql"));
        QVERIFY(applied.open(QIODevice::Append));
        applied.write("\n-- an innocent-looking edit\n");
        applied.close();
        const MigrationResult result = MigrationRunner(database, folder.path()).run();

        QCOMPARE(result.outcome, MigrationResult::Outcome::Tampered);
        QVERIFY2(result.error.contains(QStringLiteral("catalog/V1__categories_products.sql")), qPrintable(result.error));
    }

    void aFailingMigrationLeavesNoTrace()
    {
        ScratchDatabase scratch;
        QVERIFY2(scratch.error().isEmpty(), qPrintable(scratch.error()));
        QTemporaryDir folder;
        QVERIFY(copyMigrations(folder.path()));
        QFile broken(folder.path() + QStringLiteral("/catalog/V999__broken.sql"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("CREATE TABLE catalog.half_written (id int);\nSELECT 1 / 0;\n");
        broken.close();
        Database database(scratch.url());

        const MigrationResult result = MigrationRunner(database, folder.path()).run();

        QCOMPARE(result.outcome, MigrationResult::Outcome::Failed);
        QVERIFY2(result.error.contains(QStringLiteral("V999__broken.sql")), qPrintable(result.error));
        QVERIFY(!scalar(database, QStringLiteral("SELECT to_regclass('catalog.half_written') IS NOT NULL")).toBool());
        QCOMPARE(scalar(database, QStringLiteral("SELECT count(*) FROM catalog.schema_migrations WHERE version = 999")).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(MigrationsTest)
#include "tst_migrations.moc"
