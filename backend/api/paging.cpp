#include "paging.h"

#include "core/ids.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>

namespace shop {

namespace {

const QString kCursor = QStringLiteral("cursor");
const QString kVersion = QStringLiteral("v");
const QString kFingerprint = QStringLiteral("f");
const QString kNumber = QStringLiteral("n");
const QString kId = QStringLiteral("i");
const QString kKey = QStringLiteral("k");

// Our cursors are far shorter (the longest key is a 200-character name);
// the bound keeps a hostile one from costing more than a glance.
constexpr qsizetype kMaxCursorLength = 1024;

constexpr auto kBase64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

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

// A cursor's page number counts pages of one size, so it is bound to its
// size as well as to its listing.
QString sizedFingerprint(const QString &fingerprint, int size)
{
    return fingerprint + u'.' + QString::number(size);
}

// The cursor's fields, or nothing when the text is not one of ours made
// for this listing. Checked before anything in it is used: the alphabet
// and length, the base64url and JSON, the version, the fingerprint, the
// page number and the id. The sort key's type is the listing's to check.
std::optional<QJsonObject> cursorFields(const QString &text, const QString &fingerprint)
{

    static const QRegularExpression kAlphabet(QStringLiteral("^[A-Za-z0-9_-]+$"));
    if (text.size() > kMaxCursorLength || !kAlphabet.match(text).hasMatch())
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(),
                                                        kBase64 | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject fields = document.object();
    const double number = fields.value(kNumber).toDouble(-1);
    if (fields.value(kVersion).toInt() != 1 || fields.value(kFingerprint).toString() != fingerprint
        || number < 1 || number > PageRequest::kMaxPage || std::trunc(number) != number
        || !idFromText(fields.value(kId).toString()) || !fields.contains(kKey))
        return std::nullopt;
    return fields;
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

void PageRequest::readCursor(const QUrlQuery &query, const QString &fingerprint, QList<FieldError> &errors)
{
    if (!query.hasQueryItem(kCursor))
        return;
    cursor = cursorFields(query.queryItemValue(kCursor, QUrl::FullyDecoded), sizedFingerprint(fingerprint, size));
    if (cursor)
        page = cursor->value(kNumber).toInt();
    else
        errors.append(badCursor());
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

QString listingFingerprint(const QStringList &parts)
{
    const QByteArray digest = QCryptographicHash::hash(parts.join(u'\n').toUtf8(), QCryptographicHash::Sha256);
    return QString::fromLatin1(digest.left(8).toHex());
}

QString nextCursor(const PageRequest &request, const QString &fingerprint, const QJsonObject &keyFields)
{
    QJsonObject fields = keyFields;
    fields.insert(kVersion, 1);
    fields.insert(kFingerprint, sizedFingerprint(fingerprint, request.size));
    fields.insert(kNumber, request.page + 1);
    return QString::fromLatin1(QJsonDocument(fields).toJson(QJsonDocument::Compact).toBase64(kBase64));
}

FieldError badCursor()
{
    return {kCursor, QStringLiteral("must be a nextCursor this listing answered, with the same sortBy, sortDir and "
                                    "filters")};
}

bool hasNextPage(const PageRequest &request, qsizetype count, qint64 totalElements)
{
    return count == request.size && request.page < PageRequest::kMaxPage
        && (static_cast<qint64>(request.page) + 1) * request.size < totalElements;
}

QJsonObject pageJson(const QJsonArray &content, qint64 totalElements, const PageRequest &request,
                     const std::optional<QString> &next)
{
    QJsonObject page{{QStringLiteral("content"), content},
                     {QStringLiteral("totalElements"), totalElements},
                     {QStringLiteral("totalPages"), totalPages(totalElements, request)},
                     {QStringLiteral("size"), request.size},
                     {QStringLiteral("number"), request.page}};
    if (next)
        page.insert(QStringLiteral("nextCursor"), *next);
    return page;
}

} // namespace shop
