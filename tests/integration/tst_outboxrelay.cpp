#include "core/metrics.h"
#include "db/database.h"
#include "messaging/kafkaproducer.h"
#include "messaging/outboxrelay.h"
#include "migrateddatabase.h"
#include "topicreader.h"

#include <QElapsedTimer>
#include <QUuid>
#include <QtTest>

using namespace shop;
using namespace std::chrono_literals;
using testsupport::kafkaBootstrap;
using testsupport::ReceivedMessage;
using testsupport::MigratedScratchDatabase;
using testsupport::TopicReader;

namespace {

// A topic of this test's own: its events must never reach an order daemon
// that another test runs against orders.created on the same broker.
const QString kTopic = QStringLiteral("shop-test.outbox-relay");
const QString kTable = QStringLiteral("catalog.outbox");
const QString kChannel = QStringLiteral("catalog_outbox");

// An OrderCreated-shaped event as checkout writes it. The payload's odd key
// order, spacing, escapes and trailing zero would not survive a jsonb round trip.
struct Event
{
    QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString orderId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString correlationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QByteArray payload = QStringLiteral("{\"eventType\":\"ORDER_CREATED\", \"eventId\":\"%1\",\"orderId\":\"%2\","
                                        "\"customer\":{\"name\":\"Zoë Ünal ✓\",\"note\":\"a \\\"quoted\\\" \\u00e9\"},"
                                        "\"subtotal\":19.90,\"items\":[ ]}")
                             .arg(id, orderId).toUtf8();
};

bool insert(Database &database, const Event &event, const QString &sentAt = QStringLiteral("NULL"))
{
    QSqlQuery query(database.connection());
    query.prepare(QStringLiteral("INSERT INTO catalog.outbox (id, aggregate_id, event_type, topic, message_key, payload,"
                                 " correlation_id, sent_at) VALUES ($1::uuid, $2::uuid, 'ORDER_CREATED', $3, $2, $4, $5, ")
                  + sentAt + QLatin1Char(')'));
    if (!execPrepared(query, {event.id, event.orderId, kTopic, QString::fromUtf8(event.payload), event.correlationId}))
        qWarning() << query.lastError().text();
    return query.lastError().type() == QSqlError::NoError;
}

std::vector<Event> insertMany(Database &database, int count)
{
    std::vector<Event> events(static_cast<size_t>(count)); // each with ids of its own
    Transaction transaction(database.connection());
    for (const Event &event : events)
        insert(database, event);
    transaction.commit();
    return events;
}

QStringList idsOf(const std::vector<Event> &events)
{
    QStringList ids;
    for (const Event &event : events)
        ids.append(event.id);
    return ids;
}

QVariant scalar(Database &database, const QString &sql)
{
    QSqlQuery query(database.connection());
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0);
}

QByteArray publishedLine(Metrics &metrics)
{
    for (const QByteArray &line : metrics.scrape().split('\n')) {
        if (line.startsWith("outbox_published_total{"))
            return line;
    }
    return {};
}

qint64 unsentCount(Database &database)
{
    return scalar(database, QStringLiteral("SELECT count(*) FROM catalog.outbox WHERE sent_at IS NULL")).toLongLong();
}

KafkaProducer::Options realBroker()
{
    return {.bootstrapServers = kafkaBootstrap()};
}

} // namespace

class OutboxRelayTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MigratedScratchDatabase> m_scratch;
    Database *m_database = nullptr; // m_scratch's

