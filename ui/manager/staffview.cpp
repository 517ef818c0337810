#include "staffview.h"

#include "staffaccountdialog.h"
#include "ui/common/backgroundtask.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace shop {

namespace {

QString timeText(const std::optional<QDateTime> &time, const QString &none)
{
    return time ? QLocale().toString(time->toLocalTime(), QLocale::ShortFormat) : none;
}

QString roleText(const QStringList &roles)
{
    QStringList words;
    for (const QString &role : roles)
        words.append(role.left(1) + role.mid(1).toLower());
    return words.join(QStringLiteral(", "));
}

} // namespace

StaffView::StaffView(UserService &users, const QString &currentUser, QWidget *parent)
    : QWidget(parent)
    , m_users(users)
    , m_currentUser(currentUser)
    , m_table(new QTableWidget(0, 6, this))
    , m_error(new QLabel(this))
{
    m_table->setObjectName(QStringLiteral("staff"));
    m_table->setHorizontalHeaderLabels(
        {tr("User"), tr("Role"), tr("Status"), tr("Last login"), tr("Failed logins"), tr("Locked until")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_error->setObjectName(QStringLiteral("staffError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();

    m_add = new QPushButton(tr("&New account…"), this);
    m_add->setObjectName(QStringLiteral("addAccount"));
    m_resetPassword = new QPushButton(tr("New &password…"), this);
    m_resetPassword->setObjectName(QStringLiteral("resetPassword"));
    m_deactivate = new QPushButton(tr("De&activate…"), this);
    m_deactivate->setObjectName(QStringLiteral("deactivate"));
    m_liftLockout = new QPushButton(tr("&Lift lockout"), this);
    m_liftLockout->setObjectName(QStringLiteral("liftLockout"));
    connect(m_add, &QPushButton::clicked, this, &StaffView::addAccount);
    connect(m_resetPassword, &QPushButton::clicked, this, &StaffView::resetPassword);
    connect(m_deactivate, &QPushButton::clicked, this, &StaffView::deactivate);
    connect(m_liftLockout, &QPushButton::clicked, this, &StaffView::liftLockout);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &StaffView::updateButtons);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_resetPassword);
    buttons->addWidget(m_deactivate);
    buttons->addWidget(m_liftLockout);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_table);
    layout->addWidget(m_error);
    updateButtons();
    refresh();
}

void StaffView::refresh()
{
    UserService &users = m_users;
    runInBackground(this, [&users] { return users.list(true); },
                    [this](const UserService::Accounts &listed) { showAccounts(listed); });
}

void StaffView::showAccounts(const UserService::Accounts &listed)
{
    m_error->setVisible(!listed.error.isEmpty());
    m_error->setText(tr("Cannot load the staff: %1").arg(listed.error));
    const QString selectedName = selected() ? selected()->username : QString();
    m_accounts = listed.accounts;
    m_table->setRowCount(static_cast<int>(m_accounts.size()));
    for (int row = 0; row < m_accounts.size(); ++row) {
        const UserAccount &account = m_accounts.at(row);
        const QStringList cells{
            account.username,
            roleText(account.roles),
            account.isActive ? tr("Active") : tr("Deactivated"),
            timeText(account.lastLoginAt, tr("never")),
            account.failedLogins > 0 ? QString::number(account.failedLogins) : QString(),
            timeText(account.lockedUntil, QString()),
        };
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            if (!account.isActive)
                item->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
            if (column == FailedLoginsColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, item);
        }
        if (account.username == selectedName)
            m_table->selectRow(row);
    }
    m_table->resizeColumnsToContents();
    updateButtons();
    Q_EMIT refreshed();
}

std::optional<UserAccount> StaffView::selected() const
{
    const QList<QTableWidgetSelectionRange> ranges = m_table->selectedRanges();
    if (ranges.isEmpty() || ranges.first().topRow() >= m_accounts.size())
        return std::nullopt;
    return m_accounts.at(ranges.first().topRow());
}

void StaffView::updateButtons()
{
    const std::optional<UserAccount> account = selected();
    m_resetPassword->setEnabled(account && account->isActive);
    m_deactivate->setEnabled(account && account->isActive && account->username != m_currentUser);
    m_deactivate->setToolTip(account && account->username == m_currentUser
                                 ? tr("Another manager must deactivate your own account")
                                 : QString());
    m_liftLockout->setEnabled(account && account->failedLogins > 0);
}

void StaffView::addAccount()
{
    StaffAccountDialog dialog(m_users, std::nullopt, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    Q_EMIT statusMessage(tr("Account %1 added").arg(dialog.username()));
    refresh();
}

void StaffView::resetPassword()
{
    const std::optional<UserAccount> account = selected();
    if (!account)
        return;
    StaffAccountDialog dialog(m_users, account->username, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    Q_EMIT statusMessage(tr("New password set for %1; the sessions they had are ended").arg(account->username));
    refresh();
}

void StaffView::deactivate()
{
    const std::optional<UserAccount> account = selected();
    if (!account)
        return;
    const auto answer = QMessageBox::question(
        this, tr("Deactivate %1").arg(account->username),
        tr("%1 will no longer be able to log in, and their open sessions end at once. The account is kept "
           "(orders and shifts name it). Deactivate it?")
            .arg(account->username),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes)
        return;
    UserService &users = m_users;
    const QString username = account->username;
    change([&users, username] { return users.deactivate(username); }, tr("%1 deactivated").arg(username));
}

void StaffView::liftLockout()
{
    const std::optional<UserAccount> account = selected();
    if (!account)
        return;
    UserService &users = m_users;
    const QString username = account->username;
    change([&users, username] { return users.liftLockout(username); },
           tr("%1 may log in again").arg(username));
}

void StaffView::change(std::function<UserService::Result()> change, const QString &doneMessage)
{
    runInBackground(this, std::move(change), [this, doneMessage](const UserService::Result &result) {
        Q_EMIT statusMessage(result.outcome == UserService::Outcome::Done ? doneMessage
                                                                          : tr("Not changed: %1").arg(result.message));
        refresh();
    });
}

} // namespace shop
