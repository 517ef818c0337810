#pragma once

#include "db/database.h"
#include "db/migrationrunner.h"
#include "testdatabase.h"

#include <memory>

namespace testsupport {

// A scratch database with every migration applied, and the engine's
// Database over it: the start of most integration tests. The Database goes
// before the scratch database is dropped.
class MigratedScratchDatabase
{
public:
    MigratedScratchDatabase()
    {
        if (!m_scratch.error().isEmpty()) {
            m_error = m_scratch.error();
            return;
        }
        m_database = std::make_unique<shop::Database>(m_scratch.url());
        const shop::MigrationResult migrated = shop::MigrationRunner(*m_database).run();
        if (migrated.outcome != shop::MigrationResult::Outcome::Applied)
            m_error = QStringLiteral("migrations: ") + migrated.error;
    }
    MigratedScratchDatabase(const MigratedScratchDatabase &) = delete;
    MigratedScratchDatabase &operator=(const MigratedScratchDatabase &) = delete;

    // Empty when the database is ready.
    const QString &error() const { return m_error; }
    const shop::DatabaseUrl &url() const { return m_scratch.url(); }
    shop::Database &database() { return *m_database; }

private:
    ScratchDatabase m_scratch;
    std::unique_ptr<shop::Database> m_database;
    QString m_error;
};

} // namespace testsupport
