#include "poswindow.h"
#include "ui/common/moneyformat.h"

#include "catalog/catalogservice.h"
#include "pos/saleworkflow.h"
#include "returndialog.h"
#include "salelinemodel.h"
#include "shiftpanel.h"
#include "tilllock.h"
#include "tillprinter.h"
#include "ui/common/backgroundtask.h"
#include "ui/common/uisettings.h"

#include <QCloseEvent>
#include <QCompleter>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStringListModel>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace shop {

namespace {

constexpr int kSearchDelayMs = 300;
constexpr int kSalePage = 0;
constexpr int kReceiptPage = 1;
constexpr int kLockedPage = 2;
constexpr int kSuggestionCount = 10;

void setPointSize(QWidget *widget, int size, bool isBold = false)
{
    QFont font = widget->font();
    font.setPointSize(size);
    font.setBold(isBold);
    widget->setFont(font);
}

// "Mug, white [MUG-WHITE]" -> "MUG-WHITE"; a scanned SKU stays as it is.
QString skuOf(const QString &text)
{
    const qsizetype open = text.lastIndexOf(u'[');
    if (open < 0 || !text.endsWith(u']'))
        return text.trimmed();
    return text.mid(open + 1, text.size() - open - 2).trimmed();
}

} // namespace

PosWindow::PosWindow(PosBackend backend, PosStore store, ReceiptPrinterSetup receiptPrinter, QWidget *parent)
    : QMainWindow(parent)
    , m_catalog(backend.catalog)
    , m_store(std::move(store))
    , m_saleServices(backend.cart, backend.checkout, backend.orders, backend.shifts)
    , m_sale(new SaleWorkflow(m_saleServices, m_clock, m_store))
    , m_saleId(QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_lines(new SaleLineModel(this))
    , m_printer(new TillPrinter(std::move(receiptPrinter), this))
    , m_shiftPanel(new ShiftPanel(backend.shifts, m_store.terminalId, m_store.shopName,
                                  QDir(m_store.receiptFolder).filePath(QStringLiteral("shift-reports")), *m_printer, this))
{
    m_saleThread.adopt(*m_sale);
    connect(m_sale, &SaleWorkflow::orderPlaced, this, &PosWindow::waitForPayment);
    connect(m_sale, &SaleWorkflow::finished, this, &PosWindow::saleFinished);
    m_saleThread.start();
    setWindowTitle(tr("%1 – checkout").arg(m_store.shopName));
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(buildSalePage());
    m_pages->addWidget(buildReceiptPage());
    m_pages->addWidget(buildLockedPage());
    setCentralWidget(m_pages);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    connect(m_printer, &TillPrinter::status, m_status, &QLabel::setText);
    m_status->setText(tr("Terminal %1 ready. %2").arg(m_store.terminalId, m_printer->description()));
    setPointSize(m_status, 14);
    statusBar()->addWidget(m_status, 1);
    m_cashierLabel = new QLabel(this);
    m_cashierLabel->setObjectName(QStringLiteral("cashier"));
    setPointSize(m_cashierLabel, 14, true);
    statusBar()->addPermanentWidget(m_cashierLabel);
    connect(m_lines, &SaleLineModel::totalChanged, this, &PosWindow::updateTotal);
    connect(m_shiftPanel, &ShiftPanel::message, m_status, &QLabel::setText);
    m_shiftPanel->setActor(QStringLiteral("pos:") + m_store.terminalId); // until a cashier logs in
    m_shiftPanel->refresh();
    updateTotal();
    resize(1200, 800);
    restoreGeometry(uisettings::posWindowGeometry()); // the till's own layout, if one was saved
    m_sku->setFocus();
}

void PosWindow::closeEvent(QCloseEvent *event)
{
    uisettings::setPosWindowGeometry(saveGeometry());
    if (m_lock && !m_lock->isLocked())
        m_shiftPanel->journalSession(m_cashier, false);
    event->accept();
}

PosWindow::~PosWindow()
{
    // A payment still being followed is given up (the order stays as the
    // daemon leaves it); the workflow goes on the thread it lives on.
    m_saleThread.stop([sale = m_sale] {
        sale->stop();
        delete sale;
    });
}

QPushButton *PosWindow::bigButton(const QString &text, const QKeySequence &shortcut)
{
    auto *button = new QPushButton(text, this);
    button->setMinimumHeight(64);
    button->setFocusPolicy(Qt::NoFocus); // the SKU field keeps the focus
    setPointSize(button, 16, true);
    if (!shortcut.isEmpty()) {
        auto *key = new QShortcut(shortcut, this);
        connect(key, &QShortcut::activated, button, &QPushButton::animateClick);
    }
    return button;
}

QWidget *PosWindow::buildSalePage()
{
    auto *page = new QWidget(this);
    m_sku = new QLineEdit(page);
    m_sku->setObjectName(QStringLiteral("sku"));
    m_sku->setPlaceholderText(tr("Scan or type a SKU, or type a product name"));
    m_sku->setMinimumHeight(56);
    setPointSize(m_sku, 20);
    m_suggestions = new QStringListModel(this);
    m_completer = new QCompleter(m_suggestions, this);
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_sku->setCompleter(m_completer);
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(kSearchDelayMs);
    connect(m_searchDelay, &QTimer::timeout, this, &PosWindow::searchByName);
    connect(m_sku, &QLineEdit::textEdited, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_sku, &QLineEdit::returnPressed, this, &PosWindow::scan);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            [this](const QString &text) {
                m_sku->setText(text);
                scan();
            });

    m_message = new QLabel(page);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    setPointSize(m_message, 16, true);

    m_table = new QTableView(page);
    m_table->setModel(m_lines);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->verticalHeader()->setDefaultSectionSize(56);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(SaleLineModel::ProductColumn, QHeaderView::Stretch);
    setPointSize(m_table, 14);
    connect(m_lines, &QAbstractItemModel::rowsInserted, m_table,
            [this](const QModelIndex &, int first, int) { m_table->selectRow(first); });

    auto *plus = bigButton(tr("+1  (F6)"), QKeySequence(Qt::Key_F6));
    auto *minus = bigButton(tr("−1  (F7)"), QKeySequence(Qt::Key_F7));
    auto *remove = bigButton(tr("Remove  (F8)"), QKeySequence(Qt::Key_F8));
    connect(plus, &QPushButton::clicked, this, [this] { changeSelected(+1); });
    connect(minus, &QPushButton::clicked, this, [this] { changeSelected(-1); });
    connect(remove, &QPushButton::clicked, this, &PosWindow::removeSelected);

    m_total = new QLabel(page);
    m_total->setObjectName(QStringLiteral("total"));
    m_total->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    setPointSize(m_total, 36, true);
    m_tendered = new QLineEdit(page);
    m_tendered->setObjectName(QStringLiteral("tendered"));
    m_tendered->setPlaceholderText(tr("Cash tendered"));
    m_tendered->setMinimumHeight(56);
    setPointSize(m_tendered, 20);
    connect(m_tendered, &QLineEdit::returnPressed, this, &PosWindow::payCash);
    auto *cash = bigButton(tr("Cash  (F2)"), QKeySequence(Qt::Key_F2));
    cash->setObjectName(QStringLiteral("payCash"));
    auto *card = bigButton(tr("Card  (F3)"), QKeySequence(Qt::Key_F3));
    card->setObjectName(QStringLiteral("payCard"));
    auto *clear = bigButton(tr("Clear sale  (Esc)"), QKeySequence(Qt::Key_Escape));
    connect(cash, &QPushButton::clicked, this, &PosWindow::payCash);
    connect(card, &QPushButton::clicked, this, &PosWindow::payCard);
    connect(clear, &QPushButton::clicked, this, &PosWindow::clearSale);
    auto *giveBack = bigButton(tr("Return  (F11)"), QKeySequence(Qt::Key_F11));
    giveBack->setObjectName(QStringLiteral("return"));
    auto *noSale = bigButton(tr("No sale  (F12)"), QKeySequence(Qt::Key_F12));
    noSale->setObjectName(QStringLiteral("noSale"));
    connect(giveBack, &QPushButton::clicked, this, [this] {
        if (m_returns && !m_isBusy)
            ReturnDialog(*m_returns, {m_store.terminalId, m_cashier}, m_store.shopName, *m_printer, this).exec();
    });
    connect(noSale, &QPushButton::clicked, this, [this] {
        if (m_noSale && !m_isBusy)
            openDrawerWithoutSale(this, *m_noSale, {m_store.terminalId, m_cashier}, *m_printer);
    });
    m_returnButtons = {giveBack, noSale};
    m_saleButtons = {plus, minus, remove, cash, card, clear, giveBack, noSale};

    auto *side = new QVBoxLayout;
    side->addWidget(m_total);
    side->addWidget(plus);
    side->addWidget(minus);
    side->addWidget(remove);
    side->addStretch(1);
    side->addWidget(m_tendered);
    side->addWidget(cash);
    side->addWidget(card);
    side->addWidget(clear);
    side->addWidget(giveBack);
    side->addWidget(noSale);
    for (QPushButton *button : std::as_const(m_returnButtons))
        button->setVisible(false);
    auto *body = new QHBoxLayout;
    body->addWidget(m_table, 3);
    body->addLayout(side, 1);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_shiftPanel);
    layout->addWidget(m_sku);
    layout->addWidget(m_message);
    layout->addLayout(body, 1);
    return page;
}

