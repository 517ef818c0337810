#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace shop {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

struct HttpRequest
{
    QByteArray method;
    QByteArray target;  // as sent: path and query
    QString path;       // percent-decoded
    QUrlQuery query;
    HttpHeaders headers; // names in lower case
    QByteArray body;
    bool keepAlive = true;
    QHostAddress peerAddress;
    QString correlationId;                  // set before the handler runs
    QHash<QString, QString> pathParameters; // {name} segments of the route

    // The first value of a header; name in lower case.
    QByteArray header(const QByteArray &name) const;
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    HttpHeaders headers;

    static HttpResponse json(int status, const QJsonDocument &document);
    // A body already written as JSON (core/jsonwriter.h).
    static HttpResponse json(int status, QByteArray body);
    static HttpResponse noContent();
    void setHeader(const QByteArray &name, const QByteArray &value);
};

// "OK", "Not Found", ... for a status code.
QByteArray reasonPhrase(int status);

// The full wire form of a response, with Content-Length (except on a 304,
// whose length would be the 200's) and Connection.
QByteArray serializeResponse(const HttpResponse &response, bool keepAlive);

} // namespace shop
