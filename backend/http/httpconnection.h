#pragma once

#include "connectionmachine.h"

#include <QHostAddress>
#include <QObject>
#include <QSocketNotifier>
#include <QTimer>

namespace shop {

class HttpServer;

// One client connection, living on one I/O thread: moves bytes between its
// socket and its ConnectionMachine, hands complete requests to the server
// and arms the machine's deadlines. It reads only what the machine and the
// server's input budget allow, so a client that sends faster than we answer
// is held back by TCP itself (back-pressure), and it keeps replying to a
// client that has shut down its sending side.
//
// Lifetime rule that keeps asynchronous replies safe: a connection is never
// destroyed while one of its requests is in flight. If the client goes away
// meanwhile, the socket is closed at once but the object deletes itself only
// once the reply arrives, so a worker always replies to a live object.
class HttpConnection : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    // Takes ownership of socketDescriptor, an accepted TCP socket.
    HttpConnection(int socketDescriptor, const QHostAddress &peer, HttpServer &server, QObject *parent);
    ~HttpConnection() override;

    // Writes the reply of the request in flight; called on this object's thread.
    void finish(const HttpResponse &response, bool keepAlive);

    // Closes once the request in flight (if any) has been answered.
    void closeWhenIdle();

    bool isOpen() const { return m_socket >= 0; }

private:
    void onReadable();
    void onWritable();
    void onDeadline();
    // Acts on the machine's state: dispatch, send, shut down, close, re-arm.
    void update();
    qsizetype inputRoom() const;
    qsizetype readableNow();
    void balanceBorrowedInput();
    void closeSocket();

    int m_socket;
    QHostAddress m_peer;
    HttpServer &m_server;
    ConnectionMachine m_machine;
    QSocketNotifier m_readNotifier;
    QSocketNotifier m_writeNotifier;
    QTimer m_deadline;
    qsizetype m_borrowedInput = 0; // from the server's input budget
    bool m_updating = false;
};

} // namespace shop