QWidget *PosWindow::buildReceiptPage()
{
    auto *page = new QWidget(this);
    m_receiptView = new QTextBrowser(page);
    m_receiptView->setObjectName(QStringLiteral("receipt"));
    setPointSize(m_receiptView, 14);
    auto *print = new QPushButton(tr("Print receipt"), page);
    auto *next = new QPushButton(tr("New sale  (Enter)"), page);
    next->setObjectName(QStringLiteral("newSale"));
    for (QPushButton *button : {print, next}) {
        button->setMinimumHeight(64);
        setPointSize(button, 16, true);
    }
    next->setDefault(true);
    connect(print, &QPushButton::clicked, this, &PosWindow::printReceipt);
    connect(next, &QPushButton::clicked, this, &PosWindow::newSale);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(print);
    buttons->addWidget(next);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_receiptView, 1);
    layout->addLayout(buttons);
    return page;
}

QWidget *PosWindow::buildLockedPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("lockedPage"));
    auto *message = new QLabel(tr("The till is locked. A cashier or a manager logs in to go on."), page);
    message->setAlignment(Qt::AlignCenter);
    message->setWordWrap(true);
    setPointSize(message, 20, true);
    auto *logIn = new QPushButton(tr("Log in"), page);
    logIn->setObjectName(QStringLiteral("unlock"));
    logIn->setMinimumHeight(64);
    setPointSize(logIn, 16, true);
    connect(logIn, &QPushButton::clicked, this, [this] {
        if (m_lock)
            m_lock->lock();
    });
    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    layout->addWidget(message);
    layout->addWidget(logIn, 0, Qt::AlignHCenter);
    layout->addStretch(1);
    return page;
}

