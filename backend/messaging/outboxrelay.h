#pragma once

#include "core/backgroundthread.h"
#include "core/databaseurl.h"
#include "kafkanames.h"

#include <QString>

#include <chrono>
#include <memory>

namespace shop {

class KafkaProducer;
class Metrics;

// Publishes the rows of a transactional outbox table to Kafka: the second
// half of "checkout writes the event in its transaction, someone publishes
// it afterwards". A row is marked sent only after the broker acknowledged it,
// so every committed row is published at least once; consumers deduplicate
// by eventId. Several relays (processes or threads) may serve one table: each
// claims its rows with FOR UPDATE SKIP LOCKED.
//
// Runs on its own thread with its own database connection, which also
// LISTENs on the table's notification channel: a commit that inserted rows
// wakes the relay at once; a slow poll covers notifications lost while no
// connection listened.
class OutboxRelay
{
public:
    struct Options
    {
        int batchSize = 100;
        // Finds rows whose notification was lost (relay reconnecting, restarts).
        std::chrono::milliseconds fallbackPoll{5000};
        // After a failed batch (broker or database down) the wait doubles from min to max.
        std::chrono::milliseconds minBackoff{1000};
        std::chrono::milliseconds maxBackoff{30000};
        int purgeSentAfterDays = 7; // Kafka's retention: older events cannot be replayed anyway
        std::chrono::milliseconds purgeEvery{std::chrono::minutes(5)};
        // How long stop() lets a batch wait for an unreachable broker before
        // giving its rows back (they stay unsent for the next relay).
        std::chrono::milliseconds stopGrace{5000};
    };

    // table is schema-qualified ("catalog.outbox"), channel the one its
    // insert trigger notifies ("catalog_outbox"). producer and metrics must
    // outlive the relay. Rows name the contract's topic; names maps it to the cluster's.
    OutboxRelay(const DatabaseUrl &url, const QString &table, const QString &channel, KafkaProducer &producer,
                Metrics &metrics);
    OutboxRelay(const DatabaseUrl &url, const QString &table, const QString &channel, KafkaProducer &producer,
                Metrics &metrics, Options options, KafkaNames names = KafkaNames());
    ~OutboxRelay();
    OutboxRelay(const OutboxRelay &) = delete;
    OutboxRelay &operator=(const OutboxRelay &) = delete;

    void start();
    // Lets the current batch finish (its rows are marked), flushes the
    // producer and joins the thread.
    void stop();

private:
    class Loop;
    BackgroundThread m_thread{QStringLiteral("outbox-relay")};
    std::unique_ptr<Loop> m_loop; // lives on m_thread
    KafkaProducer &m_producer;
    Options m_options;
};

} // namespace shop
