#pragma once

#include "auth/accesstokens.h"
#include "core/backgroundthread.h"
#include "core/clock.h"
#include "pos/posstore.h"
#include "pos/receiptprintqueue.h"
#include "pos/saleservices.h"
#include "receiptdocument.h"

#include <QKeySequence>
#include <QMainWindow>

#include <optional>

class QCompleter;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QStringListModel;
class QTableView;
class QTextBrowser;
class QTimer;

namespace shop {

class AuthService;
class CatalogService;
class NoSaleService;
class ReturnService;
class SaleLineModel;
class ShiftPanel;
class ShiftService;
class TillLock;
class TillPrinter;
class SaleWorkflow;
struct Product;
struct SaleOutcome;

// The services the POS terminal calls: the same ones the web store's REST
// API uses, so a till sale follows every checkout rule.
struct PosBackend
{
    CatalogService &catalog;
    CartService &cart;
    CheckoutService &checkout;
    OrderService &orders;
    ShiftService &shifts;
};

// The cashier's checkout terminal: scan or search products, pay cash or by
// card through the order pipeline, hand over the receipt (PDF, and on the
// receipt printer when one is set up, opening the cash drawer for cash).
// Keyboard first: the SKU field keeps the focus, F2 cash, F3 card, Esc
// starts over.
class PosWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PosWindow)

public:
    PosWindow(PosBackend backend, PosStore store, ReceiptPrinterSetup receiptPrinter = {}, QWidget *parent = nullptr);
    ~PosWindow() override;

    SaleLineModel &lines() { return *m_lines; }
    // The last receipt, and where it was saved ("" when it could not be).
    const std::optional<Receipt> &lastReceipt() const { return m_receipt; }
    const QString &lastReceiptPath() const { return m_receiptPath; }

    // Opens the cash drawer through the receipt printer (cash refunds, "no
    // sale"); false when there is no printer or it has too much to do.
    bool openCashDrawer();

    // Sells as cashier (a cashier or a manager who logged in), shown in the
    // window and on receipts; locks after idleLock without input (zero:
    // never) until a cashier or manager logs in again.
    void requireCashier(AuthService &auth, const AccessTokens &tokens, const Principal &cashier,
                        std::chrono::milliseconds idleLock);
    const QString &cashier() const { return m_cashier; }
    bool isLocked() const;
    ShiftPanel &shiftPanel() { return *m_shiftPanel; }

    // Shows Return (F9) and No sale (F10), returndialog.h.
    void enableReturns(ReturnService &returns, NoSaleService &noSale);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *buildSalePage();
    QWidget *buildReceiptPage();
    QWidget *buildLockedPage();
    void setCashier(const QString &username);
    void lockWhenIdle();
    void showLocked(bool isLocked);
    QPushButton *bigButton(const QString &text, const QKeySequence &shortcut);

    void scan();
    void searchByName();
    void addProduct(const Product &product);
    void changeSelected(int delta);
    void removeSelected();
    void payCash();
    void payCard();
    void pay(const QString &paymentMethod, std::optional<Money> tendered);
    void waitForPayment(const QString &orderNumber);
    void saleFinished(const SaleOutcome &outcome);
    void showReceipt(const Order &order, std::optional<Money> tendered, std::optional<qint64> receiptNumber);
    void printReceipt();
    void newSale();
    void clearSale();
    void setBusy(bool isBusy, const QString &status);
    void showError(const QString &message);
    void showInfo(const QString &message);
    void updateTotal();

    CatalogService &m_catalog;
    PosStore m_store;
    SystemClock m_clock; // the payment wait runs by the wall clock
    EngineSaleServices m_saleServices;
    // The sale's service calls block, so it runs on a thread of its own.
    BackgroundThread m_saleThread{QStringLiteral("pos-sale")};
    SaleWorkflow *m_sale = nullptr; // lives on m_saleThread, deleted there when the window goes
    QString m_saleId;
    std::optional<Money> m_cashTendered; // of the sale being paid
    bool m_isBusy = false;

    SaleLineModel *m_lines = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLineEdit *m_sku = nullptr;
    QCompleter *m_completer = nullptr;
    QStringListModel *m_suggestions = nullptr;
    QTimer *m_searchDelay = nullptr;
    QLabel *m_message = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_total = nullptr;
    QLineEdit *m_tendered = nullptr;
    QLabel *m_status = nullptr;
    QList<QPushButton *> m_saleButtons;
    QTextBrowser *m_receiptView = nullptr;
    std::optional<Receipt> m_receipt;
    QString m_receiptPath;
    TillPrinter *m_printer = nullptr;
    ShiftPanel *m_shiftPanel = nullptr;
    TillLock *m_lock = nullptr;                    // none unless requireCashier()
    QString m_cashier;
    QLabel *m_cashierLabel = nullptr;
    int m_pageBeforeLock = 0;
    ReturnService *m_returns = nullptr; // none unless enableReturns()
    NoSaleService *m_noSale = nullptr;
    QList<QPushButton *> m_returnButtons;
};

} // namespace shop
