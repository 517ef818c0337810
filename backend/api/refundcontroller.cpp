#include "refundcontroller.h"

#include "apiresponses.h"
#include "core/ids.h"
#include "orders/refundservice.h"
#include "paging.h"
#include "refundjson.h"

namespace shop {

namespace {

const QString kCollection = QStringLiteral("/api/v1/refunds");

const auto asJson = [](const auto &value) { return refundjson::toJson(value); };

struct ListRequest
{
    std::optional<RefundStatus> status;
    PageRequest page;
};

// ?status&page&size, every bad parameter named in one 400.
Result<ListRequest> listRequestFromQuery(const QUrlQuery &query)
{
    ListRequest request;
    QList<FieldError> errors;
    const QString status = QStringLiteral("status");
    if (query.hasQueryItem(status)) {
        request.status = parseRefundStatus(query.queryItemValue(status, QUrl::FullyDecoded).toUpper());
        if (!request.status)
            errors.append({status, QStringLiteral("must be one of REQUESTED, SUCCEEDED, FAILED")});
    }
    request.page = PageRequest::fromQuery(query, errors);
    if (!errors.isEmpty())
        return ServiceError::validation(errors);
    return request;
}

} // namespace

RefundController::RefundController(RefundService &service)
    : m_service(service)
{
}

void RefundController::registerRoutes(ApiRoutes &routes)
{
    routes.add(Access::Manager, "GET", kCollection, [this](const ApiCall &call) { return listAction(call); });
    routes.add(Access::Manager, "POST", kCollection + QStringLiteral("/{refundId}/retry"),
               [this](const ApiCall &call) { return retryAction(call); });
}

Result<HttpResponse> RefundController::listAction(const ApiCall &call)
{
    const Result<ListRequest> list = listRequestFromQuery(call.request.query);
    if (!list)
        return list.error();
    return pageResponse(m_service.list(list->status, list->page.offset(), list->page.size), list->page, asJson);
}

Result<HttpResponse> RefundController::retryAction(const ApiCall &call)
{
    const std::optional<QUuid> refundId = idFromText(call.request.pathParameters.value(QStringLiteral("refundId")));
    if (!refundId) // not worth a query: no refund has an id of another shape
        return ServiceError::notFound(QStringLiteral("no refund with this id"));
    return jsonResponse(200, m_service.retry(*refundId, call.caller.username, call.request.correlationId), asJson);
}

} // namespace shop
