#include "salelinemodel.h"
#include "ui/common/moneyformat.h"

namespace shop {

SaleLineModel::SaleLineModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int SaleLineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int SaleLineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SaleLineModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_lines.size())
        return {};
    const SaleLine &line = m_lines.at(index.row());
    if (role == Qt::TextAlignmentRole)
        return index.column() == ProductColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                               : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case ProductColumn:
        return tr("%1\n%2").arg(line.name, line.sku);
    case QuantityColumn:
        return line.quantity;
    case PriceColumn:
        return formatMoney(line.unitPrice);
    case SubtotalColumn:
        return formatMoney(line.subtotal());
    default:
        return {};
    }
}

QVariant SaleLineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ProductColumn:
        return tr("Product");
    case QuantityColumn:
        return tr("Qty");
    case PriceColumn:
        return tr("Price");
    case SubtotalColumn:
        return tr("Subtotal");
    default:
        return {};
    }
}

int SaleLineModel::addOne(const Product &product)
{
    for (int row = 0; row < m_lines.size(); ++row) {
        if (m_lines.at(row).productId != product.id)
            continue;
        m_lines[row].inStock = product.inventoryQuantity; // the newest count we have
        return increment(row) ? row : -1;
    }
    if (product.inventoryQuantity < 1)
        return -1;
    const int row = int(m_lines.size());
    beginInsertRows({}, row, row);
    m_lines.append({product.id, product.sku, product.name, product.price, product.inventoryQuantity, 1});
    endInsertRows();
    Q_EMIT totalChanged();
    return row;
}

bool SaleLineModel::increment(int row)
{
    if (row < 0 || row >= m_lines.size())
        return false;
    SaleLine &line = m_lines[row];
    if (line.quantity + 1 > line.inStock)
        return false;
    ++line.quantity;
    lineChanged(row);
    return true;
}

void SaleLineModel::decrement(int row)
{
    if (row < 0 || row >= m_lines.size())
        return;
    if (m_lines.at(row).quantity <= 1) {
        remove(row);
        return;
    }
    --m_lines[row].quantity;
    lineChanged(row);
}

void SaleLineModel::remove(int row)
{
    if (row < 0 || row >= m_lines.size())
        return;
    beginRemoveRows({}, row, row);
    m_lines.removeAt(row);
    endRemoveRows();
    Q_EMIT totalChanged();
}

void SaleLineModel::clear()
{
    beginResetModel();
    m_lines.clear();
    endResetModel();
    Q_EMIT totalChanged();
}

Money SaleLineModel::total() const
{
    Money total;
    for (const SaleLine &line : m_lines)
        total = total + line.subtotal();
    return total;
}

void SaleLineModel::lineChanged(int row)
{
    Q_EMIT dataChanged(index(row, QuantityColumn), index(row, SubtotalColumn));
    Q_EMIT totalChanged();
}

} // namespace shop
