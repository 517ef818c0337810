// libFuzzer target over everything a client's bytes reach before the
// database: HTTP parsing, JSON bodies of every request shape, the validation
// rules and the Problem Details built from them. Nothing may crash, hang or
// leak whatever the input.
#include "catalog/catalogvalidation.h"
#include "checkout/checkoutrequest.h"
#include "api/catalogjson.h"
#include "api/checkoutjson.h"
#include "api/jsonbody.h"
#include "api/paging.h"
#include "api/problem.h"
#include "http/requestparser.h"

#include <cstddef>
#include <cstdint>

using namespace shop;

namespace {

void answer(const ServiceError &error, const HttpRequest &request)
{
    const HttpResponse response = Problem::fromServiceError(error).toResponse(request);
    (void)serializeResponse(response, request.keepAlive);
}

void readBodies(const HttpRequest &request)
{
    if (auto draft = readJsonBody(request, &catalogjson::readProductDraft, &catalog::validateProduct); !draft)
        answer(draft.error(), request);
    if (auto patch = readJsonBody(request, &catalogjson::readProductPatch, &catalog::validateProductPatch); !patch)
        answer(patch.error(), request);
    if (auto category = readJsonBody(request, &catalogjson::readCategoryDraft, &catalog::validateCategory); !category)
        answer(category.error(), request);
    const Result<QJsonObject> body = parseJsonObject(request);
    if (!body) {
        answer(body.error(), request);
        return;
    }
    QList<FieldError> typeErrors;
    const CheckoutRequest checkout = readCheckoutRequest(body.value(), typeErrors);
    answer(ServiceError::validation(mergeFieldErrors(typeErrors, validateCheckoutRequest(checkout))), request);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    // As a JSON body of each request shape.
    HttpRequest asBody;
    asBody.body = input;
    asBody.path = QStringLiteral("/api/v1/products");
    readBodies(asBody);

    // As raw bytes on a connection: every request they hold, then its body and query.
    QByteArray buffer = input;
    const RequestParser parser;
    for (int i = 0; i < 64; ++i) {
        RequestParser::Result parsed = parser.parse(buffer);
        if (parsed.status == RequestParser::Status::Invalid)
            answer(ServiceError::validation({{QStringLiteral("request"), parsed.errorDetail}}), asBody);
        if (parsed.status != RequestParser::Status::Complete)
            break;
        readBodies(parsed.request);
        if (const auto page = PageRequest::fromQuery(parsed.request.query); !page)
            answer(page.error(), parsed.request);
        // A cursor is hostile input too: its decoding and checks.
        PageRequest paging;
        QList<FieldError> cursorErrors;
        paging.readCursor(parsed.request.query, listingFingerprint({QStringLiteral("fuzz")}), cursorErrors);
        if (!cursorErrors.isEmpty())
            answer(ServiceError::validation(cursorErrors), parsed.request);
    }
    return 0;
}
