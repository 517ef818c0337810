#pragma once

#include "requestparser.h"

#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace shop {

class HttpServer;

// One client connection, living on one I/O thread: reads and parses
// requests, hands each to the server, writes responses in order.
//
// Lifetime rule that keeps asynchronous replies safe: a connection is never
// destroyed while one of its requests is in flight. If the client goes away
// meanwhile, the connection only deletes itself once the reply arrives, so a
// worker always replies to a live object.
class HttpConnection : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    HttpConnection(qintptr socketDescriptor, HttpServer &server, QObject *parent);

    // Writes the reply of the request in flight; called on this object's thread.
    void finish(const HttpResponse &response, bool keepAlive);

    // Closes once the request in flight (if any) has been answered.
    void closeWhenIdle();

    bool isOpen() const;

private:
    void onReadyRead();
    void processBuffer();
    void onDisconnected();
    void onIdleTimeout();
    void rejectAndClose(int status, const QString &detail);

    HttpServer &m_server;
    QTcpSocket *m_socket;
    QByteArray m_buffer;
    QTimer m_idleTimer;
    bool m_inFlight = false;
    bool m_continueSent = false;
    bool m_closing = false;
    bool m_draining = false; // rejected: answer sent, incoming bytes are dropped
    bool m_socketGone = false;
};

} // namespace shop
