#include "logindialog.h"

#include "auth/authservice.h"
#include "backgroundtask.h"
#include "uisettings.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace shop {

namespace {


// What the worker thread hands back: the verified principal or the message to show.
struct LoginOutcome
{
    bool isOk = false;
    Principal principal;
    QString error;
};

} // namespace

LoginDialog::LoginDialog(AuthService &auth, const AccessTokens &tokens, QWidget *parent)
    : QDialog(parent)
    , m_auth(auth)
    , m_tokens(tokens)
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_error(new QLabel(this))
{
    m_username->setObjectName(QStringLiteral("username"));
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_error->setObjectName(QStringLiteral("loginError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setWordWrap(true);
    m_error->hide();

    m_heading = new QLabel(this);
    setApplicationName(tr("Shop manager"));
    auto *form = new QFormLayout;
    form->addRow(tr("&Username:"), m_username);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_logIn = buttons->addButton(tr("&Log in"), QDialogButtonBox::AcceptRole);
    m_logIn->setObjectName(QStringLiteral("logIn"));
    m_logIn->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &LoginDialog::logIn);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 16);
    layout->setSpacing(12);
    layout->addWidget(m_heading);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(420);

    m_username->setText(uisettings::lastUsername());
    if (m_username->text().isEmpty())
        m_username->setFocus();
    else
        m_password->setFocus();
}

void LoginDialog::logIn()
{
    const QString username = m_username->text().trimmed();
    if (username.isEmpty() || m_password->text().isEmpty()) {
        showError(tr("Enter your username and password."));
        return;
    }
    m_logIn->setEnabled(false);
    m_error->setText(tr("Checking…"));
    m_error->setStyleSheet(QString());
    m_error->show();

    AuthService &auth = m_auth;
    const AccessTokens &tokens = m_tokens;
    const QByteArray password = m_password->text().toUtf8();
    runInBackground(
        this,
        [&auth, &tokens, username, password] {
            const Result<AccessToken> token = auth.login(username, password);
            if (!token)
                return LoginOutcome{false, {}, token.error().detail};
            const AccessTokens::Verification verified = tokens.verify(token->token);
            return LoginOutcome{verified.failure == AccessTokens::Failure::None, verified.principal, QString()};
        },
        [this, username](const LoginOutcome &outcome) {
            m_logIn->setEnabled(true);
            if (!outcome.isOk) {
                m_password->clear();
                m_password->setFocus();
                showError(outcome.error.isEmpty() ? tr("Login failed.") : tr("Login failed: %1.").arg(outcome.error));
                return;
            }
            const bool isAllowed =
                m_allowedRoles.isEmpty()
                || std::any_of(m_allowedRoles.cbegin(), m_allowedRoles.cend(),
                               [&](const QString &role) { return outcome.principal.hasRole(role); });
            if (!isAllowed) {
                m_password->clear();
                m_username->setFocus();
                showError(tr("%1 may not use this window.").arg(username));
                return;
            }
            uisettings::setLastUsername(username);
            m_principal = outcome.principal;
            accept();
        });
}

void LoginDialog::showError(const QString &message)
{
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setText(message);
    m_error->show();
    adjustSize(); // a wrapped message needs the room
}

void LoginDialog::setApplicationName(const QString &name)
{
    setWindowTitle(tr("Log in to %1").arg(name));
    m_heading->setText(tr("<h2>%1</h2><p>Log in with your store account.</p>").arg(name.toHtmlEscaped()));
}

} // namespace shop
