#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace shop {

class Database;

struct MigrationFile
{
    QString schema;
    int version = 0;
    QString name;
    QString path;
    QByteArray sql;
    QByteArray checksum; // SHA-256, hex
};

struct MigrationResult
{
    enum class Outcome { Applied, Tampered, Failed };
    Outcome outcome = Outcome::Applied;
    int appliedCount = 0;
    QString error; // one line for the operator; set unless Applied
};

// Applies sql/<schema>/V<n>__<name>.sql in order: schemas auth, catalog,
// orders; each file in its own transaction, recorded with its checksum in
// <schema>.schema_migrations. A PostgreSQL advisory lock serialises
// concurrent runners. A changed applied file is refused, never re-run.
class MigrationRunner
{
public:
    // root is a folder with one subfolder per schema; by default the copy
    // embedded in the binary, so a deployed shop can always migrate.
    explicit MigrationRunner(Database &database, QString root = QStringLiteral(":/sql"));

    MigrationResult run();

    // The files under root, in the order they are applied.
    static QList<MigrationFile> discover(const QString &root, QString *error);

    static const QStringList schemaOrder;

private:
    Database &m_database;
    QString m_root;
};

} // namespace shop
