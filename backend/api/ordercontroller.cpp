#include "ordercontroller.h"

#include "authguard.h"
#include "core/clock.h"
#include "jsonbody.h"
#include "orderjson.h"
#include "orders/orderservice.h"
#include "orders/ordervalidation.h"
#include "paging.h"

namespace shop {

namespace {

const QString kCollection = QStringLiteral("/api/v1/orders");
const QString kNumber = QStringLiteral("orderNumber");

struct ListRequest
{
    OrderFilter filter;
    PageRequest page;
};

// A plain date means its whole day (UTC): from its first millisecond for
// startDate, to its last for endDate, so ?startDate=D&endDate=D is day D.
enum class DayEdge { Start, End };

std::optional<QDateTime> dateParameter(const QString &text, DayEdge edge)
{
    if (text.size() == 10) {
        const QDate day = QDate::fromString(text, Qt::ISODate);
        if (!day.isValid())
            return std::nullopt;
        const QDateTime start(day, QTime(0, 0), Qt::UTC);
        return edge == DayEdge::Start ? start : start.addDays(1).addMSecs(-1);
    }
    return parseIsoDateTime(text);
}

void readDate(const QUrlQuery &query, const QString &name, DayEdge edge, std::optional<QDateTime> &target,
              QList<FieldError> &errors)
{
    if (!query.hasQueryItem(name))
        return;
    target = dateParameter(query.queryItemValue(name, QUrl::FullyDecoded), edge);
    if (!target)
        errors.append({name, QStringLiteral("must be an ISO-8601 date (2026-11-23) or date-time (2026-11-23T12:34:56Z)")});
}

// ?status&customerEmail&startDate&endDate&page&size, every bad parameter
// named in one 400.
Result<ListRequest> listRequestFromQuery(const QUrlQuery &query)
{
    ListRequest request;
    QList<FieldError> errors;
    const QString status = QStringLiteral("status");
    if (query.hasQueryItem(status)) {
        request.filter.status = parseOrderStatus(query.queryItemValue(status, QUrl::FullyDecoded).toUpper());
        if (!request.filter.status)
            errors.append({status, QStringLiteral("must be one of ") + orderStatusNames().join(QStringLiteral(", "))});
    }
    const QString email = QStringLiteral("customerEmail");
    if (query.hasQueryItem(email))
        request.filter.customerEmail = query.queryItemValue(email, QUrl::FullyDecoded);
    readDate(query, QStringLiteral("startDate"), DayEdge::Start, request.filter.startDate, errors);
    readDate(query, QStringLiteral("endDate"), DayEdge::End, request.filter.endDate, errors);
    const Result<PageRequest> page = PageRequest::fromQuery(query);
    if (page)
        request.page = page.value();
    else
        errors.append(page.error().fields);
    // The service checks the filter's rules again; here they join the
    // parameter errors, so one 400 names everything.
    if (!errors.isEmpty())
        return ServiceError::validation(mergeFieldErrors(errors, orders::validateOrderFilter(request.filter)));
    return request;
}

// {reason}; a wrong JSON type is named here, blank or too long by the service.
Result<QString> readCancellation(const HttpRequest &request)
{
    const Result<QJsonObject> body = parseJsonObject(request);
    if (!body)
        return body.error();
    JsonFields fields(body.value());
    const auto reason = fields.string(QStringLiteral("reason"), JsonFields::Required);
    if (!reason)
        return ServiceError::validation(fields.errors());
    return *reason;
}

// {trackingNumber?, carrier?, notes?}; no body at all means no details.
Result<Fulfillment> readFulfillment(const HttpRequest &request)
{
    if (request.body.trimmed().isEmpty())
        return Fulfillment{};
    const Result<QJsonObject> body = parseJsonObject(request);
    if (!body)
        return body.error();
    JsonFields fields(body.value());
    Fulfillment fulfillment;
    fulfillment.trackingNumber = fields.string(QStringLiteral("trackingNumber"), JsonFields::Optional);
    fulfillment.carrier = fields.string(QStringLiteral("carrier"), JsonFields::Optional);
    fulfillment.notes = fields.string(QStringLiteral("notes"), JsonFields::Optional);
    if (!fields.errors().isEmpty())
        return ServiceError::validation(mergeFieldErrors(fields.errors(), orders::validateFulfillment(fulfillment)));
    return fulfillment;
}

HttpResponse orderResponse(const Result<Order> &order, const HttpRequest &request)
{
    if (!order)
        return problemResponse(order.error(), request);
    return HttpResponse::json(200, QJsonDocument(orderjson::toJson(order.value())));
}

} // namespace

OrderController::OrderController(OrderService &service, const AuthGuard &guard)
    : m_service(service)
    , m_guard(guard)
{
}

void OrderController::registerRoutes(Router &router)
{
    const QString item = kCollection + QStringLiteral("/{orderNumber}");
    router.add({"GET", kCollection, Execution::Worker, [this](const HttpRequest &r) { return listAction(r); }});
    router.add({"GET", item, Execution::Worker, [this](const HttpRequest &r) { return getAction(r); }});
    router.add({"POST", item + QStringLiteral("/cancel"), Execution::Worker,
                [this](const HttpRequest &r) { return cancelAction(r); }});
    router.add({"POST", item + QStringLiteral("/fulfill"), Execution::Worker,
                [this](const HttpRequest &r) { return fulfillAction(r); }});
}

HttpResponse OrderController::getAction(const HttpRequest &request)
{
    return orderResponse(m_service.getByNumber(request.pathParameters.value(kNumber)), request);
}

HttpResponse OrderController::listAction(const HttpRequest &request)
{
    // Who asks comes before what they ask: an anonymous caller learns nothing from validation.
    if (const Result<Principal> manager = m_guard.requireManager(request); !manager)
        return problemResponse(manager.error(), request);
    const Result<ListRequest> list = listRequestFromQuery(request.query);
    if (!list)
        return problemResponse(list.error(), request);
    const Result<OrderPage> page = m_service.list(list->filter, list->page.offset(), list->page.size);
    if (!page)
        return problemResponse(page.error(), request);
    return HttpResponse::json(
        200, QJsonDocument(pageJson(orderjson::toJson(page->items), page->totalElements, list->page)));
}

HttpResponse OrderController::cancelAction(const HttpRequest &request)
{
    const Result<Principal> manager = m_guard.requireManager(request);
    if (!manager)
        return problemResponse(manager.error(), request);
    const Result<QString> reason = readCancellation(request);
    if (!reason)
        return problemResponse(reason.error(), request);
    return orderResponse(m_service.cancel(request.pathParameters.value(kNumber), reason.value(), manager->username,
                                          request.correlationId),
                         request);
}

HttpResponse OrderController::fulfillAction(const HttpRequest &request)
{
    const Result<Principal> manager = m_guard.requireManager(request);
    if (!manager)
        return problemResponse(manager.error(), request);
    const Result<Fulfillment> fulfillment = readFulfillment(request);
    if (!fulfillment)
        return problemResponse(fulfillment.error(), request);
    return orderResponse(m_service.fulfill(request.pathParameters.value(kNumber), fulfillment.value(),
                                           manager->username, request.correlationId),
                         request);
}

} // namespace shop
