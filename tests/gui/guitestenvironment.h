#pragma once

#include "ui/common/backgroundtask.h"
#include "auth/accesstokens.h"
#include "auth/authservice.h"
#include "auth/userservice.h"
#include "catalog/catalogservice.h"
#include "catalog/catalogtransfer.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "db/database.h"
#include "db/migrationrunner.h"
#include "ui/manager/managerwindow.h"
#include "orders/orderservice.h"
#include "orders/orderstatistics.h"
#include "orders/refundservice.h"
#include "reports/reportservice.h"
#include "pos/shiftservice.h"
#include "testdatabase.h"

#include <QDir>
#include <QWidget>

#include <memory>

// What a GUI test drives the widgets against: a fresh migrated database and
// the same service classes `shop gui` hands its windows. One per test case.
class GuiTestEnvironment
{
public:
    GuiTestEnvironment()
    {
        if (!m_scratch.error().isEmpty()) {
            m_error = m_scratch.error();
            return;
        }
        m_database = std::make_unique<shop::Database>(m_scratch.url());
        const shop::MigrationResult migrated = shop::MigrationRunner(*m_database).run();
        if (migrated.outcome != shop::MigrationResult::Outcome::Applied) {
            m_error = migrated.error;
            return;
        }
        m_tokens = std::make_unique<shop::AccessTokens>(QByteArray("test-secret-of-at-least-32-bytes-long"),
                                                        QStringLiteral("shop"), m_clock);
        m_auth = std::make_unique<shop::AuthService>(*m_database, *m_tokens);
        m_catalog = std::make_unique<shop::CatalogService>(*m_database, m_clock);
        m_catalogTransfer = std::make_unique<shop::CatalogTransfer>(*m_database, m_clock);
        m_orders = std::make_unique<shop::OrderService>(*m_database, m_metrics, m_clock);
        m_orderStatistics = std::make_unique<shop::OrderStatistics>(*m_database, m_clock);
        m_refunds = std::make_unique<shop::RefundService>(*m_database, m_clock);
        m_reports = std::make_unique<shop::ReportService>(*m_database, m_clock);
        m_shifts = std::make_unique<shop::ShiftService>(*m_database);
        m_users = std::make_unique<shop::UserService>(*m_database);
    }

    // Service calls the widgets left running finish before the services go.
    ~GuiTestEnvironment() { shop::backgroundPool().waitForDone(); }
    GuiTestEnvironment(const GuiTestEnvironment &) = delete;
    GuiTestEnvironment &operator=(const GuiTestEnvironment &) = delete;

    // Empty when the environment is ready; otherwise why it is not.
    const QString &error() const { return m_error; }
    shop::Database &database() { return *m_database; }
    const shop::AccessTokens &tokens() { return *m_tokens; }
    shop::AuthService &auth() { return *m_auth; }
    shop::CatalogService &catalog() { return *m_catalog; }
    shop::OrderService &orders() { return *m_orders; }
    shop::OrderStatistics &orderStatistics() { return *m_orderStatistics; }
    // What `shop gui` hands the manager window.
    shop::CatalogTransfer &catalogTransfer() { return *m_catalogTransfer; }
    shop::ShiftService &shifts() { return *m_shifts; }
    shop::UserService &users() { return *m_users; }
    shop::ManagerServices managerServices()
    {
        return {*m_catalog, *m_orders, *m_orderStatistics, *m_refunds, *m_reports, *m_catalogTransfer, *m_shifts,
                *m_users};
    }

    // Empty on success, else the reason.
    QString addUser(const QString &username, const QString &role, const QByteArray &password)
    {
        const shop::UserService::Result added = shop::UserService(*m_database).addUser(username, role, password);
        return added.outcome == shop::UserService::Outcome::Created ? QString() : added.message;
    }

    // build/screenshots/<name>.png
    static bool saveScreenshot(QWidget &widget, const QString &name)
    {
        const QString folder = QStringLiteral(SHOP_SCREENSHOT_DIR);
        QDir().mkpath(folder);
        return widget.grab().save(folder + u'/' + name + QStringLiteral(".png"));
    }

private:
    testsupport::ScratchDatabase m_scratch;
    shop::SystemClock m_clock;
    shop::Metrics m_metrics;
    std::unique_ptr<shop::Database> m_database;
    std::unique_ptr<shop::AccessTokens> m_tokens;
    std::unique_ptr<shop::AuthService> m_auth;
    std::unique_ptr<shop::CatalogService> m_catalog;
    std::unique_ptr<shop::CatalogTransfer> m_catalogTransfer;
    std::unique_ptr<shop::OrderService> m_orders;
    std::unique_ptr<shop::OrderStatistics> m_orderStatistics;
    std::unique_ptr<shop::RefundService> m_refunds;
    std::unique_ptr<shop::ReportService> m_reports;
    std::unique_ptr<shop::ShiftService> m_shifts;
    std::unique_ptr<shop::UserService> m_users;
    QString m_error;
};
