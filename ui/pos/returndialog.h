#pragma once

#include "pos/returntypes.h"

#include <QDialog>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTextBrowser;

namespace shop {

class NoSaleService;
class ReturnService;
class TillPrinter;

// The return screen: scan the receipt's barcode (the order number) or type
// the receipt or order number; each item shows what was sold, returned
// already and can still come back; the cashier picks how many of which,
// and Refund gives the money back the way it was paid (a manager
// authorises above the limit). A cash refund opens the drawer with the
// return slip, which also shows on screen.
class ReturnDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReturnDialog)

public:
    ReturnDialog(ReturnService &returns, TillActor till, QString shopName, TillPrinter &printer,
                 QWidget *parent = nullptr);

    const std::optional<ReturnableSale> &sale() const { return m_sale; }
    const std::optional<ReturnOutcome> &outcome() const { return m_outcome; }

private:
    void find();
    void showSale(const ReturnableSale &sale);
    QList<ReturnLine> chosenLines() const;
    Money chosenAmount() const;
    void updateAmount();
    void refund();
    void taken(const ReturnOutcome &outcome);
    void setBusy(bool isBusy);
    void showError(const QString &message);
    void showInfo(const QString &message);

    ReturnService &m_returns;
    TillActor m_till;
    QString m_shopName;
    TillPrinter &m_printer;
    std::optional<ReturnableSale> m_sale;
    std::optional<ReturnOutcome> m_outcome;

    QLineEdit *m_number = nullptr;
    QLabel *m_saleInfo = nullptr;
    QTableWidget *m_items = nullptr;
    QLineEdit *m_reason = nullptr;
    QLabel *m_amount = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_find = nullptr;
    QPushButton *m_refund = nullptr;
    QTextBrowser *m_slip = nullptr;
};

// Opens the drawer without a sale once a manager authorises it (with a
// reason), recording it (NoSaleService) before the drawer kicks.
void openDrawerWithoutSale(QWidget *parent, NoSaleService &noSale, const TillActor &till, TillPrinter &printer);

} // namespace shop
