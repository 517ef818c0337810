#pragma once

#include "core/errors.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>

#include <optional>

namespace shop {

// The contract's paging: page (0-based, default 0) and size (default 20).
// A size above 100 is served as 100 (the Spring platform takes any size, so
// its clients may ask for more); a page outside 0..10,000,000, a size below
// 1 or anything but a whole number is a 400.
//
// Keyset paging, an addition to the contract: a page answers nextCursor
// when another page follows, and ?cursor=<that> asks for the page right
// after it, which costs what the first page costs however deep it is. The
// cursor carries its page's number (answered as `number`; page is then not
// read), the last row's sort key and id, and a fingerprint of the sort and
// filters it was made for. It is opaque to clients and read as hostile
// input: anything but a cursor this API made for the same request is a 400
// naming cursor.
struct PageRequest
{
    static constexpr int kMaxPage = 10000000;
    static constexpr int kMaxSize = 100;

    int page = 0;
    int size = 20;
    // The cursor's own fields (sort key "k", id "i"), when one was given and
    // its page number and fingerprint matched.
    std::optional<QJsonObject> cursor;

    qint64 offset() const { return static_cast<qint64>(page) * size; }

    static Result<PageRequest> fromQuery(const QUrlQuery &query);
    // For a query with more parameters: the bad ones join errors, so one 400
    // can name them all.
    static PageRequest fromQuery(const QUrlQuery &query, QList<FieldError> &errors);
    // The cursor parameter, if any, after page and size were read: it must
    // have been made for fingerprint (the sort and filters, as
    // listingFingerprint() gives them) and this size; a bad one joins errors.
    void readCursor(const QUrlQuery &query, const QString &fingerprint, QList<FieldError> &errors);
};

// Pages of request.size needed for totalElements.
qint64 totalPages(qint64 totalElements, const PageRequest &request);

// {content, totalElements, totalPages, size, number} and nextCursor when
// another page follows and a cursor was made for it.
QJsonObject pageJson(const QJsonArray &content, qint64 totalElements, const PageRequest &request,
                     const std::optional<QString> &next = std::nullopt);

// A short digest of a listing's sort and filters (each part as the request
// gave it after parsing), so a cursor is refused by another listing.
QString listingFingerprint(const QStringList &parts);

// The cursor of the page after the one starting at request: keyFields are
// the last row's sort key and id.
QString nextCursor(const PageRequest &request, const QString &fingerprint, const QJsonObject &keyFields);

// The 400 for a cursor whose own fields do not fit the listing.
FieldError badCursor();


// True when a page of request's size holding count rows is followed by more
// of totalElements.
bool hasNextPage(const PageRequest &request, qsizetype count, qint64 totalElements);

} // namespace shop
