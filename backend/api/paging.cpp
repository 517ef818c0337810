#include "paging.h"

#include <algorithm>
#include <limits>

namespace shop {

namespace {

// Reads one optional whole-number query parameter within [min, max].
void readParameter(const QUrlQuery &query, const QString &name, int min, int max, int &target,
                   QList<FieldError> &errors)
{
    if (!query.hasQueryItem(name))
        return;
    bool ok = false;
    const int value = query.queryItemValue(name, QUrl::FullyDecoded).toInt(&ok);
    if (!ok || value < min || value > max) {
        errors.append({name, QStringLiteral("must be a whole number from %1 to %2").arg(min).arg(max)});
        return;
    }
    target = value;
}

} // namespace

PageRequest PageRequest::fromQuery(const QUrlQuery &query, QList<FieldError> &errors)
{
    PageRequest request;
    readParameter(query, QStringLiteral("page"), 0, kMaxPage, request.page, errors);
    readParameter(query, QStringLiteral("size"), 1, std::numeric_limits<int>::max(), request.size, errors);
    request.size = std::min(request.size, kMaxSize);
    return request;
}

Result<PageRequest> PageRequest::fromQuery(const QUrlQuery &query)
{
    QList<FieldError> errors;
    const PageRequest request = fromQuery(query, errors);
    if (!errors.isEmpty())
        return ServiceError::validation(errors);
    return request;
}

qint64 totalPages(qint64 totalElements, const PageRequest &request)
{
    return (totalElements + request.size - 1) / request.size;
}

QJsonObject pageJson(const QJsonArray &content, qint64 totalElements, const PageRequest &request)
{
    return {{QStringLiteral("content"), content},
            {QStringLiteral("totalElements"), totalElements},
            {QStringLiteral("totalPages"), totalPages(totalElements, request)},
            {QStringLiteral("size"), request.size},
            {QStringLiteral("number"), request.page}};
}

} // namespace shop
