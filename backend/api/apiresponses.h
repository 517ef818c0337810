#pragma once

#include "core/errors.h"
#include "core/ids.h"
#include "http/httpmessage.h"
#include "paging.h"

#include <QJsonDocument>

namespace shop {

// status with toJson(value) as its body, or value's failure.
template<typename Value, typename ToJson>
Result<HttpResponse> jsonResponse(int status, const Result<Value> &value, ToJson toJson)
{
    if (!value)
        return value.error();
    return HttpResponse::json(status, QJsonDocument(toJson(value.value())));
}

// 201 with toJson(created) as its body and its Location, collection/id; or
// created's failure.
template<typename Value, typename ToJson>
Result<HttpResponse> createdResponse(const QString &collection, const Result<Value> &created, ToJson toJson)
{
    Result<HttpResponse> response = jsonResponse(201, created, toJson);
    if (response)
        response.value().setHeader("Location", (collection + u'/' + idText(created->id)).toUtf8());
    return response;
}

// 200 with one page of results (Page's items and totalElements) in the
// contract's page shape, or the failure.
template<typename Page, typename ToJson>
Result<HttpResponse> pageResponse(const Result<Page> &page, const PageRequest &request, ToJson toJson)
{
    return jsonResponse(200, page, [&](const Page &results) {
        return pageJson(toJson(results.items), results.totalElements, request);
    });
}

// The same with nextCursor when another page follows: cursorKey(last row)
// gives the row's sort key and id ({"k": ..., "i": ...}) and fingerprint
// names the listing (listingFingerprint()).
template<typename Page, typename ToJson, typename CursorKey>
Result<HttpResponse> pageResponse(const Result<Page> &page, const PageRequest &request, ToJson toJson,
                                  const QString &fingerprint, CursorKey cursorKey)
{
    return jsonResponse(200, page, [&](const Page &results) {
        std::optional<QString> next;
        if (hasNextPage(request, results.items.size(), results.totalElements))
            next = nextCursor(request, fingerprint, cursorKey(results.items.constLast()));
        return pageJson(toJson(results.items), results.totalElements, request, next);
    });
}

// 200 with body (JSON), its ETag and "Cache-Control: no-cache": a client
// may keep the answer but asks again every time, so prices and stock are
// never read stale. When the request's If-None-Match names the same tag,
// 304 with no body instead (the server still read the data: the tag is a
// hash of what it would send, http/entitytag.h).
HttpResponse revalidatableJson(const HttpRequest &request, QByteArray body);

// 204 once done, or the failure.
Result<HttpResponse> noContentResponse(const Result<Done> &done);

} // namespace shop
