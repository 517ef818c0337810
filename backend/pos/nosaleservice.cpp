#include "nosaleservice.h"

#include "core/log.h"
#include "db/database.h"
#include "db/databasefailure.h"

namespace shop {

namespace {

constexpr int kMaxReasonLength = 200; // pos.cash_movements' CHECK

} // namespace

NoSaleService::NoSaleService(Database &database, AuthService &auth, const AccessTokens &tokens)
    : m_database(database)
    , m_authorisation(database, auth, tokens)
    , m_till(database)
{
}

Result<QString> NoSaleService::openDrawer(const TillActor &till, const QString &reason,
                                          const ManagerCredentials &manager)
{
    const QString why = reason.trimmed();
    if (why.isEmpty() || why.size() > kMaxReasonLength) {
        const QString message = QStringLiteral("Say why the drawer opens (1 to %1 characters).").arg(kMaxReasonLength);
        return ServiceError{ServiceError::Kind::Validation, message, {{QStringLiteral("reason"), message}}};
    }
    const Result<QString> authorised = m_authorisation.authorise(till, manager, QStringLiteral("no sale: ") + why);
    if (!authorised)
        return authorised;
    const DbResult<Result<QString>> recorded = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Result<QString>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<std::optional<QUuid>> shift = m_till.openShift(till.terminal);
            if (!shift)
                return shift.error();
            if (!shift.value()) {
                const QString message =
                    QStringLiteral("Terminal %1 has no open shift: open one first.").arg(till.terminal);
                return Result<QString>(
                    ServiceError{ServiceError::Kind::Conflict, message, {{QStringLiteral("shift"), message}}});
            }
            if (const DbResult<Done> moved = m_till.insertNoSale(*shift.value(), why, till.cashier, authorised.value());
                !moved)
                return moved.error();
            if (const DbResult<Done> journaled =
                    m_till.journal(till.terminal, shift.value(), till.cashier, QStringLiteral("NO_SALE"), QString(),
                                   Money::fromCents(0), QStringLiteral("%1, authorised by %2").arg(why, authorised.value()));
                !journaled)
                return journaled.error();
            if (!transaction.commit())
                return transaction.error();
            return Result<QString>(authorised.value());
        },
        Database::Retry::Never);
    if (!recorded)
        return databaseFailure("pos", QStringLiteral("recording a no sale"), recorded.error());
    if (recorded.value())
        log::info("pos", QStringLiteral("drawer opened without a sale"),
                  {{QStringLiteral("terminal"), till.terminal}, {QStringLiteral("by"), till.cashier},
                   {QStringLiteral("authorisedBy"), authorised.value()}});
    return recorded.value();
}

} // namespace shop
