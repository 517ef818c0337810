#include "apitestserver.h"
#include "catalogfixtures.h"
#include "checkoutrequests.h"
#include "db/database.h"
#include "parallelhttp.h"

#include <QScopeGuard>
#include <QtTest>

#include <future>

using namespace testsupport;

// Many buyers at the same moment: the stock is never oversold, and one
// Idempotency-Key never makes a second order. Requests are fired all at once
// on their own connections (sendInParallel), never one after the other.
class CheckoutConcurrencyTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestServer> m_api;
    std::unique_ptr<CatalogFixtures> m_catalog;
    QString m_coffee; // 19.99, 10 in stock

    QList<RawRequest> twentyBuyersOfTheLastTwoUnits()
    {
        m_catalog->scalar(QStringLiteral("UPDATE catalog.products SET inventory_quantity = 2 WHERE id = ?"), {m_coffee});
        QList<RawRequest> requests;
        for (int i = 0; i < 20; ++i) {
            const QString session = QStringLiteral("buyer-%1").arg(i);
            if (addToCart(*m_api, session, m_coffee, 1).status != 200)
                qWarning("could not fill the cart of %s", qPrintable(session));
            requests.append({"POST", QStringLiteral("/api/v1/checkout"), checkoutBody(session),
                             {{"Idempotency-Key", "key-" + QByteArray::number(i)}}});
        }
        return requests;
    }

    void verifyExactlyTwoOrders(const QList<HttpReply> &replies)
    {
        int created = 0;
        int conflicts = 0;
        QSet<QString> orderNumbers;
        for (const HttpReply &reply : replies) {
            if (reply.status == 201) {
                ++created;
                orderNumbers.insert(reply.json().value(QStringLiteral("orderNumber")).toString());
            } else {
                QVERIFY2(reply.status == 409, qPrintable(QString::number(reply.status) + u' ' + QString::fromUtf8(reply.body)));
                ++conflicts;
            }
        }
        QCOMPARE(created, 2);
        QCOMPARE(conflicts, 18);
        QCOMPARE(orderNumbers.size(), 2);
        QCOMPARE(m_catalog->stock(m_coffee), 0);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.outbox")), 2);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.carts")), 18);
    }

    // Sessions of the scratch database that wait for a lock (here: the held product row).
    int sessionsWaitingForALock()
    {
        m_catalog->scalar(QStringLiteral("SELECT pg_stat_clear_snapshot()")); // activity is cached per transaction
        return m_catalog->scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity "
                                                "WHERE datname = current_database() AND wait_event_type = 'Lock'"))
            .toInt();
    }

