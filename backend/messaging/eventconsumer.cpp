#include "eventconsumer.h"

#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "db/databasefailure.h"
#include "deadletters.h"
#include "kafkaproducer.h"

#include <QDateTime>

#include <algorithm>
#include <iterator>

namespace shop {

namespace {

constexpr auto kPollTimeout = std::chrono::milliseconds(200);
constexpr auto kLagRefreshEvery = std::chrono::seconds(5);
constexpr auto kFirstUnavailableBackoff = std::chrono::milliseconds(1000);

std::string text(const QString &value)
{
    return value.toStdString();
}

} // namespace

HandlingResult databaseFailureResult(const char *logger, const char *action, const QSqlError &error)
{
    log::warn(logger, QStringLiteral("%1 failed").arg(QLatin1String(action)),
              {{QStringLiteral("error"), error.text()}, {QStringLiteral("sqlState"), error.nativeErrorCode()}});
    if (isTransientDatabaseError(error))
        return HandlingResult::unavailable(QStringLiteral("database unavailable: %1").arg(error.text()));
    return HandlingResult::failed(QStringLiteral("%1: %2").arg(QLatin1String(action), error.text()));
}

EventConsumer::EventConsumer(Options options, KafkaNames names, KafkaProducer &deadLetters, Metrics &metrics)
    : m_thread(QStringLiteral("consumer-") + options.group)
    , m_options(std::move(options))
    , m_names(std::move(names))
    , m_deadLetters(deadLetters)
    , m_deadLettered(prometheus::BuildCounter()
                         .Name("dlt_messages_total")
                         .Help("Messages sent to a dead-letter topic, by original topic and reason")
                         .Register(metrics.registry()))
    , m_lag(prometheus::BuildGauge()
                .Name("kafka_consumer_lag")
                .Help("Messages between the group's position and the end of each assigned partition")
                .Register(metrics.registry()))
{
}

EventConsumer::~EventConsumer()
{
    stop();
}

void EventConsumer::handle(const QString &topic, EventHandler handler)
{
    m_handlers.insert(topic, std::move(handler));
    for (const char *reason : {"invalid", "processing-failed"})
        m_deadLettered.Add({{"topic", text(topic)}, {"reason", reason}});
}

void EventConsumer::handle(const QString &topic, EventHandler handler, BatchHandler batchHandler)
{
    handle(topic, std::move(handler));
    m_batchHandlers.insert(topic, std::move(batchHandler));
}

void EventConsumer::start()
{
    m_thread.start();
    m_thread.post([this] { run(); });
}

void EventConsumer::stop()
{
    m_thread.stop();
}

void EventConsumer::run()
{
    KafkaConsumer::Options options;
    options.bootstrapServers = m_options.bootstrapServers;
    options.groupId = m_names.group(m_options.group);
    options.clientId = m_options.clientId;
    for (auto it = m_handlers.cbegin(); it != m_handlers.cend(); ++it)
        options.topics << m_names.topic(it.key());
    KafkaConsumer consumer(options);
    if (!consumer.isValid())
        return; // logged by the consumer; health shows the broker state
    log::info("consumer", QStringLiteral("consuming"), {{QStringLiteral("group"), options.groupId},
                                                       {QStringLiteral("topics"), options.topics.join(u", ")}});
    auto nextLagRefresh = std::chrono::steady_clock::now();
    while (!m_thread.isStopping()) {
        if (const std::vector<IncomingMessage> batch = consumer.pollBatch(kPollTimeout, std::max(1, m_options.maxBatch));
            !batch.empty())
            handleBatch(consumer, batch);
        if (std::chrono::steady_clock::now() >= nextLagRefresh) {
            refreshLag(consumer);
            nextLagRefresh = std::chrono::steady_clock::now() + kLagRefreshEvery;
        }
    }
    consumer.close();
    log::info("consumer", QStringLiteral("stopped"), {{QStringLiteral("group"), options.groupId}});
}

void EventConsumer::handleBatch(KafkaConsumer &consumer, const std::vector<IncomingMessage> &batch)
{
    // Partitions rewound in this batch: their later messages come again
    // from the broker, so they are neither handled nor marked now (marking
    // one would move the offset past the rewound message).
    std::set<PartitionKey> held;
    bool isUnavailable = false;
    // One topic at a time, in the order they first appear; a partition
    // belongs to one topic, so each partition's order is kept.
    QStringList topics;
    for (const IncomingMessage &message : batch)
        if (!topics.contains(message.topic))
            topics << message.topic;
    for (const QString &topic : topics) {
        std::vector<IncomingMessage> messages;
        std::copy_if(batch.begin(), batch.end(), std::back_inserter(messages),
                     [&topic](const IncomingMessage &message) { return message.topic == topic; });
        handleTopic(consumer, topic, messages, held, isUnavailable);
    }
}

void EventConsumer::handleTopic(KafkaConsumer &consumer, const QString &topic,
                                const std::vector<IncomingMessage> &messages, std::set<PartitionKey> &held,
                                bool &isUnavailable)
{
    const QString logical = m_names.logicalTopic(topic);
    const BatchHandler batchHandler = m_batchHandlers.value(logical);
    if (!batchHandler || messages.size() < 2 || isUnavailable) {
        for (const IncomingMessage &message : messages)
            handleOne(consumer, message, held, isUnavailable);
        return;
    }
    const std::vector<HandlingResult> results = batchHandler(messages);
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const IncomingMessage &message = messages[i];
        if (held.count({message.topic, message.partition}))
            continue;
        const HandlingResult::Outcome outcome =
            i < results.size() ? results[i].outcome : HandlingResult::Outcome::Unavailable;
        if (outcome == HandlingResult::Outcome::Done) {
            m_unavailableBackoff = {};
            consumer.markDone(message);
        } else if (outcome == HandlingResult::Outcome::Invalid) {
            if (!setAside(consumer, message, logical, "invalid", results[i].error))
                held.insert({message.topic, message.partition});
        } else {
            handleOne(consumer, message, held, isUnavailable);
        }
    }
}