void PosWindow::requireCashier(AuthService &auth, const AccessTokens &tokens, const Principal &cashier,
                               std::chrono::milliseconds idleLock)
{
    delete m_lock;
    m_lock = new TillLock(*this, auth, tokens, idleLock);
    connect(m_lock, &TillLock::idle, this, &PosWindow::lockWhenIdle);
    connect(m_lock, &TillLock::locked, this, [this] {
        m_shiftPanel->journalSession(m_cashier, false);
        showLocked(true);
    });
    connect(m_lock, &TillLock::unlocked, this, [this](const Principal &who) {
        setCashier(who.username);
        m_shiftPanel->journalSession(who.username, true);
        showLocked(false);
    });
    setCashier(cashier.username);
    m_shiftPanel->journalSession(cashier.username, true);
}

void PosWindow::enableReturns(ReturnService &returns, NoSaleService &noSale)
{
    m_returns = &returns;
    m_noSale = &noSale;
    for (QPushButton *button : std::as_const(m_returnButtons))
        button->setVisible(true);
}

bool PosWindow::isLocked() const
{
    return m_lock && m_lock->isLocked();
}

void PosWindow::setCashier(const QString &username)
{
    m_cashier = username;
    m_shiftPanel->setActor(username);
    m_cashierLabel->setText(tr("Cashier: %1").arg(username));
}

void PosWindow::lockWhenIdle()
{
    if (m_isBusy)
        m_lock->restartIdleTime(); // never in the middle of a payment
    else
        m_lock->lock();
}

void PosWindow::showLocked(bool isLocked)
{
    // Disabled pages take no keys, so no shortcut sells while locked.
    m_pages->widget(kSalePage)->setEnabled(!isLocked);
    m_pages->widget(kReceiptPage)->setEnabled(!isLocked);
    if (isLocked) {
        m_pageBeforeLock = m_pages->currentIndex();
        m_pages->setCurrentIndex(kLockedPage);
        m_status->setText(tr("Locked: the till was not used for a while."));
        return;
    }
    m_pages->setCurrentIndex(m_pageBeforeLock);
    m_status->setText(tr("%1 is selling.").arg(m_cashier));
    m_sku->setFocus();
}

