#include "core/clock.h"
#include "core/ids.h"
#include "messaging/deadletters.h"
#include "messaging/kafkaproducer.h"
#include "messaging/topicadmin.h"
#include "topicreader.h"

#include <QRandomGenerator>
#include <QUuid>
#include <QtTest>

using namespace shop;
using namespace std::chrono_literals;
using testsupport::kafkaBootstrap;
using testsupport::TopicReader;

namespace {

// A namespace of this run's own, so the topics are new and empty and no
// order daemon of another test reads what we replay.
KafkaNames freshNames()
{
    return KafkaNames(QStringLiteral("t%1").arg(QRandomGenerator::global()->generate64(), 0, 16));
}

// An OrderCreated-shaped message as EventConsumer dead-letters it.
struct Letter
{
    QString eventId = idText(QUuid::createUuid());
    QString correlationId = idText(QUuid::createUuid());
    QByteArray key = idText(QUuid::createUuid()).toUtf8();
    QByteArray payload = QStringLiteral("{\"eventId\":\"%1\",\"eventType\":\"ORDER_CREATED\",\"note\":\"Zoë ✓\"}")
                             .arg(eventId).toUtf8();
    QString error = QStringLiteral("customer.email: not an e-mail address");
    QString failedAt = QStringLiteral("2026-11-23T12:34:56.789Z");

    OutgoingMessage toMessage(const KafkaNames &names) const
    {
        OutgoingMessage message{names.deadLetterTopic(topics::ordersCreated), key, payload,
                                eventHeaders(eventId, QStringLiteral("ORDER_CREATED"), correlationId)};
        message.headers.push_back({deadLetterHeaders::reason, "invalid"});
        message.headers.push_back({deadLetterHeaders::error, error.toUtf8()});
        message.headers.push_back({deadLetterHeaders::originalTopic, names.topic(topics::ordersCreated).toUtf8()});
        message.headers.push_back({deadLetterHeaders::originalPartition, "1"});
        message.headers.push_back({deadLetterHeaders::originalOffset, "41"});
        message.headers.push_back({deadLetterHeaders::failedAt, failedAt.toUtf8()});
        message.headers.push_back({deadLetterHeaders::consumerGroup, names.group(consumerGroups::orderService).toUtf8()});
        return message;
    }
};

} // namespace

class DeadLettersTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<KafkaProducer> m_producer;

    // Puts the letters into the namespace's orders.created.DLT, creating its topics.
    bool deadLetter(const KafkaNames &names, const std::vector<Letter> &letters)
    {
        QString error;
        if (!ensureTopics(kafkaBootstrap(), names, &error)) {
            qWarning() << "ensureTopics:" << error;
            return false;
        }
        std::vector<OutgoingMessage> messages;
        for (const Letter &letter : letters)
            messages.push_back(letter.toMessage(names));
        for (const DeliveryReport &report : m_producer->produceAndWait(messages))
            if (!report.isDelivered) {
                qWarning() << "produce:" << report.error;
                return false;
            }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!kafkaBootstrap().isEmpty(), "SHOP_TEST_KAFKA_BOOTSTRAP is not set: run through tests/run");
        m_producer = std::make_unique<KafkaProducer>(KafkaProducer::Options{.bootstrapServers = kafkaBootstrap()});
        QVERIFY(m_producer->isValid());
    }

    void everyDeadLetterIsReadWithWhyItFailed()
    {
        const KafkaNames names = freshNames();
        const std::vector<Letter> letters(3);
        QVERIFY(deadLetter(names, letters));

        const DeadLetterTopic topic(kafkaBootstrap(), names, topics::ordersCreated);
        const DeadLetterList read = topic.readAll();

        QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
        QCOMPARE(read.letters.size(), letters.size());
        for (const Letter &sent : letters) {
            const auto found = std::find_if(read.letters.cbegin(), read.letters.cend(),
                                            [&](const DeadLetter &letter) { return letter.eventId() == sent.eventId; });
            QVERIFY2(found != read.letters.cend(), qPrintable(sent.eventId));
            QCOMPARE(found->topic, topic.name());
            QVERIFY(found->partition >= 0 && found->offset >= 0);
            QCOMPARE(found->key, sent.key);
            QCOMPARE(found->payload, sent.payload);
            QVERIFY(found->timestamp.isValid());
            QCOMPARE(found->eventType(), QStringLiteral("ORDER_CREATED"));
            QCOMPARE(found->header("correlationId"), sent.correlationId.toUtf8());
            QCOMPARE(found->reason(), QStringLiteral("invalid"));
            QCOMPARE(found->error(), sent.error);
            QCOMPARE(toIsoUtc(found->failedAt()), sent.failedAt);
            QCOMPARE(found->originalTopic(), names.topic(topics::ordersCreated));
            QCOMPARE(found->headers.size(), size_t(10));
        }
    }

    void aDeadLetterTopicWithoutMessagesIsEmpty()
    {
        const KafkaNames names = freshNames();
        const DeadLetterList missing = DeadLetterTopic(kafkaBootstrap(), names, topics::ordersCreated).readAll();
        QVERIFY2(missing.error.isEmpty(), qPrintable(missing.error));
        QVERIFY(missing.letters.empty());

        QVERIFY(deadLetter(names, {}));
        const DeadLetterList empty = DeadLetterTopic(kafkaBootstrap(), names, topics::ordersCreated).readAll();
        QVERIFY2(empty.error.isEmpty(), qPrintable(empty.error));
        QVERIFY(empty.letters.empty());
    }

    void replayPublishesTheOriginalMessageWithoutDeadLetterHeaders()
    {
        const KafkaNames names = freshNames();
        const std::vector<Letter> letters(2);
        QVERIFY(deadLetter(names, letters));
        const DeadLetterTopic topic(kafkaBootstrap(), names, topics::ordersCreated);
        const DeadLetterList read = topic.readAll();
        QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
        const Letter &wanted = letters.back();
        std::vector<DeadLetter> chosen;
        std::copy_if(read.letters.cbegin(), read.letters.cend(), std::back_inserter(chosen),
                     [&](const DeadLetter &letter) { return letter.eventId() == wanted.eventId; });
        QCOMPARE(chosen.size(), size_t(1));
        QCOMPARE(topic.replayTopic(), names.topic(topics::ordersCreated));
        TopicReader original(topic.replayTopic());
        QVERIFY2(original.error().isEmpty(), qPrintable(original.error()));

        const std::vector<DeliveryReport> reports = topic.replay(*m_producer, chosen);

        QCOMPARE(reports.size(), size_t(1));
        QVERIFY2(reports.front().isDelivered, qPrintable(reports.front().error));
        const auto received = original.readUntil({wanted.eventId, letters.front().eventId}, 5s);
        QVERIFY2(!received.contains(letters.front().eventId), "only the chosen letter is replayed");
        QCOMPARE(received.value(wanted.eventId).size(), 1);
        const testsupport::ReceivedMessage replayed = received.value(wanted.eventId).front();
        QCOMPARE(replayed.key, wanted.key);
        QCOMPARE(replayed.payload, wanted.payload);
        QCOMPARE(replayed.headers.value("eventType"), QByteArray("ORDER_CREATED"));
        QCOMPARE(replayed.headers.value("correlationId"), wanted.correlationId.toUtf8());
        const QList<QByteArray> headerNames = replayed.headers.keys();
        for (const QByteArray &name : headerNames)
            QVERIFY2(!name.startsWith("dlt-") || name == deadLetterHeaders::replayedAt, name.constData());
        QVERIFY(QDateTime::fromString(QString::fromUtf8(replayed.headers.value(deadLetterHeaders::replayedAt)),
                                      Qt::ISODateWithMs).isValid());
    }

    void aReplayedEventThatFailedAgainIsReplayedOnce()
    {
        DeadLetter first;
        first.headers = {{"eventId", "e1"}, {deadLetterHeaders::replayedAt, "2026-11-23T00:00:00.000Z"}};
        DeadLetter other;
        other.headers = {{"eventId", "e2"}};
        DeadLetter again = first;
        again.offset = 7;
        DeadLetter anonymous; // an unparseable message may have no eventId at all
        const std::vector<DeadLetter> kept = newestPerEvent({first, other, again, anonymous, anonymous});
        QCOMPARE(kept.size(), size_t(4));
        QCOMPARE(kept[0].eventId(), QStringLiteral("e2"));
        QCOMPARE(kept[1].offset, qint64(7));

        const OutgoingMessage message = replayMessage(again, QStringLiteral("orders.created"), QDateTime::currentDateTimeUtc());
        QCOMPARE(message.headers.size(), size_t(2)); // eventId and one fresh dlt-replayed-at
        QVERIFY(message.key.isNull());
    }

    void anUnreachableBrokerIsAnError()
    {
        const DeadLetterList read = DeadLetterTopic(QStringLiteral("127.0.0.1:1"), freshNames(), topics::ordersCreated).readAll(1s);
        QVERIFY(!read.error.isEmpty());
        QVERIFY(read.letters.empty());
    }
};

QTEST_GUILESS_MAIN(DeadLettersTest)
#include "tst_deadletters.moc"
