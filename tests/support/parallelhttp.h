#pragma once

#include "apitestserver.h"

#include <QTcpSocket>

#include <latch>
#include <thread>
#include <vector>

namespace testsupport {

struct RawRequest
{
    QByteArray method;
    QString path;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

namespace detail {

// HTTP/1.1 over a blocking socket, one request per connection.
inline HttpReply readReply(QTcpSocket &socket)
{
    QByteArray wire;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(30000))
        wire += socket.readAll();
    wire += socket.readAll();
    HttpReply reply;
    const qsizetype end = wire.indexOf("\r\n\r\n");
    if (end < 0)
        return reply; // status 0: the test sees it
    const QList<QByteArray> lines = wire.left(end).split('\n');
    reply.status = lines.first().split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            reply.headers.append({lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
    }
    reply.body = wire.mid(end + 4);
    return reply;
}

} // namespace detail

// Sends every request at once: each on its own thread and connection,
// connected first and then released together, so the server really sees
// them concurrently (QNetworkAccessManager would queue all but 6 per host).
inline QList<HttpReply> sendInParallel(quint16 port, const QList<RawRequest> &requests)
{
    std::vector<HttpReply> replies(static_cast<size_t>(requests.size()));
    std::latch ready(static_cast<std::ptrdiff_t>(requests.size()));
    std::vector<std::thread> threads;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        threads.emplace_back([&, i] {
            const RawRequest &request = requests.at(i);
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port);
            const bool connected = socket.waitForConnected(10000);
            ready.arrive_and_wait();
            if (!connected)
                return;
            QByteArray wire = request.method + ' ' + request.path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: "
                + QByteArray::number(request.body.size()) + "\r\n";
            for (const auto &[name, value] : request.headers)
                wire += name + ": " + value + "\r\n";
            wire += "\r\n" + request.body;
            socket.write(wire);
            socket.waitForBytesWritten(10000);
            replies[static_cast<size_t>(i)] = detail::readReply(socket);
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    return QList<HttpReply>(replies.begin(), replies.end());
}

} // namespace testsupport
