#pragma once

#include "settings.h"

#include <QJsonObject>
#include <QString>

// Structured logging: one JSON object per line on stdout with ts, level,
// logger, msg, correlationId and the given fields. E-mail addresses and
// phone numbers are masked; fields named like secrets are never written.
namespace shop::log {

void setLevel(LogLevel level);
bool isEnabled(LogLevel level);

// Routes qDebug/qWarning/... through the same JSON format.
void installQtMessageHandler();

void write(LogLevel level, const char *logger, const QString &message, const QJsonObject &fields = {});

inline void debug(const char *logger, const QString &message, const QJsonObject &fields = {})
{
    if (isEnabled(LogLevel::Debug))
        write(LogLevel::Debug, logger, message, fields);
}
inline void info(const char *logger, const QString &message, const QJsonObject &fields = {})
{
    write(LogLevel::Info, logger, message, fields);
}
inline void warn(const char *logger, const QString &message, const QJsonObject &fields = {})
{
    write(LogLevel::Warning, logger, message, fields);
}
inline void error(const char *logger, const QString &message, const QJsonObject &fields = {})
{
    write(LogLevel::Error, logger, message, fields);
}

// Masks e-mail addresses (j***@example.com) and phone numbers (********89).
QString maskPersonalData(const QString &text);

// The correlation id that log lines of the current thread carry.
QString currentCorrelationId();

// Sets the current thread's correlation id for the lifetime of the scope.
class CorrelationScope
{
public:
    explicit CorrelationScope(const QString &correlationId);
    ~CorrelationScope();
    CorrelationScope(const CorrelationScope &) = delete;
    CorrelationScope &operator=(const CorrelationScope &) = delete;

private:
    QString m_previous;
};

} // namespace shop::log
