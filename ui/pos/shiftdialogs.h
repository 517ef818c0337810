#pragma once

#include "pos/shifttypes.h"
#include "ui/common/dialogsaveflow.h"
#include "ui/common/fielderrors.h"

#include <QDialog>
#include <QList>

#include <optional>

class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace shop {

class ShiftService;

// Who works the till where: the terminal and who is logged in at it.
struct TillPlace
{
    ShiftService &shifts;
    QString terminal;
    QString actor;
};

// Opens the terminal's shift with the float counted into the drawer.
class OpenShiftDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenShiftDialog)

public:
    explicit OpenShiftDialog(TillPlace place, QWidget *parent = nullptr);

    const std::optional<Shift> &openedShift() const { return m_opened; }

private:
    void save();

    TillPlace m_place;
    std::optional<Shift> m_opened;
    QLineEdit *m_float = nullptr;
    FieldErrorLabels m_errors;
    DialogSaveFlow m_saveFlow;
};

// Cash put into the drawer (a change drop) or taken out (a paid-out, a bank
// drop), with the reason.
class CashMovementDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CashMovementDialog)

public:
    explicit CashMovementDialog(TillPlace place, QWidget *parent = nullptr);

    const std::optional<CashMovement> &recorded() const { return m_recorded; }

private:
    void save();

    TillPlace m_place;
    std::optional<CashMovement> m_recorded;
    QRadioButton *m_out = nullptr;
    QRadioButton *m_in = nullptr;
    QLineEdit *m_amount = nullptr;
    QLineEdit *m_reason = nullptr;
    FieldErrorLabels m_errors;
    DialogSaveFlow m_saveFlow;
};

// Closes the shift with the drawer counted per denomination or as a total;
// the engine answers the Z-report with the difference.
class CloseShiftDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloseShiftDialog)

public:
    // Notes and coins, in cents, largest first.
    static const QList<qint64> kDenominations;

    explicit CloseShiftDialog(TillPlace place, QWidget *parent = nullptr);

    const std::optional<ShiftReport> &zReport() const { return m_report; }
    // Sets the count of one denomination (as the cashier would type it).
    void setCount(qint64 denominationCents, int count);

private:
    void save();
    void updateModes();
    void updateTotal();

    TillPlace m_place;
    std::optional<ShiftReport> m_report;
    QRadioButton *m_perDenomination = nullptr;
    QRadioButton *m_asTotal = nullptr;
    QList<QSpinBox *> m_counts; // as kDenominations
    QLabel *m_countedTotal = nullptr;
    QLineEdit *m_total = nullptr;
    FieldErrorLabels m_errors;
    DialogSaveFlow m_saveFlow;
};

} // namespace shop
