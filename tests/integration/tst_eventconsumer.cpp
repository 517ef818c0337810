#include "core/metrics.h"
#include "messaging/deadletters.h"
#include "messaging/eventconsumer.h"
#include "messaging/kafkaproducer.h"
#include "messaging/topicadmin.h"
#include "topicreader.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QRandomGenerator>
#include <QtTest>

using namespace shop;
using namespace std::chrono_literals;
using testsupport::kafkaBootstrap;

namespace {

// What the handler saw, shared with the consumer's thread.
class Journal
{
public:
    void record(const QByteArray &payload)
    {
        QMutexLocker lock(&m_mutex);
        m_seen.append(QString::fromUtf8(payload));
    }
    QStringList seen() const
    {
        QMutexLocker lock(&m_mutex);
        return m_seen;
    }
    int count(const QString &payload) const { return int(seen().count(payload)); }

private:
    mutable QMutex m_mutex;
    QStringList m_seen;
};

// Each payload tells the handler what to answer: the loop's reaction to
// every outcome is what is under test, not a real handler.
HandlingResult scripted(const IncomingMessage &message, Journal &journal)
{
    journal.record(message.payload);
    const QString payload = QString::fromUtf8(message.payload);
    if (payload.startsWith(u"invalid"))
        return HandlingResult::invalid(QStringLiteral("items: must not be empty"));
    if (payload.startsWith(u"failing"))
        return HandlingResult::failed(QStringLiteral("constraint violated"));
    if (payload.startsWith(u"unavailable-once") && journal.count(payload) == 1)
        return HandlingResult::unavailable(QStringLiteral("database down"));
    return HandlingResult::done();
}

bool waitFor(const std::function<bool()> &condition, std::chrono::milliseconds timeout = 60s)
{
    QElapsedTimer clock;
    clock.start();
    while (!condition()) {
        if (clock.elapsed() > timeout.count())
            return false;
        QThread::msleep(50);
    }
    return true;
}

} // namespace

// The consumer loop's promises: a bad message never stops it; invalid ones go
// to the DLT at once, failing ones after three attempts; a message that cannot
// be handled now (database down) is read again, not skipped; and the group's
// offsets move only past finished messages, so a new member starts after them.
class EventConsumerTest : public QObject
{
    Q_OBJECT

private:
    KafkaNames m_names{QStringLiteral("t%1").arg(QRandomGenerator::global()->generate64(), 0, 16)};
    std::unique_ptr<KafkaProducer> m_producer;

    EventConsumer::Options options() const
    {
        EventConsumer::Options options;
        options.bootstrapServers = kafkaBootstrap();
        options.group = consumerGroups::orderService;
        options.retryBackoff = 10ms;
        options.maxRetryBackoff = 20ms;
        return options;
    }

    void produce(const QStringList &payloads)
    {
        std::vector<OutgoingMessage> messages;
        for (const QString &payload : payloads)
            messages.push_back({m_names.topic(topics::ordersCreated), QByteArrayLiteral("same-key"), payload.toUtf8(),
                                eventHeaders(payload, QStringLiteral("TEST"), QStringLiteral("corr"))});
        for (const DeliveryReport &report : m_producer->produceAndWait(messages))
            QVERIFY2(report.isDelivered, qPrintable(report.error));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (kafkaBootstrap().isEmpty())
            QSKIP("SHOP_TEST_KAFKA_BOOTSTRAP is not set (run through tests/run)");
        QString error;
        QVERIFY2(ensureTopics(kafkaBootstrap(), m_names, &error), qPrintable(error));
        KafkaProducer::Options producerOptions;
        producerOptions.bootstrapServers = kafkaBootstrap();
        m_producer = std::make_unique<KafkaProducer>(producerOptions);
    }

    void badMessagesAreSetAsideAndTheRestIsProcessedInOrder()
    {
        // One key, so one partition: the order of handling is the order sent.
        produce({QStringLiteral("invalid-1"), QStringLiteral("failing-1"), QStringLiteral("unavailable-once-1"),
                 QStringLiteral("good-1")});
        Metrics metrics;
        Journal journal;
        EventConsumer consumer(options(), m_names, *m_producer, metrics);
        consumer.handle(topics::ordersCreated, [&journal](const IncomingMessage &m) { return scripted(m, journal); });
        consumer.start();
        QVERIFY2(waitFor([&] { return journal.count(QStringLiteral("good-1")) == 1; }),
                 qPrintable(journal.seen().join(u", ")));
        consumer.stop();

        QCOMPARE(journal.seen(), (QStringList{QStringLiteral("invalid-1"), QStringLiteral("failing-1"),
                                              QStringLiteral("failing-1"), QStringLiteral("failing-1"),
                                              QStringLiteral("unavailable-once-1"), QStringLiteral("unavailable-once-1"),
                                              QStringLiteral("good-1")}));

        const DeadLetterList dlt = DeadLetterTopic(kafkaBootstrap(), m_names, topics::ordersCreated).readAll();
        QVERIFY2(dlt.error.isEmpty(), qPrintable(dlt.error));
        QCOMPARE(int(dlt.letters.size()), 2);
        QCOMPARE(dlt.letters.at(0).payload, QByteArrayLiteral("invalid-1"));
        QCOMPARE(dlt.letters.at(0).reason(), QStringLiteral("invalid"));
        QCOMPARE(dlt.letters.at(0).error(), QStringLiteral("items: must not be empty"));
        QCOMPARE(dlt.letters.at(0).key, QByteArrayLiteral("same-key"));
        QCOMPARE(dlt.letters.at(0).eventId(), QStringLiteral("invalid-1"));
        QCOMPARE(dlt.letters.at(1).payload, QByteArrayLiteral("failing-1"));
        QCOMPARE(dlt.letters.at(1).reason(), QStringLiteral("processing-failed"));
        const QByteArray scrape = metrics.scrape();
        QVERIFY(scrape.contains("dlt_messages_total{reason=\"invalid\",topic=\"orders.created\"} 1"));
        QVERIFY(scrape.contains("dlt_messages_total{reason=\"processing-failed\",topic=\"orders.created\"} 1"));
    }

