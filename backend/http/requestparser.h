#pragma once

#include "httpmessage.h"

namespace shop {

struct RequestLimits
{
    qsizetype maxHeaderBytes = 16 * 1024;
    qsizetype maxBodyBytes = 1024 * 1024;
};

// Parses one HTTP/1.x request from the front of a connection's buffer.
// Pure and stateless so it can be unit-tested and fuzzed; the connection
// calls it again as more bytes arrive (headers are small, so reparsing
// them is cheaper than keeping parser state).
class RequestParser
{
public:
    enum class Status { NeedMore, Complete, Invalid };

    struct Result
    {
        Status status = Status::NeedMore;
        HttpRequest request;         // when Complete
        int errorStatus = 0;         // when Invalid: 400, 413, 431 or 501
        QString errorDetail;         // when Invalid: for the Problem Details body
        bool headersRead = false;     // NeedMore: the head is complete, the body is not
        bool expectsContinue = false; // NeedMore with headers read and `Expect: 100-continue`
    };

    explicit RequestParser(RequestLimits limits = {});

    // On Complete, the request's bytes are removed from buffer.
    Result parse(QByteArray &buffer) const;

private:
    RequestLimits m_limits;
};

} // namespace shop
