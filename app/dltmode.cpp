#include "commandoptions.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/log.h"
#include "messaging/deadletters.h"
#include "exitcodes.h"
#include "modes.h"

#include <QUuid>

#include <cstdio>

namespace shop {

namespace {

const QString kIdOption = QStringLiteral("id");

int fail(const QString &message, int code)
{
    std::fprintf(stderr, "shop: %s\n", qPrintable(message));
    return code;
}

QString orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("-") : text;
}

QString position(int partition, qint64 offset)
{
    return QStringLiteral("%1/%2").arg(partition).arg(offset);
}

QString countOf(size_t count)
{
    return count == 1 ? QStringLiteral("1 dead letter") : QStringLiteral("%1 dead letters").arg(count);
}

int list(const DeadLetterTopic &topic, const std::vector<DeadLetter> &letters)
{
    for (const DeadLetter &letter : letters) {
        const QDateTime time = letter.failedAt().isValid() ? letter.failedAt() : letter.timestamp;
        const QString error = letter.error().simplified(); // one line per letter, whatever the error says
        std::printf("%s  %s  %s  %s  %s: %s\n", qPrintable(position(letter.partition, letter.offset)),
                    qPrintable(time.isValid() ? toIsoUtc(time) : QStringLiteral("-")), qPrintable(orDash(letter.eventId())),
                    qPrintable(orDash(letter.eventType())), qPrintable(orDash(letter.reason())), qPrintable(orDash(error)));
    }
    std::printf("%s in %s\n", qPrintable(countOf(letters.size())), qPrintable(topic.name()));
    return ExitSuccess;
}

int replay(const DeadLetterTopic &topic, const Settings &settings, const std::vector<DeadLetter> &letters)
{
    KafkaProducer::Options producerOptions;
    producerOptions.bootstrapServers = settings.kafkaBootstrapServers;
    producerOptions.clientId = QStringLiteral("shop-dlt");
    producerOptions.messageTimeout = std::chrono::seconds(15);
    KafkaProducer producer(producerOptions);
    if (!producer.isValid())
        return fail(QStringLiteral("cannot create a Kafka producer: %1").arg(producer.setupError()), ExitFailure);

    const std::vector<DeliveryReport> reports = topic.replay(producer, letters);
    size_t replayed = 0;
    for (size_t i = 0; i < letters.size(); ++i) {
        const DeadLetter &letter = letters[i];
        if (!reports[i].isDelivered) {
            std::fprintf(stderr, "shop: cannot replay %s (%s %s): %s\n", qPrintable(orDash(letter.eventId())),
                         qPrintable(topic.name()), qPrintable(position(letter.partition, letter.offset)),
                         qPrintable(reports[i].error));
            continue;
        }
        ++replayed;
        std::printf("replayed %s %s from %s %s to %s %s\n", qPrintable(orDash(letter.eventId())),
                    qPrintable(orDash(letter.eventType())), qPrintable(topic.name()),
                    qPrintable(position(letter.partition, letter.offset)), qPrintable(topic.replayTopic()),
                    qPrintable(position(reports[i].partition, reports[i].offset)));
    }
    std::printf("%s replayed to %s\n", qPrintable(countOf(replayed)), qPrintable(topic.replayTopic()));
    return replayed == letters.size() ? ExitSuccess : ExitFailure;
}

} // namespace

int runDlt(const QStringList &arguments)
{
    CommandOptions options(
        QStringLiteral("dlt list|replay TOPIC [--id EVENTID] [options]"),
        QStringLiteral("Lists or replays the dead letters of a topic: messages the order daemon could not\n"
                       "process, kept in TOPIC.DLT. TOPIC is one of: %1.\n"
                       "  list    prints each dead letter: partition/offset, time, eventId, eventType,\n"
                       "          reason and error\n"
                       "  replay  publishes them to TOPIC again with their original key, payload and\n"
                       "          headers (less the dlt-* headers), each eventId once; --id picks one\n"
                       "Replaying is safe: consumers are idempotent by eventId, so an event processed in\n"
                       "the meantime is skipped. Replayed letters stay in the DLT (Kafka cannot delete\n"
                       "single messages). Needs only the Kafka settings, no database.")
            .arg(topics::all().join(u", ")),
        {});
    options.addPositional(QStringLiteral("action"), QStringLiteral("list or replay"));
    options.addPositional(QStringLiteral("TOPIC"), QStringLiteral("the contract's topic name, e.g. orders.created"));
    options.addValueOption(kIdOption, QStringLiteral("replay only the dead letter of this eventId (a UUID)"),
                           QStringLiteral("eventId"));
    options.setDatabaseOptional();
    if (auto exit = options.parse(arguments))
        return *exit;
    const QStringList positional = options.positionalArguments();
    const bool isList = !positional.isEmpty() && positional.front() == u"list";
    const bool isReplay = !positional.isEmpty() && positional.front() == u"replay";
    if (positional.size() != 2 || (!isList && !isReplay))
        return options.usageError(QStringLiteral("expected: dlt list TOPIC or dlt replay TOPIC [--id EVENTID]"));
    const QString topicName = positional.at(1);
    if (!topics::all().contains(topicName))
        return fail(QStringLiteral("unknown topic '%1': expected one of %2").arg(topicName, topics::all().join(u", ")),
                    ExitUsage);
    const bool hasId = options.isSet(kIdOption);
    const QUuid id = QUuid::fromString(options.value(kIdOption));
    if (hasId && isList)
        return fail(QStringLiteral("--id belongs to dlt replay"), ExitUsage);
    if (hasId && id.isNull())
        return fail(QStringLiteral("--id must be an eventId (a UUID), got '%1'").arg(options.value(kIdOption)), ExitUsage);
    const Settings &settings = options.settings();
    log::setLevel(settings.logLevel);

    const DeadLetterTopic topic(settings.kafkaBootstrapServers, KafkaNames(settings.kafkaNamespace), topicName);
    const DeadLetterList read = topic.readAll();
    if (!read.error.isEmpty())
        return fail(QStringLiteral("cannot read %1 from %2: %3").arg(topic.name(), settings.kafkaBootstrapServers, read.error),
                    ExitFailure);
    if (read.letters.empty() && !hasId) {
        std::printf("no dead letters in %s\n", qPrintable(topic.name()));
        return ExitSuccess;
    }
    if (isList)
        return list(topic, read.letters);

    std::vector<DeadLetter> chosen = newestPerEvent(read.letters);
    if (hasId) {
        std::erase_if(chosen, [&id](const DeadLetter &letter) { return QUuid::fromString(letter.eventId()) != id; });
        if (chosen.empty())
            return fail(QStringLiteral("no dead letter with eventId %1 in %2").arg(idText(id), topic.name()), ExitUsage);
    }
    return replay(topic, settings, chosen);
}

} // namespace shop