void EventConsumer::handleOne(KafkaConsumer &consumer, const IncomingMessage &message, std::set<PartitionKey> &held,
                              bool &isUnavailable)
{
    const PartitionKey partition{message.topic, message.partition};
    if (held.count(partition))
        return;
    if (isUnavailable) {
        // Not the message's fault and already waited for: read it again later.
        consumer.rewind(message);
        held.insert(partition);
        return;
    }
    const Handled handled = dispatch(consumer, message);
    if (handled != Handled::MovedPast)
        held.insert(partition);
    if (handled == Handled::RewoundUnavailable)
        isUnavailable = true;
}

EventConsumer::Handled EventConsumer::dispatch(KafkaConsumer &consumer, const IncomingMessage &message)
{
    const QString topic = m_names.logicalTopic(message.topic);
    const EventHandler handler = m_handlers.value(topic);
    const log::CorrelationScope correlation(QString::fromUtf8(message.header(QByteArrayLiteral("correlationId"))));
    for (int attempt = 1;; ++attempt) {
        const HandlingResult result = handler ? handler(message)
                                              : HandlingResult::invalid(QStringLiteral("no handler for this topic"));
        switch (result.outcome) {
        case HandlingResult::Outcome::Done:
            m_unavailableBackoff = {};
            consumer.markDone(message);
            return Handled::MovedPast;
        case HandlingResult::Outcome::Invalid:
            return setAside(consumer, message, topic, "invalid", result.error) ? Handled::MovedPast : Handled::Rewound;
        case HandlingResult::Outcome::Failed:
            log::warn("consumer", QStringLiteral("processing failed: %1").arg(result.error),
                      {{QStringLiteral("topic"), message.topic}, {QStringLiteral("offset"), message.offset},
                       {QStringLiteral("attempt"), attempt}});
            if (attempt >= m_options.maxAttempts)
                return setAside(consumer, message, topic, "processing-failed", result.error) ? Handled::MovedPast
                                                                                             : Handled::Rewound;
            if (!m_thread.sleepUnlessStopping(std::min(m_options.maxRetryBackoff, m_options.retryBackoff * (1 << (attempt - 1))))) {
                consumer.rewind(message);
                return Handled::Rewound;
            }
            continue;
        case HandlingResult::Outcome::Unavailable:
            // Not the message's fault: keep it, wait, and read it again.
            m_unavailableBackoff = m_unavailableBackoff.count() == 0
                ? kFirstUnavailableBackoff
                : std::min(m_options.maxUnavailableBackoff, m_unavailableBackoff * 2);
            if (!m_thread.isStopping())
                log::warn("consumer", QStringLiteral("cannot process now, retrying in %1 ms: %2")
                                          .arg(m_unavailableBackoff.count()).arg(result.error),
                          {{QStringLiteral("topic"), message.topic}, {QStringLiteral("offset"), message.offset}});
            consumer.rewind(message);
            m_thread.sleepUnlessStopping(m_unavailableBackoff);
            return Handled::RewoundUnavailable;
        }
    }
}