void PosWindow::scan()
{
    const QString sku = skuOf(m_sku->text());
    m_sku->clear();
    m_searchDelay->stop();
    if (sku.isEmpty() || m_isBusy)
        return;
    CatalogService *catalog = &m_catalog;
    runInBackground(this, [catalog, sku] { return catalog->productBySku(sku); },
                    [this, sku](const Result<Product> &product) {
                        if (product)
                            addProduct(product.value());
                        else if (product.error().kind == ServiceError::Kind::NotFound)
                            showError(tr("Unknown SKU %1.").arg(sku));
                        else
                            showError(tr("Could not look up %1: %2").arg(sku, product.error().detail));
                    });
}

void PosWindow::searchByName()
{
    const QString text = m_sku->text().trimmed();
    if (text.size() < 2)
        return;
    CatalogService *catalog = &m_catalog;
    runInBackground(this,
                    [catalog, text] {
                        ProductQuery query;
                        query.search = text;
                        query.order = ProductOrder::Name;
                        query.limit = kSuggestionCount;
                        return catalog->products(query);
                    },
                    [this, text](const Result<ProductPage> &page) {
                        if (!page || m_sku->text().trimmed() != text)
                            return; // the cashier typed on or scanned meanwhile
                        QStringList suggestions;
                        for (const Product &product : page->items)
                            suggestions.append(QStringLiteral("%1 [%2]").arg(product.name, product.sku));
                        m_suggestions->setStringList(suggestions);
                        if (!suggestions.isEmpty())
                            m_completer->complete();
                    });
}

void PosWindow::addProduct(const Product &product)
{
    if (!product.isActive) {
        showError(tr("%1 is not for sale.").arg(product.name));
        return;
    }
    const int row = m_lines->addOne(product);
    if (row < 0) {
        showError(tr("%1 is out of stock (%2 available).").arg(product.name).arg(product.inventoryQuantity));
        return;
    }
    m_table->selectRow(row);
    showInfo(tr("%1  %2").arg(product.name, formatMoney(product.price)));
}

void PosWindow::changeSelected(int delta)
{
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selected.isEmpty() || m_isBusy)
        return;
    const int row = selected.first().row();
    if (delta > 0 && !m_lines->increment(row))
        showError(tr("No more in stock."));
    else if (delta < 0)
        m_lines->decrement(row);
    m_sku->setFocus();
}

void PosWindow::removeSelected()
{
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (!selected.isEmpty() && !m_isBusy)
        m_lines->remove(selected.first().row());
    m_sku->setFocus();
}

void PosWindow::payCash()
{
    if (m_isBusy || m_lines->isEmpty())
        return;
    QString error;
    const std::optional<Money> tendered = Money::fromDecimalString(m_tendered->text().trimmed(), &error);
    if (!tendered || *tendered < m_lines->total()) {
        showError(tr("Enter the cash tendered (at least %1), then press Enter.").arg(formatMoney(m_lines->total())));
        m_tendered->setFocus();
        m_tendered->selectAll();
        return;
    }
    pay(kPaymentMethodCash, tendered);
}

void PosWindow::payCard()
{
    if (!m_isBusy && !m_lines->isEmpty())
        pay(QString(), std::nullopt);
}

void PosWindow::pay(const QString &paymentMethod, std::optional<Money> tendered)
{
    if (!m_shiftPanel->hasOpenShift()) {
        showError(tr("No shift is open on this till: open one (F9), then pay."));
        m_shiftPanel->openShift();
        return;
    }
    setBusy(true, tr("Placing the order…"));
    m_cashTendered = tendered;
    m_saleThread.post([sale = m_sale, saleId = m_saleId, lines = m_lines->lines(), paymentMethod,
                       tender = SaleTender{m_cashier, tendered}] { sale->start(saleId, lines, paymentMethod, tender); });
}

void PosWindow::waitForPayment(const QString &orderNumber)
{
    setBusy(true, tr("Order %1: waiting for payment…").arg(orderNumber));
    showInfo(tr("Waiting for payment…"));
}

