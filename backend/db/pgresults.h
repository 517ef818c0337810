#pragma once

#include "core/errors.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QSqlError>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

struct pg_result; // libpq's PGresult; libpq stays private to backend/db

namespace shop {

// One statement for PgPool: its SQL with $n parameters and their values as
// PostgreSQL's text input (nullopt: NULL). The server infers each
// parameter's type from the statement, as it does for QPSQL's EXECUTE.
struct PgStatement
{
    QByteArray sql;
    std::vector<std::optional<QByteArray>> parameters;
};

// The rows one statement answered, read as PostgreSQL's text output
// straight from libpq's result (no QVariant per field). Cheap to copy.
class PgRows
{
public:
    PgRows() = default;
    explicit PgRows(pg_result *result); // takes it over

    int count() const;
    bool isNull(int row, int column) const;
    // Valid while this object (or a copy) lives.
    QByteArrayView text(int row, int column) const;

private:
    std::shared_ptr<pg_result> m_result;
};

// Why statements did not run.
struct PgFailure
{
    enum class Kind {
        QueueFull,   // the pool's connections were busy and its queue full: nothing was sent
        Unavailable, // no connection to the server, or it was lost meanwhile
        Statement,   // the server refused or cancelled a statement (sqlState says why)
    };
    Kind kind = Kind::Unavailable;
    QByteArray sqlState;
    QString message;

    // As the QPSQL driver would report it, for databaseFailure() (db/databasefailure.h).
    QSqlError toSqlError() const;
};

// Every statement's rows in order, or the first failure.
using PgResults = Result<std::vector<PgRows>, PgFailure>;
using PgCallback = std::function<void(PgResults)>;

} // namespace shop
