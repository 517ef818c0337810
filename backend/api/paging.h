#pragma once

#include "core/errors.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>

namespace shop {

// The contract's paging: page (0-based, default 0) and size (1..100,
// default 20); out-of-range values are a 400.
struct PageRequest
{
    int page = 0;
    int size = 20;

    qint64 offset() const { return static_cast<qint64>(page) * size; }

    static Result<PageRequest> fromQuery(const QUrlQuery &query);
    // For a query with more parameters: the bad ones join errors, so one 400
    // can name them all.
    static PageRequest fromQuery(const QUrlQuery &query, QList<FieldError> &errors);
};

// {content, totalElements, totalPages, size, number}
QJsonObject pageJson(const QJsonArray &content, qint64 totalElements, const PageRequest &request);

} // namespace shop
