#include "errors.h"

#include <QStringList>

#include <algorithm>

namespace shop {

QList<FieldError> mergeFieldErrors(QList<FieldError> first, const QList<FieldError> &more)
{
    const qsizetype given = first.size();
    for (const FieldError &error : more) {
        const auto covers = [&error](const FieldError &known) {
            return error.field == known.field || error.field.startsWith(known.field + u'.');
        };
        if (std::none_of(first.cbegin(), first.cbegin() + given, covers))
            first.append(error);
    }
    return first;
}

QString fieldErrorsText(const QList<FieldError> &errors)
{
    QStringList parts;
    for (const FieldError &error : errors)
        parts << error.field + QStringLiteral(": ") + error.message;
    return parts.join(QStringLiteral("; "));
}

} // namespace shop
