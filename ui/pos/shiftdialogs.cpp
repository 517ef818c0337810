#include "shiftdialogs.h"

#include "pos/shiftservice.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace shop {

namespace {

// The dialog's Save button, named "save", saving through save.
template<typename Dialog>
QDialogButtonBox *saveButtons(Dialog *dialog, DialogSaveFlow &flow, const QString &saveText, void (Dialog::*save)())
{
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    QPushButton *saveButton = buttons->addButton(saveText, QDialogButtonBox::AcceptRole);
    saveButton->setObjectName(QStringLiteral("save"));
    saveButton->setDefault(true);
    QObject::connect(saveButton, &QPushButton::clicked, dialog, save);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    flow.disableWhileBusy(saveButton, QCoreApplication::translate("shop::ShiftDialogs", "Saving…"));
    return buttons;
}

// The amount in field, or nullopt with the reason shown under it.
std::optional<Money> amountIn(QLineEdit *field, const QString &name, FieldErrorLabels &errors)
{
    QString error;
    const std::optional<Money> amount = Money::fromDecimalString(field->text().trimmed(), &error);
    if (!amount)
        errors.show({{name, QCoreApplication::translate("shop::ShiftDialogs", "enter an amount such as 100.00")}});
    return amount;
}

QLineEdit *amountField(const QString &name)
{
    auto *field = new QLineEdit;
    field->setObjectName(name);
    field->setPlaceholderText(QStringLiteral("0.00"));
    return field;
}

} // namespace

