#include "returndialog.h"

#include "managerauthorisationdialog.h"
#include "pos/nosaleservice.h"
#include "pos/returnreceipt.h"
#include "pos/returnservice.h"
#include "tillprinter.h"
#include "ui/common/backgroundtask.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <memory>

namespace shop {

namespace {

enum Column { ProductColumn, PriceColumn, SoldColumn, ReturnedColumn, ReturnableColumn, ReturnColumn, ColumnCount };

void setPointSize(QWidget *widget, int size, bool isBold = false)
{
    QFont font = widget->font();
    font.setPointSize(size);
    font.setBold(isBold);
    widget->setFont(font);
}

QTableWidgetItem *cell(const QString &text, Qt::Alignment alignment = Qt::AlignRight | Qt::AlignVCenter)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled);
    item->setTextAlignment(alignment);
    return item;
}

} // namespace

ReturnDialog::ReturnDialog(ReturnService &returns, TillActor till, QString shopName, TillPrinter &printer,
                           QWidget *parent)
    : QDialog(parent)
    , m_returns(returns)
    , m_till(std::move(till))
    , m_shopName(std::move(shopName))
    , m_printer(printer)
{
    setWindowTitle(tr("Return"));
    setObjectName(QStringLiteral("returnDialog"));
    m_number = new QLineEdit(this);
    m_number->setObjectName(QStringLiteral("saleNumber"));
    m_number->setPlaceholderText(tr("Scan the receipt's barcode, or type the receipt or order number"));
    m_number->setMinimumHeight(48);
    setPointSize(m_number, 18);
    m_find = new QPushButton(tr("Find"), this);
    m_find->setObjectName(QStringLiteral("find"));
    m_find->setMinimumHeight(48);
    connect(m_number, &QLineEdit::returnPressed, this, &ReturnDialog::find);
    connect(m_find, &QPushButton::clicked, this, &ReturnDialog::find);
    auto *search = new QHBoxLayout;
    search->addWidget(m_number, 1);
    search->addWidget(m_find);

    m_saleInfo = new QLabel(this);
    m_saleInfo->setObjectName(QStringLiteral("saleInfo"));
    setPointSize(m_saleInfo, 14, true);
    m_items = new QTableWidget(0, ColumnCount, this);
    m_items->setObjectName(QStringLiteral("items"));
    m_items->setHorizontalHeaderLabels(
        {tr("Product"), tr("Price"), tr("Sold"), tr("Returned"), tr("Returnable"), tr("Return")});
    m_items->horizontalHeader()->setSectionResizeMode(ProductColumn, QHeaderView::Stretch);
    m_items->verticalHeader()->hide();
    m_items->verticalHeader()->setDefaultSectionSize(44);
    m_items->setSelectionMode(QAbstractItemView::NoSelection);
    setPointSize(m_items, 13);

    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setMaxLength(200);
    m_reason->setPlaceholderText(tr("Reason (optional), e.g. wrong size"));
    m_amount = new QLabel(this);
    m_amount->setObjectName(QStringLiteral("amount"));
    m_amount->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    setPointSize(m_amount, 20, true);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    setPointSize(m_message, 14, true);
    m_slip = new QTextBrowser(this);
    m_slip->setObjectName(QStringLiteral("returnSlip"));
    m_slip->setVisible(false);
    m_slip->setMaximumHeight(220);

    m_refund = new QPushButton(tr("Refund"), this);
    m_refund->setObjectName(QStringLiteral("refund"));
    m_refund->setMinimumHeight(56);
    m_refund->setEnabled(false);
    setPointSize(m_refund, 16, true);
    auto *close = new QPushButton(tr("Close  (Esc)"), this);
    close->setMinimumHeight(56);
    connect(m_refund, &QPushButton::clicked, this, &ReturnDialog::refund);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_amount, 1);
    buttons->addWidget(m_refund);
    buttons->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(search);
    layout->addWidget(m_saleInfo);
    layout->addWidget(m_items, 1);
    layout->addWidget(m_reason);
    layout->addWidget(m_message);
    layout->addWidget(m_slip);
    layout->addLayout(buttons);
    resize(1000, 640);
    updateAmount();
    m_number->setFocus();
}

void ReturnDialog::find()
{
    const QString number = m_number->text().trimmed();
    if (number.isEmpty())
        return;
    setBusy(true);
    ReturnService *returns = &m_returns;
    runInBackground(this, [returns, number] { return returns->findSale(number); },
                    [this](const Result<ReturnableSale> &sale) {
                        setBusy(false);
                        if (!sale) {
                            m_sale.reset();
                            m_items->setRowCount(0);
                            m_saleInfo->clear();
                            updateAmount();
                            showError(sale.error().detail);
                            m_number->selectAll();
                            return;
                        }
                        showSale(sale.value());
                    });
}

void ReturnDialog::showSale(const ReturnableSale &sale)
{
    m_sale = sale;
    m_outcome.reset();
    m_slip->setVisible(false);
    const QString paid = sale.isCash ? tr("paid in cash") : tr("paid by card");
    m_saleInfo->setText(sale.receiptNumber
                            ? tr("Order %1, receipt %2, %3").arg(sale.orderNumber).arg(*sale.receiptNumber).arg(paid)
                            : tr("Order %1, %2").arg(sale.orderNumber, paid));
    m_items->setRowCount(int(sale.items.size()));
    for (int row = 0; row < sale.items.size(); ++row) {
        const ReturnableItem &item = sale.items.at(row);
        m_items->setItem(row, ProductColumn,
                         cell(QStringLiteral("%1  [%2]").arg(item.name, item.sku), Qt::AlignLeft | Qt::AlignVCenter));
        m_items->setItem(row, PriceColumn, cell(item.unitPrice.toDecimalString()));
        m_items->setItem(row, SoldColumn, cell(QString::number(item.sold)));
        m_items->setItem(row, ReturnedColumn, cell(QString::number(item.returned)));
        m_items->setItem(row, ReturnableColumn, cell(QString::number(item.returnable())));
        auto *quantity = new QSpinBox(m_items);
        quantity->setObjectName(QStringLiteral("return_%1").arg(item.sku));
        quantity->setRange(0, item.returnable()); // never more than is left
        quantity->setEnabled(item.returnable() > 0);
        connect(quantity, &QSpinBox::valueChanged, this, &ReturnDialog::updateAmount);
        m_items->setCellWidget(row, ReturnColumn, quantity);
    }
    showInfo(tr("Choose how many of which items come back."));
    updateAmount();
}

