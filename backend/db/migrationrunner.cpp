#include "migrationrunner.h"

#include "core/log.h"
#include "database.h"

#include <QCryptographicHash>
#include <algorithm>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlQuery>

namespace shop {

namespace {

// "already exists, skipping" notices would reach stderr as plain text.
const QString kQuietNotices = QStringLiteral(R"(
    SET client_min_messages TO warning)");

// Any constant works; it only has to be the same for every runner.
constexpr qint64 kMigrationLockKey = 0x73686f702d6d6967; // "shop-mig"

// Session-level lock: released by kUnlock or when the session ends.
const QString kLock = QStringLiteral(R"(
    SELECT pg_advisory_lock(%1))").arg(kMigrationLockKey);

const QString kUnlock = QStringLiteral(R"(
    SELECT pg_advisory_unlock(%1))").arg(kMigrationLockKey);

// %1 is the schema, %2 its history table.
const QString kCreateHistory = QStringLiteral(R"(
    CREATE SCHEMA IF NOT EXISTS %1;
    CREATE TABLE IF NOT EXISTS %2 (version integer PRIMARY KEY, name text NOT NULL,
                                   checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),
                                   execution_ms integer NOT NULL))");

// %1 is the history table.
const QString kSelectApplied = QStringLiteral(R"(
    SELECT version, checksum FROM %1)");

const QString kRecordApplied = QStringLiteral(R"(
    INSERT INTO %1 (version, name, checksum, execution_ms) VALUES ($1, $2, $3, $4))");

QString qualifiedTable(const QString &schema)
{
    return schema + QStringLiteral(".schema_migrations");
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    *error = query.lastError().text();
    return false;
}

} // namespace

const QStringList MigrationRunner::schemaOrder{QStringLiteral("auth"), QStringLiteral("catalog"),
                                               QStringLiteral("orders"), QStringLiteral("pos")};

MigrationRunner::MigrationRunner(Database &database, QString root)
    : m_database(database)
    , m_root(std::move(root))
{
}

QList<MigrationFile> MigrationRunner::discover(const QString &root, QString *error)
{
    static const QRegularExpression fileName(QStringLiteral(R"(^V(\d+)__(\w+)\.sql$)"));
    QList<MigrationFile> files;
    for (const QString &schema : schemaOrder) {
        QDir dir(root + u'/' + schema);
        QList<MigrationFile> schemaFiles;
        const QStringList entries = dir.entryList({QStringLiteral("*.sql")}, QDir::Files);
        for (const QString &entry : entries) {
            const QRegularExpressionMatch match = fileName.match(entry);
            if (!match.hasMatch()) {
                *error = QStringLiteral("migration file %1/%2 is not named V<n>__<name>.sql").arg(schema, entry);
                return {};
            }
            QFile file(dir.filePath(entry));
            if (!file.open(QIODevice::ReadOnly)) {
                *error = QStringLiteral("cannot read migration %1: %2").arg(file.fileName(), file.errorString());
                return {};
            }
            MigrationFile migration;
            migration.schema = schema;
            migration.version = match.captured(1).toInt();
            migration.name = match.captured(2);
            migration.path = schema + u'/' + entry;
            migration.sql = file.readAll();
            migration.checksum = QCryptographicHash::hash(migration.sql, QCryptographicHash::Sha256).toHex();
            schemaFiles.append(migration);
        }
        std::sort(schemaFiles.begin(), schemaFiles.end(),
                  [](const MigrationFile &a, const MigrationFile &b) { return a.version < b.version; });
        for (qsizetype i = 1; i < schemaFiles.size(); ++i) {
            if (schemaFiles[i].version == schemaFiles[i - 1].version) {
                *error = QStringLiteral("two migrations of schema %1 have version %2")
                             .arg(schema)
                             .arg(schemaFiles[i].version);
                return {};
            }
        }
        files.append(schemaFiles);
    }
    return files;
}

MigrationResult MigrationRunner::run()
{
    MigrationResult result;
    auto fail = [&result](MigrationResult::Outcome outcome, const QString &message) {
        result.outcome = outcome;
        result.error = message;
        return result;
    };

    QString error;
    const QList<MigrationFile> files = discover(m_root, &error);
    if (!error.isEmpty())
        return fail(MigrationResult::Outcome::Failed, error);

    QSqlDatabase db = m_database.connection();
    if (!db.isOpen())
        return fail(MigrationResult::Outcome::Failed,
                    QStringLiteral("cannot connect to the database: %1").arg(db.lastError().text()));

    exec(db, kQuietNotices, &error);
    if (!exec(db, kLock, &error))
        return fail(MigrationResult::Outcome::Failed, QStringLiteral("cannot take the migration lock: %1").arg(error));
    auto unlock = qScopeGuard([&db] {
        QSqlQuery query(db);
        query.exec(kUnlock);
    });

    QHash<QString, QHash<int, QByteArray>> appliedChecksums; // schema -> version -> checksum
    for (const QString &schema : schemaOrder) {
        if (!exec(db, kCreateHistory.arg(schema, qualifiedTable(schema)), &error))
            return fail(MigrationResult::Outcome::Failed,
                        QStringLiteral("cannot create %1: %2").arg(qualifiedTable(schema), error));
        QSqlQuery applied(db);
        if (!applied.exec(kSelectApplied.arg(qualifiedTable(schema))))
            return fail(MigrationResult::Outcome::Failed, applied.lastError().text());
        while (applied.next())
            appliedChecksums[schema].insert(applied.value(0).toInt(), applied.value(1).toByteArray());
    }

    for (const MigrationFile &file : files) {
        const auto &applied = appliedChecksums[file.schema];
        if (applied.contains(file.version)) {
            if (applied.value(file.version) != file.checksum)
                return fail(MigrationResult::Outcome::Tampered,
                            QStringLiteral("migration %1 was changed after it was applied (checksum %2, "
                                           "applied %3); add a new migration instead of editing an applied one")
                                .arg(file.path, QString::fromLatin1(file.checksum.left(12)),
                                     QString::fromLatin1(applied.value(file.version).left(12))));
            continue;
        }
        QElapsedTimer timer;
        timer.start();
        Transaction transaction(db);
        if (!transaction.isActive())
            return fail(MigrationResult::Outcome::Failed, transaction.error().text());
        if (!exec(db, QString::fromUtf8(file.sql), &error))
            return fail(MigrationResult::Outcome::Failed,
                        QStringLiteral("migration %1 failed: %2").arg(file.path, error));
        QSqlQuery record(db);
        record.prepare(kRecordApplied.arg(qualifiedTable(file.schema)));
        if (!execPrepared(record, {file.version, file.name, QString::fromLatin1(file.checksum),
                                   static_cast<int>(timer.elapsed())})
            || !transaction.commit())
            return fail(MigrationResult::Outcome::Failed,
                        QStringLiteral("cannot record migration %1: %2")
                            .arg(file.path, record.lastError().isValid() ? record.lastError().text()
                                                                         : transaction.error().text()));
        ++result.appliedCount;
        log::info("migrations", QStringLiteral("applied migration %1").arg(file.path),
                  {{QStringLiteral("ms"), static_cast<int>(timer.elapsed())}});
    }
    return result;
}

} // namespace shop
