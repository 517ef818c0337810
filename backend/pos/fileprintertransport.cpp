#include "fileprintertransport.h"

#include <QDeadlineTimer>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace shop {

namespace {

class Descriptor
{
public:
    explicit Descriptor(int fd) : m_fd(fd) {}
    ~Descriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

FilePrinterTransport::FilePrinterTransport(QString path, std::chrono::milliseconds timeout)
    : m_path(std::move(path))
    , m_timeout(timeout)
{
}

Result<Done> FilePrinterTransport::send(const QByteArray &bytes)
{
    const QString printer = QStringLiteral("file:%1").arg(m_path);
    const Descriptor file(::open(QFile::encodeName(m_path).constData(),
                                 O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644));
    if (file.get() < 0)
        return ServiceError::unavailable(QStringLiteral("printer %1 cannot be opened: %2").arg(printer, systemError(errno)));
    const QDeadlineTimer deadline(m_timeout);
    qsizetype written = 0;
    while (written < bytes.size()) {
        const ssize_t count = ::write(file.get(), bytes.constData() + written, static_cast<size_t>(bytes.size() - written));
        if (count > 0) {
            written += count;
            continue;
        }
        if (count < 0 && errno != EAGAIN && errno != EINTR)
            return ServiceError::unavailable(QStringLiteral("printer %1 refused the receipt: %2").arg(printer, systemError(errno)));
        pollfd ready{file.get(), POLLOUT, 0};
        const int waitMs = static_cast<int>(deadline.remainingTime());
        if (waitMs <= 0 || ::poll(&ready, 1, waitMs) == 0)
            return ServiceError::unavailable(QStringLiteral("printer %1 did not take the receipt within %2 ms")
                                                 .arg(printer)
                                                 .arg(m_timeout.count()));
    }
    return Done{};
}

} // namespace shop
