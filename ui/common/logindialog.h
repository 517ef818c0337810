#pragma once

#include "auth/accesstokens.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace shop {

class AuthService;

// Asks for a username and password and checks them with the same
// AuthService as the REST login, off the GUI thread. Accepted once the
// credentials are right; principal() then says who logged in and with which
// roles. Remembers the last username.
class LoginDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoginDialog)

public:
    LoginDialog(AuthService &auth, const AccessTokens &tokens, QWidget *parent = nullptr);

    const Principal &principal() const { return m_principal; }
    // Accepts only an account with one of roles (all accounts when empty);
    // another is told it may not use this window and stays at the dialog.
    void setAllowedRoles(const QStringList &roles) { m_allowedRoles = roles; }
    // The application named in the heading ("Shop manager" unless set).
    void setApplicationName(const QString &name);

private:
    void logIn();
    void showError(const QString &message);

    AuthService &m_auth;
    const AccessTokens &m_tokens;
    Principal m_principal;
    QStringList m_allowedRoles;
    QLineEdit *m_username = nullptr;
    QLineEdit *m_password = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_heading = nullptr;
    QPushButton *m_logIn = nullptr;
};

} // namespace shop