QList<ReturnLine> ReturnDialog::chosenLines() const
{
    QList<ReturnLine> lines;
    if (!m_sale)
        return lines;
    for (int row = 0; row < m_sale->items.size(); ++row) {
        const auto *quantity = qobject_cast<const QSpinBox *>(m_items->cellWidget(row, ReturnColumn));
        if (quantity && quantity->value() > 0)
            lines.append({m_sale->items.at(row).orderItemId, quantity->value()});
    }
    return lines;
}

Money ReturnDialog::chosenAmount() const
{
    Money amount;
    for (const ReturnLine &line : chosenLines())
        for (const ReturnableItem &item : m_sale->items)
            if (item.orderItemId == line.orderItemId)
                amount = amount + item.unitPrice * line.quantity;
    return amount;
}

void ReturnDialog::updateAmount()
{
    const Money amount = chosenAmount();
    m_refund->setEnabled(amount.cents() > 0);
    if (!m_sale) {
        m_amount->clear();
        return;
    }
    const QString how = m_sale->isCash ? tr("in cash") : tr("to the card");
    m_amount->setText(m_returns.needsAuthorisation(amount) && amount.cents() > 0
                          ? tr("Refund %1 %2 (manager)").arg(amount.toDecimalString(), how)
                          : tr("Refund %1 %2").arg(amount.toDecimalString(), how));
}

void ReturnDialog::refund()
{
    if (!m_sale)
        return;
    ReturnRequest request{m_till, m_sale->orderNumber, chosenLines(), m_reason->text(), std::nullopt};
    if (request.lines.isEmpty()) {
        showError(tr("Choose how many of which items come back."));
        return;
    }
    ReturnService *returns = &m_returns;
    const Money amount = chosenAmount();
    if (m_returns.needsAuthorisation(amount)) {
        // The outcome is written on the pool thread before the dialog's done step reads it.
        auto taken = std::make_shared<std::optional<ReturnOutcome>>();
        ManagerAuthorisationDialog authorisation(
            tr("A return of %1").arg(amount.toDecimalString()), ManagerAuthorisationDialog::Reason::NotAsked,
            [returns, request, taken](const ManagerCredentials &manager, const QString &) -> Result<QString> {
                ReturnRequest authorised = request;
                authorised.manager = manager;
                const Result<ReturnOutcome> outcome = returns->returnItems(authorised);
                if (!outcome)
                    return outcome.error();
                *taken = outcome.value();
                return outcome->authorisedBy;
            },
            this);
        if (authorisation.exec() == QDialog::Accepted && *taken)
            this->taken(**taken);
        return;
    }
    setBusy(true);
    runInBackground(this, [returns, request] { return returns->returnItems(request); },
                    [this](const Result<ReturnOutcome> &outcome) {
                        setBusy(false);
                        if (!outcome) {
                            showError(outcome.error().detail);
                            return;
                        }
                        taken(outcome.value());
                    });
}

void ReturnDialog::taken(const ReturnOutcome &outcome)
{
    m_outcome = outcome;
    const CashDrawer drawer = outcome.isCash ? CashDrawer::Open : CashDrawer::StayClosed;
    if (m_printer.isSetUp())
        m_printer.printReturnReceipt(outcome, m_shopName, drawer);
    m_slip->setPlainText(returnReceiptLines(outcome, m_shopName).join(u'\n'));
    m_slip->setVisible(true);
    m_items->setRowCount(0);
    m_sale.reset();
    updateAmount();
    showInfo(outcome.isCash ? tr("Give %1 back in cash from the drawer.").arg(outcome.amount.toDecimalString())
                            : tr("%1 goes back to the card.").arg(outcome.amount.toDecimalString()));
    m_number->clear();
    m_number->setFocus();
}

void ReturnDialog::setBusy(bool isBusy)
{
    m_find->setEnabled(!isBusy);
    m_number->setEnabled(!isBusy);
    m_refund->setEnabled(!isBusy && chosenAmount().cents() > 0);
    if (isBusy)
        showInfo(tr("One moment…"));
}

void ReturnDialog::showError(const QString &message)
{
    m_message->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_message->setText(message);
}

void ReturnDialog::showInfo(const QString &message)
{
    m_message->setStyleSheet(QString());
    m_message->setText(message);
}

void openDrawerWithoutSale(QWidget *parent, NoSaleService &noSale, const TillActor &till, TillPrinter &printer)
{
    NoSaleService *service = &noSale;
    ManagerAuthorisationDialog dialog(
        QObject::tr("Opening the drawer without a sale"), ManagerAuthorisationDialog::Reason::Asked,
        [service, till](const ManagerCredentials &manager, const QString &reason) {
            return service->openDrawer(till, reason, manager);
        },
        parent);
    if (dialog.exec() == QDialog::Accepted)
        printer.openCashDrawer();
}

} // namespace shop
