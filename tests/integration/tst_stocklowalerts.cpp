#include "apitestserver.h"
#include "catalog/catalogservice.h"
#include "catalogapiclient.h"
#include "catalogfixtures.h"
#include "checkoutrequests.h"
#include "core/metrics.h"
#include "events/stocklowevent.h"
#include "messaging/kafkanames.h"
#include "messaging/kafkaproducer.h"
#include "messaging/outboxrelay.h"
#include "parallelhttp.h"
#include "topicreader.h"

#include <QtTest>

using namespace testsupport;
using namespace std::chrono_literals;

// StockLow alerts on the real database: one event per crossing of the
// reorder level, written in the transaction of the stock change, whoever
// changes the stock and however many buyers race for the last units.
class StockLowAlertsTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestServer> m_api;
    std::unique_ptr<CatalogFixtures> m_catalog;

    // The StockLow rows of the outbox, oldest first, parsed.
    QList<shop::StockLowEvent> stockLowEvents()
    {
        QSqlQuery query(m_api->database().connection());
        if (!query.exec(QStringLiteral("SELECT payload FROM catalog.outbox WHERE event_type = 'STOCK_LOW' "
                                       "ORDER BY created_at, payload")))
            qWarning("%s", qPrintable(query.lastError().text()));
        QList<shop::StockLowEvent> events;
        while (query.next()) {
            const shop::Result<shop::StockLowEvent> event =
                shop::StockLowEvent::parse(query.value(0).toString().toUtf8());
            if (!event)
                qWarning("unparsable StockLow payload: %s", qPrintable(query.value(0).toString()));
            else
                events.append(event.value());
        }
        return events;
    }

    QList<HttpReply> buyInParallel(const QString &productId, int buyers, const QString &prefix)
    {
        QList<RawRequest> requests;
        for (int i = 0; i < buyers; ++i) {
            const QString session = QStringLiteral("%1-%2").arg(prefix).arg(i);
            if (addToCart(*m_api, session, productId, 1).status != 200)
                qWarning("could not fill the cart of %s", qPrintable(session));
            requests.append({"POST", QStringLiteral("/api/v1/checkout"), checkoutBody(session),
                             {{"Idempotency-Key", (prefix + QStringLiteral("-key-%1").arg(i)).toUtf8()}}});
        }
        return sendInParallel(m_api->port(), requests);
    }

    int placedOrders(const QList<HttpReply> &replies)
    {
        int created = 0;
        for (const HttpReply &reply : replies)
            created += reply.status == 201 ? 1 : 0;
        return created;
    }

    shop::Result<shop::Product> adjust(shop::CatalogService &catalog, const QString &productId, qint64 delta)
    {
        const shop::Result<shop::Product> product = catalog.product(QUuid::fromString(productId));
        if (!product)
            return product.error();
        shop::StockAdjustment adjustment;
        adjustment.delta = delta;
        adjustment.reason = QStringLiteral("test");
        adjustment.adjustedBy = QStringLiteral("manager");
        adjustment.expectedVersion = product->version;
        return catalog.adjustStock(product->id, adjustment);
    }

