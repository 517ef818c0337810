#include "log.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>

#include <atomic>
#include <cstdio>
#include <mutex>

namespace shop::log {

namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::Info)};
std::mutex g_outputMutex;
thread_local QString t_correlationId;

const char *levelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug: return "DEBUG";
    case LogLevel::Info: return "INFO";
    case LogLevel::Warning: return "WARN";
    case LogLevel::Error: return "ERROR";
    }
    return "INFO";
}

bool isSecretField(const QString &key)
{
    const QString lower = key.toLower();
    return lower.contains(u"password") || lower.contains(u"token") || lower.contains(u"secret")
        || lower.contains(u"authorization");
}

QJsonValue maskValue(const QString &key, const QJsonValue &value)
{
    if (isSecretField(key))
        return QStringLiteral("***");
    if (value.isString())
        return maskPersonalData(value.toString());
    if (value.isObject()) {
        QJsonObject masked;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            masked.insert(it.key(), maskValue(it.key(), it.value()));
        return masked;
    }
    return value;
}

void qtMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    LogLevel level = LogLevel::Info;
    switch (type) {
    case QtDebugMsg: level = LogLevel::Debug; break;
    case QtInfoMsg: level = LogLevel::Info; break;
    case QtWarningMsg: level = LogLevel::Warning; break;
    case QtCriticalMsg:
    case QtFatalMsg: level = LogLevel::Error; break;
    }
    if (isEnabled(level))
        write(level, context.category ? context.category : "qt", message);
}

} // namespace

void setLevel(LogLevel level)
{
    g_level.store(static_cast<int>(level));
}

bool isEnabled(LogLevel level)
{
    return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}

void installQtMessageHandler()
{
    qInstallMessageHandler(qtMessageHandler);
}

void write(LogLevel level, const char *logger, const QString &message, const QJsonObject &fields)
{
    if (!isEnabled(level))
        return;
    QJsonObject line;
    line.insert(QStringLiteral("ts"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    line.insert(QStringLiteral("level"), QLatin1String(levelName(level)));
    line.insert(QStringLiteral("logger"), QLatin1String(logger));
    line.insert(QStringLiteral("msg"), maskPersonalData(message));
    if (!t_correlationId.isEmpty())
        line.insert(QStringLiteral("correlationId"), t_correlationId);
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (!line.contains(it.key()))
            line.insert(it.key(), maskValue(it.key(), it.value()));
    }
    QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact);
    bytes.append('\n');
    std::lock_guard lock(g_outputMutex);
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}

QString maskPersonalData(const QString &text)
{
    static const QRegularExpression email(QStringLiteral(R"(([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,}))"));
    // Ten or more digits, optionally with a leading +, as the contract's phone pattern.
    static const QRegularExpression phone(QStringLiteral(R"(\+?\d{8,18}(\d{2}))"));
    static const QRegularExpression tenDigits(QStringLiteral(R"(\d{10})"));
    if (!text.contains(u'@') && !text.contains(tenDigits))
        return text;
    QString masked = text;
    masked.replace(email, QStringLiteral("\\1***@\\2"));
    masked.replace(phone, QStringLiteral("********\\1"));
    return masked;
}

QString currentCorrelationId()
{
    return t_correlationId;
}

CorrelationScope::CorrelationScope(const QString &correlationId)
    : m_previous(t_correlationId)
{
    t_correlationId = correlationId;
}

CorrelationScope::~CorrelationScope()
{
    t_correlationId = m_previous;
}

} // namespace shop::log
