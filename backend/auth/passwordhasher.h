#pragma once

#include <QByteArray>

namespace shop {

struct PasswordHash
{
    QByteArray hashHex;
    QByteArray saltHex;
    int iterations = 0;
};

// PBKDF2-SHA256 with a random per-user salt (QPasswordDigestor).
class PasswordHasher
{
public:
    static constexpr int kIterations = 100000;

    static PasswordHash hash(const QByteArray &password, int iterations = kIterations);
    // Constant-time comparison against a stored hash.
    static bool verify(const QByteArray &password, const PasswordHash &stored);
};

} // namespace shop
