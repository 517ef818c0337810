#include "ordercontroller.h"

#include "addressratelimiter.h"
#include "apiresponses.h"
#include "core/clock.h"
#include "jsonbody.h"
#include "orderjson.h"
#include "orders/orderservice.h"
#include "orders/ordervalidation.h"
#include "paging.h"
#include "problem.h"

#include <algorithm>
#include <cmath>

namespace shop {

namespace {

const QString kCollection = QStringLiteral("/api/v1/orders");
const QString kNumber = QStringLiteral("orderNumber");
// Where a customer gives the order's e-mail to see the whole order.
const QString kEmailParameter = QStringLiteral("email");
const QByteArray kEmailHeader = "x-order-email";

struct ListRequest
{
    OrderFilter filter;
    PageRequest page;
    QString fingerprint;
    std::optional<OrderCursor> after;
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

// ?status&customerEmail&startDate&endDate&page&size&cursor, every bad
// parameter named in one 400.
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
    const auto text = [](const std::optional<QDateTime> &time) { return time ? toIsoUtc(*time) : QString(); };
    request.fingerprint = listingFingerprint({QStringLiteral("orders"),
                                              request.filter.status ? statusName(*request.filter.status) : QString(),
                                              request.filter.customerEmail.value_or(QString()),
                                              text(request.filter.startDate), text(request.filter.endDate)});
    request.page = PageRequest::fromQuery(query, errors);
    request.page.readCursor(query, request.fingerprint, errors);
    if (request.page.cursor && errors.isEmpty()) {
        // The cursor's key: the last order's createdAt in milliseconds since 1970.
        const QJsonValue key = request.page.cursor->value(QStringLiteral("k"));
        const double ms = key.toDouble(-1);
        // Range first (up to 9999-12-31T23:59:59.999Z, which timestamptz
        // holds): converting a double beyond qint64 is undefined.
        const bool isTime = key.isDouble() && ms >= 0 && ms <= 253402300799999.0 && std::trunc(ms) == ms;
        const QDateTime createdAt =
            isTime ? QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ms), Qt::UTC) : QDateTime();
        if (!createdAt.isValid())
            errors.append(badCursor());
        else
            request.after =
                OrderCursor{createdAt, *idFromText(request.page.cursor->value(QStringLiteral("i")).toString())};
    }
    // The service checks the filter's rules again; here they join the
    // parameter errors, so one 400 names everything.
    if (!errors.isEmpty())
        return ServiceError::validation(mergeFieldErrors(errors, orders::validateOrderFilter(request.filter)));
    return request;
}

// {reason}; a wrong JSON type is named here, blank or too long by the service.
QString readReason(JsonFields &fields)
{
    return fields.string(QStringLiteral("reason"), JsonFields::Required).value_or(QString());
}

// {trackingNumber?, carrier?, notes?}
Fulfillment readFulfillmentFields(JsonFields &fields)
{
    Fulfillment fulfillment;
    fulfillment.trackingNumber = fields.string(QStringLiteral("trackingNumber"), JsonFields::Optional);
    fulfillment.carrier = fields.string(QStringLiteral("carrier"), JsonFields::Optional);
    fulfillment.notes = fields.string(QStringLiteral("notes"), JsonFields::Optional);
    return fulfillment;
}

// No body at all means no details.
Result<Fulfillment> readFulfillment(const HttpRequest &request)
{
    if (request.body.trimmed().isEmpty())
        return Fulfillment{};
    return readJsonBody(request, &readFulfillmentFields, &orders::validateFulfillment);
}

const auto asJson = [](const auto &value) { return orderjson::toJson(value); };

QString orderNumber(const ApiCall &call)
{
    return call.request.pathParameters.value(kNumber);
}

// Compares every byte whatever the first difference, so the time taken does
// not tell how much of a guess was right.
bool sameInConstantTime(const QByteArray &a, const QByteArray &b)
{
    const qsizetype length = std::max(a.size(), b.size());
    unsigned difference = a.size() == b.size() ? 0U : 1U;
    for (qsizetype i = 0; i < length; ++i) {
        const auto left = static_cast<unsigned char>(i < a.size() ? a.at(i) : 0);
        const auto right = static_cast<unsigned char>(i < b.size() ? b.at(i) : 0);
        difference |= static_cast<unsigned>(left ^ right);
    }
    return difference == 0;
}

