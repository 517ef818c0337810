#include "customerinfo.h"

#include "core/jsonfields.h"

#include "core/textrules.h"

#include <QRegularExpression>

namespace shop {

namespace {

// Appends an error when text is blank or its length is outside min..max.
void checkText(QList<FieldError> &errors, const QString &field, const QString &text, qsizetype min, qsizetype max)
{
    if (text.trimmed().isEmpty()) {
        errors.append({field, QStringLiteral("is required")});
        return;
    }
    const qsizetype length = characterCount(text);
    if (length < min || length > max) {
        errors.append({field, min == 1 ? QStringLiteral("must be at most %1 characters").arg(max)
                                       : QStringLiteral("must be %1 to %2 characters").arg(min).arg(max)});
    }
}

} // namespace

bool isValidEmail(const QString &email)
{
    // Dotted local part of the RFC 5322 "atext" characters, then a domain
    // of DNS labels ending in an alphabetic top-level domain. Deliberately
    // no quoted local parts or IP literals: no shop customer has those, and
    // the order daemon and mailer must be able to use the address as is.
    static const QRegularExpression pattern(QStringLiteral(
        R"(^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
        R"(@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$)"));
    const qsizetype at = email.indexOf(u'@');
    return at > 0 && at <= 64 && pattern.match(email).hasMatch();
}

QList<FieldError> validateCustomerInfo(const CustomerInfo &info, const QString &prefix)
{
    const auto path = [&prefix](const QString &name) { return prefix.isEmpty() ? name : prefix + u'.' + name; };
    QList<FieldError> errors;
    checkText(errors, path(QStringLiteral("name")), info.name, 1, 200);

    const QString email = path(QStringLiteral("email"));
    if (info.email.isEmpty())
        errors.append({email, QStringLiteral("is required")});
    else if (characterCount(info.email) > 100)
        errors.append({email, QStringLiteral("must be at most 100 characters")});
    else if (!isValidEmail(info.email))
        errors.append({email, QStringLiteral("must be a valid e-mail address")});

    static const QRegularExpression phonePattern(QStringLiteral(R"(^\+?[0-9]{10,20}$)"));
    const QString phone = path(QStringLiteral("phone"));
    if (info.phone.isEmpty())
        errors.append({phone, QStringLiteral("is required")});
    else if (!phonePattern.match(info.phone).hasMatch())
        errors.append({phone, QStringLiteral("must be 10 to 20 digits, optionally after a +")});

    const ShippingAddress &address = info.shippingAddress;
    const auto addressPath = [&path](const QString &name) { return path(QStringLiteral("shippingAddress.") + name); };
    checkText(errors, addressPath(QStringLiteral("street")), address.street, 1, 200);
    checkText(errors, addressPath(QStringLiteral("city")), address.city, 1, 100);
    checkText(errors, addressPath(QStringLiteral("state")), address.state, 2, 100);
    checkText(errors, addressPath(QStringLiteral("postalCode")), address.postalCode, 1, 20);
    checkText(errors, addressPath(QStringLiteral("country")), address.country, 2, 100);
    return errors;
}

CustomerInfo readCustomerInfo(const QJsonObject &object, const QString &prefix, QList<FieldError> &typeErrors)
{
    CustomerInfo info;
    JsonFields customer(object, prefix);
    info.name = customer.string(QStringLiteral("name"), JsonFields::Optional).value_or(QString());
    info.email = customer.string(QStringLiteral("email"), JsonFields::Optional).value_or(QString());
    info.phone = customer.string(QStringLiteral("phone"), JsonFields::Optional).value_or(QString());
    const auto address = customer.object(QStringLiteral("shippingAddress"), JsonFields::Required);
    typeErrors += customer.errors();
    if (!address)
        return info;

    JsonFields fieldsOfAddress(*address, customer.path(QStringLiteral("shippingAddress")));
    const auto text = [&fieldsOfAddress](const char *name) {
        return fieldsOfAddress.string(QLatin1String(name), JsonFields::Optional).value_or(QString());
    };
    info.shippingAddress = {text("street"), text("city"), text("state"), text("postalCode"), text("country")};
    typeErrors += fieldsOfAddress.errors();
    return info;
}

} // namespace shop