    void aNewMemberStartsAfterWhatWasFinished()
    {
        // The group of the previous test committed past good-1 when it left.
        produce({QStringLiteral("good-2")});
        Metrics metrics;
        Journal journal;
        EventConsumer consumer(options(), m_names, *m_producer, metrics);
        consumer.handle(topics::ordersCreated, [&journal](const IncomingMessage &m) { return scripted(m, journal); });
        consumer.start();
        QVERIFY(waitFor([&] { return journal.count(QStringLiteral("good-2")) == 1; }));
        QThread::msleep(500); // anything older would have come first on the same partition
        consumer.stop();
        QCOMPARE(journal.seen(), QStringList{QStringLiteral("good-2")});
    }

    void batchesAreBoundedAndWhatTheyCannotFinishIsHandledAlone()
    {
        produce({QStringLiteral("good-b1"), QStringLiteral("invalid-b"), QStringLiteral("failing-b"),
                 QStringLiteral("unavailable-once-b"), QStringLiteral("good-b2"), QStringLiteral("good-b3"),
                 QStringLiteral("good-b4")});
        Metrics metrics;
        Journal alone;   // what the one-message handler saw
        Journal batched; // what the batch handler saw
        QMutex mutex;
        std::vector<int> batchSizes;
        EventConsumer::Options batchOptions = options();
        batchOptions.maxBatch = 3;
        EventConsumer consumer(batchOptions, m_names, *m_producer, metrics);
        consumer.handle(
            topics::ordersCreated, [&alone](const IncomingMessage &m) { return scripted(m, alone); },
            [&](const std::vector<IncomingMessage> &messages) {
                {
                    QMutexLocker lock(&mutex);
                    batchSizes.push_back(int(messages.size()));
                }
                // The batch answers for the ones it can; the rest go alone.
                std::vector<HandlingResult> results;
                for (const IncomingMessage &message : messages) {
                    batched.record(message.payload);
                    const QString payload = QString::fromUtf8(message.payload);
                    results.push_back(payload.startsWith(u"invalid") ? HandlingResult::invalid(QStringLiteral("bad"))
                                      : payload.startsWith(u"good")  ? HandlingResult::done()
                                                                     : HandlingResult::unavailable(QStringLiteral("alone")));
                }
                return results;
            });
        consumer.start();
        const auto allDone = [&] {
            for (const QString &good : QStringList{QStringLiteral("good-b1"), QStringLiteral("good-b2"),
                                                   QStringLiteral("good-b3"), QStringLiteral("good-b4")})
                if (batched.count(good) + alone.count(good) == 0)
                    return false;
            return alone.count(QStringLiteral("unavailable-once-b")) == 2;
        };
        QVERIFY2(waitFor(allDone), qPrintable(batched.seen().join(u", ") + u" / " + alone.seen().join(u", ")));
        consumer.stop();

        {
            QMutexLocker lock(&mutex);
            QVERIFY(!batchSizes.empty());
            QVERIFY2(*std::max_element(batchSizes.begin(), batchSizes.end()) <= 3, "a batch beyond maxBatch");
            QVERIFY2(*std::max_element(batchSizes.begin(), batchSizes.end()) >= 2, "never more than one message a poll");
        }
        // The one that failed was retried alone, three times, then set aside;
        // the invalid one went to the DLT from the batch, never alone.
        QCOMPARE(alone.count(QStringLiteral("failing-b")), 3);
        QCOMPARE(alone.count(QStringLiteral("invalid-b")), 0);
        const DeadLetterList dlt = DeadLetterTopic(kafkaBootstrap(), m_names, topics::ordersCreated).readAll();
        QVERIFY2(dlt.error.isEmpty(), qPrintable(dlt.error));
        QCOMPARE(int(dlt.letters.size()), 4); // two from the first test
        QCOMPARE(dlt.letters.at(2).payload, QByteArrayLiteral("invalid-b"));
        QCOMPARE(dlt.letters.at(3).payload, QByteArrayLiteral("failing-b"));
        QCOMPARE(dlt.letters.at(3).reason(), QStringLiteral("processing-failed"));

        // The offsets moved past everything, and only past finished work:
        // a new member starts after good-b4.
        produce({QStringLiteral("good-b5")});
        Journal next;
        EventConsumer member(options(), m_names, *m_producer, metrics);
        member.handle(topics::ordersCreated, [&next](const IncomingMessage &m) { return scripted(m, next); });
        member.start();
        QVERIFY(waitFor([&] { return next.count(QStringLiteral("good-b5")) == 1; }));
        QThread::msleep(500);
        member.stop();
        QCOMPARE(next.seen(), QStringList{QStringLiteral("good-b5")});
    }
};

QTEST_GUILESS_MAIN(EventConsumerTest)
#include "tst_eventconsumer.moc"