private Q_SLOTS:
    void init()
    {
        m_api = std::make_unique<ApiTestServer>();
        QVERIFY2(m_api->error().isEmpty(), qPrintable(m_api->error()));
        m_catalog = std::make_unique<CatalogFixtures>(m_api->database());
        m_coffee = m_catalog->addProduct(QStringLiteral("COF-1"), 1999, 10);
        QVERIFY2(!m_coffee.isEmpty(), qPrintable(m_catalog->lastError()));
    }

    void cleanup()
    {
        m_catalog.reset();
        m_api.reset();
    }

    void twentyBuyersOfTheLastTwoUnitsMakeExactlyTwoOrders()
    {
        const QList<RawRequest> requests = twentyBuyersOfTheLastTwoUnits();
        verifyExactlyTwoOrders(sendInParallel(m_api->port(), requests));
    }

    // The same, with the product row held locked until every worker thread
    // of the server is waiting on it, so all of them contend at one instant.
    void twentyBuyersReleasedAtOnceMakeExactlyTwoOrders()
    {
        const QList<RawRequest> requests = twentyBuyersOfTheLastTwoUnits();
        QSqlDatabase db = m_api->database().connection();
        shop::Transaction hold(db);
        QVERIFY(hold.isActive());
        m_catalog->scalar(QStringLiteral("SELECT id FROM catalog.products WHERE id = ? FOR UPDATE"), {m_coffee});

        auto pending = std::async(std::launch::async, [&] { return sendInParallel(m_api->port(), requests); });
        const auto release = qScopeGuard([&hold] { hold.commit(); });
        // ApiTestServer runs 8 worker threads; if fewer ever wait, the test
        // still checks the outcome, only with less contention.
        QDeadlineTimer deadline(10000);
        while (sessionsWaitingForALock() < 8 && !deadline.hasExpired())
            QThread::msleep(5);
        QVERIFY(hold.commit());

        verifyExactlyTwoOrders(pending.get());
    }

    // Plenty of stock, so every checkout takes some, while carts keep adding
    // the same product (their foreign key checks share its row lock): each
    // checkout locks the row another has just changed. Done as one statement
    // that locks and updates the row, that deadlocked (about one checkout in
    // 200 at 8 at a time, e2e_order_pipeline_faults); every buyer must get
    // an order.
    void buyersOfAPlentifulProductAllGetTheirOrders()
    {
        m_catalog->scalar(QStringLiteral("UPDATE catalog.products SET inventory_quantity = 100000 WHERE id = ?"),
                          {m_coffee});
        const QByteArray addBody = QJsonDocument(QJsonObject{{QStringLiteral("productId"), m_coffee},
                                                             {QStringLiteral("quantity"), 1}})
                                       .toJson(QJsonDocument::Compact);
        const int rounds = 10;
        const int buyers = 40;
        for (int round = 0; round < rounds; ++round) {
            QList<RawRequest> requests;
            for (int i = 0; i < buyers; ++i) {
                const QString session = QStringLiteral("plenty-%1-%2").arg(round).arg(i);
                QCOMPARE(addToCart(*m_api, session, m_coffee, 1).status, 200);
                requests.append({"POST", QStringLiteral("/api/v1/checkout"), checkoutBody(session),
                                 {{"Idempotency-Key", session.toUtf8()}}});
                requests.append({"POST", QStringLiteral("/api/v1/carts/browsing-%1-%2/items").arg(round).arg(i),
                                 addBody, {}});
            }
            for (const HttpReply &reply : sendInParallel(m_api->port(), requests))
                QVERIFY2(reply.status == 201 || reply.status == 200,
                         qPrintable(QString::number(reply.status) + u' ' + QString::fromUtf8(reply.body)));
        }
        QCOMPARE(m_catalog->stock(m_coffee), 100000 - rounds * buyers);
    }

    // A cart add checks the stock against the line's latest quantity, read
    // under the cart's row lock (ON CONFLICT ... WHERE in one statement): of
    // twenty adds racing for the nine units not yet in the cart, exactly nine
    // get in, and the line never holds more than the stock.
    void parallelAddsToOneCartNeverExceedTheStock()
    {
        QCOMPARE(addToCart(*m_api, QStringLiteral("one-cart"), m_coffee, 1).status, 200);
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("productId"), m_coffee},
                                                          {QStringLiteral("quantity"), 1}})
                                    .toJson(QJsonDocument::Compact);
        const QList<RawRequest> requests(20, {"POST", QStringLiteral("/api/v1/carts/one-cart/items"), body, {}});
        int added = 0;
        for (const HttpReply &reply : sendInParallel(m_api->port(), requests)) {
            QVERIFY2(reply.status == 200 || reply.status == 409,
                     qPrintable(QString::number(reply.status) + u' ' + QString::fromUtf8(reply.body)));
            added += reply.status == 200 ? 1 : 0;
        }
        QCOMPARE(added, 9);
        QCOMPARE(m_catalog->scalar(QStringLiteral("SELECT sum(quantity) FROM catalog.cart_items")).toInt(), 10);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.cart_items")), 1);
    }

    void aDuplicateWhileTheFirstIsStillRunningIs409()
    {
        QCOMPARE(addToCart(*m_api, QStringLiteral("s1"), m_coffee, 1).status, 200);
        const RawRequest request{"POST", QStringLiteral("/api/v1/checkout"), checkoutBody(QStringLiteral("s1")),
                                 {{"Idempotency-Key", "slow-key"}}};
        // Hold the product so the first checkout stops midway, key claimed.
        QSqlDatabase db = m_api->database().connection();
        shop::Transaction hold(db);
        QVERIFY(hold.isActive());
        m_catalog->scalar(QStringLiteral("SELECT id FROM catalog.products WHERE id = ? FOR UPDATE"), {m_coffee});
        auto first = std::async(std::launch::async, [&] { return sendInParallel(m_api->port(), {request}); });
        const auto release = qScopeGuard([&hold] { hold.commit(); });
        QDeadlineTimer deadline(10000);
        while (sessionsWaitingForALock() < 1 && !deadline.hasExpired())
            QThread::msleep(5);
        QCOMPARE(sessionsWaitingForALock(), 1);

        const HttpReply duplicate = checkout(*m_api, request.body, "slow-key");
        QCOMPARE(duplicate.status, 409);
        QCOMPARE(duplicate.header("Content-Type"), QByteArray("application/problem+json"));

        QVERIFY(hold.commit());
        const HttpReply placed = first.get().first();
        QCOMPARE(placed.status, 201);
        QCOMPARE(checkout(*m_api, request.body, "slow-key").body, placed.body);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.outbox")), 1);
    }

    void fiftyParallelRequestsWithOneKeyMakeOneOrder()
    {
        QCOMPARE(addToCart(*m_api, QStringLiteral("s1"), m_coffee, 3).status, 200);
        const RawRequest request{"POST", QStringLiteral("/api/v1/checkout"), checkoutBody(QStringLiteral("s1")),
                                 {{"Idempotency-Key", "the-one-key"}}};

        const QList<HttpReply> replies = sendInParallel(m_api->port(), QList<RawRequest>(50, request));

        QByteArray createdBody;
        int created = 0;
        for (const HttpReply &reply : replies) {
            QVERIFY2(reply.status == 201 || reply.status == 409,
                     qPrintable(QString::number(reply.status) + u' ' + QString::fromUtf8(reply.body)));
            if (reply.status != 201)
                continue;
            ++created;
            if (createdBody.isEmpty())
                createdBody = reply.body;
            QCOMPARE(reply.body, createdBody); // the replays repeat the first answer byte for byte
        }
        QVERIFY(created >= 1);
        qInfo("%d of 50 answered 201, the rest 409 in progress", created);
        QVERIFY2(isOrderNumber(QJsonDocument::fromJson(createdBody).object().value(QStringLiteral("orderNumber")).toString()),
                 createdBody.constData());
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.outbox")), 1);
        QCOMPARE(m_catalog->stock(m_coffee), 7);

        // Once the first finished, the key answers with the stored bytes.
        const HttpReply later = checkout(*m_api, request.body, "the-one-key");
        QCOMPARE(later.status, 201);
        QCOMPARE(later.body, createdBody);
    }
};

QTEST_GUILESS_MAIN(CheckoutConcurrencyTest)
#include "tst_checkoutconcurrency.moc"
