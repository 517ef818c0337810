#include "asyncproductreads.h"

#include "core/ids.h"
#include "db/pgpool.h"
#include "productrepository.h"

#include <QDateTime>

#include <charconv>

namespace shop {

namespace {

// A value as PostgreSQL's text input for the parameter it is bound to:
// what QPSQL's EXECUTE spells as a literal.
std::optional<QByteArray> parameterText(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    switch (value.metaType().id()) {
    case QMetaType::Bool: return value.toBool() ? QByteArray("true") : QByteArray("false");
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong: return QByteArray::number(value.toLongLong());
    case QMetaType::QDateTime:
        return value.toDateTime().toUTC().toString(Qt::ISODateWithMs).toLatin1();
    default: return value.toString().toUtf8();
    }
}

PgStatement statementOf(const BoundStatement &bound)
{
    PgStatement statement{bound.sql.toUtf8(), {}};
    statement.parameters.reserve(size_t(bound.values.size()));
    for (const QVariant &value : bound.values)
        statement.parameters.push_back(parameterText(value));
    return statement;
}

qint64 integerOf(QByteArrayView text)
{
    qint64 value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

int digits(QByteArrayView text, qsizetype from, qsizetype count)
{
    int value = 0;
    for (qsizetype i = from; i < from + count; ++i)
        value = value * 10 + (text.at(i) - '0');
    return value;
}

// timestamptz as a session with DateStyle ISO and TimeZone UTC writes it:
// "2026-11-23 12:34:56.789012+00". The fraction becomes milliseconds as
// QPSQL's reading (QDateTime::fromString, ISODate) rounds it, so both
// paths give the same JSON. Anything else is left to that same parser.
QDateTime timestampOf(QByteArrayView text)
{
    // At most nine fraction digits (PostgreSQL writes six), for the table below.
    const bool plain = text.size() >= 22 && text.size() <= 32 && text.at(4) == '-' && text.at(7) == '-'
        && text.at(10) == ' ' && text.at(13) == ':' && text.at(16) == ':' && text.endsWith("+00");
    if (!plain)
        return QDateTime::fromString(QString::fromLatin1(text), Qt::ISODate);
    // A table, not std::pow, which was 5 % of a page's CPU.
    static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    int milliseconds = 0;
    const qsizetype fractionEnd = text.size() - 3;
    if (text.at(19) == '.' && fractionEnd > 20) {
        const qsizetype count = fractionEnd - 20;
        const double fraction = digits(text, 20, count) / kPowersOfTen[count];
        milliseconds = std::min(qRound(fraction * 1000.0), 999);
    }
    return QDateTime(QDate(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2)),
                     QTime(digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2), milliseconds),
                     Qt::UTC);
}

QUuid uuidOf(QByteArrayView text)
{
    return QUuid::fromString(QLatin1StringView(text.data(), text.size()));
}

QString stringOf(QByteArrayView text)
{
    return QString::fromUtf8(text);
}

} // namespace

Product productFromText(const PgRows &rows, int row)
{
    Product product;
    product.id = uuidOf(rows.text(row, 0));
    product.sku = stringOf(rows.text(row, 1));
    product.name = stringOf(rows.text(row, 2));
    if (!rows.isNull(row, 3))
        product.description = stringOf(rows.text(row, 3));
    product.price = Money::fromCents(integerOf(rows.text(row, 4)));
    product.inventoryQuantity = integerOf(rows.text(row, 5));
    product.categoryId = uuidOf(rows.text(row, 6));
    product.isActive = rows.text(row, 7) == "t";
    product.version = integerOf(rows.text(row, 8));
    product.createdAt = timestampOf(rows.text(row, 9));
    product.updatedAt = timestampOf(rows.text(row, 10));
    if (!rows.isNull(row, 11))
        product.reorderLevel = integerOf(rows.text(row, 11));
    return product;
}

AsyncProductReads::AsyncProductReads(AsyncDatabase &database)
    : m_database(database)
{
}

void AsyncProductReads::findById(const QUuid &id, Done<std::optional<Product>> done) const
{
    static const QByteArray sql = productByIdStatement().toUtf8();
    std::vector<PgStatement> statements{PgStatement{sql, {idText(id).toLatin1()}}};
    m_database.pool().run(std::move(statements), [done = std::move(done)](PgResults results) {
        if (!results) {
            done(results.error());
            return;
        }
        const PgRows &rows = results.value().front();
        done(rows.count() > 0 ? std::optional<Product>(productFromText(rows, 0)) : std::nullopt);
    });
}

void AsyncProductReads::findPage(const ProductQuery &query, Done<ProductPage> done) const
{
    const ProductPageStatements bound = productPageStatements(query);
    std::vector<PgStatement> statements;
    if (bound.count)
        statements.push_back(statementOf(*bound.count));
    statements.push_back(statementOf(bound.page));
    const bool counted = bound.count.has_value();
    m_database.pool().run(std::move(statements), [done = std::move(done), counted](PgResults results) {
        if (!results) {
            done(results.error());
            return;
        }
        const std::vector<PgRows> &answers = results.value();
        ProductPage page;
        if (counted && answers.front().count() > 0)
            page.totalElements = integerOf(answers.front().text(0, 0));
        const PgRows &rows = answers.back();
        page.items.reserve(rows.count());
        for (int row = 0; row < rows.count(); ++row)
            page.items.append(productFromText(rows, row));
        done(std::move(page));
    });
}

} // namespace shop
