#pragma once

#include <QList>
#include <QString>

#include <utility>
#include <variant>

namespace shop {

// A rule broken by one input field, e.g. {"price", "must be at least 0.01"}.
struct FieldError
{
    QString field;
    QString message;
};

// Expected failures of a service call, independent of HTTP: the REST layer
// maps them to Problem Details, the GUI to messages next to the fields.
struct ServiceError
{
    enum class Kind { Validation, NotFound, Conflict, Unprocessable, Unauthorized, Forbidden, Unavailable, Internal };

    Kind kind = Kind::Internal;
    QString detail;             // safe to show to the client
    QList<FieldError> fields;   // for Validation

    static ServiceError validation(QList<FieldError> fields) { return {Kind::Validation, QStringLiteral("The request has invalid fields."), std::move(fields)}; }
    static ServiceError notFound(QString detail) { return {Kind::NotFound, std::move(detail), {}}; }
    static ServiceError conflict(QString detail) { return {Kind::Conflict, std::move(detail), {}}; }
    static ServiceError unprocessable(QString detail) { return {Kind::Unprocessable, std::move(detail), {}}; }
    static ServiceError unavailable(QString detail) { return {Kind::Unavailable, std::move(detail), {}}; }
    // The cause goes to the log by the caller; the client sees nothing internal.
    static ServiceError internal() { return {Kind::Internal, QStringLiteral("internal error"), {}}; }
};

// A value or the reason there is none: a ServiceError from a service, the
// driver's QSqlError from a repository (DbResult, db/dbresult.h).
template<typename T, typename Error = ServiceError>
class Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool isOk() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return isOk(); }
    const T &value() const { return std::get<T>(m_state); }
    T &value() { return std::get<T>(m_state); }
    const T *operator->() const { return &value(); }
    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// first, plus the errors of more for fields first does not mention yet, nor
// any field inside one it mentions: a field that could not even be read
// (wrong JSON type) reports that, not a rule about the default it was left at.
QList<FieldError> mergeFieldErrors(QList<FieldError> first, const QList<FieldError> &more);

// "field: message; field: message", for logs and dead-letter headers.
QString fieldErrorsText(const QList<FieldError> &errors);

// For calls that return nothing on success.
struct Done
{
};

} // namespace shop
