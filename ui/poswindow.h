#pragma once

#include <QMainWindow>

namespace shop {

// The cashier's checkout terminal. This first version opens the terminal
// on the store database; scanning, payment and receipts come next.
class PosWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PosWindow)

public:
    explicit PosWindow(const QString &shopName, QWidget *parent = nullptr);
};

} // namespace shop
