#include "producttablemodel.h"
#include "ui/common/moneyformat.h"

#include "catalog/catalogservice.h"

#include <QColor>
#include <QLocale>

namespace shop {

ProductTableModel::ProductTableModel(CatalogService &catalog, QObject *parent)
    : PagedTableModel(parent)
    , m_catalog(catalog)
{
    m_query.limit = kPageSize;
}

int ProductTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProductTableModel::data(const QModelIndex &index, int role) const
{
    const Product *product = productAt(index.row());
    if (!product)
        return {};
    if (role == Qt::TextAlignmentRole) {
        const bool isNumber = index.column() == PriceColumn || index.column() == StockColumn;
        return QVariant::fromValue(Qt::AlignVCenter | (isNumber ? Qt::AlignRight : Qt::AlignLeft));
    }
    if (role == Qt::ForegroundRole && !product->isActive)
        return QVariant::fromValue(QColor(Qt::gray));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case SkuColumn: return product->sku;
    case NameColumn: return product->name;
    case CategoryColumn: return m_categoryNames.value(product->categoryId, tr("(unknown)"));
    case PriceColumn: return formatMoney(product->price);
    case StockColumn: return QLocale().toString(product->inventoryQuantity);
    case ActiveColumn: return product->isActive ? tr("Yes") : tr("No");
    default: return {};
    }
}

QVariant ProductTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SkuColumn: return tr("SKU");
    case NameColumn: return tr("Name");
    case CategoryColumn: return tr("Category");
    case PriceColumn: return tr("Price");
    case StockColumn: return tr("Stock");
    case ActiveColumn: return tr("Active");
    default: return {};
    }
}

void ProductTableModel::sort(int column, Qt::SortOrder order)
{
    static const QHash<int, ProductOrder> orders{
        {SkuColumn, ProductOrder::Sku},     {NameColumn, ProductOrder::Name},   {CategoryColumn, ProductOrder::Category},
        {PriceColumn, ProductOrder::Price}, {StockColumn, ProductOrder::Stock}, {ActiveColumn, ProductOrder::Active}};
    m_query.order = orders.value(column, ProductOrder::Oldest);
    m_query.isDescending = order == Qt::DescendingOrder;
    reload();
}

void ProductTableModel::setCategory(const std::optional<QUuid> &categoryId)
{
    m_query.categoryId = categoryId;
    reload();
}

void ProductTableModel::setActiveFilter(const std::optional<bool> &isActive)
{
    m_query.isActive = isActive;
    reload();
}

void ProductTableModel::setSearchText(const QString &text)
{
    m_query.search = text.trimmed();
    reload();
}

void ProductTableModel::setCategoryNames(const QHash<QUuid, QString> &names)
{
    m_categoryNames = names;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, CategoryColumn), index(rowCount() - 1, CategoryColumn), {Qt::DisplayRole});
}

std::function<Result<ProductPage>()> ProductTableModel::pageFetch(const Product *after) const
{
    ProductQuery query = m_query;
    if (after)
        query.after = *after;
    CatalogService &catalog = m_catalog;
    return [&catalog, query] { return catalog.products(query); };
}

} // namespace shop
