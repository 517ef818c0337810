#include "catalogapiclient.h"
#include "parallelhttp.h"
#include "secondinstance.h"
#include "testdatabase.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

#include <thread>

using namespace testsupport;

namespace {

const QString kProducts = QStringLiteral("/api/v1/products");

// Holds a table lock in a session of its own until released, so every read
// of that table waits: a slow read made by PostgreSQL itself, no test hook
// in the server.
class TableLock
{
public:
    TableLock(const shop::DatabaseUrl &url, const QString &table)
        : m_name(QStringLiteral("table-lock-%1").arg(reinterpret_cast<quintptr>(this)))
    {
        QSqlDatabase db = shop::addConnection(url, m_name);
        m_held = db.open() && db.transaction()
              && QSqlQuery(db).exec(QStringLiteral("LOCK TABLE %1 IN ACCESS EXCLUSIVE MODE").arg(table));
    }
    ~TableLock()
    {
        release();
        QSqlDatabase::removeDatabase(m_name);
    }

    bool isHeld() const { return m_held; }
    void release()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            if (db.isOpen()) {
                db.rollback();
                db.close();
            }
        }
        m_held = false;
    }

private:
    QString m_name;
    bool m_held = false;
};

QNetworkReply *startGet(QNetworkAccessManager &network, quint16 port, const QString &path)
{
    return network.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path))));
}

