#pragma once

#include "catalog/catalogtypes.h"
#include "core/money.h"
#include "pos/saleline.h"

#include <QAbstractTableModel>
#include <QList>

namespace shop {

// The lines of the sale in progress, in the order first scanned. Quantities
// never exceed the stock seen when the product was scanned.
class SaleLineModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SaleLineModel)

public:
    enum Column { ProductColumn, QuantityColumn, PriceColumn, SubtotalColumn, ColumnCount };

    explicit SaleLineModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Adds one of the product (a new line, or one more on its line); returns
    // the row, or -1 when the stock does not allow another one.
    int addOne(const Product &product);
    // Returns false when the stock does not allow another one.
    bool increment(int row);
    // One fewer; the line goes away at zero.
    void decrement(int row);
    void remove(int row);
    void clear();

    const QList<SaleLine> &lines() const { return m_lines; }
    bool isEmpty() const { return m_lines.isEmpty(); }
    Money total() const;

Q_SIGNALS:
    void totalChanged();

private:
    void lineChanged(int row);

    QList<SaleLine> m_lines;
};

} // namespace shop
