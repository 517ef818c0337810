#pragma once

#include "core/databaseurl.h"
#include "db/database.h"

#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <optional>

// The PostgreSQL that tests/run started (SHOP_TEST_DATABASE_URL), plus
// throwaway databases on it for tests that need to start from empty.
namespace testsupport {

inline std::optional<shop::DatabaseUrl> testDatabaseUrl()
{
    return shop::DatabaseUrl::parse(QProcessEnvironment::systemEnvironment().value(QStringLiteral("SHOP_TEST_DATABASE_URL")));
}

inline QString toUrl(const shop::DatabaseUrl &url)
{
    return QStringLiteral("postgresql://%1:%2@%3:%4/%5").arg(url.user, url.password, url.host).arg(url.port).arg(url.database);
}

// Runs one statement on the server's maintenance database.
inline QString execAdmin(const shop::DatabaseUrl &url, const QString &sql)
{
    QString error;
    {
        shop::DatabaseUrl maintenance = url;
        maintenance.database = QStringLiteral("postgres");
        QSqlDatabase db = shop::addConnection(maintenance, QStringLiteral("test-admin"));
        if (!db.open())
            error = db.lastError().text();
        else if (QSqlQuery query(db); !query.exec(sql))
            error = query.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("test-admin"));
    return error;
}

// A fresh, empty database dropped when the object goes away.
class ScratchDatabase
{
public:
    ScratchDatabase()
    {
        const auto base = testDatabaseUrl();
        if (!base) {
            m_error = QStringLiteral("SHOP_TEST_DATABASE_URL is not set: run through tests/run");
            return;
        }
        m_url = *base;
        m_url.database = QStringLiteral("scratch_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
        m_error = execAdmin(m_url, QStringLiteral("CREATE DATABASE ") + m_url.database);
    }
    ~ScratchDatabase()
    {
        if (m_error.isEmpty())
            execAdmin(m_url, QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_url.database));
    }
    ScratchDatabase(const ScratchDatabase &) = delete;
    ScratchDatabase &operator=(const ScratchDatabase &) = delete;

    const QString &error() const { return m_error; }
    const shop::DatabaseUrl &url() const { return m_url; }

private:
    shop::DatabaseUrl m_url;
    QString m_error;
};

} // namespace testsupport