// The caller gave the order's e-mail (in any letter case), in the header or
// the query parameter.
bool givesOrderEmail(const HttpRequest &request, const QString &orderEmail)
{
    const QByteArray expected = orderEmail.toLower().toUtf8();
    const auto matches = [&expected](const QString &given) {
        return !given.isEmpty() && sameInConstantTime(given.toLower().toUtf8(), expected);
    };
    return matches(QString::fromUtf8(request.header(kEmailHeader)))
        || matches(request.query.queryItemValue(kEmailParameter, QUrl::FullyDecoded));
}

HttpResponse tooManyLookups(int waitSeconds, const HttpRequest &request)
{
    HttpResponse response =
        Problem::fromStatus(429, QStringLiteral("too many order lookups from this address; try again later"))
            .toResponse(request);
    response.setHeader("Retry-After", QByteArray::number(waitSeconds));
    return response;
}

} // namespace

OrderController::OrderController(OrderService &service, AddressRateLimiter &anonymousLookups)
    : m_service(service)
    , m_anonymousLookups(anonymousLookups)
{
}

void OrderController::registerRoutes(ApiRoutes &routes)
{
    const QString item = kCollection + QStringLiteral("/{orderNumber}");
    routes.add(Access::Manager, "GET", kCollection, [this](const ApiCall &call) { return listAction(call); });
    routes.add(Access::PublicOrCaller, "GET", item, [this](const ApiCall &call) { return getAction(call); });
    routes.add(Access::Manager, "POST", item + QStringLiteral("/cancel"),
               [this](const ApiCall &call) { return cancelAction(call); });
    routes.add(Access::Manager, "POST", item + QStringLiteral("/fulfill"),
               [this](const ApiCall &call) { return fulfillAction(call); });
}

Result<HttpResponse> OrderController::getAction(const ApiCall &call)
{
    const bool byManager = call.caller.hasRole(QStringLiteral("MANAGER")); // other callers see what anyone sees
    if (byManager)
        return jsonResponse(200, m_service.getByNumber(orderNumber(call)), asJson);
    // Every anonymous lookup counts, with an e-mail or without, so neither
    // order numbers nor e-mails can be guessed quickly.
    if (const std::optional<int> wait = m_anonymousLookups.take(call.request.peerAddress))
        return tooManyLookups(*wait, call.request);
    return jsonResponse(200, m_service.getByNumber(orderNumber(call)), [&call](const Order &order) {
        // A wrong e-mail gets the same summary as none.
        return givesOrderEmail(call.request, order.customer.email) ? orderjson::toJson(order)
                                                                   : orderjson::toPublicJson(order);
    });
}

Result<HttpResponse> OrderController::listAction(const ApiCall &call)
{
    const Result<ListRequest> list = listRequestFromQuery(call.request.query);
    if (!list)
        return list.error();
    const Result<OrderPage> page =
        list->after ? m_service.listAfter(list->filter, *list->after, list->page.size, PageTotal::Counted)
                    : m_service.list(list->filter, list->page.offset(), list->page.size);
    return pageResponse(page, list->page, asJson, list->fingerprint, [](const Order &last) {
        return QJsonObject{{QStringLiteral("k"), last.createdAt.toMSecsSinceEpoch()},
                           {QStringLiteral("i"), idText(last.id)}};
    });
}

Result<HttpResponse> OrderController::cancelAction(const ApiCall &call)
{
    const Result<QString> reason = readJsonBody(call.request, &readReason);
    if (!reason)
        return reason.error();
    return jsonResponse(
        200, m_service.cancel(orderNumber(call), reason.value(), call.caller.username, call.request.correlationId),
        asJson);
}

Result<HttpResponse> OrderController::fulfillAction(const ApiCall &call)
{
    const Result<Fulfillment> fulfillment = readFulfillment(call.request);
    if (!fulfillment)
        return fulfillment.error();
    return jsonResponse(200,
                        m_service.fulfill(orderNumber(call), fulfillment.value(), call.caller.username,
                                          call.request.correlationId),
                        asJson);
}

} // namespace shop