void PosWindow::saleFinished(const SaleOutcome &outcome)
{
    const QString &number = outcome.orderNumber;
    switch (outcome.kind) {
    case SaleOutcome::Kind::NotPlaced:
        setBusy(false, tr("The order was not placed."));
        showError(tr("Checkout failed: %1").arg(outcome.reason));
        return;
    case SaleOutcome::Kind::NoOpenShift:
        setBusy(false, tr("The order was not placed."));
        showError(outcome.reason);
        m_shiftPanel->refresh();
        return;
    case SaleOutcome::Kind::Paid:
        setBusy(false, tr("Order %1 paid.").arg(number));
        showReceipt(*outcome.order, m_cashTendered, outcome.receiptNumber);
        return;
    case SaleOutcome::Kind::Failed:
        // The order is closed and its stock given back: the next attempt is a new sale.
        m_saleId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        setBusy(false, tr("Order %1: payment failed.").arg(number));
        showError(tr("Payment failed: %1").arg(outcome.reason.isEmpty() ? tr("no reason given") : outcome.reason));
        return;
    case SaleOutcome::Kind::StillPending:
    case SaleOutcome::Kind::NotReceived:
        setBusy(false, tr("Order %1 is still PENDING: is the order daemon (shop daemon) running?").arg(number));
        showError(tr("No payment result yet. Check that the order daemon runs, then pay again."));
        return;
    case SaleOutcome::Kind::Error:
        setBusy(false, tr("Order %1: payment could not be followed.").arg(number));
        showError(tr("Payment could not be completed: %1").arg(outcome.reason));
        return;
    }
}

void PosWindow::showReceipt(const Order &order, std::optional<Money> tendered, std::optional<qint64> receiptNumber)
{
    Receipt receipt;
    receipt.shopName = m_store.shopName;
    receipt.shopAddress = m_store.shopAddress;
    receipt.orderNumber = order.orderNumber;
    receipt.cashier = m_cashier;
    receipt.receiptNumber = receiptNumber;
    if (m_shiftPanel->shift())
        receipt.shift = m_shiftPanel->shift()->id.toString(QUuid::WithoutBraces).left(8);
    receipt.paidAt = order.completedAt.value_or(order.updatedAt).toLocalTime();
    receipt.lines = m_lines->lines();
    receipt.total = m_lines->total();
    receipt.isCash = tendered.has_value();
    receipt.tendered = tendered;
    if (tendered)
        receipt.change = Money::fromCents(tendered->cents() - receipt.total.cents());
    m_receipt = receipt;
    m_receiptView->setHtml(receiptdocument::toHtml(receipt));
    m_receiptPath = receiptdocument::saveAsPdf(receipt, m_store.receiptFolder);
    if (m_receiptPath.isEmpty())
        m_status->setText(tr("Order %1 paid; the receipt could not be saved in %2.")
                              .arg(order.orderNumber, m_store.receiptFolder));
    else
        m_status->setText(tr("Order %1 paid; receipt saved as %2.").arg(order.orderNumber, m_receiptPath));
    if (m_printer->isSetUp())
        m_printer->printReceipt(receipt, receipt.isCash ? CashDrawer::Open : CashDrawer::StayClosed);
    m_pages->setCurrentIndex(kReceiptPage);
    m_pages->currentWidget()->findChild<QPushButton *>(QStringLiteral("newSale"))->setFocus();
}

void PosWindow::printReceipt()
{
    if (!m_receipt)
        return;
    if (m_printer->isSetUp()) {
        m_printer->printReceipt(*m_receipt, CashDrawer::StayClosed);
        return;
    }
    QPrinter printer(QPrinter::HighResolution);
    QPrintDialog dialog(&printer, this);
    if (dialog.exec() == QDialog::Accepted)
        receiptdocument::print(*m_receipt, printer);
}

bool PosWindow::openCashDrawer()
{
    return m_printer->openCashDrawer();
}

void PosWindow::newSale()
{
    m_saleId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_lines->clear();
    m_tendered->clear();
    m_message->clear();
    m_pages->setCurrentIndex(kSalePage);
    m_sku->setFocus();
}

void PosWindow::clearSale()
{
    if (m_isBusy)
        return;
    m_lines->clear();
    m_tendered->clear();
    m_sku->clear();
    showInfo(tr("Sale cleared."));
    m_sku->setFocus();
}

void PosWindow::setBusy(bool isBusy, const QString &status)
{
    m_isBusy = isBusy;
    for (QPushButton *button : std::as_const(m_saleButtons))
        button->setEnabled(!isBusy);
    m_sku->setEnabled(!isBusy);
    m_tendered->setEnabled(!isBusy);
    m_shiftPanel->setEnabled(!isBusy); // no close while a payment is on its way into the shift
    m_status->setText(status);
    if (!isBusy)
        m_sku->setFocus();
}

void PosWindow::showError(const QString &message)
{
    m_message->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_message->setText(message);
}

void PosWindow::showInfo(const QString &message)
{
    m_message->setStyleSheet(QString());
    m_message->setText(message);
}

void PosWindow::updateTotal()
{
    m_total->setText(tr("Total %1").arg(formatMoney(m_lines->total())));
}

} // namespace shop
