#include "pgresults.h"

#include <libpq-fe.h>

namespace shop {

PgRows::PgRows(pg_result *result)
    : m_result(result, PQclear)
{
}

int PgRows::count() const
{
    return m_result ? PQntuples(m_result.get()) : 0;
}

bool PgRows::isNull(int row, int column) const
{
    return PQgetisnull(m_result.get(), row, column) != 0;
}

QByteArrayView PgRows::text(int row, int column) const
{
    return QByteArrayView(PQgetvalue(m_result.get(), row, column), PQgetlength(m_result.get(), row, column));
}

QSqlError PgFailure::toSqlError() const
{
    const QSqlError::ErrorType type = kind == Kind::Statement ? QSqlError::StatementError : QSqlError::ConnectionError;
    return QSqlError(QStringLiteral("libpq"), message, type, QString::fromLatin1(sqlState));
}

} // namespace shop