int statusOf(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

// GET /api/v1/products/{id} and the product pages as `serve` answers them:
// on the HTTP I/O thread with non-blocking PostgreSQL sessions (db/pgpool.h).
// The same bytes as the worker path, many at once, a slow read holding up
// no other, the bounded queue, the statement timeout and a stop with reads
// in flight. PostgreSQL restarts are tests/e2e/catalog_reads_faults.sh.
class AsyncProductReadsTest : public ProductApiTestBase
{
    Q_OBJECT

private:
    QStringList m_products; // paths

    // Starts the server with this shape, a Coffee category and n products.
    void start(TestServerShape shape, int products)
    {
        const QString error = startWithCoffeeCategory(shape);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_products.clear();
        for (int i = 0; i < products; ++i) {
            m_products.append(createProduct(QStringLiteral("COF-ASYNC-%1").arg(i, 3, 10, QLatin1Char('0'))));
            QVERIFY(!m_products.constLast().isEmpty());
        }
        // Connects the read sessions and prepares the statements, so the
        // tests below measure reads, not a session's start.
        QCOMPARE(m_api->get(m_products.constFirst()).status, 200);
        QCOMPARE(m_api->get(kProducts + QStringLiteral("?page=0&size=5")).status, 200);
    }

    void execute(const QString &sql)
    {
        const QSqlError error = m_api->database().run(
            [&](QSqlDatabase &db) {
                QSqlQuery query(db);
                query.exec(sql);
                return query.lastError();
            },
            shop::Database::Retry::Never);
        QVERIFY2(!error.isValid(), qPrintable(error.text()));
    }

private Q_SLOTS:
    void cleanup()
    {
        m_catalog.reset();
        m_api.reset();
    }

    // Text values of every kind and timestamps whose microseconds round
    // either way (QPSQL rounds to milliseconds): the async reading must give
    // the worker path's bytes, ETags and cursors.
    void givesTheWorkerPathsBytes()
    {
        start({}, 3);
        const QString id0 = m_products[0].section(u'/', -1);
        const QString id1 = m_products[1].section(u'/', -1);
        execute(QStringLiteral("UPDATE catalog.products SET description = NULL, reorder_level = 7,"
                               " name = E'Caf\\u00e9 \"cr\\u00e8me\" \\\\ \\t tab \\U0001F600',"
                               " created_at = '2026-01-02 03:04:05.9996+00', updated_at = '2026-01-02 03:04:05.0005+00'"
                               " WHERE id = '%1'").arg(id0));
        execute(QStringLiteral("UPDATE catalog.products SET description = E'line\\nbreak \\u0001',"
                               " created_at = '1999-12-31 23:59:59.123456+00', updated_at = '2026-06-30 12:00:00+00',"
                               " price_cents = 1, inventory_quantity = 0 WHERE id = '%1'").arg(id1));
        SecondInstance workers(m_api->databaseUrl());
        QVERIFY2(workers.error().isEmpty(), qPrintable(workers.error()));

        QStringList paths = m_products;
        paths << kProducts + QStringLiteral("?page=0&size=20")
              << kProducts + QStringLiteral("?sortBy=createdAt&sortDir=desc&size=2")
              << kProducts + QStringLiteral("?sortBy=price&page=1&size=1")
              << kProducts + QStringLiteral("?categoryId=%1&isActive=true&sortBy=sku").arg(m_coffeeId)
              << kProducts + QStringLiteral("/%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces))
              << kProducts + QStringLiteral("/not-a-uuid") << kProducts + QStringLiteral("?size=0&sortBy=colour");
        for (const QString &path : paths) {
            const HttpReply async = m_api->get(path);
            const HttpReply worker = workers.send("GET", path);
            QVERIFY2(async.status == worker.status, qPrintable(path));
            if (async.status == 200) {
                QVERIFY2(async.body == worker.body, qPrintable(path + u'\n' + QString::fromUtf8(async.body) + u'\n'
                                                               + QString::fromUtf8(worker.body)));
            } else { // Problem Details, each with its request's correlation id
                QJsonObject asyncProblem = async.json();
                QJsonObject workerProblem = worker.json();
                QVERIFY(!asyncProblem.take(QStringLiteral("correlationId")).toString().isEmpty());
                workerProblem.remove(QStringLiteral("correlationId"));
                QCOMPARE(asyncProblem, workerProblem);
            }
            QCOMPARE(async.header("ETag"), worker.header("ETag"));
            QCOMPARE(async.header("Cache-Control"), worker.header("Cache-Control"));
            QCOMPARE(async.header("Content-Type"), worker.header("Content-Type"));
        }
        QVERIFY(m_api->get(m_products[0]).body.contains("\"createdAt\":\"2026-01-02T03:04:06.000Z\""));

        // Cursor pages, followed on both: the same cursors and pages.
        QString next = kProducts + QStringLiteral("?sortBy=createdAt&size=1");
        for (int page = 0; page < 3; ++page) {
            const HttpReply async = m_api->get(next);
            QCOMPARE(async.status, 200);
            QCOMPARE(async.body, workers.send("GET", next).body);
            const QString cursor = async.json().value(QStringLiteral("nextCursor")).toString();
            if (cursor.isEmpty())
                break;
            next = kProducts + QStringLiteral("?sortBy=createdAt&size=1&cursor=") + cursor;
        }
    }

    // 160 reads at once over 2 I/O threads with 4 sessions each: every
    // answer is the worker path's.
    void manyConcurrentReadsAreCorrect()
    {
        start({}, 12);
        SecondInstance workers(m_api->databaseUrl());
        QVERIFY2(workers.error().isEmpty(), qPrintable(workers.error()));
        QList<RawRequest> requests;
        for (int i = 0; i < 160; ++i) {
            const QString path = i % 4 == 3 ? kProducts + QStringLiteral("?page=%1&size=5").arg(i % 3)
                                            : m_products[i % m_products.size()];
            requests.append({"GET", path, {}, {}});
        }
        const QList<HttpReply> replies = sendInParallel(m_api->port(), requests);
        QHash<QString, QByteArray> expected;
        for (qsizetype i = 0; i < replies.size(); ++i) {
            const QString &path = requests[i].path;
            if (!expected.contains(path))
                expected.insert(path, workers.send("GET", path).body);
            QVERIFY2(replies[i].status == 200, qPrintable(QStringLiteral("%1: %2").arg(path).arg(replies[i].status)));
            QCOMPARE(replies[i].body, expected.value(path));
        }
    }

    // One I/O thread, two sessions: a page read stuck behind a lock on
    // product_counts holds one session; product reads go on on the other.
    void aSlowReadDoesNotDelayOthersOnItsThread()
    {
        shop::PgPoolOptions reads;
        reads.connections = 2;
        start({1, reads}, 2);
        TableLock lock(m_api->databaseUrl(), QStringLiteral("catalog.product_counts"));
        QVERIFY(lock.isHeld());
        QNetworkAccessManager network;
        QNetworkReply *page = startGet(network, m_api->port(), kProducts + QStringLiteral("?page=0&size=5"));
        QTest::qWait(300);
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 10; ++i)
            QCOMPARE(m_api->get(m_products[i % 2]).status, 200);
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QStringLiteral("10 reads took %1 ms").arg(timer.elapsed())));
        QVERIFY(!page->isFinished());
        lock.release();
        QTRY_VERIFY_WITH_TIMEOUT(page->isFinished(), 10000);
        QCOMPARE(statusOf(page), 200);
        page->deleteLater();
    }

    // One session, at most 2 reads waiting: with the session stuck, of 5
    // reads 1 runs, 2 wait and 2 get 503 with Retry-After at once; the 3
    // are answered once the lock goes.
    void aFullQueueAnswers503WithRetryAfter()
    {
        shop::PgPoolOptions reads;
        reads.connections = 1;
        reads.maxWaiting = 2;
        start({1, reads}, 1);
        TableLock lock(m_api->databaseUrl(), QStringLiteral("catalog.products"));
        QVERIFY(lock.isHeld());
        QList<RawRequest> requests;
        for (int i = 0; i < 5; ++i)
            requests.append({"GET", m_products[0], {}, {}});
        QList<HttpReply> replies;
        std::thread clients([&] { replies = sendInParallel(m_api->port(), requests); });
        QTest::qWait(1500);
        lock.release();
        clients.join();
        int refused = 0;
        for (const HttpReply &reply : replies) {
            if (reply.status == 503) {
                ++refused;
                QCOMPARE(reply.header("Retry-After"), QByteArray("1"));
                verifyNoInternals(reply);
            } else {
                QCOMPARE(reply.status, 200);
            }
        }
        QCOMPARE(refused, 2);
    }

    // A statement running past the statement timeout is cancelled: 503 with
    // Retry-After, and the session serves the next read.
    void theStatementTimeoutApplies()
    {
        shop::PgPoolOptions reads;
        reads.connections = 1;
        reads.statementTimeout = std::chrono::milliseconds(300);
        start({1, reads}, 1);
        TableLock lock(m_api->databaseUrl(), QStringLiteral("catalog.products"));
        QVERIFY(lock.isHeld());
        QElapsedTimer timer;
        timer.start();
        const HttpReply cancelled = m_api->get(m_products[0]);
        QCOMPARE(cancelled.status, 503);
        QCOMPARE(cancelled.header("Retry-After"), QByteArray("1"));
        verifyNoInternals(cancelled);
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
        lock.release();
        QCOMPARE(m_api->get(m_products[0]).status, 200);
    }

    // Reads that wait go to the next free session in one batch (one
    // pipeline, one Sync). When a statement in it fails, the server skips
    // the rest of the batch: the failed read answers 503 alone and the
    // skipped ones run again and answer 200. The session is new (its
    // backend was ended), so the batch also prepares the product statement,
    // the server skips that too, and two reads in it share the statement.
    void aFailedReadInABatchFailsAlone()
    {
        shop::PgPoolOptions reads;
        reads.connections = 1;
        reads.statementTimeout = std::chrono::milliseconds(400);
        start({1, reads}, 2);
        QByteArray expected[2];
        for (int i = 0; i < 2; ++i)
            expected[i] = m_api->get(m_products[i]).body;
        execute(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                               " WHERE datname = current_database() AND pid <> pg_backend_pid()"));
        TableLock lock(m_api->databaseUrl(), QStringLiteral("catalog.product_counts"));
        QVERIFY(lock.isHeld());
        QNetworkAccessManager network;
        const QString page = kProducts + QStringLiteral("?page=0&size=5");
        QNetworkReply *running = startGet(network, m_api->port(), page); // holds the one session
        QTest::qWait(100);
        QNetworkReply *failing = startGet(network, m_api->port(), page); // first in the batch
        QTest::qWait(50);
        QNetworkReply *first = startGet(network, m_api->port(), m_products[0]);
        QNetworkReply *second = startGet(network, m_api->port(), m_products[1]);
        for (QNetworkReply *reply : {running, failing, first, second})
            QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        QCOMPARE(statusOf(running), 503);
        QCOMPARE(statusOf(failing), 503);
        QCOMPARE(statusOf(first), 200);
        QCOMPARE(first->readAll(), expected[0]);
        QCOMPARE(statusOf(second), 200);
        QCOMPARE(second->readAll(), expected[1]);
        for (QNetworkReply *reply : {running, failing, first, second})
            reply->deleteLater();
        lock.release();
        QCOMPARE(m_api->get(page).status, 200);
    }

    // The session's backend ended while its batch waits on a lock (the
    // server's goodbye arrives as the statement's error): the reads are not
    // failed with that error but run again on the new session, and answer
    // 200 once the lock goes.
    void readsOfASessionEndedUnderTheirBatchRunAgain()
    {
        shop::PgPoolOptions reads;
        reads.connections = 1;
        start({1, reads}, 1);
        TableLock lock(m_api->databaseUrl(), QStringLiteral("catalog.product_counts"));
        QVERIFY(lock.isHeld());
        QNetworkAccessManager network;
        const QString page = kProducts + QStringLiteral("?page=0&size=5");
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 3; ++i)
            replies.append(startGet(network, m_api->port(), page));
        QTest::qWait(300);
        execute(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                               " WHERE datname = current_database() AND wait_event_type = 'Lock'"));
        QTest::qWait(300);
        for (QNetworkReply *reply : replies)
            QVERIFY(!reply->isFinished());
        lock.release();
        for (QNetworkReply *reply : replies) {
            QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
            QCOMPARE(statusOf(reply), 200);
            reply->deleteLater();
        }
    }

    // Every backend of the database ended (an administrator, an idle
    // timeout): the sessions reconnect at once and the reads that meet a
    // dead session run again on a new one, so no client sees an error.
    // (A PostgreSQL restart, where reconnecting fails for a while, is
    // tests/e2e/catalog_reads_faults.sh.)
    void endedSessionsAreReplacedWithoutErrors()
    {
        shop::PgPoolOptions reads;
        reads.connections = 2;
        start({1, reads}, 2);
        for (int round = 0; round < 3; ++round) {
            execute(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                   " WHERE datname = current_database() AND pid <> pg_backend_pid()"));
            for (int i = 0; i < 6; ++i) {
                const QString path = i % 3 == 2 ? kProducts + QStringLiteral("?page=0&size=5") : m_products[i % 2];
                const HttpReply reply = m_api->get(path);
                QVERIFY2(reply.status == 200, qPrintable(QStringLiteral("round %1, %2: %3 %4")
                                                             .arg(round).arg(path).arg(reply.status)
                                                             .arg(QString::fromUtf8(reply.body))));
            }
        }
    }

    // Stopping the server while a read waits for PostgreSQL: the read is
    // answered 503 and the stop neither hangs nor crashes.
    void aStopWithReadsInFlightAnswersThem()
    {
        start({1, shop::PgPoolOptions{}}, 1);
        TableLock lock(m_api->databaseUrl(), QStringLiteral("catalog.products"));
        QVERIFY(lock.isHeld());
        QList<HttpReply> replies;
        std::thread client([&] { replies = sendInParallel(m_api->port(), {{"GET", m_products[0], {}, {}}}); });
        QTest::qWait(500);
        QElapsedTimer timer;
        timer.start();
        m_catalog.reset();
        m_api.reset(); // stops the server, then drops the database (and so the lock's session)
        client.join();
        QVERIFY2(timer.elapsed() < 15000, qPrintable(QStringLiteral("stop took %1 ms").arg(timer.elapsed())));
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies[0].status, 503);
    }

    // gui serves the same routes on the workers: unchanged answers.
    void theWorkerPathStaysForOtherModes()
    {
        start({2, std::nullopt}, 1);
        const HttpReply reply = m_api->get(m_products[0]);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json().value(QStringLiteral("sku")).toString(), QStringLiteral("COF-ASYNC-000"));
    }
};

QTEST_MAIN(AsyncProductReadsTest)
#include "tst_asyncproductreads.moc"
