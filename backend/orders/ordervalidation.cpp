#include "ordervalidation.h"

#include "core/textrules.h"

namespace shop::orders {

namespace {

// PostgreSQL text cannot hold U+0000, and the driver would cut the string
// there instead of failing; refuse it up front.
void checkOptionalText(const QString &field, const std::optional<QString> &text, int max, QList<FieldError> &errors)
{
    if (!text)
        return;
    if (text->contains(QChar(u'\0')))
        errors.append({field, QStringLiteral("must not contain NUL characters")});
    else if (characterCount(text->trimmed()) > max)
        errors.append({field, QStringLiteral("must be at most %1 characters").arg(max)});
}

std::optional<QString> trimmedOrNone(const std::optional<QString> &text)
{
    if (!text || text->trimmed().isEmpty())
        return std::nullopt;
    return text->trimmed();
}

} // namespace

QList<FieldError> validateCancellation(const QString &reason)
{
    const QString field = QStringLiteral("reason");
    if (reason.trimmed().isEmpty())
        return {{field, QStringLiteral("must not be blank")}};
    QList<FieldError> errors;
    checkOptionalText(field, reason, kReasonMax, errors);
    return errors;
}

QList<FieldError> validateFulfillment(const Fulfillment &fulfillment)
{
    QList<FieldError> errors;
    checkOptionalText(QStringLiteral("trackingNumber"), fulfillment.trackingNumber, kTrackingNumberMax, errors);
    checkOptionalText(QStringLiteral("carrier"), fulfillment.carrier, kCarrierMax, errors);
    checkOptionalText(QStringLiteral("notes"), fulfillment.notes, kNotesMax, errors);
    return errors;
}

QList<FieldError> validateOrderFilter(const OrderFilter &filter)
{
    QList<FieldError> errors;
    if (filter.customerEmail && filter.customerEmail->trimmed().isEmpty())
        errors.append({QStringLiteral("customerEmail"), QStringLiteral("must not be blank")});
    if (filter.startDate && filter.endDate && *filter.startDate > *filter.endDate)
        errors.append({QStringLiteral("startDate"), QStringLiteral("must not be after endDate")});
    return errors;
}

QString normalizedReason(const QString &reason)
{
    return reason.trimmed();
}

Fulfillment normalized(const Fulfillment &fulfillment)
{
    return {trimmedOrNone(fulfillment.trackingNumber), trimmedOrNone(fulfillment.carrier),
            trimmedOrNone(fulfillment.notes)};
}

} // namespace shop::orders
