#include "ui/manager/catalogview.h"
#include "guitestenvironment.h"
#include "ui/manager/managerwindow.h"
#include "ui/manager/producttablemodel.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

#include <atomic>

using namespace shop;

namespace {

// Holds an exclusive lock on catalog.products for a while from a connection
// of its own, so every catalog query waits that long: a slow database.
QString lockProductsFor(const DatabaseUrl &url, int milliseconds, std::atomic<bool> &isLocked)
{
    const QString name = QStringLiteral("slow-database");
    QString error;
    {
        QSqlDatabase db = shop::addConnection(url, name);
        QSqlQuery query(db);
        if (!db.open() || !db.transaction())
            error = db.lastError().text();
        else if (!query.exec(QStringLiteral("LOCK TABLE catalog.products IN ACCESS EXCLUSIVE MODE")))
            error = query.lastError().text();
        isLocked = true; // also on failure, so the test does not wait in vain
        if (error.isEmpty() && !query.exec(QStringLiteral("SELECT pg_sleep(%1)").arg(milliseconds / 1000.0)))
            error = query.lastError().text();
        db.commit();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

} // namespace

// The GUI thread never waits for the database: with every catalog query
// stalled, the event loop keeps running and the table says it is loading.
class GuiResponsivenessTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void theEventLoopKeepsRunningWhileTheDatabaseIsSlow()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        const Result<Category> mugs = environment.catalog().createCategory({QStringLiteral("Mugs"), std::nullopt});
        QVERIFY(mugs);
        QVERIFY(environment.catalog().createProduct(
            {QStringLiteral("MUG-1"), QStringLiteral("Blue mug"), std::nullopt, Money::fromCents(500), 3, mugs->id, true}));
        ManagerWindow window(QString(), environment.managerServices(), Principal{QStringLiteral("maria"), {QStringLiteral("MANAGER")}});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ProductTableModel *model = window.catalogView()->productModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10000);
        QTRY_VERIFY(!model->isLoading());

        // given a database that answers catalog queries only after 1.5 s
        std::atomic<bool> isLocked = false;
        QFuture<QString> slowDatabase = QtConcurrent::run(lockProductsFor, environment.database().url(), 1500, std::ref(isLocked));
        QTRY_VERIFY_WITH_TIMEOUT(isLocked, 10000);

        // when the manager reloads the catalog, the event loop is watched
        qint64 longestGapMs = 0;
        QElapsedTimer sinceLastTick;
        QTimer tick;
        tick.setInterval(10);
        connect(&tick, &QTimer::timeout, this, [&] {
            longestGapMs = std::max(longestGapMs, sinceLastTick.restart());
        });
        QElapsedTimer reload;
        reload.start();
        sinceLastTick.start();
        tick.start();
        window.catalogView()->refresh();
        auto *status = window.findChild<QLabel *>(QStringLiteral("catalogStatus"));
        QVERIFY(model->isLoading());
        QCOMPARE(status->text(), QStringLiteral("Loading products…"));
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading(), 15000);
        tick.stop();

        // then the products came only after the stall, and the loop never stopped for 100 ms
        QCOMPARE(slowDatabase.result(), QString());
        QVERIFY2(reload.elapsed() >= 1000, qPrintable(QString::number(reload.elapsed())));
        QCOMPARE(model->rowCount(), 1);
        QVERIFY2(longestGapMs < 100, qPrintable(QStringLiteral("longest gap %1 ms").arg(longestGapMs)));
    }
};

QTEST_MAIN(GuiResponsivenessTest)
#include "tst_guiresponsiveness.moc"
