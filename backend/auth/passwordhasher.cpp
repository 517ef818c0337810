#include "passwordhasher.h"

#include <QCryptographicHash>
#include <QPasswordDigestor>
#include <QRandomGenerator>

namespace shop {

namespace {

constexpr int kSaltBytes = 16;
constexpr int kKeyBytes = 32;

QByteArray derive(const QByteArray &password, const QByteArray &salt, int iterations)
{
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password, salt, iterations, kKeyBytes);
}

} // namespace

PasswordHash PasswordHasher::hash(const QByteArray &password, int iterations)
{
    QByteArray salt(kSaltBytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()), kSaltBytes / 4);
    return {derive(password, salt, iterations).toHex(), salt.toHex(), iterations};
}

bool PasswordHasher::verify(const QByteArray &password, const PasswordHash &stored)
{
    const QByteArray expected = QByteArray::fromHex(stored.hashHex);
    const QByteArray actual = derive(password, QByteArray::fromHex(stored.saltHex), stored.iterations);
    if (expected.size() != actual.size() || expected.isEmpty())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < actual.size(); ++i)
        difference |= static_cast<unsigned char>(expected[i] ^ actual[i]);
    return difference == 0;
}

} // namespace shop
