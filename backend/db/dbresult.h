#pragma once

#include "core/errors.h"

#include <QSqlError>

namespace shop {

// What a repository call answers: its value, or the driver's error when a
// statement failed. Calls that return nothing answer DbResult<Done>. The
// error is for the log; the service decides what the client sees of it.
template<typename T>
using DbResult = Result<T, QSqlError>;

template<typename T>
inline constexpr bool isDbResult = false;
template<typename T>
inline constexpr bool isDbResult<Result<T, QSqlError>> = true;

} // namespace shop
