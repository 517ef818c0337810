#include "importpreviewmodel.h"

#include <QBrush>
#include <QColor>

namespace shop {

using catalog::ImportAction;

ImportPreviewModel::ImportPreviewModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ImportPreviewModel::setRows(QList<catalog::ImportRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int ImportPreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ImportPreviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportPreviewModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const catalog::ImportRow &row = m_rows.at(index.row());
    if (role == Qt::ForegroundRole && row.action == ImportAction::Rejected)
        return QBrush(QColor(0xb0, 0x00, 0x20));
    if (role == Qt::TextAlignmentRole && index.column() == LineColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case LineColumn: return row.line;
    case ActionColumn: return catalog::actionName(row.action);
    case SkuColumn: return row.product.sku;
    case NameColumn: return row.product.name;
    case ReasonColumn: return reasonText(row);
    }
    return {};
}

QVariant ImportPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LineColumn: return tr("Line");
    case ActionColumn: return tr("Action");
    case SkuColumn: return tr("SKU");
    case NameColumn: return tr("Name");
    case ReasonColumn: return tr("Why rejected");
    }
    return {};
}

QString ImportPreviewModel::reasonText(const catalog::ImportRow &row)
{
    QStringList parts;
    for (const FieldError &error : row.errors)
        parts.append(error.field + u": " + error.message);
    return parts.join(QStringLiteral("; "));
}

} // namespace shop
