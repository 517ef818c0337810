#include "requestparser.h"

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

RequestParser::Result invalid(int status, const QString &detail)
{
    RequestParser::Result result;
    result.status = RequestParser::Status::Invalid;
    result.errorStatus = status;
    result.errorDetail = detail;
    return result;
}

} // namespace

RequestParser::RequestParser(RequestLimits limits)
    : m_limits(limits)
{
}

RequestParser::Result RequestParser::parse(QByteArray &buffer) const
{
    // RFC 9112 2.2: ignore empty lines before the request line.
    qsizetype start = 0;
    while (buffer.size() >= start + 2 && buffer.at(start) == '\r' && buffer.at(start + 1) == '\n')
        start += 2;

    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n", start);
    if (headerEnd < 0) {
        if (buffer.size() - start > m_limits.maxHeaderBytes)
            return invalid(431, QStringLiteral("request headers exceed %1 bytes").arg(m_limits.maxHeaderBytes));
        return {};
    }
    if (headerEnd - start > m_limits.maxHeaderBytes)
        return invalid(431, QStringLiteral("request headers exceed %1 bytes").arg(m_limits.maxHeaderBytes));

    const QByteArrayView head(buffer.constData() + start, headerEnd - start);
    const QList<QByteArrayView> lines = [&] {
        QList<QByteArrayView> result;
        qsizetype from = 0;
        while (true) {
            const qsizetype end = head.indexOf(QByteArrayView("\r\n"), from);
            result.append(head.sliced(from, end < 0 ? head.size() - from : end - from));
            if (end < 0)
                return result;
            from = end + 2;
        }
    }();

    Result result;
    HttpRequest &request = result.request;

    const QByteArrayView requestLine = lines.front();
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace)
        return invalid(400, QStringLiteral("malformed request line"));
    const QByteArrayView method = requestLine.first(firstSpace);
    const QByteArrayView target = requestLine.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = requestLine.sliced(lastSpace + 1);
    if (!isToken(method))
        return invalid(400, QStringLiteral("malformed request method"));
    if (!isValidTarget(target))
        return invalid(400, QStringLiteral("malformed request target"));
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return invalid(400, QStringLiteral("unsupported HTTP version"));
    request.method = method.toByteArray();
    request.target = target.toByteArray();
    const qsizetype question = request.target.indexOf('?');
    request.path = QString::fromLatin1(question < 0 ? request.target : request.target.left(question));
    if (question >= 0)
        request.query = QUrlQuery(QString::fromLatin1(request.target.mid(question + 1)));

    bool keepAlive = version == "HTTP/1.1";
    qint64 contentLength = 0;
    bool hasContentLength = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)))
            return invalid(400, QStringLiteral("malformed header line"));
        QByteArray name = line.first(colon).toByteArray().toLower();
        QByteArray value = line.sliced(colon + 1).toByteArray().trimmed();
        if (value.contains('\0') || value.contains('\r') || value.contains('\n'))
            return invalid(400, QStringLiteral("malformed header value"));
        if (name == "content-length") {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            const bool digitsOnly = !value.isEmpty() && std::all_of(value.cbegin(), value.cend(), [](char c) {
                return c >= '0' && c <= '9';
            });
            if (!ok || !digitsOnly || (hasContentLength && length != contentLength))
                return invalid(400, QStringLiteral("invalid Content-Length"));
            contentLength = length;
            hasContentLength = true;
        } else if (name == "transfer-encoding") {
            return invalid(501, QStringLiteral("Transfer-Encoding is not supported; send Content-Length"));
        } else if (name == "connection") {
            const QByteArray lower = value.toLower();
            if (lower.contains("close"))
                keepAlive = false;
            else if (lower.contains("keep-alive"))
                keepAlive = true;
        }
        request.headers.append({std::move(name), std::move(value)});
    }
    request.keepAlive = keepAlive;

    if (contentLength > m_limits.maxBodyBytes)
        return invalid(413, QStringLiteral("request body exceeds %1 bytes").arg(m_limits.maxBodyBytes));

    const qsizetype bodyStart = headerEnd + 4;
    if (buffer.size() - bodyStart < contentLength) {
        Result needMore;
        needMore.expectsContinue = request.header("expect").toLower() == "100-continue";
        return needMore;
    }
    request.body = buffer.mid(bodyStart, static_cast<qsizetype>(contentLength));
    buffer.remove(0, bodyStart + static_cast<qsizetype>(contentLength));
    result.status = Status::Complete;
    return result;
}

} // namespace shop
