#include "requestparser.h"

#include <algorithm>
#include <optional>

namespace shop {

namespace {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

bool isValidTarget(QByteArrayView target)
{
    if (target.isEmpty() || target.front() != '/')
        return false;
    for (char c : target) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f)
            return false;
    }
    return true;
}

// Why a request is refused: the status and the detail of its Problem body.
struct Refusal
{
    int status;
    QString detail;
};

RequestParser::Result invalid(const Refusal &refusal)
{
    RequestParser::Result result;
    result.status = RequestParser::Status::Invalid;
    result.errorStatus = refusal.status;
    result.errorDetail = refusal.detail;
    return result;
}

// RFC 9112 2.2: empty lines before the request line are ignored; where the request line starts.
qsizetype headStart(const QByteArray &buffer)
{
    qsizetype start = 0;
    while (buffer.size() >= start + 2 && buffer.at(start) == '\r' && buffer.at(start + 1) == '\n')
        start += 2;
    return start;
}

QList<QByteArrayView> splitLines(QByteArrayView head)
{
    QList<QByteArrayView> lines;
    qsizetype from = 0;
    while (true) {
        const qsizetype end = head.indexOf(QByteArrayView("\r\n"), from);
        lines.append(head.sliced(from, end < 0 ? head.size() - from : end - from));
        if (end < 0)
            return lines;
        from = end + 2;
    }
}

// What can be refused before the head is complete, so garbage gets its 400
// at once instead of at the header deadline: a request line that does not
// start with a method token (a TLS handshake, a binary protocol) and bare LF
// line endings (RFC 9112 2.2 lets a server refuse them; we do, since a proxy
// before us may read them differently).
std::optional<Refusal> refuseEarly(QByteArrayView head)
{
    for (qsizetype i = 0; i < head.size(); ++i) {
        const char c = head[i];
        if (c == ' ')
            break;
        if (!isTokenChar(c))
            return Refusal{400, QStringLiteral("malformed request line")};
    }
    for (qsizetype i = head.indexOf('\n'); i >= 0; i = head.indexOf('\n', i + 1)) {
        if (i == 0 || head[i - 1] != '\r')
            return Refusal{400, QStringLiteral("bare LF line ending; lines end with CRLF")};
    }
    return std::nullopt;
}

// "METHOD /target HTTP/1.x" into request; HTTP/1.1 keeps the connection alive unless a header says otherwise.
std::optional<Refusal> readRequestLine(QByteArrayView line, HttpRequest &request)
{
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace)
        return Refusal{400, QStringLiteral("malformed request line")};
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(lastSpace + 1);
    if (!isToken(method))
        return Refusal{400, QStringLiteral("malformed request method")};
    if (!isValidTarget(target))
        return Refusal{400, QStringLiteral("malformed request target")};
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return Refusal{400, QStringLiteral("unsupported HTTP version")};
    request.method = method.toByteArray();
    request.target = target.toByteArray();
    const qsizetype question = request.target.indexOf('?');
    request.path = QString::fromLatin1(question < 0 ? request.target : request.target.left(question));
    if (question >= 0)
        request.query = QUrlQuery(QString::fromLatin1(request.target.mid(question + 1)));
    request.keepAlive = version == "HTTP/1.1";
    return std::nullopt;
}

// Digits only: a sign, spaces inside or a number too large are refused.
std::optional<qint64> contentLengthValue(const QByteArray &value)
{
    bool ok = false;
    const qint64 length = value.toLongLong(&ok);
    const bool digitsOnly = !value.isEmpty() && std::all_of(value.cbegin(), value.cend(), [](char c) {
        return c >= '0' && c <= '9';
    });
    if (!ok || !digitsOnly)
        return std::nullopt;
    return length;
}

void applyConnectionHeader(const QByteArray &value, HttpRequest &request)
{
    const QByteArray lower = value.toLower();
    if (lower.contains("close"))
        request.keepAlive = false;
    else if (lower.contains("keep-alive"))
        request.keepAlive = true;
}