bool EventConsumer::setAside(KafkaConsumer &consumer, const IncomingMessage &message, const QString &topic,
                             const char *reason, const QString &error)
{
    // Past the message only once its dead letter is safe; else read it again.
    if (deadLetter(message, topic, reason, error)) {
        consumer.markDone(message);
        return true;
    }
    consumer.rewind(message);
    return false;
}

bool EventConsumer::deadLetter(const IncomingMessage &message, const QString &topic, const char *reason,
                               const QString &error)
{
    OutgoingMessage letter;
    letter.topic = m_names.deadLetterTopic(topic.isEmpty() ? message.topic : topic);
    letter.key = message.key;
    letter.payload = message.payload;
    letter.headers = message.headers;
    letter.headers.push_back({deadLetterHeaders::reason, QByteArray(reason)});
    letter.headers.push_back({deadLetterHeaders::error, error.toUtf8()});
    letter.headers.push_back({deadLetterHeaders::originalTopic, message.topic.toUtf8()});
    letter.headers.push_back({deadLetterHeaders::originalPartition, QByteArray::number(message.partition)});
    letter.headers.push_back({deadLetterHeaders::originalOffset, QByteArray::number(message.offset)});
    letter.headers.push_back({deadLetterHeaders::failedAt, toIsoUtc(QDateTime::currentDateTimeUtc()).toUtf8()});
    letter.headers.push_back({deadLetterHeaders::consumerGroup, m_names.group(m_options.group).toUtf8()});
    const DeliveryReport report = m_deadLetters.produceAndWait({letter}, [this] { return m_thread.isStopping(); }).front();
    if (!report.isDelivered) {
        log::error("consumer", QStringLiteral("cannot dead-letter a message: %1").arg(report.error),
                   {{QStringLiteral("topic"), message.topic}, {QStringLiteral("offset"), message.offset}});
        m_thread.sleepUnlessStopping(kFirstUnavailableBackoff);
        return false;
    }
    m_deadLettered.Add({{"topic", text(topic)}, {"reason", reason}}).Increment();
    log::warn("consumer", QStringLiteral("message sent to %1: %2").arg(letter.topic, error),
              {{QStringLiteral("reason"), QString::fromLatin1(reason)},
               {QStringLiteral("eventId"), QString::fromUtf8(message.header(QByteArrayLiteral("eventId")))},
               {QStringLiteral("partition"), message.partition},
               {QStringLiteral("offset"), message.offset}});
    return true;
}

void EventConsumer::refreshLag(const KafkaConsumer &consumer)
{
    std::set<std::pair<QString, int>> current;
    const std::string group = text(m_names.group(m_options.group));
    for (const PartitionLag &partition : consumer.lag()) {
        current.insert({partition.topic, partition.partition});
        m_lag.Add({{"group", group}, {"topic", text(partition.topic)}, {"partition", std::to_string(partition.partition)}})
            .Set(double(partition.lag));
    }
    // Partitions that moved to another member are that member's to report.
    for (const auto &[topic, partition] : m_lagSeries)
        if (!current.count({topic, partition}))
            m_lag.Remove(&m_lag.Add({{"group", group}, {"topic", text(topic)}, {"partition", std::to_string(partition)}}));
    m_lagSeries = std::move(current);
}

} // namespace shop
