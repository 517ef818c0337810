// Puts one OrderCreated-shaped message into a dead-letter topic, with the
// headers EventConsumer adds, so the e2e scripts can drive `shop dlt` without
// a broker-side console tool (slow to start) or a daemon with a database.
//
// Usage: e2e_put_dead_letter BOOTSTRAP NAMESPACE TOPIC EVENTID
#include "core/clock.h"
#include "core/ids.h"
#include "messaging/deadletters.h"
#include "messaging/kafkaproducer.h"
#include "messaging/topicadmin.h"

#include <QCoreApplication>
#include <QUuid>

#include <cstdio>

using namespace shop;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() != 5) {
        std::fprintf(stderr, "usage: e2e_put_dead_letter BOOTSTRAP NAMESPACE TOPIC EVENTID\n");
        return 2;
    }
    const QString &bootstrap = arguments.at(1);
    const KafkaNames names(arguments.at(2));
    const QString &topic = arguments.at(3);
    const QString &eventId = arguments.at(4);
    QString error;
    if (!ensureTopics(bootstrap, names, &error)) {
        std::fprintf(stderr, "cannot create topics: %s\n", qPrintable(error));
        return 1;
    }

    OutgoingMessage letter{names.deadLetterTopic(topic), idText(QUuid::createUuid()).toUtf8(),
                           QStringLiteral("{\"eventId\":\"%1\",\"eventType\":\"ORDER_CREATED\"}").arg(eventId).toUtf8(),
                           eventHeaders(eventId, QStringLiteral("ORDER_CREATED"), idText(QUuid::createUuid()))};
    letter.headers.push_back({deadLetterHeaders::reason, "invalid"});
    letter.headers.push_back({deadLetterHeaders::error, "items: must not be empty"});
    letter.headers.push_back({deadLetterHeaders::originalTopic, names.topic(topic).toUtf8()});
    letter.headers.push_back({deadLetterHeaders::originalPartition, "0"});
    letter.headers.push_back({deadLetterHeaders::originalOffset, "0"});
    letter.headers.push_back({deadLetterHeaders::failedAt, toIsoUtc(QDateTime::currentDateTimeUtc()).toUtf8()});
    letter.headers.push_back({deadLetterHeaders::consumerGroup, names.group(consumerGroups::orderService).toUtf8()});

    KafkaProducer producer(KafkaProducer::Options{.bootstrapServers = bootstrap});
    const DeliveryReport report = producer.produceAndWait({letter}).front();
    if (!report.isDelivered) {
        std::fprintf(stderr, "not delivered: %s\n", qPrintable(report.error));
        return 1;
    }
    return 0;
}
