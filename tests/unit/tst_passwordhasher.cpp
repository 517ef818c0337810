#include "auth/passwordhasher.h"

#include <QtTest>

using namespace shop;

class PasswordHasherTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theRightPasswordVerifiesAndAWrongOneDoesNot()
    {
        const PasswordHash stored = PasswordHasher::hash("manager123");
        QVERIFY(PasswordHasher::verify("manager123", stored));
        QVERIFY(!PasswordHasher::verify("manager124", stored));
        QVERIFY(!PasswordHasher::verify("", stored));
    }

    void usesAtLeast100000IterationsAndAFreshSalt()
    {
        const PasswordHash first = PasswordHasher::hash("same password");
        const PasswordHash second = PasswordHasher::hash("same password");
        QVERIFY(first.iterations >= 100000);
        QCOMPARE(first.saltHex.size(), 32);
        QVERIFY(first.saltHex != second.saltHex);
        QVERIFY(first.hashHex != second.hashHex);
    }

    void matchesAKnownPbkdf2Sha256Vector()
    {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64 (first 32 bytes).
        const PasswordHash stored{QByteArray("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"),
                                  QByteArray("salt").toHex(), 1};
        QVERIFY(PasswordHasher::verify("passwd", stored));
    }
};

QTEST_GUILESS_MAIN(PasswordHasherTest)
#include "tst_passwordhasher.moc"
