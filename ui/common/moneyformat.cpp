#include "moneyformat.h"

#include <QLocale>

namespace shop {

namespace {

const QString kDefaultCurrency = QStringLiteral("EUR");

struct Currency
{
    QString code;
    QString symbol; // worked out once per setCurrency: it scans every locale
};

Currency &current()
{
    static Currency currency{kDefaultCurrency, moneyformat::symbolOf(kDefaultCurrency)};
    return currency;
}

} // namespace

void moneyformat::setCurrency(const QString &isoCode)
{
    const QString code = isoCode.isEmpty() ? kDefaultCurrency : isoCode.toUpper();
    current() = {code, symbolOf(code)};
}

QString moneyformat::currency()
{
    return current().code;
}

QString moneyformat::symbolOf(const QString &isoCode)
{
    // Prefer a locale of the user's language ("$" rather than "US$").
    const QLocale::Language language = QLocale().language();
    QString symbol;
    for (const QLocale &locale : QLocale::matchingLocales(QLocale::AnyLanguage, QLocale::AnyScript,
                                                          QLocale::AnyTerritory)) {
        if (locale.currencySymbol(QLocale::CurrencyIsoCode) != isoCode)
            continue;
        symbol = locale.currencySymbol(QLocale::CurrencySymbol);
        if (locale.language() == language)
            break;
    }
    return symbol.isEmpty() ? isoCode : symbol;
}

QString formatMoney(Money amount)
{
    // Cents as a double are exact to well beyond any shop's amounts.
    return QLocale().toCurrencyString(static_cast<double>(amount.cents()) / 100.0, current().symbol, 2);
}

} // namespace shop
