// Produces one message, as another service's producer would, so the e2e
// scripts can feed the daemon payloads and headers shop itself never writes
// (a Spring producer's __TypeId__, epoch timestamps).
//
// Usage: e2e_produce BOOTSTRAP TOPIC KEY [NAME=VALUE header]... < payload
#include "messaging/kafkaproducer.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

using namespace shop;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 4) {
        std::fprintf(stderr, "usage: e2e_produce BOOTSTRAP TOPIC KEY [NAME=VALUE]... < payload\n");
        return 2;
    }
    OutgoingMessage message{arguments.at(2), arguments.at(3).toUtf8(), {}, {}};
    for (const QString &header : arguments.mid(4)) {
        const qsizetype equals = header.indexOf(u'=');
        if (equals <= 0) {
            std::fprintf(stderr, "a header is NAME=VALUE, not '%s'\n", qPrintable(header));
            return 2;
        }
        message.headers.push_back({header.left(equals).toUtf8(), header.mid(equals + 1).toUtf8()});
    }
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read the payload from standard input\n");
        return 2;
    }
    message.payload = input.readAll();

    KafkaProducer producer(KafkaProducer::Options{.bootstrapServers = arguments.at(1)});
    const DeliveryReport report = producer.produceAndWait({message}).front();
    if (!report.isDelivered) {
        std::fprintf(stderr, "not delivered: %s\n", qPrintable(report.error));
        return 1;
    }
    return 0;
}