OpenShiftDialog::OpenShiftDialog(TillPlace place, QWidget *parent)
    : QDialog(parent)
    , m_place(std::move(place))
    , m_float(amountField(QStringLiteral("openingFloat")))
    , m_errors(new QLabel(this))
    , m_saveFlow(*this, m_errors)
{
    setWindowTitle(tr("Open a shift on %1").arg(m_place.terminal));
    auto *explanation = new QLabel(tr("Count the cash in the drawer before the first sale."), this);
    auto *form = new QFormLayout;
    form->addRow(tr("Opening &float:"),
                 FieldErrorLabels::stacked(m_float, m_errors.add(QStringLiteral("openingFloat"))));
    m_saveFlow.setFailureText(tr("Could not open the shift: %1"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(m_errors.formError());
    layout->addWidget(saveButtons(this, m_saveFlow, tr("Open shift"), &OpenShiftDialog::save));
    setMinimumWidth(420);
}

void OpenShiftDialog::save()
{
    m_errors.clear();
    const std::optional<Money> openingFloat = amountIn(m_float, QStringLiteral("openingFloat"), m_errors);
    if (!openingFloat)
        return;
    m_saveFlow.save([place = m_place, amount = *openingFloat] { return place.shifts.open(place.terminal, place.actor, amount); },
                    [this](const Shift &shift) { m_opened = shift; });
}

CashMovementDialog::CashMovementDialog(TillPlace place, QWidget *parent)
    : QDialog(parent)
    , m_place(std::move(place))
    , m_out(new QRadioButton(tr("Cash &out (paid-out, bank drop)")))
    , m_in(new QRadioButton(tr("Cash &in (change drop)")))
    , m_amount(amountField(QStringLiteral("amount")))
    , m_reason(new QLineEdit)
    , m_errors(new QLabel(this))
    , m_saveFlow(*this, m_errors)
{
    setWindowTitle(tr("Cash in or out on %1").arg(m_place.terminal));
    m_out->setObjectName(QStringLiteral("cashOut"));
    m_in->setObjectName(QStringLiteral("cashIn"));
    m_out->setChecked(true);
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setPlaceholderText(tr("e.g. window cleaner, bank drop, change from the safe"));
    m_reason->setMaxLength(ShiftService::kMaxReasonLength + 10); // longer input still reaches the rule's message
    auto *form = new QFormLayout;
    form->addRow(m_out);
    form->addRow(m_in);
    form->addRow(tr("&Amount:"), FieldErrorLabels::stacked(m_amount, m_errors.add(QStringLiteral("amount"))));
    form->addRow(tr("&Reason:"), FieldErrorLabels::stacked(m_reason, m_errors.add(QStringLiteral("reason"))));
    m_saveFlow.setFailureText(tr("Could not record the cash: %1"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_errors.formError());
    layout->addWidget(saveButtons(this, m_saveFlow, tr("Record"), &CashMovementDialog::save));
    setMinimumWidth(440);
}

void CashMovementDialog::save()
{
    m_errors.clear();
    const std::optional<Money> amount = amountIn(m_amount, QStringLiteral("amount"), m_errors);
    if (!amount)
        return;
    m_saveFlow.save(
        [place = m_place, kind = m_in->isChecked() ? kCashIn : kCashOut, amount = *amount, reason = m_reason->text()] {
            return place.shifts.recordCash(place.terminal, place.actor, kind, amount, reason);
        },
        [this](const CashMovement &movement) { m_recorded = movement; });
}

const QList<qint64> CloseShiftDialog::kDenominations{50000, 20000, 10000, 5000, 2000, 1000, 500,
                                                     200,   100,   50,    20,   10,   5,    2, 1};

CloseShiftDialog::CloseShiftDialog(TillPlace place, QWidget *parent)
    : QDialog(parent)
    , m_place(std::move(place))
    , m_perDenomination(new QRadioButton(tr("Count &per note and coin")))
    , m_asTotal(new QRadioButton(tr("Count as a &total:")))
    , m_countedTotal(new QLabel)
    , m_total(amountField(QStringLiteral("counted")))
    , m_errors(new QLabel(this))
    , m_saveFlow(*this, m_errors)
{
    setWindowTitle(tr("Close the shift on %1").arg(m_place.terminal));
    m_perDenomination->setObjectName(QStringLiteral("perDenomination"));
    m_asTotal->setObjectName(QStringLiteral("asTotal"));
    m_perDenomination->setChecked(true);
    m_countedTotal->setObjectName(QStringLiteral("countedTotal"));

    auto *grid = new QGridLayout;
    for (qsizetype i = 0; i < kDenominations.size(); ++i) {
        auto *count = new QSpinBox;
        count->setObjectName(QStringLiteral("count%1").arg(kDenominations.at(i)));
        count->setRange(0, 100000);
        connect(count, &QSpinBox::valueChanged, this, &CloseShiftDialog::updateTotal);
        m_counts.append(count);
        const int row = static_cast<int>(i % 8);
        const int column = static_cast<int>(i / 8) * 2;
        grid->addWidget(new QLabel(Money::fromCents(kDenominations.at(i)).toDecimalString() + QStringLiteral(" ×")),
                        row, column, Qt::AlignRight);
        grid->addWidget(count, row, column + 1);
    }
    auto *explanation =
        new QLabel(tr("Count the drawer, then close. The engine compares the count with what the drawer should hold."));
    explanation->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addWidget(m_perDenomination);
    layout->addLayout(grid);
    layout->addWidget(FieldErrorLabels::stacked(m_countedTotal, m_errors.add(QStringLiteral("denominations"))));
    layout->addWidget(m_asTotal);
    layout->addWidget(FieldErrorLabels::stacked(m_total, m_errors.add(QStringLiteral("counted"))));
    layout->addWidget(m_errors.formError());
    m_saveFlow.setFailureText(tr("Could not close the shift: %1"));
    layout->addWidget(saveButtons(this, m_saveFlow, tr("Close shift"), &CloseShiftDialog::save));
    connect(m_asTotal, &QRadioButton::toggled, this, &CloseShiftDialog::updateModes);
    updateModes();
    updateTotal();
}

void CloseShiftDialog::setCount(qint64 denominationCents, int count)
{
    const qsizetype index = kDenominations.indexOf(denominationCents);
    if (index >= 0)
        m_counts.at(index)->setValue(count);
}

void CloseShiftDialog::updateModes()
{
    for (QSpinBox *count : std::as_const(m_counts))
        count->setEnabled(m_perDenomination->isChecked());
    m_total->setEnabled(m_asTotal->isChecked());
}

void CloseShiftDialog::updateTotal()
{
    qint64 total = 0;
    for (qsizetype i = 0; i < m_counts.size(); ++i)
        total += kDenominations.at(i) * m_counts.at(i)->value();
    m_countedTotal->setText(tr("Counted: %1").arg(Money::fromCents(total).toDecimalString()));
}

void CloseShiftDialog::save()
{
    m_errors.clear();
    CashCount count;
    if (m_asTotal->isChecked()) {
        count.total = amountIn(m_total, QStringLiteral("counted"), m_errors);
        if (!count.total)
            return;
    } else {
        for (qsizetype i = 0; i < m_counts.size(); ++i)
            if (m_counts.at(i)->value() > 0)
                count.denominations.insert(kDenominations.at(i), m_counts.at(i)->value());
        if (count.denominations.isEmpty())
            count.total = Money::fromCents(0); // an empty drawer
    }
    m_saveFlow.save([place = m_place, count] { return place.shifts.close(place.terminal, place.actor, count); },
                    [this](const ShiftReport &report) { m_report = report; });
}

} // namespace shop