private Q_SLOTS:
    void init()
    {
        QVERIFY2(!kafkaBootstrap().isEmpty(), "SHOP_TEST_KAFKA_BOOTSTRAP is not set: run through tests/run");
        m_scratch = std::make_unique<MigratedScratchDatabase>();
        QVERIFY2(m_scratch->error().isEmpty(), qPrintable(m_scratch->error()));
        m_database = &m_scratch->database();
    }

    void cleanup()
    {
        m_database = nullptr;
        m_scratch.reset();
    }

    void committedRowsArePublishedByteForByteAndMarkedSent()
    {
        TopicReader reader(kTopic);
        QVERIFY2(reader.error().isEmpty(), qPrintable(reader.error()));
        const std::vector<Event> events = insertMany(*m_database, 3);
        KafkaProducer producer(realBroker());
        Metrics metrics;
        OutboxRelay relay(m_scratch->url(), kTable, kChannel, producer, metrics, {.fallbackPoll = 60s});

        relay.start();

        const auto received = reader.readUntil(idsOf(events), 20s);
        for (const Event &event : events) {
            QCOMPARE(received.value(event.id).size(), 1);
            const ReceivedMessage &message = received.value(event.id).first();
            QCOMPARE(message.key, event.orderId.toUtf8());
            QCOMPARE(message.payload, event.payload);
            QCOMPARE(message.headers.value("eventId"), event.id.toUtf8());
            QCOMPARE(message.headers.value("eventType"), QByteArray("ORDER_CREATED"));
            QCOMPARE(message.headers.value("correlationId"), event.correlationId.toUtf8());
        }
        QTRY_COMPARE_WITH_TIMEOUT(unsentCount(*m_database), 0, 10000);
        QCOMPARE(scalar(*m_database, QStringLiteral("SELECT sum(attempts) FROM catalog.outbox")).toInt(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(metrics.scrape().contains("outbox_backlog{table=\"catalog.outbox\"} 0\n"), 5000);
        QVERIFY(metrics.scrape().contains("outbox_published_total{table=\"catalog.outbox\"} 3\n"));
    }

    void aRowCommittedWhileRunningIsPublishedAtOnceThroughNotify()
    {
        TopicReader reader(kTopic);
        QVERIFY2(reader.error().isEmpty(), qPrintable(reader.error()));
        KafkaProducer producer(realBroker());
        Metrics metrics;
        // The fallback poll is far beyond the wait below: only NOTIFY can wake the relay in time.
        OutboxRelay relay(m_scratch->url(), kTable, kChannel, producer, metrics, {.fallbackPoll = 120s});
        relay.start();
        const Event first;
        QVERIFY(insert(*m_database, first));
        QTRY_COMPARE_WITH_TIMEOUT(unsentCount(*m_database), 0, 10000);

        const Event second;
        QElapsedTimer sinceCommit;
        sinceCommit.start();
        QVERIFY(insert(*m_database, second));

        QTRY_COMPARE_WITH_TIMEOUT(unsentCount(*m_database), 0, 10000);
        qInfo("committed row marked sent after %lld ms", sinceCommit.elapsed());
        QCOMPARE(reader.readUntil({first.id, second.id}, 10s).size(), 2);
    }

    void aDroppedListenConnectionIsReopenedAndListensAgain()
    {
        KafkaProducer producer(realBroker());
        Metrics metrics;
        OutboxRelay relay(m_scratch->url(), kTable, kChannel, producer, metrics,
                          {.fallbackPoll = 15s, .minBackoff = 100ms});
        relay.start();
        QVERIFY(insert(*m_database, Event()));
        QTRY_COMPARE_WITH_TIMEOUT(unsentCount(*m_database), 0, 10000);
        const QString relaySessions = QStringLiteral(
            "SELECT min(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND application_name = 'shop'"); // not autovacuum workers
        const int killed = scalar(*m_database, relaySessions).toInt();
        QVERIFY(killed > 0);

        // As a PostgreSQL restart would: the relay's session ends, and what is
        // committed meanwhile notifies nobody.
        QVERIFY(scalar(*m_database, QStringLiteral("SELECT pg_terminate_backend(%1)").arg(killed)).toBool());
        const Event whileDown;
        QVERIFY(insert(*m_database, whileDown));

        // The relay notices, reconnects, publishes what it missed and LISTENs again...
        QTRY_VERIFY_WITH_TIMEOUT(scalar(*m_database, relaySessions).toInt() > 0
                                     && scalar(*m_database, relaySessions).toInt() != killed, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(unsentCount(*m_database), 0, 10000);
        // ...so a new row is published long before the next fallback poll (15 s later).
        QVERIFY(insert(*m_database, Event()));
        QTRY_COMPARE_WITH_TIMEOUT(unsentCount(*m_database), 0, 8000);
    }

    void twoRelaysOnOneTablePublishEachRowExactlyOnce()
    {
        TopicReader reader(kTopic);
        QVERIFY2(reader.error().isEmpty(), qPrintable(reader.error()));
        std::vector<Event> events = insertMany(*m_database, 2000);
        KafkaProducer firstProducer(realBroker());
        KafkaProducer secondProducer(realBroker());
        Metrics firstMetrics;
        Metrics secondMetrics;
        OutboxRelay first(m_scratch->url(), kTable, kChannel, firstProducer, firstMetrics);
        OutboxRelay second(m_scratch->url(), kTable, kChannel, secondProducer, secondMetrics);

        first.start();
        second.start();
        for (int checkout = 0; checkout < 200; ++checkout) { // checkouts keep committing meanwhile
            events.push_back(Event());
            QVERIFY(insert(*m_database, events.back()));
        }

        QTRY_COMPARE_WITH_TIMEOUT(unsentCount(*m_database), 0, 60000);
        const auto received = reader.readUntil(idsOf(events), 60s);
        QCOMPARE(received.size(), qsizetype(events.size()));
        for (const Event &event : events)
            QVERIFY2(received.value(event.id).size() == 1, qPrintable(event.id));
        first.stop();
        second.stop();
        qInfo("published: first relay %s, second relay %s",
              publishedLine(firstMetrics).constData(), publishedLine(secondMetrics).constData());
    }

    void whileTheBrokerIsUnreachableRowsWaitThenDrain()
    {
        TopicReader reader(kTopic);
        QVERIFY2(reader.error().isEmpty(), qPrintable(reader.error()));
        const std::vector<Event> events = insertMany(*m_database, 5);
        {
            KafkaProducer nowhere({.bootstrapServers = QStringLiteral("127.0.0.1:1"), .messageTimeout = 1000ms});
            Metrics metrics;
            OutboxRelay relay(m_scratch->url(), kTable, kChannel, nowhere, metrics,
                              {.minBackoff = 100ms, .maxBackoff = 500ms, .stopGrace = 500ms});
            relay.start();

            QTRY_VERIFY_WITH_TIMEOUT(
                scalar(*m_database, QStringLiteral("SELECT min(attempts) FROM catalog.outbox")).toInt() >= 2, 30000);
            relay.stop();
        }
        QCOMPARE(unsentCount(*m_database), 5);
        QCOMPARE(scalar(*m_database, QStringLiteral("SELECT count(*) FROM catalog.outbox WHERE last_error <> ''")).toInt(), 5);

        KafkaProducer producer(realBroker());
        Metrics metrics;
        OutboxRelay relay(m_scratch->url(), kTable, kChannel, producer, metrics);
        relay.start();

        QTRY_COMPARE_WITH_TIMEOUT(unsentCount(*m_database), 0, 15000);
        const auto received = reader.readUntil(idsOf(events), 20s);
        for (const Event &event : events)
            QCOMPARE(received.value(event.id).size(), 1);
    }

    void aBacklogDrainsInFullBatches()
    {
        TopicReader reader(kTopic);
        QVERIFY2(reader.error().isEmpty(), qPrintable(reader.error()));
        KafkaProducer producer(realBroker());
        Metrics metrics;
        OutboxRelay relay(m_scratch->url(), kTable, kChannel, producer, metrics, {.fallbackPoll = 60s});
        relay.start();
        QVERIFY(insert(*m_database, Event())); // warm up: broker connection, producer id
        QTRY_COMPARE_WITH_TIMEOUT(unsentCount(*m_database), 0, 10000);

        const std::vector<Event> events = insertMany(*m_database, 5000); // one commit, one NOTIFY
        QElapsedTimer sinceCommit;
        sinceCommit.start();

        QTRY_COMPARE_WITH_TIMEOUT(unsentCount(*m_database), 0, 60000);
        const qint64 elapsed = sinceCommit.elapsed();
        qInfo("drained %zu rows in %lld ms (%.0f rows/s)", events.size(), elapsed, double(events.size()) * 1000.0 / double(elapsed));
        const auto received = reader.readUntil(idsOf(events), 30s);
        for (const Event &event : events)
            QVERIFY2(received.value(event.id).size() == 1, qPrintable(event.id));
    }

    void rowsSentMoreThanSevenDaysAgoArePurged()
    {
        const Event old;
        const Event recent;
        QVERIFY(insert(*m_database, old, QStringLiteral("now() - interval '7 days 1 hour'")));
        QVERIFY(insert(*m_database, recent, QStringLiteral("now() - interval '6 days 23 hours'")));
        KafkaProducer producer(realBroker());
        Metrics metrics;
        OutboxRelay relay(m_scratch->url(), kTable, kChannel, producer, metrics);

        relay.start();

        const QString exists = QStringLiteral("SELECT count(*) FROM catalog.outbox WHERE id = '%1'");
        QTRY_COMPARE_WITH_TIMEOUT(scalar(*m_database, exists.arg(old.id)).toInt(), 0, 10000);
        QCOMPARE(scalar(*m_database, exists.arg(recent.id)).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(OutboxRelayTest)
#include "tst_outboxrelay.moc"
