#include "apiresponses.h"

#include "http/entitytag.h"

namespace shop {

HttpResponse revalidatableJson(const HttpRequest &request, QByteArray body)
{
    const QByteArray tag = entityTagOf(body);
    const QByteArray ifNoneMatch = request.header("if-none-match");
    HttpResponse response;
    if (!ifNoneMatch.isEmpty() && ifNoneMatchHolds(ifNoneMatch, tag))
        response.status = 304;
    else
        response = HttpResponse::json(200, std::move(body));
    response.setHeader("ETag", tag);
    response.setHeader("Cache-Control", "no-cache");
    return response;
}

Result<HttpResponse> noContentResponse(const Result<Done> &done)
{
    if (!done)
        return done.error();
    return HttpResponse::noContent();
}

} // namespace shop
