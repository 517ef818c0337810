#pragma once

#include "core/errors.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>

namespace shop {

// The contract's paging: page (0-based, default 0) and size (default 20).
// A size above 100 is served as 100 (the Spring platform takes any size, so
// its clients may ask for more); a page outside 0..10,000,000, a size below
// 1 or anything but a whole number is a 400.
struct PageRequest
{
    static constexpr int kMaxPage = 10000000;
    static constexpr int kMaxSize = 100;

    int page = 0;
    int size = 20;

    qint64 offset() const { return static_cast<qint64>(page) * size; }

    static Result<PageRequest> fromQuery(const QUrlQuery &query);
    // For a query with more parameters: the bad ones join errors, so one 400
    // can name them all.
    static PageRequest fromQuery(const QUrlQuery &query, QList<FieldError> &errors);
};

// Pages of request.size needed for totalElements.
qint64 totalPages(qint64 totalElements, const PageRequest &request);

// {content, totalElements, totalPages, size, number}
QJsonObject pageJson(const QJsonArray &content, qint64 totalElements, const PageRequest &request);

} // namespace shop
