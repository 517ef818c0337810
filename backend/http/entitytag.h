#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace shop {

// HTTP validators for reads a client may revalidate (RFC 9110 8.8.3, 13.1.2).
// The tag is a hash of the body itself, so it is the same in every `serve`
// instance that reads the same data and changes with any byte a client
// would see: nothing is remembered between requests.

// A strong entity tag, quoted: "<16 hex digits>".
QByteArray entityTagOf(QByteArrayView body);

// Whether an If-None-Match field value names tag: "*", or a comma-separated
// list of tags compared weakly (W/"x" matches "x"). An empty or malformed
// field matches nothing, so the client gets the full answer.
bool ifNoneMatchHolds(QByteArrayView ifNoneMatch, QByteArrayView tag);

} // namespace shop
