#include "paging.h"

namespace shop {

namespace {

// Reads one optional whole-number query parameter within [min, max].
bool readParameter(const QUrlQuery &query, const QString &name, int min, int max, int &target,
                   QList<FieldError> &errors)
{
    if (!query.hasQueryItem(name))
        return true;
    bool ok = false;
    const int value = query.queryItemValue(name, QUrl::FullyDecoded).toInt(&ok);
    if (!ok || value < min || value > max) {
        errors.append({name, QStringLiteral("must be a whole number from %1 to %2").arg(min).arg(max)});
        return false;
    }
    target = value;
    return true;
}

} // namespace

PageRequest PageRequest::fromQuery(const QUrlQuery &query, QList<FieldError> &errors)
{
    PageRequest request;
    readParameter(query, QStringLiteral("page"), 0, 10000000, request.page, errors);
    readParameter(query, QStringLiteral("size"), 1, 100, request.size, errors);
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

QJsonObject pageJson(const QJsonArray &content, qint64 totalElements, const PageRequest &request)
{
    const qint64 totalPages = (totalElements + request.size - 1) / request.size;
    return {{QStringLiteral("content"), content},
            {QStringLiteral("totalElements"), totalElements},
            {QStringLiteral("totalPages"), totalPages},
            {QStringLiteral("size"), request.size},
            {QStringLiteral("number"), request.page}};
}

} // namespace shop