private Q_SLOTS:
    void init()
    {
        m_api = std::make_unique<ApiTestServer>();
        QVERIFY2(m_api->error().isEmpty(), qPrintable(m_api->error()));
        m_catalog = std::make_unique<CatalogFixtures>(m_api->database());
    }

    void cleanup()
    {
        m_catalog.reset();
        m_api.reset();
    }

    // 8 in stock, the default level 5: twenty buyers of one unit each take
    // the last 8; the sale from 6 to 5 crosses, the 3 after it do not.
    void twentyBuyersOfTheLastUnitsMakeOneAlert()
    {
        const QString mug = m_catalog->addProduct(QStringLiteral("MUG-1"), 899, 8);
        QVERIFY2(!mug.isEmpty(), qPrintable(m_catalog->lastError()));

        const QList<HttpReply> replies = buyInParallel(mug, 20, QStringLiteral("buyer"));

        QCOMPARE(placedOrders(replies), 8);
        QCOMPARE(m_catalog->stock(mug), 0);
        const QList<shop::StockLowEvent> events = stockLowEvents();
        QCOMPARE(events.size(), 1);
        const shop::StockLowEvent &event = events.first();
        QCOMPARE(event.productId, QUuid::fromString(mug));
        QCOMPARE(event.sku, QStringLiteral("MUG-1"));
        QCOMPARE(event.name, QStringLiteral("Product MUG-1"));
        QCOMPARE(event.previousStock, 6);
        QCOMPARE(event.stock, 5);
        QCOMPARE(event.reorderLevel, 5); // the setting: the product has no level of its own
        QVERIFY(event.isDefaultLevel);
        QCOMPARE(event.cause, QStringLiteral("SALE"));
        // Outbox row, Kafka key and topic as for every event.
        QCOMPARE(m_catalog->scalar(QStringLiteral("SELECT topic FROM catalog.outbox WHERE event_type = 'STOCK_LOW'"))
                     .toString(),
                 QStringLiteral("stock.low"));
        QCOMPARE(m_catalog->scalar(QStringLiteral("SELECT message_key FROM catalog.outbox "
                                                  "WHERE event_type = 'STOCK_LOW'")).toString(),
                 mug);
        QCOMPARE(m_catalog->scalar(QStringLiteral("SELECT id FROM catalog.outbox WHERE event_type = 'STOCK_LOW'"))
                     .toString(),
                 event.eventId.toString(QUuid::WithoutBraces));
    }

    // A restock above the level re-arms the alert: the next sale across it
    // writes a second one. A restock that stays at or below writes none.
    void aRestockAboveTheLevelThenASaleAlertsAgain()
    {
        shop::CatalogService catalog(m_api->database(), m_api->clock());
        const QString mug = m_catalog->addProduct(QStringLiteral("MUG-2"), 899, 6);
        QVERIFY2(!mug.isEmpty(), qPrintable(m_catalog->lastError()));
        QCOMPARE(placedOrders(buyInParallel(mug, 2, QStringLiteral("first"))), 2); // 6 -> 4: crosses 5
        QCOMPARE(stockLowEvents().size(), 1);

        QVERIFY(adjust(catalog, mug, 1)); // 4 -> 5: still at the level, no re-arming
        QCOMPARE(placedOrders(buyInParallel(mug, 1, QStringLiteral("second"))), 1); // 5 -> 4
        QCOMPARE(stockLowEvents().size(), 1);

        QVERIFY(adjust(catalog, mug, 10)); // 4 -> 14: above, and a restock is no alert
        QCOMPARE(stockLowEvents().size(), 1);
        QCOMPARE(placedOrders(buyInParallel(mug, 9, QStringLiteral("third"))), 9); // 14 -> 5: crosses again

        const QList<shop::StockLowEvent> events = stockLowEvents();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(1).previousStock, 6);
        QCOMPARE(events.at(1).stock, 5);
        QVERIFY(events.at(0).eventId != events.at(1).eventId);
    }

    // A manager's adjustment across the level alerts once, with its cause;
    // a second one further down does not; a change that does not commit
    // (a stale version) writes nothing.
    void anAdjustmentAcrossTheLevelAlertsOnce()
    {
        shop::CatalogService catalog(m_api->database(), m_api->clock());
        const QString mug = m_catalog->addProduct(QStringLiteral("MUG-3"), 899, 20);
        QVERIFY2(!mug.isEmpty(), qPrintable(m_catalog->lastError()));

        QVERIFY(adjust(catalog, mug, -17)); // 20 -> 3
        QVERIFY(adjust(catalog, mug, -1));  // 3 -> 2

        const QList<shop::StockLowEvent> events = stockLowEvents();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().previousStock, 20);
        QCOMPARE(events.first().stock, 3);
        QCOMPARE(events.first().cause, QStringLiteral("ADJUSTMENT"));

        shop::StockAdjustment stale;
        stale.newQuantity = 10;
        stale.reason = QStringLiteral("recount");
        stale.adjustedBy = QStringLiteral("manager");
        stale.expectedVersion = 0; // the product is at version 2 by now
        QVERIFY(!catalog.adjustStock(QUuid::fromString(mug), stale));
        QCOMPARE(stockLowEvents().size(), 1);
    }

    // A product's own level wins over the setting; without one the setting
    // (here 3, not the built-in 5) decides; setting the level back to null
    // returns to the setting.
    void aProductWithoutItsOwnLevelUsesTheSetting()
    {
        shop::CatalogService catalog(m_api->database(), m_api->clock(), 3);
        const QString plain = m_catalog->addProduct(QStringLiteral("PLAIN-1"), 899, 10);
        const QString own = m_catalog->addProduct(QStringLiteral("OWN-1"), 899, 10);
        QVERIFY2(!plain.isEmpty() && !own.isEmpty(), qPrintable(m_catalog->lastError()));
        shop::ProductPatch level;
        level.reorderLevel = std::optional<qint64>(8);
        const shop::Result<shop::Product> withLevel = catalog.updateProduct(QUuid::fromString(own), level);
        QVERIFY(withLevel);
        QCOMPARE(withLevel->reorderLevel, std::optional<qint64>(8));

        QVERIFY(adjust(catalog, plain, -6)); // 10 -> 4: above the setting's 3, no alert
        QVERIFY(adjust(catalog, own, -2));   // 10 -> 8: at its own 8
        QCOMPARE(stockLowEvents().size(), 1);
        QVERIFY(adjust(catalog, plain, -1)); // 4 -> 3: at the setting's 3

        const QList<shop::StockLowEvent> events = stockLowEvents();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0).sku, QStringLiteral("OWN-1"));
        QCOMPARE(events.at(0).reorderLevel, 8);
        QVERIFY(!events.at(0).isDefaultLevel);
        QCOMPARE(events.at(1).sku, QStringLiteral("PLAIN-1"));
        QCOMPARE(events.at(1).reorderLevel, 3);
        QVERIFY(events.at(1).isDefaultLevel);

        shop::ProductPatch back;
        back.reorderLevel = std::optional<qint64>();
        const shop::Result<shop::Product> cleared = catalog.updateProduct(QUuid::fromString(own), back);
        QVERIFY(cleared);
        QVERIFY(!cleared->reorderLevel);
    }

    // The product API takes an optional reorderLevel: null means the
    // setting; PUT null resets it, absent keeps it; out of range is a 400
    // naming the field, and changes nothing.
    void theProductApiSetsAndResetsTheReorderLevel()
    {
        CatalogApiClient client(*m_api);
        const QString category = client.createCategory(QStringLiteral("Mugs"));
        QJsonObject body = CatalogApiClient::productBody(QStringLiteral("MUG-6"), category);
        const HttpReply plain = client.postProduct(body);
        QCOMPARE(plain.status, 201);
        QVERIFY(plain.json().value(QStringLiteral("reorderLevel")).isNull());
        body.insert(QStringLiteral("sku"), QStringLiteral("MUG-7"));
        body.insert(QStringLiteral("reorderLevel"), 12);
        const HttpReply own = client.postProduct(body);
        QCOMPARE(own.status, 201);
        QCOMPARE(own.json().value(QStringLiteral("reorderLevel")).toInt(), 12);
        const QString path = QString::fromUtf8(own.header("Location"));

        const HttpReply renamed = client.put(path, {{QStringLiteral("name"), QStringLiteral("Mug, big")}});
        QCOMPARE(renamed.status, 200);
        QCOMPARE(renamed.json().value(QStringLiteral("reorderLevel")).toInt(), 12);
        const HttpReply bad = client.put(path, {{QStringLiteral("reorderLevel"), -1}});
        QCOMPARE(bad.status, 400);
        QCOMPARE(errorFields(bad), QStringList{QStringLiteral("reorderLevel")});
        const HttpReply reset = client.put(path, {{QStringLiteral("reorderLevel"), QJsonValue(QJsonValue::Null)}});
        QCOMPARE(reset.status, 200);
        QVERIFY(reset.json().value(QStringLiteral("reorderLevel")).isNull());
        QVERIFY(m_catalog->scalar(QStringLiteral("SELECT reorder_level FROM catalog.products WHERE sku = 'MUG-7'"))
                    .isNull());

        // A PUT that sets the stock across the level alerts too.
        const HttpReply sold = client.put(path, {{QStringLiteral("inventoryQuantity"), 4}});
        QCOMPARE(sold.status, 200);
        const QList<shop::StockLowEvent> events = stockLowEvents();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().cause, QStringLiteral("PRODUCT_UPDATE"));
        QCOMPARE(events.first().previousStock, 120);
    }

    // The catalog's relay publishes the row as it is to stock.low (here
    // under a namespace of this test's own), keyed by the product.
    void theRelayPublishesTheAlertToItsTopic()
    {
        QVERIFY2(!kafkaBootstrap().isEmpty(), "SHOP_TEST_KAFKA_BOOTSTRAP is not set");
        const shop::KafkaNames names(QStringLiteral("shop-test-lowstock"));
        TopicReader reader(names.topic(shop::topics::stockLow));
        QVERIFY2(reader.error().isEmpty(), qPrintable(reader.error()));
        shop::CatalogService catalog(m_api->database(), m_api->clock());
        const QString mug = m_catalog->addProduct(QStringLiteral("MUG-5"), 899, 6);
        QVERIFY(adjust(catalog, mug, -3));
        const QList<shop::StockLowEvent> events = stockLowEvents();
        QCOMPARE(events.size(), 1);
        const QString eventId = events.first().eventId.toString(QUuid::WithoutBraces);
        const QByteArray payload =
            m_catalog->scalar(QStringLiteral("SELECT payload FROM catalog.outbox WHERE id = ?"), {eventId}).toString().toUtf8();

        shop::KafkaProducer producer({.bootstrapServers = kafkaBootstrap()});
        shop::Metrics metrics;
        shop::OutboxRelay relay(m_api->databaseUrl(), QStringLiteral("catalog.outbox"), QStringLiteral("catalog_outbox"),
                                producer, metrics, {.fallbackPoll = 60s}, names);
        relay.start();

        const auto received = reader.readUntil({eventId}, 20s);
        relay.stop();
        QCOMPARE(received.value(eventId).size(), 1);
        const ReceivedMessage &message = received.value(eventId).first();
        QCOMPARE(message.key, mug.toUtf8());
        QCOMPARE(message.payload, payload);
        QCOMPARE(message.headers.value("eventType"), QByteArray("STOCK_LOW"));
    }

    // The manager window's look at the alerts: the clock first, then the
    // rows recorded since, newest first.
    void theAlertsCanBeReadBackSinceAMoment()
    {
        shop::CatalogService catalog(m_api->database(), m_api->clock());
        const shop::Result<shop::StockLowAlerts> before = catalog.stockLowAlertsSince(std::nullopt);
        QVERIFY(before);
        QVERIFY(before->alerts.isEmpty());
        const QString mug = m_catalog->addProduct(QStringLiteral("MUG-4"), 899, 6);
        QVERIFY(adjust(catalog, mug, -1));

        const shop::Result<shop::StockLowAlerts> after =
            catalog.stockLowAlertsSince(before->databaseNow.addSecs(-1));
        QVERIFY(after);
        QCOMPARE(after->alerts.size(), 1);
        QCOMPARE(after->alerts.first().event.sku, QStringLiteral("MUG-4"));
        QVERIFY(after->databaseNow >= before->databaseNow);
    }
};

QTEST_GUILESS_MAIN(StockLowAlertsTest)
#include "tst_stocklowalerts.moc"
