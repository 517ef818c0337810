#pragma once

#include "core/backgroundthread.h"
#include "kafkaconsumer.h"
#include "kafkanames.h"

#include <QHash>
#include <QSqlError>
#include <QString>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>

#include <chrono>
#include <functional>
#include <set>
#include <utility>
#include <vector>

namespace shop {

class KafkaProducer;
class Metrics;

// What a handler made of one message.
struct HandlingResult
{
    enum class Outcome {
        Done,        // state changed (or the event was a duplicate): move past it
        Invalid,     // cannot be parsed or validated: dead letter at once
        Failed,      // processing failed: try again with backoff, dead letter after the last attempt
        Unavailable, // the database is down or we are stopping: do it later, never dead letter
    };

    Outcome outcome = Outcome::Done;
    QString error;

    static HandlingResult done() { return {}; }
    static HandlingResult invalid(QString why) { return {Outcome::Invalid, std::move(why)}; }
    static HandlingResult failed(QString why) { return {Outcome::Failed, std::move(why)}; }
    static HandlingResult unavailable(QString why) { return {Outcome::Unavailable, std::move(why)}; }
};

// What a handler answers when its database work failed: Unavailable when a
// retry can cure it (connection lost, deadlock...), so the message waits and
// is never dead-lettered for it; Failed otherwise. Logs the cause.
HandlingResult databaseFailureResult(const char *logger, const char *action, const QSqlError &error);

using EventHandler = std::function<HandlingResult(const IncomingMessage &)>;
// Handles the messages of one poll of one topic together (several orders in
// one transaction per step) and answers one result per message, in the same
// order. A message answered Failed or Unavailable is handed again, alone, to
// the topic's EventHandler, which decides its retries and dead letter: so one
// bad message never fails the others, and a batch that failed as a whole is
// redone one message at a time (the handlers are idempotent).
using BatchHandler = std::function<std::vector<HandlingResult>(const std::vector<IncomingMessage> &)>;

// Runs one consumer-group member on its own thread and hands each message to
// the handler of its topic, one at a time, or the messages of one poll to
// its batch handler. Offsets move only past messages
// that are done or dead-lettered, so the worst a crash does is deliver a
// message again. A bad message never stops the loop: it goes to
// "<topic>.DLT" with the original key, payload and headers plus headers that
// say why (dlt-reason, dlt-error, dlt-original-topic/-partition/-offset,
// dlt-failed-at, dlt-consumer-group), and the loop goes on.
class EventConsumer
{
public:
    struct Options
    {
        QString bootstrapServers;
        QString group;    // the contract's name; KafkaNames adds the namespace
        QString clientId = QStringLiteral("shop");
        int maxAttempts = 3;
        std::chrono::milliseconds retryBackoff{1000};    // doubles per attempt
        std::chrono::milliseconds maxRetryBackoff{5000};
        std::chrono::milliseconds maxUnavailableBackoff{30000};
        // The most messages one poll hands to a BatchHandler: enough to share
        // a WAL flush among 50 orders, few enough that a poll's charges
        // stay far inside the consumer's max.poll.interval (5 minutes).
        int maxBatch = 50;
    };

    // deadLetters and metrics must outlive the consumer.
    EventConsumer(Options options, KafkaNames names, KafkaProducer &deadLetters, Metrics &metrics);
    ~EventConsumer();
    EventConsumer(const EventConsumer &) = delete;
    EventConsumer &operator=(const EventConsumer &) = delete;

    // Before start(): topic is the contract's name ("orders.created").
    void handle(const QString &topic, EventHandler handler);
    // Also with a batch handler: the messages of one poll go to it first.
    void handle(const QString &topic, EventHandler handler, BatchHandler batchHandler);
    void start();
    // Lets the current message finish (handlers see isStopping() and should
    // answer Unavailable rather than wait), commits, leaves the group, joins.
    void stop();
    bool isStopping() const { return m_thread.isStopping(); }

private:
    // What became of a message: moved past (done or dead-lettered), or
    // rewound, to be read again with the rest of its partition.
    enum class Handled { MovedPast, Rewound, RewoundUnavailable };
    using PartitionKey = std::pair<QString, int>;

    void run();
    void handleBatch(KafkaConsumer &consumer, const std::vector<IncomingMessage> &batch);
    void handleTopic(KafkaConsumer &consumer, const QString &topic, const std::vector<IncomingMessage> &messages,
                     std::set<PartitionKey> &held, bool &isUnavailable);
    void handleOne(KafkaConsumer &consumer, const IncomingMessage &message, std::set<PartitionKey> &held,
                   bool &isUnavailable);
    Handled dispatch(KafkaConsumer &consumer, const IncomingMessage &message);
    bool setAside(KafkaConsumer &consumer, const IncomingMessage &message, const QString &topic, const char *reason,
                  const QString &error);
    bool deadLetter(const IncomingMessage &message, const QString &topic, const char *reason, const QString &error);
    void refreshLag(const KafkaConsumer &consumer);

    BackgroundThread m_thread;
    Options m_options;
    KafkaNames m_names;
    KafkaProducer &m_deadLetters;
    QHash<QString, EventHandler> m_handlers;
    QHash<QString, BatchHandler> m_batchHandlers;
    prometheus::Family<prometheus::Counter> &m_deadLettered;
    prometheus::Family<prometheus::Gauge> &m_lag;
    std::set<std::pair<QString, int>> m_lagSeries;
    std::chrono::milliseconds m_unavailableBackoff{0};
};

} // namespace shop