// "Name: value" lines into request.headers (names in lower case); the body's
// length into contentLength, which stays 0 without a Content-Length. Repeated
// Content-Lengths must agree and Transfer-Encoding is refused, so no two
// readers of these bytes can disagree where the body ends (request smuggling).
std::optional<Refusal> readHeaderLines(const QList<QByteArrayView> &lines, HttpRequest &request, qint64 &contentLength)
{
    std::optional<qint64> declaredLength;
    for (const QByteArrayView line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)))
            return Refusal{400, QStringLiteral("malformed header line")};
        QByteArray name = line.first(colon).toByteArray().toLower();
        QByteArray value = line.sliced(colon + 1).toByteArray().trimmed();
        if (value.contains('\0') || value.contains('\r') || value.contains('\n'))
            return Refusal{400, QStringLiteral("malformed header value")};
        if (name == "content-length") {
            const std::optional<qint64> length = contentLengthValue(value);
            if (!length || (declaredLength && *length != *declaredLength))
                return Refusal{400, QStringLiteral("invalid Content-Length")};
            declaredLength = length;
        } else if (name == "transfer-encoding") {
            return Refusal{501, QStringLiteral("Transfer-Encoding is not supported; send Content-Length")};
        } else if (name == "connection") {
            applyConnectionHeader(value, request);
        }
        request.headers.append({std::move(name), std::move(value)});
    }
    contentLength = declaredLength.value_or(0);
    return std::nullopt;
}

// RFC 9112 3.2: an HTTP/1.1 request has exactly one Host header.
std::optional<Refusal> checkHost(const HttpRequest &request, bool isHttp11)
{
    const auto hosts = std::count_if(request.headers.cbegin(), request.headers.cend(),
                                     [](const auto &header) { return header.first == "host"; });
    if (hosts > 1)
        return Refusal{400, QStringLiteral("more than one Host header")};
    if (hosts == 0 && isHttp11)
        return Refusal{400, QStringLiteral("the Host header is required")};
    return std::nullopt;
}

// The request once its body has arrived, which then leaves buffer with the head.
RequestParser::Result completeWithBody(QByteArray &buffer, qsizetype bodyStart, qint64 contentLength,
                                       HttpRequest request)
{
    RequestParser::Result result;
    if (buffer.size() - bodyStart < contentLength) {
        result.headersRead = true;
        result.expectsContinue = request.header("expect").toLower() == "100-continue";
        return result;
    }
    request.body = buffer.mid(bodyStart, static_cast<qsizetype>(contentLength));
    buffer.remove(0, bodyStart + static_cast<qsizetype>(contentLength));
    result.status = RequestParser::Status::Complete;
    result.request = std::move(request);
    return result;
}

} // namespace

RequestParser::RequestParser(RequestLimits limits)
    : m_limits(limits)
{
}

RequestParser::Result RequestParser::parse(QByteArray &buffer) const
{
    const qsizetype start = headStart(buffer);
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n", start);
    if ((headEnd < 0 ? buffer.size() : headEnd) - start > m_limits.maxHeaderBytes)
        return invalid({431, QStringLiteral("request headers exceed %1 bytes").arg(m_limits.maxHeaderBytes)});
    const qsizetype pendingEnd = headEnd < 0 ? buffer.size() : headEnd + 2;
    if (const std::optional<Refusal> refusal = refuseEarly(QByteArrayView(buffer).sliced(start, pendingEnd - start)))
        return invalid(*refusal);
    if (headEnd < 0)
        return {};

    const QList<QByteArrayView> lines = splitLines(QByteArrayView(buffer.constData() + start, headEnd - start));
    HttpRequest request;
    if (const std::optional<Refusal> refusal = readRequestLine(lines.front(), request))
        return invalid(*refusal);
    qint64 contentLength = 0;
    if (const std::optional<Refusal> refusal = readHeaderLines(lines.sliced(1), request, contentLength))
        return invalid(*refusal);
    if (contentLength > m_limits.maxBodyBytes)
        return invalid({413, QStringLiteral("request body exceeds %1 bytes").arg(m_limits.maxBodyBytes)});
    if (const std::optional<Refusal> refusal = checkHost(request, lines.front().endsWith("HTTP/1.1")))
        return invalid(*refusal);
    return completeWithBody(buffer, headEnd + 4, contentLength, std::move(request));
}

} // namespace shop
