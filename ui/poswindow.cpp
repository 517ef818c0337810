#include "poswindow.h"

#include <QLabel>

namespace shop {

PosWindow::PosWindow(const QString &shopName, QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("%1 – checkout").arg(shopName));
    auto *welcome = new QLabel(tr("Checkout terminal ready."), this);
    welcome->setAlignment(Qt::AlignCenter);
    setCentralWidget(welcome);
    resize(1024, 768);
}

} // namespace shop
